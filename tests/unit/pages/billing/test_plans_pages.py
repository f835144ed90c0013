"""The plans' pages through their handlers: the pricing cards (interval, currency, the candidate's plan, a
visitor's Choose), the usage card's meters, the admin's plan form (refused by field, then saved and audited,
archived) and the cost page's sums and day range."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from sqlmodel import Session, select

from interview_app.clock import utcnow
from interview_app.models import AuditEvent, InterviewSession, Plan, UsageCost, User
from interview_app.pages.admin.costs import CostsState
from interview_app.pages.admin.plans import PlansState
from interview_app.pages.billing.pricing import PricingState
from interview_app.pages.billing.usage_card import UsageState
from interview_app.services.billing import plans
from interview_app.services.shared import limits
from interview_app.settings import Settings
from tests.support.handlers import new_state, redirect_path, session_token


@pytest.fixture(autouse=True)
def _plans_on(override_settings: Callable[..., Settings], session: Session) -> Iterator[None]:
    override_settings(plans_enabled=True, limits_store="database", billing_default_currency="USD")
    plans.install_quotas()
    plans.seed(session)
    session.commit()
    yield
    limits.set_plan_override(None)


def test_pricing_cards_follow_the_interval_and_currency(session: Session, make_user: Callable[..., User]) -> None:
    page = new_state(PricingState)
    page.load_pricing()
    assert page.currencies == ["USD", "INR"]
    premium = next(c for c in page.cards if c["slug"] == "premium")
    assert (premium["price"], premium["period"], premium["buyable"], premium["current"]) == (
        "$12.00",
        "a month",
        True,
        False,
    )
    assert "Unlimited interviews a month" in premium["lines"]
    free = next(c for c in page.cards if c["slug"] == "free")
    assert free["free"] and free["price"] == "Free" and "10 interviews a month" in free["lines"]
    page.set_period("year")
    page.load_pricing()
    premium = next(c for c in page.cards if c["slug"] == "premium")
    assert (premium["price"], premium["note"]) == ("$120.00", "17% less than monthly")
    page.set_currency("inr")
    page.load_pricing()
    assert next(c for c in page.cards if c["slug"] == "premium")["price"] == "₹9,999.00"
    page.set_currency("EUR")  # sold in no plan: back to the first currency
    page.load_pricing()
    assert page.currency == "USD"
    # A visitor's Choose goes to registration; a signed-in candidate's plan is marked.
    assert redirect_path(page.choose("premium")).startswith("/register")
    ada = make_user()
    mine = new_state(PricingState)
    mine.session_token = session_token(session, ada)
    mine.load_pricing()
    assert next(c for c in mine.cards if c["slug"] == "free")["current"]


def test_pricing_with_plans_off_shows_nothing(override_settings: Callable[..., Settings]) -> None:
    override_settings(plans_enabled=False)
    page = new_state(PricingState)
    page.load_pricing()
    assert page.cards == []


def test_the_usage_card(session: Session, make_user: Callable[..., User]) -> None:
    ada = make_user()
    session.add(InterviewSession(user_id=ada.id or 0, interview_type="mixed", difficulty="medium", started_at=utcnow()))
    session.commit()
    card = new_state(UsageState)
    card.session_token = session_token(session, ada)
    card.load_usage()
    assert card.usage_plan == "You are on the Free plan." and not card.usage_paid and not card.usage_full
    meters = {m["rule"]: m for m in card.usage_meters}
    assert meters["interviews_per_month"]["amount"] == "1 of 10 used · 9 left"
    assert meters["interviews_per_month"]["reset"].startswith("Resets on 1 ")
    assert meters["interviews_per_month"]["percent"] == 10
    assert meters["interviews_per_day"]["amount"] == "1 of 2 used · 1 left"


def test_an_admin_creates_edits_and_archives_a_plan(session: Session, make_user: Callable[..., User]) -> None:
    admin = make_user("root@example.com", "Root", role="admin")
    page = new_state(PlansState)
    page.session_token = session_token(session, admin)
    page.load()
    assert [r["slug"] for r in page.rows] == ["free", "premium"]
    assert page.rows[1]["prices"] == "₹999.00 / month · ₹9,999.00 / year · $12.00 / month · $120.00 / year"
    page.new_plan()
    assert page.form_open and [p["currency"] for p in page.f_prices] == ["USD", "INR"]
    page.set_text("f_name", "Coach Plus")
    page.set_text("f_slug", "Coach Plus")
    page.set_price("USD", "month", "4.999")
    page.set_quota("interviews_per_month", "forty")
    page.save()
    assert page.form_open and page.form_error == "Check the marked fields."
    assert set(page.problems) == {"slug", "price_USD_month", "interviews_per_month"}
    page.set_text("f_slug", "coach-plus")
    page.set_price("USD", "month", "5")
    page.set_quota("interviews_per_month", "40")
    page.set_feature("pdf_reports", True)
    page.set_provider("stripe_month", "price_abc")
    page.save()
    assert not page.form_open and page.problems == {}
    plan = session.exec(select(Plan).where(Plan.slug == "coach-plus")).one()
    assert (plan.prices, plan.interviews_per_month, plan.features, plan.provider_prices) == (
        {"USD": {"month": 500}},
        40,
        ["pdf_reports"],
        {"stripe": {"month": "price_abc"}},
    )
    page.edit_plan(plan.id or 0)
    assert page.f_name == "Coach Plus" and page.f_prices[0]["month"] == "5.00"
    page.close_form()
    page.set_offered(plan.id or 0, False)
    session.expire_all()
    assert session.get(Plan, plan.id).active is False  # type: ignore[union-attr]
    names = [e.event for e in session.exec(select(AuditEvent).where(AuditEvent.actor_user_id == admin.id)).all()]
    assert [n for n in names if n.startswith("plan.")] == ["plan.created", "plan.archived"]


def test_the_cost_page(session: Session, make_user: Callable[..., User]) -> None:
    admin = make_user("root@example.com", "Root", role="admin")
    ada = make_user()
    session.add(UsageCost(user_id=ada.id, kind="llm", prompt_tokens=1000, completion_tokens=100, cost_micros=210))
    session.add(UsageCost(user_id=None, kind="whisper", seconds=12.0, cost_micros=1200))
    session.commit()
    page = new_state(CostsState)
    page.session_token = session_token(session, admin)
    page.load()
    assert (page.total_cost, page.total_tokens, page.total_calls, page.total_audio) == (
        "$0.0014",
        "1,100",
        "1",
        "12 s",
    )
    assert len(page.days) == 30 and page.days[0]["cost"] == "$0.0014"
    assert [u["label"] for u in page.users] == ["Deleted account", "ada@example.com"]
    page.set_range("start", "2026-01-02")
    page.set_range("end", "2026-01-01")
    page.load()  # what set_range returns
    assert page.range_error == "Choose a start day on or before the end day, at most a year apart."
