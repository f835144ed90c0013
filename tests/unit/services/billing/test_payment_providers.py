"""Both payment providers through their official SDKs against the local fakes (tests/support/fake_stripe.py,
fake_razorpay.py): what they send, what they read back, their error replies, and webhook signatures."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from urllib.parse import parse_qs

import pytest

from interview_app.models import Payment
from interview_app.services.billing import payments
from interview_app.services.billing.payments.base import PaymentError, SignatureError
from interview_app.services.billing.payments.razorpay_provider import RazorpayProvider
from interview_app.services.billing.payments.stripe_provider import StripeProvider
from interview_app.settings import Settings
from tests.support import fake_razorpay, fake_stripe
from tests.support.fake_razorpay import FakeRazorpay
from tests.support.fake_stripe import FakeStripe
from tests.support.payments import RAZORPAY_MONTH, STRIPE_MONTH, price_fakes, settings_for


@pytest.fixture(scope="module")
def stripe_fake() -> Iterator[FakeStripe]:
    fake = fake_stripe.start()
    price_fakes(stripe=fake)
    yield fake
    assert fake.server is not None
    fake.server.stop()


@pytest.fixture(scope="module")
def razorpay_fake() -> Iterator[FakeRazorpay]:
    fake = fake_razorpay.start()
    price_fakes(razorpay=fake)
    yield fake
    assert fake.server is not None
    fake.server.stop()


@pytest.fixture
def configured(
    override_settings: Callable[..., Settings], stripe_fake: FakeStripe, razorpay_fake: FakeRazorpay
) -> Settings:
    stripe_fake.failures.clear()
    razorpay_fake.failures.clear()
    return override_settings(**settings_for(stripe_fake, razorpay_fake))


# -- Stripe ---------------------------------------------------------------------------------------------


def test_stripe_checkout_creates_a_customer_and_a_subscription_checkout(configured: Settings, stripe_fake: FakeStripe):
    provider = payments.current(configured)
    assert isinstance(provider, StripeProvider)
    customer = provider.create_customer("ada@example.com", "Ada", 7)
    started = provider.start_checkout(
        customer_id=customer,
        price_id=STRIPE_MONTH,
        user_id=7,
        plan_slug="premium",
        success_url="http://localhost:3000/billing/return?session_id={CHECKOUT_SESSION_ID}",
        cancel_url="http://localhost:3000/pricing",
    )
    assert started.url.startswith(f"{stripe_fake.url}/c/pay/cs_test_")
    assert started.provider_customer_id == customer and started.provider_subscription_id is None
    sent = parse_qs(stripe_fake.requests[-1].body.decode())
    assert sent["mode"] == ["subscription"]
    assert sent["line_items[0][price]"] == [STRIPE_MONTH]
    assert sent["subscription_data[metadata][user_id]"] == ["7"]
    assert sent["client_reference_id"] == ["7"]
    assert stripe_fake.requests[-1].headers["authorization"] == f"Bearer {fake_stripe.SECRET_KEY}"
    assert stripe_fake.customers[customer]["metadata"] == {"user_id": "7"}
    assert provider.browser_key() == fake_stripe.PUBLISHABLE_KEY


def test_stripe_unknown_price_is_refused_with_stripes_words(configured: Settings):
    provider = payments.current(configured)
    customer = provider.create_customer("bob@example.com", "", 8)
    with pytest.raises(PaymentError) as caught:
        provider.start_checkout(
            customer_id=customer, price_id="price_nope", user_id=8, plan_slug="premium", success_url="x", cancel_url="y"
        )
    assert caught.value.code == "rejected" and caught.value.status == 400
    assert "No such price" in caught.value.detail


@pytest.mark.parametrize(
    ("kind", "code", "status"),
    [
        ("card_declined", "card_declined", 402),
        ("bad_key", "auth", 401),
        ("rate_limit", "rate_limited", 429),
        ("server", "unavailable", 500),
    ],
)
def test_stripe_error_replies_become_payment_errors(
    configured: Settings, stripe_fake: FakeStripe, kind: str, code: str, status: int
):
    provider = payments.current(configured)
    stripe_fake.fail(kind)
    with pytest.raises(PaymentError) as caught:
        provider.create_customer("carol@example.com", "Carol", 9)
    assert (caught.value.code, caught.value.status) == (code, status)
    assert not stripe_fake.failures  # tried once: PAYMENTS_MAX_RETRIES=0


def test_stripe_wrong_secret_key_is_auth(override_settings: Callable[..., Settings], stripe_fake: FakeStripe):
    settings = override_settings(**(settings_for(stripe_fake) | {"stripe_secret_key": "sk_test_wrong"}))
    with pytest.raises(PaymentError) as caught:
        payments.current(settings).create_customer("dan@example.com", "", 1)
    assert caught.value.code == "auth"


def test_stripe_unreachable_is_unavailable(override_settings: Callable[..., Settings], stripe_fake: FakeStripe):
    settings = override_settings(**(settings_for(stripe_fake) | {"stripe_api_base": "http://127.0.0.1:9"}))
    with pytest.raises(PaymentError) as caught:
        payments.current(settings).create_customer("erin@example.com", "", 1)
    assert caught.value.code == "unavailable"


def test_stripe_without_keys_is_not_configured(override_settings: Callable[..., Settings]):
    settings = override_settings(plans_enabled="true", stripe_secret_key="")
    with pytest.raises(PaymentError) as caught:
        StripeProvider(settings).create_customer("x@example.com", "", 1)
    assert caught.value.code == "not_configured"


def _paid_stripe_subscription(provider: StripeProvider, fake: FakeStripe, user_id: int) -> tuple[str, list[dict]]:
    customer = provider.create_customer(f"u{user_id}@example.com", "", user_id)
    started = provider.start_checkout(
        customer_id=customer,
        price_id=STRIPE_MONTH,
        user_id=user_id,
        plan_slug="premium",
        success_url="s",
        cancel_url="c",
    )
    events = fake.complete_checkout(started.checkout_id)
    return events[1]["data"]["object"]["id"], events


def test_stripe_portal_cancel_and_refund(configured: Settings, stripe_fake: FakeStripe):
    provider = StripeProvider(configured)
    subscription_id, events = _paid_stripe_subscription(provider, stripe_fake, 11)
    customer = stripe_fake.subscriptions[subscription_id]["customer"]
    assert provider.portal_url(customer, "http://localhost:3000/settings") == f"{stripe_fake.url}/p/session/{customer}"
    provider.cancel_at_period_end(subscription_id)
    assert stripe_fake.subscriptions[subscription_id]["cancel_at_period_end"] is True
    paid = provider.parse_webhook(*stripe_fake.webhook(events[2]))
    assert paid.kind == "payment_paid" and paid.payment is not None
    intent = paid.payment.provider_payment_id
    assert intent.startswith("pi_")  # read from /v1/invoice_payments: the invoice event does not carry it
    payment = Payment(provider="stripe", provider_payment_id=intent, amount=1200, currency="USD")
    part = provider.refund(payment, 200)
    assert (part.amount, part.status) == (200, "succeeded")
    rest = provider.refund(payment)
    assert rest.amount == 1000
    with pytest.raises(PaymentError) as caught:
        provider.refund(payment, 1)
    assert caught.value.code == "rejected" and "already been refunded" in caught.value.detail
    provider.cancel_now(subscription_id)
    assert stripe_fake.subscriptions[subscription_id]["status"] == "canceled"


def test_stripe_events_are_read_in_the_apps_words(configured: Settings, stripe_fake: FakeStripe):
    provider = StripeProvider(configured)
    subscription_id, events = _paid_stripe_subscription(provider, stripe_fake, 12)
    completed, created, paid = (provider.parse_webhook(*stripe_fake.webhook(e)) for e in events)
    assert completed.kind == "checkout_completed" and completed.subscription is not None
    assert completed.subscription.user_id == 12 and completed.subscription.provider_subscription_id == subscription_id
    assert created.kind == "subscription" and created.subscription is not None
    assert created.subscription.status == "active" and created.subscription.price_id == STRIPE_MONTH
    assert created.subscription.current_period_end is not None and created.subscription.interval == "month"
    assert paid.payment is not None and (paid.payment.amount, paid.payment.currency) == (1200, "USD")
    failed = [provider.parse_webhook(*stripe_fake.webhook(e)) for e in stripe_fake.fail_renewal(subscription_id)]
    assert [e.kind for e in failed] == ["payment_failed", "subscription"]
    assert failed[1].subscription is not None and failed[1].subscription.status == "past_due"
    ended = provider.parse_webhook(*stripe_fake.webhook(stripe_fake.end_period(subscription_id)[0]))
    assert ended.subscription is not None and ended.subscription.status == "cancelled"
    other = stripe_fake.event("customer.created", {"id": "cus_x", "object": "customer"})
    assert provider.parse_webhook(*stripe_fake.webhook(other)).kind == "ignored"


def test_stripe_signatures(configured: Settings, stripe_fake: FakeStripe):
    provider = StripeProvider(configured)
    event = stripe_fake.event("customer.created", {"id": "cus_y", "object": "customer"})
    body, headers = stripe_fake.webhook(event)
    assert provider.parse_webhook(body, {k.lower(): v for k, v in headers.items()}).event_id == event["id"]
    wrong_secret = stripe_fake.webhook(event, secret="whsec_someone_else")
    old = stripe_fake.webhook(event, at=int(time.time()) - 301)
    tampered = (body.replace(b"cus_y", b"cus_z"), {k.lower(): v for k, v in headers.items()})
    for bad_body, bad_headers in (wrong_secret, old, tampered, (body, {})):
        with pytest.raises(SignatureError):
            provider.parse_webhook(bad_body, {k.lower(): v for k, v in bad_headers.items()})
    still_fresh = stripe_fake.webhook(event, at=int(time.time()) - 250)
    assert provider.parse_webhook(still_fresh[0], {k.lower(): v for k, v in still_fresh[1].items()})


# -- Razorpay -------------------------------------------------------------------------------------------


def test_razorpay_checkout_creates_a_subscription_for_standard_checkout(
    configured: Settings, razorpay_fake: FakeRazorpay
):
    provider = payments.by_name("razorpay", configured)
    assert isinstance(provider, RazorpayProvider)
    customer = provider.create_customer("ada@example.com", "Ada", 7)
    assert provider.create_customer("ada@example.com", "Ada", 7) == customer  # fail_existing=0: the same one
    started = provider.start_checkout(
        customer_id=customer, price_id=RAZORPAY_MONTH, user_id=7, plan_slug="premium", success_url="s", cancel_url="c"
    )
    assert started.provider_subscription_id is not None
    subscription = razorpay_fake.subscriptions[started.provider_subscription_id]
    # Standard Checkout opens on the app's own page with checkout.js (the short_url page sends nobody back).
    assert started.in_script and started.url == ""
    assert subscription["notes"]["user_id"] == "7" and subscription["total_count"] == 120
    assert subscription["customer_id"] == customer
    assert provider.browser_key() == fake_razorpay.KEY_ID
    assert provider.portal_url(customer, "x") is None


def _razorpay_subscription(provider: RazorpayProvider, email: str, user_id: int) -> str:
    """A new customer's subscription to Premium monthly, waiting for its first payment: its id."""
    customer = provider.create_customer(email, "", user_id)
    started = provider.start_checkout(
        customer_id=customer,
        price_id=RAZORPAY_MONTH,
        user_id=user_id,
        plan_slug="premium",
        success_url="s",
        cancel_url="c",
    )
    return started.provider_subscription_id or ""


