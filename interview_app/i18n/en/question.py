"""English text of the `question.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "question.type.behavioural": "Behavioural",
    "question.type.technical": "Technical",
    "question.type.system_design": "System design",
    "question.type.situational": "Situational",
}
