"""API tokens for tests: a signed-in API client of a user, as `POST /api/v1/auth/sign-in` would make it."""

from __future__ import annotations

from sqlmodel import Session

from interview_app.models import User
from interview_app.services.accounts import accounts, api_tokens

CLIENT = accounts.Client(ip="203.0.113.20", user_agent="pytest-api/1.0")


def sign_in(session: Session, user: User) -> api_tokens.TokenPair:
    """A new refresh family for `user` with its first access and refresh tokens (committed)."""
    pair = accounts.start_api_session(session, user, CLIENT, via="password")
    session.commit()
    return pair


def bearer(session: Session, user: User) -> dict[str, str]:
    """The `Authorization` header of a freshly signed-in API client of `user`."""
    return {"Authorization": f"Bearer {sign_in(session, user).access_token}"}
