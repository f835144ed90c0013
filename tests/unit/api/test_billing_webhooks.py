"""POST /api/billing/webhooks/<provider> in process: signed events apply once, replays answer 200 and change
nothing, bad signatures and unknown providers are refused, and the route does not exist with plans off.

Razorpay's Standard Checkout round trip without a browser: the app's checkout page (its data and its own
policy), the fake checkout.js and payment window, paying there (or a declined card), the signed return (or
Razorpay's error fields) verified and audited by /api/billing/checkout/razorpay/return and the browser sent on
to /billing/return (the e2e journey drives the same in Chromium)."""

from __future__ import annotations

import html
import json
import re
import time
from collections.abc import Callable, Iterator

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from interview_app.api import api
from interview_app.models import AuditEvent, BillingEvent, Payment, Subscription, User
from interview_app.origins import origin_of
from interview_app.services.billing import checkout
from interview_app.services.billing.subscriptions import BillingError
from interview_app.settings import Settings
from tests.support import fake_razorpay
from tests.support.fake_razorpay import FakeRazorpay
from tests.support.fake_stripe import FakeStripe
from tests.support.payments import add_plans, settings_for

URL = "/api/billing/webhooks"


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(api, raise_server_exceptions=False, follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture
def configured(
    session: Session, override_settings: Callable[..., Settings], payment_fakes: tuple[FakeStripe, FakeRazorpay]
) -> tuple[FakeStripe, FakeRazorpay]:
    override_settings(**settings_for(*payment_fakes))
    add_plans(session)
    return payment_fakes


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
    client: TestClient, override_settings: Callable[..., Settings], payment_fakes: tuple[FakeStripe, FakeRazorpay]
):
    override_settings(**(settings_for(*payment_fakes) | {"plans_enabled": "false"}))
    stripe, _ = payment_fakes
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


_DATA = re.compile(r'<script type="application/json" id="checkout-data">(.*?)</script>', re.DOTALL)
APP = "http://localhost:3000"


