"""The public API's tokens: short-lived JWT access tokens and opaque refresh tokens rotated on every use.

Rules this module keeps (docs/api.md):
- an access token is a JWT signed with HS256 only (the one algorithm accepted: `none`, RS256 and the rest
  are refused before any key is tried), `typ` `at+jwt`, with `iss`, `aud`, `sub`, `sid` (its family),
  `iat`, `nbf`, `exp` and `jti`, all required and checked; its header names the key (`kid`). Keys come
  from API_TOKEN_KEYS, newest first: the first signs, the others still verify, an unknown `kid` is refused.
  Without the setting one key is derived from SECRET_KEY (production refuses placeholder secrets);
- a refresh token is 256 random bits shown once; only its SHA-256 is stored. Each sign-in starts a family;
  using a refresh token marks it used (a conditional UPDATE, so two uses at once cannot both win) and gives
  the next one of the family. Presenting a used token again means it was copied: the whole family is
  revoked and the event audited, so the thief and the owner both have to sign in again;
- revoking a family ends its access tokens too (`user_for_access` checks the family on every request), and
  every family of a user is revoked with the web sessions (`accounts.revoke_all_sessions`: password change,
  reset, sign-out everywhere, deactivation).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from joserfc import errors as jose_errors
from joserfc import jwt
from joserfc.jwk import KeySet, OctKey
from sqlalchemy import delete, or_, update
from sqlmodel import Session, col, select

from interview_app.clock import aware, utcnow
from interview_app.models import ApiRefreshToken, ApiTokenFamily, User
from interview_app.services.shared import audit
from interview_app.settings import get_settings

ALGORITHM = "HS256"
ALGORITHMS = (ALGORITHM,)  # the allow-list: anything else in a token's header is refused
AUDIENCE = "interview-coach-api"
ACCESS_TYPE = "at+jwt"  # RFC 9068
LEEWAY_SECONDS = 30  # clock skew allowed between the servers that sign and verify
SEEN_EVERY = timedelta(minutes=1)  # a user's last_seen_at is written at most this often by refreshes
REFRESH_PREFIX = "icr_"  # makes a leaked refresh token easy to recognise (secret scanners)
_DERIVATION_LABEL = b"interview-coach/api-access-token/v1"


class TokenError(ValueError):
    """A token that cannot be used; `code` is a key of `api.error.*` in the strings."""

    def __init__(self, code: str, reason: str = "") -> None:
        super().__init__(reason or code)
        self.code = code
        self.reason = reason


@dataclass(frozen=True)
class TokenPair:
    """What a client gets at sign-in and at every refresh."""

    access_token: str
    refresh_token: str
    expires_in: int  # seconds the access token is valid
    refresh_expires_in: int  # seconds the refresh token is valid unused
    family_id: str
    token_type: str = "Bearer"


@dataclass(frozen=True)
class AccessClaims:
    """What a verified access token says."""

    user_id: int
    family_id: str
    issued_at: int
    expires_at: int
    token_id: str
    key_id: str


# ---------------------------------------------------------------- keys


@dataclass(frozen=True)
class SigningKeys:
    """The key that signs (`current`) and every key that verifies, by key id."""

    current: OctKey
    current_id: str
    verifying: KeySet
    key_ids: tuple[str, ...]


def derived_key(secret_key: str) -> tuple[str, bytes]:
    """The (key id, secret) used when API_TOKEN_KEYS is empty: an HMAC of SECRET_KEY under a fixed label.

    The id is a digest of the derived secret, so a new SECRET_KEY gives a new id (and old tokens are refused
    as signed by an unknown key rather than as forged).
    """
    secret = hmac.new(secret_key.encode(), _DERIVATION_LABEL, hashlib.sha256).digest()
    return "sk-" + hashlib.sha256(secret).hexdigest()[:12], secret


def signing_keys() -> SigningKeys:
    """The keys of the current settings (API_TOKEN_KEYS, else the one derived from SECRET_KEY)."""
    settings = get_settings()
    pairs = tuple((kid, secret.encode()) for kid, secret in settings.api_token_key_list)
    return _keys(pairs or (derived_key(settings.secret_key),))


@functools.lru_cache(maxsize=8)
def _keys(pairs: tuple[tuple[str, bytes], ...]) -> SigningKeys:
    keys = [OctKey.import_key(secret, {"kid": kid, "alg": ALGORITHM, "use": "sig"}) for kid, secret in pairs]
    return SigningKeys(keys[0], pairs[0][0], KeySet(list(keys)), tuple(kid for kid, _ in pairs))


def issuer() -> str:
    """The `iss` of every token: the public address of this install."""
    return get_settings().public_url.rstrip("/")


# ---------------------------------------------------------------- JWTs


def _encode(claims: dict[str, Any], typ: str) -> str:
    keys = signing_keys()
    header = {"alg": ALGORITHM, "typ": typ, "kid": keys.current_id}
    return jwt.encode(header, claims, keys.current, algorithms=list(ALGORITHMS))


def _decode(token: str, typ: str, now: int | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """The header and checked claims of a JWT of type `typ`, or TokenError (`token_expired`, `token_invalid`)."""
    keys = signing_keys()
    try:
        decoded = jwt.decode(token, keys.verifying, algorithms=list(ALGORITHMS))
    except jose_errors.JoseError as exc:
        raise TokenError("token_invalid", type(exc).__name__) from None
    except ValueError as exc:  # a malformed segment (bad base64 or JSON) from the library's parsers
        raise TokenError("token_invalid", type(exc).__name__) from None
    header, claims = decoded.header, decoded.claims
    if header.get("typ") != typ or header.get("alg") not in ALGORITHMS or header.get("kid") not in keys.key_ids:
        raise TokenError("token_invalid", "header")
    clock = now if now is not None else int(utcnow().timestamp())
    registry = jwt.JWTClaimsRegistry(
        now=clock,
        leeway=LEEWAY_SECONDS,
        iss={"essential": True, "value": issuer()},
        aud={"essential": True, "value": AUDIENCE},
        sub={"essential": True},
        iat={"essential": True},
        nbf={"essential": True},
        exp={"essential": True},
        jti={"essential": True},
    )
    try:
        registry.validate(claims)
    except jose_errors.ExpiredTokenError:
        raise TokenError("token_expired", "exp") from None
    except jose_errors.JoseError as exc:
        raise TokenError("token_invalid", type(exc).__name__) from None
    if not isinstance(claims.get("iat"), int) or claims["iat"] > clock + LEEWAY_SECONDS:
        raise TokenError("token_invalid", "iat")
    return header, claims


def issue_access(user_id: int, family_id: str, *, now: datetime | None = None) -> str:
    """A signed access token for `user_id` in the refresh family `family_id`."""
    issued = int((now or utcnow()).timestamp())
    minutes = get_settings().api_access_token_minutes
    claims = {
        "iss": issuer(),
        "aud": AUDIENCE,
        "sub": str(user_id),
        "sid": family_id,
        "iat": issued,
        "nbf": issued,
        "exp": issued + minutes * 60,
        "jti": uuid.uuid4().hex,
    }
    return _encode(claims, ACCESS_TYPE)


def verify_access(token: str, *, now: int | None = None) -> AccessClaims:
    """The claims of a valid access token (signature, algorithm, key, type and every time claim checked).

    Raises:
        TokenError: `token_expired`, or `token_invalid` for anything else wrong.

    """
    header, claims = _decode(token, ACCESS_TYPE, now)
    sub, sid = claims.get("sub", ""), claims.get("sid")
    if not sub.isdigit() or not isinstance(sid, str) or not sid or len(sid) > 32:
        raise TokenError("token_invalid", "sub/sid")
    return AccessClaims(int(sub), sid, claims["iat"], claims["exp"], claims["jti"], str(header.get("kid")))


def user_for_access(session: Session, claims: AccessClaims, *, now: datetime | None = None) -> User | None:
    """The active user of a verified access token, or None when its family was revoked or has ended."""
    found = session.exec(
        select(ApiTokenFamily, User)
        .join(User, col(User.id) == col(ApiTokenFamily.user_id))
        .where(ApiTokenFamily.id == claims.family_id)
    ).first()
    if found is None:
        return None
    family, user = found
    moment = now or utcnow()
    if family.user_id != claims.user_id or family.revoked_at is not None or aware(family.expires_at) <= moment:
        return None
    return user if user.is_active else None


# ---------------------------------------------------------------- refresh tokens


def hash_refresh(token: str) -> str:
    """The SHA-256 hex digest stored in place of a refresh token."""
    return hashlib.sha256(token.encode()).hexdigest()


def _new_refresh(family: ApiTokenFamily, now: datetime) -> tuple[str, ApiRefreshToken, int]:
    """A new refresh token of `family`, its row (not yet added) and the seconds it is valid."""
    token = REFRESH_PREFIX + secrets.token_urlsafe(32)
    expires = min(now + timedelta(days=get_settings().api_refresh_token_days), aware(family.expires_at))
    row = ApiRefreshToken(family_id=family.id, token_hash=hash_refresh(token), created_at=now, expires_at=expires)
    return token, row, max(0, int((expires - now).total_seconds()))


def _made_pair(family: ApiTokenFamily, user_id: int, now: datetime) -> tuple[TokenPair, ApiRefreshToken]:
    """The next pair of `family` and the refresh token's row to store: the signing done before any write."""
    refresh, row, refresh_seconds = _new_refresh(family, now)
    pair = TokenPair(
        access_token=issue_access(user_id, family.id, now=now),
        refresh_token=refresh,
        expires_in=get_settings().api_access_token_minutes * 60,
        refresh_expires_in=refresh_seconds,
        family_id=family.id,
    )
    return pair, row


