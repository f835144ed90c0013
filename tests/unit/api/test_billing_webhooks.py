"""POST /api/billing/webhooks/<provider> in process: signed events apply once, replays answer 200 and change
nothing, bad signatures and unknown providers are refused, and the route does not exist with plans off.

Razorpay's Hosted Checkout round trip: the app's page posting the form to the fake Razorpay, paying there, the
signed return verified by /api/billing/checkout/razorpay/return and the browser sent on to /billing/return."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from interview_app.api import api
from interview_app.models import AuditEvent, BillingEvent, Payment, Subscription, User
from interview_app.services.billing import checkout
from interview_app.settings import Settings
from tests.support import fake_razorpay, fake_stripe
from tests.support.fake_razorpay import FakeRazorpay
from tests.support.fake_stripe import FakeStripe
from tests.support.payments import add_plans, priced, settings_for

URL = "/api/billing/webhooks"


@pytest.fixture(scope="module")
def fakes() -> Iterator[tuple[FakeStripe, FakeRazorpay]]:
    with priced(fake_stripe.start()) as stripe, priced(fake_razorpay.start()) as razorpay:
        yield stripe, razorpay


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(api, raise_server_exceptions=False, follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture
def configured(
    session: Session, override_settings: Callable[..., Settings], fakes: tuple[FakeStripe, FakeRazorpay]
) -> tuple[FakeStripe, FakeRazorpay]:
    override_settings(**settings_for(*fakes))
    add_plans(session)
    return fakes


def _count(session: Session, model: type) -> int:
    session.expire_all()
    return session.exec(select(func.count()).select_from(model)).one()


def test_stripe_events_apply_once(
    client: TestClient,
    session: Session,
    make_user: Callable[..., User],
    configured: tuple[FakeStripe, FakeRazorpay],
):
    stripe, _ = configured
    user = make_user()
    started = checkout.start(session, user, "premium", "month")
    events = stripe.complete_checkout(started.url.rsplit("/", 1)[-1])
    for event in events:
        body, headers = stripe.webhook(event)
        answer = client.post(f"{URL}/stripe", content=body, headers=headers)
        assert answer.status_code == 200, answer.text
        assert answer.json() == {"received": True, "duplicate": False}
    session.expire_all()
    row = session.exec(select(Subscription).where(Subscription.user_id == user.id)).one()
    assert row.status == "active"
    body, headers = stripe.webhook(events[2])
    replay = client.post(f"{URL}/stripe", content=body, headers=headers)
    assert replay.status_code == 200 and replay.json()["duplicate"] is True
    assert (_count(session, BillingEvent), _count(session, Payment)) == (3, 1)


def test_bad_signatures_are_refused_and_store_nothing(
    client: TestClient, session: Session, configured: tuple[FakeStripe, FakeRazorpay]
):
    stripe, razorpay = configured
    event = stripe.event("product.created", {"id": "prod_1"})
    body, headers = stripe.webhook(event, secret="whsec_wrong")
    answer = client.post(f"{URL}/stripe", content=body, headers=headers)
    assert answer.status_code == 400 and answer.json()["error"]["code"] == "signature_invalid"
    assert answer.headers["X-Request-ID"]
    body, headers = stripe.webhook(event)
    tampered = client.post(f"{URL}/stripe", content=body + b" ", headers=headers)
    assert tampered.status_code == 400
    unsigned = client.post(f"{URL}/stripe", content=body, headers={"Content-Type": "application/json"})
    assert unsigned.status_code == 400
    rz_body, rz_headers = razorpay.webhook(razorpay.event("payment.captured", payment={"id": "pay_1"}), secret="x")
    assert client.post(f"{URL}/razorpay", content=rz_body, headers=rz_headers).status_code == 400
    # The same body signed for Stripe is no Razorpay event.
    assert client.post(f"{URL}/razorpay", content=body, headers=headers).status_code == 400
    assert _count(session, BillingEvent) == 0


def test_razorpay_event_is_received(client: TestClient, session: Session, configured: tuple[FakeStripe, FakeRazorpay]):
    _, razorpay = configured
    body, headers = razorpay.webhook(razorpay.event("payment.captured", payment={"id": "pay_2", "entity": "payment"}))
    answer = client.post(f"{URL}/razorpay", content=body, headers=headers)
    assert answer.status_code == 200 and answer.json() == {"received": True, "duplicate": False}
    stored = session.exec(select(BillingEvent)).one()
    assert (stored.provider, stored.event_id, stored.outcome) == ("razorpay", headers["X-Razorpay-Event-Id"], "ignored")


def test_unknown_provider_oversized_body_and_wrong_method(
    client: TestClient, configured: tuple[FakeStripe, FakeRazorpay]
):
    assert client.post(f"{URL}/paypal", content=b"{}").status_code == 404
    assert client.post(f"{URL}/stripe", content=b"x" * (256 * 1024 + 1)).status_code == 413
    assert client.get(f"{URL}/stripe").status_code in (404, 405)  # only POST is taken


def test_no_webhooks_with_plans_off(
    client: TestClient, override_settings: Callable[..., Settings], fakes: tuple[FakeStripe, FakeRazorpay]
):
    override_settings(**(settings_for(*fakes) | {"plans_enabled": "false"}))
    stripe, _ = fakes
    body, headers = stripe.webhook(stripe.event("product.created", {"id": "prod_3"}))
    answer = client.post(f"{URL}/stripe", content=body, headers=headers)
    assert answer.status_code == 404 and answer.json()["error"]["code"] == "not_found"


def test_webhook_routes_are_not_in_the_public_api_document(client: TestClient):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert not [path for path in paths if "billing" in path]


_FORM = re.compile(r"<form[^>]*\baction=[\"']([^\"']*)[\"'][^>]*>(.*?)</form>", re.DOTALL)
_INPUT = re.compile(r"<input type=[\"']hidden[\"'] name=[\"']([^\"']*)[\"'] value=[\"']([^\"']*)[\"']>")


def _forms(page: str) -> list[tuple[str, dict[str, str]]]:
    """Each form of a page: where it posts and its hidden fields."""
    return [
        (html.unescape(action), {html.unescape(k): html.unescape(v) for k, v in _INPUT.findall(inner)})
        for action, inner in _FORM.findall(page)
    ]


def _razorpay_checkout(client: TestClient, session: Session, user: User) -> tuple[str, dict[str, str]]:
    """Choose Premium with Razorpay; open the app's page for its Hosted Checkout: the form it posts."""
    started = checkout.start(session, user, "premium", "month")
    path = started.url.removeprefix("http://localhost:3000")
    assert path.startswith("/api/billing/checkout/razorpay/sub_")
    page = client.get(path, headers={"Accept-Language": "ko-KR,ko;q=0.9"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<html lang="ko">' in page.text and "결제 계속하기" in page.text  # a button, for browsers without scripts
    [(action, fields)] = _forms(page.text)
    policy = page.headers["content-security-policy"]
    assert f"form-action {action.rsplit('/v1/', 1)[0]}" in policy and "'unsafe-inline'" not in policy.split("; ")[2]
    assert page.headers["cache-control"] == "no-store"
    return action, fields


@pytest.fixture
def razorpay_started(
    client: TestClient,
    session: Session,
    make_user: Callable[..., User],
    configured: tuple[FakeStripe, FakeRazorpay],
    override_settings: Callable[..., Settings],
) -> tuple[FakeRazorpay, User, str, dict[str, str]]:
    """A candidate who chose Premium with Razorpay: the fake, the candidate, and the form the app's page posts."""
    override_settings(payments_provider="razorpay")
    user = make_user()
    return (configured[1], user, *_razorpay_checkout(client, session, user))


def test_razorpay_hosted_checkout_round_trip(
    client: TestClient, session: Session, razorpay_started: tuple[FakeRazorpay, User, str, dict[str, str]]
):
    razorpay, user, action, fields = razorpay_started
    assert fields["key_id"] == fake_razorpay.KEY_ID and fields["callback_url"].endswith(
        "/api/billing/checkout/razorpay/return"
    )
    # The browser posts the form to Razorpay, pays on its page, and Razorpay's page posts the result back.
    payment_page = httpx.post(action, data=fields)
    assert payment_page.status_code == 200 and "Fake Razorpay Checkout" in payment_page.text
    pay_action, pay_fields = _forms(payment_page.text)[0]
    returned = httpx.post(razorpay.url + pay_action, data=pay_fields)
    [(callback, back)] = _forms(returned.text)
    assert callback == fields["callback_url"] and set(back) == {
        "razorpay_payment_id",
        "razorpay_subscription_id",
        "razorpay_signature",
    }
    answer = client.post(callback.removeprefix("http://localhost:3000"), data=back)
    assert answer.status_code == 303 and answer.headers["location"] == "/billing/return?payment=paid"
    audited = session.exec(select(AuditEvent).where(AuditEvent.event == "billing.checkout_returned")).one()
    assert audited.subject_user_id == user.id and audited.detail["payment"] == back["razorpay_payment_id"]
    # The plan changes with the webhooks Razorpay sends, not with the return.
    session.expire_all()
    assert session.exec(select(Subscription).where(Subscription.user_id == user.id)).one().status == "incomplete"
    for event in razorpay.take_outbox():
        body, headers = razorpay.webhook(event)
        assert client.post(f"{URL}/razorpay", content=body, headers=headers).status_code == 200
    session.expire_all()
    assert session.exec(select(Subscription).where(Subscription.user_id == user.id)).one().status == "active"
    # A paid subscription has no payment page any more: the app's page sends the browser to the return page.
    again = client.get(f"/api/billing/checkout/razorpay/{back['razorpay_subscription_id']}")
    assert again.status_code == 303 and again.headers["location"] == "/billing/return"


def test_razorpay_return_forged_or_declined(
    client: TestClient, session: Session, razorpay_started: tuple[FakeRazorpay, User, str, dict[str, str]]
):
    razorpay, user, action, fields = razorpay_started
    subscription_id = fields["subscription_id"]
    back = "/api/billing/checkout/razorpay/return"
    forged = {
        "razorpay_payment_id": "pay_Forged",
        "razorpay_subscription_id": subscription_id,
        "razorpay_signature": razorpay.return_signature("pay_Forged", subscription_id, secret="guessed"),
    }
    answer = client.post(back, data=forged)
    assert answer.status_code == 303 and answer.headers["location"] == "/billing/return?payment=unverified"
    # Signed right, but for a subscription the app never started.
    stranger = {
        "razorpay_payment_id": "pay_X",
        "razorpay_subscription_id": "sub_NotOurs",
        "razorpay_signature": razorpay.return_signature("pay_X", "sub_NotOurs"),
    }
    assert client.post(back, data=stranger).headers["location"] == "/billing/return?payment=unverified"
    # A declined card: Razorpay posts its error fields back.
    payment_page = httpx.post(action, data=fields)
    decline_action, decline_fields = _forms(payment_page.text)[1]
    [(_, error)] = _forms(httpx.post(razorpay.url + decline_action, data=decline_fields).text)
    assert error["error[reason]"] == "payment_failed"
    declined = client.post(back, data=error)
    assert declined.status_code == 303 and declined.headers["location"] == "/billing/return?payment=failed"
    assert not session.exec(select(AuditEvent).where(AuditEvent.event == "billing.checkout_returned")).all()
    session.expire_all()
    assert session.exec(select(Subscription).where(Subscription.user_id == user.id)).one().status == "incomplete"
    assert client.post(back, content=b"x" * (16 * 1024 + 1)).status_code == 413
    assert client.get("/api/billing/checkout/razorpay/sub_Unknown").headers["location"] == "/billing/return"
    assert client.get("/api/billing/checkout/paypal/sub_1").status_code == 303


def test_no_hosted_checkout_pages_with_plans_off(
    client: TestClient, override_settings: Callable[..., Settings], fakes: tuple[FakeStripe, FakeRazorpay]
):
    override_settings(**(settings_for(*fakes) | {"plans_enabled": "false"}))
    assert client.get("/api/billing/checkout/razorpay/sub_1").status_code == 404
    assert client.post("/api/billing/checkout/razorpay/return", data={"a": "b"}).status_code == 404
