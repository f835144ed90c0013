"""/api/v1/auth: register, verify, sign in (and its code and two-factor steps), refresh, sign out, passwords.

Every route calls the account services the pages use (`accounts`), with their rate limits,
back-off and audit events; tokens come from `api_tokens` (docs/api.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from interview_app import routes
from interview_app.api.contract import ApiProblem, responses, session_token
from interview_app.api.language import error_text, t
from interview_app.api.v1.deps import ClientInfo, Credentials, CurrentUser, Db, is_access_token
from interview_app.models import ApiTokenFamily, User
from interview_app.services.accounts import accounts, api_tokens, sign_in_protection, two_factor
from interview_app.services.accounts.accounts import AccountError
from interview_app.services.shared import audit

router = APIRouter(prefix=f"{routes.API_PREFIX}/auth", tags=["auth"])

# Text fields refuse NUL characters (PostgreSQL cannot store them) as malformed, like the schema's limits.
TEXT = r"^[^\x00]*$"
Email = Field(min_length=1, max_length=320, pattern=TEXT, examples=["ada@example.com"])
Password = Field(min_length=1, max_length=1024, pattern=TEXT, examples=["my long passphrase 42"])
Token = Field(min_length=1, max_length=512, pattern=TEXT)
Optional = Field(default="", max_length=100, pattern=TEXT)

# The HTTP status of each account error a route can meet (the rest are 422: refused on their content).
_STATUS = {
    "bad_credentials": 401,
    "password_required": 422,
    "account_inactive": 403,
    "token_invalid": 400,
    "signin_code_wrong": 401,
    "signin_code_expired": 400,
    "two_factor_code_wrong": 401,
    "two_factor_challenge_expired": 400,
    "two_factor_code_required": 422,
    "current_password_wrong": 401,
}


def _refused(exc: AccountError) -> ApiProblem:
    """An account error as the API's refusal; the field it concerns goes in `details.fields`."""
    details = {"fields": [f"body.{exc.field}"]} if exc.field else {}
    return ApiProblem(_STATUS.get(exc.code, 422), exc.code, error_text(exc.code), details=details)


# ---------------------------------------------------------------- models


class UserSummary(BaseModel):
    """Who signed in."""

    id: int
    email: str
    name: str
    role: Literal["candidate", "admin"]
    email_verified: bool
    two_factor: bool = Field(description="Whether the account has two-factor sign-in on.")


class Tokens(BaseModel):
    """A signed-in client's tokens: send `access_token` as a bearer token; keep `refresh_token` secret."""

    access_token: str
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: int = Field(description="Seconds the access token is valid.")
    refresh_token: str = Field(description="Works once, at /auth/refresh; the answer holds the next one.")
    refresh_expires_in: int = Field(description="Seconds the refresh token is valid unused.")
    user: UserSummary
    device: str | None = Field(
        default=None, description="Send it as `device` at the next sign-in: this client is then a known device."
    )
    two_factor_device: str | None = Field(
        default=None,
        description="Only after `remember_device`: send it as `two_factor_device` to skip the code for 30 days.",
    )

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "access_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6ImF0K2p3dCIsImtpZCI6InNrLTFhMmIzYzRkNWU2ZiJ9.eyJ...",
                "token_type": "Bearer",
                "expires_in": 900,
                "refresh_token": "icr_Jx0m8Q2f1wH9yC3kVb7nT4pL6rS5aZ0dE2gU8iO1qW3",
                "refresh_expires_in": 2592000,
                "user": {
                    "id": 42,
                    "email": "ada@example.com",
                    "name": "Ada Lovelace",
                    "role": "candidate",
                    "email_verified": True,
                    "two_factor": False,
                },
                "device": "dev_4f9a2c",
                "two_factor_device": None,
            }
        }
    )


