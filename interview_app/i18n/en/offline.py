"""English text of the `offline.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "offline.page_title": "Offline · Interview Coach",
    "offline.heading": "You are offline",
    "offline.text": "Your answers are saved as you type; reconnect to continue.",
    "offline.retry": "Try again",
}
