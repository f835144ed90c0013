"""Two-factor sign-in end to end (issue 18): a candidate turns it on with the key the page shows, signs in with
the app's code and remembers the browser, gets in from another device with a recovery code, forgets the
remembered browser; an admin without it is sent to set it up before any admin page works."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from interview_app.clock import utcnow
from interview_app.models import AuditEvent, Profile, User
from interview_app.services.accounts.passwords import hash_password
from tests.support import live_server
from tests.support.browser import open_page, wait_path
from tests.support.fake_oauth import FakeProvider
from tests.support.journeys import PASSWORD, signed_up_user
from tests.support.two_factor import code
from tests.support.two_factor_browser import enrol_in_browser, sign_in_with_code

pytestmark = pytest.mark.e2e


def sign_out(page: Page, base: str) -> None:
    open_page(page, base + "/settings/security")
    page.click("#sign-out-everywhere")
    page.click("#confirm-sign-out-everywhere")
    wait_path(page, "/sign-in")


def events_of(db: Session, name: str, user_id: int | None) -> list[AuditEvent]:
    db.expire_all()
    rows = db.exec(select(AuditEvent).where(AuditEvent.event == name)).all()
    return [e for e in rows if e.subject_user_id == user_id]


def test_a_candidate_turns_on_two_factor_and_signs_in_with_it(
    live: live_server.LiveServer, live_db: Session, browser: Browser, page: Page
) -> None:
    base = live.url
    email = signed_up_user(page, base, "Tess Totp")
    open_page(page, base + "/settings/security")
    expect(page.locator("#two-factor-status")).to_have_text("Off")
    # A wrong first code is explained and changes nothing.
    page.click("#two-factor-start")
    expect(page.locator("#two-factor-qr")).to_be_visible()
    key = page.locator("#two-factor-key").inner_text().replace(" ", "")
    page.fill("#field-enrol_code", f"{(int(code(key)) + 1) % 1_000_000:06d}")
    page.click("#two-factor-confirm")
    expect(page.locator("#field-enrol_code-error")).to_contain_text("That code is not right")
    page.click("#two-factor-cancel")
    key, recovery = enrol_in_browser(page)
    expect(page.locator("#two-factor-key")).to_have_count(0)  # never shown again
    expect(page.locator("#two-factor-codes-left")).to_contain_text("10")
    user = live_db.exec(select(User).where(User.email == email)).one()
    assert len(events_of(live_db, "two_factor.enabled", user.id)) == 1

    # Signing in now takes the code from the app; this browser is remembered for 30 days.
    sign_out(page, base)
    sign_in_with_code(page, base, email, key, remember=True, expect_path="/dashboard")
    open_page(page, base + "/settings/security")
    expect(page.locator(".remembered-device")).to_have_count(1)
    expect(page.locator(".remembered-device")).to_contain_text("Chrome on Linux")
    sign_out(page, base)
    page.fill("#field-email", email)
    page.fill("#field-password", PASSWORD)
    page.click("#sign-in-submit")
    wait_path(page, "/dashboard")  # remembered: no code asked

    # Another device, phone lost: a wrong code is explained, then a recovery code gets in, once.
    other = browser.new_context(viewport={"width": 390, "height": 844})
    phone = other.new_page()
    open_page(phone, base + "/sign-in")
    phone.fill("#field-email", email)
    phone.fill("#field-password", PASSWORD)
    phone.click("#sign-in-submit")
    phone.locator("#field-totp_code").wait_for()
    phone.fill("#field-totp_code", "000000" if code(key) != "000000" else "111111")
    phone.click("#two-factor-submit")
    expect(phone.locator("#two-factor-form")).to_contain_text("That code is not right")
    phone.click("#two-factor-toggle-recovery")
    phone.fill("#field-recovery_code", recovery[0].upper())
    phone.click("#two-factor-submit")
    wait_path(phone, "/dashboard")
    expect(phone.get_by_text("You signed in with a recovery code; 9 left.")).to_be_visible()
    assert len(events_of(live_db, "two_factor.recovery_code_used", user.id)) == 1
    open_page(phone, base + "/settings/security")
    expect(phone.locator("#two-factor-codes-left")).to_contain_text("9")

    # The phone forgets the laptop's remembered browser: the laptop is asked for a code again.
    phone.locator(".remembered-device").get_by_role("button", name="Forget").click()
    expect(phone.locator("#remembered-devices-none")).to_be_visible()
    other.close()
    sign_out(page, base)
    page.fill("#field-email", email)
    page.fill("#field-password", PASSWORD)
    page.click("#sign-in-submit")
    expect(page.locator("#field-totp_code")).to_be_visible()
    # The recovery code used on the phone does not work again.
    page.click("#two-factor-toggle-recovery")
    page.fill("#field-recovery_code", recovery[0])
    page.click("#two-factor-submit")
    expect(page.locator("#two-factor-form")).to_contain_text("That code is not right")
    page.fill("#field-recovery_code", recovery[1])
    page.click("#two-factor-submit")
    wait_path(page, "/dashboard")

    # Turning it off takes the password; the next sign-in is one step again.
    open_page(page, base + "/settings/security")
    page.click("#two-factor-disable")
    page.fill("#field-manage_password", PASSWORD)
    page.click("#two-factor-manage-submit")
    expect(page.locator("#two-factor-status")).to_have_text("Off")
    assert len(events_of(live_db, "two_factor.disabled", user.id)) == 1
    sign_out(page, base)
    page.fill("#field-email", email)
    page.fill("#field-password", PASSWORD)
    page.click("#sign-in-submit")
    wait_path(page, "/dashboard")


def test_an_admin_without_two_factor_is_sent_to_set_it_up(live: live_server.LiveServer, live_db: Session, page: Page):
    email = f"tf-admin-{uuid.uuid4().hex[:8]}@example.com"
    user = User(
        email=email,
        name="Adam Admin",
        password_hash=hash_password(PASSWORD),
        role="admin",
        email_verified_at=utcnow(),
        password_changed_at=utcnow(),
    )
    live_db.add(user)
    live_db.flush()
    live_db.add(Profile(user_id=user.id or 0))
    live_db.commit()
    base = live.url
    open_page(page, base + "/sign-in")
    page.fill("#field-email", email)
    page.fill("#field-password", PASSWORD)
    page.click("#sign-in-submit")
    # The first sign-in leads to the admin area, which sends the admin to set up two-factor sign-in.
    wait_path(page, "/settings/security")
    expect(page.locator("#two-factor-admin-required")).to_contain_text("administrators need it")
    open_page(page, base + "/admin/users")
    wait_path(page, "/settings/security")
    expect(page.locator("#admin-title")).to_have_count(0)
    enrol_in_browser(page)
    expect(page.locator("#two-factor-admin-required")).to_have_count(0)
    open_page(page, base + "/admin")
    expect(page.locator("#admin-title")).to_have_text("Admin overview")


def test_an_oauth_sign_in_asks_for_the_code_too(
    live: live_server.LiveServer, live_db: Session, fake_oauth: FakeProvider, page: Page
) -> None:
    base = live.url
    email = signed_up_user(page, base, "Gina Github")
    open_page(page, base + "/settings/security")
    key, _ = enrol_in_browser(page)
    sign_out(page, base)
    fake_oauth.profile = {"id": uuid.uuid4().int % 10**9, "login": "gina", "name": "Gina G."}
    fake_oauth.emails = [{"email": email, "primary": True, "verified": True}]
    page.click("#oauth-github")
    wait_path(page, "/oauth/complete")
    page.locator("#field-totp_code").wait_for()
    expect(page.locator("#user-menu")).to_have_count(0)  # not signed in yet
    page.fill("#field-totp_code", code(key))
    page.click("#two-factor-submit")
    wait_path(page, "/dashboard")
    expect(page.locator("#dashboard-greeting")).to_have_text("Hello, Gina")
