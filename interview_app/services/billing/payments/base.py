"""The one payments interface: what the app asks of a provider, and what a provider's webhook says.

A provider (Stripe or Razorpay, chosen by PAYMENTS_PROVIDER) turns the app's requests into calls of its
official SDK and its verified webhooks into `ProviderEvent`s in the app's own vocabulary, so the webhook
handling and the subscription state machine (`services/billing/subscriptions.py`) know no provider.

Errors of a provider become `PaymentError` with a short code the pages translate (`billing.error.<code>`):
`card_declined`, `auth` (a wrong key: the operator's fault, logged), `rate_limited`, `rejected` (the provider
refused the request), `unavailable` (network, timeouts, the provider's 5xx) and `not_configured`.
A webhook whose signature does not verify raises `SignatureError`. Both providers map their refusals
through `refusal`, the one place that decides the code (and logs what the operator must see).
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from interview_app.models import Payment
from interview_app.settings import Settings

log = logging.getLogger(__name__)
ERROR_CODES = ("card_declined", "auth", "rate_limited", "rejected", "unavailable", "not_configured")
SubscriptionStatus = Literal["incomplete", "active", "past_due", "cancelled", "refunded"]
EventKind = Literal[
    "checkout_completed", "checkout_expired", "subscription", "payment_paid", "payment_failed", "refund", "ignored"
]


class PaymentError(Exception):
    """A provider refused or could not be reached; `code` is one of ERROR_CODES, `detail` the provider's words."""

    def __init__(self, code: str, detail: str = "", status: int | None = None) -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail
        self.status = status


def refusal(provider: str, what: str, detail: str, status: int | None, *, declined: bool = False) -> PaymentError:
    """A provider's refusal of `what` (or no answer: `status` None) as the app's `PaymentError`.

    A wrong key (401) is the operator's to fix and is logged as an error; 429 is `rate_limited`; a declined
    card (`declined`, as the provider marks it) is the candidate's; no answer or a 5xx is `unavailable`; any
    other 4xx is `rejected` (logged).
    """
    if status == 401:
        log.error("%s refused the key while trying to %s: %s", provider, what, detail)
        return PaymentError("auth", detail, status)
    if status == 429:
        return PaymentError("rate_limited", detail, status)
    if declined:
        return PaymentError("card_declined", detail, status)
    if status is None or status >= 500:
        return PaymentError("unavailable", detail, status)
    log.warning("%s refused to %s (%s): %s", provider, what, status, detail)
    return PaymentError("rejected", detail, status)


class SignatureError(Exception):
    """A webhook's signature is missing, wrong or too old; the body was not read."""


@dataclass(frozen=True)
class CheckoutStart:
    """Where the candidate pays: a hosted page's URL, and what the provider created for it."""

    url: str
    provider_customer_id: str
    # Razorpay creates the subscription before payment; Stripe's is known once the checkout completes.
    provider_subscription_id: str | None = None
    checkout_id: str = ""
    # The payment window is opened by the provider's script on the app's own checkout page (Razorpay's
    # Standard Checkout), not by sending the browser to `url` (then unused): see `script_checkout`.
    in_script: bool = False


@dataclass(frozen=True)
class ScriptCheckout:
    """What the app's checkout page needs to open a provider's payment window with its browser script.

    `options` go to the script as they are (JSON): they hold the browser key only, never a secret.
    `origins` are what the page's own Content-Security-Policy must allow for the script, its frames and
    requests.
    """

    script_url: str
    options: dict[str, Any]
    origins: tuple[str, ...]


@dataclass(frozen=True)
class CheckoutReturn:
    """What the payment window sent back with the candidate: a payment whose signature verified, or a failure."""

    provider_subscription_id: str
    provider_payment_id: str = ""
    # The provider's reason when the payment failed ("" when it went through), and who it says failed it
    # (Razorpay's `error[source]`: customer, issuer_bank, gateway, internal, business ...).
    failure: str = ""
    failure_source: str = ""
    failure_reason: str = ""