def _razorpay_checkout(client: TestClient, session: Session, user: User) -> dict:
    """Choose Premium with Razorpay; open the app's checkout page: what it opens checkout.js with."""
    started = checkout.start(session, user, "premium", "month")
    path = started.url.removeprefix(APP)
    assert path.startswith("/api/billing/checkout/razorpay/sub_")
    page = client.get(path, headers={"Accept-Language": "ko-KR,ko;q=0.9"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<html lang="ko">' in page.text and "결제 창 열기" in page.text  # the fallback button
    assert fake_razorpay.KEY_SECRET not in page.text
    found = _DATA.search(page.text)
    assert found is not None
    data = json.loads(found.group(1))
    fake = origin_of(data["script"])
    directives = dict(d.split(" ", 1) for d in page.headers["content-security-policy"].split("; ") if " " in d)
    assert directives["default-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    script_src = directives["script-src"].split()
    assert "'unsafe-inline'" not in script_src and script_src[0].startswith("'sha256-") and fake in script_src
    assert fake in directives["frame-src"].split() and fake in directives["connect-src"].split()
    assert page.headers["cache-control"] == "no-store"
    return data


@pytest.fixture
def razorpay_started(
    client: TestClient,
    session: Session,
    make_user: Callable[..., User],
    configured: tuple[FakeStripe, FakeRazorpay],
    override_settings: Callable[..., Settings],
) -> tuple[FakeRazorpay, User, dict]:
    """A candidate who chose Premium with Razorpay: the fake, the candidate, and the checkout page's data."""
    override_settings(payments_provider="razorpay")
    user = make_user()
    return configured[1], user, _razorpay_checkout(client, session, user)


def _page(subscription_id: str, user: User, now: float | None = None) -> str:
    """The checkout page's address as the app makes it for `user` (its signed token made at `now`)."""
    token = checkout.page_token("razorpay", subscription_id, user.id or 0, now)
    return f"/api/billing/checkout/razorpay/{subscription_id}?t={token}"


def test_razorpay_checkout_page_opens_for_its_link_only(
    client: TestClient,
    session: Session,
    make_user: Callable[..., User],
    razorpay_started: tuple[FakeRazorpay, User, dict],
):
    _, user, data = razorpay_started
    subscription_id = data["options"]["subscription_id"]
    row = session.exec(select(Subscription).where(Subscription.user_id == user.id)).one()
    assert row.provider_subscription_id == subscription_id
    base = f"/api/billing/checkout/razorpay/{subscription_id}"
    # The subscription's id alone, a cut or altered token, another candidate's: refused, nothing of the candidate.
    other = make_user(email="someone-else@example.com")
    token = checkout.page_token("razorpay", subscription_id, user.id or 0)
    user_part, expires, signature = token.split(".")
    refused = [
        base,
        f"{base}?t=",
        f"{base}?t={user_part}.{expires}",
        f"{base}?t={token}.x",
        f"{base}?t={user_part}.{int(expires) + 3600}.{signature}",
        f"{base}?t={other.id}.{expires}.{signature}",
        _page(subscription_id, other),  # the app's token, but for a checkout that is not the other's
        f"/api/billing/checkout/razorpay/sub_Other?t={token}",
    ]
    for path in refused:
        page = client.get(path, headers={"Accept-Language": "en"})
        assert page.status_code in (403, 303), path
        assert user.email not in page.text and "checkout-data" not in page.text, path
        if page.status_code == 403:
            assert "This payment link doesn't work" in html.unescape(page.text) and 'href="/pricing"' in page.text
            assert page.headers["cache-control"] == "no-store"
    # Older than half an hour: a page that says so and leads back to the plans, in the reader's language.
    old = client.get(_page(subscription_id, user, now=time.time() - 31 * 60), headers={"Accept-Language": "ko"})
    assert old.status_code == 410 and '<html lang="ko">' in old.text
    assert "결제 링크가 만료됐어요" in old.text and "30분" in old.text and 'href="/pricing"' in old.text
    assert user.email not in old.text and "checkout-data" not in old.text
    english = client.get(_page(subscription_id, user, now=time.time() - 31 * 60), headers={"Accept-Language": "en"})
    assert "This payment link has expired" in english.text and "30 minutes" in english.text
    # Within it the page opens, and choosing the plan again makes a new link to the same pending checkout.
    assert client.get(_page(subscription_id, user, now=time.time() - 29 * 60)).status_code == 200
    again = checkout.start(session, user, "premium", "month")
    assert client.get(again.url.removeprefix(APP)).status_code == 200


def test_page_token_names_its_candidate_and_expires() -> None:
    token = checkout.page_token("razorpay", "sub_A", 7, now=1_000_000)
    assert checkout.page_token_user("razorpay", "sub_A", token, now=1_000_000 + 29 * 60) == 7
    with pytest.raises(BillingError) as expired:
        checkout.page_token_user("razorpay", "sub_A", token, now=1_000_000 + 30 * 60)
    assert expired.value.code == "link_expired"
    for wrong in [
        ("razorpay", "sub_B", token),
        ("stripe", "sub_A", token),
        ("razorpay", "sub_A", "7.x.y"),
        ("razorpay", "sub_A", ""),
    ]:
        with pytest.raises(BillingError) as refused:
            checkout.page_token_user(*wrong, now=1_000_000)
        assert refused.value.code == "link_invalid"


def _pay(razorpay: FakeRazorpay, options: dict, card: str) -> tuple[str, dict[str, str]]:
    """What the fake checkout.js's window does in redirect mode: the form it posts back to the callback URL."""
    window = httpx.get(f"{razorpay.url}/v1/checkout/public", params=razorpay.window_params(options, APP))
    assert window.status_code == 200 and "Fake Razorpay Checkout" in window.text
    [(pay_action, pay_fields)] = _forms(window.text)
    [back] = _forms(httpx.post(razorpay.url + pay_action, data={**pay_fields, "card": card}).text)
    return back


def test_razorpay_standard_checkout_round_trip(
    client: TestClient, session: Session, razorpay_started: tuple[FakeRazorpay, User, dict]
):
    razorpay, user, data = razorpay_started
    options = data["options"]
    subscription_id = options["subscription_id"]
    assert data["script"] == f"{razorpay.url}/v1/checkout.js"
    assert options["key"] == fake_razorpay.KEY_ID and options["redirect"] is True
    assert options["callback_url"] == f"{APP}/api/billing/checkout/razorpay/return?subscription={subscription_id}"
    assert options["prefill"]["email"] == user.email and options["description"] == "Premium"
    script = httpx.get(data["script"])
    assert script.headers["content-type"].startswith("text/javascript") and "window.Razorpay" in script.text
    # The window pays and Razorpay's page posts the signed result to the callback URL.
    callback, back = _pay(razorpay, options, fake_razorpay.PAY_CARD)
    assert callback == options["callback_url"] and set(back) == {
        "razorpay_payment_id",
        "razorpay_subscription_id",
        "razorpay_signature",
    }
    answer = client.post(callback.removeprefix(APP), data=back)
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
    # A paid subscription has no checkout page any more: the app's page sends the browser to the return page.
    again = client.get(_page(subscription_id, user))
    assert again.status_code == 303 and again.headers["location"] == "/billing/return"


def test_razorpay_return_forged_or_declined(
    client: TestClient, session: Session, razorpay_started: tuple[FakeRazorpay, User, dict]
):
    razorpay, user, data = razorpay_started
    options = data["options"]
    subscription_id = options["subscription_id"]
    back = "/api/billing/checkout/razorpay/return"
    forged = {
        "razorpay_payment_id": "pay_Forged",
        "razorpay_subscription_id": subscription_id,
        "razorpay_signature": razorpay.return_signature("pay_Forged", subscription_id, secret="guessed"),
    }
    answer = client.post(back, data=forged)
    assert answer.status_code == 303 and answer.headers["location"] == "/billing/return?payment=unverified"
    # Signed right, but for a subscription the app never started, or not the one the callback URL names.
    stranger = {
        "razorpay_payment_id": "pay_X",
        "razorpay_subscription_id": "sub_NotOurs",
        "razorpay_signature": razorpay.return_signature("pay_X", "sub_NotOurs"),
    }
    assert client.post(back, data=stranger).headers["location"] == "/billing/return?payment=unverified"
    named = client.post(f"{back}?subscription={subscription_id}", data=stranger)
    assert named.headers["location"] == "/billing/return?payment=unverified"
    assert not session.exec(select(AuditEvent).where(AuditEvent.event == "billing.checkout_returned")).all()
    # A declined card: Razorpay posts its documented error fields back; the page says why, the audit log keeps it.
    callback, error = _pay(razorpay, options, fake_razorpay.DECLINE_CARD)
    assert set(error) == {f"error[{k}]" for k in ("code", "description", "source", "step", "reason", "metadata")}
    declined = client.post(callback.removeprefix(APP), data=error)
    assert declined.status_code == 303 and declined.headers["location"] == "/billing/return?payment=failed&why=bank"
    audited = session.exec(select(AuditEvent).where(AuditEvent.event == "billing.checkout_returned")).one()
    assert audited.subject_user_id == user.id
    assert (audited.detail["outcome"], audited.detail["source"], audited.detail["subscription"]) == (
        "failed",
        "issuer_bank",
        subscription_id,
    )
    assert audited.detail["payment"] == json.loads(error["error[metadata]"])["payment_id"]
    session.expire_all()
    assert session.exec(select(Subscription).where(Subscription.user_id == user.id)).one().status == "incomplete"
    # Nothing lost: the same checkout page opens again and the subscription can still be paid.
    assert client.get(_page(subscription_id, user)).status_code == 200
    # A failure naming no checkout is explained but audited nowhere; other causes map to their explanations.
    unnamed = {**error, "error[source]": "customer", "error[reason]": "payment_cancelled"}
    assert client.post(back, data=unnamed).headers["location"] == "/billing/return?payment=failed&why=customer"
    odd = {**error, "error[source]": "business"}
    assert client.post(back, data=odd).headers["location"] == "/billing/return?payment=failed&why=other"
    assert client.post(back, content=b"x" * (16 * 1024 + 1)).status_code == 413
    assert client.get(_page("sub_Unknown", user)).headers["location"] == "/billing/return"
    assert client.get("/api/billing/checkout/paypal/sub_1").status_code == 403  # no link the app made


def test_no_checkout_pages_with_plans_off(
    client: TestClient, override_settings: Callable[..., Settings], payment_fakes: tuple[FakeStripe, FakeRazorpay]
):
    override_settings(**(settings_for(*payment_fakes) | {"plans_enabled": "false"}))
    assert client.get("/api/billing/checkout/razorpay/sub_1").status_code == 404
    assert client.post("/api/billing/checkout/razorpay/return", data={"a": "b"}).status_code == 404
