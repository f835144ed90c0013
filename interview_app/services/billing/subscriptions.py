"""The subscription state machine: provider events move `Subscription` rows; cancel and refund go out.

The candidate's and the admin's actions (cancel at period end, refund) go to the provider and back into the rows.

States: `incomplete` (checkout started, nothing paid) -> `active` (paid) -> `past_due` (a renewal failed:
the paid plan stays until `grace_until`, BILLING_GRACE_DAYS after the first failure, then the default plan
applies; a later successful payment makes it `active` again) -> `cancelled` (ended by the provider, e.g. at
the end of a period the candidate cancelled, or after failed retries). `cancel_at_period_end` keeps the
status `active` until the provider ends it. A full refund of a payment makes its subscription `refunded`
(and the provider ends it at once). Nothing here deletes a row or anything the candidate made: a failed
payment only changes which plan's limits apply (`plans.plan_for`).

Ordering: every applied event's provider time is kept in `last_event_at`; an event older than that changes
no state (it is stored with the outcome `stale`). Events of the same second may arrive in any order: one
of them only moves the state forwards (incomplete < active, past due < cancelled, refunded), and never to
an older period end.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from interview_app.clock import aware, utcnow
from interview_app.models import BillingEvent, Payment, Plan, Subscription, User
from interview_app.services.billing import notices, payments
from interview_app.services.billing.payments.base import (
    PaymentError,
    PaymentFacts,
    ProviderEvent,
    SubscriptionFacts,
)
from interview_app.services.shared import audit
from interview_app.settings import get_settings

log = logging.getLogger(__name__)

LIVE = ("active", "past_due")
# The outcome of a refund event whose payment is not known yet: "<EARLY_REFUND> <payment id> <refunded amount>".
EARLY_REFUND = "refund before its payment:"
# How long after the provider created a checkout the app may write its pending row (clocks and a slow call).
CHECKOUT_WRITE_WINDOW = timedelta(minutes=10)
_RANK = {"incomplete": 0, "active": 1, "past_due": 1, "cancelled": 2, "refunded": 2}


class BillingError(Exception):
    """A candidate's or admin's billing action was refused; `code` names the message (`billing.error.*`)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


# -- reading ----------------------------------------------------------------------------------------------


def current(session: Session, user_id: int) -> Subscription | None:
    """The candidate's subscription that still counts (active or past due), newest first, else None."""
    query = (
        select(Subscription)
        .where(Subscription.user_id == user_id, col(Subscription.status).in_(LIVE))
        .order_by(col(Subscription.created_at).desc(), col(Subscription.id).desc())
    )
    return session.exec(query).first()


def latest(session: Session, user_id: int) -> Subscription | None:
    """The candidate's newest subscription in any state (the return page and settings show it)."""
    query = (
        select(Subscription)
        .where(Subscription.user_id == user_id)
        .order_by(col(Subscription.updated_at).desc(), col(Subscription.id).desc())
    )
    return session.exec(query).first()


def find(session: Session, provider: str, provider_subscription_id: str) -> Subscription | None:
    """The row of a provider's subscription."""
    if not provider_subscription_id:
        return None
    query = select(Subscription).where(
        Subscription.provider == provider, Subscription.provider_subscription_id == provider_subscription_id
    )
    return session.exec(query).first()


def customer_id(session: Session, user_id: int, provider: str) -> str:
    """The provider's customer id this candidate already has (from an earlier checkout), or ""."""
    query = (
        select(Subscription.provider_customer_id)
        .where(
            Subscription.user_id == user_id, Subscription.provider == provider, Subscription.provider_customer_id != ""
        )
        .order_by(col(Subscription.id).desc())
    )
    return session.exec(query).first() or ""


def plan_for_price(session: Session, provider: str, price_id: str) -> tuple[Plan, str] | None:
    """The plan and interval whose provider price is `price_id`."""
    if not price_id:
        return None
    for plan in session.exec(select(Plan)).all():
        for interval, known in (plan.provider_prices or {}).get(provider, {}).items():
            if known == price_id:
                return plan, interval
    return None


def _plan_by_slug(session: Session, slug: str) -> Plan | None:
    return session.exec(select(Plan).where(Plan.slug == slug)).first() if slug else None


# -- events -----------------------------------------------------------------------------------------------


