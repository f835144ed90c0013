"""The product's own yardstick: graded interview answers, and the checks a scorer must pass on them.

`tests/data/graded_answers.jsonl` holds bank questions with four answers each (excellent, adequate, weak,
off-topic), written the way candidates speak and type, each with a human grade (`human_score`), the key
points it really covers (`covers`, indices) and, for stories, whether it states an outcome (`has_result`).
Questions are split into `dev` (may be looked at while tuning) and `holdout` (only measured).

The checks here are used by `bench/graded_eval.py` (which prints them) and by the property tests.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from interview_app.services.scoring.calibration import pearson
from interview_app.services.scoring.rubric import ScoreResult, ScoringInput

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PATH = ROOT / "tests" / "data" / "graded_answers.jsonl"
GRADES = ("excellent", "adequate", "weak", "off_topic")
# The score each grade should land in (inclusive).
BANDS: dict[str, tuple[int, int]] = {
    "excellent": (75, 95),
    "adequate": (50, 70),
    "weak": (20, 45),
    "off_topic": (0, 10),
}
MISSING_PREFIX = "Missing: "
NO_OUTCOME_PREFIX = "Your story stops before the outcome"
NO_FIGURE_PREFIX = "Add a concrete figure"
# A figure: a number standing on its own ("30", "4.1", "25%"), not a digit inside a name ("argon2", "S3").
FIGURE = re.compile(r"(?<![A-Za-z0-9])\d")


def load(path: Path = DEFAULT_PATH) -> list[dict[str, Any]]:
    """Every graded answer in the file, in order."""
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def scoring_input(row: dict[str, Any]) -> ScoringInput:
    """What the engines are given for one graded answer."""
    limit = row.get("time_limit_seconds")
    return ScoringInput(
        question=row["question"],
        answer=row["answer"],
        reference_answer=row.get("reference_answer", ""),
        key_points=list(row.get("key_points") or []),
        question_type=row.get("type", "technical"),
        time_limit_seconds=int(limit) if limit else None,
    )


def in_band(row: dict[str, Any], total: int) -> bool:
    """Whether a total lands in the band of the answer's grade."""
    low, high = BANDS[row["grade"]]
    return low <= total <= high


def contradictions(row: dict[str, Any], result: ScoreResult) -> list[str]:
    """Comments that say something the answer plainly contradicts (by the human labels), as short reasons."""
    problems: list[str] = []
    covered = {row["key_points"][i] for i in row.get("covers", []) if i < len(row.get("key_points", []))}
    answer = row["answer"]
    for comment in [*result.strengths, *result.improvements]:
        if comment.quote is not None and comment.quote.rstrip("…") not in answer:
            problems.append(f"quote not in the answer: {comment.quote[:60]!r}")
    for comment in result.improvements:
        text = comment.text
        if text.startswith(MISSING_PREFIX):
            point = next((p for p in covered if text[len(MISSING_PREFIX) :].lower().startswith(p[:30].lower())), None)
            if point is not None:
                problems.append(f"says missing but covered: {point[:60]!r}")
        if text.startswith(NO_OUTCOME_PREFIX) and row.get("has_result"):
            problems.append("says the story stops before the outcome, but it states one")
        if text.startswith(NO_FIGURE_PREFIX) and FIGURE.search(answer):
            problems.append("asks for a figure, but the answer has one")
    return problems


def key_point_agreement(row: dict[str, Any], result: ScoreResult) -> tuple[int, int, int, int]:
    """(true positives, false positives, false negatives, true negatives) of the engine's covered flags."""
    covers = set(row.get("covers", []))
    tp = fp = fn = tn = 0
    for i, kp in enumerate(result.key_points):
        human = i in covers
        if kp.covered and human:
            tp += 1
        elif kp.covered:
            fp += 1
        elif human:
            fn += 1
        else:
            tn += 1
    return tp, fp, fn, tn


def ordered_pairs(rows: list[dict[str, Any]], totals: list[float]) -> tuple[int, int, list[str]]:
    """Within each question, (better, worse) pairs by human score that the engine orders strictly the same way."""
    by_question: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        by_question.setdefault(row["question_id"], []).append(i)
    right = total = 0
    wrong: list[str] = []
    for indices in by_question.values():
        for i, j in itertools.combinations(indices, 2):
            if rows[i]["human_score"] == rows[j]["human_score"]:
                continue
            better, worse = (i, j) if rows[i]["human_score"] > rows[j]["human_score"] else (j, i)
            total += 1
            if totals[better] > totals[worse]:
                right += 1
            else:
                wrong.append(f"{rows[better]['id']} {totals[better]:.0f} <= {rows[worse]['id']} {totals[worse]:.0f}")
    return right, total, wrong


@dataclass
class Report:
    """The yardstick's numbers for one set of rows."""

    n: int = 0
    pairs_right: int = 0
    pairs_total: int = 0
    in_band: int = 0
    contradicting: list[str] = field(default_factory=list)
    wrong_pairs: list[str] = field(default_factory=list)
    out_of_band: list[str] = field(default_factory=list)
    pearson: float = float("nan")
    key_points: tuple[int, int, int, int] = (0, 0, 0, 0)
    mean_by_grade: dict[str, float] = field(default_factory=dict)

    @property
    def pair_share(self) -> float:
        """Share of (better, worse) pairs ordered right."""
        return self.pairs_right / self.pairs_total if self.pairs_total else float("nan")

    @property
    def band_share(self) -> float:
        """Share of answers inside their grade's band."""
        return self.in_band / self.n if self.n else float("nan")


def report(rows: list[dict[str, Any]], results: list[ScoreResult]) -> Report:
    """Every number of the yardstick for these rows and their results."""
    totals = [float(r.total) for r in results]
    out = Report(n=len(rows))
    out.pairs_right, out.pairs_total, out.wrong_pairs = ordered_pairs(rows, totals)
    agreement = [0, 0, 0, 0]
    for row, result in zip(rows, results, strict=True):
        if in_band(row, result.total):
            out.in_band += 1
        else:
            out.out_of_band.append(f"{row['id']} ({row.get('style', '')}): {result.total} not in {BANDS[row['grade']]}")
        out.contradicting += [f"{row['id']}: {p}" for p in contradictions(row, result)]
        agreement = [a + b for a, b in zip(agreement, key_point_agreement(row, result), strict=True)]
    out.key_points = (agreement[0], agreement[1], agreement[2], agreement[3])
    out.pearson = pearson(totals, [float(r["human_score"]) for r in rows])
    for grade in GRADES:
        picked = [t for t, r in zip(totals, rows, strict=True) if r["grade"] == grade]
        if picked:
            out.mean_by_grade[grade] = sum(picked) / len(picked)
    return out
