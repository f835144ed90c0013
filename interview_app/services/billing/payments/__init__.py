"""Payment providers behind one interface (`base.PaymentProvider`): Stripe and Razorpay, chosen by settings."""

from __future__ import annotations

from interview_app.services.billing.payments.base import PaymentError, PaymentProvider, SignatureError
from interview_app.services.billing.payments.razorpay_provider import RazorpayProvider
from interview_app.services.billing.payments.stripe_provider import StripeProvider
from interview_app.settings import Settings, get_settings

PROVIDERS: dict[str, type[PaymentProvider]] = {"stripe": StripeProvider, "razorpay": RazorpayProvider}
# The settings each provider needs (checked by `python -m interview_app payments-check`).
REQUIRED_SETTINGS = {
    "stripe": ("stripe_secret_key", "stripe_publishable_key", "stripe_webhook_secret"),
    "razorpay": ("razorpay_key_id", "razorpay_key_secret", "razorpay_webhook_secret"),
}

__all__ = ["PROVIDERS", "REQUIRED_SETTINGS", "PaymentError", "PaymentProvider", "SignatureError", "by_name", "current"]


def current(settings: Settings | None = None) -> PaymentProvider:
    """The provider new checkouts use (PAYMENTS_PROVIDER)."""
    settings = settings or get_settings()
    return PROVIDERS[settings.payments_provider](settings)


def by_name(name: str, settings: Settings | None = None) -> PaymentProvider | None:
    """The provider called `name` (a webhook's or a subscription's), or None for an unknown name.

    Subscriptions made with a provider keep being served by it after PAYMENTS_PROVIDER changes.
    """
    cls = PROVIDERS.get(name)
    return cls(settings or get_settings()) if cls is not None else None
