"""A job advert read from its address, as a candidate does it on an install whose operator turned fetching on
(JOB_URL_FETCH=true, trusting only the fake careers site's address): refused addresses and pages each get their
own message and leave the box as it was; the advert's page is read into the box, and its title, company and
skills are read from there."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import ARTIFACTS, open_page
from tests.support.fake_job_board import JobBoard
from tests.support.journeys import signed_up_user
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.e2e


def _fetch(page: Page, url: str) -> None:
    page.fill("#tailor-job-url", url)
    page.click("#tailor-job-fetch")


def test_advert_fetched_by_address_and_refused_addresses(live: LiveServer, page: Page, job_board: JobBoard) -> None:
    job_board.app_url = live.url  # a redirect from the careers site into the app's own (private) address
    signed_up_user(page, live.url, "Fetch Example")
    open_page(page, live.url + "/tailor")
    expect(page.locator("#tailor-job-url")).to_be_visible()
    box = page.locator("#tailor-job-text")
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
    page.click("#tailor-job-read")
    expect(page.locator("#tailor-job-title")).to_have_value("Senior Backend Engineer")
    expect(page.locator("#tailor-job-company")).to_have_value("Northwind Pay")
    expect(page.locator("#tailor-job-required")).to_have_value(re.compile(r"PostgreSQL.*Kafka|Kafka.*PostgreSQL"))
    expect(page.locator("#tailor-requirements")).to_contain_text("Hands-on experience with Docker and Kubernetes")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "tailor-fetched.png"), full_page=True)
