"""Plans in headless Chromium against a live app with PLANS_ENABLED=true (its own bundle, `.web-plans`):

- a visitor reads the pricing page: monthly and yearly prices, another currency, "Start free";
- a free candidate whose month's interviews are used sees it on the settings page's usage meter (used, left,
  the reset on the 1st), follows Upgrade to the pricing page where the free plan is marked as theirs, and the
  set-up page refuses a new interview with the plan's words and an Upgrade button;
- an admin creates a plan on Admin → Plans (a wrong price is refused at its field first), archives it (it
  leaves the pricing page; the audit log has both), and reads what the engines cost on Admin → Costs.

Each page is checked with axe-core at 1280 and 390 px in the light and dark themes.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, col, select

from interview_app.clock import utcnow
from interview_app.models import AuditEvent, InterviewSession, Plan, UsageCost, User
from interview_app.services.accounts.passwords import hash_password
from interview_app.services.shared import limits
from tests.support import axe, journeys, live_server
from tests.support.browser import ARTIFACTS, open_page, wait_path
from tests.support.journeys import PASSWORD, choose, make_admin, signed_up_user, unique_email
from tests.support.two_factor_browser import enrol_live, sign_in_with_code

pytestmark = pytest.mark.e2e
SHOTS = ARTIFACTS / "plans"


def _month_quota_only(db: Session) -> None:
    free = db.exec(select(Plan).where(Plan.slug == "free")).one()
    free.interviews_per_day = None
    db.add(free)


@pytest.fixture(scope="module")
def plans_app() -> Iterator[live_server.LiveServer]:
    """The app with plans on; the free plan's day quota lifted, so the month's is the one this journey meets."""
    with journeys.plans_app(prepare=_month_quota_only) as server:
        yield server


@pytest.fixture(scope="module")
def db(plans_app: live_server.LiveServer) -> Iterator[Session]:
    with journeys.app_database(plans_app) as session:
        yield session


@pytest.fixture
def tab(browser: Browser, request: pytest.FixtureRequest, plans_app: live_server.LiveServer) -> Iterator[Page]:
    """A fresh profile (axe's script allowed past the CSP); on failure a screenshot and the app's log."""
    with journeys.journey_tab(browser, request, plans_app, SHOTS) as page:
        yield page


def check(page: Page, name: str) -> None:
    """Screenshots at both widths; axe-core in the light and dark themes finds nothing serious or critical."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.mouse.move(1, 1)  # nothing hovered
    found: list[str] = []
    for width, height in ((1280, 800), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            page.wait_for_function(
                "dark => document.documentElement.classList.contains('dark') === dark", arg=scheme == "dark"
            )
            page.wait_for_timeout(150)
            if scheme == "light":
                page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
            found += [f"{name} [{width} {scheme}] {v['id']}: {v['help']} {v['targets']}" for v in axe.violations(page)]
    page.emulate_media(color_scheme="light")
    page.set_viewport_size({"width": 1280, "height": 800})
    assert not found, "\n".join(found)


def card(page: Page, slug: str):
    return page.locator(f".pricing-card[data-plan='{slug}']")


def test_a_visitor_reads_the_pricing_page(tab: Page, plans_app: live_server.LiveServer) -> None:
    base = plans_app.url
    open_page(tab, base + "/")
    tab.click("#header-pricing")
    wait_path(tab, "/pricing")
    expect(tab.locator(".pricing-card")).to_have_count(2)
    expect(card(tab, "premium").locator(".pricing-price")).to_have_text("$12.00")
    expect(card(tab, "premium")).to_contain_text("Unlimited interviews a month")
    expect(card(tab, "premium")).to_contain_text("600 minutes of spoken answers a month")
    expect(card(tab, "premium")).to_contain_text("Interviews tailored to a job description and your CV")
    expect(card(tab, "free")).to_contain_text("10 interviews a month")
    expect(card(tab, "free").get_by_role("link", name="Start free")).to_be_visible()
    check(tab, "pricing")
    tab.get_by_role("radio", name="Yearly").click()
    expect(card(tab, "premium").locator(".pricing-price")).to_have_text("$120.00")
    expect(card(tab, "premium")).to_contain_text("17% less than monthly")
    choose(tab, "#pricing-currency", "INR")
    expect(card(tab, "premium").locator(".pricing-price")).to_have_text("₹9,999.00")
    # A visitor's Choose goes to registration first.
    card(tab, "premium").locator(".pricing-choose").click()
    wait_path(tab, "/register")


def test_a_free_candidate_meets_the_months_quota(tab: Page, plans_app: live_server.LiveServer, db: Session) -> None:
    base = plans_app.url
    email = signed_up_user(tab, base, "Quinn Quota")
    user = db.exec(select(User).where(User.email == email)).one()
    now = utcnow()
    # The month's ten interviews, started since the 1st (the newest a minute ago).
    first = max(limits.month_start(now) + timedelta(minutes=1), now - timedelta(hours=10))
    step = (now - timedelta(minutes=1) - first) / 9
    db.add_all(
        InterviewSession(
            user_id=user.id or 0,
            interview_type="mixed",
            difficulty="medium",
            status="completed",
            started_at=first + step * i,
        )
        for i in range(10)
    )
    db.commit()

    open_page(tab, base + "/settings")
    meter = tab.locator(".usage-meter[data-rule='interviews_per_month']")
    expect(meter).to_contain_text("Interviews this month")
    expect(meter).to_contain_text("10 of 10 used · 0 left")
    expect(meter).to_contain_text("Resets on " + limits.month_day_text(limits.next_month_start(now)))
    expect(tab.locator("#usage-plan")).to_have_text("You are on the Free plan.")
    expect(tab.locator(".usage-meter[data-rule='voice_minutes_per_month']")).to_contain_text("0 of 30 used · 30 left")
    expect(tab.locator("#usage-full")).to_be_visible()
    check(tab, "settings-usage")
    tab.click("#usage-upgrade")
    wait_path(tab, "/pricing")
    expect(card(tab, "free").locator(".pricing-current")).to_have_text("Your plan")
    expect(card(tab, "premium").locator(".pricing-choose")).to_have_text("Choose Premium")

    open_page(tab, base + "/interview/new")
    tab.click("#setup-start")
    expect(tab.get_by_text("Your Free plan includes 10 interviews a month")).to_be_visible()
    expect(tab.locator("#setup-upgrade")).to_be_visible()
    check(tab, "setup-quota")
    tab.click("#setup-upgrade")
    wait_path(tab, "/pricing")
    assert len(db.exec(select(InterviewSession).where(InterviewSession.user_id == user.id)).all()) == 10


def test_an_admin_edits_plans_and_reads_the_costs(tab: Page, plans_app: live_server.LiveServer, db: Session) -> None:
    base = plans_app.url
    email = make_admin(db, "plans-admin", "Pat Plans")
    key, _ = enrol_live(plans_app, db, email)
    sign_in_with_code(tab, base, email, key, expect_path="/admin")
    tab.get_by_role("link", name="Plans").first.click()
    wait_path(tab, "/admin/plans")
    expect(tab.locator(".plan-row")).to_have_count(2)
    expect(tab.locator(".plan-row[data-plan='premium'] .plan-prices")).to_contain_text("$12.00 / month")
    check(tab, "admin-plans")

    tab.click("#plan-new")
    tab.fill("#plan-name", "Coach Plus")
    tab.fill("#plan-slug", "coach-plus")
    usd = tab.locator(".plan-price-row[data-currency='USD']")
    usd.locator(".plan-price-month input").fill("4.999")
    tab.fill("#plan-quota-interviews_per_month", "40")
    tab.click("#plan-feature-pdf_reports")
    tab.click("#plan-save")
    expect(tab.locator("#plan-form-error")).to_contain_text("Check the marked fields.")
    expect(usd).to_contain_text("Enter a price such as 12 or 12.50")
    usd.locator(".plan-price-month input").fill("5")
    tab.click("#plan-save")
    expect(tab.get_by_text("Plan Coach Plus saved.")).to_be_visible()
    row = tab.locator(".plan-row[data-plan='coach-plus']")
    expect(row).to_contain_text("$5.00 / month")
    expect(row).to_contain_text("PDF reports of your interviews and progress")
    row.locator(".plan-archive").click()
    expect(row).to_contain_text("Archived")
    db.expire_all()
    events = db.exec(select(AuditEvent).where(col(AuditEvent.event).startswith("plan.")).order_by(col(AuditEvent.id)))
    assert [e.event for e in events.all()] == ["plan.created", "plan.archived"]
    plan = db.exec(select(Plan).where(Plan.slug == "coach-plus")).one()
    assert (plan.prices, plan.interviews_per_month, plan.features, plan.active) == (
        {"USD": {"month": 500}},
        40,
        ["pdf_reports"],
        False,
    )
    open_page(tab, base + "/pricing")
    expect(tab.locator(".pricing-card")).to_have_count(2)  # archived: off the pricing page

    # Costs: an interview's LLM tokens and Whisper seconds, written as the app writes them.
    candidate = User(
        email=unique_email("costly"), name="Casey Cost", password_hash=hash_password(PASSWORD), role="candidate"
    )
    db.add(candidate)
    db.flush()
    db.add_all(
        [
            UsageCost(
                user_id=candidate.id, kind="llm", prompt_tokens=12_000, completion_tokens=3_000, cost_micros=3600
            ),
            UsageCost(user_id=candidate.id, kind="whisper", seconds=42.5, cost_micros=4250),
        ]
    )
    db.commit()
    open_page(tab, base + "/admin/costs")
    expect(tab.locator("#costs-total")).to_contain_text("$0.0079")
    expect(tab.locator("#costs-users")).to_contain_text(candidate.email)
    expect(tab.locator("#costs-days")).to_contain_text(utcnow().date().isoformat())
    check(tab, "admin-costs")
