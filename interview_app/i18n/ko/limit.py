"""한국어: 서비스 이용 한도 ({limit}는 횟수, {wait}는 다시 시도할 때까지 남은 시간)."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "limit.interviews_per_day": (
        "면접은 하루에 {limit}번까지 시작할 수 있는데, 지난 24시간 동안 그만큼 시작했어요. 다음 면접은 "
        "{wait} 뒤에 시작할 수 있어요."
    ),
    "limit.answers_per_minute": (
        "답변은 1분에 {limit}개까지 보낼 수 있어요. {wait} 뒤에 보내 주세요. 답변은 여기 그대로 있어요."
    ),
    "limit.llm_scoring_per_minute": (
        "1분 동안 AI 채점기가 처리할 수 있는 양(1분에 {limit}개)보다 많은 답변이 들어와서, 이 답변은 내장 "
        "채점기로 채점했어요."
    ),
    "limit.exports_per_hour": "내보내기는 1시간에 {limit}번까지 할 수 있어요. {wait} 뒤에 다시 시도해 주세요.",
    "limit.exports_per_day": "내보내기는 하루에 {limit}번까지 할 수 있어요. {wait} 뒤에 다시 시도해 주세요.",
    "limit.reached": "이용 한도({limit})에 도달했어요. {wait} 뒤에 다시 시도해 주세요.",
}