def apply(session: Session, event: ProviderEvent) -> str:
    """Apply one verified, not yet seen event; returns the outcome stored with it (flushes, never commits)."""
    if event.kind == "ignored":
        return "ignored"
    if event.kind == "refund":
        assert event.payment is not None
        return _refund_event(session, event, event.payment)
    facts = event.subscription
    assert facts is not None
    if event.kind == "checkout_expired":
        return _checkout_expired(session, event, facts)
    row = _row_for(session, event, facts)
    if row is None:
        return "unknown subscription"
    if event.kind == "checkout_completed":
        return "linked"
    paid = event.payment if event.kind == "payment_paid" else None
    if paid is not None:
        _record_payment(session, event.provider, row, paid, "paid")
    failed = event.payment if event.kind == "payment_failed" else None
    if failed is not None and failed.provider_payment_id:
        _record_payment(session, event.provider, row, failed, "failed")
    status = {"payment_paid": "active", "payment_failed": "past_due"}.get(event.kind, facts.status)
    if row.status == "refunded" and status in ("active", "cancelled"):
        status = None  # a refunded subscription stays refunded (its cancellation follows the refund)
    if _is_stale(row, event.created_at, status, facts.current_period_end):
        return "stale" if paid is None else "payment recorded; state stale"
    _move(session, row, event, facts, status)
    return f"{row.status}" if paid is None else f"payment recorded; {row.status}"


def _row_for(session: Session, event: ProviderEvent, facts: SubscriptionFacts) -> Subscription | None:
    """The subscription's row: known by id, the candidate's pending checkout, or made from the event."""
    row = find(session, event.provider, facts.provider_subscription_id)
    if row is not None:
        if facts.provider_customer_id and not row.provider_customer_id:
            row.provider_customer_id = facts.provider_customer_id
        return row
    user_id = facts.user_id
    if user_id is None and facts.provider_customer_id:
        query = select(Subscription.user_id).where(
            Subscription.provider == event.provider, Subscription.provider_customer_id == facts.provider_customer_id
        )
        user_id = session.exec(query).first()
    if user_id is None or not facts.provider_subscription_id or session.get(User, user_id) is None:
        # Nobody to give it to: another install's customer, or an account deleted since the checkout.
        log.warning("%s event %s names a subscription of no known candidate", event.provider, event.event_id)
        return None
    pending = session.exec(
        select(Subscription)
        .where(
            Subscription.user_id == user_id,
            Subscription.provider == event.provider,
            col(Subscription.provider_subscription_id).is_(None),
        )
        .order_by(col(Subscription.id).desc())
    ).first()
    priced = plan_for_price(session, event.provider, facts.price_id)
    plan = priced[0] if priced else _plan_by_slug(session, facts.plan_slug)
    if pending is None:
        if plan is None or plan.id is None:
            log.warning("%s event %s names no plan of this app", event.provider, event.event_id)
            return None
        pending = Subscription(user_id=user_id, plan_id=plan.id, provider=event.provider)
        session.add(pending)
    pending.provider_subscription_id = facts.provider_subscription_id
    if facts.provider_customer_id:
        pending.provider_customer_id = facts.provider_customer_id
    pending.updated_at = utcnow()
    session.flush()
    return pending


def _checkout_expired(session: Session, event: ProviderEvent, facts: SubscriptionFacts) -> str:
    """An unpaid checkout expired at the provider: its pending row is over (the return page stops waiting)."""
    if facts.user_id is None or facts.checkout_created_at is None:
        return "unknown subscription"
    # The row is written right after its checkout is created; one written later belongs to a newer checkout.
    written_by = facts.checkout_created_at + CHECKOUT_WRITE_WINDOW
    query = select(Subscription).where(
        Subscription.user_id == facts.user_id,
        Subscription.provider == event.provider,
        Subscription.status == "incomplete",
        col(Subscription.provider_subscription_id).is_(None),
    )
    pending = [row for row in session.exec(query).all() if aware(row.updated_at) <= written_by]
    for row in pending:
        row.status = "cancelled"
        row.last_event_at = event.created_at
        row.updated_at = utcnow()
    session.flush()
    return "checkout expired" if pending else "nothing pending"


def _is_stale(row: Subscription, at: datetime, status: str | None, period_end: datetime | None) -> bool:
    if row.last_event_at is None:
        return False
    last = aware(row.last_event_at)
    if at < last:
        return True
    if at > last:
        return False
    if status is not None and _RANK[status] < _RANK.get(row.status, 0):
        return True
    return period_end is not None and row.current_period_end is not None and period_end < aware(row.current_period_end)


