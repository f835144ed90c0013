"""Steps shared by the end-to-end journeys."""

from __future__ import annotations

import contextlib
import functools
import re
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import Engine
from sqlmodel import Session, create_engine

from interview_app.clock import utcnow
from interview_app.models import Profile, User
from interview_app.services.accounts.passwords import hash_password
from interview_app.services.notifications import mail
from tests.support import live_server
from tests.support.browser import open_page, wait_path

PASSWORD = "tea with lemon at noon"
# The pages a signed-in candidate reaches from the navigation (the sweeps visit each).
CANDIDATE_PAGES = (
    "/dashboard",
    "/onboarding",
    "/interview/new",
    "/history",
    "/questions",
    "/trainer",
    "/trainer/topics",
    "/progress",
    "/notifications",
    "/settings",
    "/settings/security",
    "/settings/data",
)


def unique_email(prefix: str = "user") -> str:
    """An address no other test uses."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}@example.com"


def register(page: Page, base: str, name: str, email: str, password: str = PASSWORD) -> None:
    """Fill in the registration form and wait for the confirmation."""
    open_page(page, base + "/register")
    page.fill("#field-name", name)
    page.fill("#field-email", email)
    page.fill("#field-password", password)
    page.fill("#field-password_confirm", password)
    page.click("#register-submit")
    expect(page.locator("#register-sent")).to_contain_text(email)


def outbox_link(base: str, email: str, path: str, timeout: float = 10.0) -> str:
    """The newest link to `path` in an e-mail to `email`, read from the database of the app at `base`.

    The outbox page is for admins only; the journeys read the mail as the machine's owner would.
    """
    engine = _engine(live_server.serving(base).db_url)
    pattern = re.compile(rf"https?://[^/\s]+({re.escape(path)}\?token=\S+)")
    deadline = time.monotonic() + timeout
    while True:
        with Session(engine) as session:
            for message in mail.recent_outbox(session, 20, to=email):
                if found := pattern.search(message.body_text):
                    return found.group(1)
        assert time.monotonic() < deadline, f"no e-mail to {email} with a link to {path}"
        time.sleep(0.2)


def outbox_subjects(base: str, email: str) -> list[str]:
    """The subjects of the e-mails to `email` stored by the app at `base`, newest first."""
    with Session(_engine(live_server.serving(base).db_url)) as session:
        return [m.subject for m in mail.recent_outbox(session, 50, to=email)]


@functools.cache
def _engine(db_url: str) -> Engine:
    return create_engine(db_url)


def sign_in(page: Page, base: str, email: str, password: str = PASSWORD, expect_path: str = "/dashboard") -> None:
    """Sign in through the form and wait for the page that follows."""
    open_page(page, base + "/sign-in")
    page.fill("#field-email", email)
    page.fill("#field-password", password)
    page.click("#sign-in-submit")
    wait_path(page, expect_path)


def open_report_details(page: Page) -> None:
    """On a report, unfold every question's answer and feedback (they start folded)."""
    page.locator(".report-item").first.wait_for()
    for details in page.locator(".report-item-details").all():
        if details.get_attribute("open") is None:
            details.locator(":scope > summary").click()


def choose(page: Page, trigger: str, option: str) -> None:
    """Pick `option` in the Radix select opened by `trigger`."""
    page.click(trigger)
    page.get_by_role("option", name=option, exact=True).click()


def onboard(page: Page) -> None:
    """Walk through the three onboarding steps with a backend role."""
    expect(page.locator("#onboarding-step")).to_have_text("Step 1 of 3")
    page.click("#onboarding-next")
    expect(page.get_by_text("Choose a role from the list or type your own.")).to_be_visible()
    choose(page, "#field-target_role", "Backend Engineer")
    choose(page, "#field-level", "Senior, 5+ years")
    page.fill("#field-companies_text", "Acme, Globex")
    page.click("#onboarding-next")
    expect(page.locator("#onboarding-step")).to_have_text("Step 2 of 3")
    page.get_by_role("button", name="Python").click()
    expect(page.locator("#field-skills_text")).to_have_value("Python")
    page.click("#onboarding-next")
    expect(page.locator("#onboarding-step")).to_have_text("Step 3 of 3")
    page.click("#onboarding-finish")
    wait_path(page, "/dashboard")


def signed_up_user(page: Page, base: str, name: str = "Ada Lovelace") -> str:
    """Register, verify (the link signs the browser in) and onboard a new user; returns the e-mail."""
    email = unique_email()
    register(page, base, name, email)
    open_page(page, base + outbox_link(base, email, "/verify-email"))
    expect(page.locator("#link-outcome")).to_contain_text("confirmed and you are signed in")
    page.click("#continue")
    wait_path(page, "/onboarding")
    onboard(page)
    return email


def make_admin(
    db: Session, prefix: str = "admin", name: str = "Ada Admin", *, language: str = "en", onboarded: bool = False
) -> str:
    """A verified admin in the live app's database `db` (as `create-admin` makes one), whose profile speaks
    `language`; returns the e-mail. Admins sign in with two-factor: `two_factor_browser.enrol_live` turns it on."""
    email = unique_email(prefix)
    user = User(
        email=email,
        name=name,
        password_hash=hash_password(PASSWORD),
        role="admin",
        email_verified_at=utcnow(),
        onboarded_at=utcnow() if onboarded else None,
        password_changed_at=utcnow(),
    )
    db.add(user)
    db.flush()
    db.add(Profile(user_id=user.id or 0, language=language))
    db.commit()
    return email


@contextlib.contextmanager
def plans_app(
    env: Mapping[str, str] | None = None, prepare: Callable[[Session], None] | None = None
) -> Iterator[live_server.LiveServer]:
    """A live app with PLANS_ENABLED=true (and `env`), built into the plans journeys' own bundle (`.web-plans`:
    pages and the admin sidebar depend on plans when the app is built); `prepare` edits its seeded database
    first (committed). Stopped afterwards."""
    server = live_server.start({**live_server.PLANS_ON, **(env or {})}, web_dir=".web-plans")
    try:
        if prepare is not None:
            engine = create_engine(server.db_url)
            with Session(engine) as db:
                prepare(db)
                db.commit()
            engine.dispose()
        yield server
    finally:
        server.stop()


@contextlib.contextmanager
def app_database(server: live_server.LiveServer) -> Iterator[Session]:
    """A session on the database of the app `server` runs (the journeys read and date rows back there)."""
    engine = create_engine(server.db_url)
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


@contextlib.contextmanager
def journey_tab(
    browser: Browser, request: pytest.FixtureRequest, server: live_server.LiveServer, shots: Path, **options: Any
) -> Iterator[Page]:
    """A fresh browser profile at 1280x800 whose pages let axe-core's script past the app's CSP (`options` may
    say otherwise, or add context options); when the test failed, the app's log is printed and every open page
    is saved as a screenshot in `shots`."""
    context = browser.new_context(**{"viewport": {"width": 1280, "height": 800}, "bypass_csp": True, **options})
    context.set_default_timeout(20_000)
    try:
        yield context.new_page()
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            print(f"\n--- app log (tail) ---\n{server.log_tail(6000)}")
            shots.mkdir(parents=True, exist_ok=True)
            for i, page in enumerate(context.pages):
                page.screenshot(path=str(shots / f"{request.node.name}-{i}.png"), full_page=True)
    finally:
        context.close()
