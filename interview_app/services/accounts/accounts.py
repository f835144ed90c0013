"""Accounts: registration, e-mail verification, sign-in, sessions and password changes.

Rules this module keeps (see docs/security.md):
- passwords are argon2id hashes, re-hashed on sign-in when parameters change;
- a session is a random 256-bit token; only its SHA-256 is stored, with expiry;
  every sign-in makes a new one; password change, reset and "sign out everywhere"
  revoke them all;
- register, sign-in and reset answer the same way whether or not the e-mail has an
  account (the difference only shows in the e-mail that is sent);
- sign-in is rate-limited per IP and per e-mail with back-off, resets per e-mail; while the
  back-off runs the owner still gets in from a known device or with an e-mailed code
  (`sign_in_protection`);
- with two-factor sign-in on, every way in (password, e-mailed code, OAuth) ends in the second step
  (`TwoFactorRequired`, then `sign_in_second_step`) unless the browser is a remembered device (`two_factor`).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import Table, bindparam, delete, or_, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, select

from interview_app import routes
from interview_app.clock import utcnow
from interview_app.i18n import normalise, t
from interview_app.models import ApiTokenFamily, AuthSession, AuthToken, OAuthAccount, Profile, User
from interview_app.services.accounts import api_tokens, passwords, sign_in_protection, two_factor
from interview_app.services.accounts.passwords import WeakPasswordError
from interview_app.services.notifications import mail
from interview_app.services.shared import audit, rate_limit
from interview_app.settings import get_settings

ROLES = ("candidate", "admin")
TOUCH_EVERY = timedelta(minutes=1)


class AccountError(ValueError):
    """A problem the user can fix; `code` is an error code: `error_text(code, lang)` (interview_app/i18n) words it."""

    def __init__(self, code: str, field: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.field = field


@dataclass(frozen=True)
class Client:
    """Where a request came from, for rate limits and the audit log, and the language it is in."""

    ip: str = ""
    user_agent: str = ""
    # The page's language (a visitor's choice or Accept-Language): a new account's profile starts with it.
    language: str = "en"


def new_token() -> str:
    """A random URL-safe token with 256 bits of entropy."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """The SHA-256 hex digest stored in place of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


def normalize_email(raw: str) -> str:
    """Validate an e-mail address and return it in canonical lower-case form."""
    try:
        info = validate_email((raw or "").strip(), check_deliverability=False, test_environment=True)
    except EmailNotValidError as exc:
        raise AccountError("email_invalid", "email") from exc
    return info.normalized.lower()


def clean_name(raw: str) -> str:
    """A display name: trimmed, single-spaced, 1-120 characters."""
    name = " ".join((raw or "").split())
    if not name or len(name) > 120:
        raise AccountError("name_required", "name")
    return name


def check_new_password(password: str, *, email: str = "", name: str = "") -> None:
    """Raise AccountError (field `password`) when the password breaks the policy."""
    try:
        passwords.check_policy(password, email=email, name=name)
    except WeakPasswordError as exc:
        raise AccountError(exc.code, "password") from exc


def find_user(session: Session, email: str) -> User | None:
    """The user with this (normalised) e-mail, if any."""
    return session.exec(select(User).where(User.email == email)).first()


def _issue_token(session: Session, user: User, purpose: str, ttl: timedelta, new_email: str | None = None) -> str:
    assert user.id is not None
    token = new_token()
    session.add(
        AuthToken(
            user_id=user.id,
            purpose=purpose,
            token_hash=hash_token(token),
            new_email=new_email,
            expires_at=utcnow() + ttl,
        )
    )
    return token


def _usable_token(session: Session, token: str, purpose: str) -> AuthToken:
    row = session.exec(select(AuthToken).where(AuthToken.token_hash == hash_token(token or ""))).first()
    if row is None or row.purpose != purpose or row.used_at is not None or row.expires_at <= utcnow():
        raise AccountError("token_invalid")
    return row


def _consume_token(session: Session, token: str, purpose: str) -> AuthToken:
    """Mark a token used; a conditional UPDATE makes two simultaneous uses impossible."""
    row = _usable_token(session, token, purpose)
    now = utcnow()
    result = session.exec(  # type: ignore[call-overload]
        update(AuthToken).where(AuthToken.id == row.id, AuthToken.used_at.is_(None)).values(used_at=now)  # type: ignore[union-attr]
    )
    if result.rowcount != 1:
        raise AccountError("token_invalid")
    row.used_at = now
    return row


def _limit(session: Session, key: str, limit: int, window: timedelta) -> None:
    """Count one attempt under `key`, refusing it when `limit` were made within `window`."""
    rate_limit.check_window(session, key, limit=limit, window=window)
    rate_limit.hit(session, key)


def _link(path: str, token: str) -> str:
    return routes.with_token(path, token, get_settings().public_url)


