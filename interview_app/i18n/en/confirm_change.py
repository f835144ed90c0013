"""English text of the `confirm_change.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "confirm_change.page_title": "Confirm new e-mail · Interview Coach",
    "confirm_change.title": "Confirm your new e-mail",
}
