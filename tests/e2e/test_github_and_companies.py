"""A candidate reads their GitHub profile into the settings and looks up how their target companies interview."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import ARTIFACTS, open_page
from tests.support.fake_github import FakeGitHub
from tests.support.journeys import signed_up_user
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.e2e

README = """# ledgerlite

![build](https://example.invalid/badge.svg)

Ledgerlite is a small double-entry bookkeeping service for freelancers: it imports bank statements, matches
them to invoices and keeps the books balanced, with a REST API over PostgreSQL.

## Features

- Idempotent imports of bank statements, so a file uploaded twice is booked once
- Matching of payments to open invoices by amount, date and reference
"""


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for label, size in (("desktop", (1280, 800)), ("phone", (390, 844))):
        page.set_viewport_size({"width": size[0], "height": size[1]})
        page.wait_for_timeout(300)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})


def _has_no_sideways_scroll(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(300)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 800})


def test_github_profile_in_settings_and_company_tracks(live: LiveServer, page: Page, fake_github_api: FakeGitHub):
    if "grace-e2e" not in fake_github_api.users:
        fake_github_api.add_user("grace-e2e", 90210, name="Grace Example")
        fake_github_api.add_repo(
            "grace-e2e",
            "ledgerlite",
            languages={"Python": 52000, "HTML": 3000},
            readme=README,
            description="Double-entry bookkeeping for freelancers",
            topics=["accounting", "fastapi"],
            stargazers_count=64,
        )
        fake_github_api.add_repo("grace-e2e", "tracer", languages={"Go": 9000}, readme="# tracer\n")
    signed_up_user(page, live.url, "Grace Example")
    open_page(page, live.url + "/settings")

    page.fill("#github-username", "no-such-person-e2e")
    page.click("#github-fetch")
    expect(page.get_by_text("GitHub has no user of that name. Check the spelling.")).to_be_visible()

    page.fill("#github-username", "https://github.com/grace-e2e")
    page.click("#github-fetch")
    profile = page.locator("#github-profile")
    expect(profile).to_contain_text("ledgerlite")
    expect(profile).to_contain_text("Ledgerlite is a small double-entry bookkeeping service for freelancers")
    expect(profile).to_contain_text("Python 81 %")
    expect(profile).to_contain_text("64 stars")
    _shot(page, "github-settings")
    _has_no_sideways_scroll(page)

    page.click("#github-adopt")
    expect(page.get_by_text("Added to your skills:")).to_be_visible()
    expect(page.locator("#field-skills_text")).to_have_value(re.compile(r"^Python, .*PostgreSQL"))

    page.fill("#field-companies_text", "Stripe, Initech")
    page.click("#settings-save")
    expect(page.get_by_text("Settings saved", exact=False)).to_be_visible()
    page.click("#settings-companies-link")
    expect(page.locator(".company-track").first).to_contain_text("Stripe")
    expect(page.get_by_text("No track yet for: Initech", exact=False)).to_be_visible()
    page.click("#companies-pick")
    page.get_by_role("option", name="Amazon").click()
    expect(page.locator(".company-track").nth(1)).to_contain_text("Bar Raiser")
    _shot(page, "company-tracks")
    _has_no_sideways_scroll(page)

    page.locator(".company-practise").first.click()  # Stripe's loop: one question per round
    expect(page).to_have_url(re.compile(r"/interview/\d+$"))
    expect(page.get_by_text(re.compile(r"Question 1 of [3-6]"))).to_be_visible()