def register(session: Session, *, name: str, email: str, password: str, client: Client) -> str:
    """Create an account and send the verification e-mail.

    For an e-mail that already has an account nothing is created; its owner gets an
    e-mail saying so. The caller shows the same answer either way.

    Args:
        session: Open database session.
        name: Display name as typed.
        email: E-mail as typed.
        password: Chosen password.
        client: Request origin; its language becomes the new profile's (and the e-mail's).

    Returns:
        The normalised e-mail, for the confirmation message.

    Raises:
        AccountError: For input that breaks a rule (the same for known and unknown e-mails).

    """
    name = clean_name(name)
    email = normalize_email(email)
    check_new_password(password, email=email, name=name)
    settings = get_settings()
    _limit(session, f"register-ip:{client.ip}", settings.register_ip_limit, timedelta(hours=1))
    _limit(session, f"register-email:{email}", 3, timedelta(hours=1))
    password_hash = passwords.new_hash(session, password)
    existing = find_user(session, email)
    if existing is not None:
        lang = mail.recipient_language(session, existing.id)
        mail.queue(
            session,
            to=email,
            subject=t("mail.exists_subject", lang),
            body=t(
                "mail.exists_body",
                lang,
                name=existing.name,
                signin=settings.public_url + routes.SIGN_IN,
                reset=settings.public_url + routes.FORGOT_PASSWORD,
            ),
            kind="register_existing",
        )
        audit.record(session, "account.register_existing", subject_user_id=existing.id, email=email, ip=client.ip)
        return email
    user = User(email=email, name=name, password_hash=password_hash, password_changed_at=utcnow())
    session.add(user)
    session.flush()
    assert user.id is not None
    session.add(Profile(user_id=user.id, language=normalise(client.language)))
    session.flush()
    _send_verification(session, user)
    audit.record(session, "account.registered", actor_user_id=user.id, subject_user_id=user.id, ip=client.ip)
    return email


def _send_verification(session: Session, user: User) -> None:
    hours = get_settings().verify_token_ttl_hours
    token = _issue_token(session, user, "verify_email", timedelta(hours=hours))
    lang = mail.recipient_language(session, user.id)
    mail.queue(
        session,
        to=user.email,
        subject=t("mail.verify_subject", lang),
        body=t("mail.verify_body", lang, name=user.name, link=_link(routes.VERIFY_EMAIL, token), hours=hours),
        kind="verify_email",
    )


def resend_verification(session: Session, user: User) -> None:
    """Send a fresh verification link to a signed-in user whose e-mail is unverified."""
    if user.email_verified_at is None:
        _limit(session, f"verify-resend:{user.id}", 3, timedelta(hours=1))
        _send_verification(session, user)


def verify_email(session: Session, token: str) -> User:
    """Mark the e-mail of the token's user as verified (single use)."""
    row = _consume_token(session, token, "verify_email")
    user = session.get(User, row.user_id)
    if user is None:
        raise AccountError("token_invalid")
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        session.add(user)
        audit.record(session, "account.email_verified", actor_user_id=user.id, subject_user_id=user.id)
    return user


def verify_email_and_sign_in(
    session: Session, token: str, *, current_token: str | None, client: Client
) -> tuple[User, str | None]:
    """Confirm the e-mail from its link and sign this browser in as the link's owner.

    The link is single-use (`verify_email` consumes it with a conditional update), so only the first
    opening signs in; a used, expired or unknown link raises and signs nobody in. Whatever session this
    browser had (another account's, or the same user's) is revoked and a new token issued, so a token that
    existed before the link was opened never becomes the verified user's session. A deactivated account,
    and one with two-factor sign-in (a link is no second factor), is confirmed but not signed in.

    Returns:
        The user, and the new session token (None for a deactivated or two-factor account).

    Raises:
        AccountError: `token_invalid`.

    """
    user = verify_email(session, token)
    if not user.is_active or two_factor.is_enabled(session, user):  # a link is no second factor
        return user, None
    sign_out(session, current_token)
    new = create_session(session, user, client)
    audit.record(
        session, "signin.success", actor_user_id=user.id, subject_user_id=user.id, ip=client.ip, via="email_link"
    )
    return user, new


def create_session(session: Session, user: User, client: Client) -> str:
    """Start a new server-side session for `user`; returns the token for the browser."""
    assert user.id is not None
    token = new_token()
    now = utcnow()
    session.add(
        AuthSession(
            user_id=user.id,
            token_hash=hash_token(token),
            expires_at=now + timedelta(hours=get_settings().session_ttl_hours),
            last_used_at=now,
            user_agent=client.user_agent[:300],
            ip=client.ip[:64],
        )
    )
    user.last_seen_at = now
    session.add(user)
    return token


def sign_in(
    session: Session, *, email: str, password: str, client: Client, device: str = "", remembered: str = ""
) -> tuple[User, str]:
    """Check the credentials (`authenticate`) and start a web session.

    `remembered` is the token a browser keeps when the user chose to skip two-factor codes on it.

    Returns:
        The user and the new session token.

    Raises:
        AccountError: `bad_credentials` (same for unknown e-mails), `account_inactive`, `CodeRequired`, or
            `TwoFactorRequired` (the password was right; the code from the app comes next).
        RateLimited: While this IP must wait.

    """
    user, via = authenticate(session, email=email, password=password, client=client, device=device)
    _require_second_factor(session, user, client, remembered)
    return user, _start_session(session, user, client, via=via)


