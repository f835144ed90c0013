"""Starting a paid plan from the pricing page, and what the return page says afterwards.

`start` finds (or creates) the candidate's customer at the provider, creates the hosted payment page (a
Stripe Checkout Session, or a Razorpay subscription with its hosted page) and keeps an `incomplete`
subscription row, so the webhook that confirms the payment finds whose it is. The browser is then sent to
the returned URL: both providers' pages are hosted by them, so no provider script runs in the app's pages
and the Content-Security-Policy stays as it is. Razorpay's Hosted Checkout is opened by a form POST: the
browser goes to the app's own page for it (`hosted_form`, served by `api/billing.py`), and Razorpay posts the
signed result back (`returned`) before the candidate lands on the return page. The plan itself changes
only when the provider's webhook says the payment went through (`webhooks.py`); the return page
(`/billing/return`) shows "processing" until then (`return_state`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from sqlmodel import Session, col, select

from interview_app import routes
from interview_app.clock import aware, utcnow
from interview_app.models import Plan, Subscription, User
from interview_app.services.billing import payments, plans, subscriptions
from interview_app.services.billing.payments.base import CheckoutForm, PaymentError, SignatureError
from interview_app.services.billing.subscriptions import BillingError
from interview_app.services.shared import audit
from interview_app.settings import get_settings

log = logging.getLogger(__name__)
INTERVALS = ("month", "year")
# What a hosted page that posts back said (`returned`): the return page's `payment` parameter.
ReturnOutcome = Literal["paid", "failed", "unverified"]


@dataclass(frozen=True)
class Checkout:
    """Where to send the browser, and the one key a page may show (publishable key / key id)."""

    url: str
    provider: str
    browser_key: str


@dataclass(frozen=True)
class ReturnState:
    """What the return page shows: `premium` (the plan is on), `processing` (no webhook yet), or `none`."""

    state: Literal["premium", "processing", "none"]
    plan_name: str = ""


def start(session: Session, user: User, plan_slug: str, interval: str = "month") -> Checkout:
    """Create the provider's hosted payment page for `plan_slug` at `interval`; commits the pending row.

    Raises:
        BillingError: `plans_off`, `plan_unavailable` (unknown, inactive, free, or no price at this provider
            for the interval), `already_subscribed`, `payment_due` (a past-due subscription beyond its grace
            period, still retried by the provider: update the card or cancel it first), or the provider's
            refusal (`PaymentError` codes).

    """
    settings = get_settings()
    if not settings.plans_enabled:
        raise BillingError("plans_off")
    if user.id is None:
        raise BillingError("plan_unavailable")
    plan = session.exec(select(Plan).where(Plan.slug == plan_slug)).first()
    provider = payments.current(settings)
    price_id = (plan.provider_prices or {}).get(provider.name, {}).get(interval, "") if plan else ""
    if (
        plan is None
        or plan.id is None
        or not plan.active
        or plan.is_default
        or interval not in INTERVALS
        or not price_id
    ):
        raise BillingError("plan_unavailable", f"{plan_slug}/{interval} at {provider.name}")
    if plans.subscription_for(session, user.id) is not None:
        raise BillingError("already_subscribed")
    unpaid = subscriptions.current(session, user.id)
    if unpaid is not None and unpaid.status == "past_due":  # the provider still retries it: no second one
        raise BillingError("payment_due")
    base = settings.public_url.rstrip("/")
    try:
        customer = subscriptions.customer_id(session, user.id, provider.name) or provider.create_customer(
            user.email, user.name or "", user.id
        )
        started = provider.start_checkout(
            customer_id=customer,
            price_id=price_id,
            user_id=user.id,
            plan_slug=plan.slug,
            success_url=f"{base}{routes.BILLING_RETURN}?session_id={{CHECKOUT_SESSION_ID}}",
            cancel_url=f"{base}{routes.PRICING}",
        )
    except PaymentError as exc:
        raise BillingError(exc.code, exc.detail) from exc
    row = _pending_row(session, user.id, provider.name) or Subscription(
        user_id=user.id, plan_id=plan.id, provider=provider.name
    )
    row.plan_id = plan.id
    row.interval = interval
    row.currency = _currency(plan, provider.name)
    row.provider_customer_id = started.provider_customer_id
    row.provider_subscription_id = started.provider_subscription_id
    row.status = "incomplete"
    row.updated_at = utcnow()
    session.add(row)
    audit.record(
        session,
        "billing.checkout_started",
        actor_user_id=user.id,
        subject_user_id=user.id,
        plan=plan.slug,
        interval=interval,
        provider=provider.name,
        currency=row.currency,
    )
    session.commit()
    url = started.url
    if started.form_post:  # the app's own page posts the hosted page's form (`hosted_form`)
        url = f"{base}{routes.BILLING_CHECKOUT_API}/{provider.name}/{started.provider_subscription_id}"
    return Checkout(url=url, provider=provider.name, browser_key=provider.browser_key())


def _checkout_row(session: Session, provider: str, subscription_id: str) -> Subscription | None:
    query = select(Subscription).where(
        Subscription.provider == provider, Subscription.provider_subscription_id == subscription_id
    )
    return session.exec(query).first() if subscription_id else None


def hosted_form(session: Session, provider_name: str, subscription_id: str) -> CheckoutForm:
    """The form that opens the provider's hosted page for a checkout still waiting to be paid.

    Raises:
        BillingError: `plans_off`, `no_checkout` (an unknown provider or subscription, or one no longer
            waiting for its first payment), or the provider's refusal (`PaymentError` codes).

    """
    settings = get_settings()
    if not settings.plans_enabled:
        raise BillingError("plans_off")
    provider = payments.by_name(provider_name, settings)
    row = _checkout_row(session, provider_name, subscription_id)
    if provider is None or row is None or row.status != "incomplete":
        raise BillingError("no_checkout", f"{provider_name}/{subscription_id}")
    plan = session.get(Plan, row.plan_id)
    base = settings.public_url.rstrip("/")
    try:
        return provider.checkout_form(
            subscription_id,
            callback_url=f"{base}{routes.BILLING_CHECKOUT_API}/{provider_name}/return",
            cancel_url=f"{base}{routes.PRICING}",
            title=settings.billing_seller_name,
            description=plan.name if plan is not None else "",
        )
    except PaymentError as exc:
        raise BillingError(exc.code, exc.detail) from exc


def returned(session: Session, provider_name: str, fields: Mapping[str, str]) -> ReturnOutcome:
    """What the provider's hosted page posted back with the candidate; audited and committed when it is ours.

    `paid`: the payment's signature verified for one of the app's checkouts (the plan still changes only with
    the webhook); `failed`: the provider says the payment did not go through; `unverified`: no valid signature,
    or a subscription the app did not start.

    Raises:
        BillingError: `plans_off`, or `no_checkout` for a provider that sends nobody back this way.

    """
    settings = get_settings()
    if not settings.plans_enabled:
        raise BillingError("plans_off")
    provider = payments.by_name(provider_name, settings)
    if provider is None:
        raise BillingError("no_checkout", provider_name)
    try:
        back = provider.verify_return(fields)
    except SignatureError as exc:
        log.warning("A %s checkout return did not verify: %s", provider_name, exc)
        return "unverified"
    row = _checkout_row(session, provider_name, back.provider_subscription_id)
    outcome: ReturnOutcome = "failed" if back.failure else "paid"
    if row is None:
        return "failed" if back.failure else "unverified"
    audit.record(
        session,
        "billing.checkout_returned",
        actor_user_id=row.user_id,
        subject_user_id=row.user_id,
        provider=provider_name,
        subscription=back.provider_subscription_id,
        payment=back.provider_payment_id,
        outcome=outcome,
        failure=back.failure[:300],
    )
    session.commit()
    return outcome


def _pending_row(session: Session, user_id: int, provider: str) -> Subscription | None:
    """The candidate's earlier checkout that was never paid (reused, so abandoned checkouts leave one row)."""
    query = (
        select(Subscription)
        .where(
            Subscription.user_id == user_id,
            Subscription.provider == provider,
            Subscription.status == "incomplete",
            col(Subscription.last_event_at).is_(None),
        )
        .order_by(col(Subscription.id).desc())
    )
    return session.exec(query).first()


