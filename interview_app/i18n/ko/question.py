"""한국어: 질문 유형."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "question.type.behavioural": "인성",
    "question.type.technical": "기술",
    "question.type.system_design": "시스템 설계",
    "question.type.situational": "상황",
}
