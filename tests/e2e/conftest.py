"""End-to-end fixtures: one live app per test session and headless Chromium via Playwright."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright
from sqlmodel import Session, create_engine

from tests.support import live_server

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="session")
def live_db(live: live_server.LiveServer) -> Iterator[Session]:
    """A session on the live app's database, for checks the UI cannot show."""
    engine = create_engine(live.db_url)
    with Session(engine) as session:
        yield session
    engine.dispose()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """The Playwright driver, started once."""
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """One headless Chromium for the session."""
    b = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield b
    b.close()


@pytest.fixture
def context(browser: Browser, request: pytest.FixtureRequest) -> Iterator[BrowserContext]:
    """A fresh browser profile (like another device); a screenshot and the app log are kept when the test fails."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    ctx.set_default_timeout(20_000)
    yield ctx
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        server = request.getfixturevalue("live") if "live" in request.fixturenames else None
        if server is not None:
            # The server's own account of what went wrong ends up in the CI output.
            print(f"\n--- app log (tail) ---\n{server.log_tail(6000)}")
        ARTIFACTS.mkdir(exist_ok=True)
        for i, pg in enumerate(ctx.pages):
            pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{i}.png"), full_page=True)
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    """A tab in the fresh profile."""
    return context.new_page()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """Keep each phase's report on the test item (for failure screenshots)."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def open_page(page: Page, url: str) -> None:
    """Load `url` and wait until the page is connected to the server (clicks before that are lost)."""
    page.goto(url)
    expect(page.locator("#app-ready")).to_have_attribute("data-ready", "true")


def wait_path(page: Page, path: str) -> None:
    """Wait until the browser shows `path`."""
    page.wait_for_url(re.compile(rf"^https?://[^/]+{re.escape(path.rstrip('/'))}/?(\?.*)?$"))
    expect(page.locator("#app-ready")).to_have_attribute("data-ready", "true")