def _move(
    session: Session, row: Subscription, event: ProviderEvent, facts: SubscriptionFacts, status: str | None
) -> None:
    if status is not None and status != row.status:
        failed_now = status == "past_due" and row.grace_until is None
        if failed_now:
            row.grace_until = event.created_at + timedelta(days=get_settings().billing_grace_days)
        row.status = status
        if failed_now:
            notices.payment_failed(session, row)  # once per failed invoice: its retries keep it past due
    if row.status == "active":
        row.grace_until = None
    if facts.current_period_end is not None:
        row.current_period_end = facts.current_period_end
    if facts.cancel_at_period_end is not None:
        row.cancel_at_period_end = facts.cancel_at_period_end
    if facts.currency:
        row.currency = facts.currency
    if event.payment is not None and event.payment.currency and event.kind == "payment_paid":
        row.currency = event.payment.currency
    priced = plan_for_price(session, row.provider, facts.price_id)
    if priced is not None and priced[0].id is not None:  # a plan change made at the provider (the portal)
        row.plan_id, row.interval = priced[0].id, facts.interval or priced[1]
    row.last_event_at = event.created_at
    row.updated_at = utcnow()


def _record_payment(session: Session, provider: str, row: Subscription, facts: PaymentFacts, status: str) -> Payment:
    """Store a payment once (a later success of the same payment turns a failed row paid)."""
    payment = session.exec(
        select(Payment).where(Payment.provider == provider, Payment.provider_payment_id == facts.provider_payment_id)
    ).first()
    if payment is None:
        payment = Payment(
            user_id=row.user_id,
            subscription_id=row.id,
            provider=provider,
            provider_payment_id=facts.provider_payment_id,
            amount=facts.amount,
            currency=facts.currency or row.currency,
            status=status,
        )
        session.add(payment)
    elif payment.status == "failed" and status == "paid":
        payment.status = "paid"
        payment.amount = facts.amount
    if status == "paid" and payment.paid_at is None:
        payment.paid_at = facts.paid_at or utcnow()
    session.flush()
    if status == "paid" and payment.invoice_number is None and payment.id is not None:
        payment.invoice_number = invoice_number(payment)
    if status == "paid":
        _apply_early_refunds(session, payment)
    return payment


def _apply_early_refunds(session: Session, payment: Payment) -> None:
    """Refund events that arrived before this payment's own event (stored with the EARLY_REFUND outcome)."""
    prefix = f"{EARLY_REFUND} {payment.provider_payment_id} "
    query = select(BillingEvent).where(
        BillingEvent.provider == payment.provider, col(BillingEvent.outcome).startswith(prefix, autoescape=True)
    )
    for event in session.exec(query).all():
        amount = event.outcome.removeprefix(prefix)
        if amount.isdigit():
            _mark_refunded(session, payment, max(payment.refunded_amount, int(amount)), aware(event.created_at))
        event.outcome = f"refund applied once its payment {payment.provider_payment_id} arrived"[:200]


def invoice_number(payment: Payment) -> str:
    """The receipt's number: IC-<year paid>-<payment id, six digits>."""
    year = aware(payment.paid_at or payment.created_at).year
    return f"IC-{year}-{payment.id:06d}"


def _refund_event(session: Session, event: ProviderEvent, facts: PaymentFacts) -> str:
    payment = session.exec(
        select(Payment).where(
            Payment.provider == event.provider, Payment.provider_payment_id == facts.provider_payment_id
        )
    ).first()
    if payment is None:  # kept in the outcome: the payment's own event may still be on its way
        return f"{EARLY_REFUND} {facts.provider_payment_id} {facts.refunded_amount}"
    _mark_refunded(session, payment, max(payment.refunded_amount, facts.refunded_amount), event.created_at)
    return payment.status if payment.status == "refunded" else "partly refunded"


def _mark_refunded(session: Session, payment: Payment, refunded: int, at: datetime) -> bool:
    """Record how much of `payment` is refunded; True when it is now refunded in full."""
    payment.refunded_amount = min(refunded, payment.amount)
    if payment.refunded_amount and payment.refunded_at is None:
        payment.refunded_at = at
    if payment.refunded_amount < payment.amount or payment.status == "refunded":
        return False
    payment.status = "refunded"
    payment.refunded_at = at
    subscription = session.get(Subscription, payment.subscription_id) if payment.subscription_id else None
    if subscription is not None and subscription.status != "refunded":
        subscription.status = "refunded"
        subscription.grace_until = None
        subscription.cancel_at_period_end = False
        subscription.updated_at = utcnow()
    return True


# -- actions ----------------------------------------------------------------------------------------------


