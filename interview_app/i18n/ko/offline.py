"""한국어: 오프라인 페이지."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "offline.page_title": "오프라인 · Interview Coach",
    "offline.heading": "인터넷에 연결되어 있지 않아요",
    "offline.text": "답변은 입력하는 동안 저장돼요. 다시 연결되면 이어서 하세요.",
    "offline.retry": "다시 시도",
}
