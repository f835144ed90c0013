"""User-facing text by key, in every language the product speaks.

`t("interview.title", lang, **params)` gives the text of a key in a language (falling back to English,
then to the key itself). The texts live in one module per key prefix and language: `en/interview.py`
holds every `interview.*` key in English as `STRINGS`, `ko/interview.py` the same keys in Korean. Texts use
`{name}` parameters and ICU-style plurals (`message.py`); numbers and dates are formatted for the language
with Babel (`formats.py`). Services raise errors carrying a key or a code; pages, e-mails and the API turn
them into words with `t` or `error_text`. How to add a string or a language: docs/i18n.md.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from pathlib import Path

from interview_app.i18n.keys import ACCOUNT_ERRORS
from interview_app.i18n.message import render

DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "ko": "한국어"}
SUPPORTED: tuple[str, ...] = tuple(LANGUAGE_NAMES)
_HERE = Path(__file__).resolve().parent


def modules(lang: str) -> list[str]:
    """The key prefixes that have a module in `lang`'s folder."""
    folder = _HERE / lang
    return sorted(m.name for m in pkgutil.iter_modules([str(folder)]) if not m.name.startswith("_"))


def module_strings(lang: str, prefix: str) -> dict[str, str]:
    """The `STRINGS` of one language's module for a prefix."""
    return importlib.import_module(f"interview_app.i18n.{lang}.{prefix}").STRINGS


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Every text of `lang` by key (only what its modules hold: no fallback)."""
    merged: dict[str, str] = {}
    for prefix in modules(lang):
        merged.update(module_strings(lang, prefix))
    return merged


# Every language's catalogue by code (a language is offered even while its catalogue is partial).
LANGUAGES: dict[str, dict[str, str]] = {lang: catalogue(lang) for lang in SUPPORTED}


def normalise(lang: object) -> str:
    """A supported language code for any stored or requested value (`ko-KR` -> `ko`), else English."""
    code = str(lang or "").strip().lower().replace("_", "-").split("-")[0]
    return code if code in SUPPORTED else DEFAULT_LANGUAGE


def from_accept_language(header: str | None) -> str:
    """The supported language a browser prefers most (`Accept-Language: ko-KR,ko;q=0.9,en;q=0.8` -> `ko`)."""
    ranked: list[tuple[float, int, str]] = []
    for index, item in enumerate((header or "").split(",")):
        tag, _, rest = item.strip().partition(";")
        quality = 1.0
        for param in rest.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        code = tag.strip().lower().split("-")[0]
        if code in SUPPORTED and quality > 0:
            ranked.append((-quality, index, code))
    return min(ranked)[2] if ranked else DEFAULT_LANGUAGE


def text_of(key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The raw text of `key` in `lang`, else English, else the key itself (never raises)."""
    if lang != DEFAULT_LANGUAGE:
        found = catalogue(normalise(lang)).get(key)
        if found:
            return found
    return catalogue(DEFAULT_LANGUAGE).get(key) or key


def t(key: str, lang: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """The text for `key` in `lang` (falling back to English), with `params` filled in for the language."""
    lang = normalise(lang)
    text = text_of(key, lang)
    if not params and "{" not in text:
        return text
    return render(text, lang, params)


def error_text(code: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The message for an error code raised by a service (account codes map to `account.error.*`)."""
    from interview_app.settings import get_settings

    key = ACCOUNT_ERRORS.get(code, code)
    if key == "account.error.too_short":
        return t(key, lang, min_length=get_settings().password_min_length)
    return t(key, lang)
