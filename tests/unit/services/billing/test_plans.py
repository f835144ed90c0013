"""Plans (services/billing/plans.py): the file and seeding, which plan a user is on, the admins' edits with
their validation and audit events, and the plans' quotas through the limits."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from interview_app.clock import utcnow
from interview_app.models import AuditEvent, Plan, Subscription, User
from interview_app.services.billing import plans
from interview_app.services.billing.plans import PlanError, PlanForm
from interview_app.services.shared import limits
from interview_app.settings import Settings


@pytest.fixture(autouse=True)
def _no_plan_override() -> Iterator[None]:
    limits.set_plan_override(None)
    yield
    limits.set_plan_override(None)


@pytest.fixture
def seeded(session: Session) -> dict[str, Plan]:
    plans.seed(session)
    session.commit()
    return {p.slug: p for p in session.exec(select(Plan)).all()}


@pytest.fixture
def admin(make_user: Callable[..., User]) -> User:
    return make_user("root@example.com", "Root", role="admin")


def subscribe(session: Session, user: User, plan: Plan, status: str = "active", **values: object) -> Subscription:
    sub = Subscription(
        user_id=user.id or 0,
        plan_id=plan.id or 0,
        provider="manual",
        status=status,
        **values,  # type: ignore[arg-type]
    )
    session.add(sub)
    session.commit()
    return sub


def premium_form(**changes: object) -> PlanForm:
    form = PlanForm(
        slug="pro",
        name="Pro",
        description="For the busy.",
        prices={"USD": {"month": "9.50", "year": "95"}, "INR": {"month": "799", "year": ""}},
        quotas={"interviews_per_day": "10", "interviews_per_month": "", "voice_minutes_per_month": "120"},
        features=["pdf_reports"],
        provider_prices={"stripe": {"month": " price_123 ", "year": ""}, "paypal": {"month": "x"}},
        sort_order="5",
    )
    for key, value in changes.items():
        setattr(form, key, value)
    return form


def test_the_built_in_file_has_a_free_default_and_a_paid_premium_plan() -> None:
    specs = {s.slug: s for s in plans.definitions()}
    assert specs["free"].is_default and specs["free"].prices == {}
    assert specs["free"].interviews_per_month == 10
    premium = specs["premium"]
    assert premium.prices["USD"] == {"month": 1200, "year": 12000}
    assert premium.prices["INR"]["month"] == 99900
    assert premium.interviews_per_month is None  # unlimited
    assert set(premium.features) <= set(plans.FEATURES)


def test_seed_creates_missing_plans_once_and_never_overwrites_an_admins_edit(session: Session) -> None:
    assert plans.seed(session) == 2
    free = session.exec(select(Plan).where(Plan.slug == "free")).one()
    free.interviews_per_month = 3
    session.add(free)
    session.commit()
    assert plans.seed(session) == 0
    session.refresh(free)
    assert free.interviews_per_month == 3
    assert [p.slug for p in plans.active_plans(session)] == ["free", "premium"]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("not json", "not readable JSON"),
        ('{"slug": "free"}', "a list of plans"),
        (
            '[{"slug": "a", "name": "A", "is_default": true},'
            ' {"slug": "a", "name": "B", "prices": {"USD": {"month": 1}}}]',
            "twice",
        ),
        ('[{"slug": "b", "name": "B", "prices": {"USD": {"month": 100}}}]', "exactly one plan must be the default"),
        (
            '[{"slug": "free", "name": "Free", "is_default": true, "prices": {"USD": {"month": 100}}}]',
            "cannot have prices",
        ),
        ('[{"slug": "Bad Slug", "name": "X", "is_default": true}]', "slug"),
        ('[{"slug": "f", "name": "F", "is_default": true, "features": ["teleport"]}]', "features"),
        ('[{"slug": "f", "name": "F", "is_default": true, "interviews_per_day": -1}]', "interviews_per_day"),
    ],
)
def test_a_wrong_plans_file_is_refused_with_its_problems(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "plans.json"
    path.write_text(content)
    with pytest.raises(PlanError) as caught:
        plans.definitions(path)
    assert caught.value.code == "file_invalid"
    assert any(problem in text for text in caught.value.problems.values()), caught.value.problems


def test_plans_file_setting_is_read(
    session: Session, tmp_path: Path, override_settings: Callable[..., Settings]
) -> None:
    path = tmp_path / "mine.json"
    path.write_text(json.dumps([{"slug": "basic", "name": "Basic", "is_default": True, "interviews_per_month": 4}]))
    override_settings(plans_file=str(path))
    assert plans.seed(session) == 1
    assert plans.default_plan(session).slug == "basic"


def test_plan_for_follows_the_subscription_state(session: Session, seeded: dict[str, Plan], make_user) -> None:
    ada = make_user()
    now = utcnow()
    assert plans.plan_for(session, ada.id).slug == "free"
    sub = subscribe(session, ada, seeded["premium"], current_period_end=now + timedelta(days=20))
    assert plans.plan_for(session, ada.id).slug == "premium"
    # Cancelled at the period's end: premium until then, free after.
    sub.status = "cancelled"
    session.add(sub)
    session.commit()
    assert plans.plan_for(session, ada.id).slug == "premium"
    assert plans.plan_for(session, ada.id, now + timedelta(days=21)).slug == "free"
    # Past due: premium within the grace period only.
    sub.status, sub.grace_until = "past_due", now + timedelta(days=3)
    session.add(sub)
    session.commit()
    assert plans.plan_for(session, ada.id).slug == "premium"
    assert plans.plan_for(session, ada.id, now + timedelta(days=4)).slug == "free"
    # Active but set to end at the period's end, which has passed.
    sub.status, sub.cancel_at_period_end, sub.current_period_end = "active", True, now - timedelta(minutes=1)
    session.add(sub)
    session.commit()
    assert plans.plan_for(session, ada.id).slug == "free"
    for status in ("refunded", "incomplete"):
        sub.status, sub.cancel_at_period_end = status, False
        session.add(sub)
        session.commit()
        assert plans.plan_for(session, ada.id).slug == "free"


def test_plan_for_before_seeding_is_the_files_default_not_stored(session: Session, make_user) -> None:
    ada = make_user()
    plan = plans.plan_for(session, ada.id)
    assert plan.slug == "free" and plan.id is None
    assert session.exec(select(Plan)).all() == []


def test_the_override_gives_the_plans_quotas_and_keeps_the_per_minute_rules(
    session: Session, seeded: dict[str, Plan], make_user, override_settings: Callable[..., Settings]
) -> None:
    override_settings(plans_enabled=True, interviews_per_day=5, answers_per_minute=2)
    ada = make_user()
    assert plans.install_quotas()
    mine = limits.limits_for(session, ada.id)
    assert (mine.interviews_per_day, mine.interviews_per_month, mine.source) == (2, 10, "Free")
    assert mine.answers_per_minute == 2  # not a plan's
    subscribe(session, ada, seeded["premium"])
    mine = limits.limits_for(session, ada.id)
    assert (mine.interviews_per_month, mine.voice_minutes_per_month, mine.source) == (None, 600, "Premium")


def test_plans_off_changes_no_limit(session: Session, seeded: dict[str, Plan], make_user, override_settings) -> None:
    override_settings(plans_enabled=False, interviews_per_day=5)
    ada = make_user()
    assert not plans.install_quotas()
    mine = limits.limits_for(session, ada.id)
    assert (mine.interviews_per_day, mine.interviews_per_month, mine.source) == (5, None, "settings")
    assert plans.has_feature(session, ada.id, "pdf_reports")


def test_features_follow_the_plan(session: Session, seeded: dict[str, Plan], make_user, override_settings) -> None:
    override_settings(plans_enabled=True)
    ada = make_user()
    assert not plans.has_feature(session, ada.id, "tailored_interviews")
    subscribe(session, ada, seeded["premium"])
    assert plans.has_feature(session, ada.id, "tailored_interviews")


def test_an_admin_creates_a_plan_with_typed_prices_and_it_is_audited(
    session: Session, seeded: dict[str, Plan], admin: User
) -> None:
    plan = plans.save(session, admin.id or 0, premium_form(), ip="10.0.0.1")
    session.commit()
    assert plan.prices == {"USD": {"month": 950, "year": 9500}, "INR": {"month": 79900}}
    assert (plan.interviews_per_day, plan.interviews_per_month, plan.voice_minutes_per_month) == (10, None, 120)
    assert plan.provider_prices == {"stripe": {"month": "price_123"}}  # unknown providers dropped
    event = session.exec(select(AuditEvent).where(AuditEvent.event == "plan.created")).one()
    assert event.actor_user_id == admin.id and event.detail["plan"] == "pro" and event.ip == "10.0.0.1"
    form = plans.form_of(plan)
    assert form.prices == {"USD": {"month": "9.50", "year": "95.00"}, "INR": {"month": "799.00"}}
    assert form.quotas is not None and form.quotas["interviews_per_month"] == ""


def test_every_problem_of_a_form_is_reported_by_field(session: Session, seeded: dict[str, Plan], admin: User) -> None:
    bad = premium_form(
        slug="No Spaces",
        name="",
        prices={"USD": {"month": "-3", "year": "12.345"}},
        quotas={"interviews_per_day": "ten", "exports_per_day": "2000000"},
        features=["teleport"],
        sort_order="x",
    )
    with pytest.raises(PlanError) as caught:
        plans.save(session, admin.id or 0, bad)
    assert caught.value.problems == {
        "slug": "billing.error.slug",
        "name": "billing.error.name",
        "price_USD_month": "billing.error.price",
        "price_USD_year": "billing.error.price",
        "interviews_per_day": "billing.error.quota",
        "exports_per_day": "billing.error.quota",
        "features": "billing.error.features",
        "sort_order": "billing.error.sort_order",
    }
    assert session.exec(select(AuditEvent).where(AuditEvent.event == "plan.created")).first() is None


def test_a_taken_slug_and_a_paid_plan_without_price_are_refused(
    session: Session, seeded: dict[str, Plan], admin: User
) -> None:
    with pytest.raises(PlanError) as caught:
        plans.save(session, admin.id or 0, premium_form(slug="premium"))
    assert caught.value.problems == {"slug": "billing.error.slug_taken"}
    with pytest.raises(PlanError) as caught:
        plans.save(session, admin.id or 0, premium_form(prices={"USD": {"month": "", "year": ""}}))
    assert caught.value.problems == {"prices": "billing.error.no_price"}


def test_editing_records_what_changed_and_moving_the_default(
    session: Session, seeded: dict[str, Plan], admin: User
) -> None:
    free = seeded["free"]
    form = plans.form_of(free)
    assert form.quotas is not None
    form.quotas["interviews_per_month"] = "12"
    plans.save(session, admin.id or 0, form, (free.id or 0))
    session.commit()
    event = session.exec(select(AuditEvent).where(AuditEvent.event == "plan.updated")).one()
    assert event.detail["changed"] == ["interviews_per_month"]
    assert (event.detail["before"], event.detail["after"]) == (
        {"interviews_per_month": 10},
        {"interviews_per_month": 12},
    )
    # The default cannot be dropped directly; another plan made the default takes it over.
    form.is_default, form.prices = False, {"USD": {"month": "1"}}
    with pytest.raises(PlanError, match="default_needed"):
        plans.save(session, admin.id or 0, form, (free.id or 0))
    basic = plans.save(session, admin.id or 0, premium_form(slug="basic", prices={}, is_default=True))
    session.commit()
    session.refresh(free)
    assert basic.is_default and not free.is_default
    assert plans.default_plan(session).slug == "basic"


def test_archive_restore_and_delete(session: Session, seeded: dict[str, Plan], admin: User, make_user) -> None:
    premium, free = seeded["premium"], seeded["free"]
    with pytest.raises(PlanError, match="default_inactive"):
        plans.set_active(session, admin.id or 0, (free.id or 0), False)
    plans.set_active(session, admin.id or 0, (premium.id or 0), False)
    session.commit()
    assert [p.slug for p in plans.active_plans(session)] == ["free"]
    plans.set_active(session, admin.id or 0, (premium.id or 0), True)
    subscribe(session, make_user(), premium)
    with pytest.raises(PlanError, match="plan_in_use"):
        plans.delete(session, admin.id or 0, (premium.id or 0))
    with pytest.raises(PlanError, match="default_delete"):
        plans.delete(session, admin.id or 0, (free.id or 0))
    spare = plans.save(session, admin.id or 0, premium_form())
    plans.delete(session, admin.id or 0, spare.id or 0)
    session.commit()
    names = [e.event for e in session.exec(select(AuditEvent).order_by(col(AuditEvent.id))).all()]
    assert names[-4:] == ["plan.archived", "plan.restored", "plan.created", "plan.deleted"]
    assert plans.subscriber_counts(session) == {premium.id: 1}


@pytest.mark.parametrize(
    ("text", "currency", "minor"),
    [("12", "USD", 1200), ("12.5", "USD", 1250), ("1,200.00", "INR", 120000), ("", "USD", None), ("500", "JPY", 500)],
)
def test_typed_prices_in_minor_units(text: str, currency: str, minor: int | None) -> None:
    assert plans.minor_units(text, currency) == minor


@pytest.mark.parametrize(
    ("text", "currency"), [("0", "USD"), ("1.234", "USD"), ("abc", "USD"), ("1.5", "JPY"), ("9e9", "USD")]
)
def test_what_is_not_a_price(text: str, currency: str) -> None:
    with pytest.raises(ValueError):
        plans.minor_units(text, currency)


def test_price_text() -> None:
    assert plans.price_text(1200, "USD") == "$12.00"
    assert plans.price_text(99900, "INR") == "₹999.00"


def test_a_feature_outside_the_plan_is_refused_in_the_services(
    session: Session, seeded: dict[str, Plan], make_user, override_settings: Callable[..., Settings]
) -> None:
    from interview_app.services.progress import pdf as progress_pdf
    from interview_app.services.tailoring import tailoring

    override_settings(plans_enabled=True)
    ada = make_user()
    with pytest.raises(plans.FeatureLocked) as caught:
        plans.require_feature(session, ada.id or 0, "pdf_reports")
    assert caught.value.code == "plan_feature"
    assert caught.value.message() == "PDF reports are not part of your Free plan. Upgrade to download them."
    with pytest.raises(plans.FeatureLocked):
        progress_pdf.render(session, ada, utcnow())
    with pytest.raises(plans.FeatureLocked, match="tailored_interviews"):
        tailoring.start(session, ada.id or 0)
    subscribe(session, ada, seeded["premium"])
    plans.require_feature(session, ada.id or 0, "pdf_reports")
    assert progress_pdf.render(session, ada, utcnow()).startswith(b"%PDF")
    override_settings(plans_enabled=False)
    limits.set_plan_override(None)
    plans.require_feature(session, make_user("bo@example.com").id or 0, "tailored_interviews")