def test_razorpay_standard_checkout_options_and_its_signed_return(configured: Settings, razorpay_fake: FakeRazorpay):
    provider = RazorpayProvider(configured)
    subscription_id = _razorpay_subscription(provider, "hana@example.com", 8)
    found = provider.script_checkout(
        subscription_id,
        callback_url="https://app.test/back?subscription=x",
        title="IC",
        description="Premium",
        customer_name="Hana",
        customer_email="hana@example.com",
        notes={"plan": "premium"},
    )
    assert found.script_url == configured.razorpay_checkout_js_url
    assert found.options == {
        "key": fake_razorpay.KEY_ID,
        "subscription_id": subscription_id,
        "name": "IC",
        "description": "Premium",
        "prefill": {"name": "Hana", "email": "hana@example.com"},
        "notes": {"plan": "premium"},
        "callback_url": "https://app.test/back?subscription=x",
        "redirect": True,
        "theme": {"color": "#12a594"},
    }
    assert fake_razorpay.KEY_SECRET not in str(found)  # only the key id goes to the browser
    assert found.origins == (razorpay_fake.url,)  # the fake serves both the script and the API
    elsewhere = {"callback_url": "c", "title": "t", "description": "d", "customer_name": "", "notes": {}}
    real_hosts = {
        "razorpay_checkout_js_url": "https://checkout.razorpay.com/v1/checkout.js",
        "razorpay_api_base": "https://api.razorpay.com",
    }
    real = RazorpayProvider(configured.model_copy(update=real_hosts))
    found_real = real.script_checkout(subscription_id, customer_email="e@x.org", **elsewhere)
    assert found_real.origins == (
        "https://checkout.razorpay.com",
        "https://api.razorpay.com",
        "https://*.razorpay.com",
    )
    broken = RazorpayProvider(configured.model_copy(update={"razorpay_checkout_js_url": "checkout.js"}))
    with pytest.raises(PaymentError) as refused:
        broken.script_checkout(subscription_id, customer_email="e@x.org", **elsewhere)
    assert refused.value.code == "not_configured"
    signature = razorpay_fake.return_signature("pay_Ret1", subscription_id)
    fields = {"razorpay_payment_id": "pay_Ret1", "razorpay_subscription_id": subscription_id}
    back = provider.verify_return({**fields, "razorpay_signature": signature})
    assert (back.provider_subscription_id, back.provider_payment_id, back.failure) == (subscription_id, "pay_Ret1", "")
    forged = [
        {**fields, "razorpay_signature": razorpay_fake.return_signature("pay_Ret1", subscription_id, "other")},
        {**fields, "razorpay_signature": signature, "razorpay_payment_id": "pay_Other"},  # another payment
        {**fields, "razorpay_signature": signature, "razorpay_subscription_id": "sub_Other"},
        fields,  # unsigned
        {},
    ]
    for bad in forged:
        with pytest.raises(SignatureError):
            provider.verify_return(bad)
    failed = provider.verify_return(
        {
            "error[code]": "BAD_REQUEST_ERROR",
            "error[description]": "Declined",
            "error[source]": "issuer_bank",
            "error[step]": "payment_authorization",
            "error[reason]": "payment_failed",
            "error[metadata]": '{"payment_id": "pay_F"}',
        }
    )
    assert (failed.failure, failed.provider_payment_id) == ("Declined", "pay_F")
    assert (failed.failure_source, failed.failure_reason) == ("issuer_bank", "payment_failed")


