"""`python -m interview_app payments-check` against the fake providers: keys, webhook secret, and every paid
plan's price at the provider (missing, archived, billed at another interval)."""

from __future__ import annotations

from collections.abc import Callable

from click.testing import CliRunner
from sqlmodel import Session

from interview_app.cli import cli
from interview_app.models import Plan
from interview_app.settings import Settings
from tests.support import fake_stripe
from tests.support.fake_razorpay import FakeRazorpay
from tests.support.fake_stripe import FakeStripe
from tests.support.payments import STRIPE_MONTH


def check() -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["payments-check"])
    return result.exit_code, result.output


def test_a_ready_stripe_set_up_passes(premium: Plan):
    code, output = check()
    assert code == 0, output
    assert "webhook URL to give it: http://localhost:3000/api/billing/webhooks/stripe" in output
    assert fake_stripe.SECRET_KEY not in output


def test_problems_are_listed_and_fail(
    session: Session,
    premium: Plan,
    payment_fakes: tuple[FakeStripe, FakeRazorpay],
    override_settings: Callable[..., Settings],
):
    stripe, _ = payment_fakes
    premium.provider_prices = {"stripe": {"month": "price_missing"}, "razorpay": {"month": "plan_FakePremiumMonth"}}
    session.add(premium)
    session.commit()
    code, output = check()
    assert code == 1
    assert "plan premium (month): Stripe has no price price_missing" in output
    assert "plan premium: no stripe price id for 'year'" in output
    stripe.prices["price_wrong_interval"] = stripe.prices[STRIPE_MONTH] | {
        "id": "price_wrong_interval",
        "recurring": {"interval": "week", "interval_count": 1},
    }
    premium.provider_prices = {"stripe": {"month": "price_wrong_interval", "year": "price_fake_premium_year"}}
    session.add(premium)
    session.commit()
    code, output = check()
    assert code == 1 and "bills every 1 week, not every month" in output
    override_settings(stripe_webhook_secret="")
    code, output = check()
    assert code == 1 and "stripe: STRIPE_WEBHOOK_SECRET not set" in output
    override_settings(stripe_webhook_secret=fake_stripe.WEBHOOK_SECRET, stripe_secret_key="sk_test_wrong")
    code, output = check()
    assert code == 1 and "stripe refused the check (auth)" in output


def test_razorpay_plans_are_checked(session: Session, premium: Plan, override_settings: Callable[..., Settings]):
    override_settings(payments_provider="razorpay")
    premium.prices = {"INR": {"month": 99900}}
    session.add(premium)
    session.commit()
    code, output = check()
    assert code == 0, output
    premium.prices = {"INR": {"month": 99900, "year": 999900}}
    session.add(premium)
    session.commit()
    code, output = check()
    assert code == 1 and "plan premium: no razorpay price id for 'year'" in output
