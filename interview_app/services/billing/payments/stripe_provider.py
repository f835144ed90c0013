"""Stripe through its official SDK: Checkout Sessions, the customer portal, subscriptions, refunds, webhooks.

Every call goes through a `StripeClient` built from the settings (secret key, STRIPE_API_BASE, a timeout,
PAYMENTS_MAX_RETRIES), so the tests point it at their local fake. Webhooks are verified with
`stripe.Webhook.construct_event` (the `Stripe-Signature` header's `t=` and `v1=` HMAC-SHA256 of "t.body"
with the endpoint's secret, at most STRIPE_WEBHOOK_TOLERANCE_SECONDS old).

The app reads the subscription's period end from its items and the invoice's subscription from its
`parent`, as API versions from 2025 on send them (older ones: the top-level fields, also read).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar

import stripe
from typing_extensions import override

from interview_app.models import Payment
from interview_app.services.billing.payments.base import (
    CheckoutStart,
    PaymentError,
    PaymentFacts,
    PaymentProvider,
    ProviderEvent,
    RefundResult,
    SignatureError,
    SubscriptionFacts,
    SubscriptionStatus,
    refusal,
)

T = TypeVar("T")

_STATUS: dict[str, SubscriptionStatus] = {
    "incomplete": "incomplete",
    "trialing": "active",
    "active": "active",
    "past_due": "past_due",
    "unpaid": "past_due",
    "canceled": "cancelled",
    "incomplete_expired": "cancelled",
    "paused": "cancelled",
}
_SUBSCRIPTION_EVENTS = {
    "customer.subscription.created",
    "customer.subscription.updated",
    "customer.subscription.deleted",
    "customer.subscription.paused",
    "customer.subscription.resumed",
}


def _time(value: object) -> datetime | None:
    return datetime.fromtimestamp(value, UTC) if isinstance(value, int | float) and value > 0 else None


def _id(value: object) -> str:
    """An id, whether the field holds it or an expanded object."""
    if isinstance(value, dict):
        return str(value.get("id") or "")
    return str(value or "")


def _user_id(value: object) -> int | None:
    text = str(value or "")
    return int(text) if text.isdigit() else None


class StripeProvider(PaymentProvider):
    """Stripe, configured by STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY and STRIPE_WEBHOOK_SECRET."""

    name = "stripe"

    def _client(self) -> stripe.StripeClient:
        if not self.settings.stripe_secret_key:
            raise PaymentError("not_configured", "STRIPE_SECRET_KEY is empty")
        return stripe.StripeClient(
            self.settings.stripe_secret_key,
            base_addresses={"api": self.settings.stripe_api_base.rstrip("/")},
            max_network_retries=self.settings.payments_max_retries,
            http_client=stripe.RequestsClient(timeout=self.settings.payments_timeout_seconds),
        )

    def _call(self, what: str, call: Callable[[stripe.StripeClient], T]) -> T:
        """Run one SDK call; its errors become PaymentError."""
        client = self._client()
        try:
            return call(client)
        except stripe.APIConnectionError as exc:
            raise refusal("Stripe", what, str(exc), None) from exc
        except stripe.StripeError as exc:
            status = exc.http_status
            if isinstance(exc, stripe.AuthenticationError):
                status = 401
            elif isinstance(exc, stripe.RateLimitError):
                status = 429
            detail = exc.user_message or str(exc)
            raise refusal("Stripe", what, detail, status, declined=isinstance(exc, stripe.CardError)) from exc

    @override
    def browser_key(self) -> str:
        return self.settings.stripe_publishable_key

    @override
    def create_customer(self, email: str, name: str, user_id: int) -> str:
        params: dict[str, Any] = {"email": email, "metadata": {"user_id": str(user_id)}}
        if name:
            params["name"] = name
        customer = self._call("create a customer", lambda c: c.v1.customers.create(params=params))  # type: ignore[arg-type]
        return customer.id

    @override
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
        metadata = {"user_id": str(user_id), "plan": plan_slug}
        params: dict[str, Any] = {
            "mode": "subscription",
            "customer": customer_id,
            "client_reference_id": str(user_id),
            "line_items": [{"price": price_id, "quantity": 1}],
            "success_url": success_url,
            "cancel_url": cancel_url,
            "metadata": metadata,
            "subscription_data": {"metadata": metadata},
        }
        checkout = self._call("start a checkout", lambda c: c.v1.checkout.sessions.create(params=params))  # type: ignore[arg-type]
        if not checkout.url:
            raise PaymentError("rejected", "Stripe returned a Checkout Session without a URL")
        return CheckoutStart(url=checkout.url, provider_customer_id=customer_id, checkout_id=checkout.id)

    @override
    def portal_url(self, customer_id: str, return_url: str) -> str | None:
        params: dict[str, Any] = {"customer": customer_id, "return_url": return_url}
        portal = self._call("open the customer portal", lambda c: c.v1.billing_portal.sessions.create(params=params))  # type: ignore[arg-type]
        return portal.url

    @override
    def cancel_at_period_end(self, subscription_id: str) -> None:
        self._call(
            "cancel a subscription at period end",
            lambda c: c.v1.subscriptions.update(subscription_id, params={"cancel_at_period_end": True}),
        )

    @override
    def cancel_now(self, subscription_id: str) -> None:
        self._call("cancel a subscription", lambda c: c.v1.subscriptions.cancel(subscription_id))

    @override
    def refund(self, payment: Payment, amount: int | None = None) -> RefundResult:
        params: dict[str, Any] = {"payment_intent": payment.provider_payment_id}
        if amount is not None:
            params["amount"] = amount
        refund = self._call("refund a payment", lambda c: c.v1.refunds.create(params=params))  # type: ignore[arg-type]
        status = {"succeeded": "succeeded", "failed": "failed", "canceled": "failed"}.get(
            refund.status or "", "pending"
        )
        return RefundResult(provider_refund_id=refund.id, amount=refund.amount, status=status)  # type: ignore[arg-type]

    @override
    def check_price(self, price_id: str, interval: str) -> str:
        try:
            price = self._call("read a price", lambda c: c.v1.prices.retrieve(price_id))
        except PaymentError as exc:
            if exc.code == "rejected":
                return f"Stripe has no price {price_id} ({exc.detail})"
            raise
        if not price.active:
            return f"the Stripe price {price_id} is archived"
        if price.recurring is None:
            return f"the Stripe price {price_id} is one-off, not recurring"
        if price.recurring.interval != interval or price.recurring.interval_count != 1:
            every = f"{price.recurring.interval_count} {price.recurring.interval}"
            return f"the Stripe price {price_id} bills every {every}, not every {interval}"
        return ""

    @override
    def parse_webhook(self, body: bytes, headers: Mapping[str, str]) -> ProviderEvent:
        headers = {name.lower(): value for name, value in headers.items()}
        secret = self.settings.stripe_webhook_secret
        if not secret:
            raise SignatureError("STRIPE_WEBHOOK_SECRET is empty")
        try:
            stripe.Webhook.construct_event(
                body,
                headers.get("stripe-signature"),
                secret,
                tolerance=self.settings.stripe_webhook_tolerance_seconds,
            )
        except stripe.SignatureVerificationError as exc:
            raise SignatureError(str(exc)) from exc
        data = json.loads(body)
        if not isinstance(data, dict) or data.get("object") != "event" or not data.get("id"):
            raise ValueError("not a Stripe event")
        return self._event(data)

    def _event(self, data: dict[str, Any]) -> ProviderEvent:
        kind = data.get("type", "")
        obj = data.get("data", {}).get("object", {})
        created = _time(data.get("created")) or datetime.now(UTC)
        event = {"provider": self.name, "event_id": data["id"], "type": kind, "created_at": created, "payload": data}
        if kind == "checkout.session.completed" and obj.get("mode") == "subscription":
            metadata = obj.get("metadata") or {}
            facts = SubscriptionFacts(
                provider_subscription_id=_id(obj.get("subscription")),
                provider_customer_id=_id(obj.get("customer")),
                user_id=_user_id(obj.get("client_reference_id") or metadata.get("user_id")),
                plan_slug=str(metadata.get("plan") or ""),
            )
            return ProviderEvent(**event, kind="checkout_completed", subscription=facts)
        if kind == "checkout.session.expired" and obj.get("mode") == "subscription":
            metadata = obj.get("metadata") or {}
            facts = SubscriptionFacts(
                provider_subscription_id="",
                provider_customer_id=_id(obj.get("customer")),
                user_id=_user_id(obj.get("client_reference_id") or metadata.get("user_id")),
                checkout_created_at=_time(obj.get("created")),
            )
            return ProviderEvent(**event, kind="checkout_expired", subscription=facts)
        if kind in _SUBSCRIPTION_EVENTS:
            return ProviderEvent(**event, kind="subscription", subscription=self._subscription(obj))
        if kind in ("invoice.paid", "invoice.payment_failed"):
            subscription_id = self._invoice_subscription(obj)
            if not subscription_id:
                return ProviderEvent(**event, kind="ignored")
            details = (obj.get("parent") or {}).get("subscription_details") or {}
            metadata = details.get("metadata") or {}
            facts = SubscriptionFacts(
                provider_subscription_id=subscription_id,
                provider_customer_id=_id(obj.get("customer")),
                user_id=_user_id(metadata.get("user_id")),
                plan_slug=str(metadata.get("plan") or ""),
            )
            if kind == "invoice.payment_failed":
                payment = PaymentFacts(
                    provider_payment_id=self._invoice_payment(obj),
                    provider_subscription_id=subscription_id,
                    amount=int(obj.get("amount_due") or 0),
                    currency=str(obj.get("currency") or "").upper(),
                    failure="invoice.payment_failed",
                )
                return ProviderEvent(**event, kind="payment_failed", subscription=facts, payment=payment)
            paid_at = _time((obj.get("status_transitions") or {}).get("paid_at")) or created
            payment = PaymentFacts(
                provider_payment_id=self._invoice_payment(obj),
                provider_subscription_id=subscription_id,
                amount=int(obj.get("amount_paid") or 0),
                currency=str(obj.get("currency") or "").upper(),
                paid_at=paid_at,
            )
            return ProviderEvent(**event, kind="payment_paid", subscription=facts, payment=payment)
        if kind == "charge.refunded":
            payment = PaymentFacts(
                provider_payment_id=_id(obj.get("payment_intent")) or _id(obj.get("id")),
                amount=int(obj.get("amount") or 0),
                currency=str(obj.get("currency") or "").upper(),
                refunded_amount=int(obj.get("amount_refunded") or 0),
            )
            return ProviderEvent(**event, kind="refund", payment=payment)
        return ProviderEvent(**event, kind="ignored")

    @staticmethod
    def _subscription(obj: dict[str, Any]) -> SubscriptionFacts:
        items = (obj.get("items") or {}).get("data") or [{}]
        item = items[0]
        price = item.get("price") or {}
        metadata = obj.get("metadata") or {}
        return SubscriptionFacts(
            provider_subscription_id=str(obj.get("id") or ""),
            provider_customer_id=_id(obj.get("customer")),
            status=_STATUS.get(str(obj.get("status")), "incomplete"),
            current_period_end=_time(item.get("current_period_end") or obj.get("current_period_end")),
            # The portal of newer API versions schedules the end with `cancel_at` (the period's end) instead.
            cancel_at_period_end=bool(obj.get("cancel_at_period_end") or obj.get("cancel_at")),
            price_id=str(price.get("id") or ""),
            interval=str((price.get("recurring") or {}).get("interval") or ""),
            currency=str(obj.get("currency") or price.get("currency") or "").upper(),
            user_id=_user_id(metadata.get("user_id")),
            plan_slug=str(metadata.get("plan") or ""),
        )

    @staticmethod
    def _invoice_subscription(obj: dict[str, Any]) -> str:
        details = ((obj.get("parent") or {}).get("subscription_details")) or {}
        return _id(details.get("subscription") or obj.get("subscription"))

    def _invoice_payment(self, obj: dict[str, Any]) -> str:
        """The invoice's PaymentIntent (what a refund names): from the event, else asked of Stripe."""
        direct = _id(obj.get("payment_intent"))
        if direct:
            return direct
        payments = (obj.get("payments") or {}).get("data")
        if payments is None and obj.get("id"):
            listed = self._call(
                "read an invoice's payments",
                lambda c: c.v1.invoice_payments.list(params={"invoice": str(obj["id"])}),
            )
            payments = [p.to_dict() for p in listed.data]
        for entry in payments or []:
            intent = _id((entry.get("payment") or {}).get("payment_intent"))
            if intent:
                return intent
        return str(obj.get("id") or "")
