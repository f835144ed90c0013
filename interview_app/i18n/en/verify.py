"""English text of the `verify.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "verify.page_title": "Confirm e-mail · Interview Coach",
    "verify.title": "Confirm your e-mail",
}
