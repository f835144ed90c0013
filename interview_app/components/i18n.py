"""Text in the page's language: `tr(key)` and the header's language menu.

A Reflex page is compiled once, for every visitor, so its static text cannot call `t(key, lang)` with the
visitor's language. `tr(key)` instead puts every language's text into the page and picks one in the
browser by `AuthState.lang` (an object literal indexed by the language var): switching the language
changes every text at once, with no round trip and no re-render on the server. A text that is the same in
every language stays a plain string. Parameters may be Vars (`tr("dashboard.greeting_name",
name=AuthState.user_name)`): each language's text is cut at its `{name}` parameters and joined with them in
the browser. Plurals and number formatting need the value on the server: a handler writes such text with
`self.t(key, **params)` (the same language) into a state var.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars.base import Var
from reflex_base.vars.sequence import LiteralStringVar, StringVar

from interview_app.i18n import LANGUAGE_NAMES, SUPPORTED, t, text_of
from interview_app.i18n.message import Param, format_value, locale_of, parse
from interview_app.state.auth import AuthState


def _joined(text: str, params: dict[str, object], lang: str) -> Var:
    """One language's text with its `{name}` parameters filled by Vars in the browser."""
    pieces: list[Var | str] = []
    for part in parse(text):
        if isinstance(part, str):
            pieces.append(part)
        elif isinstance(part, Param):
            value = params[part.name]
            pieces.append(value.to(str) if isinstance(value, Var) else format_value(value, locale_of(lang)))
        else:
            raise ValueError(f"tr(): {text!r} needs its value on the server: use self.t() in a handler")
    joined: Var = Var.create("")
    for piece in pieces:
        joined = joined + piece  # type: ignore[operator]
    return joined


def tr(key: str, **params: object) -> StringVar:
    """The text of `key` in the page's language: a Var choosing among the languages in the browser."""
    if params and not any(isinstance(value, Var) for value in params.values()):
        texts = {lang: t(key, lang, **params) for lang in SUPPORTED}
    elif params:
        joined = {lang: _joined(text_of(key, lang), params, lang) for lang in SUPPORTED}
        result: Var = joined["en"]
        for lang in SUPPORTED:
            if lang != "en":
                result = rx.cond(AuthState.lang == lang, joined[lang], result)  # type: ignore[assignment]
        return result.to(str)
    else:
        texts = {lang: text_of(key, lang) for lang in SUPPORTED}
    if len(set(texts.values())) == 1:
        return LiteralStringVar.create(texts["en"])  # the same everywhere: a plain string in the page
    return Var.create(texts)[AuthState.lang].to(str)


def language_menu(**props: Any) -> rx.Component:
    """The header's language switch: the current language's name, a menu of the others."""
    return rx.menu.root(
        rx.menu.trigger(
            rx.button(
                rx.icon("languages", size=18),
                rx.text(Var.create(LANGUAGE_NAMES)[AuthState.lang].to(str), size="2", display=["none", "inline"]),
                rx.el.span(tr("common.language_menu"), class_name="ic-sr-only"),
                variant="ghost",
                id="language-menu",
                **props,
            )
        ),
        rx.menu.content(
            *[
                rx.menu.item(
                    rx.text(name, lang=code),
                    on_click=AuthState.set_language(code),
                    id=f"language-{code}",
                )
                for code, name in LANGUAGE_NAMES.items()
            ],
        ),
    )
