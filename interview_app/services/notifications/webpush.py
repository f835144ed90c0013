"""Web Push to the installed app: the server's VAPID key pair, browsers' subscriptions, and sending.

The VAPID key pair identifies this server to the browsers' push services. It is made on first use and kept
in `server_keys` (one row holding both halves, inserted race-free, so every process signs with the same
pair), unless VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY are both set. A subscription is what the service
worker's `pushManager.subscribe` returns: an endpoint URL at the push service and the browser's keys, with
which each message is encrypted (RFC 8291) so the push service cannot read it.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import logging
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid, VapidException
from pywebpush import WebPushException, webpush
from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from interview_app.clock import utcnow
from interview_app.db import insert_once
from interview_app.models import PushSubscription, ServerKey
from interview_app.settings import get_settings

log = logging.getLogger(__name__)

VAPID_KEY_NAME = "vapid"
MAX_FAILURES = 5
MAX_SUBSCRIPTIONS = 20
ENDPOINT_MAX_LENGTH = 2048
# An encrypted push message carries at most 4096 bytes; leave room for the encryption overhead.
MAX_PAYLOAD_BYTES = 3000
TIMEOUT_SECONDS = 10
DEFAULT_TTL_SECONDS = 4 * 3600
URGENCIES = ("very-low", "low", "normal", "high")
GONE = (404, 410)
_B64URL = re.compile(r"^[A-Za-z0-9_-]+={0,2}$")


class PushError(ValueError):
    """A subscription the server refuses; `code` is a key under `push.error.` (interview_app/i18n)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class VapidKeys:
    """The VAPID key pair in base64url: the raw 32-byte private key and the uncompressed 65-byte public key."""

    private_key: str
    public_key: str


def b64url_encode(data: bytes) -> str:
    """Unpadded base64url, as the Push API uses it."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Decode base64url with or without padding; raises ValueError for anything else."""
    if not _B64URL.match(text or ""):
        raise ValueError("not base64url")
    stripped = text.rstrip("=")
    return base64.urlsafe_b64decode(stripped + "=" * (-len(stripped) % 4))


def _keys_of(private: ec.EllipticCurvePrivateKey) -> VapidKeys:
    raw_private = private.private_numbers().private_value.to_bytes(32, "big")
    raw_public = private.public_key().public_numbers()
    point = b"\x04" + raw_public.x.to_bytes(32, "big") + raw_public.y.to_bytes(32, "big")
    return VapidKeys(private_key=b64url_encode(raw_private), public_key=b64url_encode(point))


def generate_keys() -> VapidKeys:
    """A new P-256 key pair for VAPID."""
    return _keys_of(ec.generate_private_key(ec.SECP256R1()))


def vapid_keys(session: Session) -> VapidKeys:
    """The server's VAPID key pair: from the settings when both halves are set, else made once and kept.

    When several processes ask at the same moment, each inserts its own new pair with "insert or ignore"
    and then reads back the one row that won, so all of them use the same pair.

    Raises:
        ValueError: VAPID_PRIVATE_KEY is set but is not a P-256 private key (raw base64url or DER).

    """
    settings = get_settings()
    if settings.vapid_public_key and settings.vapid_private_key:
        return _configured_keys(settings.vapid_private_key, settings.vapid_public_key)
    row = session.get(ServerKey, VAPID_KEY_NAME)
    if row is None:
        fresh = generate_keys()
        value = json.dumps({"private_key": fresh.private_key, "public_key": fresh.public_key})
        insert_once(session, ServerKey(name=VAPID_KEY_NAME, value=value))
        row = session.exec(select(ServerKey).where(ServerKey.name == VAPID_KEY_NAME)).one()
    stored = json.loads(row.value)
    return VapidKeys(private_key=stored["private_key"], public_key=stored["public_key"])


def _configured_keys(private_text: str, public_text: str) -> VapidKeys:
    try:
        private = Vapid.from_string(private_text.strip()).private_key
    except Exception as exc:  # py_vapid raises whatever its decoders raise
        raise ValueError("VAPID_PRIVATE_KEY is not a P-256 private key (base64url, raw or DER)") from exc
    keys = _keys_of(private)
    if keys.public_key != public_text.strip().rstrip("="):
        # Push services reject a public key that does not belong to the signing key: use the matching one.
        log.warning("VAPID_PUBLIC_KEY does not match VAPID_PRIVATE_KEY; using the key derived from the private key")
    return keys


