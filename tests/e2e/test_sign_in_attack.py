"""An attacker's wrong passwords do not keep the owner out (issue 13, item 9), in the browser.

The account is made in the live app's database and the attack runs through the accounts service against
that database (it is the same counting the sign-in form does); the owner signs in through the pages.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, create_engine, select

from interview_app.clock import utcnow
from interview_app.models import OutboxMessage, Profile, User
from interview_app.services.accounts import accounts
from interview_app.settings import get_settings
from tests.support.browser import open_page, wait_path
from tests.support.handlers import PASSWORD, password_hash
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.e2e

EMAIL = "owner-under-attack@example.com"


@pytest.fixture
def owner_db(live: LiveServer) -> Iterator[Session]:
    """A session on the live app's database with an onboarded owner account in it."""
    engine = create_engine(live.db_url, connect_args={"timeout": 15})
    with Session(engine) as session:
        user = User(email=EMAIL, name="Olive Owner", password_hash=password_hash(), email_verified_at=utcnow(),
                    onboarded_at=utcnow(), password_changed_at=utcnow())  # fmt: skip
        session.add(user)
        session.flush()
        session.add(Profile(user_id=user.id or 0))
        session.commit()
        yield session
    engine.dispose()


def fill_sign_in(page: Page, base: str, *, load: bool = True) -> None:
    if load:
        open_page(page, base + "/sign-in")
    page.fill("#field-email", EMAIL)
    page.fill("#field-password", PASSWORD)
    page.click("#sign-in-submit")


def attack(session: Session) -> None:
    """Wrong passwords from another address until the account's back-off runs."""
    attacker = accounts.Client(ip="203.0.113.66", user_agent="curl")
    for _ in range(get_settings().signin_account_free_failures):
        with pytest.raises(accounts.AccountError):
            accounts.sign_in(session, email=EMAIL, password="wrong guess, again", client=attacker)
        session.rollback()


def newest_code(session: Session, timeout: float = 10.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        session.expire_all()
        query = select(OutboxMessage).where(OutboxMessage.to_email == EMAIL, OutboxMessage.kind == "signin_code")
        messages = session.exec(query.order_by(OutboxMessage.id.desc())).all()  # type: ignore[union-attr]
        if messages:
            return re.findall(r"\b\d{6}\b", messages[0].body_text)[0]
        time.sleep(0.2)
    raise AssertionError("no sign-in code was e-mailed")


def test_the_owner_signs_in_from_a_known_device_and_with_the_e_mailed_code(
    live: LiveServer, owner_db: Session, page: Page, browser: Browser
) -> None:
    fill_sign_in(page, live.url)  # the owner's laptop: becomes a known device
    wait_path(page, "/dashboard")
    page.click("#user-menu")
    page.click("#menu-sign-out")
    wait_path(page, "/sign-in")

    attack(owner_db)

    fill_sign_in(page, live.url, load=False)  # the known laptop still gets in with the password
    wait_path(page, "/dashboard")

    phone_profile = browser.new_context()
    try:
        phone = phone_profile.new_page()
        fill_sign_in(phone, live.url)  # a new device: the code step
        expect(phone.locator("#field-code")).to_be_visible()
        expect(phone.get_by_text("new devices need a code")).to_be_visible()
        phone.fill("#field-code", "000000" if newest_code(owner_db) != "000000" else "111111")
        phone.click("#sign-in-code-submit")
        expect(phone.get_by_text("That code is not right.")).to_be_visible()
        phone.fill("#field-code", newest_code(owner_db))
        phone.click("#sign-in-code-submit")
        wait_path(phone, "/dashboard")
    finally:
        phone_profile.close()
    notices = owner_db.exec(select(OutboxMessage).where(OutboxMessage.kind == "signin_attack")).all()
    assert [m.to_email for m in notices] == [EMAIL]
