"""Two-factor sign-in: an authenticator app (TOTP), recovery codes and remembered devices.

Rules (see docs/security.md, "Two-factor sign-in"):
- the TOTP secret (RFC 6238: SHA-1, 6 digits, 30 s) is made on the server, shown once as a QR code and a
  key to type, and stored encrypted (Fernet under a key derived from SECRET_KEY). Enrolment is finished
  only by a first code from the app; until then nothing changes at sign-in and the pending key can be shown
  again. Once enabled the key is never shown again;
- a code is accepted for the current step and one step either side (about ±30 s of clock drift), and only
  once: the step of the last accepted code is stored and a code of that step or an earlier one is refused;
- 10 recovery codes (16 letters and digits, 79 bits) are made at enrolment and shown once; only their SHA-256
  is stored and each works once. Making new ones (with a current code or the password) voids the old ones;
- wrong codes are rate limited per account (CODE_ATTEMPTS per ATTEMPT_WINDOW, the same count for sign-in,
  disabling and new recovery codes), so the 1-in-a-million code cannot be guessed;
- "remember this device" keeps a random token in the browser (or app) for REMEMBER_DAYS; the server stores its
  SHA-256 per user, lists it on the security settings and revokes it there, when two-factor is turned off
  and when the password changes or is reset;
- admins must have it (`needs_enrolment`): the admin pages send an admin without it to enrol first;
- the owner is e-mailed when it is turned on or off (or reset), new recovery codes are made and a recovery
  code is used;
- audit events: `two_factor.enrolment_started`, `two_factor.enabled`, `two_factor.disabled`,
  `two_factor.recovery_codes_regenerated`, `two_factor.recovery_code_used`, `two_factor.failure`,
  `two_factor.replay`, `two_factor.device_remembered`, `two_factor.device_revoked`.

The contract for sign-in code (the web app's `accounts.sign_in` and the API's token exchange):

1. Check the password (or the OAuth login) as before. Then, when `is_enabled(session, user)`:
   - if the client presents a remembered-device token and `device_remembered(session, user, token)` is
     True, the sign-in is complete;
   - otherwise call `start_challenge(session, user, ip=...)`: it returns an opaque token (43 URL-safe
     characters, single use, CHALLENGE_MINUTES long, stored hashed). Hand it to the client and issue
     no session or access token yet. The caller commits (so raise nothing that rolls it back).
2. The client sends the challenge back with `code` (6 digits from the app) or `recovery_code`:
   `complete_challenge(session, challenge, code=..., recovery_code=..., remember_device=..., label=..., ip=...)`
   returns `Completed(user, method, device_token, recovery_codes_left)`; `device_token` (when
   `remember_device`) is what the client keeps and presents at step 1 next time. Then issue the session or
   the tokens. It raises `TwoFactorError` with `code` one of `two_factor_code_wrong` (try again with the
   same challenge; the wrong try is committed before raising), `two_factor_challenge_expired` (start
   again with the password), `two_factor_code_required` (neither given), and `RateLimited` (with
   `retry_after` seconds) after too many wrong codes.
A challenge names its user; a deactivated account's challenge completes to `two_factor_challenge_expired`.
This module never imports `accounts` (which imports it) nor Reflex.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import segno
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pyotp import random_base32
from pyotp.totp import TOTP
from sqlalchemy import delete, or_, update
from sqlmodel import Session, col, select

from interview_app import clock, routes
from interview_app.clock import utcnow
from interview_app.i18n import t
from interview_app.models import AuthToken, RecoveryCode, RememberedDevice, TwoFactor, User
from interview_app.services.accounts import passwords
from interview_app.services.notifications import mail
from interview_app.services.shared import audit, rate_limit
from interview_app.settings import get_settings

log = logging.getLogger(__name__)

ISSUER = "Interview Coach"
DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10
CODE_ATTEMPTS = 5
ATTEMPT_WINDOW = timedelta(minutes=15)
CHALLENGE_MINUTES = 5
REMEMBER_DAYS = 30
CHALLENGE_PURPOSE = "two_factor"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i


class TwoFactorError(ValueError):
    """A problem the user can fix; `code` is an error code (`error_text` words it), `field` the form field."""

    def __init__(self, code: str, field: str = "code") -> None:
        super().__init__(code)
        self.code = code
        self.field = field


@dataclass(frozen=True)
class Enrolment:
    """A pending enrolment as the page shows it: the key to type and the QR code to scan."""

    secret: str
    uri: str
    qr_svg: str  # a data: URI of the QR code as SVG

    @property
    def grouped_secret(self) -> str:
        """The key in groups of four, easier to type."""
        return " ".join(self.secret[i : i + 4] for i in range(0, len(self.secret), 4))


@dataclass(frozen=True)
class Device:
    """A remembered device as the security settings list it."""

    id: int
    label: str
    ip: str
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class Status:
    """What the security settings show about a user's two-factor sign-in."""

    enabled: bool
    enabled_at: datetime | None
    pending: bool
    required: bool
    recovery_codes_left: int
    devices: list[Device]


