"""Starting a paid plan from the pricing page, and what the return page says afterwards.

`start` finds (or creates) the candidate's customer at the provider, creates the checkout (a Stripe Checkout
Session, or a Razorpay subscription) and keeps an `incomplete` subscription row, so the webhook that
confirms the payment finds whose it is. The browser is then sent to the returned URL: Stripe's hosted page,
or for Razorpay the app's own checkout page (`api/billing.py`), which opens Razorpay's Standard Checkout
window with checkout.js and the options of `script_checkout`; only that page's Content-Security-Policy
allows Razorpay's script. Its link carries a signed token (`page_token`) that names the subscription and the
candidate who started it and lasts `PAGE_TOKEN_SECONDS`: the page (which shows the candidate's name and
e-mail) opens for that link only, and an old link leads back to the plans. Razorpay posts the signed result
(or its error fields) back (`returned`) before the candidate lands on the return page. The plan itself changes
only when the provider's webhook says the payment went through (`webhooks.py`); the return page
(`/billing/return`) shows "processing" until then (`return_state`).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal
from urllib.parse import urlencode

from sqlmodel import Session, col, select

from interview_app import routes
from interview_app.clock import aware, utcnow
from interview_app.models import Plan, Subscription, User
from interview_app.services.billing import payments, plans, subscriptions
from interview_app.services.billing.payments.base import PaymentError, ScriptCheckout, SignatureError
from interview_app.services.billing.subscriptions import BillingError
from interview_app.services.shared import audit
from interview_app.settings import get_settings

log = logging.getLogger(__name__)
INTERVALS = ("month", "year")
# How long the link to the app's own checkout page opens it: enough to pay, too short to be passed around.
PAGE_TOKEN_SECONDS = 30 * 60
# What a payment window that posts back said (`returned`): the return page's `payment` parameter.
ReturnOutcome = Literal["paid", "failed", "unverified"]
# Why a payment failed, as the return page explains it (its `why` parameter), from Razorpay's `error[source]`.
FAILURE_CAUSES = ("bank", "customer", "provider", "other")
_CAUSE_OF_SOURCE = {
    "issuer_bank": "bank",
    "bank": "bank",
    "customer": "customer",
    "gateway": "provider",
    "internal": "provider",
}


@dataclass(frozen=True)
class Checkout:
    """Where to send the browser, and the one key a page may show (publishable key / key id)."""

    url: str
    provider: str
    browser_key: str


@dataclass(frozen=True)
class Returned:
    """What the candidate's return from the payment window means: `outcome`, and `cause` when it failed."""

    outcome: ReturnOutcome
    cause: str = ""


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
    if started.in_script:  # the app's own checkout page opens the provider's window (`script_checkout`)
        subscription_id = started.provider_subscription_id or ""
        token = page_token(provider.name, subscription_id, user.id)
        url = f"{base}{routes.BILLING_CHECKOUT_API}/{provider.name}/{subscription_id}?{urlencode({'t': token})}"
    return Checkout(url=url, provider=provider.name, browser_key=provider.browser_key())


def _checkout_row(session: Session, provider: str, subscription_id: str) -> Subscription | None:
    query = select(Subscription).where(
        Subscription.provider == provider, Subscription.provider_subscription_id == subscription_id
    )
    return session.exec(query).first() if subscription_id else None


def _page_signature(provider_name: str, subscription_id: str, user_id: int, expires: int) -> str:
    key = get_settings().secret_key.encode()
    message = f"checkout-page:{provider_name}:{subscription_id}:{user_id}:{expires}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def page_token(provider_name: str, subscription_id: str, user_id: int, now: float | None = None) -> str:
    """The checkout page's token: the candidate, when it stops working and an HMAC with the app's secret key."""
    expires = int(now if now is not None else time.time()) + PAGE_TOKEN_SECONDS
    return f"{user_id}.{expires}.{_page_signature(provider_name, subscription_id, user_id, expires)}"


