"""Two-factor sign-in in the browser: enrol on the security settings, sign in with the app's code."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from interview_app.models import User
from interview_app.settings import get_settings
from tests.support.browser import open_page, wait_path
from tests.support.journeys import PASSWORD
from tests.support.live_server import LiveServer
from tests.support.two_factor import code, enrol


def enrol_live(live: LiveServer, db: Session, email: str) -> tuple[str, list[str]]:
    """Turn two-factor sign-in on for the live app's account `email` (its key sealed with the app's SECRET_KEY)."""
    settings = get_settings()
    own = settings.secret_key
    settings.secret_key = live.secret_key()
    try:
        db.expire_all()
        user = db.exec(select(User).where(User.email == email)).one()
        return enrol(db, user)
    finally:
        settings.secret_key = own


def enrol_in_browser(page: Page) -> tuple[str, list[str]]:
    """On the security settings: set it up with the key the page shows and confirm with a code from it.

    Returns:
        The key and the recovery codes the page showed (once).

    """
    page.click("#two-factor-start")
    key = page.locator("#two-factor-key").inner_text().replace(" ", "")
    page.fill("#field-enrol_code", code(key, steps=-1))  # the current step's code stays for the next sign-in
    page.click("#two-factor-confirm")
    expect(page.locator(".recovery-code")).to_have_count(10)
    codes = page.locator(".recovery-code").all_inner_texts()
    page.click("#recovery-codes-done")
    expect(page.locator("#two-factor-status")).to_contain_text("On since")
    return key, codes


def sign_in_with_code(
    page: Page, base: str, email: str, secret: str, *, password: str = PASSWORD, expect_path: str = "/dashboard",
    steps: int = 0, remember: bool = False,
) -> None:  # fmt: skip
    """Sign in through the form and its two-factor step with the app's code (`steps` from now)."""
    open_page(page, base + "/sign-in")
    page.fill("#field-email", email)
    page.fill("#field-password", password)
    page.click("#sign-in-submit")
    page.locator("#field-totp_code").wait_for()
    page.fill("#field-totp_code", code(secret, steps=steps))
    if remember:
        page.click("#two-factor-remember")
    page.click("#two-factor-submit")
    wait_path(page, expect_path)