@dataclass(frozen=True)
class Completed:
    """A finished second step."""

    user: User
    method: str  # "totp" or "recovery_code"
    device_token: str | None
    recovery_codes_left: int


# ---- storage of the secret -------------------------------------------------------------------------------


def _fernet() -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"interview-coach two-factor secret v1")
    return Fernet(base64.urlsafe_b64encode(key.derive(get_settings().secret_key.encode())))


def _seal(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def _open(sealed: str) -> str | None:
    """The secret, or None when SECRET_KEY changed since it was stored (recovery codes still work then)."""
    try:
        return _fernet().decrypt(sealed.encode()).decode()
    except InvalidToken:
        log.warning("a two-factor secret cannot be decrypted: SECRET_KEY changed since it was stored")
        return None


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _tell_owner(session: Session, user: User, what: str, **values: object) -> None:
    """E-mail the owner that their two-factor sign-in changed (`what`: a `mail.two_factor_*` text key)."""
    lang = mail.recipient_language(session, user.id)
    mail.queue(
        session,
        to=user.email,
        subject=t("mail.two_factor_subject", lang),
        body=t(
            "mail.two_factor_body",
            lang,
            name=user.name,
            what=t(what, lang, **values),
            security=get_settings().public_url + routes.SETTINGS_SECURITY,
        ),
        kind="two_factor",
    )


# ---- state ------------------------------------------------------------------------------------------------


def _row(session: Session, user: User) -> TwoFactor | None:
    return session.get(TwoFactor, user.id) if user.id is not None else None


def is_enabled(session: Session, user: User) -> bool:
    """Whether signing in as `user` needs the second step."""
    row = _row(session, user)
    return row is not None and row.enabled_at is not None


def required(user: User) -> bool:
    """Whether the account must have two-factor sign-in (admins)."""
    return user.role == "admin"


def needs_enrolment(session: Session, user: User) -> bool:
    """True for an admin without two-factor sign-in: the admin pages send them to enrol first."""
    return required(user) and not is_enabled(session, user)


def _codes_left(session: Session, user_id: int) -> int:
    rows = session.exec(
        select(RecoveryCode.id).where(RecoveryCode.user_id == user_id, col(RecoveryCode.used_at).is_(None))
    ).all()
    return len(rows)


def status(session: Session, user: User, now: datetime | None = None) -> Status:
    """Everything the security settings show about the user's two-factor sign-in."""
    assert user.id is not None
    row = _row(session, user)
    enabled = row is not None and row.enabled_at is not None
    return Status(
        enabled=enabled,
        enabled_at=row.enabled_at if row is not None else None,
        pending=row is not None and row.enabled_at is None,
        required=required(user),
        recovery_codes_left=_codes_left(session, user.id) if enabled else 0,
        devices=list_devices(session, user, now) if enabled else [],
    )


# ---- enrolment --------------------------------------------------------------------------------------------


def _enrolment(user: User, secret: str) -> Enrolment:
    uri = TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)
    qr = segno.make(uri, error="m")
    return Enrolment(secret=secret, uri=uri, qr_svg=qr.svg_data_uri(scale=5, border=2, dark="#111", light="#fff"))


def begin_enrolment(session: Session, user: User, *, ip: str = "") -> Enrolment:
    """Make a new secret for the user's authenticator app (replacing a pending one) and return it to show.

    Raises:
        TwoFactorError: `two_factor_already_enabled`.

    """
    assert user.id is not None
    row = _row(session, user)
    if row is not None and row.enabled_at is not None:
        raise TwoFactorError("two_factor_already_enabled")
    secret = random_base32()  # 32 characters, 160 bits
    if row is None:
        row = TwoFactor(user_id=user.id, secret=_seal(secret))
    row.secret, row.created_at, row.last_step = _seal(secret), utcnow(), 0
    session.add(row)
    audit.record(session, "two_factor.enrolment_started", actor_user_id=user.id, subject_user_id=user.id, ip=ip)
    return _enrolment(user, secret)