def test_stripe_has_no_script_checkout(configured: Settings):
    provider = StripeProvider(configured)
    with pytest.raises(PaymentError):
        provider.script_checkout(
            "sub_x", callback_url="a", title="t", description="d", customer_name="", customer_email="", notes={}
        )
    with pytest.raises(SignatureError):
        provider.verify_return({"razorpay_signature": "x"})


@pytest.mark.parametrize(
    ("kind", "code", "status"),
    [
        ("card_declined", "card_declined", 502),
        ("bad_key", "auth", 401),
        ("rate_limit", "rate_limited", 429),
        ("server", "unavailable", 500),
    ],
)
def test_razorpay_error_replies_become_payment_errors(
    configured: Settings, razorpay_fake: FakeRazorpay, kind: str, code: str, status: int
):
    provider = RazorpayProvider(configured)
    razorpay_fake.fail(kind)
    with pytest.raises(PaymentError) as caught:
        provider.create_customer("carol@example.com", "Carol", 9)
    assert (caught.value.code, caught.value.status) == (code, status)


def test_razorpay_wrong_key_and_unknown_plan(override_settings: Callable[..., Settings], razorpay_fake: FakeRazorpay):
    settings = override_settings(**(settings_for(razorpay=razorpay_fake) | {"razorpay_key_secret": "wrong"}))
    with pytest.raises(PaymentError) as caught:
        RazorpayProvider(settings).create_customer("x@example.com", "", 1)
    assert caught.value.code == "auth" and caught.value.detail == "Authentication failed"
    settings = override_settings(razorpay_key_secret=fake_razorpay.KEY_SECRET)
    with pytest.raises(PaymentError) as caught:
        RazorpayProvider(settings).start_checkout(
            customer_id="cust_x", price_id="plan_nope", user_id=1, plan_slug="premium", success_url="s", cancel_url="c"
        )
    assert caught.value.code == "rejected" and caught.value.status == 400