def _pair(session: Session, family: ApiTokenFamily, user_id: int, now: datetime) -> TokenPair:
    pair, row = _made_pair(family, user_id, now)
    session.add(row)
    return pair


def start(
    session: Session, user: User, *, via: str, ip: str = "", user_agent: str = "", now: datetime | None = None
) -> TokenPair:
    """Begin a new family for a user who just signed in (`via`: password, code, two_factor...)."""
    assert user.id is not None
    moment = now or utcnow()
    family = ApiTokenFamily(
        id=uuid.uuid4().hex,
        user_id=user.id,
        created_at=moment,
        expires_at=moment + timedelta(days=get_settings().api_refresh_family_days),
        last_used_at=moment,
        via=via[:20],
        ip=ip[:64],
        user_agent=user_agent[:300],
    )
    session.add(family)
    session.flush()  # the family's row before its first token's (no ORM relationship orders them)
    user.last_seen_at = moment
    session.add(user)
    return _pair(session, family, user.id, moment)


def refresh(session: Session, token: str, *, ip: str = "", now: datetime | None = None) -> TokenPair:
    """Trade a refresh token for a new access token and the next refresh token of its family.

    A token used before (or used by a concurrent request a moment ago) revokes its whole family; that
    revocation and its audit event are committed before the error is raised, so the caller's rollback keeps
    them.

    Raises:
        TokenError: `refresh_invalid` (unknown, expired, revoked family or inactive user) or
            `refresh_reused` (the family is revoked now).

    """
    moment = now or utcnow()
    row = session.exec(select(ApiRefreshToken).where(ApiRefreshToken.token_hash == hash_refresh(token or ""))).first()
    family = session.get(ApiTokenFamily, row.family_id) if row is not None else None
    if row is None or family is None or family.revoked_at is not None:
        raise TokenError("refresh_invalid", "unknown or revoked")
    if row.used_at is not None:
        _reused(session, family, ip)
    user = session.get(User, family.user_id)
    if aware(row.expires_at) <= moment or aware(family.expires_at) <= moment or user is None or not user.is_active:
        raise TokenError("refresh_invalid", "expired or inactive")
    assert user.id is not None
    # Everything that is not a write comes first (the new token, the signature): on SQLite the first write takes
    # the one writer's turn until the commit, and every other writer of the app waits for it meanwhile.
    pair, next_row = _made_pair(family, user.id, moment)
    claimed = session.exec(  # type: ignore[call-overload]
        update(ApiRefreshToken)
        .where(col(ApiRefreshToken.id) == row.id, col(ApiRefreshToken.used_at).is_(None))
        .values(used_at=moment)
    )
    if claimed.rowcount != 1:  # another request used it between our read and this write
        session.rollback()
        _reused(session, family, ip)
    family.last_used_at = moment
    session.add(family)
    if user.last_seen_at is None or moment - aware(user.last_seen_at) >= SEEN_EVERY:
        user.last_seen_at = moment  # to the minute, as a web session's (one write less for most refreshes)
        session.add(user)
    session.add(next_row)
    return pair