class TwoFactorRequired(AccountError):
    """The first step succeeded and the account has two-factor sign-in: `challenge` goes back with the code."""

    def __init__(self, challenge: str) -> None:
        super().__init__("two_factor_required")
        self.challenge = challenge


def _require_second_factor(session: Session, user: User, client: Client, remembered: str) -> None:
    """Raise TwoFactorRequired (keeping what the first step stored) unless no second step is needed."""
    if not two_factor.is_enabled(session, user) or two_factor.device_remembered(session, user, remembered):
        return
    challenge = two_factor.start_challenge(session, user, ip=client.ip)
    session.commit()  # the challenge (and a cleared back-off) must stay although the caller's transaction fails
    raise TwoFactorRequired(challenge)


def sign_in_second_step(
    session: Session,
    *,
    challenge: str,
    code: str = "",
    recovery_code: str = "",
    remember_device: bool = False,
    remembered: str = "",
    client: Client,
) -> tuple[User, str, str | None]:
    """Finish a sign-in with a code from the authenticator app or a recovery code, and start a web session.

    Returns:
        The user, the new session token, and the remembered-device token to keep (when `remember_device`).

    Raises:
        AccountError: `two_factor_code_wrong`, `two_factor_challenge_expired`, `two_factor_code_required`.
        RateLimited: While this IP or this account must wait.

    """
    done = _second_step(
        session,
        challenge=challenge,
        code=code,
        recovery_code=recovery_code,
        remember_device=remember_device,
        remembered=remembered,
        client=client,
    )
    return done.user, _start_session(session, done.user, client, via=done.method), done.device_token


def _second_step(
    session: Session,
    *,
    challenge: str,
    code: str,
    recovery_code: str,
    remember_device: bool,
    remembered: str,
    client: Client,
) -> two_factor.Completed:
    """The second step's checks (this IP's sign-in limit, then the code), for the web and the API alike."""
    settings = get_settings()
    ip_key = f"signin-ip:{client.ip}"
    window = timedelta(minutes=settings.signin_ip_window_minutes)
    rate_limit.check_window(session, ip_key, limit=settings.signin_ip_limit, window=window)
    try:
        done = two_factor.complete_challenge(
            session,
            challenge,
            code=code,
            recovery_code=recovery_code,
            remember_device=remember_device,
            device_token=remembered,
            label=two_factor.device_label(client.user_agent),
            ip=client.ip,
        )
    except two_factor.TwoFactorError as exc:
        rate_limit.hit(session, ip_key)
        session.commit()
        raise AccountError(exc.code, exc.field) from exc
    return done


def authenticate(session: Session, *, email: str, password: str, client: Client, device: str = "") -> tuple[User, str]:
    """Check the credentials of a sign-in, with every rate limit and back-off, without starting a session.

    While the account's back-off runs (repeated failures from anywhere), the right password still signs
    in from a known device (`device`, the id the browser keeps); any other browser gets the code step
    (`CodeRequired`), the same for a wrong password and an unknown e-mail. See `sign_in_protection`.
    The web (`sign_in`) and the API start their own kind of session for the user this returns.

    Returns:
        The user and how they got in (`password` or `known_device`).

    Raises:
        AccountError: `bad_credentials` (same for unknown e-mails), `account_inactive`, or `CodeRequired`.
        RateLimited: While this IP must wait.

    """
    settings = get_settings()
    try:
        email = normalize_email(email)
    except AccountError:
        raise AccountError("bad_credentials", "email") from None
    if not password:
        raise AccountError("password_required", "password")
    window = timedelta(minutes=settings.signin_ip_window_minutes)
    ip_key, account_key = f"signin-ip:{client.ip}", f"signin-account:{email}"
    rate_limit.check_window(session, ip_key, limit=settings.signin_ip_limit, window=window)
    user = find_user(session, email)
    try:
        _check_password_backoff(session, account_key)
    except rate_limit.RateLimited as locked:
        return _sign_in_during_backoff(session, user, email, password, client, device, locked.retry_after)
    if not passwords.check(session, user.password_hash if user else None, password) or user is None:
        _count_failure(session, user, email, client)
        raise AccountError("bad_credentials")
    if not user.is_active:
        audit.record(session, "signin.inactive", subject_user_id=user.id, email=email, ip=client.ip)
        session.commit()
        raise AccountError("account_inactive")
    rate_limit.clear(session, account_key)
    _rehash_if_needed(session, user, password)
    return user, "password"


class CodeRequired(AccountError):
    """The account's back-off runs and this browser is not known: the e-mailed code completes the sign-in.

    `challenge` goes back with the code (`sign_in_with_code`); `retry_after` is how long until a password
    alone works again.
    """

    def __init__(self, challenge: str, retry_after: int) -> None:
        super().__init__("signin_code_required")
        self.challenge = challenge
        self.retry_after = retry_after


