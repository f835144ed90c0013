"""Payment providers' webhooks: POST /api/billing/webhooks/stripe and /api/billing/webhooks/razorpay.

Outside /api/v1 and its sign-in: a provider proves itself by the signature over the raw body, which is read
as sent (at most `webhooks.MAX_BODY_BYTES`) and verified before anything else. Answers: 200
`{"received": true, "duplicate": bool}` for an applied or already stored event (so the provider stops
retrying), 400 `signature_invalid` or `event_invalid`, 404 when plans are off or the provider is unknown,
413 for an oversized body, 503 when applying failed for a passing reason (the provider retries later).
The routes are left out of the public OpenAPI document: they are for Stripe and Razorpay, not for clients.

Razorpay's Hosted Checkout is opened by a form POST from the browser: `GET /api/billing/checkout/razorpay/<id>`
is a small page of the app's own that posts that form at once (a button does it without scripts), under a
policy of its own that lets forms go to Razorpay only. Razorpay posts the payment's signed result back to
`POST /api/billing/checkout/razorpay/return`, which verifies it and sends the browser on to /billing/return.
"""

from __future__ import annotations

import base64
import hashlib
import html
import logging
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import OperationalError
from starlette.concurrency import run_in_threadpool

from interview_app import db, routes
from interview_app.api.contract import api_error
from interview_app.i18n import from_accept_language, normalise, t
from interview_app.origins import origin_of
from interview_app.services.billing import checkout, webhooks
from interview_app.services.billing.payments.base import CheckoutForm, PaymentError
from interview_app.services.billing.subscriptions import BillingError
from interview_app.settings import get_settings

log = logging.getLogger(__name__)

router = APIRouter(prefix=f"{routes.API_ROOT}/billing", include_in_schema=False)
# A hosted page's return is a few short form fields.
MAX_RETURN_BYTES = 16 * 1024
_SUBMIT = b'document.getElementById("hosted-checkout").submit();'
_SUBMIT_HASH = "'sha256-" + base64.b64encode(hashlib.sha256(_SUBMIT).digest()).decode() + "'"


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


def _to_return_page(outcome: str = "") -> RedirectResponse:
    query = f"?{urlencode({'payment': outcome})}" if outcome else ""
    return RedirectResponse(f"{routes.BILLING_RETURN}{query}", status_code=303)


@router.get("/checkout/{provider}/{subscription_id}")  # routes.BILLING_CHECKOUT_API
async def hosted_checkout(provider: str, subscription_id: str, request: Request) -> Response:
    """The app's page that posts the form opening the provider's hosted payment page (Razorpay)."""
    if not get_settings().plans_enabled:
        return api_error("not_found", t("billing.webhook.not_found"), 404)
    lang = _language(request)
    try:
        form = await run_in_threadpool(_hosted_form, provider, subscription_id)
    except BillingError as exc:
        log.info("No hosted checkout for %s/%s: %s", provider, subscription_id, exc)
        return _to_return_page()
    inputs = "".join(
        f'<input type="hidden" name="{html.escape(name)}" value="{html.escape(value)}">'
        for name, value in form.fields.items()
    )
    page = f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(t("billing.checkout.page_title", lang))}</title>
<style>body{{font-family:system-ui,sans-serif;line-height:1.5;max-width:32rem;margin:3rem auto;padding:0 1rem}}
button{{font:inherit;padding:.6rem 1.2rem;cursor:pointer}}</style></head>
<body><main><h1>{html.escape(t("billing.checkout.heading", lang))}</h1>
<form id="hosted-checkout" method="post" action="{html.escape(form.action)}">{inputs}
<p>{html.escape(t("billing.checkout.text", lang))}</p>
<button type="submit">{html.escape(t("billing.checkout.continue", lang))}</button></form></main>
<script>{_SUBMIT.decode()}</script></body></html>"""
    policy = "; ".join(
        [
            "default-src 'none'",
            "style-src 'unsafe-inline'",
            f"script-src {_SUBMIT_HASH}",
            f"form-action {origin_of(form.action)}",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ]
    )
    headers = {"Content-Security-Policy": policy, "Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
    return HTMLResponse(page, headers=headers)


def _hosted_form(provider: str, subscription_id: str) -> CheckoutForm:
    with db.session_scope() as session:
        return checkout.hosted_form(session, provider, subscription_id)


@router.post("/checkout/{provider}/return")
async def hosted_checkout_return(provider: str, request: Request) -> Response:
    """Where the provider's hosted page posts the payment's result: verified, then on to /billing/return."""
    if not get_settings().plans_enabled:
        return api_error("not_found", t("billing.webhook.not_found"), 404)
    body = await _body(request, MAX_RETURN_BYTES)
    if body is None:
        return api_error("payload_too_large", t("billing.webhook.too_large"), 413)
    fields = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
    try:
        outcome = await run_in_threadpool(_returned, provider, fields)
    except BillingError:
        return api_error("not_found", t("billing.webhook.not_found"), 404)
    except OperationalError as exc:  # the database was busy: the webhook still brings the plan
        log.warning("A %s checkout return could not be recorded: %s", provider, exc)
        outcome = "paid" if fields.get("razorpay_signature") else "failed"
    return _to_return_page(outcome)


def _returned(provider: str, fields: dict[str, str]) -> str:
    with db.session_scope() as session:
        return checkout.returned(session, provider, fields)