def _reused(session: Session, family: ApiTokenFamily, ip: str) -> None:
    """A used refresh token came back: revoke its family, audit it, commit, and refuse."""
    revoke_family(session, family.id, "reuse_detected")
    audit.record(
        session,
        "api_token.reuse_detected",
        subject_user_id=family.user_id,
        ip=ip,
        family=family.id,
        via=family.via,
    )
    session.commit()
    raise TokenError("refresh_reused", "reuse")


def family_of(session: Session, token: str) -> ApiTokenFamily | None:
    """The family a refresh token belongs to (used or not), or None."""
    row = session.exec(select(ApiRefreshToken).where(ApiRefreshToken.token_hash == hash_refresh(token or ""))).first()
    return session.get(ApiTokenFamily, row.family_id) if row is not None else None


def revoke_family(session: Session, family_id: str, reason: str) -> bool:
    """Revoke one family (its refresh tokens and access tokens); True when it was live."""
    result = session.exec(  # type: ignore[call-overload]
        update(ApiTokenFamily)
        .where(col(ApiTokenFamily.id) == family_id, col(ApiTokenFamily.revoked_at).is_(None))
        .values(revoked_at=utcnow(), revoked_reason=reason[:40])
    )
    return bool(result.rowcount)


def revoke_all(session: Session, user_id: int, reason: str) -> int:
    """Revoke every live family of a user; returns how many were live."""
    result = session.exec(  # type: ignore[call-overload]
        update(ApiTokenFamily)
        .where(col(ApiTokenFamily.user_id) == user_id, col(ApiTokenFamily.revoked_at).is_(None))
        .values(revoked_at=utcnow(), revoked_reason=reason[:40])
    )
    return int(result.rowcount or 0)


