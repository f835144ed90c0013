"""Web Push set-up for the installed app, and the one-click unsubscribe link of reminder e-mails.

The push routes take the session token as `Authorization: Bearer ...` (assets/push.js sends it) and answer
errors as JSON {error, message}. The unsubscribe link carries a signed token instead of a session, so it
works from any mail client, for people (GET, a small page) and for RFC 8058 one-click POSTs.
"""

from __future__ import annotations

import html
import json
from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field, ValidationError
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from interview_app import db, routes
from interview_app.api.contract import Credentials, api_error, responses, session_token
from interview_app.api.language import t
from interview_app.i18n import keys
from interview_app.services.accounts import accounts
from interview_app.services.notifications import reminders, webpush
from interview_app.services.shared import rate_limit

router = APIRouter(prefix=routes.API_PREFIX, tags=["reminders"])

MAX_BODY_BYTES = 8 * 1024
SUBSCRIPTION_CHANGES_PER_HOUR = 30


class SubscriptionKeys(BaseModel):
    """The browser's encryption keys of a push subscription."""

    p256dh: str = Field(min_length=1, max_length=200)
    auth: str = Field(min_length=1, max_length=100)


class SubscriptionBody(BaseModel):
    """What `PushSubscription.toJSON()` gives in the browser (`expirationTime` is ignored)."""

    endpoint: str = Field(min_length=1, max_length=webpush.ENDPOINT_MAX_LENGTH)
    keys: SubscriptionKeys


class EndpointBody(BaseModel):
    """The subscription to forget."""

    endpoint: str = Field(min_length=1, max_length=webpush.ENDPOINT_MAX_LENGTH)


class PublicKey(BaseModel):
    """The server's VAPID public key (base64url)."""

    publicKey: str  # the name assets/push.js reads


class Subscribed(BaseModel):
    """The subscription is stored."""

    subscribed: bool


def _json_body(model: type[BaseModel]) -> dict[str, object]:
    """The OpenAPI request body of a route that reads and checks its JSON itself (size first)."""
    schema = model.model_json_schema()
    defs = schema.pop("$defs", {})

    def inline(node: object) -> object:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                return inline(defs[ref.rsplit("/", 1)[-1]])
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(item) for item in node]
        return node

    content = {"application/json": {"schema": inline(schema)}}
    return {"requestBody": {"required": True, "content": content}}


def _error(code: str, status: int) -> JSONResponse:
    return api_error(code, t(keys.PUSH_ERRORS[code]), status)


def _user_id(session: Session, token: str) -> int | None:
    user = accounts.resolve_session(session, token) if token else None
    return user.id if user is not None else None


async def _body(request: Request) -> bytes | None:
    """The request body, or None when it is larger than MAX_BODY_BYTES."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            return None
    return body


@router.get("/push/key", response_model=PublicKey)
def push_key() -> Response:
    """The server's VAPID public key, for `pushManager.subscribe`."""
    with db.session_scope() as session:
        key = webpush.application_server_key(session)
    return JSONResponse({"publicKey": key}, headers={"Cache-Control": "no-cache"})


@router.post(
    "/push/subscriptions",
    status_code=201,
    response_model=Subscribed,
    responses=responses(401, 422, 429),
    openapi_extra=_json_body(SubscriptionBody),
)
async def add_subscription(request: Request, credentials: Credentials) -> Response:
    """Store this browser's push subscription for the signed-in user."""
    body = await _body(request)
    user_agent = request.headers.get("user-agent", "")
    return await run_in_threadpool(_subscribe, body, session_token(credentials), user_agent)


def _subscribe(body: bytes | None, token: str, user_agent: str) -> Response:
    with db.session_scope() as session:
        user_id = _user_id(session, token)
        if user_id is None:
            return _error("signed_out", 401)
        limited = _rate_limited(session, user_id)
        if limited is not None:
            return limited
        try:
            parsed = SubscriptionBody.model_validate(json.loads(body or b"null"))
        except (ValueError, ValidationError):
            return _error("request_invalid", 422)
        try:
            webpush.subscribe(session, user_id, parsed.endpoint, parsed.keys.p256dh, parsed.keys.auth, user_agent)
        except webpush.PushError as exc:
            return _error(exc.code, 422)
    return JSONResponse({"subscribed": True}, status_code=201)


