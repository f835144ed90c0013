"""Plans and payments end to end, in headless Chromium against a live app with PLANS_ENABLED=true and the fake
Stripe server (tests/support/fake_stripe.py; the Stripe SDK is pointed at it with STRIPE_API_BASE):

a free candidate hits the day's interview quota -> Upgrade -> the pricing page -> Choose Premium -> the
(fake) hosted checkout -> Stripe's webhooks, correctly signed, reach the app -> the return page says Premium
-> the quota is lifted (an interview starts) -> the invoice is on the settings' Invoices page as a PDF ->
an admin sees the subscriber, refunds part of the payment through the fake Stripe and reads the revenue page
-> the candidate cancels -> still Premium until the period ends -> the period ends -> back to free, the quota
applies again.

The app gets the plans journeys' bundle (`.web-plans`): pages and the admin sidebar depend on PLANS_ENABLED
when the app is built, and the session's shared `live` app keeps its own. The hosted checkout page is Stripe's, not
the app's: the test answers the browser's visit to it with a stand-in page and does what paying there does
(`complete_checkout`, then the webhooks). Time moves the way the other journeys move it: rows are dated back
in the app's database (the period's end), and the fake's clock moves to the period's end for its events.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, Route, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from sqlmodel import Session, col, select

from interview_app.clock import utcnow
from interview_app.models import AuditEvent, InterviewSession, Payment, Plan, Subscription, User
from tests.support import axe, fake_stripe, journeys, live_server, payments
from tests.support.browser import ARTIFACTS, open_page, wait_path
from tests.support.fake_stripe import FakeStripe
from tests.support.journeys import make_admin, signed_up_user
from tests.support.two_factor_browser import enrol_live, sign_in_with_code

pytestmark = pytest.mark.e2e
SHOTS = ARTIFACTS / "billing"


@pytest.fixture(scope="module")
def stripe() -> Iterator[FakeStripe]:
    """The fake Stripe, selling Premium monthly and yearly."""
    with payments.priced(fake_stripe.start()) as fake:
        yield fake


@pytest.fixture(scope="module")
def billing_app(stripe: FakeStripe) -> Iterator[live_server.LiveServer]:
    """The app with plans on and Stripe at the fake; Premium priced with the fake's price ids."""
    with journeys.plans_app(payments.live_env(stripe=stripe), payments.price_seeded_premium("stripe")) as server:
        yield server


@pytest.fixture(scope="module")
def db(billing_app: live_server.LiveServer) -> Iterator[Session]:
    with journeys.app_database(billing_app) as session:
        yield session


@pytest.fixture
def tab(browser: Browser, request: pytest.FixtureRequest, billing_app: live_server.LiveServer) -> Iterator[Page]:
    """A fresh profile (axe's script allowed past the CSP, downloads kept); on failure a screenshot and the log."""
    with journeys.journey_tab(browser, request, billing_app, SHOTS, accept_downloads=True) as page:
        yield page


