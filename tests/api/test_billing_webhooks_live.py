"""The payment webhooks on the running app (backend only, PLANS_ENABLED=true, Stripe at the fake): signed
events over real HTTP make a candidate Premium once, a replay answers 200 and changes nothing, an older
event arriving late changes nothing, and bad signatures, unknown providers and wrong methods are refused."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from sqlmodel import Session, create_engine, func, select

from interview_app.clock import utcnow
from interview_app.models import BillingEvent, Payment, Profile, Subscription, User
from tests.support import fake_stripe, live_server, payments
from tests.support.fake_stripe import FakeStripe
from tests.support.handlers import password_hash


@pytest.fixture(scope="module")
def stripe() -> Iterator[FakeStripe]:
    fake = fake_stripe.start()
    payments.price_fakes(stripe=fake)
    yield fake
    assert fake.server is not None
    fake.server.stop()


@pytest.fixture(scope="module")
def app(stripe: FakeStripe) -> Iterator[live_server.LiveServer]:
    env = {k.upper(): str(v) for k, v in payments.settings_for(stripe=stripe).items() if k != "public_url"}
    server = live_server.start(env, web_dir=".web-billing-api", backend_only=True)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def db(app: live_server.LiveServer) -> Iterator[Session]:
    engine = create_engine(app.db_url)
    with Session(engine, expire_on_commit=False) as session:
        yield session
    engine.dispose()


def _candidate(db: Session, email: str) -> int:
    user = User(email=email, name="Live Payer", password_hash=password_hash(), email_verified_at=utcnow())
    db.add(user)
    db.flush()
    assert user.id is not None
    db.add(Profile(user_id=user.id))
    db.commit()
    return user.id


def _paid_checkout(stripe: FakeStripe, user_id: int) -> list[dict[str, Any]]:
    """What the app's checkout asks of Stripe, then the candidate paying on the hosted page."""
    key = {"authorization": f"Bearer {fake_stripe.SECRET_KEY}"}
    customer = stripe.route("POST", "/v1/customers", {}, key, urlencode({"email": f"{user_id}@example.com"}).encode())
    body = urlencode(
        {
            "mode": "subscription",
            "customer": customer[1]["id"],
            "client_reference_id": str(user_id),
            "line_items[0][price]": payments.STRIPE_MONTH,
            "line_items[0][quantity]": "1",
            "metadata[user_id]": str(user_id),
            "metadata[plan]": "premium",
            "subscription_data[metadata][user_id]": str(user_id),
            "subscription_data[metadata][plan]": "premium",
            "success_url": "http://localhost/billing/return",
            "cancel_url": "http://localhost/pricing",
        }
    ).encode()
    checkout = stripe.route("POST", "/v1/checkout/sessions", {}, key, body)
    assert checkout[0] == 200, checkout
    return stripe.complete_checkout(checkout[1]["id"])


def _post(app: live_server.LiveServer, stripe: FakeStripe, event: dict[str, Any], **signing: Any) -> httpx.Response:
    body, headers = stripe.webhook(event, **signing)
    return httpx.post(f"{app.url}/api/billing/webhooks/stripe", content=body, headers=headers, timeout=30)


def _count(db: Session, model: type) -> int:
    db.expire_all()
    return db.exec(select(func.count()).select_from(model)).one()


def test_signed_events_make_the_candidate_premium_once(app: live_server.LiveServer, stripe: FakeStripe, db: Session):
    user_id = _candidate(db, "live-payer@example.com")
    events = _paid_checkout(stripe, user_id)
    for event in events:
        answer = _post(app, stripe, event)
        assert answer.status_code == 200, answer.text
        assert answer.json() == {"received": True, "duplicate": False}
    db.expire_all()
    row = db.exec(select(Subscription).where(Subscription.user_id == user_id)).one()
    assert row.status == "active" and row.provider_subscription_id in stripe.subscriptions
    stored, paid = _count(db, BillingEvent), _count(db, Payment)
    replay = _post(app, stripe, events[2])
    assert replay.status_code == 200 and replay.json()["duplicate"] is True
    assert (_count(db, BillingEvent), _count(db, Payment)) == (stored, paid)
    # A renewal fails; the checkout's older "subscription created" event arrives again, later, under a new id.
    stripe.tick(60)
    for event in stripe.fail_renewal(row.provider_subscription_id or ""):
        assert _post(app, stripe, event).status_code == 200
    late = dict(events[1], id="evt_late_redelivery")
    assert _post(app, stripe, late).status_code == 200
    db.expire_all()
    row = db.exec(select(Subscription).where(Subscription.user_id == user_id)).one()
    assert row.status == "past_due" and row.grace_until is not None
    outcome = db.exec(select(BillingEvent.outcome).where(BillingEvent.event_id == "evt_late_redelivery")).one()
    assert outcome == "stale"


def test_refusals(app: live_server.LiveServer, stripe: FakeStripe, db: Session):
    before = _count(db, BillingEvent)
    event = stripe.event("product.created", {"id": "prod_live"})
    wrong = _post(app, stripe, event, secret="whsec_someone_else")
    assert wrong.status_code == 400 and wrong.json()["error"]["code"] == "signature_invalid"
    assert wrong.headers["x-request-id"]
    body, headers = stripe.webhook(event)
    tampered = httpx.post(f"{app.url}/api/billing/webhooks/stripe", content=body + b"\n", headers=headers, timeout=30)
    assert tampered.status_code == 400
    unknown = httpx.post(f"{app.url}/api/billing/webhooks/paypal", content=body, headers=headers, timeout=30)
    assert unknown.status_code == 404
    assert httpx.get(f"{app.url}/api/billing/webhooks/stripe", timeout=30).status_code in (404, 405)
    assert _count(db, BillingEvent) == before
