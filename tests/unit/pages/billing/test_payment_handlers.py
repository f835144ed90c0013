"""The candidate's payment pages, run as the server runs them: the return page after the provider's hosted
page, and the subscription card on the settings page (portal, cancel at period end), against the payment_fakes."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlmodel import Session, select

from interview_app.models import Plan, Subscription, User
from interview_app.pages.billing.checkout_return import CheckoutReturnState
from interview_app.pages.billing.subscription_card import SubscriptionState
from interview_app.services.billing import checkout, webhooks
from interview_app.settings import Settings
from tests.support import fake_stripe
from tests.support.fake_razorpay import FakeRazorpay
from tests.support.fake_stripe import FakeStripe
from tests.support.handlers import new_state, redirect_path, session_token


def signed_in(cls: type, session: Session, user: User) -> Any:
    state = new_state(cls)
    state.session_token = session_token(session, user)
    return state


def subscribe(session: Session, user: User, stripe: FakeStripe) -> Subscription:
    started = checkout.start(session, user, "premium", "month")
    for event in stripe.complete_checkout(started.url.rsplit("/", 1)[-1]):
        webhooks.receive(session, "stripe", *stripe.webhook(event))
    return session.exec(select(Subscription).where(Subscription.user_id == user.id)).one()


def test_return_page_says_processing_then_premium(
    session: Session, make_user: Callable[..., User], premium: Plan, payment_fakes: tuple[FakeStripe, FakeRazorpay]
):
    stripe, _ = payment_fakes
    user = make_user()
    state = signed_in(CheckoutReturnState, session, user)
    assert state.require_plans() is None
    state.load()
    assert state.payment_state == "none"
    started = checkout.start(session, user, "premium", "month")
    assert state.load() is CheckoutReturnState.watch  # keeps looking while the payment is confirmed
    assert state.payment_state == "processing"
    for event in stripe.complete_checkout(started.url.rsplit("/", 1)[-1]):
        webhooks.receive(session, "stripe", *stripe.webhook(event))
    assert state.load() is None
    assert (state.payment_state, state.premium_title) == ("premium", "You're on Premium.")


def test_return_page_is_not_there_with_plans_off(
    session: Session, make_user: Callable[..., User], override_settings: Callable[..., Settings]
):
    override_settings(plans_enabled="false")
    state = signed_in(CheckoutReturnState, session, make_user())
    assert redirect_path(state.require_plans()) == "/404"
    assert state.load() is None and state.payment_state == ""


def test_subscription_card_portal_and_cancel(
    session: Session, make_user: Callable[..., User], premium: Plan, payment_fakes: tuple[FakeStripe, FakeRazorpay]
):
    stripe, _ = payment_fakes
    user = make_user("card@example.com")
    state = signed_in(SubscriptionState, session, user)
    state.load_subscription()
    assert not state.sub_shown
    state.cancel()
    assert state.sub_error == "You have no paid plan to change."
    row = subscribe(session, user, stripe)
    state.load_subscription()
    assert state.sub_shown and state.sub_has_portal and state.sub_can_cancel and state.sub_error == ""
    portal = state.open_portal()
    assert redirect_path(portal) == f"{stripe.url}/p/session/{row.provider_customer_id}"
    state.cancel()
    assert stripe.subscriptions[row.provider_subscription_id or ""]["cancel_at_period_end"] is True
    assert not state.sub_can_cancel and state.sub_notice.startswith("Cancelling is set: Premium ends on ")
    stripe.fail("rate_limit")
    assert state.open_portal() is None
    assert state.sub_error == "The payment provider is busy. Nothing was charged: try again in a minute."
    shown = json.dumps({name: getattr(state, name) for name in SubscriptionState.base_vars}, default=repr)
    for secret in (fake_stripe.SECRET_KEY, fake_stripe.WEBHOOK_SECRET):  # keys never reach the browser
        assert secret not in shown


def test_subscription_card_without_a_portal_for_razorpay(
    session: Session,
    make_user: Callable[..., User],
    premium: Plan,
    payment_fakes: tuple[FakeStripe, FakeRazorpay],
    override_settings: Callable[..., Settings],
):
    _, razorpay = payment_fakes
    override_settings(payments_provider="razorpay")
    user = make_user("rz-card@example.com")
    checkout.start(session, user, "premium", "month")
    row = session.exec(select(Subscription).where(Subscription.user_id == user.id)).one()
    for event in razorpay.authorize(row.provider_subscription_id or ""):
        webhooks.receive(session, "razorpay", *razorpay.webhook(event))
    state = signed_in(SubscriptionState, session, user)
    state.load_subscription()
    assert state.sub_shown and not state.sub_has_portal and state.sub_can_cancel


def test_subscription_card_shows_a_failed_payment(
    session: Session, make_user: Callable[..., User], premium: Plan, payment_fakes: tuple[FakeStripe, FakeRazorpay]
):
    stripe, _ = payment_fakes
    user = make_user("unpaid@example.com")
    row = subscribe(session, user, stripe)
    stripe.tick()
    for event in stripe.fail_renewal(row.provider_subscription_id or ""):
        webhooks.receive(session, "stripe", *stripe.webhook(event))
    row.grace_until = row.created_at  # the grace period is over: the default plan applies
    session.add(row)
    session.commit()
    state = signed_in(SubscriptionState, session, user)
    state.load_subscription()
    assert state.sub_shown and state.sub_has_portal and state.sub_can_cancel
    assert state.sub_notice.startswith("Your last payment did not go through.")
