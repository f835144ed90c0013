"""What a /api/v1 route depends on: the database session, the caller, and where the request came from.

    @router.get("/things/{thing_id}", response_model=Thing, responses=responses(401, 404, 422))
    def get_thing(thing_id: Id, user: CurrentUser, session: Db) -> Thing:
        ...  # one service call; refuse with `raise ApiProblem(404, "not_found")`

- `Db`: a session for the request that commits after the route returns and rolls back when it raises
  (an `ApiProblem` included), before the response is sent;
- `CurrentUser` / `CurrentAdmin`: the signed-in user, from `Authorization: Bearer <token>`. The token is an
  access token (a JWT from /api/v1/auth) or, for the pages' own scripts, the web app's session token; a
  visitor gets 401 (`signed_out`, `token_expired`, `token_invalid`, `token_revoked`), a non-admin 403
  (`forbidden`, audited as `admin.denied`), an admin without two-factor sign-in 403
  (`two_factor_enrolment_required`: admins must have it, as on the admin pages);
- `ClientInfo`: the caller's address and user agent, for the services' rate limits and the audit log.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from interview_app import db
from interview_app.api.contract import ApiProblem, Credentials, session_token
from interview_app.api.language import use_caller_language
from interview_app.models import User
from interview_app.services.accounts import accounts, api_tokens, two_factor
from interview_app.services.notifications import mail
from interview_app.services.shared import audit

_CHALLENGE = 'Bearer realm="api"'
_INVALID = 'Bearer realm="api", error="invalid_token"'


async def database() -> AsyncIterator[Session]:
    """A session committed when the route returns and rolled back when it raises.

    An async dependency, so that its end (the commit) needs no thread of the API's pool: a sync one ends in
    that pool (40 threads), and at 50 clients every thread could be a request waiting for SQLite's write lock
    while the request holding it waited for a thread to commit in, until "database is locked" (HTTP 500).
    `db.end_request_session` commits inline or on a pool of its own.
    """
    session = Session(db.get_engine(), expire_on_commit=False)
    try:
        yield session
    except BaseException:
        session.info.pop("after_commit", None)
        await db.end_request_session(session, commit=False)
        raise
    await db.end_request_session(session, commit=True)
    for callback in session.info.pop("after_commit", []):
        callback()


# scope="function": the commit happens before the response is sent, so a 2xx means the change is stored.
Db = Annotated[Session, Depends(database, scope="function")]


def client_info(request: Request) -> accounts.Client:
    """The caller's address and user agent."""
    return accounts.Client(
        ip=request.client.host if request.client else "", user_agent=request.headers.get("user-agent", "")[:300]
    )


ClientInfo = Annotated[accounts.Client, Depends(client_info)]


def is_access_token(token: str) -> bool:
    """True for a JWT (three dot-separated parts); web session tokens never hold a dot."""
    return token.count(".") == 2


def user_of_token(session: Session, token: str) -> tuple[User | None, str, str | None]:
    """The active user behind a bearer token: (user, "", family id) or (None, refusal code, None).

    The token is an access token (a JWT) or a web session token; the code is `signed_out`, `token_invalid`,
    `token_expired` or `token_revoked`. The recording endpoints (api/media.py) resolve their caller with it too.
    """
    if not token:
        return None, "signed_out", None
    if not is_access_token(token):
        user = accounts.resolve_session(session, token)
        return (user, "", None) if user is not None else (None, "signed_out", None)
    try:
        claims = api_tokens.verify_access(token)
    except api_tokens.TokenError as exc:
        return None, exc.code, None
    user = api_tokens.user_for_access(session, claims)
    if user is None:
        return None, "token_revoked", None
    return user, "", claims.family_id


def current_user(request: Request, credentials: Credentials, session: Db) -> User:
    """The active user behind the request's bearer token (access token or web session), else 401.

    For an access token, `request.state.token_family` is its refresh family's id (None for a web session).
    """
    token = session_token(credentials)
    request.state.token_family = None
    user, code, family = user_of_token(session, token)
    if user is None:
        raise ApiProblem(401, code, headers={"WWW-Authenticate": _INVALID if token else _CHALLENGE})
    request.state.token_family = family
    use_caller_language(mail.recipient_language(session, user.id))
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def current_admin(request: Request, user: CurrentUser, session: Db) -> User:
    """The signed-in user when an admin with two-factor sign-in on; anyone else gets 403 (audited).

    An admin without two-factor sign-in gets 403 `two_factor_enrolment_required`, as the admin pages send
    them to enrol first.
    """
    if user.role != "admin":
        audit.record(session, "admin.denied", actor_user_id=user.id, path=request.url.path[:200], channel="api")
        session.commit()  # the refusal rolls the request's session back; the audit event stays
        raise ApiProblem(403, "forbidden")
    if two_factor.needs_enrolment(session, user):
        raise ApiProblem(403, "two_factor_enrolment_required")
    return user


CurrentAdmin = Annotated[User, Depends(current_admin)]