class Challenge(BaseModel):
    """The sign-in needs another step: `email_code` or `two_factor`.

    `email_code`: a code e-mailed to the owner while the account's back-off runs (POST /auth/sign-in/code);
    `two_factor`: the authenticator app's code or a recovery code (POST /auth/2fa).
    """

    next_step: Literal["email_code", "two_factor"]
    challenge: str = Field(description="Send it back with the code.")
    expires_in: int = Field(description="Seconds the challenge is valid.")
    retry_after: int | None = Field(default=None, description="email_code: seconds until a password alone works.")

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "next_step": "two_factor",
                "challenge": "pQ0r6bWl3o2yFZ1gk9b3xM8aQ4tYv7nE5sR2cJ0hU1i",
                "expires_in": 300,
                "retry_after": None,
            }
        }
    )


class RegisterBody(BaseModel):
    """A new account."""

    name: str = Field(min_length=1, max_length=120, pattern=TEXT, examples=["Ada Lovelace"])
    email: str = Email
    password: str = Password

    model_config = ConfigDict(
        strict=True,
        json_schema_extra={
            "example": {"name": "Ada Lovelace", "email": "ada@example.com", "password": "my long passphrase 42"}
        },
    )


class Accepted(BaseModel):
    """Done, or an e-mail is on its way (the same answer whether or not the address has an account)."""

    email: str
    message: str

    model_config = ConfigDict(
        json_schema_extra={
            "example": {"email": "ada@example.com", "message": "Check your inbox for a link to confirm the address."}
        }
    )


class TokenBody(BaseModel):
    """The token from an e-mailed link (its `token=` parameter)."""

    token: str = Token

    model_config = ConfigDict(strict=True, json_schema_extra={"example": {"token": "Vx1c2...from-the-link"}})


class Verified(BaseModel):
    """The address is confirmed."""

    email: str
    email_verified: Literal[True] = True

    model_config = ConfigDict(json_schema_extra={"example": {"email": "ada@example.com", "email_verified": True}})


class SignInBody(BaseModel):
    """E-mail and password; `device` and `two_factor_device` are what earlier sign-ins of this client returned."""

    email: str = Email
    password: str = Password
    device: str = Optional
    two_factor_device: str = Optional

    model_config = ConfigDict(
        strict=True, json_schema_extra={"example": {"email": "ada@example.com", "password": "my long passphrase 42"}}
    )


class CodeBody(BaseModel):
    """The challenge of a 202 `email_code` answer and the code from the e-mail."""

    challenge: str = Token
    code: str = Field(min_length=1, max_length=20, pattern=TEXT, examples=["482913"])
    device: str = Optional
    two_factor_device: str = Optional

    model_config = ConfigDict(strict=True, json_schema_extra={"example": {"challenge": "pQ0r6b...", "code": "482913"}})


class SecondStepBody(BaseModel):
    """The challenge of a 202 `two_factor` answer and a code from the authenticator app, or a recovery code."""

    challenge: str = Token
    code: str = Field(default="", max_length=20, pattern=TEXT, examples=["123456"])
    recovery_code: str = Field(default="", max_length=40, pattern=TEXT)
    remember_device: bool = False
    two_factor_device: str = Optional
    device: str = Optional

    model_config = ConfigDict(
        strict=True,
        json_schema_extra={"example": {"challenge": "pQ0r6b...", "code": "123456", "remember_device": True}},
    )


class RefreshBody(BaseModel):
    """The newest refresh token this client holds."""

    refresh_token: str = Token

    model_config = ConfigDict(
        strict=True, json_schema_extra={"example": {"refresh_token": "icr_Jx0m8Q2f1wH9yC3kVb7nT4pL6rS5aZ0"}}
    )


class SignOutBody(BaseModel):
    """The client's refresh token (optional when the request carries this client's access token)."""

    refresh_token: str = Field(default="", max_length=512, pattern=TEXT)

    model_config = ConfigDict(
        strict=True, json_schema_extra={"example": {"refresh_token": "icr_Jx0m8Q2f1wH9yC3kVb7nT4pL6rS5aZ0"}}
    )


class SignedOutEverywhere(BaseModel):
    """How many web sessions and API sign-ins ended."""

    revoked: int

    model_config = ConfigDict(json_schema_extra={"example": {"revoked": 3}})