def _count_failure(session: Session, user: User | None, email: str, client: Client) -> None:
    """A wrong password: counted per IP and per account, audited, and the owner warned once per attack."""
    account_key = f"signin-account:{email}"
    rate_limit.hit(session, f"signin-ip:{client.ip}")
    rate_limit.hit(session, account_key)
    audit.record(session, "signin.failure", subject_user_id=user.id if user else None, email=email, ip=client.ip)
    sign_in_protection.warn_owner_if_attacked(session, user, account_key, client.ip)
    session.commit()  # the failure must count even though the caller's transaction fails


def _sign_in_during_backoff(
    session: Session, user: User | None, email: str, password: str, client: Client, device: str, wait: int
) -> tuple[User, str]:  # the user and "known_device"
    """The back-off runs: a known device with the right password gets in; everyone else gets the code step."""
    known = sign_in_protection.known_device(session, user, device) if user is not None else None
    if user is not None and known is not None and not sign_in_protection.device_blocked(session, known):
        if passwords.check(session, user.password_hash, password):
            if not user.is_active:
                audit.record(session, "signin.inactive", subject_user_id=user.id, email=email, ip=client.ip)
                session.commit()
                raise AccountError("account_inactive")
            _rehash_if_needed(session, user, password)
            return user, "known_device"
        sign_in_protection.record_device_failure(session, known)
        _count_failure(session, user, email, client)
        raise AccountError("bad_credentials")
    password_ok = passwords.check(session, user.password_hash if user else None, password) and user is not None
    rate_limit.hit(session, f"signin-ip:{client.ip}")
    challenge = sign_in_protection.start_challenge(session, user, email, password_ok=password_ok, ip=client.ip)
    session.commit()  # the attempt and the challenge must stay although the caller's transaction fails
    raise CodeRequired(challenge, wait)


def sign_in_with_code(
    session: Session, *, challenge: str, code: str, client: Client, device: str = "", remembered: str = ""
) -> tuple[User, str]:
    """Finish a sign-in with the code e-mailed to the owner and start a web session (`authenticate_code`).

    Returns:
        The user and the new session token.

    Raises:
        AccountError: `signin_code_wrong`, or `signin_code_expired` (used, too old, or too many tries).
        RateLimited: While this IP must wait.

    """
    user = authenticate_code(session, challenge=challenge, code=code, client=client)
    _require_second_factor(session, user, client, remembered)
    return user, _start_session(session, user, client, via="code")


def authenticate_code(session: Session, *, challenge: str, code: str, client: Client) -> User:
    """Check the code e-mailed to the owner for a sign-in's challenge (the password was checked at the first step).

    Raises:
        AccountError: `signin_code_wrong`, or `signin_code_expired` (used, too old, or too many tries).
        RateLimited: While this IP must wait.

    """
    settings = get_settings()
    ip_key = f"signin-ip:{client.ip}"
    window = timedelta(minutes=settings.signin_ip_window_minutes)
    rate_limit.check_window(session, ip_key, limit=settings.signin_ip_limit, window=window)
    outcome, user_id = sign_in_protection.check_code(session, challenge, code)
    user = session.get(User, user_id) if outcome is sign_in_protection.CodeCheck.OK and user_id else None
    if user is None or not user.is_active:
        rate_limit.hit(session, ip_key)
        audit.record(session, "signin.code_failure", subject_user_id=user_id, ip=client.ip, outcome=outcome.value)
        session.commit()
        wrong = outcome is sign_in_protection.CodeCheck.WRONG
        raise AccountError("signin_code_wrong" if wrong else "signin_code_expired", "code")
    return user


def remember_device(session: Session, user: User, device: str) -> str:
    """After a sign-in: mark this browser as known to `user`; returns the id the browser keeps."""
    return sign_in_protection.remember_device(session, user, device)


def _rehash_if_needed(session: Session, user: User, password: str) -> None:
    if password and user.password_hash and passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.new_hash(session, password)
        audit.record(session, "password.rehashed", subject_user_id=user.id)


def _start_session(session: Session, user: User, client: Client, *, via: str) -> str:
    token = create_session(session, user, client)
    audit.record(session, "signin.success", actor_user_id=user.id, subject_user_id=user.id, ip=client.ip, via=via)
    return token


# ---- the API's sign-in: the same steps and checks as the web's, ending in a refresh-token family (api_tokens)


def api_sign_in(
    session: Session, *, email: str, password: str, client: Client, device: str = "", remembered: str = ""
) -> tuple[User, api_tokens.TokenPair]:
    """`sign_in` for an API client: the same checks, then access and refresh tokens instead of a web session.

    Raises:
        AccountError: As `sign_in`: `bad_credentials`, `account_inactive`, `CodeRequired`, `TwoFactorRequired`.
        RateLimited: While this IP must wait.

    """
    user, via = authenticate(session, email=email, password=password, client=client, device=device)
    _require_second_factor(session, user, client, remembered)
    return user, start_api_session(session, user, client, via=via)


