"""Keeping the owner in while someone guesses their password: known devices, e-mailed codes, attack notices.

The per-account back-off (`accounts.sign_in`) stops password guessing, but on its own it also stops the
owner: one wrong password from anywhere every back-off period would keep them out. While it runs:

- a **known device** (a browser that signed in to this account before, within DEVICE_IDLE_DAYS) still
  signs in with the right password. The browser keeps a random id; the server stores only its SHA-256 per
  user. It is never enough alone, and it stops helping after DEVICE_FAILURE_LIMIT wrong passwords;
- any other browser gets a **code step**: the owner is e-mailed a 6-digit code (CODE_MINUTES, single use,
  CODE_ATTEMPTS tries, stored as a hash keyed by the challenge) that completes the sign-in together with the
  password typed before. The answer is the same for a wrong password and for an unknown e-mail (no code is
  sent then, and no code can complete such a challenge), so the code step cannot be used to test passwords
  or addresses. At most CODES_PER_HOUR codes are e-mailed per account.

The owner is e-mailed once per attack (a run of failures with no gap longer than the sign-in window) when
the back-off starts. This module never imports `accounts`: it answers with plain values and the accounts
service turns them into errors.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta
from enum import Enum

from sqlalchemy import delete, or_, update
from sqlmodel import Session, col, select

from interview_app import clock, routes
from interview_app.clock import utcnow
from interview_app.i18n import t
from interview_app.models import KnownDevice, SignInChallenge, User
from interview_app.services.notifications import mail
from interview_app.services.shared import audit, rate_limit
from interview_app.settings import get_settings

DEVICE_IDLE_DAYS = 90
DEVICE_FAILURE_LIMIT = 5
CODE_MINUTES = 10
CODE_ATTEMPTS = 5
CODES_PER_HOUR = 3
_DEVICE_ID = re.compile(r"[A-Za-z0-9_-]{43}")
_CHALLENGE = re.compile(r"[A-Za-z0-9_-]{43}")


class CodeCheck(Enum):
    """How a code for a challenge turned out."""

    OK = "ok"
    WRONG = "wrong"
    EXPIRED = "expired"


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _code_hash(challenge: str, code: str) -> str:
    """The stored form of a code: bound to its challenge, so a leaked table does not give codes away."""
    return _sha256(f"{challenge}:{code}")


def known_device(session: Session, user: User, device: str, now: datetime | None = None) -> KnownDevice | None:
    """The user's device row for this browser id, unless it is malformed, someone else's or unused too long."""
    if user.id is None or not _DEVICE_ID.fullmatch(device or ""):
        return None
    since = (now or utcnow()) - timedelta(days=DEVICE_IDLE_DAYS)
    return session.exec(
        select(KnownDevice).where(
            KnownDevice.user_id == user.id,
            KnownDevice.token_hash == _sha256(device),
            col(KnownDevice.last_used_at) > since,
        )
    ).first()


def remember_device(session: Session, user: User, device: str) -> str:
    """Mark this browser as one the user signs in on; returns the id for the browser to keep.

    The browser's existing id is kept (one browser, several accounts); a missing or malformed one is
    replaced by a new random id.
    """
    assert user.id is not None
    now = utcnow()
    row = known_device(session, user, device, now)
    if row is None:
        if not _DEVICE_ID.fullmatch(device or ""):
            device = secrets.token_urlsafe(32)
        row = KnownDevice(user_id=user.id, token_hash=_sha256(device), created_at=now)
        audit.record(session, "signin.device_remembered", actor_user_id=user.id, subject_user_id=user.id)
    row.last_used_at = now
    session.add(row)
    return device


def _device_key(row: KnownDevice) -> str:
    return f"signin-device:{row.id}"


def device_blocked(session: Session, row: KnownDevice) -> bool:
    """True once the device has had DEVICE_FAILURE_LIMIT wrong passwords within the sign-in window."""
    window = timedelta(minutes=get_settings().signin_ip_window_minutes)
    return len(rate_limit.recent(session, _device_key(row), window)) >= DEVICE_FAILURE_LIMIT


def record_device_failure(session: Session, row: KnownDevice) -> None:
    """Count a wrong password typed on a known device."""
    rate_limit.hit(session, _device_key(row))


def start_challenge(session: Session, user: User | None, email: str, *, password_ok: bool, ip: str) -> str:
    """Open a code step; e-mail the code only to an active owner who typed the right password.

    Args:
        session: The open database session (the caller commits).
        user: The account of the e-mail typed, or None when there is none.
        email: The normalised e-mail typed (for the audit log).
        password_ok: Whether the password typed was the account's.
        ip: The client address.

    Returns:
        The challenge token the browser sends back with the code.

    """
    now = utcnow()
    token, code = secrets.token_urlsafe(32), f"{secrets.randbelow(1_000_000):06d}"
    owner = user if user is not None and user.is_active and password_ok else None
    row = SignInChallenge(
        user_id=user.id if user is not None else None,
        token_hash=_sha256(token),
        code_hash=_code_hash(token, code),
        password_ok=owner is not None,
        created_at=now,
        expires_at=now + timedelta(minutes=CODE_MINUTES),
    )
    session.add(row)
    if owner is None:
        audit.record(session, "signin.failure", subject_user_id=user.id if user else None, email=email, ip=ip,
                     locked=True)  # fmt: skip
        return token
    budget = f"signin-code:{owner.id}"
    if len(rate_limit.recent(session, budget, timedelta(hours=1))) >= CODES_PER_HOUR:
        audit.record(session, "signin.code_withheld", subject_user_id=owner.id, ip=ip)
        return token
    rate_limit.hit(session, budget)
    lang = mail.recipient_language(session, owner.id)
    mail.queue(
        session,
        to=owner.email,
        subject=t("mail.signin_code_subject", lang, code=code),
        body=t(
            "mail.signin_code_body",
            lang,
            name=owner.name,
            code=code,
            minutes=CODE_MINUTES,
            ip=ip or "unknown",
            reset=get_settings().public_url + routes.FORGOT_PASSWORD,
        ),
        kind="signin_code",
    )
    audit.record(session, "signin.code_sent", subject_user_id=owner.id, ip=ip)
    return token


def check_code(session: Session, challenge: str, code: str) -> tuple[CodeCheck, int | None]:
    """Use a code on its challenge: OK once (with the user id), WRONG, or EXPIRED (also when tries ran out).

    Returns:
        The outcome and the user id the challenge was for (None for an unknown e-mail or a bad challenge).

    """
    now = utcnow()
    row = None
    if _CHALLENGE.fullmatch(challenge or ""):
        row = session.exec(select(SignInChallenge).where(SignInChallenge.token_hash == _sha256(challenge))).first()
    if row is None:
        return CodeCheck.EXPIRED, None
    if row.used_at is not None or clock.aware(row.expires_at) <= now or row.attempts >= CODE_ATTEMPTS:
        return CodeCheck.EXPIRED, row.user_id
    usable = (SignInChallenge.id == row.id, col(SignInChallenge.used_at).is_(None),
              col(SignInChallenge.attempts) < CODE_ATTEMPTS)  # fmt: skip
    digits = (code or "").strip().replace(" ", "")
    if not (row.password_ok and hmac.compare_digest(row.code_hash, _code_hash(challenge, digits[:6]))):
        session.exec(update(SignInChallenge).where(*usable).values(attempts=row.attempts + 1))  # type: ignore[call-overload]
        session.refresh(row)
        return (CodeCheck.EXPIRED if row.attempts >= CODE_ATTEMPTS else CodeCheck.WRONG), row.user_id
    used = session.exec(update(SignInChallenge).where(*usable).values(used_at=now))  # type: ignore[call-overload]
    if used.rowcount != 1:
        return CodeCheck.EXPIRED, row.user_id
    return CodeCheck.OK, row.user_id


def warn_owner_if_attacked(session: Session, user: User | None, account_key: str, ip: str) -> None:
    """E-mail the owner when failures start the back-off, once per attack (not once per attempt).

    An attack is a run of failures under `account_key` with no gap longer than the sign-in window; the
    owner hears of it when the run first reaches the free failures. The counting is done for unknown
    e-mails (`user` None) too, so their failures take the same time.
    """
    settings = get_settings()
    window = timedelta(minutes=settings.signin_ip_window_minutes)
    now = utcnow()
    times = [clock.aware(x) for x in rate_limit.recent(session, account_key, timedelta(days=1), now=now)]
    if len([x for x in times if x > now - window]) < settings.signin_account_free_failures:
        return
    if user is None or user.id is None or not user.is_active:
        return
    start = times[-1]
    for earlier in reversed(times[:-1]):
        if start - earlier > window:
            break
        start = earlier
    notices = f"signin-alert:{user.id}"
    sent = [clock.aware(x) for x in rate_limit.recent(session, notices, timedelta(days=1), now=now)]
    if sent and sent[-1] >= start:
        return
    rate_limit.hit(session, notices, now=now)
    lang = mail.recipient_language(session, user.id)
    mail.queue(
        session,
        to=user.email,
        subject=t("mail.signin_attack_subject", lang),
        body=t(
            "mail.signin_attack_body",
            lang,
            name=user.name,
            count=len([x for x in times if x >= start]),
            reset=settings.public_url + routes.FORGOT_PASSWORD,
            security=settings.public_url + routes.SETTINGS_SECURITY,
        ),
        kind="signin_attack",
    )
    audit.record(session, "signin.attack_notice", subject_user_id=user.id, ip=ip, failures=len(times))


def prune(session: Session, now: datetime | None = None) -> int:
    """Delete devices unused for DEVICE_IDLE_DAYS and challenges that ended a day ago; returns the count."""
    now = now or utcnow()
    devices = session.exec(  # type: ignore[call-overload]
        delete(KnownDevice).where(col(KnownDevice.last_used_at) < now - timedelta(days=DEVICE_IDLE_DAYS))
    )
    cutoff = now - timedelta(days=1)
    challenges = session.exec(  # type: ignore[call-overload]
        delete(SignInChallenge).where(
            or_(col(SignInChallenge.expires_at) < cutoff, col(SignInChallenge.used_at) < cutoff)
        )
    )
    return int(devices.rowcount or 0) + int(challenges.rowcount or 0)
