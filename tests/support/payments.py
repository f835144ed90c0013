"""Plans and provider settings for payment tests: the free and Premium plans priced at the fake Stripe and
Razorpay (tests/support/fake_stripe.py, fake_razorpay.py), and the settings that point the SDKs there."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import TypeVar

from sqlmodel import Session, select

from interview_app.models import Plan
from tests.support import fake_razorpay, fake_stripe
from tests.support.fake_razorpay import FakeRazorpay
from tests.support.fake_stripe import FakeStripe

Fake = TypeVar("Fake", FakeStripe, FakeRazorpay)

STRIPE_MONTH, STRIPE_YEAR = "price_fake_premium_month", "price_fake_premium_year"
RAZORPAY_MONTH = "plan_FakePremiumMonth"
PREMIUM_USD, PREMIUM_INR = 1200, 99900


def settings_for(
    stripe: FakeStripe | None = None, razorpay: FakeRazorpay | None = None, provider: str = "stripe"
) -> dict:
    """Setting overrides (by setting name) for plans on, `provider` chosen, and the SDKs at the fakes."""
    values: dict[str, object] = {
        "plans_enabled": "true",
        "payments_provider": provider,
        "payments_max_retries": 0,
        "payments_timeout_seconds": 5,
        "billing_grace_days": 7,
        "public_url": "http://localhost:3000",
    }
    if stripe is not None:
        values |= {
            "stripe_secret_key": fake_stripe.SECRET_KEY,
            "stripe_publishable_key": fake_stripe.PUBLISHABLE_KEY,
            "stripe_webhook_secret": fake_stripe.WEBHOOK_SECRET,
            "stripe_api_base": stripe.url,
        }
    if razorpay is not None:
        values |= {
            "razorpay_key_id": fake_razorpay.KEY_ID,
            "razorpay_key_secret": fake_razorpay.KEY_SECRET,
            "razorpay_webhook_secret": fake_razorpay.WEBHOOK_SECRET,
            "razorpay_api_base": razorpay.url,
            "razorpay_checkout_js_url": f"{razorpay.url}/v1/checkout.js",
        }
    return values


def live_env(stripe: FakeStripe | None = None, razorpay: FakeRazorpay | None = None, provider: str = "stripe") -> dict:
    """`settings_for` as a live app's environment (the live server sets PUBLIC_URL itself)."""
    values = settings_for(stripe, razorpay, provider)
    return {name.upper(): str(value) for name, value in values.items() if name != "public_url"}


def price_seeded_premium(*providers: str) -> Callable[[Session], None]:
    """What prices the seeded Premium plan at the fakes of `providers` (for `journeys.plans_app`)."""
    ids = {"stripe": {"month": STRIPE_MONTH, "year": STRIPE_YEAR}, "razorpay": {"month": RAZORPAY_MONTH}}

    def prepare(db: Session) -> None:
        premium = db.exec(select(Plan).where(Plan.slug == "premium")).one()
        premium.provider_prices = {name: ids[name] for name in providers}
        db.add(premium)

    return prepare


def price_fakes(stripe: FakeStripe | None = None, razorpay: FakeRazorpay | None = None) -> None:
    """Give the fakes the Premium prices the plans below name."""
    if stripe is not None:
        stripe.add_price(STRIPE_MONTH, PREMIUM_USD, "usd", "month")
        stripe.add_price(STRIPE_YEAR, PREMIUM_USD * 10, "usd", "year")
    if razorpay is not None:
        razorpay.add_plan(RAZORPAY_MONTH, PREMIUM_INR, "INR", "monthly")


def add_plans(session: Session) -> tuple[Plan, Plan]:
    """The free (default) and Premium plans, Premium priced at both fakes; committed."""
    free = Plan(slug="free", name="Free", is_default=True, interviews_per_day=2, sort_order=0)
    premium = Plan(
        slug="premium",
        name="Premium",
        prices={"USD": {"month": PREMIUM_USD, "year": PREMIUM_USD * 10}, "INR": {"month": PREMIUM_INR}},
        interviews_per_day=20,
        provider_prices={
            "stripe": {"month": STRIPE_MONTH, "year": STRIPE_YEAR},
            "razorpay": {"month": RAZORPAY_MONTH},
        },
        sort_order=10,
    )
    session.add_all([free, premium])
    session.commit()
    return free, premium


@contextlib.contextmanager
def priced(fake: Fake) -> Iterator[Fake]:
    """A started fake selling the Premium prices above (`price_fakes`); stopped afterwards."""
    if isinstance(fake, FakeStripe):
        price_fakes(stripe=fake)
    else:
        price_fakes(razorpay=fake)
    try:
        yield fake
    finally:
        assert fake.server is not None
        fake.server.stop()
