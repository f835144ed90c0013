"""Every billing action is in the audit log: the candidate's checkout and cancellation (against the fake Stripe),
the admin's refunds through the provider's wire (services/billing/subscribers.py) and invoice downloads."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlmodel import Session, select

from interview_app.models import AuditEvent, Payment, Plan, Subscription, User
from interview_app.services.billing import checkout, invoices, subscribers, subscriptions, webhooks
from interview_app.settings import Settings
from tests.support import fake_stripe
from tests.support.fake_stripe import FakeStripe
from tests.support.payments import add_plans, price_fakes, settings_for


@pytest.fixture(scope="module")
def stripe_fake() -> Iterator[FakeStripe]:
    fake = fake_stripe.start()
    price_fakes(stripe=fake)
    yield fake
    assert fake.server is not None
    fake.server.stop()


@pytest.fixture
def premium(session: Session, override_settings: Callable[..., Settings], stripe_fake: FakeStripe) -> Plan:
    override_settings(**settings_for(stripe_fake))
    return add_plans(session)[1]


def events(session: Session, name: str) -> list[AuditEvent]:
    return list(session.exec(select(AuditEvent).where(AuditEvent.event == name).order_by(AuditEvent.id)).all())  # type: ignore[arg-type]


def deliver(session: Session, fake: FakeStripe, batch: list[dict[str, Any]]) -> None:
    for event in batch:
        webhooks.receive(session, "stripe", *fake.webhook(event))


def test_checkout_cancel_refund_and_invoice_are_audited_over_the_fake_stripe(
    session: Session, make_user: Callable[..., User], premium: Plan, stripe_fake: FakeStripe
):
    user = make_user()
    admin = make_user("root@example.com", "Root", role="admin")
    started = checkout.start(session, user, "premium", "month")
    [begun] = events(session, "billing.checkout_started")
    assert begun.actor_user_id == user.id and begun.subject_user_id == user.id
    assert begun.detail == {"plan": "premium", "interval": "month", "provider": "stripe", "currency": "USD"}

    deliver(session, stripe_fake, stripe_fake.complete_checkout(started.url.rsplit("/", 1)[-1]))
    payment = session.exec(select(Payment).where(Payment.user_id == user.id)).one()
    assert payment.amount == 1200 and payment.status == "paid"

    # A partial refund from the admin goes over the fake Stripe's wire (POST /v1/refunds).
    done = subscribers.refund(
        session, admin.id or 0, payment.id or 0, 500, "Billed for a week it was down", ip="10.0.0.9"
    )
    assert done.refunded_amount == 500 and done.status == "paid"
    assert [r["amount"] for r in stripe_fake.refunds.values()][-1] == 500
    [refund] = events(session, "billing.refund")
    assert refund.actor_user_id == admin.id and refund.subject_user_id == user.id and refund.ip == "10.0.0.9"
    assert refund.detail["refunded_total"] == 500 and refund.detail["provider"] == "stripe"
    # Stripe's charge.refunded for it changes nothing more.
    deliver(session, stripe_fake, [stripe_fake.refund_event(list(stripe_fake.refunds)[-1])])
    session.refresh(payment)
    assert payment.refunded_amount == 500

    # More than is left: the fake Stripe would refuse too, but it is refused before the wire.
    with pytest.raises(subscribers.RefundError, match="amount_invalid"):
        subscribers.refund(session, admin.id or 0, payment.id or 0, 800, "too much")
    # The provider refuses (its 500): audited, nothing changes.
    stripe_fake.fail("server")
    with pytest.raises(subscribers.RefundError) as caught:
        subscribers.refund(session, admin.id or 0, payment.id or 0, 100, "retry later")
    assert caught.value.code == "unavailable"
    [failed] = events(session, "billing.refund_failed")
    assert failed.detail["code"] == "unavailable"
    session.refresh(payment)
    assert payment.refunded_amount == 500

    subscriptions.cancel_at_period_end(session, user.id or 0)
    [cancel] = events(session, "billing.cancel_requested")
    row = session.exec(select(Subscription).where(Subscription.user_id == user.id)).one()
    assert cancel.actor_user_id == user.id and cancel.detail["subscription_id"] == row.id
    assert cancel.detail["period_end"].startswith(str(row.current_period_end)[:10])

    name, pdf = invoices.download(session, user, payment.id or 0)
    assert pdf.startswith(b"%PDF-") and name.endswith(".pdf")
    assert len(events(session, "billing.invoice_downloaded")) == 1
