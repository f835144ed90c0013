"""A fake Razorpay API on loopback for the official `razorpay` SDK (RAZORPAY_API_BASE points here), and
Razorpay's signed webhooks.

It speaks Razorpay's wire format: HTTP Basic auth with the key id and secret, JSON bodies, entities with
`id`/`entity`, and Razorpay's error body `{"error": {"code", "description", "source", "step", "reason",
"metadata"}}`: 401 "Authentication failed", 400 BAD_REQUEST_ERROR for unknown ids and over-refunds, 429
"Too many requests", a GATEWAY_ERROR for a declined card. Served: POST /v1/customers, POST|GET /v1/plans,
GET /v1/plans/<id>, POST /v1/subscriptions, GET /v1/subscriptions/<id>, POST /v1/subscriptions/<id>/cancel,
POST /v1/payments/<id>/refund.

Razorpay's Standard Checkout is served for a browser (or a test's HTTP client): `GET /v1/checkout.js`, a
stand-in for checkout.js with the same interface (`new Razorpay(options)`, `open()`, `close()`,
`on("payment.failed", fn)`, `options.modal.ondismiss`, `options.handler`), which opens the payment window,
`GET /v1/checkout/public?...`, in an iframe over the merchant's page. The window checks the key id and that
the subscription waits for its first payment (an error page otherwise), shows the plan's price, the
prefilled e-mail and a card field: `DECLINE_CARD` is declined, any other 12-19 digits pay; its close button
tells checkout.js (postMessage), which calls `ondismiss`. Paying (`POST /v1/checkout/pay`) authorises the
subscription and keeps the webhooks that causes in `outbox` for the test to deliver. With `redirect: true` and
a `callback_url` the whole page then moves on, as Razorpay's does, and posts `razorpay_payment_id`,
`razorpay_subscription_id` and `razorpay_signature` (hex HMAC-SHA256 of "payment id|subscription id" with the
key secret) to the callback URL, or for a declined card Razorpay's `error[code]`, `error[description]`,
`error[source]`, `error[step]`, `error[reason]` and `error[metadata]`; without redirect the window tells
checkout.js, which calls `handler` or the `payment.failed` handlers.

Razorpay's billing is driven by the test: `authorize` (the candidate paid the first charge), `renew`,
`fail_renewal`, `end_cycle`; each returns the events Razorpay would send, and `webhook(event)` gives the body
and the `X-Razorpay-Signature` (hex HMAC-SHA256 of the body) and `X-Razorpay-Event-Id` headers.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import json
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import parse_qsl, urlencode

from tests.support.fake_rest import Answer, FakeProvider, Html, Script

KEY_ID = "rzp_test_fakekeyid01"
KEY_SECRET = "fake_key_secret_0123456789"
WEBHOOK_SECRET = "fake_razorpay_webhook_secret_0123"
# Test cards of the payment window: this one is declined by the bank, any other 12-19 digits pay.
PAY_CARD = "4111 1111 1111 1111"
DECLINE_CARD = "4000 0000 0000 0002"

ERRORS: dict[str, tuple[int, dict[str, Any]]] = {
    "bad_key": (401, {"code": "BAD_REQUEST_ERROR", "description": "Authentication failed"}),
    "rate_limit": (429, {"code": "BAD_REQUEST_ERROR", "description": "Too many requests"}),
    "card_declined": (
        502,
        {
            "code": "GATEWAY_ERROR",
            "description": "Your payment has been declined by the bank. Please try another card.",
            "source": "bank",
            "step": "payment_authorization",
            "reason": "card_declined",
        },
    ),
    "server": (500, {"code": "SERVER_ERROR", "description": "The server encountered an error."}),
}


def _error(kind: str) -> Answer:
    status, error = ERRORS[kind]
    return status, {"error": {"source": "NA", "step": "NA", "reason": "NA", "metadata": {}, **error}}, {}


def _bad(description: str, field_name: str | None = None) -> Answer:
    error = {
        "code": "BAD_REQUEST_ERROR",
        "description": description,
        "source": "business",
        "step": "NA",
        "reason": "input_validation_failed",
        "metadata": {},
    }
    if field_name:
        error["field"] = field_name
    return 400, {"error": error}, {}


@dataclass
class FakeRazorpay(FakeProvider):
    """The running fake and what it holds (the server, clock, ids and errors to come: `FakeProvider`)."""

    id_format: ClassVar[str] = "{prefix}_Fake{number:010d}"
    key_id: str = KEY_ID
    key_secret: str = KEY_SECRET
    plans: dict[str, dict[str, Any]] = field(default_factory=dict)
    customers: dict[str, dict[str, Any]] = field(default_factory=dict)
    subscriptions: dict[str, dict[str, Any]] = field(default_factory=dict)
    payments: dict[str, dict[str, Any]] = field(default_factory=dict)
    refunds: dict[str, dict[str, Any]] = field(default_factory=dict)
    # The options each subscription's payment window was opened with, and the webhooks its payments caused
    # (oldest first), for the test to deliver.
    opened: dict[str, dict[str, str]] = field(default_factory=dict)
    outbox: list[dict[str, Any]] = field(default_factory=list)

    def add_plan(self, plan_id: str, amount: int, currency: str = "INR", period: str = "monthly") -> None:
        """A Razorpay plan the subscriptions can be made on."""
        self.plans[plan_id] = {
            "id": plan_id,
            "entity": "plan",
            "interval": 1,
            "period": period,
            "item": {"id": self._new_id("item"), "name": "Premium", "amount": amount, "currency": currency},
            "notes": [],
            "created_at": self.clock,
        }

    # -- the API ---------------------------------------------------------------------------------------------

    def route(
        self, method: str, path: str, query: dict[str, list[str]], headers: dict[str, str], body: bytes
    ) -> Answer:
        if path == "/v1/checkout.js" or path.startswith("/v1/checkout/"):  # the browser's: no API key
            return self._standard_checkout(method, path, query, body)
        expected = "Basic " + base64.b64encode(f"{self.key_id}:{self.key_secret}".encode()).decode()
        if headers.get("authorization") != expected:
            return _error("bad_key")
        if self.failures:
            return _error(self.failures.pop(0))
        try:
            data = json.loads(body) if body else {}
        except ValueError:
            return _bad("The request body is not valid JSON")
        parts = [p for p in path.split("/") if p][1:]  # after /v1
        if parts == ["customers"] and method == "POST":
            return self._create_customer(data)
        if parts == ["plans"] and method == "POST":
            item = data.get("item") or {}
            plan_id = self._new_id("plan")
            self.add_plan(
                plan_id, int(item.get("amount", 0)), item.get("currency", "INR"), data.get("period", "monthly")
            )
            return 200, self.plans[plan_id], {}
        if parts == ["plans"] and method == "GET":
            items = list(self.plans.values())
            return 200, {"entity": "collection", "count": len(items), "items": items}, {}
        if len(parts) == 2 and parts[0] == "plans" and method == "GET":
            plan = self.plans.get(parts[1])
            return (200, plan, {}) if plan else _bad("The id provided does not exist")
        if parts == ["subscriptions"] and method == "POST":
            return self._create_subscription(data)
        if len(parts) >= 2 and parts[0] == "subscriptions":
            subscription = self.subscriptions.get(parts[1])
            if subscription is None:
                return _bad("The id provided does not exist")
            if parts[2:] == ["cancel"] and method == "POST":
                return self._cancel(subscription, data)
            if len(parts) == 2 and method == "GET":
                return 200, subscription, {}
        if len(parts) == 3 and parts[0] == "payments" and parts[2] == "refund" and method == "POST":
            return self._refund(parts[1], data)
        return (
            400,
            {"error": {"code": "BAD_REQUEST_ERROR", "description": "The requested URL was not found on the server."}},
            {},
        )

    def _create_customer(self, data: dict[str, Any]) -> Answer:
        existing = next((c for c in self.customers.values() if c["email"] == data.get("email")), None)
        if existing is not None:
            if str(data.get("fail_existing", "1")) == "1":
                return _bad("Customer already exists for the merchant")
            return 200, existing, {}
        customer = {
            "id": self._new_id("cust"),
            "entity": "customer",
            "name": data.get("name"),
            "email": data.get("email"),
            "contact": data.get("contact"),
            "gstin": None,
            "notes": data.get("notes") or [],
            "created_at": self.clock,
        }
        self.customers[customer["id"]] = customer
        return 200, customer, {}

    def _create_subscription(self, data: dict[str, Any]) -> Answer:
        plan_id = data.get("plan_id", "")
        if plan_id not in self.plans:
            return _bad("The id provided does not exist", "plan_id")
        if not isinstance(data.get("total_count"), int) or data["total_count"] < 1:
            return _bad("The total count field is required.", "total_count")
        subscription_id = self._new_id("sub")
        subscription = {
            "id": subscription_id,
            "entity": "subscription",
            "plan_id": plan_id,
            "customer_id": data.get("customer_id"),
            "status": "created",
            "current_start": None,
            "current_end": None,
            "ended_at": None,
            "quantity": data.get("quantity", 1),
            "notes": data.get("notes") or [],
            "charge_at": self.clock,
            "start_at": self.clock,
            "end_at": None,
            "auth_attempts": 0,
            "total_count": data["total_count"],
            "paid_count": 0,
            "customer_notify": bool(data.get("customer_notify", 1)),
            "created_at": self.clock,
            "expire_by": None,
            "short_url": f"{self.url}/i/{subscription_id}",
            "has_scheduled_changes": False,
            "change_scheduled_at": None,
            "source": "api",
            "remaining_count": data["total_count"],
        }
        self.subscriptions[subscription_id] = subscription
        return 200, subscription, {}

    def _cancel(self, subscription: dict[str, Any], data: dict[str, Any]) -> Answer:
        if subscription["status"] in ("cancelled", "completed", "expired"):
            return _bad("Subscription is not cancellable in cancelled status.")
        if str(data.get("cancel_at_cycle_end", 0)) in ("1", "true", "True"):
            subscription["_cancel_at_cycle_end"] = True
            return 200, self._public(subscription), {}
        subscription.update(status="cancelled", ended_at=self.clock)
        return 200, self._public(subscription), {}

    def _refund(self, payment_id: str, data: dict[str, Any]) -> Answer:
        payment = self.payments.get(payment_id)
        if payment is None:
            return _bad("The id provided does not exist")
        left = payment["amount"] - payment["amount_refunded"]
        amount = int(data.get("amount", left))
        if left == 0:
            return _bad("The payment has been fully refunded already")
        if amount <= 0 or amount > left:
            return _bad("The refund amount provided is greater than amount captured", "amount")
        payment["amount_refunded"] += amount
        payment["refund_status"] = "full" if payment["amount_refunded"] == payment["amount"] else "partial"
        payment["status"] = "refunded" if payment["refund_status"] == "full" else payment["status"]
        refund = {
            "id": self._new_id("rfnd"),
            "entity": "refund",
            "amount": amount,
            "currency": payment["currency"],
            "payment_id": payment_id,
            "notes": data.get("notes") or [],
            "receipt": None,
            "acquirer_data": {"arn": None},
            "created_at": self.clock,
            "batch_id": None,
            "status": "processed",
            "speed_processed": "normal",
            "speed_requested": "normal",
        }
        self.refunds[refund["id"]] = refund
        return 200, refund, {}

    # -- Standard Checkout (the browser's script and payment window) ----------------------------------------

    def _standard_checkout(self, method: str, path: str, query: dict[str, list[str]], body: bytes) -> Answer:
        if path == "/v1/checkout.js" and method == "GET":
            return 200, Script(CHECKOUT_JS.replace("__ORIGIN__", json.dumps(self.url))), {}
        if path == "/v1/checkout/public" and method == "GET":
            return self._payment_window({name: values[-1] for name, values in query.items()})
        if path == "/v1/checkout/pay" and method == "POST":
            return self._pay(dict(parse_qsl(body.decode(), keep_blank_values=True)))
        return 404, Html(_page("Not found", "<p>The requested URL was not found on the server.</p>")), {}

    @staticmethod
    def window_params(options: dict[str, Any], merchant_origin: str) -> dict[str, str]:
        """The payment window's query as checkout.js builds it from `options` (for tests without a browser)."""
        prefill = options.get("prefill") or {}
        return {
            "key_id": options.get("key", ""),
            "subscription_id": options.get("subscription_id", ""),
            "name": options.get("name", ""),
            "description": options.get("description", ""),
            "prefill_name": prefill.get("name", ""),
            "prefill_email": prefill.get("email", ""),
            "callback_url": options.get("callback_url", ""),
            "redirect": "1" if options.get("redirect") and options.get("callback_url") else "0",
            "merchant_origin": merchant_origin,
        }

    def _payment_window(self, fields: dict[str, str]) -> Answer:
        if fields.get("key_id") != self.key_id:
            return 401, Html(_page("Error", "<p id='rzp-error'>The api key provided is invalid</p>")), {}
        subscription = self.subscriptions.get(fields.get("subscription_id", ""))
        if subscription is None or subscription["status"] != "created":
            return 400, Html(_page("Error", "<p id='rzp-error'>This subscription cannot be paid</p>")), {}
        if fields.get("redirect") == "1" and not fields.get("callback_url"):
            return 400, Html(_page("Error", "<p id='rzp-error'>The callback url field is required.</p>")), {}
        self.opened[subscription["id"]] = fields
        item = self.plans[subscription["plan_id"]]["item"]
        price = f"{item['currency']} {item['amount'] / 100:,.2f}"
        target = "_top" if fields.get("redirect") == "1" else "_self"
        body = (
            "<button id='rzp-close' type='button' aria-label='Close' style='float:right'>&times;</button>"
            f"<h1>Fake Razorpay Checkout</h1><p>{html.escape(fields.get('name', ''))}: "
            f"{html.escape(fields.get('description', ''))}, {price} every cycle</p>"
            f"<p id='rzp-prefill'>{html.escape(fields.get('prefill_email', ''))}</p>"
            f"<form id='rzp-form' method='post' action='/v1/checkout/pay' target='{target}'>"
            f"<input type='hidden' name='subscription_id' value='{html.escape(subscription['id'])}'>"
            "<label for='rzp-card'>Card number</label> "
            "<input id='rzp-card' name='card' inputmode='numeric' autocomplete='cc-number'>"
            "<p id='rzp-card-error' role='alert' hidden>Enter a card number of 12 to 19 digits.</p>"
            f"<button id='rzp-pay' type='submit'>Pay {price}</button></form>"
            f"<p>Test cards: {PAY_CARD} pays, {DECLINE_CARD} is declined.</p>"
            f"<script>{WINDOW_JS}</script>"
        )
        return 200, Html(_page("Razorpay Checkout", body)), {}

    def _pay(self, fields: dict[str, str]) -> Answer:
        subscription_id = fields.get("subscription_id", "")
        opened = self.opened.get(subscription_id)
        if opened is None or self.subscriptions[subscription_id]["status"] != "created":
            return 400, Html(_page("Error", "<p id='rzp-error'>This subscription cannot be paid</p>")), {}
        card = "".join(fields.get("card", "").split())
        if not (card.isdigit() and 12 <= len(card) <= 19):
            return 400, Html(_page("Error", "<p id='rzp-error'>Invalid card number</p>")), {}
        if card == "".join(DECLINE_CARD.split()):
            payment = self._charge(self.subscriptions[subscription_id], captured=False)
            self.outbox.append(self.event("payment.failed", payment=payment))
            error = {
                "code": "BAD_REQUEST_ERROR",
                "description": "Your payment has been declined by the bank. Please try another card.",
                "source": "issuer_bank",
                "step": "payment_authorization",
                "reason": "payment_failed",
                "metadata": {"payment_id": payment["id"]},
            }
            back = {f"error[{k}]": json.dumps(v) if k == "metadata" else v for k, v in error.items()}
            told: dict[str, Any] = {"razorpay": "failed", "error": error}
        else:
            events = self.authorize(subscription_id)
            self.outbox.extend(events)
            payment_id = events[-1]["payload"]["payment"]["entity"]["id"]
            back = {
                "razorpay_payment_id": payment_id,
                "razorpay_subscription_id": subscription_id,
                "razorpay_signature": self.return_signature(payment_id, subscription_id),
            }
            told = {"razorpay": "success", "response": back}
        if opened.get("redirect") != "1":  # the window tells checkout.js in the merchant's page
            again = f"/v1/checkout/public?{urlencode(opened)}"
            message = f"parent.postMessage({json.dumps(told)}, {json.dumps(opened.get('merchant_origin', ''))});"
            body = f"<p id='rzp-result'>{told['razorpay']}</p><a href='{html.escape(again)}'>Try again</a>"
            return 200, Html(_page("Razorpay Checkout", f"{body}<script>{message}</script>")), {}
        inputs = "".join(
            f"<input type='hidden' name='{html.escape(k)}' value='{html.escape(v)}'>" for k, v in back.items()
        )
        body = (
            f"<form id='rzp-return' method='post' action='{html.escape(opened['callback_url'])}'>{inputs}"
            "<button type='submit'>Return to the merchant</button></form>"
            "<script>document.getElementById('rzp-return').submit();</script>"
        )
        return 200, Html(_page("Redirecting", body)), {}

    def return_signature(self, payment_id: str, subscription_id: str, secret: str | None = None) -> str:
        """The `razorpay_signature` Razorpay posts back after a subscription's payment."""
        message = f"{payment_id}|{subscription_id}".encode()
        return hmac.new((secret or self.key_secret).encode(), message, hashlib.sha256).hexdigest()

    def take_outbox(self) -> list[dict[str, Any]]:
        """The webhooks the payment window's payments caused since the last call, oldest first."""
        events, self.outbox = self.outbox, []
        return events

    @staticmethod
    def _public(obj: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in obj.items() if not k.startswith("_")}

    # -- billing outside the API, and its events ------------------------------------------------------------

    def event(self, kind: str, **entities: dict[str, Any]) -> dict[str, Any]:
        """A Razorpay webhook envelope holding copies of `entities`, created at the fake's clock."""
        return {
            "entity": "event",
            "account_id": "acc_FakeAccount0001",
            "event": kind,
            "contains": list(entities),
            "payload": {name: {"entity": json.loads(json.dumps(self._public(e)))} for name, e in entities.items()},
            "created_at": self.clock,
        }

    def _charge(self, subscription: dict[str, Any], captured: bool = True) -> dict[str, Any]:
        plan = self.plans[subscription["plan_id"]]
        payment = {
            "id": self._new_id("pay"),
            "entity": "payment",
            "amount": plan["item"]["amount"],
            "currency": plan["item"]["currency"],
            "status": "captured" if captured else "failed",
            "order_id": None,
            "invoice_id": self._new_id("inv"),
            "international": False,
            "method": "card",
            "amount_refunded": 0,
            "refund_status": None,
            "captured": captured,
            "description": "Premium",
            "customer_id": subscription["customer_id"],
            "error_code": None if captured else "BAD_REQUEST_ERROR",
            "error_description": None if captured else "Payment failed due to insufficient funds",
            "created_at": self.clock,
        }
        self.payments[payment["id"]] = payment
        return payment

    def authorize(self, subscription_id: str) -> list[dict[str, Any]]:
        """The candidate authorised the subscription in the payment window and the first charge went through."""
        subscription = self.subscriptions[subscription_id]
        period = self.period if self.plans[subscription["plan_id"]]["period"] == "monthly" else 12 * self.period
        subscription.update(status="authenticated", auth_attempts=1)
        authenticated = self.event("subscription.authenticated", subscription=subscription)
        subscription.update(status="active", current_start=self.clock, current_end=self.clock + period, paid_count=1)
        subscription["remaining_count"] = subscription["total_count"] - 1
        payment = self._charge(subscription)
        return [
            authenticated,
            self.event("subscription.activated", subscription=subscription),
            self.event("subscription.charged", subscription=subscription, payment=payment),
        ]

    def renew(self, subscription_id: str) -> list[dict[str, Any]]:
        """The next cycle is charged."""
        subscription = self.subscriptions[subscription_id]
        length = subscription["current_end"] - subscription["current_start"]
        subscription.update(
            status="active", current_start=subscription["current_end"], current_end=subscription["current_end"] + length
        )
        subscription["paid_count"] += 1
        payment = self._charge(subscription)
        return [self.event("subscription.charged", subscription=subscription, payment=payment)]

    def fail_renewal(self, subscription_id: str) -> list[dict[str, Any]]:
        """The renewal charge fails: Razorpay retries and marks the subscription pending."""
        subscription = self.subscriptions[subscription_id]
        subscription["status"] = "pending"
        payment = self._charge(subscription, captured=False)
        return [
            self.event("payment.failed", payment=payment),
            self.event("subscription.pending", subscription=subscription),
        ]

    def end_cycle(self, subscription_id: str) -> list[dict[str, Any]]:
        """The cycle ends (the clock moves there): renewed, or cancelled when it was cancelled at cycle end."""
        subscription = self.subscriptions[subscription_id]
        self.clock = max(self.clock, subscription["current_end"])
        if not subscription.get("_cancel_at_cycle_end"):
            return self.renew(subscription_id)
        subscription.update(status="cancelled", ended_at=self.clock)
        return [self.event("subscription.cancelled", subscription=subscription)]

    def refund_event(self, refund_id: str) -> dict[str, Any]:
        """`refund.processed` for a refund made through the API."""
        refund = self.refunds[refund_id]
        return self.event("refund.processed", refund=refund, payment=self.payments[refund["payment_id"]])

    def webhook(
        self, event: dict[str, Any], secret: str = WEBHOOK_SECRET, event_id: str | None = None
    ) -> tuple[bytes, dict[str, str]]:
        """The body and headers Razorpay posts for `event`, signed with `secret`."""
        body = json.dumps(event).encode()
        signature = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        headers = {
            "Content-Type": "application/json",
            "X-Razorpay-Signature": signature,
            # A redelivery of the same event carries the same id.
            "X-Razorpay-Event-Id": event_id or "evt_" + hashlib.sha256(body).hexdigest()[:14],
        }
        return body, headers


