"""The scale-out shape: PostgreSQL, Redis-held state and two backend workers, same code."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support import live_server, servers
from tests.support.browser import open_page, wait_path
from tests.support.journeys import choose, sign_in, signed_up_user

pytestmark = pytest.mark.scale_out


@pytest.fixture(scope="module")
def scaled() -> Iterator[live_server.LiveServer]:
    """Two web workers, and two job worker processes reading the Redis queue (nothing runs jobs in the web)."""
    with servers.postgres() as db_url, servers.redis() as redis_url:
        server = live_server.start(
            {"REFLEX_DB_URL": db_url, "REFLEX_REDIS_URL": redis_url, "GRANIAN_WORKERS": "2", "JOB_QUEUE": "redis"},
        )
        logs = [(server.data_dir / f"worker-{i}.log").open("wb") for i in range(2)]
        workers = [
            subprocess.Popen(
                [sys.executable, "-m", "interview_app", "worker", "--processes", "1", "--threads", "2"],
                cwd=live_server.ROOT,
                env=server.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            for log in logs
        ]
        try:
            yield server
        finally:
            for w in workers:
                w.terminate()
            for w in workers:
                try:
                    w.wait(20)
                except subprocess.TimeoutExpired:
                    w.kill()
            for log in logs:
                log.close()
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


def test_answers_are_scored_by_the_worker_processes(scaled: live_server.LiveServer, page: Page) -> None:
    """With JOB_QUEUE=redis the web processes only send messages; a worker process scores the answer."""
    signed_up_user(page, scaled.url, "Wes Worker")
    open_page(page, scaled.url + "/interview/new")
    choose(page, "#setup-type", "Behavioural")
    page.locator("#setup-count [role=slider]").focus()
    page.keyboard.press("Home")
    page.click("#setup-start")
    page.wait_for_url(re.compile(r"/interview/\d+/?$"))
    page.fill(
        "#run-answer",
        "At my last job I owned the billing service. When invoices failed every month end, I traced the cause "
        "to a batch job, split it by customer and added alerts. Failures fell from 40 a month to 2, and I "
        "learned to load test before every release.",
    )
    page.click("#run-submit")
    # The answer is saved either way; a follow-up question may come before question 2. A job worker decides it
    # (the first job of a fresh worker loads the scoring models first), meanwhile the page says it is preparing.
    expect(page.locator("#run-notice")).to_be_visible()
    expect(page.locator("#run-answer")).to_have_value("", timeout=90_000)
    page.click("#run-end")
    page.click("#run-end-confirm")
    page.wait_for_url(re.compile(r"/interview/\d+/report/?$"))
    expect(page.locator("#report-overall")).to_be_visible(timeout=90_000)
    logs = "".join((scaled.data_dir / f"worker-{i}.log").read_text(errors="replace") for i in range(2))
    assert "Traceback" not in logs, logs[-3000:]
