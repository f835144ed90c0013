"""Payment providers' webhooks: POST /api/billing/webhooks/stripe and /api/billing/webhooks/razorpay.

Outside /api/v1 and its sign-in: a provider proves itself by the signature over the raw body, which is read
as sent (at most `webhooks.MAX_BODY_BYTES`) and verified before anything else. Answers: 200
`{"received": true, "duplicate": bool}` for an applied or already stored event (so the provider stops
retrying), 400 `signature_invalid` or `event_invalid`, 404 when plans are off or the provider is unknown,
413 for an oversized body, 503 when applying failed for a passing reason (the provider retries later).
The routes are left out of the public OpenAPI document: they are for Stripe and Razorpay, not for clients.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import OperationalError
from starlette.concurrency import run_in_threadpool

from interview_app import db, routes
from interview_app.api.contract import api_error
from interview_app.i18n import t
from interview_app.services.billing import webhooks
from interview_app.services.billing.payments.base import PaymentError
from interview_app.settings import get_settings

log = logging.getLogger(__name__)

router = APIRouter(prefix=f"{routes.API_ROOT}/billing", include_in_schema=False)


@router.post("/webhooks/{provider}")
async def webhook(provider: str, request: Request) -> Response:
    """Receive one event of a payment provider."""
    if not get_settings().plans_enabled:
        return api_error("not_found", t("billing.webhook.not_found"), 404)
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > webhooks.MAX_BODY_BYTES:
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
