"""한국어: 핸들러 실행 전에 거부된 요청 (interview_app/state/edge.py)."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "edge.invalid": "요청을 이해하지 못해서 아무것도 바꾸지 않았어요. 페이지를 새로고침한 뒤 다시 시도해 주세요.",
    "edge.too_long": "글이 너무 길어요. 최대 {limit}자까지 쓸 수 있어요. 아무것도 저장하지 않았어요.",
}
