"""Razorpay through its official SDK: customers, subscriptions on a Razorpay plan, refunds, webhooks.

The checkout is Razorpay's Standard Checkout, as Razorpay documents it for subscriptions: the subscription is
created by the API, then the app's own checkout page loads checkout.js (RAZORPAY_CHECKOUT_JS_URL) and opens
it with `script_checkout`'s options: the key id (never the secret), the subscription id, the candidate's
name and e-mail as `prefill`, `callback_url` and `redirect: true`. After paying, Razorpay posts
`razorpay_payment_id`, `razorpay_subscription_id` and `razorpay_signature` (the hex HMAC-SHA256 of
"payment id|subscription id" with the key secret) to the callback URL, checked by `verify_return` with the
SDK's `utility.verify_subscription_payment_signature` (a constant-time comparison); a failed payment posts
Razorpay's `error[code]`, `error[description]`, `error[source]`, `error[step]`, `error[reason]` and
`error[metadata]` instead. (A subscription's `short_url` page cannot send anybody back: the subscription
API has no callback field.) Razorpay has no customer portal; cancelling is a call (`cancel_at_cycle_end`).
Webhooks carry `X-Razorpay-Signature`, the hex HMAC-SHA256 of the raw body with the webhook secret, checked
with the SDK's `utility.verify_webhook_signature`, and `X-Razorpay-Event-Id`, the id stored once. Razorpay
signs no timestamp: a replay is caught by the event id, and an old event by the subscription's last event time.

The SDK sets no timeout and reports no HTTP status, so its requests go through a session that adds
PAYMENTS_TIMEOUT_SECONDS and remembers the status of the last answer (401, 429 and 5xx mean different things).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar

import razorpay
import razorpay.errors
import requests
from typing_extensions import override

from interview_app.models import Payment
from interview_app.origins import origin_of
from interview_app.services.billing.payments.base import (
    CheckoutReturn,
    CheckoutStart,
    PaymentError,
    PaymentFacts,
    PaymentProvider,
    ProviderEvent,
    RefundResult,
    ScriptCheckout,
    SignatureError,
    SubscriptionFacts,
    SubscriptionStatus,
    refusal,
)

T = TypeVar("T")
# The accent of Razorpay's payment window: the app's (styles.ACCENT, Radix teal 9).
THEME_COLOR = "#12a594"

# How many billing cycles a subscription is created for (Razorpay needs an end): ten years.
TOTAL_COUNT = {"month": 120, "year": 10}
_STATUS: dict[str, SubscriptionStatus] = {
    "created": "incomplete",
    "authenticated": "incomplete",
    "active": "active",
    "pending": "past_due",
    "halted": "past_due",
    "cancelled": "cancelled",
    "completed": "cancelled",
    "expired": "cancelled",
    "paused": "cancelled",
}


class _Session(requests.Session):
    """A requests session with a timeout on every call that remembers the last answer's status."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.timeout = timeout
        self.last_status: int | None = None

    def request(self, method: Any, url: Any, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        kwargs.setdefault("timeout", self.timeout)
        response = super().request(method, url, *args, **kwargs)
        self.last_status = response.status_code
        return response


def _is_razorpay(origin: str) -> bool:
    host = origin.removeprefix("https://")
    return origin.startswith("https://") and (host == "razorpay.com" or host.endswith(".razorpay.com"))


def _time(value: object) -> datetime | None:
    return datetime.fromtimestamp(value, UTC) if isinstance(value, int | float) and value > 0 else None


def _user_id(value: object) -> int | None:
    text = str(value or "")
    return int(text) if text.isdigit() else None


def _json_object(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _entity(payload: dict[str, Any], name: str) -> dict[str, Any]:
    return ((payload.get(name) or {}).get("entity")) or {}


class RazorpayProvider(PaymentProvider):
    """Razorpay, configured by RAZORPAY_KEY_ID, RAZORPAY_KEY_SECRET and RAZORPAY_WEBHOOK_SECRET."""

    name = "razorpay"

    def _call(self, what: str, call: Callable[[Any], T]) -> T:
        """Run one SDK call with a fresh client; its errors become PaymentError."""
        if not (self.settings.razorpay_key_id and self.settings.razorpay_key_secret):
            raise PaymentError("not_configured", "RAZORPAY_KEY_ID or RAZORPAY_KEY_SECRET is empty")
        session = _Session(self.settings.payments_timeout_seconds)
        # The SDK adds its resources (customer, plan, subscription, payment) at run time: typed as Any.
        client: Any = razorpay.Client(
            session=session,
            auth=(self.settings.razorpay_key_id, self.settings.razorpay_key_secret),
            base_url=self.settings.razorpay_api_base.rstrip("/"),
        )
        client.set_app_details({"title": "Interview Coach"})
        try:
            return call(client)
        except requests.RequestException as exc:
            raise refusal("Razorpay", what, str(exc), None) from exc
        except (razorpay.errors.BadRequestError, razorpay.errors.GatewayError, razorpay.errors.ServerError) as exc:
            detail = str(exc)
            declined = isinstance(exc, razorpay.errors.GatewayError) or "declined" in detail.lower()
            raise refusal("Razorpay", what, detail, session.last_status, declined=declined) from exc
        except ValueError as exc:  # an answer that is not JSON (a proxy's error page)
            raise PaymentError("unavailable", f"unreadable answer: {exc}", session.last_status) from exc

    @override
    def browser_key(self) -> str:
        return self.settings.razorpay_key_id

    @override
    def create_customer(self, email: str, name: str, user_id: int) -> str:
        # fail_existing=0: Razorpay returns the customer it already has for this e-mail instead of an error.
        data = {"email": email, "name": name or email, "fail_existing": "0", "notes": {"user_id": str(user_id)}}
        customer = self._call("create a customer", lambda c: c.customer.create(data))
        return str(customer["id"])

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
        plan = self._call("read a plan", lambda c: c.plan.fetch(price_id))
        period = str(plan.get("period") or "monthly")
        data = {
            "plan_id": price_id,
            "customer_id": customer_id,
            "total_count": TOTAL_COUNT["year" if period == "yearly" else "month"],
            "quantity": 1,
            "customer_notify": 1,
            "notes": {"user_id": str(user_id), "plan": plan_slug, "return_url": success_url},
        }
        created = self._call("create a subscription", lambda c: c.subscription.create(data))
        if not created.get("id"):
            raise PaymentError("rejected", "Razorpay returned a subscription without an id")
        return CheckoutStart(
            url="",
            provider_customer_id=customer_id,
            provider_subscription_id=str(created["id"]),
            in_script=True,
        )

    @override
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
        if not self.settings.razorpay_key_id:
            raise PaymentError("not_configured", "RAZORPAY_KEY_ID is empty")
        options: dict[str, Any] = {
            "key": self.settings.razorpay_key_id,
            "subscription_id": subscription_id,
            "name": title,
            "description": description,
            "prefill": {"name": customer_name, "email": customer_email},
            "notes": dict(notes),
            "callback_url": callback_url,
            "redirect": True,
            "theme": {"color": THEME_COLOR},
        }
        script = self.settings.razorpay_checkout_js_url
        try:
            origins = [origin_of(script), origin_of(self.settings.razorpay_api_base)]
        except ValueError as exc:
            raise PaymentError("not_configured", f"RAZORPAY_CHECKOUT_JS_URL or RAZORPAY_API_BASE: {exc}") from exc
        if any(_is_razorpay(origin) for origin in origins):
            # checkout.js frames and calls Razorpay's other hosts (api., cdn., lumberjack.): all of razorpay.com.
            origins.append("https://*.razorpay.com")
        return ScriptCheckout(script_url=script, options=options, origins=tuple(dict.fromkeys(origins)))

    @override
    def verify_return(self, fields: Mapping[str, str]) -> CheckoutReturn:
        subscription_id = fields.get("razorpay_subscription_id", "")
        if fields.get("error[code]") or fields.get("error[description]"):
            # A failed payment: Razorpay signs nothing then, so it is only told to the candidate (and audited).
            metadata = _json_object(fields.get("error[metadata]", ""))
            return CheckoutReturn(
                provider_subscription_id=subscription_id or str(metadata.get("subscription_id") or ""),
                provider_payment_id=str(metadata.get("payment_id") or ""),
                failure=fields.get("error[description]") or fields.get("error[code]", ""),
                failure_source=fields.get("error[source]", ""),
                failure_reason=fields.get("error[reason]", ""),
            )
        secret = self.settings.razorpay_key_secret
        payment_id, signature = fields.get("razorpay_payment_id", ""), fields.get("razorpay_signature", "")
        if not (secret and subscription_id and payment_id and signature):
            raise SignatureError("the return carries no payment, subscription or signature")
        try:
            razorpay.Utility(None).verify_subscription_payment_signature(
                {
                    "razorpay_subscription_id": subscription_id,
                    "razorpay_payment_id": payment_id,
                    "razorpay_signature": signature,
                    "secret": secret,
                }
            )
        except razorpay.errors.SignatureVerificationError as exc:
            raise SignatureError(str(exc)) from exc
        return CheckoutReturn(provider_subscription_id=subscription_id, provider_payment_id=payment_id)

    @override
    def portal_url(self, customer_id: str, return_url: str) -> str | None:
        return None

    @override
    def cancel_at_period_end(self, subscription_id: str) -> None:
        self._call(
            "cancel a subscription at the end of its cycle",
            lambda c: c.subscription.cancel(subscription_id, {"cancel_at_cycle_end": 1}),
        )

    @override
    def cancel_now(self, subscription_id: str) -> None:
        self._call(
            "cancel a subscription", lambda c: c.subscription.cancel(subscription_id, {"cancel_at_cycle_end": 0})
        )

    @override
    def refund(self, payment: Payment, amount: int | None = None) -> RefundResult:
        data: dict[str, Any] = {"notes": {"payment": str(payment.id)}}
        if amount is not None:
            data["amount"] = amount
        refund = self._call("refund a payment", lambda c: c.payment.refund(payment.provider_payment_id, data))
        status = {"processed": "succeeded", "failed": "failed"}.get(str(refund.get("status")), "pending")
        return RefundResult(provider_refund_id=str(refund["id"]), amount=int(refund["amount"]), status=status)  # type: ignore[arg-type]

    @override
    def check_price(self, price_id: str, interval: str) -> str:
        try:
            plan = self._call("read a plan", lambda c: c.plan.fetch(price_id))
        except PaymentError as exc:
            if exc.code == "rejected":
                return f"Razorpay has no plan {price_id} ({exc.detail})"
            raise
        period = {"month": "monthly", "year": "yearly"}.get(interval, interval)
        if plan.get("period") != period or int(plan.get("interval") or 0) != 1:
            return f"the Razorpay plan {price_id} bills every {plan.get('interval')} {plan.get('period')}, not {period}"
        return ""

    @override
    def parse_webhook(self, body: bytes, headers: Mapping[str, str]) -> ProviderEvent:
        headers = {name.lower(): value for name, value in headers.items()}
        secret = self.settings.razorpay_webhook_secret
        if not secret:
            raise SignatureError("RAZORPAY_WEBHOOK_SECRET is empty")
        signature = headers.get("x-razorpay-signature", "")
        if not signature:
            raise SignatureError("no X-Razorpay-Signature header")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise SignatureError("the body is not UTF-8") from exc
        try:
            razorpay.Utility(None).verify_webhook_signature(text, signature, secret)
        except razorpay.errors.SignatureVerificationError as exc:
            raise SignatureError(str(exc)) from exc
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("entity") != "event" or not data.get("event"):
            raise ValueError("not a Razorpay event")
        event_id = headers.get("x-razorpay-event-id", "")
        if not event_id:
            raise ValueError("no X-Razorpay-Event-Id header")
        return self._event(event_id, data)

    def _event(self, event_id: str, data: dict[str, Any]) -> ProviderEvent:
        kind = str(data["event"])
        payload = data.get("payload") or {}
        created = _time(data.get("created_at")) or datetime.now(UTC)
        event = {"provider": self.name, "event_id": event_id, "type": kind, "created_at": created, "payload": data}
        subscription = _entity(payload, "subscription")
        payment = _entity(payload, "payment")
        if kind.startswith("subscription.") and subscription:
            facts = self._subscription(subscription)
            if kind == "subscription.charged" and payment:
                paid = PaymentFacts(
                    provider_payment_id=str(payment.get("id") or ""),
                    provider_subscription_id=facts.provider_subscription_id,
                    amount=int(payment.get("amount") or 0),
                    currency=str(payment.get("currency") or "").upper(),
                    paid_at=_time(payment.get("created_at")) or created,
                )
                return ProviderEvent(**event, kind="payment_paid", subscription=facts, payment=paid)
            if kind in ("subscription.pending", "subscription.halted"):
                return ProviderEvent(**event, kind="payment_failed", subscription=facts)
            return ProviderEvent(**event, kind="subscription", subscription=facts)
        if kind in ("refund.processed", "payment.refunded"):
            refund = _entity(payload, "refund")
            payment_id = str(payment.get("id") or refund.get("payment_id") or "")
            refunded = payment.get("amount_refunded")
            facts = PaymentFacts(
                provider_payment_id=payment_id,
                amount=int(payment.get("amount") or 0),
                currency=str(payment.get("currency") or refund.get("currency") or "").upper(),
                refunded_amount=int(refunded if refunded is not None else refund.get("amount") or 0),
            )
            return ProviderEvent(**event, kind="refund", payment=facts)
        return ProviderEvent(**event, kind="ignored")

    @staticmethod
    def _subscription(obj: dict[str, Any]) -> SubscriptionFacts:
        notes = obj.get("notes") or {}
        if not isinstance(notes, dict):  # Razorpay sends an empty list for no notes
            notes = {}
        return SubscriptionFacts(
            provider_subscription_id=str(obj.get("id") or ""),
            provider_customer_id=str(obj.get("customer_id") or ""),
            status=_STATUS.get(str(obj.get("status")), "incomplete"),
            current_period_end=_time(obj.get("current_end")),
            price_id=str(obj.get("plan_id") or ""),
            user_id=_user_id(notes.get("user_id")),
            plan_slug=str(notes.get("plan") or ""),
        )
