"""English text of the `edge.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    # event arguments refused before the handler runs (interview_app/state/edge.py)
    "edge.invalid": "That request was not understood, so nothing was changed. Reload the page and try again.",
    "edge.too_long": "That text is too long: at most {limit} characters. Nothing was saved.",
}
