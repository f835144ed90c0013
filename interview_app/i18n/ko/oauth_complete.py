"""한국어: Google, GitHub, LinkedIn 로그인 완료 중."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "oauth_complete.page_title": "로그인 중 · Interview Coach",
    "oauth_complete.title": "로그인하는 중이에요",
    "oauth_complete.waiting": "잠시만 기다려 주세요…",
}