class ResetRequestBody(BaseModel):
    """The address to send a reset link to."""

    email: str = Email

    model_config = ConfigDict(strict=True, json_schema_extra={"example": {"email": "ada@example.com"}})


class ResetConfirmBody(BaseModel):
    """The token of the reset link and the new password."""

    token: str = Token
    new_password: str = Password

    model_config = ConfigDict(
        strict=True,
        json_schema_extra={"example": {"token": "Vx1c2...from-the-link", "new_password": "a new long passphrase 7"}},
    )


class PasswordBody(BaseModel):
    """The current password and the new one."""

    current_password: str = Password
    new_password: str = Password

    model_config = ConfigDict(
        strict=True,
        json_schema_extra={
            "example": {"current_password": "my long passphrase 42", "new_password": "a new long passphrase 7"}
        },
    )


# ---------------------------------------------------------------- answers


def _summary(session: Db, user: User) -> UserSummary:
    assert user.id is not None
    return UserSummary(
        id=user.id,
        email=user.email,
        name=user.name,
        role="admin" if user.role == "admin" else "candidate",
        email_verified=user.email_verified_at is not None,
        two_factor=two_factor.is_enabled(session, user),
    )


def _tokens(
    session: Db, user: User, pair: api_tokens.TokenPair, *, device: str | None = None, remembered: str | None = None
) -> Tokens:
    return Tokens(
        access_token=pair.access_token,
        expires_in=pair.expires_in,
        refresh_token=pair.refresh_token,
        refresh_expires_in=pair.refresh_expires_in,
        user=_summary(session, user),
        device=device,
        two_factor_device=remembered,
    )


Step = Literal["email_code", "two_factor"]


def _challenge(next_step: Step, challenge: str, retry_after: int | None = None) -> Response:
    minutes = two_factor.CHALLENGE_MINUTES if next_step == "two_factor" else sign_in_protection.CODE_MINUTES
    body = Challenge(next_step=next_step, challenge=challenge, expires_in=minutes * 60, retry_after=retry_after)
    return JSONResponse(body.model_dump(), status_code=202, headers={"Cache-Control": "no-store"})


def _signed_in(session: Db, user: User, pair: api_tokens.TokenPair, device: str, remembered: str | None) -> Response:
    known = accounts.remember_device(session, user, device)
    session.commit()  # in this thread, as soon as the writes are done (see `refresh`)
    body = _tokens(session, user, pair, device=known, remembered=remembered)
    return JSONResponse(body.model_dump(), headers={"Cache-Control": "no-store"})


_SIGN_IN_ANSWERS = {
    200: {"model": Tokens, "description": "Signed in: the tokens."},
    202: {"model": Challenge, "description": "Another step: the e-mailed code (`email_code`) or two-factor."},
}


# ---------------------------------------------------------------- routes


@router.post(
    "/register",
    status_code=202,
    response_model=Accepted,
    responses=responses(422, 429, s422="A field breaks a rule (`email_invalid`, `too_short`...; see `details`)."),
)
def register(body: RegisterBody, session: Db, client: ClientInfo) -> Accepted:
    """Create an account and e-mail a confirmation link; the same answer when the address has an account."""
    try:
        email = accounts.register(session, name=body.name, email=body.email, password=body.password, client=client)
    except AccountError as exc:
        raise _refused(exc) from None
    return Accepted(email=email, message=t("api.auth.registered"))


@router.post(
    "/verify-email",
    response_model=Verified,
    responses=responses(400, 422, s400="The link's token is invalid, used or expired (`token_invalid`)."),
)
def verify_email(body: TokenBody, session: Db) -> Verified:
    """Confirm the e-mail address with the token of the link sent at registration."""
    try:
        user = accounts.verify_email(session, body.token)
    except AccountError as exc:
        raise _refused(exc) from None
    return Verified(email=user.email)


@router.post("/resend-verification", status_code=202, response_model=Accepted, responses=responses(401, 429))
def resend_verification(user: CurrentUser, session: Db) -> Accepted:
    """Send a new confirmation link to the signed-in user's address (nothing when it is confirmed already)."""
    accounts.resend_verification(session, user)
    return Accepted(email=user.email, message=t("api.auth.verification_sent"))


