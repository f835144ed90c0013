"""The scale-out shape: PostgreSQL, Redis-held state and two backend workers, same code."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests import live_server, servers
from tests.e2e.conftest import open_page, wait_path
from tests.e2e.helpers import sign_in, signed_up_user

pytestmark = pytest.mark.scale_out


@pytest.fixture(scope="module")
def scaled() -> Iterator[live_server.LiveServer]:
    with servers.postgres() as db_url, servers.redis() as redis_url:
        server = live_server.start(
            {"REFLEX_DB_URL": db_url, "REFLEX_REDIS_URL": redis_url, "GRANIAN_WORKERS": "2"},
        )
        try:
            yield server
        finally:
            server.stop()


def test_health_reports_postgres_and_redis(scaled: live_server.LiveServer) -> None:
    body = httpx.get(scaled.url + "/_health").json()
    assert body == {"status": True, "db": True, "redis": True}


def test_journey_on_two_workers(scaled: live_server.LiveServer, page: Page, browser: Browser) -> None:
    email = signed_up_user(page, scaled.url, "Sam Scale")
    for _ in range(3):  # reloads land on either worker; the session must hold on both
        page.reload()
        expect(page.locator("#dashboard-greeting")).to_have_text("Hello, Sam")
    other = browser.new_context()
    try:
        tab = other.new_page()
        sign_in(tab, scaled.url, email)
        open_page(page, scaled.url + "/settings/security")
        page.click("#sign-out-everywhere")
        page.click("#confirm-sign-out-everywhere")
        wait_path(page, "/sign-in")
        tab.reload()
        wait_path(tab, "/sign-in")
    finally:
        other.close()
