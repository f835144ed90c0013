"""The admin's billing lists and refunds (services/billing/subscribers.py): filters, paging, validation, audit.

The provider is a recording stand-in registered under "stripe" (the wire-level refund against the fake
Stripe server is the payment provider tests' and the end-to-end journey's); here it counts the calls and
refuses when told to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import Session, select

from interview_app.models import AuditEvent, Payment, Plan, Subscription, User
from interview_app.services.billing import payments, subscribers
from interview_app.services.billing.payments.base import PaymentError, RefundResult
from interview_app.services.billing.subscribers import RefundError, SubscriberFilter

T0 = datetime(2026, 5, 1, 9, tzinfo=UTC)


class RecordingProvider:
    """Accepts refunds and cancellations (or refuses with `refuse`) and remembers them."""

    calls: list[tuple[str, Any]] = []
    refuse: str = ""

    def __init__(self, settings: Any = None) -> None:
        del settings

    def refund(self, payment: Payment, amount: int | None = None) -> RefundResult:
        if RecordingProvider.refuse:
            raise PaymentError(RecordingProvider.refuse, "Charge is disputed")
        RecordingProvider.calls.append(("refund", (payment.provider_payment_id, amount)))
        return RefundResult(f"re_{len(RecordingProvider.calls)}", amount or 0, "succeeded")

    def cancel_now(self, subscription_id: str) -> None:
        RecordingProvider.calls.append(("cancel_now", subscription_id))


@pytest.fixture
def provider(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[RecordingProvider]]:
    RecordingProvider.calls, RecordingProvider.refuse = [], ""
    monkeypatch.setitem(payments.PROVIDERS, "stripe", RecordingProvider)  # pyright: ignore[reportArgumentType]
    yield RecordingProvider


@pytest.fixture
def billing(session: Session, make_user: Callable[..., User]) -> dict[str, Any]:
    """Two plans, three candidates with subscriptions in different states, and their payments."""
    free = Plan(slug="free", name="Free", is_default=True)
    premium = Plan(slug="premium", name="Premium", prices={"USD": {"month": 1200}})
    session.add_all([free, premium])
    session.commit()
    ada, bob, cy = make_user("ada@example.com", "Ada"), make_user("bob@example.com", "Bob"), make_user("cy@x.org", "Cy")
    subs = [
        Subscription(
            user_id=ada.id or 0,
            plan_id=premium.id or 0,
            provider="stripe",
            provider_subscription_id="sub_a",
            status="active",
            updated_at=T0,
        ),
        Subscription(
            user_id=bob.id or 0,
            plan_id=premium.id or 0,
            provider="stripe",
            provider_subscription_id="sub_b",
            status="active",
            cancel_at_period_end=True,
            updated_at=T0 + timedelta(hours=1),
        ),
        Subscription(
            user_id=cy.id or 0,
            plan_id=premium.id or 0,
            provider="razorpay",
            provider_subscription_id="sub_c",
            status="past_due",
            currency="INR",
            updated_at=T0 + timedelta(hours=2),
        ),
    ]
    session.add_all(subs)
    session.commit()
    pays = [
        Payment(
            user_id=ada.id,
            subscription_id=subs[0].id,
            provider="stripe",
            provider_payment_id="in_a1",
            amount=1200,
            paid_at=T0,
            invoice_number="IC-2026-000001",
            created_at=T0,
        ),
        Payment(
            user_id=bob.id,
            subscription_id=subs[1].id,
            provider="stripe",
            provider_payment_id="in_b1",
            amount=1200,
            paid_at=T0,
            invoice_number="IC-2026-000002",
            created_at=T0 + timedelta(minutes=1),
        ),
        Payment(
            user_id=cy.id,
            subscription_id=subs[2].id,
            provider="razorpay",
            provider_payment_id="pay_c1",
            amount=99900,
            currency="INR",
            status="failed",
            created_at=T0 + timedelta(minutes=2),
        ),
    ]
    session.add_all(pays)
    session.commit()
    admin = make_user("root@example.com", "Root", role="admin")
    return {"admin": admin, "users": (ada, bob, cy), "subs": subs, "payments": pays}


def emails(rows: list[subscribers.SubscriberRow]) -> list[str]:
    return [r.email for r in rows]


def test_search_filters_by_status_plan_provider_and_person_newest_change_first(session: Session, billing: dict):
    rows, total = subscribers.search(session, SubscriberFilter())
    assert total == 3 and emails(rows) == ["cy@x.org", "bob@example.com", "ada@example.com"]
    assert rows[0].plan_name == "Premium" and rows[0].subscription.status == "past_due"
    assert emails(subscribers.search(session, SubscriberFilter(status="active"))[0]) == [
        "bob@example.com",
        "ada@example.com",
    ]
    assert emails(subscribers.search(session, SubscriberFilter(status="cancelling"))[0]) == ["bob@example.com"]
    assert emails(subscribers.search(session, SubscriberFilter(provider="razorpay"))[0]) == ["cy@x.org"]
    assert subscribers.search(session, SubscriberFilter(plan="free")) == ([], 0)
    assert emails(subscribers.search(session, SubscriberFilter(person="ADA"))[0]) == ["ada@example.com"]
    page, total = subscribers.search(session, SubscriberFilter(), limit=2, offset=2)
    assert total == 3 and emails(page) == ["ada@example.com"]


def test_counts_per_status(session: Session, billing: dict):
    counts = subscribers.counts(session)
    assert counts["active"] == 2 and counts["past_due"] == 1 and counts["cancelling"] == 1 and counts["refunded"] == 0


def test_payments_list_with_what_is_left_to_refund(session: Session, billing: dict):
    rows, total = subscribers.payments(session)
    assert total == 3 and [r.payment.provider_payment_id for r in rows] == ["pay_c1", "in_b1", "in_a1"]
    assert [r.refundable for r in rows] == [0, 1200, 1200]
    assert rows[1].email == "bob@example.com" and rows[1].plan_name == "Premium"
    assert [r.payment.status for r in subscribers.payments(session, status="failed")[0]] == ["failed"]
    assert subscribers.payments(session, person="ada")[1] == 1


def test_parse_amount():
    assert subscribers.parse_amount("4.50", "USD") == 450
    assert subscribers.parse_amount(" ", "USD") is None
    assert subscribers.parse_amount("500", "JPY") == 500
    for bad in ("-1", "abc", "1.234", "0"):
        with pytest.raises(RefundError) as caught:
            subscribers.parse_amount(bad, "USD")
        assert caught.value.code == "amount_invalid"


def test_partial_then_full_refund_through_the_provider_is_audited(session: Session, billing: dict, provider):
    admin, payment = billing["admin"], billing["payments"][0]
    done = subscribers.refund(session, admin.id, payment.id, 450, "  Charged twice\n in May ", ip="10.0.0.1")
    assert done.refunded_amount == 450 and done.status == "paid"
    assert provider.calls == [("refund", ("in_a1", 450))]
    event = session.exec(select(AuditEvent).where(AuditEvent.event == "billing.refund")).one()
    assert event.actor_user_id == admin.id and event.subject_user_id == billing["users"][0].id
    assert event.detail["reason"] == "Charged twice in May" and event.detail["amount"] == 450
    assert event.detail["full"] is False and event.ip == "10.0.0.1"

    done = subscribers.refund(session, admin.id, payment.id, None, "Goodwill", end_subscription=True)
    assert done.refunded_amount == 1200 and done.status == "refunded"
    assert provider.calls[1] == ("refund", ("in_a1", 750)) and provider.calls[2] == ("cancel_now", "sub_a")
    sub = session.get(Subscription, billing["subs"][0].id)
    assert sub is not None and sub.status == "refunded"
    events = session.exec(select(AuditEvent).where(AuditEvent.event == "billing.refund")).all()
    assert len(events) == 2 and events[1].detail["full"] is True and events[1].detail["subscription_ended"] is True

    with pytest.raises(RefundError) as caught:
        subscribers.refund(session, admin.id, payment.id, None, "again")
    assert caught.value.code == "not_refundable"


@pytest.mark.parametrize(
    ("index", "amount", "reason", "code"),
    [
        (0, 0, "x", "amount_invalid"),
        (0, 1201, "x", "amount_invalid"),
        (0, 100, "   ", "reason_required"),
        (0, 100, "x" * 301, "reason_too_long"),
        (2, None, "failed payment", "not_refundable"),
    ],
)
def test_a_refused_refund_changes_nothing_and_reaches_no_provider(
    session: Session, billing: dict, provider, index: int, amount: int | None, reason: str, code: str
):
    payment = billing["payments"][index]
    with pytest.raises(RefundError) as caught:
        subscribers.refund(session, billing["admin"].id, payment.id, amount, reason)
    assert caught.value.code == code
    assert provider.calls == []
    session.refresh(payment)
    assert payment.refunded_amount == 0


def test_unknown_payment(session: Session, billing: dict, provider):
    with pytest.raises(RefundError) as caught:
        subscribers.refund(session, billing["admin"].id, 999_999, None, "x")
    assert caught.value.code == "not_found"


def test_the_providers_refusal_is_audited_and_the_payment_stays(session: Session, billing: dict, provider):
    provider.refuse = "rejected"
    payment = billing["payments"][1]
    with pytest.raises(RefundError) as caught:
        subscribers.refund(session, billing["admin"].id, payment.id, 100, "Asked by mail")
    assert caught.value.code == "rejected"
    session.refresh(payment)
    assert payment.refunded_amount == 0 and payment.status == "paid"
    failed = session.exec(select(AuditEvent).where(AuditEvent.event == "billing.refund_failed")).one()
    assert failed.detail["code"] == "rejected" and failed.detail["reason"] == "Asked by mail"
    assert failed.subject_user_id == billing["users"][1].id
