"""A fake Stripe API on loopback for the official `stripe` SDK (STRIPE_API_BASE points here), and Stripe's
signed webhooks.

It speaks Stripe's wire format: form-encoded requests with bracketed keys (`line_items[0][price]`), a
`Bearer` secret key, JSON objects with `id`/`object`, and Stripe's error bodies
(`{"error": {"type", "code", "message", ...}}`): 401 for a wrong key, 400/404 `resource_missing`, 402
`card_declined`, 429 `rate_limit`. Served: POST /v1/customers, POST /v1/checkout/sessions,
POST /v1/billing_portal/sessions, POST|GET|DELETE /v1/subscriptions/<id>, POST /v1/refunds,
GET /v1/invoice_payments?invoice=, GET /v1/prices/<id>.

What the hosted pages and Stripe's billing do is driven by the test: `complete_checkout` (the candidate
paid), `renew`, `fail_renewal`, `end_period`; each returns the events Stripe would send, and `webhook(event)`
gives the body and the `Stripe-Signature` header (t=, v1= HMAC-SHA256 of "t.body"), correctly signed or
not. `fail(kind)` makes the next request answer an error.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import parse_qsl

from tests.support.fake_rest import Answer, FakeProvider

SECRET_KEY = "sk_test_fake_secret_key_0123456789"
PUBLISHABLE_KEY = "pk_test_fake_publishable_key_0123456789"
WEBHOOK_SECRET = "whsec_fake_webhook_secret_0123456789"
DOCS = "https://stripe.com/docs/error-codes"

ERRORS: dict[str, tuple[int, dict[str, Any]]] = {
    "bad_key": (
        401,
        {"message": "Invalid API Key provided: sk_test_****", "type": "invalid_request_error"},
    ),
    "card_declined": (
        402,
        {
            "code": "card_declined",
            "decline_code": "generic_decline",
            "doc_url": f"{DOCS}/card-declined",
            "message": "Your card was declined.",
            "param": "",
            "type": "card_error",
        },
    ),
    "rate_limit": (
        429,
        {
            "code": "rate_limit",
            "doc_url": f"{DOCS}/rate-limit",
            "message": "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.",
            "type": "invalid_request_error",
        },
    ),
    "server": (500, {"message": "An unknown error occurred", "type": "api_error"}),
}


def form(body: bytes) -> dict[str, Any]:
    """A Stripe form body (`a[b][0][c]=v`) as nested dicts and lists."""
    root: dict[str, Any] = {}
    for key, value in parse_qsl(body.decode(), keep_blank_values=True):
        parts = key.replace("]", "").split("[")
        node: Any = root
        for part, after in itertools.pairwise(parts):
            child: Any = [] if after.isdigit() else {}
            if isinstance(node, list):
                index = int(part)
                while len(node) <= index:
                    node.append(child)
                node = node[index]
            else:
                node = node.setdefault(part, child)
        last = parts[-1]
        if isinstance(node, list):
            node.append(value)
        else:
            node[last] = value
    return root


def _error(kind: str, **extra: str) -> Answer:
    status, error = ERRORS[kind]
    return status, {"error": {**error, **extra}}, {"Request-Id": "req_fake"}


def _missing(what: str, ident: str, param: str = "", status: int = 404) -> Answer:
    error = {
        "code": "resource_missing",
        "doc_url": f"{DOCS}/resource-missing",
        "message": f"No such {what}: '{ident}'",
        "param": param or "id",
        "type": "invalid_request_error",
    }
    return status, {"error": error}, {}


@dataclass
class FakeStripe(FakeProvider):
    """The running fake and what it holds (the server, clock, ids and errors to come: `FakeProvider`)."""

    id_format: ClassVar[str] = "{prefix}_fake{number:06d}"
    secret_key: str = SECRET_KEY
    prices: dict[str, dict[str, Any]] = field(default_factory=dict)
    customers: dict[str, dict[str, Any]] = field(default_factory=dict)
    checkouts: dict[str, dict[str, Any]] = field(default_factory=dict)
    subscriptions: dict[str, dict[str, Any]] = field(default_factory=dict)
    invoices: dict[str, dict[str, Any]] = field(default_factory=dict)
    refunds: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add_price(self, price_id: str, amount: int, currency: str = "usd", interval: str = "month") -> None:
        """A recurring price the checkout can sell."""
        self.prices[price_id] = {
            "id": price_id,
            "object": "price",
            "active": True,
            "currency": currency,
            "unit_amount": amount,
            "recurring": {"interval": interval, "interval_count": 1, "usage_type": "licensed"},
            "type": "recurring",
        }

    def count_customers(self, email: str) -> int:
        """How many customers have this e-mail address."""
        return sum(1 for c in self.customers.values() if c["email"] == email)

    # -- the API ---------------------------------------------------------------------------------------------

    def route(
        self, method: str, path: str, query: dict[str, list[str]], headers: dict[str, str], body: bytes
    ) -> Answer:
        if headers.get("authorization") != f"Bearer {self.secret_key}":
            return _error("bad_key")
        if self.failures:
            return _error(self.failures.pop(0))
        params = form(body) if method == "POST" else {k: v[0] for k, v in query.items()}
        parts = [p for p in path.split("/") if p][1:]  # after /v1
        if parts == ["customers"] and method == "POST":
            return self._create_customer(params)
        if parts == ["checkout", "sessions"] and method == "POST":
            return self._create_checkout(params)
        if parts == ["billing_portal", "sessions"] and method == "POST":
            customer = params.get("customer", "")
            if customer not in self.customers:
                return _missing("customer", customer, "customer", 400)
            portal = {
                "id": self._new_id("bps"),
                "object": "billing_portal.session",
                "customer": customer,
                "return_url": params.get("return_url"),
                "url": f"{self.url}/p/session/{customer}",
                "livemode": False,
            }
            return 200, portal, {}
        if len(parts) == 2 and parts[0] == "subscriptions":
            subscription = self.subscriptions.get(parts[1])
            if subscription is None:
                return _missing("subscription", parts[1])
            if method == "POST":
                if "cancel_at_period_end" in params:
                    subscription["cancel_at_period_end"] = params["cancel_at_period_end"] == "true"
                    subscription["canceled_at"] = self.clock if subscription["cancel_at_period_end"] else None
                return 200, subscription, {}
            if method == "DELETE":
                subscription["status"] = "canceled"
                subscription["ended_at"] = self.clock
                return 200, subscription, {}
            return 200, subscription, {}
        if len(parts) == 2 and parts[0] == "prices" and method == "GET":
            price = self.prices.get(parts[1])
            return (200, price, {}) if price else _missing("price", parts[1])
        if parts == ["refunds"] and method == "POST":
            return self._create_refund(params)
        if parts == ["invoice_payments"] and method == "GET":
            invoice = self.invoices.get(params.get("invoice", ""))
            data = [invoice["_payment"]] if invoice else []
            return 200, {"object": "list", "data": data, "has_more": False, "url": "/v1/invoice_payments"}, {}
        return (
            404,
            {"error": {"message": f"Unrecognized request URL ({method}: {path}).", "type": "invalid_request_error"}},
            {},
        )

    def _create_customer(self, params: dict[str, Any]) -> Answer:
        customer = {
            "id": self._new_id("cus"),
            "object": "customer",
            "created": self.clock,
            "email": params.get("email"),
            "name": params.get("name"),
            "metadata": params.get("metadata", {}),
            "livemode": False,
        }
        self.customers[customer["id"]] = customer
        return 200, customer, {}

    def _create_checkout(self, params: dict[str, Any]) -> Answer:
        if params.get("mode") != "subscription":
            return 400, {"error": {"message": "Invalid mode", "param": "mode", "type": "invalid_request_error"}}, {}
        customer = params.get("customer", "")
        if customer not in self.customers:
            return _missing("customer", customer, "customer", 400)
        items = params.get("line_items") or []
        price = items[0].get("price", "") if items else ""
        if price not in self.prices:
            return _missing("price", price, "line_items[0][price]", 400)
        checkout_id = self._new_id("cs_test")
        checkout = {
            "id": checkout_id,
            "object": "checkout.session",
            "created": self.clock,
            "mode": "subscription",
            "status": "open",
            "customer": customer,
            "client_reference_id": params.get("client_reference_id"),
            "metadata": params.get("metadata", {}),
            "subscription": None,
            "success_url": params.get("success_url"),
            "cancel_url": params.get("cancel_url"),
            "url": f"{self.url}/c/pay/{checkout_id}",
            "_price": price,
            "_subscription_metadata": (params.get("subscription_data") or {}).get("metadata", {}),
        }
        self.checkouts[checkout_id] = checkout
        return 200, self._public(checkout), {}

    def _create_refund(self, params: dict[str, Any]) -> Answer:
        intent = params.get("payment_intent", "")
        invoice = next(
            (i for i in self.invoices.values() if i["_payment"]["payment"]["payment_intent"] == intent), None
        )
        if invoice is None:
            return _missing("payment_intent", intent, "payment_intent", 400)
        left = invoice["amount_paid"] - invoice["_refunded"]
        amount = int(params.get("amount", left))
        if amount <= 0 or amount > left:
            message = f"Refund amount ({amount}) is greater than unrefunded amount on charge ({left})"
            if left == 0:
                message = f"Charge {invoice['_charge']} has already been refunded."
            error = {"code": "charge_already_refunded" if left == 0 else "amount_too_large", "message": message}
            return 400, {"error": {**error, "param": "amount", "type": "invalid_request_error"}}, {}
        invoice["_refunded"] += amount
        refund = {
            "id": self._new_id("re"),
            "object": "refund",
            "amount": amount,
            "charge": invoice["_charge"],
            "payment_intent": intent,
            "currency": invoice["currency"],
            "created": self.clock,
            "status": "succeeded",
        }
        self.refunds[refund["id"]] = refund
        return 200, refund, {}

    @staticmethod
    def _public(obj: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in obj.items() if not k.startswith("_")}

    # -- what happens outside the API (hosted pages, billing) and the events it sends ----------------------

    def event(self, kind: str, obj: dict[str, Any], previous: dict[str, Any] | None = None) -> dict[str, Any]:
        """A Stripe event envelope around a copy of `obj`, created at the fake's clock."""
        data: dict[str, Any] = {"object": json.loads(json.dumps(self._public(obj)))}
        if previous:
            data["previous_attributes"] = previous
        return {
            "id": self._new_id("evt"),
            "object": "event",
            "api_version": "2026-10-28.endive",
            "created": self.clock,
            "data": data,
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None},
            "type": kind,
        }

    def complete_checkout(self, checkout_id: str) -> list[dict[str, Any]]:
        """The candidate paid on the hosted page: the subscription starts and its first invoice is paid."""
        checkout = self.checkouts[checkout_id]
        price = self.prices[checkout["_price"]]
        subscription_id = self._new_id("sub")
        period_end = self.clock + (self.period if price["recurring"]["interval"] == "month" else 12 * self.period)
        subscription = {
            "id": subscription_id,
            "object": "subscription",
            "customer": checkout["customer"],
            "status": "active",
            "currency": price["currency"],
            "cancel_at_period_end": False,
            "canceled_at": None,
            "ended_at": None,
            "created": self.clock,
            "metadata": checkout["_subscription_metadata"],
            "items": {
                "object": "list",
                "data": [
                    {
                        "id": self._new_id("si"),
                        "object": "subscription_item",
                        "current_period_start": self.clock,
                        "current_period_end": period_end,
                        "price": price,
                        "quantity": 1,
                    }
                ],
            },
        }
        self.subscriptions[subscription_id] = subscription
        checkout.update(status="complete", subscription=subscription_id, payment_status="paid")
        invoice = self._invoice(subscription, paid=True)
        return [
            self.event("checkout.session.completed", checkout),
            self.event("customer.subscription.created", subscription),
            self.event("invoice.paid", invoice),
        ]

    def expire_checkout(self, checkout_id: str) -> list[dict[str, Any]]:
        """The candidate never paid: Stripe expires the Checkout Session (after 24 hours)."""
        checkout = self.checkouts[checkout_id]
        checkout.update(status="expired", url=None)
        return [self.event("checkout.session.expired", checkout)]

    def _invoice(self, subscription: dict[str, Any], paid: bool) -> dict[str, Any]:
        price = subscription["items"]["data"][0]["price"]
        invoice_id = self._new_id("in")
        intent = self._new_id("pi")
        invoice = {
            "id": invoice_id,
            "object": "invoice",
            "customer": subscription["customer"],
            "currency": price["currency"],
            "amount_due": price["unit_amount"],
            "amount_paid": price["unit_amount"] if paid else 0,
            "status": "paid" if paid else "open",
            "billing_reason": "subscription_cycle",
            "created": self.clock,
            "parent": {
                "type": "subscription_details",
                "subscription_details": {"subscription": subscription["id"], "metadata": subscription["metadata"]},
            },
            "status_transitions": {"paid_at": self.clock if paid else None},
            "_payment": {
                "id": self._new_id("inpay"),
                "object": "invoice_payment",
                "invoice": invoice_id,
                "amount_paid": price["unit_amount"] if paid else 0,
                "currency": price["currency"],
                "status": "paid" if paid else "open",
                "payment": {"type": "payment_intent", "payment_intent": intent},
            },
            "_charge": self._new_id("ch"),
            "_refunded": 0,
        }
        self.invoices[invoice_id] = invoice
        return invoice

    def renew(self, subscription_id: str) -> list[dict[str, Any]]:
        """The next period is paid."""
        subscription = self.subscriptions[subscription_id]
        item = subscription["items"]["data"][0]
        length = item["current_period_end"] - item["current_period_start"]
        item["current_period_start"] = item["current_period_end"]
        item["current_period_end"] += length
        subscription["status"] = "active"
        invoice = self._invoice(subscription, paid=True)
        return [self.event("invoice.paid", invoice), self.event("customer.subscription.updated", subscription)]

    def fail_renewal(self, subscription_id: str) -> list[dict[str, Any]]:
        """The renewal's card payment fails: the invoice stays open and the subscription is past due."""
        subscription = self.subscriptions[subscription_id]
        subscription["status"] = "past_due"
        invoice = self._invoice(subscription, paid=False)
        return [
            self.event("invoice.payment_failed", invoice),
            self.event("customer.subscription.updated", subscription, {"status": "active"}),
        ]

    def end_period(self, subscription_id: str) -> list[dict[str, Any]]:
        """A subscription set to cancel at period end (or given up after failed retries) ends: the clock moves to
        the period's end."""
        subscription = self.subscriptions[subscription_id]
        self.clock = max(self.clock, subscription["items"]["data"][0]["current_period_end"])
        subscription.update(status="canceled", ended_at=self.clock)
        return [self.event("customer.subscription.deleted", subscription)]

    def cancel_event(self, subscription_id: str) -> dict[str, Any]:
        """The `customer.subscription.updated` Stripe sends after cancel_at_period_end was set."""
        return self.event(
            "customer.subscription.updated", self.subscriptions[subscription_id], {"cancel_at_period_end": False}
        )

    def refund_event(self, refund_id: str) -> dict[str, Any]:
        """`charge.refunded` for a refund made through the API."""
        refund = self.refunds[refund_id]
        invoice = next(i for i in self.invoices.values() if i["_charge"] == refund["charge"])
        charge = {
            "id": refund["charge"],
            "object": "charge",
            "amount": invoice["amount_paid"],
            "amount_refunded": invoice["_refunded"],
            "currency": invoice["currency"],
            "payment_intent": refund["payment_intent"],
            "refunded": invoice["_refunded"] >= invoice["amount_paid"],
            "status": "succeeded",
        }
        return self.event("charge.refunded", charge)

    def webhook(
        self, event: dict[str, Any], secret: str = WEBHOOK_SECRET, at: int | None = None
    ) -> tuple[bytes, dict[str, str]]:
        """The body and headers Stripe posts for `event`, signed with `secret` at time `at` (now)."""
        body = json.dumps(event, indent=2).encode()
        return body, {"Content-Type": "application/json; charset=utf-8", "Stripe-Signature": sign(body, secret, at)}


def sign(body: bytes, secret: str, at: int | None = None) -> str:
    """A `Stripe-Signature` header: t=<unix time>,v1=<hex HMAC-SHA256 of "t.body">."""
    stamp = int(time.time()) if at is None else at
    digest = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={stamp},v1={digest}"


def start() -> FakeStripe:
    """Start the fake in a background thread."""
    return FakeStripe().started()