def test_razorpay_cancel_and_refund(configured: Settings, razorpay_fake: FakeRazorpay):
    provider = RazorpayProvider(configured)
    subscription_id = _razorpay_subscription(provider, "r1@example.com", 21)
    events = razorpay_fake.authorize(subscription_id)
    charged = provider.parse_webhook(*_lower(razorpay_fake.webhook(events[2])))
    assert charged.kind == "payment_paid" and charged.payment is not None
    assert (charged.payment.amount, charged.payment.currency) == (99900, "INR")
    provider.cancel_at_period_end(subscription_id)
    assert razorpay_fake.subscriptions[subscription_id]["status"] == "active"
    ended = provider.parse_webhook(*_lower(razorpay_fake.webhook(razorpay_fake.end_cycle(subscription_id)[0])))
    assert ended.subscription is not None and ended.subscription.status == "cancelled"
    payment = Payment(provider="razorpay", provider_payment_id=charged.payment.provider_payment_id, amount=99900)
    refund = provider.refund(payment, 9900)
    assert (refund.amount, refund.status) == (9900, "succeeded")
    provider.refund(payment)
    with pytest.raises(PaymentError) as caught:
        provider.refund(payment)
    assert caught.value.code == "rejected" and "fully refunded" in caught.value.detail
    refunded = provider.parse_webhook(
        *_lower(razorpay_fake.webhook(razorpay_fake.refund_event(refund.provider_refund_id)))
    )
    assert refunded.kind == "refund" and refunded.payment is not None and refunded.payment.refunded_amount == 99900


def _lower(delivery: tuple[bytes, dict[str, str]]) -> tuple[bytes, dict[str, str]]:
    body, headers = delivery
    return body, {k.lower(): v for k, v in headers.items()}


def test_razorpay_signatures(configured: Settings, razorpay_fake: FakeRazorpay):
    provider = RazorpayProvider(configured)
    event = razorpay_fake.event("payment.captured", payment={"id": "pay_x", "entity": "payment"})
    body, headers = _lower(razorpay_fake.webhook(event))
    parsed = provider.parse_webhook(body, headers)
    assert parsed.event_id == headers["x-razorpay-event-id"] and parsed.kind == "ignored"
    wrong = _lower(razorpay_fake.webhook(event, secret="not-the-secret"))
    tampered = (body.replace(b"pay_x", b"pay_y"), headers)
    unsigned = (body, {k: v for k, v in headers.items() if k != "x-razorpay-signature"})
    for bad_body, bad_headers in (wrong, tampered, unsigned):
        with pytest.raises(SignatureError):
            provider.parse_webhook(bad_body, bad_headers)
    with pytest.raises(ValueError, match="Event-Id"):
        provider.parse_webhook(body, {k: v for k, v in headers.items() if k != "x-razorpay-event-id"})