@dataclass(frozen=True)
class RefundResult:
    """A refund the provider accepted."""

    provider_refund_id: str
    amount: int
    status: Literal["pending", "succeeded", "failed"]


@dataclass(frozen=True)
class SubscriptionFacts:
    """What an event says about one subscription, in the app's vocabulary."""

    provider_subscription_id: str
    provider_customer_id: str = ""
    status: SubscriptionStatus | None = None
    current_period_end: datetime | None = None
    cancel_at_period_end: bool | None = None
    price_id: str = ""
    interval: str = ""
    currency: str = ""
    # Set by the app when it started the checkout (Stripe metadata, Razorpay notes).
    user_id: int | None = None
    plan_slug: str = ""
    # When the checkout this event is about was created at the provider (an expired checkout's event).
    checkout_created_at: datetime | None = None


@dataclass(frozen=True)
class PaymentFacts:
    """What an event says about one payment (or refund of one)."""

    provider_payment_id: str
    provider_subscription_id: str = ""
    amount: int = 0
    currency: str = ""
    paid_at: datetime | None = None
    refunded_amount: int = 0
    failure: str = ""


@dataclass(frozen=True)
class ProviderEvent:
    """A verified webhook event: its id (stored once), the provider's time, and what it means."""

    provider: str
    event_id: str
    type: str
    created_at: datetime
    kind: EventKind
    payload: dict[str, Any] = field(default_factory=dict)
    subscription: SubscriptionFacts | None = None
    payment: PaymentFacts | None = None


class PaymentProvider(ABC):
    """One payment provider behind its official SDK."""

    name: str = ""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @abstractmethod
    def browser_key(self) -> str:
        """The only key that may reach the browser (Stripe's publishable key, Razorpay's key id)."""

    @abstractmethod
    def create_customer(self, email: str, name: str, user_id: int) -> str:
        """Create the provider's customer for a candidate; returns its id."""

    @abstractmethod
    def start_checkout(
        self,
        *,
        customer_id: str,
        price_id: str,
        user_id: int,
        plan_slug: str,
        success_url: str,
        cancel_url: str,
    ) -> CheckoutStart:
        """Create the hosted payment page for a subscription to `price_id`."""

    def script_checkout(
        self,
        subscription_id: str,
        *,
        callback_url: str,
        title: str,
        description: str,
        customer_name: str,
        customer_email: str,
        notes: Mapping[str, str],
    ) -> ScriptCheckout:
        """What opens the payment window of an `in_script` checkout (only providers that start one)."""
        raise PaymentError("rejected", f"{self.name} opens its hosted page with a link, not a script")

    def verify_return(self, fields: Mapping[str, str]) -> CheckoutReturn:
        """Read and verify what an `in_script` payment window posts back with the candidate.

        Raises:
            SignatureError: The fields do not carry this provider's valid signature.

        """
        raise SignatureError(f"{self.name} sends nobody back with a signed form")

    @abstractmethod
    def portal_url(self, customer_id: str, return_url: str) -> str | None:
        """A hosted page where the customer manages cards and invoices, or None when the provider has none."""

    @abstractmethod
    def cancel_at_period_end(self, subscription_id: str) -> None:
        """Ask the provider to end the subscription when the paid period ends."""

    @abstractmethod
    def cancel_now(self, subscription_id: str) -> None:
        """End the subscription at once (after a full refund)."""

    @abstractmethod
    def refund(self, payment: Payment, amount: int | None = None) -> RefundResult:
        """Give back `amount` (minor units; None: what is left) of a payment."""

    @abstractmethod
    def check_price(self, price_id: str, interval: str) -> str:
        """What is wrong with `price_id` as a recurring price billed every `interval` ("" when it is right)."""

    @abstractmethod
    def parse_webhook(self, body: bytes, headers: Mapping[str, str]) -> ProviderEvent:
        """Verify a webhook's signature and read it (header names in any case).

        Raises:
            SignatureError: The signature is missing, wrong or too old.
            ValueError: The body is not an event this provider sends.

        """
