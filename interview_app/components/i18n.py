"""Text in the page's language: `tr(key)` and the header's language menu.

A Reflex page is compiled once, for every visitor, so its static text cannot call `t(key, lang)` with the
visitor's language. `tr(key)` instead puts every language's text into the page and picks one in the
browser by `AuthState.lang` (an object literal indexed by the language var): switching the language
changes every text at once, with no round trip and no re-render on the server. A text that is the same in
every language stays a plain string. Parameters may be Vars (`tr("dashboard.greeting_name",
name=AuthState.user_name)`): each language's text becomes a JS expression that joins its pieces with the
Vars' values in the browser, numbers grouped by `Intl.NumberFormat` and plural forms picked by
`Intl.PluralRules` (the same CLDR rules Babel applies on the server), so `tr("trainer.today.due",
count=TrainerState.due)` reads "1 review card" and "3 review cards" with no handler writing it.
"""

from __future__ import annotations

import json
from typing import Any

import reflex as rx
from reflex.vars.base import Var
from reflex_base.vars.base import VarData
from reflex_base.vars.number import BooleanVar, NumberVar
from reflex_base.vars.sequence import LiteralStringVar, StringVar

from interview_app.i18n import LANGUAGE_NAMES, SUPPORTED, t, text_of
from interview_app.i18n.message import HASH, Choice, Param, format_value, locale_of, parse, plural_form
from interview_app.state.auth import AuthState


def _intl_locale(lang: str) -> str:
    """The BCP 47 tag the browser's Intl formats a language with (Babel's locale: `en-GB`, `ko-KR`)."""
    return json.dumps(str(locale_of(lang)).replace("_", "-"))


def _number_js(expr: str, lang: str) -> str:
    """A JS expression writing the number `expr` with the language's grouping (as Babel does on the server)."""
    return f"new Intl.NumberFormat({_intl_locale(lang)}).format({expr})"


def _param_js(value: object, lang: str, found: list[VarData | None]) -> str:
    """A `{name}` parameter: a Var's value (numbers grouped for the language) or a value written here."""
    if isinstance(value, Var):
        found.append(value._get_all_var_data())
        if value._var_type in (int, float) or (isinstance(value, NumberVar) and not isinstance(value, BooleanVar)):
            return _number_js("Number(" + str(value) + ")", lang)
        return str(value.to(str))
    return json.dumps(format_value(value, locale_of(lang)))


def _choice_js(part: Choice, params: dict[str, object], lang: str, number: str | None, found: list) -> str:
    """A plural or select whose value is a Var: the form is picked in the browser (Intl.PluralRules, CLDR)."""
    value = params[part.name]
    if not isinstance(value, Var):  # a value known here: pick its form now
        forms = dict(part.forms)
        if part.kind == "plural":
            return _parts_js(plural_form(value, forms, locale_of(lang)), params, lang, f"{value}", found)
        return _parts_js(forms.get(str(value), forms["other"]), params, lang, number, found)
    found.append(value._get_all_var_data())
    arg = f"_ic{len(found)}"
    other = ""
    tests: list[str] = []
    for selector, body in part.forms:
        text = _parts_js(body, params, lang, arg if part.kind == "plural" else number, found)
        if selector == "other":
            other = text
        elif part.kind == "plural" and selector.startswith("="):
            tests.insert(0, f"{arg} === {float(selector[1:])!r} ? {text}")  # exact numbers before categories
        elif part.kind == "plural":
            rule = f"new Intl.PluralRules({_intl_locale(lang)}).select(Math.abs({arg}))"
            tests.append(f"{rule} === {json.dumps(selector)} ? {text}")
        else:
            tests.append(f"{arg} === {json.dumps(selector)} ? {text}")
    cast = "Number" if part.kind == "plural" else "String"
    return f"(({arg}) => ({' : '.join([*tests, other])}))({cast}(" + str(value) + "))"


def _parts_js(parts: tuple[object, ...], params: dict[str, object], lang: str, number: str | None, found: list) -> str:
    """One language's parsed text as a JS string expression; `number` is the `#` of the enclosing plural."""
    pieces: list[str] = []
    for part in parts:
        if isinstance(part, str):
            pieces.append(json.dumps(part))
        elif part is HASH:
            pieces.append(_number_js(str(number), lang))
        elif isinstance(part, Param):
            pieces.append(_param_js(params[part.name], lang, found))
        elif isinstance(part, Choice):
            pieces.append(_choice_js(part, params, lang, number, found))
    return "(" + (" + ".join(pieces) or '""') + ")"


def _joined(text: str, params: dict[str, object], lang: str) -> Var:
    """One language's text with its parameters, plurals and selects filled from Vars in the browser."""
    found: list[VarData | None] = []
    expr = _parts_js(parse(text), params, lang, None, found)
    return Var(_js_expr=expr, _var_type=str, _var_data=VarData.merge(*found))


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