def revoke_own(session: Session, user_id: int, family_id: str, *, now: datetime | None = None) -> bool:
    """Revoke one of the user's live families (a sign-in `live_families` lists); False when none matches.

    Another user's family, an unknown, ended or revoked one are all the same `False`: nothing says it exists.
    """
    result = session.exec(  # type: ignore[call-overload]
        update(ApiTokenFamily)
        .where(
            col(ApiTokenFamily.id) == family_id,
            col(ApiTokenFamily.user_id) == user_id,
            col(ApiTokenFamily.revoked_at).is_(None),
            col(ApiTokenFamily.expires_at) > (now or utcnow()),
        )
        .values(revoked_at=utcnow(), revoked_reason="revoked_by_user")
    )
    return bool(result.rowcount)


def live_families(session: Session, user_id: int, *, now: datetime | None = None) -> list[ApiTokenFamily]:
    """The user's signed-in API clients, newest first."""
    moment = now or utcnow()
    rows = session.exec(
        select(ApiTokenFamily)
        .where(
            ApiTokenFamily.user_id == user_id,
            col(ApiTokenFamily.revoked_at).is_(None),
            col(ApiTokenFamily.expires_at) > moment,
        )
        .order_by(col(ApiTokenFamily.created_at).desc())
    ).all()
    return list(rows)


def prune(session: Session, now: datetime | None = None) -> int:
    """Delete families that ended more than a day ago (their tokens go with them) and old used tokens."""
    cutoff = (now or utcnow()) - timedelta(days=1)
    ended = select(ApiTokenFamily.id).where(
        or_(col(ApiTokenFamily.expires_at) < cutoff, col(ApiTokenFamily.revoked_at) < cutoff)
    )
    tokens = session.exec(  # type: ignore[call-overload]
        delete(ApiRefreshToken).where(
            or_(col(ApiRefreshToken.family_id).in_(ended), col(ApiRefreshToken.expires_at) < cutoff)
        )
    )
    families = session.exec(  # type: ignore[call-overload]
        delete(ApiTokenFamily).where(
            or_(col(ApiTokenFamily.expires_at) < cutoff, col(ApiTokenFamily.revoked_at) < cutoff)
        )
    )
    return int(tokens.rowcount or 0) + int(families.rowcount or 0)
