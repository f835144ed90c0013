"""The accessibility sweep: axe-core on every page a visitor, a candidate and an admin can reach, at 1280 and
390 px wide, in the light and the dark theme. No serious or critical violation may remain.

One browser and one signed-in tab per role: each page loads once and is checked four times (the width and the
system colour scheme change in place; the app follows the system theme).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect
from sqlmodel import Session, select

from interview_app.models import Question, User
from tests.support import axe
from tests.support.browser import open_page
from tests.support.history import seed_history
from tests.support.journeys import CANDIDATE_PAGES, PASSWORD, choose, make_admin, open_report_details, signed_up_user
from tests.support.live_server import LiveServer
from tests.support.two_factor import code
from tests.support.two_factor_browser import enrol_live

pytestmark = pytest.mark.e2e

DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 390, "height": 844}
PUBLIC = ("/", "/sign-in", "/register", "/forgot-password", "/reset-password?token=x", "/no-such-page")


@pytest.fixture
def tab(browser: Browser) -> Iterator[Page]:
    """A tab whose context lets axe's script in (the app's CSP allows no injected script)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True)
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def _check(page: Page, label: str, found: list[str]) -> None:
    """axe at both widths, light and dark, on the page as loaded; what fails is added to `found`."""
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            page.wait_for_function(
                "dark => document.documentElement.classList.contains('dark') === dark", arg=scheme == "dark"
            )
            page.wait_for_timeout(150)  # the theme's transitions settle
            for v in axe.violations(page):
                found.append(f"{label} [{viewport['width']} {scheme}] {v['id']} ({v['impact']}): {v['help']}")
                found.extend(f"    {target}" for target in v["targets"])
    page.set_viewport_size(DESKTOP)


def _visit(page: Page, url: str, label: str, found: list[str]) -> None:
    open_page(page, url)
    page.wait_for_timeout(300)  # the page's on_load data arrives
    _check(page, label, found)


def test_no_serious_accessibility_violations_anywhere(live: LiveServer, live_db: Session, tab: Page) -> None:
    base, found = live.url, []
    for path in PUBLIC:
        _visit(tab, base + path, path, found)

    # A candidate with history: every page of theirs, filled in.
    email = signed_up_user(tab, base, "Axel Access")
    candidate = live_db.exec(select(User).where(User.email == email)).one()
    seed_history(live_db, candidate.id or 0, sessions=4)
    live_db.commit()
    for path in CANDIDATE_PAGES:
        _visit(tab, base + path, path, found)
    # An interview: the run page, then the report of one answered and two skipped questions.
    open_page(tab, base + "/interview/new")
    choose(tab, "#setup-type", "Behavioural")
    tab.locator("#setup-count [role=slider]").focus()
    tab.keyboard.press("Home")
    tab.click("#setup-start")
    tab.wait_for_url(re.compile(r"/interview/\d+/?$"))
    expect(tab.locator("#run-prompt")).to_be_visible()
    _check(tab, "/interview/<id>", found)
    tab.fill("#run-answer", "I led the migration of our billing service, planned it in steps and cut errors by half.")
    expect(tab.locator("#run-saved")).to_contain_text("Draft saved")  # ending early keeps it as the answer
    tab.click("#run-end")
    tab.click("#run-end-confirm")
    tab.wait_for_url(re.compile(r"/interview/\d+/report/?$"))
    expect(tab.locator("#report-overall")).to_be_visible(timeout=60_000)
    open_report_details(tab)
    _check(tab, "/interview/<id>/report", found)
    open_page(tab, base + "/trainer")
    tab.click("#practice-start")
    tab.wait_for_url(re.compile(r"/trainer/quiz/\d+/?$"))
    expect(tab.locator("#quiz-prompt")).to_be_visible()
    _check(tab, "/trainer/quiz/<id>", found)

    # An admin: every admin page.
    tab.context.clear_cookies()
    tab.evaluate("localStorage.clear()")
    admin_email = make_admin(live_db, "a11y-admin", "Ada Audit")
    key, _ = enrol_live(live, live_db, admin_email)  # admins need two-factor sign-in: its step is checked too
    open_page(tab, base + "/sign-in")
    tab.fill("#field-email", admin_email)
    tab.fill("#field-password", PASSWORD)
    tab.click("#sign-in-submit")
    tab.locator("#field-totp_code").wait_for()
    _check(tab, "/sign-in (two-factor step)", found)
    tab.fill("#field-totp_code", code(key))
    tab.click("#two-factor-submit")
    tab.wait_for_url(re.compile(r"/admin/?$"))
    question = live_db.exec(select(Question).limit(1)).one()
    for path in (
        "/admin",
        "/admin/users",
        f"/admin/users/{candidate.id}",
        "/admin/questions",
        f"/admin/questions/interview/{question.id}",
        "/admin/questions/import",
        "/admin/generate",
        "/admin/reports",
        "/admin/sessions",
        "/admin/analytics",
        "/admin/audit",
        "/admin/settings",
        "/dev/outbox",
    ):
        _visit(tab, base + path, path, found)

    assert not found, "serious or critical accessibility violations:\n" + "\n".join(found)