def _rate_limited(session: Session, user_id: int) -> JSONResponse | None:
    key = f"push:{user_id}"
    try:
        rate_limit.check_window(session, key, limit=SUBSCRIPTION_CHANGES_PER_HOUR, window=timedelta(hours=1))
    except rate_limit.RateLimited:
        return _error("rate_limited", 429)
    rate_limit.hit(session, key)
    return None


@router.delete(
    "/push/subscriptions",
    status_code=204,
    response_class=Response,
    responses=responses(401, 422),
    openapi_extra=_json_body(EndpointBody),
)
async def remove_subscription(request: Request, credentials: Credentials) -> Response:
    """Forget this browser's push subscription (nothing happens for another user's endpoint)."""
    body = await _body(request)
    return await run_in_threadpool(_unsubscribe, body, session_token(credentials))


def _unsubscribe(body: bytes | None, token: str) -> Response:
    with db.session_scope() as session:
        user_id = _user_id(session, token)
        if user_id is None:
            return _error("signed_out", 401)
        try:
            parsed = EndpointBody.model_validate(json.loads(body or b"null"))
        except (ValueError, ValidationError):
            return _error("request_invalid", 422)
        webpush.unsubscribe(session, user_id, parsed.endpoint)
    return Response(status_code=204)


_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title} · Interview Coach</title>
<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; background: #f8fafc;
  color: #0f172a; line-height: 1.5; }}
main {{ max-width: 32rem; margin: 4rem auto; padding: 2rem; background: #fff; border-radius: 12px;
  box-shadow: 0 1px 3px rgba(15, 23, 42, 0.12); }}
h1 {{ font-size: 1.5rem; margin: 0 0 1rem; }}
a {{ color: #0f766e; font-weight: 600; }}
a:focus-visible {{ outline: 3px solid #0f766e; outline-offset: 2px; }}
@media (prefers-color-scheme: dark) {{
  body {{ background: #0f172a; color: #e2e8f0; }} main {{ background: #1e293b; }} a {{ color: #5eead4; }}
}}
</style>
</head>
<body>
<main>
<h1>{title}</h1>
<p role="status">{message}</p>
<p><a href="{settings}">{settings_text}</a></p>
</main>
</body>
</html>
"""


def _page(title: str, message: str, status: int) -> HTMLResponse:
    body = _PAGE.format(
        title=html.escape(title),
        message=html.escape(message),
        settings=html.escape(routes.SETTINGS),
        settings_text=html.escape(t("reminder.unsubscribe.settings")),
    )
    headers = {
        "Cache-Control": "no-store",
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'",
        "Referrer-Policy": "no-referrer",
    }
    return HTMLResponse(body, status_code=status, headers=headers)


def _turn_off_email(request: Request, token: str, one_click: bool) -> HTMLResponse:
    ip = request.client.host if request.client else ""
    try:
        with db.session_scope() as session:
            reminders.unsubscribe_email(session, token, ip=ip, one_click=one_click)
    except reminders.ReminderError as exc:
        return _page(t("reminder.unsubscribe.invalid_title"), t(keys.REMINDER_ERRORS[exc.code]), 400)
    return _page(t("reminder.unsubscribe.title"), t("reminder.unsubscribe.done"), 200)


_PAGES = {
    "response_class": HTMLResponse,
    "responses": {
        400: {"description": "The link is incomplete or was changed (a page saying so).", "content": {"text/html": {}}},
        **responses(422),
    },
}


@router.get("/reminders/unsubscribe", **_PAGES)
def unsubscribe_page(request: Request, token: str = "") -> HTMLResponse:
    """Turn reminder e-mails off from the link in one of them, and say so."""
    return _turn_off_email(request, token, one_click=False)


@router.post("/reminders/unsubscribe", **_PAGES)
def unsubscribe_one_click(request: Request, token: str = "") -> HTMLResponse:
    """RFC 8058 one-click unsubscribe, posted by the mail client (`List-Unsubscribe=One-Click`)."""
    return _turn_off_email(request, token, one_click=True)