def deliver(app: live_server.LiveServer, stripe: FakeStripe, events: list[dict[str, Any]]) -> None:
    """Post Stripe's events to the app's webhook, signed as Stripe signs them; each must be taken."""
    for event in events:
        body, headers = stripe.webhook(event)
        answer = httpx.post(f"{app.url}/api/billing/webhooks/stripe", content=body, headers=headers, timeout=30)
        assert answer.status_code == 200, (event["type"], answer.status_code, answer.text)
        assert answer.json() == {"received": True, "duplicate": False}


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def check(page: Page, name: str) -> None:
    """Screenshots at both widths, and axe-core in the light and dark themes: no serious or critical violation."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    found: list[str] = []
    for width, height in ((1280, 800), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            page.wait_for_function(
                "dark => document.documentElement.classList.contains('dark') === dark", arg=scheme == "dark"
            )
            page.wait_for_timeout(150)  # the theme's transitions settle
            if scheme == "light":
                page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
            found += [f"{name} [{width} {scheme}] {v['id']}: {v['help']} {v['targets']}" for v in axe.violations(page)]
    page.emulate_media(color_scheme="light")
    page.set_viewport_size({"width": 1280, "height": 800})
    assert not found, "\n".join(found)


def use_up_the_day(db: Session, user_id: int, count: int) -> None:
    """Interviews started an hour ago (finished), as many as the free plan allows a day."""
    hour_ago = utcnow() - timedelta(hours=1)
    db.add_all(
        InterviewSession(
            user_id=user_id, interview_type="mixed", difficulty="medium", status="completed", started_at=hour_ago
        )
        for _ in range(count)
    )
    db.commit()


def start_interview(page: Page, base: str) -> None:
    open_page(page, base + "/interview/new")
    page.click("#setup-start")


def test_free_to_premium_and_back(tab: Page, billing_app: live_server.LiveServer, stripe: FakeStripe, db: Session):
    base = billing_app.url
    page = tab
    email = signed_up_user(page, base)
    user = db.exec(select(User).where(User.email == email)).one()
    uid = user.id or 0
    free = db.exec(select(Plan).where(Plan.slug == "free")).one()
    assert free.is_default and free.interviews_per_day
    for path in ("/admin/subscribers", "/admin/revenue"):  # admins only
        page.goto(base + path)
        wait_path(page, "/dashboard")
        expect(page.locator("#admin-title")).to_have_count(0)

    # 1. The free plan's interviews for the day are used: the set-up page says so and offers the upgrade.
    use_up_the_day(db, uid, free.interviews_per_day or 0)
    start_interview(page, base)
    expect(page.get_by_text(re.compile(r"Your Free plan includes \d+ interviews a day"))).to_be_visible()
    assert "/interview/new" in page.url  # nothing started
    shoot(page, "1-quota")
    page.get_by_role("link", name="Upgrade").or_(page.get_by_role("button", name="Upgrade")).first.click()
    wait_path(page, "/pricing")
    shoot(page, "2-pricing")

    # 2. Choose Premium: the browser goes to Stripe's hosted checkout (here a stand-in page).
    def hosted_checkout(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html", body="<title>Checkout</title><h1>Fake Stripe Checkout</h1>")

    page.route(re.compile(re.escape(stripe.url) + r"/c/pay/.*"), hosted_checkout)
    page.get_by_role("button", name="Choose Premium").click()
    page.wait_for_url(re.compile(re.escape(stripe.url) + r"/c/pay/cs_test_\w+"))
    checkout_id = page.url.rsplit("/", 1)[-1]
    checkout = stripe.checkouts[checkout_id]
    assert checkout["customer"] in stripe.customers and stripe.customers[checkout["customer"]]["email"] == email
    pending = db.exec(select(Subscription).where(Subscription.user_id == uid)).one()
    assert pending.status == "incomplete"

    # 3. Paying there: Stripe starts the subscription, pays its first invoice and tells the app.
    deliver(billing_app, stripe, stripe.complete_checkout(checkout_id))
    page.goto(str(checkout["success_url"]).replace("{CHECKOUT_SESSION_ID}", checkout_id))
    expect(page.locator("#billing-return")).to_contain_text("Premium")
    shoot(page, "3-return")
    db.expire_all()
    sub = db.exec(select(Subscription).where(Subscription.user_id == uid)).one()
    assert sub.status == "active" and sub.provider_subscription_id in stripe.subscriptions
    payment = db.exec(select(Payment).where(Payment.user_id == uid)).one()
    assert payment.amount == payments.PREMIUM_USD and payment.status == "paid"

    # 4. The quota is lifted: the same candidate starts an interview now.
    start_interview(page, base)
    page.wait_for_url(re.compile(r"/interview/\d+/?$"))
    running = db.exec(
        select(InterviewSession).where(InterviewSession.user_id == uid, InterviewSession.status == "in_progress")
    ).one()
    running.status = "completed"  # done with it (a running interview would be offered to resume later)
    db.add(running)
    db.commit()

    # 5. The receipt: Settings -> Invoices lists the payment, and its PDF downloads.
    open_page(page, base + "/settings")
    page.click("#settings-invoices-link")
    wait_path(page, "/settings/invoices")
    row = page.locator(".invoice-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Premium")
    expect(row).to_contain_text("$12.00")
    expect(row).to_contain_text("Paid")
    with page.expect_download() as caught:
        row.locator(".invoice-download").click()
    download = caught.value
    assert re.fullmatch(r"interview-coach-invoice-IC-\d{4}-\d+\.pdf", download.suggested_filename)
    path = download.path()
    assert path is not None and path.read_bytes().startswith(b"%PDF-")
    check(page, "4-invoices")

    # 6. An admin sees the subscriber, refunds $2.00 of the payment through Stripe, and reads the revenue.
    admin_email = make_admin(db, "billing-admin", "Bea Books")
    key, _ = enrol_live(billing_app, db, admin_email)
    admin = page.context.browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True)  # type: ignore[union-attr]
    admin.set_default_timeout(20_000)
    desk = admin.new_page()
    console: list[str] = []
    desk.on("console", lambda m: console.append(f"{m.type}: {m.text}") if m.type == "error" else None)
    desk.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    sign_in_with_code(desk, base, admin_email, key, expect_path="/admin")
    desk.get_by_role("link", name="Subscribers").first.click()
    wait_path(desk, "/admin/subscribers")
    expect(desk.locator(".subscriber-row")).to_contain_text(email)
    expect(desk.locator(".subscriber-row")).to_contain_text("Active")
    check(desk, "5-subscribers")
    desk.fill("#payments-search", email)
    payment_row = desk.locator(".payment-row")
    expect(payment_row).to_have_count(1)
    payment_row.locator(".refund-open").click()
    expect(desk.locator("#refund-amount")).to_have_value("12.00")
    desk.fill("#refund-amount", "2")
    desk.click("#refund-continue")
    expect(desk.locator("#refund-error")).to_contain_text("Say why")
    desk.fill("#refund-reason", "Goodwill: the first week's interviews failed to score")
    desk.click("#refund-continue")
    expect(desk.locator("#refund-confirm-text")).to_contain_text("The subscription goes on.")
    shoot(desk, "5-refund-confirm")
    desk.click("#refund-confirm")
    expect(payment_row).to_contain_text("$2.00 refunded")
    expect(payment_row).to_contain_text("Partly refunded")
    assert [r["amount"] for r in stripe.refunds.values()] == [200]
    db.expire_all()
    refund_event = db.exec(select(AuditEvent).where(AuditEvent.event == "billing.refund")).one()
    assert refund_event.subject_user_id == uid and refund_event.detail["amount"] == 200
    # Stripe's own word on the refund arrives later and changes nothing more.
    deliver(billing_app, stripe, [stripe.refund_event(next(iter(stripe.refunds)))])
    db.expire_all()
    assert db.get(Payment, payment.id).refunded_amount == 200  # type: ignore[union-attr]
    desk.get_by_role("link", name="Revenue").first.click()
    wait_path(desk, "/admin/revenue")
    expect(desk.locator("#revenue-kpis")).to_contain_text("$12.00")  # MRR: the plan's month, the refund is one-off
    # plotly loads on first use: on a busy machine the first chart takes a while.
    plotted = desk.locator("#revenue-mrr .js-plotly-plot")
    try:
        plotted.wait_for(state="visible", timeout=30_000)
    except PlaywrightTimeout:
        pytest.fail("the MRR chart was not drawn; the browser said: " + "\n".join(console))
    expect(desk.locator("#revenue-table")).to_contain_text(utcnow().strftime("%Y-%m"))
    # The refund's toast has its own (app-wide) colours; axe looks at the page once it has gone.
    expect(desk.locator("[data-sonner-toast]")).to_have_count(0, timeout=15_000)
    check(desk, "6-revenue")
    admin.close()

    # 7. The candidate cancels: Stripe is told to end at the period's end; Premium stays until then.
    open_page(page, base + "/settings")
    page.click("#subscription-cancel")
    page.click("#subscription-cancel-confirm")
    sub_id = sub.provider_subscription_id or ""
    expect(page.locator("#subscription-card")).to_contain_text("ends")
    assert stripe.subscriptions[sub_id]["cancel_at_period_end"] is True
    deliver(billing_app, stripe, [stripe.cancel_event(sub_id)])
    db.expire_all()
    sub = db.exec(select(Subscription).where(Subscription.user_id == uid)).one()
    assert sub.cancel_at_period_end and sub.status == "active"
    shoot(page, "7-cancelled")

    # 8. The period ends: Stripe ends the subscription at the period's end; here the period's end is dated
    #    back to a minute ago in the app's database (time has passed), and the candidate is on Free again.
    deliver(billing_app, stripe, stripe.end_period(sub_id))
    db.expire_all()
    sub = db.exec(select(Subscription).where(Subscription.user_id == uid)).one()
    assert sub.status == "cancelled"
    sub.current_period_end = utcnow() - timedelta(minutes=1)
    db.add(sub)
    db.commit()
    started_today = db.exec(
        select(InterviewSession).where(
            InterviewSession.user_id == uid, col(InterviewSession.started_at) > utcnow() - timedelta(hours=24)
        )
    ).all()
    assert len(started_today) > (free.interviews_per_day or 0)
    start_interview(page, base)
    expect(page.get_by_text(re.compile(r"Your Free plan includes \d+ interviews a day"))).to_be_visible()
    assert "/interview/new" in page.url
    shoot(page, "8-free-again")