@router.post(
    "/sign-in",
    response_model=Tokens,
    responses={
        **_SIGN_IN_ANSWERS,
        **responses(
            401,
            403,
            422,
            429,
            s401="Wrong e-mail or password (`bad_credentials`, the same for an unknown address).",
            s403="The account is deactivated (`account_inactive`).",
        ),
    },
)
def sign_in(body: SignInBody, session: Db, client: ClientInfo) -> Response:
    """Sign in with e-mail and password: the tokens (200), or the next step (202)."""
    return _sign_in_step(
        session,
        body.device,
        lambda: accounts.api_sign_in(
            session,
            email=body.email,
            password=body.password,
            client=client,
            device=body.device,
            remembered=body.two_factor_device,
        ),
    )


def _sign_in_step(session: Db, device: str, step: Callable[[], tuple[User, api_tokens.TokenPair]]) -> Response:
    """Run a sign-in step of the account service: the tokens, the next step (202), or the refusal."""
    try:
        user, pair = step()
    except accounts.CodeRequired as exc:
        return _challenge("email_code", exc.challenge, exc.retry_after)
    except accounts.TwoFactorRequired as exc:
        return _challenge("two_factor", exc.challenge)
    except AccountError as exc:
        raise _refused(exc) from None
    return _signed_in(session, user, pair, device, None)


@router.post(
    "/sign-in/code",
    response_model=Tokens,
    responses={
        **_SIGN_IN_ANSWERS,
        **responses(
            400,
            401,
            422,
            429,
            s400="The challenge is used, expired or tried too often (`signin_code_expired`): sign in again.",
            s401="The code is wrong (`signin_code_wrong`); try again with the same challenge.",
        ),
    },
)
def sign_in_with_code(body: CodeBody, session: Db, client: ClientInfo) -> Response:
    """Finish a sign-in with the code e-mailed during the account's back-off: the tokens, or two-factor (202)."""
    return _sign_in_step(
        session,
        body.device,
        lambda: accounts.api_sign_in_with_code(
            session, challenge=body.challenge, code=body.code, client=client, remembered=body.two_factor_device
        ),
    )


@router.post(
    "/2fa",
    response_model=Tokens,
    responses=responses(
        400,
        401,
        422,
        429,
        s400="The challenge is used or expired (`two_factor_challenge_expired`): sign in again.",
        s401="The code is wrong (`two_factor_code_wrong`); try again with the same challenge.",
        s422="Neither `code` nor `recovery_code` given (`two_factor_code_required`), or a malformed body.",
    ),
)
def second_step(body: SecondStepBody, session: Db, client: ClientInfo) -> Response:
    """Finish a two-factor sign-in with a code from the authenticator app or a recovery code."""
    try:
        user, pair, remembered = accounts.api_sign_in_second_step(
            session,
            challenge=body.challenge,
            code=body.code,
            recovery_code=body.recovery_code,
            remember_device=body.remember_device,
            remembered=body.two_factor_device,
            client=client,
        )
    except AccountError as exc:
        raise _refused(exc) from None
    return _signed_in(session, user, pair, body.device, remembered)


@router.post(
    "/refresh",
    response_model=Tokens,
    responses=responses(
        401,
        422,
        s401=(
            "The refresh token is unknown, expired or revoked (`refresh_invalid`), or was used before "
            "(`refresh_reused`: the whole sign-in is revoked). Sign in again."
        ),
    ),
)
def refresh(body: RefreshBody, session: Db, client: ClientInfo) -> Response:
    """Trade the refresh token for a new access token and the next refresh token (the old one stops working)."""
    try:
        pair = api_tokens.refresh(session, body.refresh_token, ip=client.ip)
    except api_tokens.TokenError as exc:
        raise ApiProblem(401, exc.code, headers={"WWW-Authenticate": 'Bearer error="invalid_token"'}) from None
    # Committed here, in this thread, the moment the writes are done: the request's own end would commit on the
    # event loop after the answer is built, and on SQLite every other writer waits for that (the writer's turn).
    session.commit()
    user = session.get(User, api_tokens.verify_access(pair.access_token).user_id)
    assert user is not None
    return JSONResponse(_tokens(session, user, pair).model_dump(), headers={"Cache-Control": "no-store"})


