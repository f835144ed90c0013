"""The local outbox page: a visitor and a candidate see an explanation and no messages; an admin reads them.

The candidate finds her own e-mails in her inbox instead (this test app listens on loopback, without SMTP)."""

from __future__ import annotations

import subprocess
import sys

from playwright.sync_api import Browser, Page, expect

from tests.support import live_server
from tests.support.browser import open_page, wait_path
from tests.support.journeys import PASSWORD, signed_up_user, unique_email
from tests.support.two_factor_browser import enrol_in_browser


def test_only_an_admin_reads_the_outbox(live: live_server.LiveServer, browser: Browser, page: Page) -> None:
    candidate_email = signed_up_user(page, live.url, "Olive Outbox")  # her confirmation mail is in the outbox

    open_page(page, live.url + "/dev/outbox")
    expect(page.locator("#outbox-refused")).to_contain_text("Only administrators can read the outbox")
    expect(page.locator(".outbox-message")).to_have_count(0)
    expect(page.get_by_text(candidate_email)).to_have_count(0)
    # On this install (loopback, no SMTP) her own mail is in her inbox instead, and only hers.
    page.click("#outbox-own-inbox")
    wait_path(page, "/notifications")
    own = page.locator("#inbox-mail .inbox-mail")
    expect(own.filter(has_text="Confirm your e-mail for Interview Coach")).to_have_count(1)
    expect(own.locator("a[href^='/verify-email?token=']")).to_have_count(1)

    visitor = browser.new_context().new_page()
    open_page(visitor, live.url + "/dev/outbox")
    expect(visitor.locator("#outbox-refused")).to_contain_text("Sign in with an administrator account")
    expect(visitor.locator(".outbox-message")).to_have_count(0)
    expect(visitor.get_by_text(candidate_email)).to_have_count(0)

    admin_email = unique_email("admin")
    subprocess.run(
        [sys.executable, "-m", "interview_app", "create-admin", "--email", admin_email, "--password", PASSWORD],
        cwd=live_server.ROOT,
        env=live.env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    visitor.get_by_role("link", name="Sign in").last.click()
    wait_path(visitor, "/sign-in")
    visitor.fill("#field-email", admin_email)
    visitor.fill("#field-password", PASSWORD)
    visitor.click("#sign-in-submit")
    # An admin made by the CLI needs no candidate onboarding: the sign-in goes where the link asked (the
    # outbox), which first sends a new admin to set up two-factor sign-in; then the dashboard opens instead
    # of sending them to onboarding.
    wait_path(visitor, "/settings/security")
    expect(visitor.locator("#two-factor-admin-required")).to_be_visible()
    enrol_in_browser(visitor)
    open_page(visitor, live.url + "/dashboard")
    expect(visitor.locator("#dashboard-greeting")).to_be_visible()
    assert "/onboarding" not in visitor.url
    open_page(visitor, live.url + "/dev/outbox")
    message = visitor.locator(".outbox-message", has_text=candidate_email).first
    expect(message).to_be_visible()
    expect(message.locator("a[href^='/verify-email?token=']")).to_have_count(1)
    visitor.context.close()
