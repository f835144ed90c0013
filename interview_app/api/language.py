"""The language of an API request's messages: its `Accept-Language`, else the caller's profile, else English.

Codes stay the same in every language (programs read `error.code`); `message` is for people. A request that
names a supported language in `Accept-Language` gets it; otherwise, once the bearer token names the caller,
the language of their profile. Every text the API writes goes through `t` / `error_text` of this module,
which default to that language (an explicit `lang` still wins).
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

from interview_app import i18n
from interview_app.i18n import DEFAULT_LANGUAGE, SUPPORTED, from_accept_language, normalise


@dataclass
class _Language:
    """One request's language; shared by every copy of the request's context (routes run in worker threads)."""

    lang: str = DEFAULT_LANGUAGE
    asked: bool = False  # the request's Accept-Language named a supported language


_current: ContextVar[_Language | None] = ContextVar("api_language", default=None)


def asks_for(header: str | None) -> str | None:
    """The supported language `Accept-Language` prefers, or None when it names none of them."""
    tags = [item.split(";")[0].strip().lower().split("-")[0] for item in (header or "").split(",")]
    return from_accept_language(header) if any(tag in SUPPORTED for tag in tags) else None


def request_language() -> str:
    """The language of the current request's messages (English outside a request)."""
    current = _current.get()
    return current.lang if current is not None else DEFAULT_LANGUAGE


def use_caller_language(lang: str) -> None:
    """The caller is known: speak their profile's language, unless the request asked for one itself."""
    current = _current.get()
    if current is not None and not current.asked:
        current.lang = normalise(lang)


def t(key: str, lang: str | None = None, **params: object) -> str:
    """`i18n.t` in the request's language (or `lang`)."""
    return i18n.t(key, lang or request_language(), **params)


def error_text(code: str, lang: str | None = None) -> str:
    """`i18n.error_text` in the request's language (or `lang`)."""
    return i18n.error_text(code, lang or request_language())


class RequestLanguage:
    """ASGI middleware: binds the request's language from its `Accept-Language` for everything it runs."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request with its language bound."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        header = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"accept-language"), None)
        asked = asks_for(header)
        token = _current.set(_Language(asked or DEFAULT_LANGUAGE, asked is not None))
        try:
            await self.app(scope, receive, send)
        finally:
            _current.reset(token)