def pending_enrolment(session: Session, user: User) -> Enrolment | None:
    """The enrolment waiting for its first code (shown again after a reload), or None."""
    row = _row(session, user)
    if row is None or row.enabled_at is not None:
        return None
    secret = _open(row.secret)
    return _enrolment(user, secret) if secret else None


def cancel_enrolment(session: Session, user: User) -> None:
    """Drop a pending enrolment (an enabled one stays)."""
    row = _row(session, user)
    if row is not None and row.enabled_at is None:
        session.delete(row)
        session.flush()


def confirm_enrolment(session: Session, user: User, code: str, *, ip: str = "") -> list[str]:
    """Turn two-factor sign-in on with a first code from the app; returns the recovery codes to show once.

    Raises:
        TwoFactorError: `two_factor_not_started`, `two_factor_already_enabled`, `two_factor_code_wrong`.
        RateLimited: After too many wrong codes.

    """
    assert user.id is not None
    row = _row(session, user)
    if row is None:
        raise TwoFactorError("two_factor_not_started")
    if row.enabled_at is not None:
        raise TwoFactorError("two_factor_already_enabled")
    _check_attempts(session, user)
    if not _accept_totp(session, row, code):
        _wrong(session, user, ip, "enrol")
    row.enabled_at = utcnow()
    session.add(row)
    codes = _new_recovery_codes(session, user.id)
    audit.record(session, "two_factor.enabled", actor_user_id=user.id, subject_user_id=user.id, ip=ip)
    _tell_owner(session, user, "mail.two_factor_enabled")
    return codes


# ---- codes ------------------------------------------------------------------------------------------------


def _digits(code: str) -> str:
    return "".join(ch for ch in (code or "") if not ch.isspace())


def _matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step (now ± DRIFT_STEPS) whose code is `code`, or None."""
    code = _digits(code)
    if not (len(code) == 6 and code.isdigit()):
        return None
    totp = TOTP(secret)
    current = totp.timecode(now)
    found = None
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            found = step
    return found


def _accept_totp(session: Session, row: TwoFactor, code: str, now: datetime | None = None) -> bool:
    """True once for a right code: its step is stored and no code of that step or before works again."""
    secret = _open(row.secret)
    step = _matching_step(secret, code, now or utcnow()) if secret else None
    if step is None:
        return False
    result = session.exec(  # type: ignore[call-overload]
        update(TwoFactor)
        .where(col(TwoFactor.user_id) == row.user_id, col(TwoFactor.last_step) < step)
        .values(last_step=step)
    )
    if result.rowcount != 1:
        audit.record(session, "two_factor.replay", subject_user_id=row.user_id)
        return False
    session.refresh(row)
    return True


def _normalise_recovery(code: str) -> str:
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())


def _format_recovery(raw: str) -> str:
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def _new_recovery_codes(session: Session, user_id: int) -> list[str]:
    """Replace the user's recovery codes with RECOVERY_CODE_COUNT new ones; returns them (shown once)."""
    session.exec(delete(RecoveryCode).where(col(RecoveryCode.user_id) == user_id))  # type: ignore[call-overload]
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(16))
        session.add(RecoveryCode(user_id=user_id, code_hash=_sha256(raw)))
        codes.append(_format_recovery(raw))
    return codes


def _use_recovery_code(session: Session, user: User, code: str, ip: str) -> bool:
    """Spend one of the user's recovery codes; True when it was theirs and unused."""
    raw = _normalise_recovery(code)
    if len(raw) != 16:
        return False
    row = session.exec(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _sha256(raw),
            col(RecoveryCode.used_at).is_(None),
        )
    ).first()
    if row is None:
        return False
    used = session.exec(  # type: ignore[call-overload]
        update(RecoveryCode)
        .where(col(RecoveryCode.id) == row.id, col(RecoveryCode.used_at).is_(None))
        .values(used_at=utcnow())
    )
    if used.rowcount != 1:
        return False
    assert user.id is not None
    left = _codes_left(session, user.id)
    audit.record(
        session, "two_factor.recovery_code_used", actor_user_id=user.id, subject_user_id=user.id, ip=ip, left=left
    )
    _tell_owner(session, user, "mail.two_factor_recovery_code_used", left=left)
    return True


def _attempts_key(user: User) -> str:
    return f"two-factor:{user.id}"


