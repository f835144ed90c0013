"""The admin's view of billing: who is on which plan, their payments, and refunds through the provider.

Every refund (and every refund the provider refused) is written to the audit log with the admin, the
candidate, the amount and the reason. The provider call and the rows are the state machine's
(`subscriptions.refund`): a payment changes only once the provider accepted, and the provider's webhook about
the same refund later finds it up to date.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from interview_app.models import Payment, Plan, Subscription, User
from interview_app.services.billing import plans, subscriptions
from interview_app.services.shared import audit

MAX_PAGE = 100
STATUSES = ("incomplete", "active", "past_due", "cancelled", "refunded")
# A filter value beyond the stored statuses: active subscriptions that end when their period does.
CANCELLING = "cancelling"
PAYMENT_STATUSES = ("paid", "refunded", "failed")
REASON_MAX = 300


class RefundError(Exception):
    """A refund was refused before or by the provider; `code` names why (`billing.refund.error.<code>`)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class SubscriberFilter:
    """What the subscribers list shows; empty values mean "any". `person` is part of an e-mail or name."""

    status: str = ""
    plan: str = ""
    provider: str = ""
    person: str = ""


@dataclass(frozen=True)
class SubscriberRow:
    """One subscription with its candidate and plan."""

    subscription: Subscription
    email: str
    name: str
    plan_name: str
    plan_slug: str


@dataclass(frozen=True)
class PaymentRow:
    """One payment with its candidate (empty once the account is deleted) and plan."""

    payment: Payment
    email: str
    plan_name: str

    @property
    def refundable(self) -> int:
        """What is left to give back (minor units)."""
        return remaining(self.payment)


def remaining(payment: Payment) -> int:
    """What can still be refunded of a payment."""
    if payment.status == "failed" or payment.paid_at is None:
        return 0
    return max(0, payment.amount - payment.refunded_amount)


def _person(pattern: str):
    like = f"%{pattern.strip().lower()[:80]}%"
    return or_(func.lower(User.email).like(like), func.lower(User.name).like(like))


def search(
    session: Session, flt: SubscriberFilter, *, limit: int = 50, offset: int = 0
) -> tuple[list[SubscriberRow], int]:
    """Subscriptions matching the filter, the most recently changed first; returns (page, total)."""
    query = (
        select(Subscription, User, Plan)
        .join(User, col(User.id) == Subscription.user_id)
        .join(Plan, col(Plan.id) == Subscription.plan_id)
    )
    if flt.status == CANCELLING:
        query = query.where(col(Subscription.cancel_at_period_end).is_(True), Subscription.status == "active")
    elif flt.status:
        query = query.where(Subscription.status == flt.status)
    if flt.plan:
        query = query.where(Plan.slug == flt.plan)
    if flt.provider:
        query = query.where(Subscription.provider == flt.provider)
    if flt.person.strip():
        query = query.where(_person(flt.person))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(
        query.order_by(col(Subscription.updated_at).desc(), col(Subscription.id).desc())
        .limit(min(limit, MAX_PAGE))
        .offset(max(0, offset))
    ).all()
    return [SubscriberRow(s, u.email, u.name, p.name, p.slug) for s, u, p in rows], int(total)


def counts(session: Session) -> dict[str, int]:
    """How many subscriptions there are per status (and how many are cancelling at their period end)."""
    rows = session.exec(select(Subscription.status, func.count()).group_by(Subscription.status)).all()
    out = {status: 0 for status in STATUSES} | {status: int(n) for status, n in rows}
    out[CANCELLING] = int(
        session.exec(
            select(func.count()).where(
                col(Subscription.cancel_at_period_end).is_(True), Subscription.status == "active"
            )
        ).one()
    )
    return out


def plan_choices(session: Session) -> list[tuple[str, str]]:
    """Every plan as (slug, name), for the filter."""
    return [(p.slug, p.name) for p in session.exec(select(Plan).order_by(col(Plan.sort_order), col(Plan.id))).all()]


def payments(
    session: Session, *, person: str = "", status: str = "", limit: int = 50, offset: int = 0
) -> tuple[list[PaymentRow], int]:
    """Payments, newest first, filtered by part of the candidate's e-mail or name and by status."""
    query = (
        select(Payment, User, Plan)
        .join(User, col(User.id) == Payment.user_id, isouter=True)
        .join(Subscription, col(Subscription.id) == Payment.subscription_id, isouter=True)
        .join(Plan, col(Plan.id) == Subscription.plan_id, isouter=True)
    )
    if status == "partly_refunded":
        query = query.where(Payment.status == "paid", col(Payment.refunded_amount) > 0)
    elif status:
        query = query.where(Payment.status == status)
    if person.strip():
        query = query.where(_person(person))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(
        query.order_by(col(Payment.created_at).desc(), col(Payment.id).desc())
        .limit(min(limit, MAX_PAGE))
        .offset(max(0, offset))
    ).all()
    return [PaymentRow(p, u.email if u else "", plan.name if plan else "") for p, u, plan in rows], int(total)


