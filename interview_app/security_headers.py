"""Security headers on every HTTP response: an enforced Content-Security-Policy and the usual companions.

The policy allows scripts only from the app's own origin plus the inline scripts of the page being served,
by their SHA-256 hashes (React Router's hydration scripts in the prerendered HTML). No 'unsafe-inline' and
no 'unsafe-eval' for scripts: the built frontend runs server-sent browser calls without `eval` (see
`interview_app.browser_calls`). Styles keep 'unsafe-inline' (Radix and emotion set inline styles).

The hashes are computed from the HTML as it is sent (gzip or plain; `Accept-Encoding` is narrowed to those
two so every page can be read) and cached per body digest, so each built page is parsed once.
Headers a response already carries (an endpoint's stricter policy) are kept as they are.
"""

from __future__ import annotations

import base64
import hashlib
import re
import zlib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from interview_app import origins
from interview_app.settings import get_settings

PERMISSIONS_POLICY = ", ".join(
    [
        "microphone=(self)",
        "camera=(self)",
        *(
            f"{feature}=()"
            for feature in (
                "accelerometer",
                "browsing-topics",
                "display-capture",
                "encrypted-media",
                "geolocation",
                "gyroscope",
                "hid",
                "idle-detection",
                "magnetometer",
                "midi",
                "payment",
                "picture-in-picture",
                "publickey-credentials-get",
                "screen-wake-lock",
                "serial",
                "usb",
                "xr-spatial-tracking",
            )
        ),
    ]
)
HSTS = "max-age=31536000"
READABLE_ENCODINGS = b"gzip, identity"
_INLINE_SCRIPT = re.compile(rb"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_SRC_ATTRIBUTE = re.compile(rb"\ssrc\s*=", re.IGNORECASE)


def inline_script_hashes(html: bytes) -> list[str]:
    """CSP source expressions ('sha256-…') for every inline script in `html`, in page order, without repeats."""
    found = []
    for attributes, body in _INLINE_SCRIPT.findall(html):
        if _SRC_ATTRIBUTE.search(b" " + attributes):
            continue
        digest = base64.b64encode(hashlib.sha256(body).digest()).decode()
        found.append(f"'sha256-{digest}'")
    return list(dict.fromkeys(found))


def content_security_policy(allowed: Iterable[str], script_hashes: Iterable[str] = ()) -> str:
    """The policy for one response: scripts from 'self' and the given inline-script hashes only."""
    # CSP host sources cannot name an IPv6 address: [::1] is covered by 'self' when the page is served there.
    sockets = [o.replace("https://", "wss://", 1).replace("http://", "ws://", 1) for o in allowed if "[" not in o]
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *script_hashes],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "media-src": ["'self'", "blob:", "mediastream:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'", *sockets],
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "frame-src": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


@lru_cache(maxsize=256)
def _hashes_of_body(body: bytes, gzipped: bool) -> tuple[str, ...]:
    try:
        html = zlib.decompress(body, wbits=16 + zlib.MAX_WBITS) if gzipped else body
    except zlib.error:
        return ()
    return tuple(inline_script_hashes(html))


def _hashes_of_file(path: str, gzipped: bool) -> tuple[str, ...]:
    try:
        stat = Path(path).stat()
        return _hashes_of_file_version(path, stat.st_mtime_ns, stat.st_size, gzipped)
    except OSError:
        return ()


@lru_cache(maxsize=256)
def _hashes_of_file_version(path: str, mtime_ns: int, size: int, gzipped: bool) -> tuple[str, ...]:
    return _hashes_of_body(Path(path).read_bytes(), gzipped)


class SecurityHeaders:
    """ASGI middleware adding the security headers to every HTTP response of the wrapped app."""

    def __init__(self, app: ASGIApp, *, public_url: str, allowed_origins: Iterable[str]) -> None:
        """Wrap `app`; HSTS is sent only when `public_url` is https."""
        self.app = app
        self.allowed = list(allowed_origins)
        self.base_policy = content_security_policy(self.allowed)
        self.fixed = {
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "strict-origin-when-cross-origin",
            "X-Frame-Options": "DENY",
            "Permissions-Policy": PERMISSIONS_POLICY,
        }
        if origins.origin_of(public_url).startswith("https://"):
            self.fixed["Strict-Transport-Security"] = HSTS

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Add the headers to the response; HTML bodies are held back until their script hashes are known."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope = _with_readable_encodings(scope)
        start: Message | None = None
        held: list[bytes] = []

        async def send_with_headers(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.fixed.items():
                    headers.setdefault(name, value)
                if message["status"] == 304:
                    # The browser keeps the cached page's headers, including its policy with that page's hashes.
                    await send(message)
                    return
                html = headers.get("content-type", "").startswith("text/html")
                if "content-security-policy" in headers or not html or scope["method"] == "HEAD":
                    headers.setdefault("Content-Security-Policy", self.base_policy)
                    await send(message)
                    return
                start = message
                return
            if start is None:
                await send(message)
                return
            if message["type"] == "http.response.pathsend":  # a file sent by the server itself (granian)
                headers = MutableHeaders(scope=start)
                hashes = _hashes_of_file(message["path"], headers.get("content-encoding", "") == "gzip")
                headers["Content-Security-Policy"] = content_security_policy(self.allowed, hashes)
                await send(start)
                await send(message)
                return
            held.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = b"".join(held)
            headers = MutableHeaders(scope=start)
            hashes = _hashes_of_body(body, headers.get("content-encoding", "") == "gzip")
            headers["Content-Security-Policy"] = content_security_policy(self.allowed, hashes)
            await send(start)
            await send({"type": "http.response.body", "body": body, "more_body": False})

        await self.app(scope, receive, send_with_headers)


def _with_readable_encodings(scope: Scope) -> Scope:
    """The request with Accept-Encoding narrowed to what the middleware can read (gzip or none)."""
    headers = [(k, v) for k, v in scope.get("headers", []) if k != b"accept-encoding"]
    accepted = dict(scope.get("headers", [])).get(b"accept-encoding", b"")
    if b"gzip" in accepted:
        headers.append((b"accept-encoding", READABLE_ENCODINGS))
    return {**scope, "headers": headers}


def middleware(app: ASGIApp) -> SecurityHeaders:
    """The `api_transformer` entry for `rx.App`: wraps the whole app, for the configured public origin."""
    settings = get_settings()
    return SecurityHeaders(app, public_url=settings.public_url, allowed_origins=settings.allowed_origins)
