"""The fit matrix: each requirement of the job against the evidence for it, as strong / some / none.

Evidence comes from the CV, GitHub, a company track and, after the interview, the candidate's answers; each
level comes with the quotes that show it.

Rules (one requirement, one piece of evidence): the meaning of the two (embedding cosine, or shared words
without the model) and whether the evidence names a skill the requirement names.
- strong: a piece of work experience names the skill and is about the same thing (similarity >= SAME_TOPIC),
  or any piece is very close in meaning (>= CLOSE), or two pieces of work experience name the skill;
- some: the skill is only listed (a skills section), or one piece is related (>= RELATED);
- none: nothing above.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from interview_app.services.tailoring import similarity
from interview_app.services.tailoring import text as tx
from interview_app.services.tailoring.job import Requirement
from interview_app.services.tailoring.selection import Evidence

CLOSE, SAME_TOPIC, RELATED = 0.66, 0.3, 0.5
LEVELS = ("none", "some", "strong")
MAX_QUOTES = 2


@dataclass
class Quote:
    """A piece of evidence shown under a requirement."""

    source: str
    label: str
    text: str


@dataclass
class FitRow:
    """One requirement and what backs it (`level` from the material, `answer_level` from the answers)."""

    requirement: str
    kind: str
    skills: list[str] = field(default_factory=list)
    level: str = "none"
    quotes: list[Quote] = field(default_factory=list)
    answer_level: str = ""  # "" before the interview
    answer_quotes: list[Quote] = field(default_factory=list)
    practice_question_id: int | None = None

    @property
    def overall(self) -> str:
        """The better of the two levels."""
        return max(self.level, self.answer_level or "none", key=LEVELS.index)

    def to_dict(self) -> dict[str, Any]:
        """Stored form (tailored_interviews.fit), with `overall`."""
        return {**asdict(self), "overall": self.overall}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FitRow:
        """A row back from its stored form."""
        quotes = [Quote(**q) for q in data.get("quotes", []) if isinstance(q, dict)]
        answers = [Quote(**q) for q in data.get("answer_quotes", []) if isinstance(q, dict)]
        practice = data.get("practice_question_id")
        return cls(
            str(data.get("requirement", "")),
            str(data.get("kind", "required")),
            [str(s) for s in data.get("skills", [])],
            str(data.get("level", "none")),
            quotes,
            str(data.get("answer_level", "")),
            answers,
            practice if isinstance(practice, int) else None,
        )


def _assess(req: Requirement, evidence: Sequence[Evidence], sims: Sequence[float]) -> tuple[str, list[Quote]]:
    ranked: list[tuple[float, Evidence, bool]] = []
    for e, s in zip(evidence, sims, strict=True):
        names = any(e.names(skill) for skill in req.skills)
        ranked.append((s + (0.25 if names else 0.0) - (0.3 if e.listed_only else 0.0), e, names))
    ranked.sort(key=lambda x: -x[0])
    worked = [(score - (0.25 if names else 0.0), e, names) for score, e, names in ranked if not e.listed_only]
    sims_of = {id(e): s for e, s in zip(evidence, sims, strict=True)}
    worked = [(sims_of[id(e)], e, names) for _, e, names in worked]
    level = "none"
    close = any(s >= CLOSE for s, _, _ in worked)
    same_topic = any(names and s >= SAME_TOPIC for s, _, names in worked)
    repeated = sum(1 for _, e, names in worked if names and e.weight >= 1.0) >= 2
    if close or same_topic or repeated:
        level = "strong"
    elif any(names for _, _, names in ranked) or any(s >= RELATED for s, _, _ in worked):
        level = "some"
    quotes: list[Quote] = []
    if level != "none":
        for score, e, names in ranked:
            if len(quotes) >= MAX_QUOTES:
                break
            if names or score >= RELATED:
                quotes.append(Quote(e.source, e.label, tx.clip(e.quote, 220)))
    return level, quotes


def assess(requirements: Sequence[Requirement], evidence: Sequence[Evidence]) -> list[tuple[str, list[Quote]]]:
    """(level, quotes) of each requirement against the evidence."""
    if not requirements:
        return []
    if not evidence:
        return [("none", []) for _ in requirements]
    sims = similarity.matrix([r.text for r in requirements], [e.text for e in evidence])
    return [_assess(r, evidence, [float(x) for x in sims[i]]) for i, r in enumerate(requirements)]


def build(requirements: Sequence[Requirement], evidence: Sequence[Evidence]) -> list[FitRow]:
    """The matrix before the interview: the material only."""
    rows = []
    for req, (level, quotes) in zip(requirements, assess(requirements, evidence), strict=True):
        rows.append(FitRow(req.text, req.kind, list(req.skills), level, quotes))
    return rows


def with_answers(rows: Sequence[FitRow], answers: Sequence[Evidence]) -> list[FitRow]:
    """The matrix with the answers' column filled in (each answer split into sentences beforehand)."""
    reqs = [Requirement(r.requirement, r.kind, list(r.skills)) for r in rows]
    results = assess(reqs, answers) if answers else [("none", []) for _ in rows]
    out = []
    for row, (level, quotes) in zip(rows, results, strict=True):
        copy = FitRow.from_dict(row.to_dict())
        copy.answer_level, copy.answer_quotes = level, quotes
        out.append(copy)
    return out


def answer_evidence(answers: Sequence[tuple[int, str]]) -> list[Evidence]:
    """(question number, answer text) as evidence, one piece per sentence."""
    out: list[Evidence] = []
    for number, text in answers:
        for sentence in tx.sentences(text):
            if len(sentence.split()) >= 4:
                out.append(Evidence("answer", sentence, sentence, f"Q{number}"))
    return out


def gaps(rows: Sequence[FitRow]) -> list[FitRow]:
    """Requirements with no evidence at all (required first): what to prepare next."""
    missing = [r for r in rows if r.overall == "none"]
    return [r for r in missing if r.kind == "required"] + [r for r in missing if r.kind != "required"]


def summary(rows: Sequence[FitRow]) -> dict[str, int]:
    """How many requirements are strong, some and none (overall)."""
    out: dict[str, int] = {level: 0 for level in LEVELS}
    for row in rows:
        out[row.overall] += 1
    return out