def api_sign_in_with_code(
    session: Session, *, challenge: str, code: str, client: Client, remembered: str = ""
) -> tuple[User, api_tokens.TokenPair]:
    """`sign_in_with_code` for an API client (the e-mailed code while the account's back-off runs).

    Raises:
        AccountError: `signin_code_wrong`, `signin_code_expired`, or `TwoFactorRequired`.
        RateLimited: While this IP must wait.

    """
    user = authenticate_code(session, challenge=challenge, code=code, client=client)
    _require_second_factor(session, user, client, remembered)
    return user, start_api_session(session, user, client, via="code")


def api_sign_in_second_step(
    session: Session,
    *,
    challenge: str,
    code: str = "",
    recovery_code: str = "",
    remember_device: bool = False,
    remembered: str = "",
    client: Client,
) -> tuple[User, api_tokens.TokenPair, str | None]:
    """`sign_in_second_step` for an API client: the tokens, and the remembered-device token to keep.

    Raises:
        AccountError: `two_factor_code_wrong`, `two_factor_challenge_expired`, `two_factor_code_required`.
        RateLimited: While this IP or this account must wait.

    """
    done = _second_step(
        session,
        challenge=challenge,
        code=code,
        recovery_code=recovery_code,
        remember_device=remember_device,
        remembered=remembered,
        client=client,
    )
    return done.user, start_api_session(session, done.user, client, via=done.method), done.device_token


def start_api_session(session: Session, user: User, client: Client, *, via: str) -> api_tokens.TokenPair:
    """Start a refresh-token family for an API client of a user who just signed in (see `api_tokens`)."""
    pair = api_tokens.start(session, user, via=via, ip=client.ip, user_agent=client.user_agent)
    audit.record(
        session,
        "signin.success",
        actor_user_id=user.id,
        subject_user_id=user.id,
        ip=client.ip,
        via=via,
        channel="api",
    )
    return pair


def api_sign_ins(session: Session, user: User) -> list[ApiTokenFamily]:
    """The user's signed-in API clients (apps, integrations: refresh-token families that still work), newest first."""
    assert user.id is not None
    return api_tokens.live_families(session, user.id)


def revoke_api_sign_in(session: Session, user: User, family_id: str, client: Client) -> bool:
    """Sign one of the user's API clients out (its refresh and access tokens stop working); False when not theirs."""
    assert user.id is not None
    if not api_tokens.revoke_own(session, user.id, family_id):
        return False
    audit.record(
        session,
        "signout",
        actor_user_id=user.id,
        subject_user_id=user.id,
        ip=client.ip,
        channel="api",
        sign_in=family_id,
    )
    return True


_SESSIONS = cast(Table, AuthSession.__table__)  # type: ignore[attr-defined]
_USERS = cast(Table, User.__table__)  # type: ignore[attr-defined]
# What `session_user_id` reads: the session row's checks and whether its user is active. Built once, the token's
# hash bound per call: building the statement (and its cache key) each time cost as much as running it.
_LEAN_SESSION = (
    sa_select(
        _SESSIONS.c.id,
        _SESSIONS.c.user_id,
        _SESSIONS.c.revoked_at,
        _SESSIONS.c.expires_at,
        _SESSIONS.c.last_used_at,
        _USERS.c.is_active,
    )
    .join(_USERS, _USERS.c.id == _SESSIONS.c.user_id)
    .where(_SESSIONS.c.token_hash == bindparam("token_hash"))
)


def resolve_session(session: Session, token: str | None) -> User | None:
    """The active user behind a session token, or None when it is unknown, expired or revoked."""
    if not token:
        return None
    # One round trip for both rows: this runs on every event of a signed-in tab.
    found = session.exec(
        select(AuthSession, User)
        .join(User, User.id == AuthSession.user_id)  # pyright: ignore[reportArgumentType]
        .where(AuthSession.token_hash == hash_token(token))
    ).first()
    if found is None:
        return None
    row, user = found
    now = utcnow()
    if not _session_usable(row.revoked_at, row.expires_at, row.last_used_at, user.is_active, now):
        return None
    if now - row.last_used_at > TOUCH_EVERY:
        row.last_used_at = now
        user.last_seen_at = now
        session.add(row)
        session.add(user)
    return user


def session_user_id(session: Session, token: str | None) -> int | None:
    """`resolve_session` for a caller that needs only the user's id: the same checks, without loading the rows.

    For the most frequent events (a draft's autosave every 2 s per typing tab): building the session and user
    objects was most of what such an event cost the server. Reads five columns in one statement; the touch
    (`last_used_at`, `last_seen_at`, at most once a minute) is two UPDATEs in the caller's transaction.
    """
    if not token:
        return None
    # Core statements on the tables, not through the ORM: half the cost per statement, and no row is built.
    found = session.connection().execute(_LEAN_SESSION, {"token_hash": hash_token(token)}).first()
    if found is None:
        return None
    row_id, user_id, revoked_at, expires_at, last_used_at, is_active = found
    now = utcnow()
    if not _session_usable(revoked_at, expires_at, last_used_at, is_active, now):
        return None
    if now - last_used_at > TOUCH_EVERY:
        connection = session.connection()
        connection.execute(update(_SESSIONS).where(_SESSIONS.c.id == row_id).values(last_used_at=now))
        connection.execute(update(_USERS).where(_USERS.c.id == user_id).values(last_seen_at=now))
    return user_id


