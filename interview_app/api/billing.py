"""Payment providers' webhooks: POST /api/billing/webhooks/stripe and /api/billing/webhooks/razorpay.

Outside /api/v1 and its sign-in: a provider proves itself by the signature over the raw body, which is read
as sent (at most `webhooks.MAX_BODY_BYTES`) and verified before anything else. Answers: 200
`{"received": true, "duplicate": bool}` for an applied or already stored event (so the provider stops
retrying), 400 `signature_invalid` or `event_invalid`, 404 when plans are off or the provider is unknown,
413 for an oversized body, 503 when applying failed for a passing reason (the provider retries later).
The routes are left out of the public OpenAPI document: they are for Stripe and Razorpay, not for clients.

Razorpay's Standard Checkout opens on the app's own checkout page, `GET /api/billing/checkout/razorpay/<id>?t=`
with the signed token `checkout.page_token` made for the candidate who chose the plan (30 minutes; an expired
link gets a page that says so, 410, a link the app did not make for this checkout 403, both leading back to the
plans): it loads checkout.js (RAZORPAY_CHECKOUT_JS_URL) and opens the payment window with the key id, the
subscription, the candidate's prefill and `callback_url` + `redirect: true`; an "Open payment window" button
opens it again, and the page says so when the script cannot load or the window is closed (the checkout
stays waiting). Only this page's Content-Security-Policy lets Razorpay's script, frames and requests in (the
inline bootstrap by its hash); every other page keeps the app's policy. Razorpay posts the payment's signed
result, or its `error[...]` fields, back to `POST /api/billing/checkout/razorpay/return`, which verifies it
and sends the browser on to /billing/return.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import logging
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import OperationalError
from starlette.concurrency import run_in_threadpool

from interview_app import db, routes
from interview_app.api.contract import api_error
from interview_app.i18n import from_accept_language, normalise, t
from interview_app.services.billing import checkout, webhooks
from interview_app.services.billing.payments.base import PaymentError, ScriptCheckout
from interview_app.services.billing.subscriptions import BillingError
from interview_app.settings import get_settings

log = logging.getLogger(__name__)

router = APIRouter(prefix=f"{routes.API_ROOT}/billing", include_in_schema=False)
# A payment window's return is a few short form fields.
MAX_RETURN_BYTES = 16 * 1024
# The checkout page's one inline script: it loads the provider's checkout.js and opens the payment window
# with the options the page carries as data (`#checkout-data`), and says what happened. Fixed text, allowed
# by its hash.
_BOOTSTRAP = b"""(function () {
  var data = JSON.parse(document.getElementById("checkout-data").textContent);
  var button = document.getElementById("checkout-open");
  var notes = ["checkout-opening", "checkout-script-failed", "checkout-dismissed", "checkout-declined"];
  function show(id) {
    notes.forEach(function (note) { document.getElementById(note).hidden = note !== id; });
  }
  var options = data.options;
  options.modal = { ondismiss: function () { button.disabled = false; show("checkout-dismissed"); } };
  var loading = false;
  function open() {
    if (typeof window.Razorpay === "function") {
      var checkout = new window.Razorpay(options);
      checkout.on("payment.failed", function () { show("checkout-declined"); });
      show("checkout-opening");
      checkout.open();
      return;
    }
    if (loading) { return; }
    loading = true;
    button.disabled = true;
    show("checkout-opening");
    var script = document.createElement("script");
    var late = setTimeout(failed, data.timeout_ms);
    function failed() {
      loading = false;
      button.disabled = false;
      show("checkout-script-failed");
    }
    script.src = data.script;
    script.onload = function () {
      clearTimeout(late);
      loading = false;
      button.disabled = false;
      if (typeof window.Razorpay === "function") { open(); } else { failed(); }
    };
    script.onerror = function () {
      clearTimeout(late);
      script.remove();
      failed();
    };
    document.head.appendChild(script);
  }
  button.addEventListener("click", open);
  open();
})();"""
_BOOTSTRAP_HASH = "'sha256-" + base64.b64encode(hashlib.sha256(_BOOTSTRAP).digest()).decode() + "'"
# The look of the checkout page and of the page an old link gets (both outside the Reflex app).
_PAGE_STYLE = """:root{color-scheme:light dark}
body{font-family:system-ui,sans-serif;line-height:1.5;max-width:34rem;margin:3rem auto;padding:0 1rem}
button{font:inherit;padding:.6rem 1.2rem;cursor:pointer;border:0;border-radius:6px;background:#0d7d72;color:#fff}
button:disabled{opacity:.6;cursor:wait}a{color:#0d7d72}
@media (prefers-color-scheme:dark){a{color:#0bd8b6}}
[role=alert]{border-left:4px solid #ce2c31;padding-left:.8rem}
#checkout-dismissed{border-left:4px solid #ffc53d;padding-left:.8rem}"""
# How long the page waits for checkout.js before it says the script could not be loaded.
SCRIPT_TIMEOUT_MS = 15_000


async def _body(request: Request, limit: int) -> bytes | None:
    """The raw body as sent, or None once it is longer than `limit` bytes (the rest is not read)."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return None
    return body


@router.post("/webhooks/{provider}")
async def webhook(provider: str, request: Request) -> Response:
    """Receive one event of a payment provider."""
    if not get_settings().plans_enabled:
        return api_error("not_found", t("billing.webhook.not_found"), 404)
    body = await _body(request, webhooks.MAX_BODY_BYTES)
    if body is None:
        return api_error("payload_too_large", t("billing.webhook.too_large"), 413)
    headers = dict(request.headers.items())
    return await run_in_threadpool(_receive, provider, body, headers)


def _receive(provider: str, body: bytes, headers: dict[str, str]) -> Response:
    try:
        with db.session_scope() as session:
            received = webhooks.receive(session, provider, body, headers)
    except webhooks.WebhookRefused as exc:
        if exc.code == "unknown_provider":
            return api_error("not_found", t("billing.webhook.not_found"), 404)
        if exc.code == "signature":
            return api_error("signature_invalid", t("billing.webhook.signature_invalid"), 400)
        return api_error("event_invalid", t("billing.webhook.event_invalid"), 400)
    except (PaymentError, OperationalError) as exc:
        log.warning("A %s webhook could not be applied now (the provider will retry): %s", provider, exc)
        return api_error("unavailable", t("billing.webhook.unavailable"), 503, retry_after=60)
    return JSONResponse({"received": True, "duplicate": received.duplicate})


def _language(request: Request) -> str:
    chosen = request.cookies.get("ic_lang", "")  # the header's language menu (state/auth.py)
    return normalise(chosen) if chosen else from_accept_language(request.headers.get("accept-language"))


def _to_return_page(outcome: str = "", cause: str = "") -> RedirectResponse:
    params = {"payment": outcome, "why": cause} if cause else {"payment": outcome}
    query = f"?{urlencode(params)}" if outcome else ""
    return RedirectResponse(f"{routes.BILLING_RETURN}{query}", status_code=303)


@router.get("/checkout/{provider}/{subscription_id}")  # routes.BILLING_CHECKOUT_API
async def checkout_page(provider: str, subscription_id: str, request: Request) -> Response:
    """The app's checkout page that opens the provider's payment window (Razorpay's Standard Checkout)."""
    if not get_settings().plans_enabled:
        return api_error("not_found", t("billing.webhook.not_found"), 404)
    lang = _language(request)
    token = request.query_params.get("t", "")
    try:
        found = await run_in_threadpool(_script_checkout, provider, subscription_id, token)
    except BillingError as exc:
        log.info("No checkout page for %s/%s: %s", provider, subscription_id, exc)
        if exc.code in ("link_expired", "link_invalid"):
            return _link_refused_page(exc.code, lang)
        return _to_return_page()
    policy = "; ".join(
        [
            "default-src 'none'",
            f"script-src {_BOOTSTRAP_HASH} {' '.join(found.origins)}",
            f"style-src 'unsafe-inline' {' '.join(found.origins)}",
            f"img-src data: {' '.join(found.origins)}",
            f"font-src {' '.join(found.origins)}",
            f"frame-src {' '.join(found.origins)}",
            f"connect-src {' '.join(found.origins)}",
            f"form-action 'self' {' '.join(found.origins)}",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ]
    )
    headers = {"Content-Security-Policy": policy, "Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
    return HTMLResponse(_checkout_html(found, lang), headers=headers)


def _checkout_html(found: ScriptCheckout, lang: str) -> str:
    def text(key: str) -> str:
        return html.escape(t(key, lang))

    data = json.dumps({"script": found.script_url, "options": found.options, "timeout_ms": SCRIPT_TIMEOUT_MS})
    # Inside a <script> element: no "</script>" or "<!--" may end it early.
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    back = f'<a href="{html.escape(routes.PRICING)}" id="checkout-back">{text("billing.checkout.back")}</a>'
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{text("billing.checkout.page_title")}</title>
<style>{_PAGE_STYLE}</style></head>
<body><main><h1>{text("billing.checkout.heading")}</h1>
<p>{text("billing.checkout.text")}</p>
<div aria-live="polite">
<p id="checkout-opening">{text("billing.checkout.opening")}</p>
<p id="checkout-script-failed" role="alert" hidden>{text("billing.checkout.script_failed")}</p>
<p id="checkout-dismissed" hidden>{text("billing.checkout.dismissed")}</p>
<p id="checkout-declined" role="alert" hidden>{text("billing.checkout.declined")}</p>
</div>
<noscript><p role="alert">{text("billing.checkout.noscript")}</p></noscript>
<p><button type="button" id="checkout-open">{text("billing.checkout.open")}</button></p>
<p>{back}</p></main>
<script type="application/json" id="checkout-data">{data}</script>
<script>{_BOOTSTRAP.decode()}</script></body></html>"""


def _script_checkout(provider: str, subscription_id: str, token: str) -> ScriptCheckout:
    with db.session_scope() as session:
        return checkout.script_checkout(session, provider, subscription_id, token)


def _link_refused_page(code: str, lang: str) -> HTMLResponse:
    """The page for an expired link (410) or one the app did not make for this checkout (403): back to the plans."""
    expired = code == "link_expired"
    heading = t("billing.checkout.expired_heading" if expired else "billing.checkout.invalid_heading", lang)
    if expired:
        text = t("billing.checkout.expired_text", lang, count=checkout.PAGE_TOKEN_SECONDS // 60)
    else:
        text = t("billing.checkout.invalid_text", lang)
    again = html.escape(t("billing.checkout.start_again", lang))
    body = f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(t("billing.checkout.page_title", lang))}</title>
<style>{_PAGE_STYLE}</style></head>
<body><main><h1>{html.escape(heading)}</h1>
<p role="alert">{html.escape(text)}</p>
<p><a href="{html.escape(routes.PRICING)}" id="checkout-start-again">{again}</a></p></main></body></html>"""
    headers = {
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'",
        "Cache-Control": "no-store",
        "Referrer-Policy": "no-referrer",
    }
    return HTMLResponse(body, status_code=410 if expired else 403, headers=headers)


@router.post("/checkout/{provider}/return")
async def checkout_return(provider: str, request: Request) -> Response:
    """Where the provider's payment window posts the payment's result: verified, audited, then /billing/return."""
    if not get_settings().plans_enabled:
        return api_error("not_found", t("billing.webhook.not_found"), 404)
    body = await _body(request, MAX_RETURN_BYTES)
    if body is None:
        return api_error("payload_too_large", t("billing.webhook.too_large"), 413)
    fields = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
    subscription_id = request.query_params.get("subscription", "")
    try:
        back = await run_in_threadpool(_returned, provider, fields, subscription_id)
    except BillingError:
        return api_error("not_found", t("billing.webhook.not_found"), 404)
    except OperationalError as exc:  # the database was busy: the webhook still brings the plan
        log.warning("A %s checkout return could not be recorded: %s", provider, exc)
        return _to_return_page("paid" if fields.get("razorpay_signature") else "failed")
    return _to_return_page(back.outcome, back.cause)


def _returned(provider: str, fields: dict[str, str], subscription_id: str) -> checkout.Returned:
    with db.session_scope() as session:
        return checkout.returned(session, provider, fields, subscription_id)
