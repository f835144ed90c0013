"""A job advert read from its address. The live app leaves fetching to the admin switch (JOB_URL_FETCH=admin) and
trusts only the fake careers site's address. A candidate sees no address box until an admin turns fetching on
(Admin -> Settings, in the audit log); then refused addresses and pages each get their own message and leave the
box as it was, and the advert's page is read into the box, its title, company and skills read from there. Turned
off again, a fetch from the page already open is refused, the address box goes, and a fresh page has none."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from interview_app.models import AuditEvent, User
from tests.support.browser import ARTIFACTS, open_page, wait_path
from tests.support.fake_job_board import JobBoard
from tests.support.journeys import signed_up_user
from tests.support.live_server import LiveServer
from tests.support.two_factor_browser import enrol_in_browser

pytestmark = pytest.mark.e2e


def _fetch(page: Page, url: str) -> None:
    page.fill("#tailor-job-url", url)
    page.click("#tailor-job-fetch")


def _admin_tab(browser: Browser, live: LiveServer, db: Session) -> tuple[Page, User]:
    """A new admin in a browser profile of its own, signed in with two-factor sign-in set up on the way."""
    tab = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    email = signed_up_user(tab, live.url, "Sam Settings")
    db.expire_all()
    admin = db.exec(select(User).where(User.email == email)).one()
    admin.role = "admin"
    db.add(admin)
    db.commit()
    open_page(tab, live.url + "/admin")
    wait_path(tab, "/settings/security")  # admins need two-factor sign-in first
    enrol_in_browser(tab)
    return tab, admin


def _switch(tab: Page, on: bool, message: str) -> None:
    switch = tab.get_by_role("switch", name="Let candidates fetch a job advert by its address")
    expect(switch).to_have_attribute("aria-checked", "false" if on else "true")
    switch.click()
    expect(tab.get_by_text(message)).to_be_visible()
    expect(switch).to_have_attribute("aria-checked", "true" if on else "false")


def test_admin_switches_fetching_on_then_adverts_are_fetched_and_refused(
    live: LiveServer, live_db: Session, page: Page, job_board: JobBoard
) -> None:
    base = live.url
    job_board.app_url = base  # a redirect from the careers site into the app's own (private) address
    signed_up_user(page, base, "Fetch Example")
    open_page(page, base + "/tailor")
    box = page.locator("#tailor-job-text")
    expect(box).to_be_visible()
    expect(page.locator("#tailor-job-url")).to_have_count(0)  # off until an admin turns it on

    assert page.context.browser is not None
    admin_tab, admin = _admin_tab(page.context.browser, live, live_db)
    open_page(admin_tab, base + "/admin/settings")
    expect(admin_tab.locator("#admin-title")).to_have_text("Settings")
    rules = admin_tab.locator("#settings-url-fetch-rules")
    expect(rules).to_contain_text("Only http:// and https:// addresses")
    expect(rules).to_contain_text("No private addresses")
    expect(rules).to_contain_text("At most 1,000 kB read, within 3 seconds for the whole fetch.")
    expect(rules).to_contain_text("At most 20 fetches an hour per candidate.")
    expect(admin_tab.locator("#settings-url-fetch-state")).to_contain_text("No admin has changed this yet")
    _switch(admin_tab, True, "Candidates can now fetch job adverts by address.")
    expect(admin_tab.locator("#settings-url-fetch-state")).to_contain_text(f"Last changed by {admin.email}")

    open_page(page, base + "/tailor")
    expect(page.locator("#tailor-job-url")).to_be_visible()
    page.fill("#tailor-job-text", "")

    refused = [
        ("ftp://" + job_board.url.removeprefix("http://") + "/jobs/senior-backend-engineer", "starting with http://"),
        (live.url + "/admin", "points inside a private network"),  # the app itself, on loopback
        ("http://10.0.0.1/careers", "points inside a private network"),
        (job_board.url + "/jobs/internal", "points inside a private network"),  # a redirect into it
        (job_board.url + "/jobs/huge", "too large to be a job advert"),
        (job_board.url + "/jobs/slow", "took too long to answer"),
        (job_board.url + "/jobs/brochure.pdf", "is not a web page"),
    ]
    for url, message in refused:
        _fetch(page, url)
        expect(page.locator("#tailor-job").get_by_role("status")).to_contain_text(message, timeout=30_000)
        expect(box).to_have_value("")
    # The ftp:// address was refused before anything was asked of the careers site.
    assert "/jobs/senior-backend-engineer" not in job_board.seen

    _fetch(page, job_board.url + "/apply/42")  # a redirect to the advert on the same site
    expect(box).to_have_value(re.compile(r"^(?:.*\n)?Senior Backend Engineer - Payments Platform\n"), timeout=30_000)
    expect(page.locator("#tailor-job").get_by_role("status")).to_have_count(0)
    assert "analytics" not in box.input_value()  # scripts and styles are not text
    assert "- Deep experience with PostgreSQL" in box.input_value()  # list items stay bullets

    # Turned off while the candidate's page still shows the address box: the next fetch is refused, the box goes
    # and the text already fetched stays.
    _switch(admin_tab, False, "Fetching job adverts by address is off. Candidates paste the text.")
    fetched = box.input_value()
    _fetch(page, job_board.url + "/apply/42")
    expect(page.locator("#tailor-job").get_by_role("status")).to_contain_text("turned off here")
    expect(page.locator("#tailor-job-url")).to_have_count(0)
    expect(box).to_have_value(fetched)
    changes = [
        (e.actor_user_id, e.detail)
        for e in live_db.exec(select(AuditEvent).where(AuditEvent.event == "platform_setting.changed")).all()
    ]
    setting = "tailoring.job_url_fetch"
    assert changes == [
        (admin.id, {"setting": setting, "old": False, "new": True}),
        (admin.id, {"setting": setting, "old": True, "new": False}),
    ]
    admin_tab.context.close()
    page.click("#tailor-job-read")
    # Reading a 600-word advert takes a few seconds on a busy machine.
    expect(page.locator("#tailor-job-title")).to_have_value("Senior Backend Engineer", timeout=60_000)
    expect(page.locator("#tailor-job-company")).to_have_value("Northwind Pay")
    expect(page.locator("#tailor-job-required")).to_have_value(re.compile(r"PostgreSQL.*Kafka|Kafka.*PostgreSQL"))
    expect(page.locator("#tailor-requirements")).to_contain_text("Hands-on experience with Docker and Kubernetes")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "tailor-fetched.png"), full_page=True)
    open_page(page, base + "/tailor")  # a fresh page: no address box while fetching is off
    page.click("#tailor-job-again")
    expect(box).to_be_visible()
    expect(page.locator("#tailor-job-url")).to_have_count(0)
