"""How long browsers keep the static files: the build's content-hashed files for a year, the rest briefly.

The page build (`/assets/*`) names every script and stylesheet after a hash of its content, so a new
version gets a new name and the old one can be kept forever (`immutable`). Files served under fixed
names from `assets/` (icons, app.css, enhance.js, recorder.js, fonts) are kept for an hour and then
revalidated; pages, the service worker and the manifest are always revalidated, so a new release shows at
once. Responses that set their own Cache-Control (the API, media, exports) keep it.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=3600"
REVALIDATE = "no-cache"
# Fixed-name files that must never be served stale: the service worker decides what the app caches itself.
ALWAYS_REVALIDATE = ("/sw.js", "/manifest.webmanifest", "/offline.html", "/offline.js")
STATIC_SUFFIXES = (".js", ".css", ".svg", ".png", ".ico", ".woff", ".woff2", ".ttf", ".webp", ".jpg")


def cache_control(path: str, content_type: str) -> str | None:
    """The Cache-Control for a successful GET of `path`, or None to leave the response as it is."""
    if path.startswith(("/api/", "/_event", "/_upload", "/media", "/metrics", "/ping", "/_health")):
        return None
    if path.startswith("/assets/"):
        return IMMUTABLE
    if path in ALWAYS_REVALIDATE or content_type.startswith("text/html"):
        return REVALIDATE
    if path.endswith(STATIC_SUFFIXES):
        return SHORT
    return None


class StaticCache:
    """ASGI middleware setting Cache-Control on static files and pages (see the module docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        """Wrap `app`."""
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Add the header to successful GET and HEAD responses that have none."""
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")

        async def send_with_cache(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] in (200, 304):
                headers = MutableHeaders(scope=message)
                if "cache-control" not in headers:
                    value = cache_control(path, headers.get("content-type", ""))
                    if value is not None:
                        headers["Cache-Control"] = value
            await send(message)

        await self.app(scope, receive, send_with_cache)


def middleware(app: ASGIApp) -> StaticCache:
    """The `api_transformer` entry for `rx.App`."""
    return StaticCache(app)