def _currency(plan: Plan, provider: str) -> str:
    prices = plan.prices or {}
    if provider == "razorpay" and "INR" in prices:
        return "INR"
    preferred = get_settings().billing_default_currency
    return preferred if preferred in prices or not prices else next(iter(prices))


def setup_problems(session: Session) -> list[str]:
    """What stops candidates from paying with this configuration (empty: ready), for operators.

    Checks PLANS_ENABLED, the provider's keys and webhook secret, and that every paid plan on offer has a
    price at the provider for each interval it is priced in, recurring at that interval (one call per price).
    """
    settings = get_settings()
    provider = payments.current(settings)
    problems = [] if settings.plans_enabled else ["PLANS_ENABLED is false: nobody can see the pricing page"]
    missing = [name.upper() for name in payments.REQUIRED_SETTINGS[provider.name] if not getattr(settings, name)]
    if missing:
        return [*problems, f"{provider.name}: {', '.join(missing)} not set"]
    offered = session.exec(select(Plan).where(col(Plan.active).is_(True), col(Plan.is_default).is_(False))).all()
    if not offered:
        problems.append("no paid plan is on offer (admin -> Plans)")
    try:
        for plan in offered:
            intervals = sorted({interval for by_interval in (plan.prices or {}).values() for interval in by_interval})
            for interval in intervals:
                price_id = (plan.provider_prices or {}).get(provider.name, {}).get(interval, "")
                if not price_id:
                    problems.append(f"plan {plan.slug}: no {provider.name} price id for '{interval}'")
                    continue
                problem = provider.check_price(price_id, interval)
                if problem:
                    problems.append(f"plan {plan.slug} ({interval}): {problem}")
    except PaymentError as exc:
        problems.append(f"{provider.name} refused the check ({exc.code}): {exc.detail}")
    return problems


def return_state(session: Session, user_id: int) -> ReturnState:
    """After the hosted page: whether the paid plan is on yet."""
    plan = plans.plan_for(session, user_id)
    if not plan.is_default and plans.subscription_for(session, user_id) is not None:
        return ReturnState("premium", plan.name)
    latest = subscriptions.latest(session, user_id)
    # A checkout left unpaid for a day has expired at the provider (Stripe's sessions last 24 hours).
    recent = latest is not None and aware(latest.updated_at) > utcnow() - timedelta(days=1)
    if latest is not None and latest.status == "incomplete" and recent:
        return ReturnState("processing")
    return ReturnState("none")