def cancel_at_period_end(session: Session, user_id: int) -> Subscription:
    """The candidate cancels: the provider ends the subscription when the paid period ends. Commits.

    Until then the paid plan stays.

    Raises:
        BillingError: `no_subscription`, or the provider's refusal (`PaymentError` codes).

    """
    row = current(session, user_id)
    if row is None or not row.provider_subscription_id:
        raise BillingError("no_subscription")
    if row.cancel_at_period_end:
        return row
    provider = payments.by_name(row.provider)
    if provider is None:
        raise BillingError("no_subscription", f"unknown provider {row.provider}")
    try:
        provider.cancel_at_period_end(row.provider_subscription_id)
    except PaymentError as exc:
        raise BillingError(exc.code, exc.detail) from exc
    row.cancel_at_period_end = True
    row.updated_at = utcnow()
    audit.record(
        session,
        "billing.cancel_requested",
        actor_user_id=user_id,
        subject_user_id=user_id,
        subscription_id=row.id,
        provider=row.provider,
        period_end=aware(row.current_period_end).isoformat() if row.current_period_end else "",
    )
    session.commit()
    return row


def portal_url(session: Session, user_id: int, return_url: str) -> str | None:
    """The provider's customer portal for this candidate, or None when the provider has none (Razorpay).

    Raises:
        BillingError: `no_subscription`, or the provider's refusal.

    """
    row = latest(session, user_id)
    if row is None or not row.provider_customer_id:
        raise BillingError("no_subscription")
    provider = payments.by_name(row.provider)
    if provider is None:
        return None
    try:
        return provider.portal_url(row.provider_customer_id, return_url)
    except PaymentError as exc:
        raise BillingError(exc.code, exc.detail) from exc


def refund(session: Session, payment_id: int, amount: int | None = None, *, end_subscription: bool = True) -> Payment:
    """Refund `amount` (minor units; None: all that is left) of a payment through its provider. Commits.

    A refund in full makes the payment `refunded` and its subscription `refunded`, and (unless
    `end_subscription` is False) asks the provider to end that subscription now. The provider's refund
    webhook later finds the row already up to date.

    Raises:
        BillingError: `payment_not_found`, `refund_invalid` (nothing left, or an amount out of range), or
            the provider's refusal (`PaymentError` codes).

    """
    payment = session.get(Payment, payment_id)
    if payment is None:
        raise BillingError("payment_not_found")
    left = payment.amount - payment.refunded_amount
    if payment.status != "paid" or left <= 0 or (amount is not None and not 0 < amount <= left):
        raise BillingError("refund_invalid", f"{left} left to refund")
    provider = payments.by_name(payment.provider)
    if provider is None:
        raise BillingError("payment_not_found", f"unknown provider {payment.provider}")
    try:
        result = provider.refund(payment, amount)
    except PaymentError as exc:
        raise BillingError(exc.code, exc.detail) from exc
    if result.status == "failed":
        raise BillingError("refund_failed", result.provider_refund_id)
    full = _mark_refunded(session, payment, payment.refunded_amount + result.amount, utcnow())
    session.commit()
    subscription = session.get(Subscription, payment.subscription_id) if payment.subscription_id else None
    if full and end_subscription and subscription is not None and subscription.provider_subscription_id:
        try:
            provider.cancel_now(subscription.provider_subscription_id)
        except PaymentError as exc:  # the money is back; the provider's own end of it is logged for the admin
            log.error("Refunded payment %s but could not end subscription %s: %s", payment.id, subscription.id, exc)
    return payment


def end_for_account(session: Session, user_id: int) -> int:
    """Before an account is deleted: end each of its paid subscriptions at the provider now.

    Nobody is charged for an account that no longer exists. Returns how many were ended; flushes, never commits.

    Raises:
        BillingError: A provider could not be reached or refused (the account must not go then: the person
            could no longer cancel the subscription themselves).

    """
    query = select(Subscription).where(
        Subscription.user_id == user_id,
        col(Subscription.status).in_((*LIVE, "incomplete")),
        col(Subscription.provider_subscription_id).is_not(None),
    )
    ended = 0
    for row in session.exec(query).all():
        provider = payments.by_name(row.provider)
        if provider is None or not row.provider_subscription_id:
            continue
        try:
            provider.cancel_now(row.provider_subscription_id)
        except PaymentError as exc:
            if exc.status in (400, 404):  # the provider has it ended (or never had it) already
                log.info("Subscription %s was already over at %s: %s", row.id, row.provider, exc.detail)
            else:
                raise BillingError(exc.code, exc.detail) from exc
        row.status = "cancelled"
        row.updated_at = utcnow()
        ended += 1
    session.flush()
    return ended
