"""한국어: 이메일 링크 확인."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "link.checking": "링크를 확인하는 중…",
    "link.email_confirmed": "이메일 주소가 인증됐어요.",
    "link.email_confirmed_signed_in": "이메일 주소가 인증되었고, 로그인도 완료됐어요.",
    "link.email_changed": "이메일 주소가 {email}(으)로 바뀌었어요.",
}
