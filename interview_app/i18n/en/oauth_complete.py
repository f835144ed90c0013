"""English text of the `oauth_complete.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    # signing in with Google, GitHub or LinkedIn
    "oauth_complete.page_title": "Signing in · Interview Coach",
    "oauth_complete.title": "Signing you in",
    "oauth_complete.waiting": "One moment…",
}
