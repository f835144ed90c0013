"""Revenue per month from the stored subscriptions and payments: MRR, churn, ARPU, new subscribers, cash.

Months are calendar months in UTC. A subscription pays from its first paid payment (a `manual` one without
payments from when it was made) until it ends: cancelled (at `current_period_end`, or when the row was last
changed if the provider gave no period), refunded (when its payment was refunded), past due beyond its grace
period (at `grace_until`), or cancelled at the period end once that end has passed. An `incomplete`
subscription never paid and counts nowhere.

- **MRR** at a month's end: for every subscription paying then, its latest payment up to that moment spread
  over the interval it pays for (a yearly payment / 12). A partial refund is money given back once, not a
  lower price: it lowers the month's cash, not the MRR; a full refund ends the subscription (so it leaves the
  MRR then). A subscription without payments (manual) counts its plan's list price. An upgrade shows in the
  month it was paid for; a prorated upgrade payment counts until the next full renewal.
- **Churn**: of the people paying at the month's start, the share no longer paying at its end (per person, so
  an upgrade that replaces one subscription by another is not churn); None when nobody paid at the start.
- **ARPU**: MRR / the people paying at the month's end, per currency.
- **New subscribers**: people whose first paying subscription started in the month.
- **Cash**: payments received in the month less refunds made in it.

Amounts stay in minor units per currency, unless the report converts them (`rates`: what one unit of each
currency is worth in the report currency, from BILLING_REVENUE_CURRENCY and BILLING_EXCHANGE_RATES); a
currency without a rate then stays apart and is named in `unconverted`.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlmodel import Session, select

from interview_app.clock import aware, utcnow
from interview_app.models import Payment, Plan, Subscription
from interview_app.settings import Settings, get_settings

PAYING = ("active", "past_due", "cancelled", "refunded")
MAX_MONTHS = 36


@dataclass(frozen=True)
class MonthFigures:
    """One month of the report; money in minor units of each currency (or of the report currency)."""

    month: date  # the month's first day
    mrr: dict[str, int]
    arpu: dict[str, int]
    cash: dict[str, int]
    paying_start: int
    paying_end: int
    churned: int
    churn: float | None  # 0..1, None when nobody paid at the month's start
    new: int


@dataclass(frozen=True)
class RevenueReport:
    """Months oldest first, the currencies that appear, and what could not be converted."""

    months: list[MonthFigures]
    currencies: list[str]
    converted_to: str = ""
    unconverted: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Span:
    """When one subscription paid: from `start` until `end` (None: still paying)."""

    subscription: Subscription
    user_key: str
    start: datetime
    end: datetime | None

    def paying_at(self, moment: datetime) -> bool:
        return self.start <= moment and (self.end is None or moment < self.end)


def month_start(day: date) -> date:
    """The first day of `day`'s month."""
    return day.replace(day=1)


