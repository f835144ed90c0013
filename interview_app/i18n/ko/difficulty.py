"""한국어: 난이도."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "difficulty.easy": "쉬움",
    "difficulty.medium": "보통",
    "difficulty.hard": "어려움",
}