def _session_usable(
    revoked_at: datetime | None, expires_at: datetime, last_used_at: datetime, is_active: bool, now: datetime
) -> bool:
    """Whether a session row still signs its browser in: not revoked, not expired, not idle too long, user active."""
    idle_limit = timedelta(hours=get_settings().session_idle_hours)
    return revoked_at is None and expires_at > now and last_used_at + idle_limit > now and is_active


def sign_out(session: Session, token: str | None) -> None:
    """Revoke the session behind `token` (no error when it is already gone)."""
    if not token:
        return
    row = session.exec(select(AuthSession).where(AuthSession.token_hash == hash_token(token))).first()
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()
        session.add(row)
        audit.record(session, "signout", actor_user_id=row.user_id, subject_user_id=row.user_id)


def revoke_all_sessions(session: Session, user_id: int, reason: str = "revoked") -> int:
    """Revoke every live session of a user, web and API (refresh-token families); returns how many were live."""
    result = session.exec(  # type: ignore[call-overload]
        update(AuthSession)
        .where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))  # type: ignore[union-attr]
        .values(revoked_at=utcnow())
    )
    return int(result.rowcount or 0) + api_tokens.revoke_all(session, user_id, reason)


def sign_out_everywhere(session: Session, user: User, client: Client) -> int:
    """Revoke all of the user's sessions, this browser's included."""
    assert user.id is not None
    count = revoke_all_sessions(session, user.id, "signed_out_everywhere")
    audit.record(
        session, "signout.everywhere", actor_user_id=user.id, subject_user_id=user.id, ip=client.ip, count=count
    )
    return count


def request_password_reset(session: Session, *, email: str, client: Client) -> str:
    """E-mail a reset link when the address has an account; same answer either way.

    Raises:
        AccountError: For a malformed address.
        RateLimited: After too many requests for this address (known or not).

    """
    settings = get_settings()
    email = normalize_email(email)
    key = f"reset-email:{email}"
    rate_limit.check_window(
        session, key, limit=settings.reset_email_limit, window=timedelta(minutes=settings.reset_email_window_minutes)
    )
    rate_limit.hit(session, key)
    user = find_user(session, email)
    audit.record(
        session, "password.reset_requested", subject_user_id=user.id if user else None, email=email, ip=client.ip
    )
    if user is None or not user.is_active:
        return email
    minutes = settings.reset_token_ttl_minutes
    token = _issue_token(session, user, "reset_password", timedelta(minutes=minutes))
    lang = mail.recipient_language(session, user.id)
    mail.queue(
        session,
        to=user.email,
        subject=t("mail.reset_subject", lang),
        body=t("mail.reset_body", lang, name=user.name, link=_link(routes.RESET_PASSWORD, token), minutes=minutes),
        kind="password_reset",
    )
    return email


def check_reset_token(session: Session, token: str) -> bool:
    """True when a reset token is still usable (for showing the form)."""
    try:
        _usable_token(session, token, "reset_password")
    except AccountError:
        return False
    return True


def _new_password_hash(session: Session, user: User, new_password: str) -> str:
    """The policy check, then the new password's hash, made before the caller writes (`passwords.new_hash`)."""
    check_new_password(new_password, email=user.email, name=user.name)
    return passwords.new_hash(session, new_password)


def _set_password(session: Session, user: User, password_hash: str) -> None:
    user.password_hash = password_hash
    user.password_changed_at = utcnow()
    session.add(user)
    assert user.id is not None
    revoke_all_sessions(session, user.id, "password_changed")
    two_factor.revoke_all_devices(session, user.id, reason="password_changed")
    lang = mail.recipient_language(session, user.id)
    mail.queue(
        session,
        to=user.email,
        subject=t("mail.password_changed_subject", lang),
        body=t(
            "mail.password_changed_body", lang, name=user.name, reset=get_settings().public_url + routes.FORGOT_PASSWORD
        ),
        kind="password_changed",
    )


def reset_password(session: Session, *, token: str, new_password: str, client: Client) -> User:
    """Set a new password from a reset link; every session is revoked.

    Raises:
        AccountError: `token_invalid`, or a password-policy code (the token stays usable).

    """
    row = _usable_token(session, token, "reset_password")
    user = session.get(User, row.user_id)
    if user is None or not user.is_active:
        raise AccountError("token_invalid")
    password_hash = _new_password_hash(session, user, new_password)
    _consume_token(session, token, "reset_password")
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()  # the link proved the address
    _set_password(session, user, password_hash)
    audit.record(session, "password.reset", actor_user_id=user.id, subject_user_id=user.id, ip=client.ip)
    return user


