"""The account journey a new candidate takes, in a real browser against the running app."""

from __future__ import annotations

from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.support.browser import open_page, wait_path
from tests.support.journeys import (
    PASSWORD,
    onboard,
    outbox_link,
    outbox_subjects,
    register,
    sign_in,
    signed_up_user,
    unique_email,
)
from tests.support.live_server import LiveServer


def test_register_verify_onboard_sign_out_and_in(live: LiveServer, page: Page) -> None:
    email = unique_email("journey")
    register(page, live.url, "Ada Lovelace", email)

    verify = outbox_link(live.url, email, "/verify-email")
    open_page(page, live.url + verify)
    # The link signs this browser in, with a new session; a second opening is refused.
    expect(page.locator("#link-outcome")).to_contain_text("Your e-mail address is confirmed and you are signed in.")
    first_token = page.evaluate("localStorage.getItem('ic_session')")
    open_page(page, live.url + verify)
    expect(page.locator("#link-outcome")).to_contain_text("invalid, already used or expired")
    assert page.evaluate("localStorage.getItem('ic_session')") == first_token

    page.click("#continue")
    wait_path(page, "/onboarding")
    onboard(page)
    expect(page.locator("#dashboard-greeting")).to_have_text("Hello, Ada")
    expect(page.get_by_text("Backend Engineer")).to_be_visible()

    page.click("#user-menu")
    page.click("#menu-sign-out")
    wait_path(page, "/sign-in")
    open_page(page, live.url + "/dashboard")
    wait_path(page, "/sign-in")  # signed out: the dashboard sends us to sign in

    sign_in(page, live.url, email)  # onboarded users go straight to the dashboard
    expect(page.locator("#dashboard-greeting")).to_have_text("Hello, Ada")


def test_sign_in_errors_are_the_same_for_unknown_accounts(live: LiveServer, page: Page) -> None:
    email = unique_email("known")
    register(page, live.url, "Known Person", email)
    messages = []
    for address in (email, unique_email("unknown")):
        open_page(page, live.url + "/sign-in")
        page.fill("#field-email", address)
        page.fill("#field-password", "not the right password")
        page.click("#sign-in-submit")
        alert = page.get_by_role("status")
        expect(alert).to_be_visible()
        messages.append(alert.inner_text())
    assert messages[0] == messages[1] == "That e-mail and password do not match an account."


def test_register_answers_the_same_for_existing_email(live: LiveServer, page: Page) -> None:
    email = unique_email("twice")
    register(page, live.url, "First Try", email)
    first = page.locator("#register-sent").inner_text()
    register(page, live.url, "Second Try", email)
    assert page.locator("#register-sent").inner_text() == first
    subjects = outbox_subjects(live.url, email)
    assert sum("Someone tried to register with your e-mail" in subject for subject in subjects) == 1, subjects


def test_weak_password_is_explained_and_input_kept(live: LiveServer, page: Page) -> None:
    open_page(page, live.url + "/register")
    page.fill("#field-name", "Weak Password")
    page.fill("#field-email", "weak@example.com")
    page.fill("#field-password", "qwertyuiop")
    page.fill("#field-password_confirm", "qwertyuiop")
    page.click("#register-submit")
    expect(page.locator("#field-password-error")).to_contain_text("most common")
    expect(page.locator("#field-name")).to_have_value("Weak Password")
    expect(page.locator("#field-email")).to_have_value("weak@example.com")


def test_reset_password_by_email(live: LiveServer, page: Page) -> None:
    email = signed_up_user(page, live.url, "Grace Hopper")
    page.click("#user-menu")
    page.click("#menu-sign-out")
    wait_path(page, "/sign-in")

    page.get_by_role("link", name="Forgot your password?").click()
    wait_path(page, "/forgot-password")
    page.fill("#field-email", email)
    page.click("#forgot-submit")
    expect(page.locator("#reset-sent")).to_contain_text("If an account uses")

    reset = outbox_link(live.url, email, "/reset-password")
    open_page(page, live.url + reset)
    new_password = "a brand new passphrase"
    page.fill("#field-password", new_password)
    page.fill("#field-password_confirm", new_password)
    page.click("#reset-submit")
    expect(page.locator("#reset-done")).to_be_visible()

    open_page(page, live.url + "/sign-in")
    page.fill("#field-email", email)
    page.fill("#field-password", PASSWORD)
    page.click("#sign-in-submit")
    expect(page.get_by_role("status")).to_contain_text("do not match")
    sign_in(page, live.url, email, new_password)

    open_page(page, live.url + reset)  # the link works once
    expect(page.get_by_text("invalid, already used or expired")).to_be_visible()


