"""The product's limits in the browser: the set-up page says when the next interview can start; an interview
left running warns ten minutes before its end, ends by itself as "abandoned", opens its report and is listed
so in the history. At 1280 and 390 px wide (screenshots kept in test-artifacts/limits/), each page checked with
axe-core in the light and dark themes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, col, delete, select

from interview_app.clock import utcnow
from interview_app.models import InterviewSession, User
from interview_app.services.interviews import interviews
from tests.support import axe, live_server
from tests.support.browser import ARTIFACTS, open_page
from tests.support.journeys import signed_up_user

pytestmark = pytest.mark.e2e
SHOTS = ARTIFACTS / "limits"


def shoot(page: Page, name: str) -> None:
    """Screenshots at both widths, and axe-core in the light and dark themes: no serious or critical violation."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    found: list[str] = []
    for width, height in ((1280, 800), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            page.wait_for_function(
                "dark => document.documentElement.classList.contains('dark') === dark", arg=scheme == "dark"
            )
            page.wait_for_timeout(150)  # the theme's transitions settle
            if scheme == "light":
                page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
            found += [f"{name} [{width} {scheme}] {v['id']}: {v['help']} {v['targets']}" for v in axe.violations(page)]
    page.emulate_media(color_scheme="light")
    page.set_viewport_size({"width": 1280, "height": 800})
    assert not found, "\n".join(found)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A tab whose context lets axe's script in (the app's CSP allows no injected script)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True)
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def test_the_day_limit_and_an_interview_that_ends_by_itself(page: Page, live: live_server.LiveServer, live_db: Session):
    base = live.url
    email = signed_up_user(page, base)
    user = live_db.exec(select(User).where(User.email == email)).one()
    uid = user.id or 0
    limit = int(live_server.TEST_LIMITS["INTERVIEWS_PER_DAY"])

    # The day's interviews are used up (started an hour ago): the set-up page says when the next can start.
    hour_ago = utcnow() - timedelta(hours=1)
    live_db.add_all(
        InterviewSession(
            user_id=uid, interview_type="mixed", difficulty="medium", status="completed", started_at=hour_ago
        )
        for _ in range(limit)
    )
    live_db.commit()
    open_page(page, base + "/interview/new")
    page.click("#setup-start")
    expect(page.get_by_text(f"Interviews are limited to {limit:,} a day")).to_be_visible()
    expect(page.get_by_text("You can start the next one in 23 hours")).to_be_visible()
    assert "/interview/new" in page.url  # nothing was started
    shoot(page, "setup-limit")
    live_db.execute(delete(InterviewSession).where(col(InterviewSession.user_id) == uid))
    live_db.commit()

    # An interview started 1 h 55 ago: the page warns that it ends in 5 minutes.
    options = interviews.validate_setup(
        {"interview_type": "behavioural", "difficulty": "medium", "question_count": "3"}
    )
    interview = interviews.start_session(live_db, uid, options)
    interview.started_at = utcnow() - timedelta(minutes=115)
    live_db.add(interview)
    live_db.commit()
    open_page(page, f"{base}/interview/{interview.id}")
    warning = page.locator("#run-ends-soon")
    expect(warning).to_contain_text("This interview ends in 5 minutes: interviews close 2 hours after they start.")
    page.fill("#run-answer", "I would start by asking who uses the service and what they need from it.")
    expect(page.locator("#run-saved")).not_to_be_empty()  # autosaved: the draft is kept when it ends
    shoot(page, "run-warning")

    # Two hours are up: the scheduled job ends it and the page (checking twice a minute) opens the report.
    interview.started_at = utcnow() - timedelta(minutes=121)
    live_db.add(interview)
    live_db.commit()
    # The job runs every minute and the page looks every 30 s: the report opens within about 90 s.
    page.wait_for_url(re.compile(rf"/interview/{interview.id}/report$"), timeout=150_000)
    expect(page.locator("#report-ended-note")).to_contain_text("This interview ended by itself 2 hours after")
    live_db.expire_all()
    assert live_db.get(InterviewSession, interview.id).status == "abandoned"  # type: ignore[union-attr]
    shoot(page, "report-abandoned")

    open_page(page, base + "/history")
    expect(page.locator(".history-abandoned")).to_have_text("Abandoned")
    shoot(page, "history-abandoned")
