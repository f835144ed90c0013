"""Timing every HTTP request by route template, and tagging its log lines with a request id (ASGI middleware)."""

from __future__ import annotations

import logging
import re
import time

from starlette.routing import Match, Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from interview_app import logs
from interview_app.observability import metrics

log = logging.getLogger("interview_app.access")

_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# Reflex's own endpoints and the static build, by prefix; anything else is a page (a bounded label set).
_KNOWN = (
    ("/_event", "/_event"),
    ("/_upload", "/_upload"),
    ("/_health", "/_health"),
    ("/ping", "/ping"),
    ("/_next/", "/_next/*"),
    ("/assets/", "/assets/*"),
    ("/metrics", "/metrics"),
)


class HttpMetrics:
    """Wraps the whole app: per request, a request id for the logs and one observation for /metrics."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request through the wrapped app, timed and tagged."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_of(scope)
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                message["headers"] = with_request_id(message.get("headers", []), request_id)
            await send(message)

        with logs.bind(request_id=request_id):
            try:
                await self.app(scope, receive, send_with_id)
            finally:
                seconds = time.perf_counter() - started
                route = route_of(self.app, scope)
                metrics.observe_http(scope.get("method", "GET"), route, status, seconds)
                log.log(
                    logs.access_level(),
                    "%s %s %s %.1f ms",
                    scope.get("method", "GET"),
                    route,
                    status,
                    seconds * 1000,
                )


def request_id_of(scope: Scope) -> str:
    """The request's `X-Request-ID` when it is sane (1-64 letters, digits, '.', '_', '-'), else a new id."""
    headers = dict(scope.get("headers") or [])
    given = headers.get(b"x-request-id", b"").decode("latin-1")
    return given if _REQUEST_ID.fullmatch(given) else logs.new_id()


def with_request_id(headers: list, request_id: str) -> list:
    """Response headers with `x-request-id`, unless the response carries one already (an API refusal)."""
    if any(name.lower() == b"x-request-id" for name, _ in headers):
        return list(headers)
    return [*headers, (b"x-request-id", request_id.encode())]


def route_of(app: ASGIApp, scope: Scope) -> str:
    """The matched route's template (/api/v1/media/{token}), a known Reflex endpoint, or "page"."""
    path = str(scope.get("path", ""))
    for prefix, label in _KNOWN:
        if path == prefix.rstrip("/") or path.startswith(prefix):
            return label
    for candidate in _routes(app):
        match, _ = candidate.matches(scope)
        if match == Match.FULL:
            return str(getattr(candidate, "path", "page"))
    return "/api/*" if path.startswith("/api/") else "page"


def _routes(app: object) -> list:
    """The routes of the first Starlette/FastAPI app found by unwrapping middleware (`.app` attributes)."""
    seen = 0
    while app is not None and seen < 10:
        routes = getattr(app, "routes", None)
        if routes:
            return _flatten(routes)
        app = getattr(app, "app", None)
        seen += 1
    return []


def _flatten(routes: list, depth: int = 0) -> list:
    """Routes with FastAPI's included routers opened up (their routes carry the full path), mounts left out.

    The Reflex app itself is mounted at "" and matches every path: it is the "page" fallback.
    """
    out = []
    for candidate in routes:
        inner = getattr(getattr(candidate, "original_router", None), "routes", None)
        if inner is not None and depth < 5:
            out.extend(_flatten(list(inner), depth + 1))
        elif not isinstance(candidate, Mount):
            out.append(candidate)
    return out


def middleware(app: ASGIApp) -> HttpMetrics:
    """For Reflex's api_transformer list."""
    return HttpMetrics(app)
