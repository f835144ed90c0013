"""한국어: 새 이메일 주소 인증."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "confirm_change.page_title": "새 이메일 인증 · Interview Coach",
    "confirm_change.title": "새 이메일 주소 인증",
}
