"""English text of the `rubric.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "rubric.relevance": "Relevance",
    "rubric.structure": "Structure",
    "rubric.specificity": "Specificity",
    "rubric.impact": "Impact and fit",
}
