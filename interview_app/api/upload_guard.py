"""A guard in front of Reflex's upload endpoint (`POST /_upload`), which otherwise reads any body first.

Reflex parses the whole multipart body before the event handler can check anything, and answers 500 when
the `reflex-event-handler` header names a handler that takes no files. The guard answers before Reflex sees
the request:

- only handlers listed in `UPLOADS` take files (400 `handler_unknown` for any other name);
- the browser sends the session token (`Authorization: Bearer ...`, the `extra_headers` of
  `rx.upload_files`), resolved here to a live session of a user with the handler's role (401 `signed_out`,
  403 `forbidden`) before any of the body is read, and it must be the session the tab named by
  `reflex-client-token` holds (403 `forbidden`): one admin's token cannot run an upload in another's tab;
- the body is read up to the handler's limit plus room for the form around the file: a larger declared
  `Content-Length` is refused at once, a streamed body as soon as it passes the limit (413 `too_large`), and
  nothing of a refused body reaches the handler;
- nothing is served from the upload folder (the app keeps no uploaded file there): other methods on
  `/_upload` get 405 and paths below it 404.

Refusals have the API's error shape: `{"error": {"code", "message", "request_id", "details"}}` (`details.limit_bytes`
with 413) and the request id in `X-Request-ID`.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

import reflex as rx
from reflex.istate.manager.token import BaseStateToken
from reflex_base.config import get_config
from reflex_base.constants import Endpoint
from reflex_base.utils.format import format_event_handler
from starlette.concurrency import run_in_threadpool

from interview_app import db, logs
from interview_app.api.contract import REQUEST_ID_HEADER
from interview_app.api.language import t
from interview_app.i18n import keys
from interview_app.pages.admin.question_import import ImportState
from interview_app.pages.tailoring.tailor import TailorState
from interview_app.services.accounts import accounts
from interview_app.services.bank.importer import MAX_IMPORT_BYTES
from interview_app.services.tailoring import files as cv_files
from interview_app.state.auth import AuthState

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
# The session token a tab's server-side state holds, by the tab's client token ("" when none).
TabSession = Callable[[str], Awaitable[str]]

# Room for the multipart boundaries, part headers and the handler's bound arguments around the file.
FORM_OVERHEAD_BYTES = 16 * 1024


@dataclass(frozen=True)
class UploadRule:
    """Who may upload to a handler, and the largest file it takes (its own limit: the guard adds the form)."""

    role: str  # "admin", "candidate", or "user" for any signed-in user
    max_file_bytes: int

    @property
    def max_body_bytes(self) -> int:
        """The largest request body let through."""
        return self.max_file_bytes + FORM_OVERHEAD_BYTES


def handler_name(handler: Any) -> str:
    """The name the browser sends in `reflex-event-handler` for a state's handler."""
    return format_event_handler(handler)


# Every handler that takes files: the admin's question import (CSV or JSON, MAX_IMPORT_BYTES) and a
# candidate's CV on /tailor (any signed-in user: role "user").
UPLOADS: dict[str, UploadRule] = {
    handler_name(ImportState.upload): UploadRule(role="admin", max_file_bytes=MAX_IMPORT_BYTES),
    handler_name(TailorState.upload_cv): UploadRule(role="user", max_file_bytes=cv_files.MAX_BYTES),
}


_app: list[rx.App] = []


def install(app: rx.App) -> None:
    """Let the guard read tabs' states from `app`'s state manager (called once where the app is made)."""
    _app[:] = [app]


async def held_session(client_token: str) -> str:
    """The session token that the tab `client_token` holds in its server-side state ("" when none)."""
    if not client_token or not _app:
        return ""
    app = _app[0]
    with app.set_contexts():
        root = await app.state_manager.get_state(BaseStateToken(ident=client_token, cls=AuthState))
        auth = await root.get_state(AuthState)
    return auth.session_token


def _user_role(token: str) -> str | None:
    """The role of the user behind a session token, or None when it is no live session."""
    if not token:
        return None
    with db.session_scope() as session:
        user = accounts.resolve_session(session, token)
        return user.role if user is not None else None


def _bearer(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            return token.strip() if scheme.lower() == "bearer" else ""
    return ""


def _header(scope: Scope, wanted: bytes) -> str:
    for name, value in scope.get("headers", []):
        if name == wanted:
            return value.decode("latin-1")
    return ""


async def _refuse(send: Send, status: int, code: str, headers: dict[str, str] | None = None, limit: int = 0) -> None:
    """The API's error shape (`{"error": {"code", "message", "request_id", "details"}}`, `X-Request-ID`)."""
    message = t(keys.UPLOAD_ERRORS[code], limit=limit) if limit else t(keys.UPLOAD_ERRORS[code])
    details = {"limit_bytes": limit} if limit else {}
    request_id = logs.current_ids().get("request_id") or logs.new_id()
    error = {"code": code, "message": message, "request_id": request_id, "details": details}
    body = json.dumps({"error": error}).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(b"connection", b"close"), (REQUEST_ID_HEADER.lower().encode(), request_id.encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    """The whole request body, or None as soon as it passes `limit` (or the client went away)."""
    body = bytearray()
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        body += message.get("body", b"")
        if len(body) > limit:
            return None
        if not message.get("more_body", False):
            return bytes(body)


class UploadGuard:
    """ASGI middleware checking every request to the upload endpoint before Reflex reads it."""

    def __init__(
        self, app: ASGIApp, uploads: dict[str, UploadRule] | None = None, tab_session: TabSession = held_session
    ) -> None:
        """Wrap `app`; `uploads` names the handlers that take files (UPLOADS by default).

        `tab_session` reads the session token a tab's state holds (the app's state manager by default).
        """
        self.app = app
        self.uploads = UPLOADS if uploads is None else uploads
        self.tab_session = tab_session
        self.path = get_config().prepend_backend_path(str(Endpoint.UPLOAD))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass everything but the upload endpoint through; check that first."""
        path = scope.get("path", "")
        if scope["type"] != "http" or not (path == self.path or path.startswith(self.path + "/")):
            await self.app(scope, receive, send)
            return
        if path != self.path:
            await _refuse(send, 404, "method_not_allowed")
            return
        if scope.get("method") != "POST":
            await _refuse(send, 405, "method_not_allowed", {"Allow": "POST"})
            return
        rule = self.uploads.get(_header(scope, b"reflex-event-handler"))
        if rule is None:
            await _refuse(send, 400, "handler_unknown")
            return
        token = _bearer(scope)
        role = await run_in_threadpool(_user_role, token)
        if role is None:
            await _refuse(send, 401, "signed_out")
            return
        held = await self.tab_session(_header(scope, b"reflex-client-token"))
        if (rule.role != "user" and role != rule.role) or not hmac.compare_digest(held.encode(), token.encode()):
            await _refuse(send, 403, "forbidden")
            return
        declared = _header(scope, b"content-length")
        if declared.isdigit() and int(declared) > rule.max_body_bytes:
            await _refuse(send, 413, "too_large", limit=rule.max_file_bytes)
            return
        body = await _read_body(receive, rule.max_body_bytes)
        if body is None:
            await _refuse(send, 413, "too_large", limit=rule.max_file_bytes)
            return
        await self.app(scope, _replay(body, receive), send)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A `receive` that gives the body read already, then whatever the client sends next (a disconnect)."""
    pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def replay() -> Message:
        return pending.pop() if pending else await receive()

    return replay