def test_sign_out_everywhere_ends_other_devices(live: LiveServer, browser: Browser, page: Page) -> None:
    email = signed_up_user(page, live.url, "Alan Turing")
    other_device: BrowserContext = browser.new_context()
    try:
        other = other_device.new_page()
        sign_in(other, live.url, email)
        second_tab = page.context.new_page()
        open_page(second_tab, live.url + "/dashboard")

        open_page(page, live.url + "/settings/security")
        page.click("#sign-out-everywhere")
        page.click("#confirm-sign-out-everywhere")
        wait_path(page, "/sign-in")

        other.get_by_role("link", name="Settings").first.click()  # the other device's next step
        wait_path(other, "/sign-in")
        second_tab.reload()
        wait_path(second_tab, "/sign-in")
    finally:
        other_device.close()


def test_change_password_keeps_this_device_signed_in(live: LiveServer, page: Page) -> None:
    email = signed_up_user(page, live.url, "Barbara Liskov")
    open_page(page, live.url + "/settings/security")
    page.fill("#field-current_password", "wrong current password")
    page.fill("#field-new_password", "another long passphrase")
    page.fill("#field-new_password_confirm", "another long passphrase")
    page.click("#change-password-submit")
    expect(page.locator("#field-current_password-error")).to_contain_text("not correct")

    page.fill("#field-current_password", PASSWORD)
    page.click("#change-password-submit")
    expect(page.get_by_text("Password changed. Every other device was signed out.")).to_be_visible()
    open_page(page, live.url + "/dashboard")
    expect(page.locator("#dashboard-greeting")).to_have_text("Hello, Barbara")
    assert email


def test_change_email_needs_confirmation(live: LiveServer, page: Page) -> None:
    signed_up_user(page, live.url, "Katherine Johnson")
    new_email = unique_email("moved")
    open_page(page, live.url + "/settings/security")
    page.fill("#field-new_email", new_email)
    page.fill("#field-password", PASSWORD)
    page.click("#change-email-submit")
    expect(page.get_by_text(f"We sent a confirmation link to {new_email}")).to_be_visible()
    link = outbox_link(live.url, new_email, "/confirm-email")
    open_page(page, live.url + link)
    expect(page.locator("#link-outcome")).to_contain_text(new_email)
    page.click("#continue")
    wait_path(page, "/dashboard")
    page.click("#user-menu")
    page.click("#menu-sign-out")
    wait_path(page, "/sign-in")
    sign_in(page, live.url, new_email)


def test_phone_layout_shows_bottom_bar(live: LiveServer, browser: Browser) -> None:
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = phone.new_page()
        signed_up_user(page, live.url, "Mary Jackson")
        expect(page.locator("#bottom-bar")).to_be_visible()
        # Every page of the sidebar is reachable from the bottom bar: the last four behind "More".
        for name, path in (("History", "/history"), ("Questions", "/questions"), ("Security", "/settings/security")):
            page.click("#bottom-more")
            page.locator("#bottom-more-menu").get_by_role("link", name=name).click()
            wait_path(page, path)
            expect(page.locator("#bottom-more")).to_be_visible()
        page.click("#bottom-more")
        page.locator("#bottom-more-menu").get_by_role("link", name="Settings").click()
        wait_path(page, "/settings")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        phone.close()


def test_desktop_layout_has_sidebar_not_bottom_bar(live: LiveServer, page: Page) -> None:
    signed_up_user(page, live.url, "Frances Allen")
    expect(page.locator("#bottom-bar")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Main").first).to_be_visible()
