"""한국어: 계정 양식의 입력란."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "field.name": "이름",
    "field.email": "이메일",
    "field.email_placeholder": "you@example.com",
    "field.password": "비밀번호",
    "field.new_password": "새 비밀번호",
    "field.repeat_new_password": "새 비밀번호 확인",
    "field.password_hint_short": "10자 이상.",
}
