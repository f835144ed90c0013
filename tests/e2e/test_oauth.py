"""Sign-in with Google and GitHub, through the real client code, against a fake provider."""

from __future__ import annotations

import uuid

from playwright.sync_api import Page, expect

from tests.support.browser import open_page, wait_path
from tests.support.fake_oauth import FakeProvider
from tests.support.journeys import onboard, signed_up_user, unique_email
from tests.support.live_server import LiveServer


def test_new_account_with_google(live: LiveServer, fake_oauth: FakeProvider, page: Page) -> None:
    email = unique_email("google")
    fake_oauth.profile = {
        "sub": f"g-{uuid.uuid4().hex}",
        "email": email,
        "email_verified": True,
        "name": "Olivia Oauth",
    }
    open_page(page, live.url + "/sign-in")
    page.click("#oauth-google")
    wait_path(page, "/onboarding")
    onboard(page)
    expect(page.locator("#dashboard-greeting")).to_have_text("Hello, Olivia")
    open_page(page, live.url + "/settings/security")  # no password yet: the page says how to add one
    expect(page.locator("#no-password-note")).to_be_visible()
    expect(page.locator("#change-password-submit")).to_have_count(0)

    page.click("#user-menu")
    page.click("#menu-sign-out")
    wait_path(page, "/sign-in")
    page.click("#oauth-google")  # the same Google identity signs in to the same account
    wait_path(page, "/dashboard")
    expect(page.locator("#dashboard-greeting")).to_have_text("Hello, Olivia")


def test_github_links_to_an_existing_account_with_a_verified_email(
    live: LiveServer, fake_oauth: FakeProvider, page: Page
) -> None:
    email = signed_up_user(page, live.url, "Linus Link")
    page.click("#user-menu")
    page.click("#menu-sign-out")
    wait_path(page, "/sign-in")
    fake_oauth.profile = {"id": uuid.uuid4().int % 10**9, "login": "linus", "name": "Linus L."}
    fake_oauth.emails = [
        {"email": "other@example.com", "primary": False, "verified": True},
        {"email": email, "primary": True, "verified": True},
    ]
    page.click("#oauth-github")
    wait_path(page, "/dashboard")
    expect(page.locator("#dashboard-greeting")).to_have_text("Hello, Linus")


def test_unverified_provider_email_does_not_take_over_an_account(
    live: LiveServer, fake_oauth: FakeProvider, page: Page
) -> None:
    email = signed_up_user(page, live.url, "Vera Verified")
    page.click("#user-menu")
    page.click("#menu-sign-out")
    wait_path(page, "/sign-in")
    fake_oauth.profile = {"id": uuid.uuid4().int % 10**9, "login": "mallory"}
    fake_oauth.emails = [{"email": email, "primary": True, "verified": False}]
    page.click("#oauth-github")
    wait_path(page, "/sign-in")
    expect(page.get_by_role("status")).to_contain_text("the provider has not verified it")


def test_cancelled_and_replayed_sign_ins_explain_themselves(live: LiveServer, page: Page) -> None:
    open_page(page, live.url + "/api/v1/auth/oauth/google/callback?error=access_denied")
    wait_path(page, "/sign-in")
    expect(page.get_by_role("status")).to_contain_text("cancelled at the provider")
    open_page(page, live.url + "/api/v1/auth/oauth/google/callback?code=x&state=forged")
    wait_path(page, "/sign-in")
    expect(page.get_by_role("status")).to_contain_text("took too long or was already used")
    open_page(page, live.url + "/oauth/complete?code=not-a-real-code")
    expect(page.locator("#oauth-error")).to_contain_text("invalid, already used or expired")
    open_page(page, live.url + "/api/v1/auth/oauth/linkedin/start")
    wait_path(page, "/sign-in")
    expect(page.get_by_role("status")).to_contain_text("not set up on this server")