def add_months(month: date, count: int) -> date:
    """The first day of the month `count` months after `month` (negative: before)."""
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def _instant(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def settings_rates(settings: Settings | None = None) -> tuple[str, dict[str, float]]:
    """The report currency and its rate table from settings; ("", {}) reports per currency."""
    settings = settings or get_settings()
    target = settings.billing_revenue_currency
    if not target:
        return "", {}
    return target, {**settings.billing_exchange_rate_table, target: 1.0}


def _end_of(sub: Subscription, payments: Sequence[Payment], now: datetime) -> datetime | None:
    """When the subscription stopped paying, or None while it still pays."""
    period_end = aware(sub.current_period_end) if sub.current_period_end else None
    if sub.status == "cancelled":
        return period_end or aware(sub.updated_at)
    if sub.status == "refunded":
        refunds = [aware(p.refunded_at) for p in payments if p.refunded_at is not None]
        return max(refunds) if refunds else aware(sub.updated_at)
    if sub.status == "past_due" and sub.grace_until is not None and aware(sub.grace_until) <= now:
        return aware(sub.grace_until)
    if sub.cancel_at_period_end and period_end is not None and period_end <= now:
        return period_end
    return None


def _spans(subscriptions: Iterable[Subscription], payments: Mapping[int, list[Payment]], now: datetime) -> list[_Span]:
    spans: list[_Span] = []
    for sub in subscriptions:
        if sub.status not in PAYING:
            continue
        own = payments.get(sub.id or 0, [])
        paid = sorted(aware(p.paid_at) for p in own if p.paid_at is not None and p.status != "failed")
        if paid:
            start = paid[0]
        elif sub.provider == "manual":
            start = aware(sub.created_at)
        else:
            continue  # a provider's subscription that never paid
        end = _end_of(sub, own, now)
        if end is not None and end <= start:
            continue
        spans.append(_Span(sub, f"u{sub.user_id}", start, end))
    return spans


def _paid_history(own: Sequence[Payment]) -> list[tuple[datetime, int, int]]:
    """A subscription's payments that went through, oldest first: (when, id, amount)."""
    return sorted(
        (aware(p.paid_at), p.id or 0, p.amount) for p in own if p.paid_at is not None and p.status != "failed"
    )


def _monthly_value(
    span: _Span, history: Sequence[tuple[datetime, int, int]], plans: Mapping[int, Plan], moment: datetime
) -> int:
    """What the subscription brings in a month, as of `moment` (minor units of its currency)."""
    sub = span.subscription
    months = 12 if sub.interval == "year" else 1
    index = bisect.bisect_right(history, (moment, float("inf"), 0))
    if index:
        return history[index - 1][2] // months
    plan = plans.get(sub.plan_id)
    price = (plan.prices.get(sub.currency, {}) if plan else {}).get(sub.interval, 0)
    return int(price) // months


def _cash_by_month(payments: Sequence[Payment]) -> dict[date, dict[str, int]]:
    """Money received less money refunded, per calendar month (first day) and currency."""
    cash: dict[date, dict[str, int]] = {}
    for p in payments:
        if p.paid_at is not None and p.status != "failed":
            _add(cash.setdefault(month_start(aware(p.paid_at).date()), {}), p.currency, p.amount)
        if p.refunded_at is not None and p.refunded_amount:
            _add(cash.setdefault(month_start(aware(p.refunded_at).date()), {}), p.currency, -p.refunded_amount)
    return cash


def _convert(amounts: dict[str, int], target: str, rates: Mapping[str, float]) -> dict[str, int]:
    if not target:
        return amounts
    out: dict[str, int] = {}
    for currency, amount in amounts.items():
        if currency in rates:
            out[target] = out.get(target, 0) + round(amount * rates[currency])
        else:
            out[currency] = out.get(currency, 0) + amount
    return out


def _add(totals: dict[str, int], currency: str, amount: int) -> None:
    totals[currency] = totals.get(currency, 0) + amount


def compute(
    subscriptions: Sequence[Subscription],
    payments: Sequence[Payment],
    plans: Sequence[Plan],
    first: date,
    last: date,
    *,
    now: datetime | None = None,
    target: str = "",
    rates: Mapping[str, float] | None = None,
) -> RevenueReport:
    """The report for the months from `first` to `last` (both included) over the given rows.

    Args:
        subscriptions: Every subscription (any status).
        payments: Every payment (those of subscriptions and loose ones).
        plans: The plans, for the list price of subscriptions without payments.
        first: A day in the first month.
        last: A day in the last month (a month not over yet is measured at `now`).
        now: The present (tests pass their own).
        target: The report currency ("" keeps each currency apart).
        rates: With `target`: one unit of each currency in the target currency.

    """
    now = now or utcnow()
    rates = dict(rates or {})
    by_sub: dict[int, list[Payment]] = {}
    for p in payments:
        if p.subscription_id is not None:
            by_sub.setdefault(p.subscription_id, []).append(p)
    plan_by_id = {p.id or 0: p for p in plans}
    spans = _spans(subscriptions, by_sub, now)
    histories = {sid: _paid_history(own) for sid, own in by_sub.items()}
    cash_by_month = _cash_by_month(payments)
    first_start: dict[str, datetime] = {}
    for span in spans:
        first_start[span.user_key] = min(first_start.get(span.user_key, span.start), span.start)
    currencies: set[str] = set()
    months: list[MonthFigures] = []
    month = month_start(first)
    while month <= month_start(last):
        begin, end = _instant(month), _instant(add_months(month, 1))
        moment = min(end, now)
        at_start = {s.user_key for s in spans if s.paying_at(begin)}
        paying = [s for s in spans if s.paying_at(moment)] if moment > begin else []
        at_end = {s.user_key for s in paying}
        mrr: dict[str, int] = {}
        people: dict[str, set[str]] = {}
        for span in paying:
            currency = span.subscription.currency
            history = histories.get(span.subscription.id or 0, [])
            _add(mrr, currency, _monthly_value(span, history, plan_by_id, moment))
            people.setdefault(currency, set()).add(span.user_key)
        cash = dict(cash_by_month.get(month, {}))
        currencies.update(mrr, cash)
        mrr_out = _convert(mrr, target, rates)
        if target:
            counts: dict[str, set[str]] = {}
            for currency, keys in people.items():
                counts.setdefault(target if currency in rates else currency, set()).update(keys)
        else:
            counts = people
        arpu = {c: amount // len(counts[c]) for c, amount in mrr_out.items() if counts.get(c)}
        churned = len(at_start - at_end)
        months.append(
            MonthFigures(
                month=month,
                mrr=mrr_out,
                arpu=arpu,
                cash=_convert(cash, target, rates),
                paying_start=len(at_start),
                paying_end=len(at_end),
                churned=churned,
                churn=churned / len(at_start) if at_start else None,
                new=sum(1 for start in first_start.values() if begin <= start < moment),
            )
        )
        month = add_months(month, 1)
    unconverted = sorted(c for c in currencies if target and c not in rates)
    shown = {c for m in months for c in (*m.mrr, *m.cash)}
    return RevenueReport(months, sorted(shown), converted_to=target, unconverted=unconverted)


def report(session: Session, months: int = 12, *, now: datetime | None = None) -> RevenueReport:
    """The last `months` months (this one included) from the database, converted as settings say."""
    now = now or utcnow()
    months = max(1, min(MAX_MONTHS, months))
    last = now.date()
    first = add_months(month_start(last), -(months - 1))
    subscriptions = session.exec(select(Subscription)).all()
    # Every payment: one made before the window still sets the value of a subscription paid yearly.
    payments = session.exec(select(Payment)).all()
    plans = session.exec(select(Plan)).all()
    target, rates = settings_rates()
    return compute(subscriptions, payments, plans, first, last, now=now, target=target, rates=rates)