def _check_attempts(session: Session, user: User) -> None:
    rate_limit.check_window(session, _attempts_key(user), limit=CODE_ATTEMPTS, window=ATTEMPT_WINDOW)


def _wrong(session: Session, user: User, ip: str, during: str, field: str = "code") -> None:
    """Count a wrong code (committed, so it counts although the caller's transaction fails) and raise."""
    rate_limit.hit(session, _attempts_key(user))
    audit.record(session, "two_factor.failure", subject_user_id=user.id, ip=ip, during=during)
    session.commit()
    raise TwoFactorError("two_factor_code_wrong", field)


def _verify_code_or_recovery(
    session: Session, user: User, *, code: str, recovery_code: str, ip: str, during: str
) -> str:
    """Check a code from the app or a recovery code; returns the method. Raises on a wrong one."""
    if not _digits(code) and not _normalise_recovery(recovery_code):
        raise TwoFactorError("two_factor_code_required", "recovery_code" if recovery_code else "code")
    _check_attempts(session, user)
    row = _row(session, user)
    if row is None or row.enabled_at is None:
        raise TwoFactorError("two_factor_not_enabled")
    if _digits(code):
        if _accept_totp(session, row, code):
            return "totp"
        _wrong(session, user, ip, during)
    if _use_recovery_code(session, user, recovery_code, ip):
        return "recovery_code"
    _wrong(session, user, ip, during, field="recovery_code")
    raise AssertionError("unreachable")  # pragma: no cover


def regenerate_recovery_codes(
    session: Session, user: User, *, code: str = "", password: str = "", ip: str = ""
) -> list[str]:
    """New recovery codes (the old ones stop working), after a current code or the password.

    Raises:
        TwoFactorError: `two_factor_not_enabled`, `two_factor_code_wrong` / `current_password_wrong`,
            `two_factor_code_required`.
        RateLimited: After too many wrong codes or passwords.

    """
    assert user.id is not None
    if not is_enabled(session, user):
        raise TwoFactorError("two_factor_not_enabled")
    _reauthenticate(session, user, code=code, password=password, ip=ip, during="regenerate")
    codes = _new_recovery_codes(session, user.id)
    _tell_owner(session, user, "mail.two_factor_codes_regenerated")
    audit.record(session, "two_factor.recovery_codes_regenerated", actor_user_id=user.id, subject_user_id=user.id,
                 ip=ip)  # fmt: skip
    return codes


def _reauthenticate(session: Session, user: User, *, code: str, password: str, ip: str, during: str) -> None:
    """A current code from the app, or else the password (the same attempt count for both)."""
    if _digits(code):
        _verify_code_or_recovery(session, user, code=code, recovery_code="", ip=ip, during=during)
        return
    if not password:
        raise TwoFactorError("two_factor_code_required")
    _check_attempts(session, user)
    if not passwords.check(session, user.password_hash, password):
        rate_limit.hit(session, _attempts_key(user))
        audit.record(session, "two_factor.failure", subject_user_id=user.id, ip=ip, during=during, by="password")
        session.commit()
        raise TwoFactorError("current_password_wrong", "password")


def disable(session: Session, user: User, *, code: str = "", password: str = "", ip: str = "") -> None:
    """Turn two-factor sign-in off after a current code or the password; codes and devices go with it.

    Raises:
        TwoFactorError: `two_factor_not_enabled`, `two_factor_code_wrong`, `current_password_wrong`,
            `two_factor_code_required`.
        RateLimited: After too many wrong codes or passwords.

    """
    assert user.id is not None
    row = _row(session, user)
    if row is None or row.enabled_at is None:
        raise TwoFactorError("two_factor_not_enabled")
    _reauthenticate(session, user, code=code, password=password, ip=ip, during="disable")
    session.exec(delete(RecoveryCode).where(col(RecoveryCode.user_id) == user.id))  # type: ignore[call-overload]
    session.exec(delete(RememberedDevice).where(col(RememberedDevice.user_id) == user.id))  # type: ignore[call-overload]
    session.delete(row)
    session.flush()
    _tell_owner(session, user, "mail.two_factor_disabled")
    audit.record(session, "two_factor.disabled", actor_user_id=user.id, subject_user_id=user.id, ip=ip,
                 by="code" if _digits(code) else "password")  # fmt: skip


