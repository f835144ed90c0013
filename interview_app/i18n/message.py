"""The catalogue's message syntax: `{name}` parameters and ICU-style `plural` and `select` choices.

`{count, plural, one {# answer} other {# answers}}` picks a form by the language's plural rules (Babel's
CLDR data; Korean has only `other`), `=0 {...}` matches an exact number first, and `#` inside a form is the
number formatted for the locale. `{kind, select, cv {...} other {...}}` picks by the value's text. Numbers
given as plain parameters are formatted for the locale too (grouping), dates with the helpers of `formats`.
A message is parsed once and cached.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

from interview_app.i18n import formats


class MessageSyntaxError(ValueError):
    """A catalogue text whose braces or choices do not parse."""


@dataclass(frozen=True)
class Param:
    """A `{name}` parameter."""

    name: str


@dataclass(frozen=True)
class Choice:
    """A `{name, plural, ...}` or `{name, select, ...}` choice among forms."""

    name: str
    kind: str  # "plural" or "select"
    forms: tuple[tuple[str, tuple[object, ...]], ...]


HASH = object()  # `#` inside a plural form


def _parse(text: str, pos: int, in_plural: bool, closing: bool) -> tuple[tuple[object, ...], int]:
    parts: list[object] = []
    buf: list[str] = []
    while pos < len(text):
        char = text[pos]
        if char == "}":
            if not closing:
                raise MessageSyntaxError(f"unmatched '}}' at {pos} in {text!r}")
            break
        if char == "#" and in_plural:
            parts.extend(["".join(buf), HASH])
            buf, pos = [], pos + 1
            continue
        if char != "{":
            buf.append(char)
            pos += 1
            continue
        parts.append("".join(buf))
        buf = []
        part, pos = _parse_argument(text, pos + 1)
        parts.append(part)
    else:
        if closing:
            raise MessageSyntaxError(f"unclosed '{{' in {text!r}")
    parts.append("".join(buf))
    return tuple(p for p in parts if p != ""), pos


def _parse_argument(text: str, pos: int) -> tuple[object, int]:
    end = text.find("}", pos)
    comma = text.find(",", pos)
    if end < 0:
        raise MessageSyntaxError(f"unclosed '{{' in {text!r}")
    if comma < 0 or comma > end:
        name = text[pos:end].strip()
        if not name.isidentifier():
            raise MessageSyntaxError(f"bad parameter name {name!r} in {text!r}")
        return Param(name), end + 1
    name = text[pos:comma].strip()
    second = text.find(",", comma + 1)
    if second < 0:
        raise MessageSyntaxError(f"a choice needs forms: {text!r}")
    kind = text[comma + 1 : second].strip()
    if kind not in ("plural", "select") or not name.isidentifier():
        raise MessageSyntaxError(f"unknown argument {kind!r} of {name!r} in {text!r}")
    pos, forms = second + 1, []
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            raise MessageSyntaxError(f"unclosed choice in {text!r}")
        if text[pos] == "}":
            break
        brace = text.find("{", pos)
        if brace < 0:
            raise MessageSyntaxError(f"a form without text in {text!r}")
        selector = text[pos:brace].strip()
        if not selector or " " in selector:
            raise MessageSyntaxError(f"bad form name {selector!r} in {text!r}")
        body, pos = _parse(text, brace + 1, kind == "plural", closing=True)
        forms.append((selector, body))
        pos += 1  # the form's closing brace
    if not any(selector == "other" for selector, _ in forms):
        raise MessageSyntaxError(f"a choice needs an 'other' form: {text!r}")
    return Choice(name, kind, tuple(forms)), pos + 1


@lru_cache(maxsize=4096)
def parse(text: str) -> tuple[object, ...]:
    """The parts of a catalogue text; raises MessageSyntaxError when it does not parse."""
    parts, _ = _parse(text, 0, in_plural=False, closing=False)
    return parts


def parameters(text: str) -> set[str]:
    """The parameter names a text uses (plain ones and the numbers and values its choices pick by)."""
    names: set[str] = set()

    def walk(parts: tuple[object, ...]) -> None:
        for part in parts:
            if isinstance(part, Param):
                names.add(part.name)
            elif isinstance(part, Choice):
                names.add(part.name)
                for _, body in part.forms:
                    walk(body)

    walk(parse(text))
    return names


def locale_of(lang: str) -> Locale:
    """Babel's locale for a catalogue language (`formats.locale`)."""
    return formats.locale(lang)


def format_value(value: object, locale: Locale) -> str:
    """A parameter as text: numbers grouped for the locale, dates in the locale's medium form."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return format_decimal(value, locale=locale)
    if isinstance(value, dt.datetime):
        return format_datetime(value, "medium", locale=locale)
    if isinstance(value, dt.date):
        return format_date(value, "medium", locale=locale)
    return str(value)


def plural_form(value: object, forms: dict[str, tuple[object, ...]], locale: Locale) -> tuple[object, ...]:
    """The form of a plural for a number: an exact `=N` form first, else the locale's CLDR category."""
    number = value if isinstance(value, int | float) else float(str(value))
    exact = forms.get(f"={number:g}")
    if exact is not None:
        return exact
    return forms.get(locale.plural_form(abs(number)), forms["other"])


def render(text: str, lang: str, params: dict[str, object]) -> str:
    """`text` with its parameters filled in for `lang`; a parameter the text needs but lacks is a KeyError."""
    locale = locale_of(lang)
    out: list[str] = []

    def emit(parts: tuple[object, ...], number: object = None) -> None:
        for part in parts:
            if isinstance(part, str):
                out.append(part)
            elif part is HASH:
                out.append(format_value(number, locale))
            elif isinstance(part, Param):
                out.append(format_value(params[part.name], locale))
            elif isinstance(part, Choice):
                value = params[part.name]
                forms = dict(part.forms)
                if part.kind == "plural":
                    emit(plural_form(value, forms, locale), value)
                else:
                    emit(forms.get(str(value), forms["other"]), number)

    emit(parse(text))
    return "".join(out)
