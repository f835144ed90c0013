"""한국어: 이메일 인증 페이지."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "verify.page_title": "이메일 인증 · Interview Coach",
    "verify.title": "이메일 인증",
}
