"""한국어: 비밀번호 재설정 요청."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "forgot.page_title": "비밀번호 재설정 · Interview Coach",
    "forgot.title": "비밀번호 재설정",
    "forgot.subtitle": "가입할 때 쓴 이메일을 입력하면 재설정 링크를 보내 드릴게요.",
    "forgot.submit": "재설정 링크 보내기",
}