def reset(session: Session, user: User, *, actor_user_id: int | None = None, ip: str = "") -> bool:
    """Turn two-factor sign-in off for someone who lost the phone and the recovery codes; True when it was on.

    An operator's act (`python -m interview_app reset-two-factor EMAIL`). The owner signs in with the password
    alone next time (an admin is asked to set it up again).
    """
    assert user.id is not None
    row = _row(session, user)
    if row is None:
        return False
    session.exec(delete(RecoveryCode).where(col(RecoveryCode.user_id) == user.id))  # type: ignore[call-overload]
    session.exec(delete(RememberedDevice).where(col(RememberedDevice.user_id) == user.id))  # type: ignore[call-overload]
    session.delete(row)
    session.flush()
    audit.record(session, "two_factor.reset", actor_user_id=actor_user_id, subject_user_id=user.id, ip=ip)
    _tell_owner(session, user, "mail.two_factor_reset")
    return True


# ---- the sign-in challenge --------------------------------------------------------------------------------


def start_challenge(session: Session, user: User, *, ip: str = "") -> str:
    """After the password (or OAuth) step: an opaque single-use token that `complete_challenge` takes back."""
    assert user.id is not None
    token = secrets.token_urlsafe(32)
    session.add(
        AuthToken(
            user_id=user.id,
            purpose=CHALLENGE_PURPOSE,
            token_hash=_sha256(token),
            expires_at=utcnow() + timedelta(minutes=CHALLENGE_MINUTES),
        )
    )
    audit.record(session, "two_factor.challenge", subject_user_id=user.id, ip=ip)
    return token


def _challenge_row(session: Session, challenge: str) -> AuthToken | None:
    if not _TOKEN.fullmatch(challenge or ""):
        return None
    row = session.exec(select(AuthToken).where(AuthToken.token_hash == _sha256(challenge))).first()
    if row is None or row.purpose != CHALLENGE_PURPOSE or row.used_at is not None:
        return None
    return row if clock.aware(row.expires_at) > utcnow() else None


def complete_challenge(
    session: Session,
    challenge: str,
    *,
    code: str = "",
    recovery_code: str = "",
    remember_device: bool = False,
    device_token: str = "",
    label: str = "",
    ip: str = "",
) -> Completed:
    """Finish a sign-in with a code from the app or a recovery code (see the module's contract).

    Args:
        session: The open database session (the caller commits; a wrong try is committed here).
        challenge: The token from `start_challenge`.
        code: 6 digits from the authenticator app.
        recovery_code: One of the recovery codes (used when `code` is empty).
        remember_device: Skip the code on this device for REMEMBER_DAYS.
        device_token: The token this browser already keeps for other accounts, reused when well formed.
        label: What the device is (e.g. `Firefox on Linux`, or a mobile app's name), for the list.
        ip: The client address.

    Returns:
        The user, how they proved it, the device token to keep (when remembered) and the codes left.

    Raises:
        TwoFactorError: `two_factor_code_wrong`, `two_factor_challenge_expired`, `two_factor_code_required`.
        RateLimited: After too many wrong codes for this account.

    """
    row = _challenge_row(session, challenge)
    user = session.get(User, row.user_id) if row is not None else None
    if row is None or user is None or not user.is_active or not is_enabled(session, user):
        raise TwoFactorError("two_factor_challenge_expired")
    method = _verify_code_or_recovery(session, user, code=code, recovery_code=recovery_code, ip=ip, during="sign_in")
    used = session.exec(  # type: ignore[call-overload]
        update(AuthToken).where(col(AuthToken.id) == row.id, col(AuthToken.used_at).is_(None)).values(used_at=utcnow())
    )
    if used.rowcount != 1:
        raise TwoFactorError("two_factor_challenge_expired")
    rate_limit.clear(session, _attempts_key(user))
    token = remember(session, user, token=device_token, label=label, ip=ip) if remember_device else None
    assert user.id is not None
    return Completed(user=user, method=method, device_token=token, recovery_codes_left=_codes_left(session, user.id))


# ---- remembered devices -----------------------------------------------------------------------------------


def device_label(user_agent: str) -> str:
    """`Firefox on Linux` from a User-Agent header (or a short cut of it when unknown)."""
    ua = user_agent or ""
    browser = next(
        (name for key, name in (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"),
                                ("Chrome/", "Chrome"), ("Safari/", "Safari")) if key in ua),
        "",
    )  # fmt: skip
    system = next(
        (name for key, name in (("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"),
                                ("Windows", "Windows"), ("Mac OS", "macOS"),
                                ("Linux", "Linux")) if key in ua),
        "",
    )  # fmt: skip
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or (ua[:60] or "Unknown device")