def application_server_key(session: Session) -> str:
    """The public key for `pushManager.subscribe({applicationServerKey})`: base64url, uncompressed P-256."""
    return vapid_keys(session).public_key


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_endpoint(endpoint: str) -> str:
    """The endpoint if the server may post to it; raises PushError otherwise.

    Push services are public https sites. Plain http is accepted only for a loopback host outside
    production (the tests' local push service); private, link-local and other reserved addresses are
    refused so that a subscription cannot make the server post into its own network.
    """
    endpoint = (endpoint or "").strip()
    if not endpoint or len(endpoint) > ENDPOINT_MAX_LENGTH or any(ord(ch) <= 0x20 for ch in endpoint):
        raise PushError("endpoint_invalid")
    try:
        url = urlsplit(endpoint)
        host, port = url.hostname or "", url.port
    except ValueError as exc:
        raise PushError("endpoint_invalid") from exc
    if not host or url.username is not None or url.password is not None or url.fragment:
        raise PushError("endpoint_invalid")
    production = get_settings().is_production
    if url.scheme == "http" and not production and _is_loopback(host):
        return endpoint
    if url.scheme != "https":
        raise PushError("endpoint_insecure")
    if production and (port not in (None, 443) or _is_loopback(host)):
        raise PushError("endpoint_invalid")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return endpoint
    if address.is_loopback and not production:
        return endpoint
    if not address.is_global:
        raise PushError("endpoint_invalid")
    return endpoint


def _check_keys(p256dh: str, auth: str) -> tuple[str, str]:
    """The browser's keys in unpadded base64url; raises PushError unless p256dh is a P-256 point and auth 16 bytes."""
    try:
        point = b64url_decode((p256dh or "").strip())
        secret = b64url_decode((auth or "").strip())
        if len(point) != 65 or point[0] != 4 or len(secret) != 16:
            raise ValueError("wrong key size")
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    except ValueError as exc:
        raise PushError("keys_invalid") from exc
    return b64url_encode(point), b64url_encode(secret)


def subscribe(
    session: Session, user_id: int, endpoint: str, p256dh: str, auth: str, user_agent: str = ""
) -> PushSubscription:
    """Store a browser's push subscription for a user.

    An endpoint belongs to one browser profile: stored for another user (someone else signed in on that
    browser before), it moves to this user. A user keeps at most MAX_SUBSCRIPTIONS; the oldest go first.

    Args:
        session: The open database session; the caller commits.
        user_id: The signed-in user.
        endpoint: The push service URL from `PushSubscription.toJSON().endpoint`.
        p256dh: The browser's public key (`keys.p256dh`, base64url).
        auth: The browser's auth secret (`keys.auth`, base64url).
        user_agent: The browser's User-Agent, to tell devices apart (cut to 300 characters).

    Returns:
        The stored subscription.

    Raises:
        PushError: `endpoint_invalid`, `endpoint_insecure` or `keys_invalid`.

    """
    endpoint = _check_endpoint(endpoint)
    p256dh, auth = _check_keys(p256dh, auth)
    fields = {"user_id": user_id, "p256dh": p256dh, "auth": auth, "user_agent": (user_agent or "")[:300]}
    if not insert_once(session, PushSubscription(endpoint=endpoint, **fields)):
        session.exec(  # type: ignore[call-overload]
            update(PushSubscription)
            .where(col(PushSubscription.endpoint) == endpoint)
            .values(**fields, failures=0, created_at=utcnow())
        )
    row = session.exec(
        select(PushSubscription).where(PushSubscription.endpoint == endpoint).execution_options(populate_existing=True)
    ).one()
    _keep_newest(session, user_id)
    return row


