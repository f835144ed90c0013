"""한국어: 경력 수준."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "level.intern": "인턴 또는 학생",
    "level.junior": "주니어, 0~2년",
    "level.mid": "미들, 2~5년",
    "level.senior": "시니어, 5년 이상",
    "level.staff": "스태프 또는 리드",
    "level.manager": "매니저",
}
