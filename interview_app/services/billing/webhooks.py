"""Receiving a provider's webhook: verify, store the event once, apply it, all in one transaction.

`receive` is what POST /api/billing/webhooks/<provider> calls with the raw body. A wrong or missing
signature is refused before anything is read or stored. An event id already stored (a provider's retry, a
replay) answers "duplicate" and changes nothing; two deliveries of the same event at once meet the unique
(provider, event_id) constraint and the second is a duplicate too. An event that fails to apply is rolled
back entirely (nothing stored), so the provider's retry tries again.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from interview_app.clock import utcnow
from interview_app.models import BillingEvent
from interview_app.services.billing import payments, subscriptions
from interview_app.services.billing.payments.base import SignatureError

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 256 * 1024


class WebhookRefused(Exception):
    """The request is not a genuine event of a known provider; `code`: unknown_provider, signature, malformed."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


@dataclass(frozen=True)
class Received:
    """What became of one delivery."""

    event_id: str
    type: str
    duplicate: bool
    outcome: str


def receive(session: Session, provider_name: str, body: bytes, headers: Mapping[str, str]) -> Received:
    """Verify and apply one webhook delivery; commits.

    Raises:
        WebhookRefused: An unknown provider, a signature that does not verify, or a body that is no event.

    """
    provider = payments.by_name(provider_name)
    if provider is None:
        raise WebhookRefused("unknown_provider", provider_name)
    lowered = {name.lower(): value for name, value in headers.items()}
    try:
        event = provider.parse_webhook(body, lowered)
    except SignatureError as exc:
        log.warning("Refused a %s webhook: %s", provider_name, exc)
        raise WebhookRefused("signature", str(exc)) from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise WebhookRefused("malformed", str(exc)) from exc
    seen = _stored(session, event.provider, event.event_id)
    if seen is not None:
        return Received(event.event_id, event.type, duplicate=True, outcome=seen.outcome)
    row = BillingEvent(
        provider=event.provider,
        event_id=event.event_id,
        type=event.type[:80],
        created_at=event.created_at,
        received_at=utcnow(),
        payload=event.payload,
    )
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        session.rollback()
        seen = _stored(session, event.provider, event.event_id)
        return Received(event.event_id, event.type, duplicate=True, outcome=seen.outcome if seen else "")
    try:
        outcome = subscriptions.apply(session, event)
    except Exception:
        session.rollback()
        raise
    row.outcome = outcome[:200]
    row.processed_at = utcnow()
    session.commit()
    log.info("%s webhook %s (%s): %s", event.provider, event.event_id, event.type, outcome)
    return Received(event.event_id, event.type, duplicate=False, outcome=outcome)


def _stored(session: Session, provider: str, event_id: str) -> BillingEvent | None:
    query = select(BillingEvent).where(BillingEvent.provider == provider, BillingEvent.event_id == event_id)
    return session.exec(query).first()
