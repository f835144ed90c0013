"""CORS that says nothing at all to an origin it does not allow.

Reflex wraps the app in Starlette's CORS middleware with `allow_credentials=True`, which adds
`Access-Control-Allow-Credentials: true` to every answer to a request that carries an `Origin`, allowed or
not. Without a matching `Access-Control-Allow-Origin` a browser grants nothing, but an answer to
`http://evil.example` should not look like an invitation either: `OwnOriginCORS` answers foreign origins
as if CORS did not exist (preflights get a plain 400), and `use_for_reflex` makes Reflex use it for every
CORS layer it adds. The allowed origins are still Reflex's `cors_allowed_origins` (see rxconfig.py).
"""

from __future__ import annotations

from reflex.app import App
from reflex_base.config import get_config
from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import PlainTextResponse
from starlette.types import Receive, Scope, Send


class OwnOriginCORS(CORSMiddleware):
    """Starlette's CORS middleware, silent towards origins outside the allowed list."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass foreign-origin requests through untouched; refuse their preflights without CORS headers."""
        if scope["type"] == "http":
            headers = Headers(scope=scope)
            origin = headers.get("origin")
            if origin is not None and not self.is_allowed_origin(origin):
                if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
                    await PlainTextResponse("Disallowed CORS origin", status_code=400)(scope, receive, send)
                    return
                await self.app(scope, receive, send)
                return
        await super().__call__(scope, receive, send)


def _add_own_origin_cors(api: Starlette) -> None:
    api.add_middleware(
        OwnOriginCORS,
        allow_credentials=True,
        allow_methods=["*"],
        allow_headers=["*"],
        allow_origins=get_config().cors_allowed_origins,
    )


def use_for_reflex() -> None:
    """Make every CORS layer Reflex adds an `OwnOriginCORS` (call before `rx.App(...)`)."""
    App._add_cors = staticmethod(_add_own_origin_cors)  # pyright: ignore[reportAttributeAccessIssue]
