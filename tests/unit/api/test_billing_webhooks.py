"""POST /api/billing/webhooks/<provider> in process: signed events apply once, replays answer 200 and change
nothing, bad signatures and unknown providers are refused, and the route does not exist with plans off."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from interview_app.api import api
from interview_app.models import BillingEvent, Payment, Subscription, User
from interview_app.services.billing import checkout
from interview_app.settings import Settings
from tests.support import fake_razorpay, fake_stripe
from tests.support.fake_razorpay import FakeRazorpay
from tests.support.fake_stripe import FakeStripe
from tests.support.payments import add_plans, price_fakes, settings_for

URL = "/api/billing/webhooks"


@pytest.fixture(scope="module")
def fakes() -> Iterator[tuple[FakeStripe, FakeRazorpay]]:
    stripe, razorpay = fake_stripe.start(), fake_razorpay.start()
    price_fakes(stripe, razorpay)
    yield stripe, razorpay
    for fake in (stripe, razorpay):
        assert fake.server is not None
        fake.server.stop()


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
