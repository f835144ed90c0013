"""English text of the `not_found.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    # 404 and offline pages
    "not_found.heading": "We could not find that page",
    "not_found.text": "The link may be old or mistyped.",
    "not_found.go_home": "Go home",
    "not_found.page_title": "Page not found · Interview Coach",
}