@router.post(
    "/sign-out",
    status_code=204,
    response_class=Response,
    responses=responses(
        401, 422, s401="Neither a refresh token nor a valid token of this client identifies what to sign out."
    ),
)
def sign_out(request: Request, body: SignOutBody, credentials: Credentials, session: Db) -> Response:
    """End this client's sign-in: its refresh token and access tokens stop working (a web session token ends too)."""
    family = api_tokens.family_of(session, body.refresh_token) if body.refresh_token else None
    token = session_token(credentials)
    if family is None and token and is_access_token(token):
        try:
            claims = api_tokens.verify_access(token)
        except api_tokens.TokenError:
            claims = None
        family = session.get(ApiTokenFamily, claims.family_id) if claims else None
        if family is not None and family.user_id != claims.user_id:  # type: ignore[union-attr]
            family = None
    if family is not None:
        if api_tokens.revoke_family(session, family.id, "signed_out"):
            audit.record(
                session, "signout", actor_user_id=family.user_id, subject_user_id=family.user_id, channel="api"
            )
        return Response(status_code=204)
    if token and not is_access_token(token) and accounts.resolve_session(session, token) is not None:
        accounts.sign_out(session, token)
        return Response(status_code=204)
    raise ApiProblem(401, "signed_out", headers={"WWW-Authenticate": 'Bearer realm="api"'})


@router.post("/sign-out-everywhere", response_model=SignedOutEverywhere, responses=responses(401))
def sign_out_everywhere(user: CurrentUser, session: Db, client: ClientInfo) -> SignedOutEverywhere:
    """End every sign-in of the account: every web session and every API client, this one included."""
    return SignedOutEverywhere(revoked=accounts.sign_out_everywhere(session, user, client))


@router.post(
    "/password-reset",
    status_code=202,
    response_model=Accepted,
    responses=responses(422, 429, s422="The address is malformed (`email_invalid`)."),
)
def request_password_reset(body: ResetRequestBody, session: Db, client: ClientInfo) -> Accepted:
    """E-mail a reset link when the address has an account; the same answer either way."""
    try:
        email = accounts.request_password_reset(session, email=body.email, client=client)
    except AccountError as exc:
        raise _refused(exc) from None
    return Accepted(email=email, message=t("api.auth.reset_sent"))


@router.post(
    "/password-reset/confirm",
    response_model=UserSummary,
    responses=responses(
        400,
        422,
        s400="The link's token is invalid, used or expired (`token_invalid`).",
        s422="The new password breaks a rule (see `details`); the token stays usable.",
    ),
)
def confirm_password_reset(body: ResetConfirmBody, session: Db, client: ClientInfo) -> UserSummary:
    """Set a new password with the reset link's token; every web session and API sign-in of the account ends."""
    try:
        user = accounts.reset_password(session, token=body.token, new_password=body.new_password, client=client)
    except AccountError as exc:
        raise _refused(exc) from None
    return _summary(session, user)


@router.post(
    "/password",
    response_model=Tokens,
    responses=responses(
        401,
        422,
        429,
        s401="No valid token, or the current password is wrong (`current_password_wrong`).",
        s422="The new password breaks a rule (see `details`).",
    ),
)
def change_password(body: PasswordBody, user: CurrentUser, session: Db, client: ClientInfo) -> Response:
    """Change the password: every sign-in of the account ends, and this client gets new tokens."""
    try:
        accounts.set_new_password(
            session, user=user, current=body.current_password, new_password=body.new_password, client=client
        )
    except AccountError as exc:
        raise _refused(exc) from None
    pair = accounts.start_api_session(session, user, client, via="password_change")
    return JSONResponse(_tokens(session, user, pair).model_dump(), headers={"Cache-Control": "no-store"})
