"""한국어: 404 페이지."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "not_found.heading": "페이지를 찾을 수 없어요",
    "not_found.text": "오래된 링크이거나 주소를 잘못 입력했을 수 있어요.",
    "not_found.go_home": "홈으로 가기",
    "not_found.page_title": "페이지를 찾을 수 없어요 · Interview Coach",
}