def parse_amount(text: str, currency: str) -> int | None:
    """An amount typed by an admin ("12", "12.50") in minor units of `currency`; None when blank (all that is left).

    Raises:
        RefundError: `amount_invalid` for anything else (not a number, negative, too many decimals).

    """
    try:
        return plans.minor_units(text, currency)
    except ValueError:
        raise RefundError("amount_invalid") from None


@dataclass(frozen=True)
class RefundPlan:
    """A refund checked and ready to confirm: the payment, the amount, what is left, whom it goes to."""

    payment: Payment
    amount: int
    left: int
    email: str
    reason: str
    end_subscription: bool


def plan_refund(session: Session, payment_id: int, amount_text: str, reason: str, end_subscription: bool) -> RefundPlan:
    """Check a refund the admin typed, before the confirmation step (nothing is sent or changed).

    Raises:
        RefundError: as `refund` does before it reaches the provider.

    """
    payment = session.get(Payment, payment_id)
    if payment is None:
        raise RefundError("not_found")
    left = remaining(payment)
    if left <= 0 or payment.status != "paid":
        raise RefundError("not_refundable")
    amount = parse_amount(amount_text, payment.currency)
    amount = left if amount is None else amount
    if not 0 < amount <= left:
        raise RefundError("amount_invalid")
    reason = " ".join(reason.split())
    if not reason:
        raise RefundError("reason_required")
    if len(reason) > REASON_MAX:
        raise RefundError("reason_too_long")
    user = session.get(User, payment.user_id) if payment.user_id else None
    return RefundPlan(payment, amount, left, user.email if user else "", reason, end_subscription and amount == left)


def refund(
    session: Session,
    admin_id: int,
    payment_id: int,
    amount: int | None,
    reason: str,
    *,
    end_subscription: bool = False,
    ip: str = "",
) -> Payment:
    """Give back `amount` (None: all that is left) of a payment through its provider, and audit it.

    The provider call and the rows are `subscriptions.refund`'s (a full refund makes the subscription
    `refunded`; with `end_subscription` the provider also ends it at once). Audited as `billing.refund`
    with the admin, the candidate, the amount and the reason; a refusal as `billing.refund_failed`.

    Raises:
        RefundError: `not_found`, `not_refundable` (failed, or nothing left), `amount_invalid` (0 or more than
            is left), `reason_required`, `reason_too_long`, or the provider's refusal (`card_declined`, `auth`,
            `rate_limited`, `rejected`, `unavailable`, `not_configured`, `refund_failed`).

    """
    payment = session.get(Payment, payment_id)
    if payment is None:
        raise RefundError("not_found")
    left = remaining(payment)
    if left <= 0 or payment.status != "paid":
        raise RefundError("not_refundable")
    amount = left if amount is None else amount
    if not 0 < amount <= left:
        raise RefundError("amount_invalid")
    reason = " ".join(reason.split())
    if not reason:
        raise RefundError("reason_required")
    if len(reason) > REASON_MAX:
        raise RefundError("reason_too_long")
    facts = {
        "payment_id": payment.id,
        "invoice": payment.invoice_number or "",
        "provider": payment.provider,
        "amount": amount,
        "currency": payment.currency,
        "full": amount == left,
        "reason": reason,
    }
    subject = payment.user_id
    try:
        payment = subscriptions.refund(session, payment_id, amount, end_subscription=end_subscription)
    except subscriptions.BillingError as exc:
        session.rollback()
        code = "not_found" if exc.code == "payment_not_found" else exc.code
        audit.record(
            session, "billing.refund_failed", actor_user_id=admin_id, subject_user_id=subject, ip=ip, code=code, **facts
        )
        session.commit()
        raise RefundError(code, exc.detail) from exc
    audit.record(
        session,
        "billing.refund",
        actor_user_id=admin_id,
        subject_user_id=subject,
        ip=ip,
        refunded_total=payment.refunded_amount,
        subscription_ended=bool(end_subscription and payment.status == "refunded"),
        **facts,
    )
    session.commit()
    session.refresh(payment)
    return payment
