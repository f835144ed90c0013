"""한국어: 채점 기준 항목."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "rubric.relevance": "질문과의 관련성",
    "rubric.structure": "구조",
    "rubric.specificity": "구체성",
    "rubric.impact": "성과와 적합성",
}
