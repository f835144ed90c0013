"""The rubric every engine fills in, and the plain data types that carry scores around."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

# 1.1: scores on a scale calibrated on graded interview answers; key points covered / partly / missing;
# each dimension says which evidence moved it (`why`).
RUBRIC_VERSION = "1.1"
DIMENSIONS: tuple[str, ...] = ("relevance", "structure", "specificity", "impact")
DIMENSION_MAX = 25
STAR_ITEMS: tuple[str, ...] = ("situation", "task", "action", "result")
TECHNICAL_ITEMS: tuple[str, ...] = ("approach", "key_points", "trade_offs", "complexity")
ANSWER_TYPES: tuple[str, ...] = ("behavioural", "technical", "system_design", "situational")


@dataclass
class ScoringInput:
    """What an engine needs to score one answer."""

    question: str
    answer: str
    reference_answer: str = ""
    key_points: list[str] = field(default_factory=list)
    question_type: str = "technical"
    time_limit_seconds: int | None = None
    duration_seconds: float | None = None
    role: str = ""
    competencies: list[str] = field(default_factory=list)
    other_references: list[str] = field(default_factory=list)
    # Speaking metrics of a recorded answer (speech/metrics.py); empty for typed answers.
    speech: dict[str, Any] = field(default_factory=dict)
    # The answer's key-point verdicts as the offline engine found them before (stored with the answer): the
    # offline engine uses them instead of matching the key points again, when they were made for this input.
    verdicts: KeyPointVerdicts | None = None
    # The language the comments, summary and notes are written in (the interview's); not part of the fingerprint.
    lang: str = "en"

    def fingerprint(self) -> str:
        """A digest of what key-point matching reads: question, answer, references and key points."""
        parts = [self.question, self.answer, self.reference_answer, self.other_references, self.key_points]
        return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()[:32]


@dataclass
class Comment:
    """A strength or an improvement; `quote` is the exact part of the answer it is about (None: something missing)."""

    text: str
    quote: str | None = None


@dataclass
class KeyPointResult:
    """Whether one key point was covered, how sure we are, and the sentence that covers it."""

    point: str
    covered: bool
    confidence: float
    evidence: str | None = None
    # "covered", "partly" (the answer comes close but does not clearly say it) or "missing"; "" in old results.
    status: str = ""

    @property
    def shown_status(self) -> str:
        """The status to show, also for results stored before `status` existed."""
        return self.status or ("covered" if self.covered else "missing")


@dataclass(frozen=True)
class KeyPointVerdicts:
    """Which key points an answer makes, as the offline engine matched them, and the sentences that contradict one.

    Matching is the costly part of the offline analysis and the part the follow-up decision and the score share:
    it is made once per answer and stored with it, so the two cannot disagree. `fingerprint` names the input
    it was made for (`ScoringInput.fingerprint`); for any other input it is not used.
    """

    fingerprint: str
    key_points: tuple[KeyPointResult, ...]
    contradictions: tuple[str, ...] = ()

    def fits(self, inp: ScoringInput) -> bool:
        """Whether these verdicts were made for `inp`'s question, answer, references and key points."""
        return self.fingerprint == inp.fingerprint()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form for the answer row."""
        return {
            "fingerprint": self.fingerprint,
            "key_points": [asdict(k) for k in self.key_points],
            "contradictions": list(self.contradictions),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> KeyPointVerdicts | None:
        """Inverse of `to_dict`; None for an empty or unreadable record (the answer is matched again)."""
        if not data or not data.get("fingerprint"):
            return None
        try:
            return cls(
                fingerprint=str(data["fingerprint"]),
                key_points=tuple(KeyPointResult(**k) for k in data.get("key_points", [])),
                contradictions=tuple(str(c) for c in data.get("contradictions", [])),
            )
        except (TypeError, ValueError):
            return None


@dataclass
class ScoreResult:
    """One scored answer: totals, checklist, key points, comments, and which engine made it."""

    total: int
    dimensions: dict[str, int]
    checklist: dict[str, bool]
    key_points: list[KeyPointResult]
    strengths: list[Comment]
    improvements: list[Comment]
    summary: str
    engine: str
    model: str
    rubric_version: str = RUBRIC_VERSION
    flags: list[str] = field(default_factory=list)
    fallback_reason: str | None = None
    details: dict[str, float] = field(default_factory=dict)
    # Per dimension, the evidence that moved it, in a few words ("4 of 5 key points covered, on the question").
    why: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form for storage and the CLI."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScoreResult:
        """Inverse of `to_dict` (ignores unknown keys)."""
        return cls(
            total=int(data["total"]),
            dimensions={k: int(v) for k, v in data["dimensions"].items()},
            checklist={k: bool(v) for k, v in data.get("checklist", {}).items()},
            key_points=[KeyPointResult(**k) for k in data.get("key_points", [])],
            strengths=[Comment(**c) for c in data.get("strengths", [])],
            improvements=[Comment(**c) for c in data.get("improvements", [])],
            summary=data.get("summary", ""),
            engine=data["engine"],
            model=data.get("model", ""),
            rubric_version=data.get("rubric_version", RUBRIC_VERSION),
            flags=list(data.get("flags", [])),
            fallback_reason=data.get("fallback_reason"),
            details={k: float(v) for k, v in data.get("details", {}).items()},
            why={k: str(v) for k, v in data.get("why", {}).items()},
        )


def checklist_items(question_type: str) -> tuple[str, ...]:
    """STAR for behavioural and situational answers; approach/key points/trade-offs/complexity otherwise."""
    return STAR_ITEMS if question_type in ("behavioural", "situational") else TECHNICAL_ITEMS


def clamp_dimension(value: float) -> int:
    """Round into 0..25."""
    return max(0, min(DIMENSION_MAX, round(value)))