def _keep_newest(session: Session, user_id: int) -> None:
    kept = session.exec(
        select(PushSubscription.id)
        .where(PushSubscription.user_id == user_id)
        .order_by(col(PushSubscription.created_at).desc(), col(PushSubscription.id).desc())
        .limit(MAX_SUBSCRIPTIONS)
    ).all()
    session.exec(  # type: ignore[call-overload]
        delete(PushSubscription).where(
            col(PushSubscription.user_id) == user_id, col(PushSubscription.id).not_in(list(kept))
        )
    )


def unsubscribe(session: Session, user_id: int, endpoint: str) -> bool:
    """Forget one of the user's subscriptions; True when there was one (others' endpoints are left alone)."""
    result = session.exec(  # type: ignore[call-overload]
        delete(PushSubscription).where(
            col(PushSubscription.user_id) == user_id, col(PushSubscription.endpoint) == (endpoint or "").strip()
        )
    )
    return result.rowcount > 0


def subscription_count(session: Session, user_id: int) -> int:
    """How many browsers the user receives push messages on."""
    return session.exec(select(func.count()).where(PushSubscription.user_id == user_id)).one()


def send(
    session: Session,
    user_id: int,
    payload: dict[str, Any],
    *,
    ttl: int = DEFAULT_TTL_SECONDS,
    urgency: str = "normal",
) -> int:
    """Send one message to every browser the user subscribed, and keep the subscription list healthy.

    A subscription the push service answers 404 or 410 for is gone and deleted; any other failure (an
    error status, a timeout, a refused connection) counts against it, and after MAX_FAILURES in a row it is
    deleted too. Nothing raises out of here for a failed delivery.

    Args:
        session: The open database session; the caller commits the subscription updates.
        user_id: Whose browsers.
        payload: JSON-able data for the service worker, e.g. {"title", "body", "url", "tag"}.
        ttl: Seconds the push service keeps the message for a browser that is offline.
        urgency: `very-low`, `low`, `normal` or `high` (RFC 8030), a hint for battery use.

    Returns:
        How many browsers the push service accepted the message for.

    Raises:
        ValueError: The payload is too large or the urgency unknown (a programming error, not a delivery one).

    """
    if urgency not in URGENCIES:
        raise ValueError(f"unknown urgency {urgency!r}")
    data = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    if len(data.encode()) > MAX_PAYLOAD_BYTES:
        raise ValueError("push payload too large")
    subscriptions = session.exec(select(PushSubscription).where(PushSubscription.user_id == user_id)).all()
    if not subscriptions:
        return 0
    signer = Vapid.from_raw(vapid_keys(session).private_key.encode())
    subject = get_settings().vapid_subject
    delivered = 0
    with requests.Session() as http:
        for subscription in subscriptions:
            try:
                status = _post(http, subscription, data, signer, subject, ttl, urgency)
            except VapidException as exc:  # a bad VAPID_SUBJECT: no browser is to blame
                log.error("web push not sent, VAPID_SUBJECT %r is refused: %s", subject, exc)
                break
            if status is None:
                delivered += 1
                subscription.failures = 0
                subscription.last_sent_at = utcnow()
                session.add(subscription)
            elif status in GONE or subscription.failures + 1 >= MAX_FAILURES:
                log.info("dropping push subscription %s of user %s (%s)", subscription.id, user_id, status)
                session.delete(subscription)
            else:
                subscription.failures += 1
                session.add(subscription)
    session.flush()
    return delivered


def _post(
    http: requests.Session,
    subscription: PushSubscription,
    data: str,
    signer: Vapid,
    subject: str,
    ttl: int,
    urgency: str,
) -> int | str | None:
    """Encrypt and post one message; None when accepted, else the HTTP status or the kind of error."""
    info = {"endpoint": subscription.endpoint, "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth}}
    try:
        webpush(
            info,
            data=data,
            vapid_private_key=signer,
            vapid_claims={"sub": subject},
            ttl=ttl,
            headers={"Urgency": urgency},
            timeout=TIMEOUT_SECONDS,
            requests_session=http,
        )
    except VapidException:
        raise
    except WebPushException as exc:
        log.warning("web push to subscription %s refused: %s", subscription.id, exc.message)
        return exc.status_code or "refused"
    except Exception as exc:  # timeouts, refused connections, TLS errors: never out of send()
        log.warning("web push to subscription %s failed: %s", subscription.id, exc)
        return type(exc).__name__
    return None
