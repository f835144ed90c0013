"""Paying with Razorpay end to end, in headless Chromium against a live app with PLANS_ENABLED=true,
PAYMENTS_PROVIDER=razorpay and the fake Razorpay (tests/support/fake_razorpay.py; the SDK and Hosted Checkout
at RAZORPAY_API_BASE):

a free candidate on the pricing page chooses Premium -> the app's own page posts Razorpay's Hosted Checkout
form (under its own policy, which this browser enforces: no CSP bypass here) -> the fake Razorpay's payment
page -> Pay -> Razorpay's page posts the signed result back to the app -> /billing/return waits -> Razorpay's
webhooks (the ones paying caused, correctly signed) reach the app -> "You're on Premium".

A declined card first: Razorpay posts its error back and the return page says at once that nothing was charged.
The Stripe journey (test_billing_journey.py) covers the rest of the subscription's life.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from interview_app.models import AuditEvent, Payment, Subscription, User
from tests.support import fake_razorpay, journeys, live_server, payments
from tests.support.browser import ARTIFACTS, open_page
from tests.support.fake_razorpay import FakeRazorpay
from tests.support.journeys import signed_up_user

pytestmark = pytest.mark.e2e
SHOTS = ARTIFACTS / "razorpay"


@pytest.fixture(scope="module")
def razorpay() -> Iterator[FakeRazorpay]:
    """The fake Razorpay, selling Premium monthly in INR."""
    with payments.priced(fake_razorpay.start()) as fake:
        yield fake


@pytest.fixture(scope="module")
def razorpay_app(razorpay: FakeRazorpay) -> Iterator[live_server.LiveServer]:
    """The app with plans on and Razorpay at the fake; Premium priced with the fake's plan id."""
    env = payments.live_env(razorpay=razorpay, provider="razorpay")
    with journeys.plans_app(env, payments.price_seeded_premium("razorpay")) as server:
        yield server


@pytest.fixture
def tab(browser: Browser, request: pytest.FixtureRequest, razorpay_app: live_server.LiveServer) -> Iterator[Page]:
    """A fresh profile that enforces every page's CSP; on failure a screenshot and the app's log."""
    with journeys.journey_tab(browser, request, razorpay_app, SHOTS, bypass_csp=False) as page:
        yield page


def choose_premium(page: Page, base: str, razorpay: FakeRazorpay) -> None:
    """Pricing -> Choose Premium: the browser lands on Razorpay's (fake) payment page."""
    open_page(page, base + "/pricing")
    page.get_by_role("button", name="Choose Premium").click()
    page.wait_for_url(re.compile(re.escape(razorpay.url) + r"/v1/checkout/embedded$"))
    expect(page.get_by_role("heading", name="Fake Razorpay Checkout")).to_be_visible()


def test_premium_through_razorpay_hosted_checkout(
    tab: Page, razorpay_app: live_server.LiveServer, razorpay: FakeRazorpay
):
    base = razorpay_app.url
    page = tab
    csp_errors: list[str] = []
    page.on("console", lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None)
    email = signed_up_user(page, base)

    # 1. A declined card: Razorpay sends the candidate back with its error; nothing changed.
    choose_premium(page, base, razorpay)
    page.click("#rzp-decline")
    page.wait_for_url(re.compile(r"/billing/return/?\?payment=failed$"))
    expect(page.locator("#billing-return")).to_contain_text("The payment did not go through.")
    expect(page.locator("#billing-return-pricing")).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "1-declined.png"), full_page=True)
    razorpay.take_outbox()  # Razorpay's payment.failed, which changes nothing

    # 2. Choose again (the same waiting checkout is reused) and pay: back to the return page, which waits.
    choose_premium(page, base, razorpay)
    page.click("#rzp-pay")
    page.wait_for_url(re.compile(r"/billing/return/?\?payment=paid$"))
    expect(page.locator("#billing-return")).to_contain_text("waiting for the payment provider")

    # 3. Razorpay's webhooks arrive, correctly signed: the page turns to Premium by itself.
    for event in razorpay.take_outbox():
        body, headers = razorpay.webhook(event)
        answer = httpx.post(f"{base}/api/billing/webhooks/razorpay", content=body, headers=headers, timeout=30)
        assert answer.status_code == 200, (event["event"], answer.text)
    expect(page.locator("#billing-return")).to_contain_text("You're on Premium.", timeout=30_000)
    page.screenshot(path=str(SHOTS / "2-premium.png"), full_page=True)
    assert not csp_errors, csp_errors

    with journeys.app_database(razorpay_app) as db:
        user = db.exec(select(User).where(User.email == email)).one()
        subscription = db.exec(select(Subscription).where(Subscription.user_id == user.id)).one()
        assert (subscription.provider, subscription.status, subscription.currency) == ("razorpay", "active", "INR")
        assert subscription.provider_subscription_id in razorpay.subscriptions
        payment = db.exec(select(Payment).where(Payment.user_id == user.id, Payment.status == "paid")).one()
        assert payment.amount == payments.PREMIUM_INR
        returned = db.exec(select(AuditEvent).where(AuditEvent.event == "billing.checkout_returned")).all()
        assert [e.detail["outcome"] for e in returned if e.subject_user_id == user.id] == ["paid"]
