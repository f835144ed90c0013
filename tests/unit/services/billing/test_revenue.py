"""Revenue per month (services/billing/revenue.py) over hand-made histories of subscriptions and payments."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session

from interview_app.models import Payment, Plan, Subscription, User
from interview_app.services.billing import revenue

NOW = datetime(2026, 6, 20, 12, tzinfo=UTC)
PREMIUM = Plan(id=2, slug="premium", name="Premium", prices={"USD": {"month": 1200, "year": 12000}})


def at(month: int, day: int = 1, hour: int = 9, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def sub(
    sid: int, user: int, *, status: str = "active", interval: str = "month", currency: str = "USD", **kw
) -> Subscription:
    return Subscription(
        id=sid,
        user_id=user,
        plan_id=2,
        provider=kw.pop("provider", "stripe"),
        provider_subscription_id=f"sub_{sid}",
        status=status,
        interval=interval,
        currency=currency,
        created_at=kw.pop("created_at", at(1)),
        updated_at=kw.pop("updated_at", at(1)),
        **kw,
    )


def pay(pid: int, sid: int | None, amount: int, paid: datetime, *, currency: str = "USD", **kw) -> Payment:
    return Payment(
        id=pid,
        user_id=1,
        subscription_id=sid,
        provider="stripe",
        provider_payment_id=f"pi_{pid}",
        amount=amount,
        currency=currency,
        status=kw.pop("status", "paid"),
        paid_at=paid,
        created_at=paid,
        **kw,
    )


def months(report: revenue.RevenueReport) -> dict[str, revenue.MonthFigures]:
    return {m.month.strftime("%Y-%m"): m for m in report.months}


def run(
    subs: list[Subscription], payments: list[Payment], first: date = date(2026, 1, 1), **kw
) -> dict[str, revenue.MonthFigures]:
    return months(revenue.compute(subs, payments, [PREMIUM], first, NOW.date(), now=NOW, **kw))


def test_no_data_gives_empty_months_and_no_churn():
    report = revenue.compute([], [], [], date(2026, 4, 1), NOW.date(), now=NOW)
    assert [m.month for m in report.months] == [date(2026, 4, 1), date(2026, 5, 1), date(2026, 6, 1)]
    assert all(m.mrr == {} and m.arpu == {} and m.cash == {} and m.new == 0 for m in report.months)
    assert all(m.churn is None for m in report.months)
    assert report.currencies == []


def test_monthly_subscribers_mrr_arpu_new_and_cash():
    subs = [sub(1, 1), sub(2, 2)]
    payments = [
        pay(1, 1, 1200, at(3, 5)),
        pay(2, 1, 1200, at(4, 5)),
        pay(3, 2, 1200, at(4, 10)),
        pay(4, 1, 1200, at(5, 5)),
        pay(5, 2, 1200, at(5, 10)),
    ]
    m = run(subs, payments)
    assert m["2026-02"].mrr == {} and m["2026-02"].new == 0
    assert m["2026-03"].mrr == {"USD": 1200} and m["2026-03"].new == 1 and m["2026-03"].cash == {"USD": 1200}
    assert m["2026-04"].mrr == {"USD": 2400} and m["2026-04"].arpu == {"USD": 1200} and m["2026-04"].new == 1
    assert m["2026-04"].paying_start == 1 and m["2026-04"].paying_end == 2 and m["2026-04"].churn == 0
    assert m["2026-05"].cash == {"USD": 2400} and m["2026-05"].new == 0


def test_yearly_plan_is_spread_over_twelve_months_and_cash_lands_once():
    m = run([sub(1, 1, interval="year")], [pay(1, 1, 12000, at(2, 14))])
    assert m["2026-02"].cash == {"USD": 12000}
    assert m["2026-03"].cash == {}
    for key in ("2026-02", "2026-03", "2026-06"):
        assert m[key].mrr == {"USD": 1000}
        assert m[key].arpu == {"USD": 1000}
    assert m["2026-01"].mrr == {}


def test_cancellation_at_period_end_counts_as_churn_in_the_month_it_ends():
    subs = [
        sub(1, 1, status="cancelled", current_period_end=at(4, 5), updated_at=at(3, 20)),
        sub(2, 2),
        sub(3, 3),
        sub(4, 4),
    ]
    payments = [
        pay(1, 1, 1200, at(3, 5)),
        pay(2, 2, 1200, at(3, 6)),
        pay(3, 3, 1200, at(3, 7)),
        pay(4, 4, 1200, at(3, 8)),
    ]
    m = run(subs, payments)
    assert m["2026-03"].churn is None  # nobody paid on 1 March
    april = m["2026-04"]
    assert april.paying_start == 4 and april.paying_end == 3 and april.churned == 1
    assert april.churn == pytest.approx(0.25)
    assert april.mrr == {"USD": 3600}


def test_churn_is_none_when_nobody_paid_at_the_start():
    m = run([sub(1, 1)], [pay(1, 1, 1200, at(3, 5))])
    assert m["2026-03"].churn is None
    assert m["2026-04"].churn == 0


def test_cancel_at_period_end_still_running_is_not_churn_until_the_end_passes():
    future = sub(1, 1, cancel_at_period_end=True, current_period_end=at(7, 5))
    past = sub(2, 2, cancel_at_period_end=True, current_period_end=at(5, 5))
    m = run([future, past], [pay(1, 1, 1200, at(4, 5)), pay(2, 2, 1200, at(4, 5))])
    assert m["2026-05"].churned == 1 and m["2026-05"].paying_end == 1
    assert m["2026-06"].mrr == {"USD": 1200}


def test_full_refund_ends_the_subscription_and_takes_the_cash_back():
    refunded = sub(1, 1, status="refunded", updated_at=at(4, 20))
    payment = pay(1, 1, 1200, at(4, 2), status="refunded", refunded_amount=1200, refunded_at=at(4, 12))
    m = run([refunded], [payment])
    assert m["2026-04"].cash == {"USD": 0}
    assert m["2026-04"].mrr == {}  # it stopped paying on 12 April
    assert m["2026-04"].new == 1


def test_a_partial_refund_in_a_later_month_lowers_that_months_cash_not_the_mrr():
    running = sub(1, 1)
    payment = pay(1, 1, 1200, at(4, 2), refunded_amount=200, refunded_at=at(5, 3))
    m = run([running], [payment])
    assert m["2026-04"].cash == {"USD": 1200} and m["2026-04"].mrr == {"USD": 1200}
    assert m["2026-05"].cash == {"USD": -200} and m["2026-05"].mrr == {"USD": 1200}


def test_upgrade_mid_month_from_monthly_to_yearly_is_not_churn():
    # The monthly subscription is replaced by a yearly one on 15 April (a new subscription, the old cancelled).
    old = sub(1, 1, status="cancelled", current_period_end=None, updated_at=at(4, 15, 10))
    new = sub(2, 1, interval="year", created_at=at(4, 15, 10))
    payments = [pay(1, 1, 1200, at(3, 1)), pay(2, 1, 1200, at(4, 1)), pay(3, 2, 12000, at(4, 15, 10))]
    m = run([old, new], payments)
    april = m["2026-04"]
    assert april.churned == 0 and april.churn == 0
    assert april.mrr == {"USD": 1000} and april.paying_end == 1
    assert april.new == 0  # the person subscribed in March
    assert april.cash == {"USD": 13200}


def test_upgrade_in_place_uses_the_newest_payment_from_the_month_it_was_paid():
    upgraded = sub(1, 1, interval="month")
    payments = [pay(1, 1, 1200, at(3, 1)), pay(2, 1, 2900, at(4, 15))]
    m = run([upgraded], payments)
    assert m["2026-03"].mrr == {"USD": 1200}
    assert m["2026-04"].mrr == {"USD": 2900}


def test_incomplete_and_failed_never_count_and_past_due_counts_within_grace():
    incomplete = sub(1, 1, status="incomplete")
    lapsed = sub(2, 2, status="past_due", grace_until=at(5, 10))
    grace = sub(3, 3, status="past_due", grace_until=at(7, 1))
    payments = [
        pay(1, 1, 1200, at(4, 1), status="failed"),
        pay(2, 2, 1200, at(4, 1)),
        pay(3, 3, 1200, at(4, 1)),
        pay(4, 3, 1200, at(5, 1), status="failed"),
    ]
    m = run([incomplete, lapsed, grace], payments)
    assert m["2026-04"].paying_end == 2 and m["2026-04"].cash == {"USD": 2400}
    assert m["2026-05"].churned == 1 and m["2026-05"].mrr == {"USD": 1200}


def test_manual_subscription_without_payments_counts_the_plan_price():
    manual = sub(1, 1, provider="manual", interval="year", created_at=at(5, 3))
    m = run([manual], [])
    assert m["2026-04"].mrr == {} and m["2026-05"].mrr == {"USD": 1000} and m["2026-05"].new == 1


def test_currencies_stay_apart_or_convert_with_a_rate_table():
    usd, inr, eur = sub(1, 1), sub(2, 2, currency="INR"), sub(3, 3, currency="EUR")
    payments = [
        pay(1, 1, 1200, at(5, 1)),
        pay(2, 2, 99900, at(5, 1), currency="INR"),
        pay(3, 3, 1100, at(5, 1), currency="EUR"),
    ]
    apart = run([usd, inr, eur], payments)["2026-05"]
    assert apart.mrr == {"USD": 1200, "INR": 99900, "EUR": 1100}
    assert apart.arpu == {"USD": 1200, "INR": 99900, "EUR": 1100}
    report = revenue.compute(
        [usd, inr, eur],
        payments,
        [PREMIUM],
        date(2026, 5, 1),
        NOW.date(),
        now=NOW,
        target="USD",
        rates={"USD": 1.0, "INR": 0.012},
    )
    may = months(report)["2026-05"]
    assert may.mrr == {"USD": 1200 + 1199, "EUR": 1100}  # 99900 paise x 0.012 = 1198.8 cents
    assert may.arpu == {"USD": (1200 + 1199) // 2, "EUR": 1100}
    assert report.converted_to == "USD" and report.unconverted == ["EUR"]


def test_the_current_month_is_measured_now():
    ending = sub(1, 1, cancel_at_period_end=True, current_period_end=at(6, 25))
    m = run([ending], [pay(1, 1, 1200, at(5, 25))])
    assert m["2026-06"].paying_end == 1 and m["2026-06"].churned == 0


def test_report_reads_the_database_and_converts_as_settings_say(
    session: Session, make_user: Callable[..., User], override_settings: Callable[..., object]
):
    user = make_user()
    plan = Plan(slug="premium-test", name="Premium", prices={"INR": {"month": 99900}})
    session.add(plan)
    session.commit()
    row = Subscription(user_id=user.id or 0, plan_id=plan.id or 0, provider="razorpay", status="active", currency="INR")
    session.add(row)
    session.commit()
    session.add(
        Payment(
            user_id=user.id,
            subscription_id=row.id,
            provider="razorpay",
            provider_payment_id="pay_1",
            amount=99900,
            currency="INR",
            paid_at=at(6, 2),
        )
    )
    session.commit()
    per_currency = revenue.report(session, 3, now=NOW)
    assert [m.month for m in per_currency.months] == [date(2026, 4, 1), date(2026, 5, 1), date(2026, 6, 1)]
    assert per_currency.months[-1].mrr == {"INR": 99900}
    override_settings(billing_revenue_currency="USD", billing_exchange_rates="INR=0.012")
    converted = revenue.report(session, 3, now=NOW)
    assert converted.months[-1].mrr == {"USD": 1199} and converted.converted_to == "USD"


def test_a_malformed_rate_table_is_refused_by_settings(override_settings: Callable[..., object]):
    with pytest.raises(ValueError, match="BILLING_EXCHANGE_RATES"):
        override_settings(billing_revenue_currency="USD", billing_exchange_rates="INR:0.012")
