"""English text of the `difficulty.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "difficulty.easy": "Easy",
    "difficulty.medium": "Medium",
    "difficulty.hard": "Hard",
}
