"""E-mails about payments (services/billing/notices.py), through the real webhooks against the fake providers:
a failed payment writes once per failed invoice in the subscriber's language, saying what happens next and
when the grace period ends; the end of an unpaid grace period writes once; nothing with plans off."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlmodel import Session, col, select

from interview_app.clock import aware
from interview_app.i18n import formats
from interview_app.models import OutboxMessage, Plan, Profile, Subscription, User
from interview_app.services.billing import checkout, notices, webhooks
from interview_app.settings import Settings
from tests.support.fake_razorpay import FakeRazorpay
from tests.support.fake_stripe import FakeStripe


def _deliver(session: Session, provider: str, fake: FakeStripe | FakeRazorpay, events: list[dict[str, Any]]) -> None:
    for event in events:
        webhooks.receive(session, provider, *fake.webhook(event))


def _mails(session: Session, kind: str, to: str) -> list[OutboxMessage]:
    session.expire_all()
    query = select(OutboxMessage).where(OutboxMessage.kind == kind, OutboxMessage.to_email == to)
    return list(session.exec(query.order_by(col(OutboxMessage.id))).all())


def _stripe_subscriber(session: Session, user: User, stripe: FakeStripe) -> Subscription:
    started = checkout.start(session, user, "premium", "month")
    _deliver(session, "stripe", stripe, stripe.complete_checkout(started.url.rsplit("/", 1)[-1]))
    row = session.exec(select(Subscription).where(Subscription.user_id == user.id)).one()
    assert row.status == "active"
    return row


def test_a_failed_payment_writes_once_per_failed_invoice(
    session: Session, make_user: Callable[..., User], premium: Plan, payment_fakes: tuple[FakeStripe, FakeRazorpay]
):
    stripe, _ = payment_fakes
    user = make_user("fail-once@example.com", "Grace Hopper")
    row = _stripe_subscriber(session, user, stripe)
    subscription_id = row.provider_subscription_id or ""
    stripe.tick(60)
    failed = stripe.fail_renewal(subscription_id)
    _deliver(session, "stripe", stripe, failed)
    [mail] = _mails(session, notices.FAILED_KIND, user.email)
    session.refresh(row)
    assert row.status == "past_due" and row.grace_until is not None
    day = formats.date(aware(row.grace_until).date(), "en", "long")
    assert mail.subject == "Your payment for Interview Coach Premium did not go through"
    assert "Hello Grace Hopper" in mail.body_text and f"you keep Premium until {day}" in mail.body_text
    assert "moves to the Free plan" in mail.body_text and "Nothing has been deleted" in mail.body_text
    assert "Manage billing" in mail.body_text and "http://localhost:3000/settings" in mail.body_text
    assert "http://localhost:3000/settings/invoices" in mail.body_text
    # Stripe retries the same invoice: more failure events, no second e-mail.
    for _ in range(2):
        stripe.tick(3600)
        retry = stripe.event("invoice.payment_failed", failed[0]["data"]["object"])
        _deliver(session, "stripe", stripe, [retry])
    assert len(_mails(session, notices.FAILED_KIND, user.email)) == 1
    # A retry pays it; a later invoice that fails writes again.
    stripe.tick(3600)
    _deliver(session, "stripe", stripe, stripe.renew(subscription_id))
    session.refresh(row)
    assert row.status == "active" and row.grace_until is None
    stripe.tick(3600)
    _deliver(session, "stripe", stripe, stripe.fail_renewal(subscription_id))
    assert len(_mails(session, notices.FAILED_KIND, user.email)) == 2


def test_the_e_mail_is_in_the_subscribers_language_and_fits_the_provider(
    session: Session,
    make_user: Callable[..., User],
    premium: Plan,
    payment_fakes: tuple[FakeStripe, FakeRazorpay],
    override_settings: Callable[..., Settings],
):
    _, razorpay = payment_fakes
    override_settings(payments_provider="razorpay")
    user = make_user("hana@example.com", "김하나")
    profile = session.get(Profile, user.id)
    assert profile is not None
    profile.language = "ko"
    session.add(profile)
    session.commit()
    checkout.start(session, user, "premium", "month")
    row = session.exec(select(Subscription).where(Subscription.user_id == user.id)).one()
    subscription_id = row.provider_subscription_id or ""
    _deliver(session, "razorpay", razorpay, razorpay.authorize(subscription_id))
    razorpay.tick(60)
    _deliver(session, "razorpay", razorpay, razorpay.fail_renewal(subscription_id))
    razorpay.tick(3600)  # Razorpay halts the subscription after its retries: still the same failure
    halted = razorpay.event("subscription.halted", subscription=razorpay.subscriptions[subscription_id])
    _deliver(session, "razorpay", razorpay, [halted])
    [mail] = _mails(session, notices.FAILED_KIND, user.email)
    session.refresh(row)
    assert row.grace_until is not None
    assert mail.subject == "Interview Coach Premium 요금제 결제가 처리되지 않았어요"
    assert "김하나님, 안녕하세요." in mail.body_text
    assert formats.date(aware(row.grace_until).date(), "ko", "long") in mail.body_text
    assert "Free 요금제" in mail.body_text and "결제 관리" not in mail.body_text  # Razorpay has no portal
    assert "은행 자동이체" in mail.body_text


def test_the_end_of_an_unpaid_grace_period_writes_once(
    session: Session, make_user: Callable[..., User], premium: Plan, payment_fakes: tuple[FakeStripe, FakeRazorpay]
):
    stripe, _ = payment_fakes
    user = make_user("grace-ends@example.com", "Alan Turing")
    row = _stripe_subscriber(session, user, stripe)
    stripe.tick(60)
    _deliver(session, "stripe", stripe, stripe.fail_renewal(row.provider_subscription_id or ""))
    session.refresh(row)
    assert row.grace_until is not None
    grace_until = aware(row.grace_until)
    assert notices.grace_ended(session, grace_until - timedelta(minutes=1)) == 0  # not over yet
    assert notices.grace_ended(session, grace_until + timedelta(minutes=15)) == 1
    [mail] = _mails(session, notices.GRACE_ENDED_KIND, user.email)
    assert mail.subject == "Your Interview Coach Premium plan has ended for now"
    assert "on the Free plan and its limits from today" in mail.body_text
    assert "Nothing has been deleted" in mail.body_text and "http://localhost:3000/pricing" in mail.body_text
    # The job runs every 15 minutes: the same ended grace period writes no more.
    assert notices.grace_ended(session, grace_until + timedelta(minutes=30)) == 0
    assert notices.grace_ended(session, grace_until + timedelta(days=2)) == 0
    assert len(_mails(session, notices.GRACE_ENDED_KIND, user.email)) == 1


def test_no_grace_e_mail_long_after_nor_with_plans_off_nor_for_the_repaid(
    session: Session,
    make_user: Callable[..., User],
    premium: Plan,
    payment_fakes: tuple[FakeStripe, FakeRazorpay],
    override_settings: Callable[..., Settings],
):
    stripe, _ = payment_fakes
    user = make_user("old-debt@example.com")
    row = _stripe_subscriber(session, user, stripe)
    stripe.tick(60)
    _deliver(session, "stripe", stripe, stripe.fail_renewal(row.provider_subscription_id or ""))
    session.refresh(row)
    grace_until = aware(row.grace_until or grace_until_missing())
    # Long after the grace period ended (the e-mail would be news from long ago): nothing.
    assert notices.grace_ended(session, grace_until + notices.GRACE_ENDED_WINDOW + timedelta(minutes=1)) == 0
    override_settings(plans_enabled="false")
    assert notices.grace_ended(session, grace_until + timedelta(minutes=5)) == 0
    override_settings(plans_enabled="true")
    # Paid meanwhile through a second subscription: the plan did not go back, so nothing to say.
    second = Subscription(
        user_id=user.id or 0,
        plan_id=premium.id or 0,
        provider="stripe",
        status="active",
        provider_subscription_id="sub_second",
        current_period_end=grace_until + timedelta(days=30),
    )
    session.add(second)
    session.commit()
    assert notices.grace_ended(session, grace_until + timedelta(minutes=5)) == 0
    assert _mails(session, notices.GRACE_ENDED_KIND, user.email) == []


def grace_until_missing() -> Any:
    raise AssertionError("a past-due subscription has its grace period's end")
