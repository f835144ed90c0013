"""한국어: 새 비밀번호 정하기."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "reset.page_title": "새 비밀번호 정하기 · Interview Coach",
    "reset.title": "새 비밀번호 정하기",
    "reset.done": "비밀번호를 바꿨어요. 모든 기기에서 로그아웃되었으니 새 비밀번호로 로그인하세요.",
    "reset.submit": "새 비밀번호 저장",
    "reset.ask_new_link": "새 링크 요청하기",
}
