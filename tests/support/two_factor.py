"""Two-factor sign-in for tests: enrol an account by the service, and the codes its authenticator app shows."""

from __future__ import annotations

from datetime import datetime, timedelta

from pyotp.totp import TOTP
from sqlalchemy import delete
from sqlmodel import Session, col

from interview_app.clock import utcnow
from interview_app.models import OutboxMessage, User
from interview_app.services.accounts import two_factor


def code(secret: str, at: datetime | None = None, *, steps: int = 0) -> str:
    """The 6-digit code the app shows at `at` (now), `steps` 30-second steps later or earlier."""
    return TOTP(secret).at((at or utcnow()) + timedelta(seconds=30 * steps))


def fresh_code(secret: str) -> str:
    """A code of the next step: accepted now (the drift window) even when the current step's code was used."""
    return code(secret, steps=1)


def enrol(session: Session, user: User) -> tuple[str, list[str]]:
    """Turn two-factor sign-in on for `user` as the settings page does (committed).

    It stands for a set-up done long before the test: the e-mail telling the owner is not kept, so a test
    that reads the outbox sees only the mail of what it does.

    Returns:
        The authenticator key and the 10 recovery codes.

    """
    secret, codes = turn_on(session, user)
    session.commit()
    return secret, codes


def turn_on(session: Session, user: User) -> tuple[str, list[str]]:
    """`enrol` without the commit (the caller commits with the rest of its set-up)."""
    enrolment = two_factor.begin_enrolment(session, user)
    codes = two_factor.confirm_enrolment(session, user, code(enrolment.secret, steps=-1))
    session.exec(delete(OutboxMessage).where(col(OutboxMessage.kind) == "two_factor"))  # type: ignore[call-overload]
    return enrolment.secret, codes