def page_token_user(provider_name: str, subscription_id: str, token: str, now: float | None = None) -> int:
    """The candidate a checkout page's token was made for.

    Raises:
        BillingError: `link_invalid` (missing, malformed, for another checkout or not signed by the app),
            `link_expired` (signed by the app, but older than `PAGE_TOKEN_SECONDS`).

    """
    parts = (token or "").strip().split(".")
    if len(parts) != 3:
        raise BillingError("link_invalid", "malformed")
    user_part, expires_part, signature = parts
    if not (user_part.isascii() and user_part.isdigit() and len(user_part) <= 18):
        raise BillingError("link_invalid", "malformed")
    if not (expires_part.isascii() and expires_part.isdigit() and len(expires_part) <= 12):
        raise BillingError("link_invalid", "malformed")
    user_id, expires = int(user_part), int(expires_part)
    expected = _page_signature(provider_name, subscription_id, user_id, expires)
    if not hmac.compare_digest(signature.encode(), expected.encode()):
        raise BillingError("link_invalid", "signature")
    if (now if now is not None else time.time()) >= expires:
        raise BillingError("link_expired")
    return user_id


def script_checkout(session: Session, provider_name: str, subscription_id: str, token: str) -> ScriptCheckout:
    """What the app's checkout page opens the provider's payment window with, for a checkout still unpaid.

    The page's `token` (`page_token`) must be the app's, for this checkout and its candidate, and not expired.
    The window is prefilled with the candidate's name and e-mail; it posts the result to the provider's return
    endpoint, whose `subscription` parameter names the checkout (Razorpay's failures carry no subscription id).

    Raises:
        BillingError: `plans_off`, `link_invalid` or `link_expired` (`page_token_user`), `no_checkout` (an
            unknown provider or subscription, one no longer waiting for its first payment, or another
            candidate's), or the provider's refusal (`PaymentError` codes).

    """
    settings = get_settings()
    if not settings.plans_enabled:
        raise BillingError("plans_off")
    user_id = page_token_user(provider_name, subscription_id, token)
    provider = payments.by_name(provider_name, settings)
    row = _checkout_row(session, provider_name, subscription_id)
    if provider is None or row is None or row.status != "incomplete" or row.user_id != user_id:
        raise BillingError("no_checkout", f"{provider_name}/{subscription_id}")
    plan = session.get(Plan, row.plan_id)
    user = session.get(User, row.user_id)
    base = settings.public_url.rstrip("/")
    query = urlencode({"subscription": subscription_id})
    try:
        return provider.script_checkout(
            subscription_id,
            callback_url=f"{base}{routes.BILLING_CHECKOUT_API}/{provider_name}/return?{query}",
            title=settings.billing_seller_name,
            description=plan.name if plan is not None else "",
            customer_name=(user.name or "") if user is not None else "",
            customer_email=user.email if user is not None else "",
            notes={"user_id": str(row.user_id), "plan": plan.slug if plan is not None else ""},
        )
    except PaymentError as exc:
        raise BillingError(exc.code, exc.detail) from exc


def returned(session: Session, provider_name: str, fields: Mapping[str, str], subscription_id: str = "") -> Returned:
    """What the payment window posted back with the candidate; audited and committed when it is about ours.

    `paid`: the payment's signature verified for one of the app's checkouts (the plan still changes only with
    the webhook); `failed`: the provider says the payment did not go through (with its cause); `unverified`:
    no valid signature, a subscription the app did not start, or one other than the return was meant for
    (`subscription_id`, the callback URL's parameter).

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
        return Returned("unverified")
    if back.failure:
        cause = _CAUSE_OF_SOURCE.get(back.failure_source, "other")
        result = Returned("failed", cause)
        # Nothing signs a failure: it only explains the page and is audited for the checkout it names.
        named = back.provider_subscription_id or subscription_id
    else:
        result = Returned("paid")
        named = back.provider_subscription_id
        if subscription_id and subscription_id != named:
            log.warning("A %s return for %s carried %s's signature", provider_name, subscription_id, named)
            return Returned("unverified")
    row = _checkout_row(session, provider_name, named)
    if row is None:
        return result if back.failure else Returned("unverified")
    audit.record(
        session,
        "billing.checkout_returned",
        actor_user_id=row.user_id,
        subject_user_id=row.user_id,
        provider=provider_name,
        subscription=named,
        payment=back.provider_payment_id,
        outcome=result.outcome,
        failure=back.failure[:300],
        source=back.failure_source[:40],
        reason=back.failure_reason[:80],
    )
    session.commit()
    return result


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
