"""Paying with Razorpay end to end, in headless Chromium against a live app with PLANS_ENABLED=true,
PAYMENTS_PROVIDER=razorpay and the fake Razorpay (tests/support/fake_razorpay.py: the SDK's API at
RAZORPAY_API_BASE and its stand-in checkout.js at RAZORPAY_CHECKOUT_JS_URL):

a free candidate on the pricing page chooses Premium -> the app's own checkout page loads checkout.js under
its own policy (which this browser enforces: no CSP bypass here) and opens Razorpay's payment window over
the page -> closing it keeps the checkout ("Open payment window" opens it again) -> a declined card: Razorpay
posts its error fields back and the return page says why at once -> choosing again while checkout.js is
blocked: the page says so, and once it loads the window opens -> paying: Razorpay posts the signed result back
to the app -> /billing/return waits -> Razorpay's webhooks (the ones paying caused, correctly signed) reach the
app -> "You're on Premium".

The Stripe journey (test_billing_journey.py) covers the rest of the subscription's life.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, FrameLocator, Page, expect
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


def choose_premium(page: Page, base: str) -> FrameLocator:
    """Pricing -> Choose Premium: the app's checkout page opens Razorpay's (fake) payment window over itself."""
    open_page(page, base + "/pricing")
    page.get_by_role("button", name="Choose Premium").click()
    # Its link carries the token signed for this candidate (services/billing/checkout.py, page_token).
    page.wait_for_url(re.compile(r"/api/billing/checkout/razorpay/sub_\w+\?t=\d+\.\d+\.[0-9a-f]{32}$"))
    return payment_window(page)


def payment_window(page: Page) -> FrameLocator:
    window = page.frame_locator("iframe.razorpay-checkout-frame")
    expect(window.get_by_role("heading", name="Fake Razorpay Checkout")).to_be_visible()
    return window


def test_premium_through_razorpay_standard_checkout(
    tab: Page, razorpay_app: live_server.LiveServer, razorpay: FakeRazorpay
):
    base = razorpay_app.url
    page = tab
    csp_errors: list[str] = []
    page.on("console", lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None)
    email = signed_up_user(page, base)
    SHOTS.mkdir(parents=True, exist_ok=True)

    # 1. The window opens by itself, prefilled; closing it keeps the checkout, and the button opens it again.
    window = choose_premium(page, base)
    checkout_page = page.url
    expect(window.locator("#rzp-prefill")).to_have_text(email)
    page.screenshot(path=str(SHOTS / "1-window.png"), full_page=True)
    window.locator("#rzp-close").click()
    expect(page.locator("#checkout-dismissed")).to_be_visible()
    expect(page.locator("#checkout-back")).to_have_attribute("href", "/pricing")
    page.screenshot(path=str(SHOTS / "2-dismissed.png"), full_page=True)
    page.get_by_role("button", name="Open payment window").click()
    window = payment_window(page)

    # 2. A declined card: Razorpay sends the candidate back with its error; the page says why, nothing changed.
    window.get_by_label("Card number").fill(fake_razorpay.DECLINE_CARD)
    window.locator("#rzp-pay").click()
    page.wait_for_url(re.compile(r"/billing/return/?\?payment=failed&why=bank$"))
    expect(page.locator("#billing-return")).to_contain_text("The payment did not go through.")
    expect(page.locator("#billing-return-why")).to_contain_text("Your bank declined the payment")
    expect(page.locator("#billing-return-pricing")).to_be_visible()
    page.screenshot(path=str(SHOTS / "3-declined.png"), full_page=True)
    razorpay.take_outbox()  # Razorpay's payment.failed, which changes nothing

    # 3. Choose again while checkout.js cannot load (blocked): the page says so; once it loads, the window opens.
    script = re.compile(re.escape(razorpay.url) + r"/v1/checkout\.js$")
    page.route(script, lambda route: route.abort())
    open_page(page, base + "/pricing")
    page.get_by_role("button", name="Choose Premium").click()
    expect(page.locator("#checkout-script-failed")).to_be_visible(timeout=20_000)
    page.screenshot(path=str(SHOTS / "4-script-blocked.png"), full_page=True)
    page.unroute(script)
    page.get_by_role("button", name="Open payment window").click()
    window = payment_window(page)

    # 4. Pay: Razorpay posts the signed result back, and the return page waits for the webhooks.
    window.get_by_label("Card number").fill(fake_razorpay.PAY_CARD)
    window.locator("#rzp-pay").click()
    page.wait_for_url(re.compile(r"/billing/return/?\?payment=paid$"))
    expect(page.locator("#billing-return")).to_contain_text("waiting for the payment provider")

    # 5. Razorpay's webhooks arrive, correctly signed: the page turns to Premium by itself.
    for event in razorpay.take_outbox():
        body, headers = razorpay.webhook(event)
        answer = httpx.post(f"{base}/api/billing/webhooks/razorpay", content=body, headers=headers, timeout=30)
        assert answer.status_code == 200, (event["event"], answer.text)
    expect(page.locator("#billing-return")).to_contain_text("You're on Premium.", timeout=30_000)
    page.screenshot(path=str(SHOTS / "5-premium.png"), full_page=True)

    # 6. The checkout page's address without its token shows nothing of the candidate and leads back to the plans.
    page.goto(checkout_page.partition("?")[0])
    expect(page.get_by_role("heading", name="This payment link doesn't work")).to_be_visible()
    expect(page.get_by_text(email)).to_have_count(0)
    page.screenshot(path=str(SHOTS / "6-link-refused.png"), full_page=True)
    page.get_by_role("link", name="Choose a plan again").click()
    page.wait_for_url(re.compile(r"/pricing/?$"))
    assert not csp_errors, csp_errors

    with journeys.app_database(razorpay_app) as db:
        user = db.exec(select(User).where(User.email == email)).one()
        subscription = db.exec(select(Subscription).where(Subscription.user_id == user.id)).one()
        assert (subscription.provider, subscription.status, subscription.currency) == ("razorpay", "active", "INR")
        assert subscription.provider_subscription_id in razorpay.subscriptions
        payment = db.exec(select(Payment).where(Payment.user_id == user.id, Payment.status == "paid")).one()
        assert payment.amount == payments.PREMIUM_INR
        returned = db.exec(select(AuditEvent).where(AuditEvent.event == "billing.checkout_returned")).all()
        outcomes = [(e.detail["outcome"], e.detail["source"]) for e in returned if e.subject_user_id == user.id]
        assert outcomes == [("failed", "issuer_bank"), ("paid", "")]