def change_password(session: Session, *, user: User, current: str, new_password: str, client: Client) -> str:
    """Change the password of a signed-in user; all sessions end and a new one starts here.

    Returns:
        The new session token for the current browser.

    """
    set_new_password(session, user=user, current=current, new_password=new_password, client=client)
    return create_session(session, user, client)


def set_new_password(session: Session, *, user: User, current: str, new_password: str, client: Client) -> None:
    """Check the current password (with the back-off) and set the new one; every web and API session ends.

    Raises:
        AccountError: `current_password_wrong` or a password-policy code.
        RateLimited: While the re-check's back-off runs.

    """
    _check_current_password(session, user, current, client)
    _set_password(session, user, _new_password_hash(session, user, new_password))
    audit.record(session, "password.changed", actor_user_id=user.id, subject_user_id=user.id, ip=client.ip)


def _check_password_backoff(session: Session, key: str) -> None:
    """The back-off after repeated wrong passwords under `key` (sign-in per e-mail, re-checks per user)."""
    settings = get_settings()
    rate_limit.check_backoff(
        session,
        key,
        free=settings.signin_account_free_failures,
        base_seconds=30,
        max_seconds=settings.signin_account_max_lockout_minutes * 60,
        window=timedelta(minutes=settings.signin_ip_window_minutes),
    )


def _check_current_password(session: Session, user: User, password: str, client: Client) -> None:
    """Re-authentication for sensitive changes, with the sign-in back-off against guessing."""
    key = f"reauth:{user.id}"
    _check_password_backoff(session, key)
    if not passwords.check(session, user.password_hash, password):
        rate_limit.hit(session, key)
        audit.record(session, "password.recheck_failed", actor_user_id=user.id, subject_user_id=user.id, ip=client.ip)
        session.commit()
        raise AccountError("current_password_wrong", "current")
    rate_limit.clear(session, key)


def request_email_change(session: Session, *, user: User, new_email: str, password: str, client: Client) -> str:
    """Send a confirmation link to a new address (re-verification); the change waits for it.

    Returns:
        The normalised new address.

    """
    new_email = normalize_email(new_email)
    if new_email == user.email:
        raise AccountError("same_email", "email")
    _check_current_password(session, user, password, client)
    _limit(session, f"email-change:{user.id}", 5, timedelta(hours=1))
    hours = get_settings().verify_token_ttl_hours
    audit.record(session, "email.change_requested", actor_user_id=user.id, subject_user_id=user.id, ip=client.ip)
    lang = mail.recipient_language(session, user.id)
    taken = find_user(session, new_email)
    if taken is not None:
        # Written to whoever holds that address, in their language.
        other = mail.recipient_language(session, taken.id)
        mail.queue(
            session,
            to=new_email,
            subject=t("mail.change_taken_subject", other),
            body=t("mail.change_taken_body", other),
            kind="email_taken",
        )
        return new_email
    token = _issue_token(session, user, "change_email", timedelta(hours=hours), new_email=new_email)
    mail.queue(
        session,
        to=new_email,
        subject=t("mail.change_subject", lang),
        body=t(
            "mail.change_body",
            lang,
            name=user.name,
            email=new_email,
            link=_link(routes.CONFIRM_EMAIL_CHANGE, token),
            hours=hours,
        ),
        kind="change_email",
    )
    mail.queue(
        session,
        to=user.email,
        subject=t("mail.change_notice_subject", lang),
        body=t("mail.change_notice_body", lang, name=user.name, email=new_email),
        kind="change_email_notice",
    )
    return new_email


def confirm_email_change(session: Session, token: str) -> User:
    """Apply a pending e-mail change from its link; the new address counts as verified."""
    row = _consume_token(session, token, "change_email")
    user = session.get(User, row.user_id)
    if user is None or not row.new_email or find_user(session, row.new_email) is not None:
        raise AccountError("token_invalid")
    old = user.email
    user.email = row.new_email
    user.email_verified_at = utcnow()
    session.add(user)
    audit.record(session, "email.changed", actor_user_id=user.id, subject_user_id=user.id, old=old, new=user.email)
    return user


def is_last_active_admin(session: Session, user: User) -> bool:
    """True when `user` is an active admin and no other active admin exists.

    The other admins' rows are locked until the commit (PostgreSQL), so two admins demoting each other at
    the same moment cannot both succeed; SQLite runs one writer at a time anyway.
    """
    if user.role != "admin" or not user.is_active:
        return False
    other = session.exec(
        select(User.id)
        .where(User.role == "admin", User.is_active == True, User.id != user.id)  # noqa: E712
        .with_for_update()
    ).first()
    return other is None


def set_role(session: Session, *, user: User, role: str, actor_user_id: int | None, client: Client) -> None:
    """Give `user` a role (candidate or admin) and audit the change.

    Raises:
        AccountError: `last_admin` when this would leave no active admin.

    """
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; use one of {', '.join(ROLES)}")
    if user.role == role:
        return
    if role != "admin" and is_last_active_admin(session, user):
        raise AccountError("last_admin")
    old, user.role = user.role, role
    session.add(user)
    audit.record(
        session, "role.changed", actor_user_id=actor_user_id, subject_user_id=user.id, ip=client.ip, old=old, new=role
    )


