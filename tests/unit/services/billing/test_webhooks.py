"""Checkout, webhooks and the subscription state machine, end to end against the fake Stripe and Razorpay:
each state transition, idempotency (a replay changes nothing), out-of-order delivery, grace periods,
cancelling at period end and refunds."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import Session, func, select

from interview_app.clock import aware
from interview_app.models import BillingEvent, Payment, Plan, Profile, Subscription, User
from interview_app.services.billing import checkout, plans, subscriptions, webhooks
from interview_app.services.billing.subscriptions import BillingError
from interview_app.services.privacy import privacy
from interview_app.settings import Settings
from tests.support import fake_razorpay, fake_stripe
from tests.support.fake_razorpay import FakeRazorpay
from tests.support.fake_stripe import FakeStripe
from tests.support.handlers import CLIENT, PASSWORD
from tests.support.payments import add_plans, price_fakes, settings_for


@pytest.fixture(scope="module")
def stripe_fake() -> Iterator[FakeStripe]:
    fake = fake_stripe.start()
    price_fakes(stripe=fake)
    yield fake
    assert fake.server is not None
    fake.server.stop()


@pytest.fixture(scope="module")
def razorpay_fake() -> Iterator[FakeRazorpay]:
    fake = fake_razorpay.start()
    price_fakes(razorpay=fake)
    yield fake
    assert fake.server is not None
    fake.server.stop()


@pytest.fixture
def premium(
    session: Session, override_settings: Callable[..., Settings], stripe_fake: FakeStripe, razorpay_fake: FakeRazorpay
) -> Plan:
    override_settings(**settings_for(stripe_fake, razorpay_fake))
    return add_plans(session)[1]


def _stripe(session: Session, fake: FakeStripe, event: dict[str, Any], **signing: Any) -> webhooks.Received:
    return webhooks.receive(session, "stripe", *fake.webhook(event, **signing))


def _razorpay(session: Session, fake: FakeRazorpay, event: dict[str, Any]) -> webhooks.Received:
    return webhooks.receive(session, "razorpay", *fake.webhook(event))


def _moment(fake: FakeStripe | FakeRazorpay) -> datetime:
    return datetime.fromtimestamp(fake.clock, UTC)


def _subscribed(session: Session, user: User, fake: FakeStripe) -> tuple[Subscription, list[dict[str, Any]]]:
    """A Stripe checkout started and paid; the events are returned undelivered."""
    started = checkout.start(session, user, "premium", "month")
    checkout_id = started.url.rsplit("/", 1)[-1]
    events = fake.complete_checkout(checkout_id)
    row = session.exec(select(Subscription).where(Subscription.user_id == user.id)).one()
    return row, events


def _count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_stripe_checkout_then_webhooks_make_the_candidate_premium(
    session: Session, make_user: Callable[..., User], premium: Plan, stripe_fake: FakeStripe
):
    user = make_user()
    assert user.id is not None
    row, events = _subscribed(session, user, stripe_fake)
    assert (row.status, row.provider, row.plan_id, row.currency) == ("incomplete", "stripe", premium.id, "USD")
    assert row.provider_customer_id in stripe_fake.customers and row.provider_subscription_id is None
    assert checkout.return_state(session, user.id).state == "processing"
    outcomes = [_stripe(session, stripe_fake, e).outcome for e in events]
    assert outcomes == ["linked", "active", "payment recorded; active"]
    session.refresh(row)
    assert row.status == "active" and row.provider_subscription_id in stripe_fake.subscriptions
    assert row.current_period_end is not None and aware(row.current_period_end) > _moment(stripe_fake)
    payment = session.exec(select(Payment).where(Payment.user_id == user.id)).one()
    assert (payment.amount, payment.currency, payment.status, payment.subscription_id) == (1200, "USD", "paid", row.id)
    assert payment.provider_payment_id.startswith("pi_")
    assert payment.invoice_number == f"IC-{aware(payment.paid_at or payment.created_at).year}-{payment.id:06d}"
    assert plans.plan_for(session, user.id).slug == "premium"
    assert checkout.return_state(session, user.id) == checkout.ReturnState("premium", "Premium")
    with pytest.raises(BillingError, match="already_subscribed"):
        checkout.start(session, user, "premium", "year")


def test_a_second_checkout_reuses_the_customer_and_the_pending_row(
    session: Session, make_user: Callable[..., User], premium: Plan, stripe_fake: FakeStripe
):
    user = make_user("reuse@example.com")
    first = checkout.start(session, user, "premium", "month")
    second = checkout.start(session, user, "premium", "year")
    assert first.url != second.url and first.browser_key == fake_stripe.PUBLISHABLE_KEY
    rows = session.exec(select(Subscription).where(Subscription.user_id == user.id)).all()
    assert len(rows) == 1 and rows[0].interval == "year"
    assert stripe_fake.count_customers(user.email) == 1


def test_an_expired_checkout_ends_the_wait(
    session: Session, make_user: Callable[..., User], premium: Plan, stripe_fake: FakeStripe
):
    user = make_user("expired@example.com")
    assert user.id is not None
    stripe_fake.clock = int(time.time())  # the provider's clock and ours agree (other tests moved the fake's on)
    started = checkout.start(session, user, "premium", "month")
    assert checkout.return_state(session, user.id).state == "processing"
    stripe_fake.tick()
    [expired] = stripe_fake.expire_checkout(started.url.rsplit("/", 1)[-1])
    assert _stripe(session, stripe_fake, expired).outcome == "checkout expired"
    assert checkout.return_state(session, user.id).state == "none"
    row = session.exec(select(Subscription).where(Subscription.user_id == user.id)).one()
    assert row.status == "cancelled"
    stripe_fake.clock = int(time.time()) - 3600  # a checkout started an hour ago, left open ...
    first = checkout.start(session, user, "premium", "month")
    stripe_fake.clock = int(time.time())
    second = checkout.start(session, user, "premium", "year")  # ... and a new one now, reusing the pending row
    stripe_fake.tick()
    [expired] = stripe_fake.expire_checkout(first.url.rsplit("/", 1)[-1])
    assert _stripe(session, stripe_fake, expired).outcome == "nothing pending"  # the newer checkout still waits
    assert second.url != first.url and checkout.return_state(session, user.id).state == "processing"


def test_checkout_refusals(
    session: Session,
    make_user: Callable[..., User],
    premium: Plan,
    stripe_fake: FakeStripe,
    override_settings: Callable[..., Settings],
):
    user = make_user()
    for slug, interval in (("free", "month"), ("gold", "month"), ("premium", "week")):
        with pytest.raises(BillingError, match="plan_unavailable"):
            checkout.start(session, user, slug, interval)
    stripe_fake.fail("rate_limit")
    with pytest.raises(BillingError) as caught:
        checkout.start(session, user, "premium", "month")
    assert caught.value.code == "rate_limited"
    assert session.exec(select(Subscription)).all() == []
    override_settings(plans_enabled="false")
    with pytest.raises(BillingError, match="plans_off"):
        checkout.start(session, user, "premium", "month")


def test_a_replayed_event_changes_nothing(
    session: Session, make_user: Callable[..., User], premium: Plan, stripe_fake: FakeStripe
):
    user = make_user()
    row, events = _subscribed(session, user, stripe_fake)
    for event in events:
        _stripe(session, stripe_fake, event)
    stored, paid = _count(session, BillingEvent), _count(session, Payment)
    replay = _stripe(session, stripe_fake, events[2])
    assert replay.duplicate and replay.outcome == "payment recorded; active"
    assert (_count(session, BillingEvent), _count(session, Payment)) == (stored, paid)
    # Even a replay of an old "active" after a failure leaves the subscription past due.
    failure = stripe_fake.fail_renewal(row.provider_subscription_id or "")
    stripe_fake.tick()
    for event in failure:
        _stripe(session, stripe_fake, event)
    assert _stripe(session, stripe_fake, events[1]).duplicate
    session.refresh(row)
    assert row.status == "past_due"


def test_an_older_event_arriving_late_does_not_overwrite_a_newer_state(
    session: Session, make_user: Callable[..., User], premium: Plan, stripe_fake: FakeStripe
):
    user = make_user()
    row, events = _subscribed(session, user, stripe_fake)
    subscription_id = next(iter(e for e in events if e["type"] == "customer.subscription.created"))["data"]["object"][
        "id"
    ]
    stripe_fake.tick(60)
    failed = stripe_fake.fail_renewal(subscription_id)
    # The failure's events arrive first, then the checkout's older ones.
    for event in [*failed, *events]:
        _stripe(session, stripe_fake, event)
    session.refresh(row)
    assert row.status == "past_due" and row.last_event_at is not None
    assert aware(row.last_event_at) == _moment(stripe_fake)
    outcome = session.exec(select(BillingEvent.outcome).where(BillingEvent.type == "invoice.paid")).one()
    assert outcome == "payment recorded; state stale"  # the money is recorded, the state is not moved back
    assert _count(session, Payment) == 2  # the paid invoice, and the failed renewal's attempt
    assert session.exec(select(Payment.status).where(Payment.amount == 1200)).all().count("failed") == 1


def test_events_of_the_same_second_only_move_forwards(
    session: Session, make_user: Callable[..., User], premium: Plan, stripe_fake: FakeStripe
):
    user = make_user()
    row, events = _subscribed(session, user, stripe_fake)
    created = events[1]
    incomplete = stripe_fake.event(
        "customer.subscription.created", created["data"]["object"] | {"status": "incomplete"}
    )
    for event in (events[0], created, incomplete):
        _stripe(session, stripe_fake, event)
    session.refresh(row)
    assert row.status == "active"
    earlier_period = created["data"]["object"] | {
        "items": {
            "data": [created["data"]["object"]["items"]["data"][0] | {"current_period_end": stripe_fake.clock + 5}]
        }
    }
    assert (
        _stripe(session, stripe_fake, stripe_fake.event("customer.subscription.updated", earlier_period)).outcome
        == "stale"
    )


def test_a_failed_renewal_keeps_premium_through_the_grace_period_then_the_default_plan(
    session: Session, make_user: Callable[..., User], premium: Plan, stripe_fake: FakeStripe
):
    user = make_user()
    assert user.id is not None
    row, events = _subscribed(session, user, stripe_fake)
    for event in events:
        _stripe(session, stripe_fake, event)
    subscription_id = row.provider_subscription_id or ""
    stripe_fake.tick(3600)
    for event in stripe_fake.fail_renewal(subscription_id):
        _stripe(session, stripe_fake, event)
    session.refresh(row)
    failed_at = _moment(stripe_fake)
    assert row.status == "past_due" and row.grace_until is not None
    assert aware(row.grace_until) == failed_at + timedelta(days=7)
    assert plans.plan_for(session, user.id, failed_at + timedelta(days=6)).slug == "premium"
    assert plans.plan_for(session, user.id, failed_at + timedelta(days=8)).slug == "free"
    # Nothing of the candidate's goes: the account, the profile, the payment made before.
    assert session.get(User, user.id) is not None and session.get(Profile, user.id) is not None
    assert session.exec(select(Payment.status).where(Payment.user_id == user.id)).all().count("paid") == 1
    grace_until = row.grace_until
    row.grace_until = row.created_at  # as if the grace period were over now
    session.commit()
    with pytest.raises(BillingError, match="payment_due"):  # no second subscription while this one is retried
        checkout.start(session, user, "premium", "month")
    row.grace_until = grace_until
    session.commit()
    stripe_fake.tick(3600)
    for event in stripe_fake.renew(subscription_id):
        _stripe(session, stripe_fake, event)
    session.refresh(row)
    assert (row.status, row.grace_until) == ("active", None)
    assert plans.plan_for(session, user.id, failed_at + timedelta(days=8)).slug == "premium"


def test_cancel_keeps_premium_until_the_period_ends_then_free(
    session: Session, make_user: Callable[..., User], premium: Plan, stripe_fake: FakeStripe
):
    user = make_user()
    assert user.id is not None
    with pytest.raises(BillingError, match="no_subscription"):
        subscriptions.cancel_at_period_end(session, user.id)
    row, events = _subscribed(session, user, stripe_fake)
    for event in events:
        _stripe(session, stripe_fake, event)
    subscription_id = row.provider_subscription_id or ""
    subscriptions.cancel_at_period_end(session, user.id)
    assert stripe_fake.subscriptions[subscription_id]["cancel_at_period_end"] is True
    stripe_fake.tick()
    _stripe(session, stripe_fake, stripe_fake.cancel_event(subscription_id))
    session.refresh(row)
    assert row.status == "active" and row.cancel_at_period_end
    assert plans.plan_for(session, user.id, _moment(stripe_fake)).slug == "premium"
    _stripe(session, stripe_fake, stripe_fake.end_period(subscription_id)[0])
    session.refresh(row)
    assert row.status == "cancelled"
    assert plans.plan_for(session, user.id, _moment(stripe_fake) + timedelta(seconds=1)).slug == "free"


def test_a_full_refund_ends_the_subscription_and_its_webhook_changes_nothing_more(
    session: Session, make_user: Callable[..., User], premium: Plan, stripe_fake: FakeStripe
):
    user = make_user()
    assert user.id is not None
    row, events = _subscribed(session, user, stripe_fake)
    for event in events:
        _stripe(session, stripe_fake, event)
    payment = session.exec(select(Payment).where(Payment.user_id == user.id)).one()
    assert payment.id is not None
    with pytest.raises(BillingError, match="refund_invalid"):
        subscriptions.refund(session, payment.id, 5000)
    subscriptions.refund(session, payment.id, 200)
    session.refresh(payment)
    assert (payment.status, payment.refunded_amount) == ("paid", 200) and payment.refunded_at is not None
    session.refresh(row)
    assert row.status == "active"
    subscriptions.refund(session, payment.id)
    session.refresh(payment)
    session.refresh(row)
    assert (payment.status, payment.refunded_amount, row.status) == ("refunded", 1200, "refunded")
    assert stripe_fake.subscriptions[row.provider_subscription_id or ""]["status"] == "canceled"
    assert plans.plan_for(session, user.id).slug == "free"
    refund_id = list(stripe_fake.refunds)[-1]
    stripe_fake.tick()
    assert _stripe(session, stripe_fake, stripe_fake.refund_event(refund_id)).outcome == "refunded"
    deleted = stripe_fake.event(
        "customer.subscription.deleted", stripe_fake.subscriptions[row.provider_subscription_id or ""]
    )
    _stripe(session, stripe_fake, deleted)
    session.refresh(row)
    assert row.status == "refunded"
    with pytest.raises(BillingError, match="refund_invalid"):
        subscriptions.refund(session, payment.id)


def test_a_refund_made_at_the_provider_arrives_by_webhook(
    session: Session, make_user: Callable[..., User], premium: Plan, stripe_fake: FakeStripe
):
    user = make_user()
    row, events = _subscribed(session, user, stripe_fake)
    for event in events:
        _stripe(session, stripe_fake, event)
    payment = session.exec(select(Payment).where(Payment.user_id == user.id)).one()
    stripe_fake.route(
        "POST",
        "/v1/refunds",
        {},
        {"authorization": f"Bearer {fake_stripe.SECRET_KEY}"},
        f"payment_intent={payment.provider_payment_id}".encode(),
    )
    stripe_fake.tick()
    assert _stripe(session, stripe_fake, stripe_fake.refund_event(list(stripe_fake.refunds)[-1])).outcome == "refunded"
    session.refresh(row)
    assert row.status == "refunded"


def test_a_refund_arriving_before_its_payment_is_applied_when_the_payment_arrives(
    session: Session, make_user: Callable[..., User], premium: Plan, stripe_fake: FakeStripe
):
    user = make_user("early@example.com")
    row, events = _subscribed(session, user, stripe_fake)
    intent = stripe_fake.invoices[events[2]["data"]["object"]["id"]]["_payment"]["payment"]["payment_intent"]
    headers = {"authorization": f"Bearer {fake_stripe.SECRET_KEY}"}
    stripe_fake.route("POST", "/v1/refunds", {}, headers, f"payment_intent={intent}".encode())
    stripe_fake.tick()
    early = _stripe(session, stripe_fake, stripe_fake.refund_event(list(stripe_fake.refunds)[-1]))
    assert early.outcome == f"refund before its payment: {intent} 1200"
    for event in events:
        _stripe(session, stripe_fake, event)
    payment = session.exec(select(Payment).where(Payment.user_id == user.id)).one()
    session.refresh(row)
    assert (payment.status, payment.refunded_amount, row.status) == ("refunded", 1200, "refunded")
    stored = session.exec(select(BillingEvent).where(BillingEvent.type == "charge.refunded")).one()
    assert stored.outcome == f"refund applied once its payment {intent} arrived"


def test_events_of_unknown_subscriptions_and_other_types_are_stored_and_answered(
    session: Session, premium: Plan, stripe_fake: FakeStripe
):
    stranger = {"id": "sub_unknown", "object": "subscription", "status": "active", "customer": "cus_unknown"}
    received = _stripe(session, stripe_fake, stripe_fake.event("customer.subscription.updated", stranger))
    assert received.outcome == "unknown subscription"
    assert _stripe(session, stripe_fake, stripe_fake.event("product.created", {"id": "prod_1"})).outcome == "ignored"
    gone = stranger | {"customer": "cus_gone", "metadata": {"user_id": "987654", "plan": "premium"}}
    received = _stripe(session, stripe_fake, stripe_fake.event("customer.subscription.created", gone))
    assert received.outcome == "unknown subscription"  # an account deleted since: stored, answered, no row
    assert _count(session, BillingEvent) == 3 and _count(session, Subscription) == 0


def test_a_cancellation_scheduled_with_cancel_at_counts_as_cancelling(
    session: Session, make_user: Callable[..., User], premium: Plan, stripe_fake: FakeStripe
):
    user = make_user("portal@example.com")
    row, events = _subscribed(session, user, stripe_fake)
    for event in events:
        _stripe(session, stripe_fake, event)
    subscription = stripe_fake.subscriptions[row.provider_subscription_id or ""]
    end = subscription["items"]["data"][0]["current_period_end"]
    stripe_fake.tick()
    _stripe(session, stripe_fake, stripe_fake.event("customer.subscription.updated", subscription | {"cancel_at": end}))
    session.refresh(row)
    assert row.status == "active" and row.cancel_at_period_end


def test_a_wrongly_signed_or_unknown_webhook_stores_nothing(session: Session, premium: Plan, stripe_fake: FakeStripe):
    event = stripe_fake.event("product.created", {"id": "prod_2"})
    with pytest.raises(webhooks.WebhookRefused, match="signature"):
        _stripe(session, stripe_fake, event, secret="whsec_wrong")
    with pytest.raises(webhooks.WebhookRefused, match="signature"):
        _stripe(session, stripe_fake, event, at=int(time.time()) - 3600)
    with pytest.raises(webhooks.WebhookRefused, match="unknown_provider"):
        webhooks.receive(session, "paypal", b"{}", {})
    body, headers = stripe_fake.webhook(event)
    with pytest.raises(webhooks.WebhookRefused, match="malformed"):
        webhooks.receive(session, "stripe", *stripe_fake.webhook({"object": "list"}))
    assert _count(session, BillingEvent) == 0
    assert webhooks.receive(session, "stripe", body, headers).duplicate is False


# -- Razorpay -------------------------------------------------------------------------------------------


def test_razorpay_subscription_life(
    session: Session,
    make_user: Callable[..., User],
    premium: Plan,
    razorpay_fake: FakeRazorpay,
    override_settings: Callable[..., Settings],
):
    override_settings(payments_provider="razorpay")
    user = make_user()
    assert user.id is not None
    started = checkout.start(session, user, "premium", "month")
    assert started.provider == "razorpay" and started.browser_key == fake_razorpay.KEY_ID
    row = session.exec(select(Subscription).where(Subscription.user_id == user.id)).one()
    assert row.provider_subscription_id is not None and row.currency == "INR"
    # The app's own checkout page opens Razorpay's Standard Checkout with checkout.js (api/billing.py).
    # Its link carries the token signed for this candidate (`checkout.page_token`).
    page, _, token = started.url.partition("?t=")
    assert page == f"http://localhost:3000/api/billing/checkout/razorpay/{row.provider_subscription_id}"
    assert checkout.page_token_user("razorpay", row.provider_subscription_id, token) == user.id
    events = razorpay_fake.authorize(row.provider_subscription_id)
    assert [_razorpay(session, razorpay_fake, e).outcome for e in events] == [
        "incomplete",
        "active",
        "payment recorded; active",
    ]
    assert _razorpay(session, razorpay_fake, events[2]).duplicate  # Razorpay's redelivery: same event id
    payment = session.exec(select(Payment).where(Payment.user_id == user.id)).one()
    assert (payment.amount, payment.currency, payment.status) == (99900, "INR", "paid")
    assert plans.plan_for(session, user.id).slug == "premium"
    razorpay_fake.tick(3600)
    for event in razorpay_fake.fail_renewal(row.provider_subscription_id):
        _razorpay(session, razorpay_fake, event)
    session.refresh(row)
    assert row.status == "past_due" and row.grace_until is not None
    razorpay_fake.tick(3600)
    for event in razorpay_fake.renew(row.provider_subscription_id):
        _razorpay(session, razorpay_fake, event)
    session.refresh(row)
    assert (row.status, row.grace_until) == ("active", None)
    assert subscriptions.portal_url(session, user.id, "http://localhost:3000/settings") is None
    subscriptions.cancel_at_period_end(session, user.id)
    session.refresh(row)
    assert row.cancel_at_period_end
    for event in razorpay_fake.end_cycle(row.provider_subscription_id):
        _razorpay(session, razorpay_fake, event)
    session.refresh(row)
    assert row.status == "cancelled"
    assert plans.plan_for(session, user.id, _moment(razorpay_fake) + timedelta(seconds=1)).slug == "free"


def test_razorpay_refund(
    session: Session,
    make_user: Callable[..., User],
    premium: Plan,
    razorpay_fake: FakeRazorpay,
    override_settings: Callable[..., Settings],
):
    override_settings(payments_provider="razorpay")
    user = make_user()
    checkout.start(session, user, "premium", "month")
    row = session.exec(select(Subscription).where(Subscription.user_id == user.id)).one()
    for event in razorpay_fake.authorize(row.provider_subscription_id or ""):
        _razorpay(session, razorpay_fake, event)
    payment = session.exec(select(Payment).where(Payment.user_id == user.id)).one()
    assert payment.id is not None
    razorpay_fake.fail("bad_key")
    with pytest.raises(BillingError) as caught:
        subscriptions.refund(session, payment.id)
    assert caught.value.code == "auth"
    session.refresh(payment)
    assert payment.status == "paid" and payment.refunded_amount == 0  # a refused refund changes nothing
    subscriptions.refund(session, payment.id)
    session.refresh(row)
    assert row.status == "refunded"
    assert razorpay_fake.subscriptions[row.provider_subscription_id or ""]["status"] == "cancelled"


def test_deleting_an_account_ends_its_subscription_at_the_provider_first(
    session: Session, make_user: Callable[..., User], premium: Plan, stripe_fake: FakeStripe
):
    user = make_user("leaving@example.com")
    row, events = _subscribed(session, user, stripe_fake)
    for event in events:
        _stripe(session, stripe_fake, event)
    subscription_id = row.provider_subscription_id or ""
    stripe_fake.fail("server")
    with pytest.raises(privacy.PrivacyError, match=r"delete\.error\.subscription"):
        privacy.delete_account(session, user, password=PASSWORD, client=CLIENT)
    session.rollback()
    assert session.get(User, user.id) is not None  # nothing went: the person can still cancel it themselves
    assert stripe_fake.subscriptions[subscription_id]["status"] == "active"
    privacy.delete_account(session, user, password=PASSWORD, client=CLIENT)
    session.commit()
    assert stripe_fake.subscriptions[subscription_id]["status"] == "canceled"
    assert session.exec(select(Subscription)).all() == []
    kept = session.exec(select(Payment)).one()  # kept for the accounts, without the person
    assert kept.user_id is None and kept.amount == 1200