def remember(session: Session, user: User, *, token: str = "", label: str = "", ip: str = "") -> str:
    """Remember this device for REMEMBER_DAYS; returns the token the device keeps.

    A well-formed token the device already keeps (for another account) is reused; otherwise a new one is made.
    """
    assert user.id is not None
    if not _TOKEN.fullmatch(token or ""):
        token = secrets.token_urlsafe(32)
    now = utcnow()
    session.exec(  # the same device remembered again replaces its row
        delete(RememberedDevice).where(
            col(RememberedDevice.user_id) == user.id, col(RememberedDevice.token_hash) == _sha256(token)
        )
    )  # type: ignore[call-overload]
    session.add(
        RememberedDevice(
            user_id=user.id,
            token_hash=_sha256(token),
            label=label[:120],
            ip=ip[:64],
            created_at=now,
            last_used_at=now,
            expires_at=now + timedelta(days=REMEMBER_DAYS),
        )
    )
    audit.record(session, "two_factor.device_remembered", actor_user_id=user.id, subject_user_id=user.id, ip=ip,
                 label=label[:120])  # fmt: skip
    return token


def device_remembered(session: Session, user: User, token: str, now: datetime | None = None) -> bool:
    """True when `token` is a device the user remembered, not revoked and within its REMEMBER_DAYS."""
    if user.id is None or not _TOKEN.fullmatch(token or ""):
        return False
    now = now or utcnow()
    row = session.exec(
        select(RememberedDevice).where(
            RememberedDevice.user_id == user.id,
            RememberedDevice.token_hash == _sha256(token),
            col(RememberedDevice.revoked_at).is_(None),
            col(RememberedDevice.expires_at) > now,
        )
    ).first()
    if row is None:
        return False
    row.last_used_at = now
    session.add(row)
    return True


def list_devices(session: Session, user: User, now: datetime | None = None) -> list[Device]:
    """The user's live remembered devices, newest first."""
    now = now or utcnow()
    rows = session.exec(
        select(RememberedDevice)
        .where(
            RememberedDevice.user_id == user.id,
            col(RememberedDevice.revoked_at).is_(None),
            col(RememberedDevice.expires_at) > now,
        )
        .order_by(col(RememberedDevice.created_at).desc(), col(RememberedDevice.id).desc())
    ).all()
    return [
        Device(
            id=r.id or 0,
            label=r.label or "Unknown device",
            ip=r.ip,
            created_at=r.created_at,
            last_used_at=r.last_used_at,
            expires_at=r.expires_at,
        )
        for r in rows
    ]


def revoke_device(session: Session, user: User, device_id: int, *, ip: str = "") -> bool:
    """Forget one of the user's remembered devices (the next sign-in there asks for a code again)."""
    result = session.exec(  # type: ignore[call-overload]
        update(RememberedDevice)
        .where(
            col(RememberedDevice.id) == device_id,
            col(RememberedDevice.user_id) == user.id,
            col(RememberedDevice.revoked_at).is_(None),
        )
        .values(revoked_at=utcnow())
    )
    if result.rowcount != 1:
        return False
    audit.record(session, "two_factor.device_revoked", actor_user_id=user.id, subject_user_id=user.id, ip=ip,
                 device_id=device_id)  # fmt: skip
    return True


def revoke_all_devices(session: Session, user_id: int, *, reason: str, ip: str = "") -> int:
    """Forget every remembered device of a user (password change or reset, disabling); returns how many."""
    result = session.exec(  # type: ignore[call-overload]
        update(RememberedDevice)
        .where(col(RememberedDevice.user_id) == user_id, col(RememberedDevice.revoked_at).is_(None))
        .values(revoked_at=utcnow())
    )
    count = int(result.rowcount or 0)
    if count:
        audit.record(session, "two_factor.device_revoked", subject_user_id=user_id, ip=ip, count=count,
                     reason=reason)  # fmt: skip
    return count


def prune(session: Session, now: datetime | None = None) -> int:
    """Delete remembered devices that expired or were revoked more than a day ago; returns the count."""
    cutoff = (now or utcnow()) - timedelta(days=1)
    result = session.exec(  # type: ignore[call-overload]
        delete(RememberedDevice).where(
            or_(col(RememberedDevice.expires_at) < cutoff, col(RememberedDevice.revoked_at) < cutoff)
        )
    )
    return int(result.rowcount or 0)