# The stand-in for checkout.js (the fake's origin replaces __ORIGIN__): Razorpay's browser interface.
CHECKOUT_JS = """(function () {
  "use strict";
  var ORIGIN = __ORIGIN__;
  function Razorpay(options) {
    if (!(this instanceof Razorpay)) { return new Razorpay(options); }
    if (!options || !options.key) { throw new Error("Razorpay: the key option is required"); }
    this.options = options;
    this.handlers = {};
    this.box = null;
  }
  Razorpay.prototype.on = function (name, handler) {
    (this.handlers[name] = this.handlers[name] || []).push(handler);
    return this;
  };
  Razorpay.prototype.open = function () {
    var self = this;
    var o = this.options;
    if (self.box) { return self; }
    var prefill = o.prefill || {};
    var params = new URLSearchParams({
      key_id: o.key,
      subscription_id: o.subscription_id || "",
      name: o.name || "",
      description: o.description || "",
      prefill_name: prefill.name || "",
      prefill_email: prefill.email || "",
      callback_url: o.callback_url || "",
      redirect: o.redirect && o.callback_url ? "1" : "0",
      merchant_origin: window.location.origin
    });
    var box = document.createElement("div");
    box.className = "razorpay-container";
    box.style.cssText = "position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.6);" +
      "display:flex;align-items:center;justify-content:center";
    var frame = document.createElement("iframe");
    frame.className = "razorpay-checkout-frame";
    frame.title = "Razorpay Checkout";
    frame.style.cssText = "width:min(420px,100%);height:min(560px,100%);border:0;background:#fff";
    frame.src = ORIGIN + "/v1/checkout/public?" + params.toString();
    box.appendChild(frame);
    document.body.appendChild(box);
    self.box = box;
    self.listener = function (event) {
      if (event.origin !== ORIGIN || event.source !== frame.contentWindow) { return; }
      var data = event.data || {};
      if (data.razorpay === "dismiss") {
        self.close();
        if (o.modal && typeof o.modal.ondismiss === "function") { o.modal.ondismiss(); }
      } else if (data.razorpay === "success") {
        self.close();
        if (typeof o.handler === "function") { o.handler(data.response); }
      } else if (data.razorpay === "failed") {
        (self.handlers["payment.failed"] || []).forEach(function (handler) { handler({ error: data.error }); });
      }
    };
    window.addEventListener("message", self.listener);
    return self;
  };
  Razorpay.prototype.close = function () {
    if (!this.box) { return; }
    window.removeEventListener("message", this.listener);
    this.box.remove();
    this.box = null;
  };
  window.Razorpay = Razorpay;
})();
"""
# The payment window's own script: its close button, and a card number checked before it is sent.
WINDOW_JS = """
var origin = new URLSearchParams(location.search).get("merchant_origin") || "*";
document.getElementById("rzp-close").onclick = function () { parent.postMessage({ razorpay: "dismiss" }, origin); };
document.getElementById("rzp-form").onsubmit = function (event) {
  var digits = this.card.value.replace(/\\s/g, "");
  if (!/^\\d{12,19}$/.test(digits)) {
    event.preventDefault();
    document.getElementById("rzp-card-error").hidden = false;
  }
};
"""


def _page(title: str, body: str) -> str:
    head = f"<head><meta charset='utf-8'><title>{title}</title></head>"
    return f"<!doctype html><html lang='en'>{head}<body>{body}</body></html>"


def start() -> FakeRazorpay:
    """Start the fake in a background thread."""
    return FakeRazorpay().started()