def create_admin(session: Session, *, email: str, name: str, password: str) -> User:
    """Create a verified admin account, or promote the existing account with this e-mail (CLI)."""
    email = normalize_email(email)
    user = find_user(session, email)
    if user is None:
        name = clean_name(name)
        check_new_password(password, email=email, name=name)
        now = utcnow()
        user = User(
            email=email,
            name=name,
            password_hash=passwords.hash_password(password),
            email_verified_at=now,
            password_changed_at=now,
        )
        session.add(user)
        session.flush()
        assert user.id is not None
        session.add(Profile(user_id=user.id))
        audit.record(session, "account.created_by_cli", subject_user_id=user.id, email=email)
    set_role(session, user=user, role="admin", actor_user_id=None, client=Client(ip="cli"))
    return user


def oauth_sign_in(
    session: Session, *, provider: str, subject: str, email: str, email_verified: bool, name: str, client: Client
) -> str:
    """Find or create the user behind an OAuth identity; returns a one-time login code.

    An identity seen before signs in its user. Otherwise an account with the same e-mail is
    linked only when the provider verified the address; if that account's own e-mail was
    never verified, its password is cleared and its sessions revoked, so whoever registered
    it earlier keeps no access. Otherwise a new account is created (without a password).

    Raises:
        AccountError: `oauth_email_unverified`, `account_inactive` or `email_invalid`.

    """
    email = normalize_email(email)
    link = session.exec(
        select(OAuthAccount).where(OAuthAccount.provider == provider, OAuthAccount.subject == subject)
    ).first()
    user = session.get(User, link.user_id) if link else find_user(session, email)
    now = utcnow()
    if user is not None and link is None:
        if not email_verified:
            raise AccountError("oauth_email_unverified")
        if user.email_verified_at is None:
            _take_over_unverified(session, user)
    if user is None:
        user = User(email=email, name=clean_name(name or email.split("@")[0]))
        session.add(user)
        session.flush()
        assert user.id is not None
        session.add(Profile(user_id=user.id, language=normalise(client.language)))
        audit.record(
            session,
            "account.registered",
            actor_user_id=user.id,
            subject_user_id=user.id,
            ip=client.ip,
            provider=provider,
        )
    if not user.is_active:
        raise AccountError("account_inactive")
    if email_verified and user.email_verified_at is None and user.email == email:
        user.email_verified_at = now
    session.add(user)
    assert user.id is not None
    if link is None:
        link = OAuthAccount(user_id=user.id, provider=provider, subject=subject, email=email)
        audit.record(session, "oauth.linked", actor_user_id=user.id, subject_user_id=user.id, provider=provider)
    link.last_used_at = now
    session.add(link)
    audit.record(
        session, "signin.success", actor_user_id=user.id, subject_user_id=user.id, ip=client.ip, provider=provider
    )
    return _issue_token(session, user, "oauth_login", timedelta(minutes=2))


def _take_over_unverified(session: Session, user: User) -> None:
    """The verified owner of an e-mail claims an account someone opened with it unverified.

    Whoever registered it keeps nothing: the password, every session, every pending link
    (e-mail change, reset, verification) and every sign-in identity linked so far go.
    """
    assert user.id is not None
    user.password_hash = None
    revoke_all_sessions(session, user.id)
    session.exec(delete(AuthToken).where(AuthToken.user_id == user.id))  # type: ignore[call-overload]
    session.exec(delete(OAuthAccount).where(OAuthAccount.user_id == user.id))  # type: ignore[call-overload]
    audit.record(session, "account.claimed_by_verified_owner", subject_user_id=user.id)


def redeem_login_code(session: Session, code: str, client: Client, remembered: str = "") -> tuple[User, str]:
    """Turn a one-time OAuth login code into a session for this browser.

    Raises:
        AccountError: `token_invalid`, or `TwoFactorRequired` (the code is spent; the second step comes next).

    """
    row = _consume_token(session, code, "oauth_login")
    user = session.get(User, row.user_id)
    if user is None or not user.is_active:
        raise AccountError("token_invalid")
    _require_second_factor(session, user, client, remembered)
    return user, create_session(session, user, client)


def prune_expired(session: Session, now: datetime | None = None) -> int:
    """Delete sessions and tokens that ended more than a day ago; returns the count."""
    cutoff = (now or utcnow()) - timedelta(days=1)
    sessions = session.exec(  # type: ignore[call-overload]
        delete(AuthSession).where(or_(AuthSession.expires_at < cutoff, AuthSession.revoked_at < cutoff))  # type: ignore[operator]
    )
    tokens = session.exec(  # type: ignore[call-overload]
        delete(AuthToken).where(or_(AuthToken.expires_at < cutoff, AuthToken.used_at < cutoff))  # type: ignore[operator]
    )
    protection = sign_in_protection.prune(session, now) + api_tokens.prune(session, now)
    protection += two_factor.prune(session, now)
    return int(sessions.rowcount or 0) + int(tokens.rowcount or 0) + protection
