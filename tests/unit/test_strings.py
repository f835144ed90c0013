"""User-facing text lives in `interview_app.strings`: every key the app asks for exists in English."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from interview_app.strings import EN, t

APP_DIR = Path(__file__).resolve().parents[2] / "interview_app"
STRINGS_FILE = APP_DIR / "strings.py"
# `t("key"...)` or `error_text("key"...)` with a literal key, possibly on the next line.
_KEY_CALL = re.compile(r"""(?<![\w.])(?:t|error_text)\(\s*(["'])([^"'\n]+)\1""")


def _used_keys() -> dict[str, list[str]]:
    """Every literal key passed to `t`/`error_text` under interview_app/, with where it is used."""
    used: dict[str, list[str]] = {}
    for path in sorted(APP_DIR.rglob("*.py")):
        if path == STRINGS_FILE:  # its docstring shows `t("key", ...)` as an example
            continue
        source = path.read_text(encoding="utf-8")
        for match in _KEY_CALL.finditer(source):
            line = source.count("\n", 0, match.start()) + 1
            used.setdefault(match.group(2), []).append(f"{path.relative_to(APP_DIR.parent)}:{line}")
    return used


def test_the_scan_finds_the_pages_keys():
    # Guards against a regex that silently matches nothing.
    used = _used_keys()
    assert len(used) > 150
    assert {"signin.title", "nav.dashboard", "landing.feature.voice.title", "password_mismatch"} <= used.keys()


def test_every_key_used_in_the_app_exists_in_english():
    missing = {key: where for key, where in _used_keys().items() if key not in EN}
    assert not missing, f"keys used but not in strings.EN: {missing}"


@pytest.mark.parametrize("key", sorted(EN))
def test_english_values_are_non_empty_strings(key: str):
    assert isinstance(EN[key], str)
    assert EN[key] != ""


@pytest.mark.parametrize("key", sorted(EN))
def test_english_values_are_valid_format_strings(key: str):
    # Literal braces must be doubled, or `t(key, **values)` would fail at run time.
    list(string.Formatter().parse(EN[key]))


def test_t_formats_only_when_values_are_given():
    assert t("dashboard.greeting") == "Hello, "
    assert t("link.email_changed", email="ada@example.com") == "Your e-mail address is now ada@example.com."
    assert t("no.such.key") == "no.such.key"
