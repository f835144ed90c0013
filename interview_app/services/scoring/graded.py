"""The product's own yardstick: graded interview answers, and the checks a scorer must pass on them.

`tests/data/graded_answers.jsonl` holds bank questions with four answers each (excellent, adequate, weak,
off-topic), written the way candidates speak and type, each with a human grade (`human_score`), the key
points it really covers (`covers`, indices) and, for stories, whether it states an outcome (`has_result`).
Questions are split into `dev` (may be looked at while tuning) and `holdout` (only measured).

The checks here are used by `bench/graded_eval.py` (which prints them) and by the property tests;
`calibrate_scale` fits the 0-100 scale (scale.py) on the dev half.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from interview_app.i18n import t
from interview_app.services.scoring import multilingual as ml
from interview_app.services.scoring import offline
from interview_app.services.scoring import scale as sc
from interview_app.services.scoring.calibration import fit_logistic, pearson
from interview_app.services.scoring.rubric import ScoreResult, ScoringInput

ROOT = Path(__file__).resolve().parents[3]
DEFAULT_PATH = ROOT / "tests" / "data" / "graded_answers.jsonl"
GRADES = ("excellent", "adequate", "weak", "off_topic")
# The score each grade should land in (inclusive); the scale's band map places totals by the same bands.
BANDS: dict[str, tuple[int, int]] = sc.BANDS
_HOLE = "\x00"  # where a comment's key point goes, to cut the comment's own words around it
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
        lang=row.get("language", "en"),
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
    # The comments are written in the answer's language: their fixed words come from the catalogue.
    lang = row.get("language", "en")
    missing_prefix = t("score.improve.missing", lang, point=_HOLE).split(_HOLE)[0]
    no_outcome = t("score.improve.no_outcome", lang)
    no_figure = t("score.improve.add_figure", lang)
    for comment in [*result.strengths, *result.improvements]:
        if comment.quote is not None and comment.quote.rstrip("…") not in answer:
            problems.append(f"quote not in the answer: {comment.quote[:60]!r}")
    for comment in result.improvements:
        text = comment.text
        if text.startswith(missing_prefix):
            point = next((p for p in covered if text[len(missing_prefix) :].lower().startswith(p[:30].lower())), None)
            if point is not None:
                problems.append(f"says missing but covered: {point[:60]!r}")
        if text == no_outcome and row.get("has_result"):
            problems.append("says the story stops before the outcome, but it states one")
        if text == no_figure and FIGURE.search(answer):
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


def _pairs_of(rows: list[dict[str, Any]]) -> np.ndarray:
    """Index pairs (better, worse) of answers to the same question with different human scores."""
    by_question: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        by_question.setdefault(row["question_id"], []).append(i)
    pairs = []
    for indices in by_question.values():
        for i, j in itertools.combinations(indices, 2):
            if rows[i]["human_score"] != rows[j]["human_score"]:
                pairs.append((i, j) if rows[i]["human_score"] > rows[j]["human_score"] else (j, i))
    return np.array(pairs, dtype=int).reshape(-1, 2)


def ordered_pairs(rows: list[dict[str, Any]], totals: list[float]) -> tuple[int, int, list[str]]:
    """Within each question, (better, worse) pairs by human score that the engine orders strictly the same way."""
    pairs = _pairs_of(rows)
    wrong = [
        f"{rows[better]['id']} {totals[better]:.0f} <= {rows[worse]['id']} {totals[worse]:.0f}"
        for better, worse in pairs
        if not totals[better] > totals[worse]
    ]
    return len(pairs) - len(wrong), len(pairs), wrong


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


# A (better, worse) pair of answers to one question should be this many points apart at least.
PAIR_MARGIN = 5.0


def _scale_loss(
    scale: sc.Scale,
    signals: list[sc.Signals],
    targets: np.ndarray,
    bands: list[tuple[int, int]],
    pairs: np.ndarray | None = None,
) -> float:
    """How far the scale's totals are from what the graders said (lower is better).

    Squared distance to the human score, a heavier penalty for leaving the grade's band, and (with `pairs`)
    the same weight again for a better answer not at least PAIR_MARGIN points above a worse one.
    """
    totals = np.array([sum(sc.dimensions(s, scale)[0].values()) for s in signals])
    low = np.array([b[0] for b in bands], dtype=float)
    high = np.array([b[1] for b in bands], dtype=float)
    outside = np.maximum(low - totals, 0) + np.maximum(totals - high, 0)
    loss = float(np.mean((totals - targets) ** 2) + 4 * np.mean(outside**2))
    if pairs is not None and len(pairs):
        short = np.maximum(PAIR_MARGIN - (totals[pairs[:, 0]] - totals[pairs[:, 1]]), 0)
        loss += 4 * float(np.mean(short**2))
    return loss


# Each fitted parameter with the range it may take (kept inside sensible, explainable bounds). The content
# ceiling stays at 0.75 or more so the scale keeps telling answers apart near the top: at 0.6, a third of
# SciEntsBank's answers reached full relevance and Pearson fell by 0.05 (docs/scoring.md).
SCALE_BOUNDS: dict[str, tuple[float, float]] = {
    "content_low": (0.0, 0.4),
    "content_high": (0.75, 0.95),
    "gate_floor": (0.0, 0.8),
    "relevance_floor": (0.0, 0.5),
    "topic_floor": (0.0, 0.6),
    "topic_ceiling": (0.7, 1.0),
    "structure_gain": (0.8, 2.0),
    "specificity_gain": (0.8, 2.0),
    "impact_gain": (0.8, 2.0),
}


def calibrate_scale(rows: list[dict[str, Any]], split: str = "dev") -> dict[str, Any]:
    """Fit the on-topic model and the scale on one split of the graded interview answers.

    The engine measures each answer once (its signals do not depend on the scale); the on-topic model is an
    L2-regularised logistic regression (off-topic against the rest), then the six scale parameters are fitted
    by coordinate search within `SCALE_BOUNDS`, minimising `_scale_loss`.
    """
    chosen = [r for r in rows if r.get("split") == split]
    if not chosen:
        raise ValueError(f"no graded answers with split={split!r}")
    signals = [sc.signals_of(offline.score(scoring_input(r)).details) for r in chosen]
    targets = np.array([float(r["human_score"]) for r in chosen])
    bands = [BANDS[r["grade"]] for r in chosen]
    x = np.array([s.on_topic_row() for s in signals])
    y = np.array([0.0 if r["grade"] == "off_topic" else 1.0 for r in chosen])
    w = fit_logistic(x, y, l2=0.05)
    scale = sc.Scale(on_topic={k: round(float(v), 4) for k, v in zip(sc.ON_TOPIC_FEATURES, w, strict=True)})
    # Start inside the bounds (a default may lie outside a tightened bound, and the search only moves on a gain).
    scale = replace(scale, **{k: min(hi, max(lo, getattr(scale, k))) for k, (lo, hi) in SCALE_BOUNDS.items()})
    pairs = _pairs_of(chosen)
    best = _scale_loss(scale, signals, targets, bands, pairs)
    step = {k: (hi - lo) / 4 for k, (lo, hi) in SCALE_BOUNDS.items()}
    for _ in range(12):
        for name, (lo, hi) in SCALE_BOUNDS.items():
            for direction in (1, -1):
                while True:
                    value = min(hi, max(lo, getattr(scale, name) + direction * step[name]))
                    trial = replace(scale, **{name: value})
                    loss = _scale_loss(trial, signals, targets, bands, pairs)
                    if loss >= best - 1e-9:
                        break
                    scale, best = trial, loss
        step = {k: v / 2 for k, v in step.items()}
    rounded = replace(scale, **{k: round(getattr(scale, k), 4) for k in SCALE_BOUNDS})
    english = fit_english_scale(rounded, signals, chosen)
    return {
        **rounded.to_dict(),
        "english": english,
        "trained_on": f"graded interview answers, split {split} ({len(chosen)} answers)",
        "loss": round(best, 2),
    }


# The widths of the band map's steps that are tried (see `fit_band_map`).
BAND_WIDTHS = (0.5, 1.0, 2.0, 3.0, 5.0)
# The raw totals a threshold is tried at, a quarter point apart.
_THRESHOLD_STEP = 0.25
# In `fit_english_scale`, a (better, worse) pair ordered right counts as much as this many answers in their band.
PAIR_WEIGHT = 2


def _band_hits(
    raw: np.ndarray, lift: np.ndarray, low: np.ndarray, high: np.ndarray, thresholds: list[float], width: float
) -> int:
    """How many answers the band map with these thresholds puts in their grade's band (see `scale.placed`)."""
    knots = sc.band_knots(sc.Scale(band_thresholds=tuple(thresholds), band_width=width))
    assert knots is not None
    mapped = np.interp(raw, *knots)
    placed = np.round(np.where(lift, mapped, np.minimum(mapped, raw)))
    return int(np.sum((placed >= low) & (placed <= high)))


def fit_band_map(raw: list[float], lift: list[bool], grades: list[str]) -> tuple[int, tuple[float, ...], float]:
    """The band map that puts the most answers in their grade's band: (answers placed, thresholds, step width).

    Four numbers, fitted on raw totals (the sums of the scale's dimensions) of graded answers. Each threshold
    decides only between the two grades beside it, so each is searched on its own (twice round, the others
    fixed); among the raw totals that place equally many answers, the middle of the longest run is taken (the
    widest margin to the answers either side). The step width is the widest of `BAND_WIDTHS` among those that
    place the most answers: a wide step spreads the answers near a threshold evenly, a narrow one makes the
    score jump. `lift` says which answers the map may raise (those the on-topic model puts on the question).
    """
    values = np.array(raw, dtype=float)
    lifts = np.array(lift, dtype=bool)
    low = np.array([BANDS[g][0] for g in grades], dtype=float)
    high = np.array([BANDS[g][1] for g in grades], dtype=float)
    bands = list(BANDS.values())
    best: tuple[int, tuple[float, ...], float] | None = None
    for width in sorted(BAND_WIDTHS):
        # Start between the bands: the middle of each gap.
        thresholds = [(below[1] + above[0]) / 2 for below, above in itertools.pairwise(bands)]
        for _ in range(2):
            for k in range(len(thresholds)):
                lowest = (thresholds[k - 1] if k else 0.0) + 2 * width + _THRESHOLD_STEP
                highest = (thresholds[k + 1] if k + 1 < len(thresholds) else 100.0) - 2 * width - _THRESHOLD_STEP
                tries = np.arange(lowest, highest + 1e-9, _THRESHOLD_STEP)
                trials = [[*thresholds[:k], float(t), *thresholds[k + 1 :]] for t in tries]
                counts = np.array([_band_hits(values, lifts, low, high, trial, width) for trial in trials])
                tops = np.flatnonzero(counts == counts.max())
                runs = np.split(tops, np.flatnonzero(np.diff(tops) != 1) + 1)
                longest = max(runs, key=len)
                thresholds[k] = round(float((tries[longest[0]] + tries[longest[-1]]) / 2), 3)
        hits = _band_hits(values, lifts, low, high, thresholds, width)
        if best is None or hits >= best[0]:
            best = (hits, tuple(thresholds), width)
    assert best is not None
    return best


def fit_english_scale(scale: sc.Scale, signals: list[sc.Signals], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The band map, and the scale's parameters refitted with it, for answers read by the English models.

    Starting from the fitted `scale`, a coordinate search within `SCALE_BOUNDS` (as `calibrate_scale`) keeps a
    step when it raises the answers the band map (refitted each time, `fit_band_map`) puts in their band plus
    PAIR_WEIGHT times the (better, worse) pairs the raw totals order right. What changed is returned, to be
    applied by `scale.for_english`; the on-topic model is not refitted.
    """
    grades = [r["grade"] for r in rows]
    pairs = _pairs_of(rows)
    lift = [sc.on_topic_probability(s, scale) >= 0.5 for s in signals]

    def objective(trial: sc.Scale) -> tuple[int, tuple[float, ...], float]:
        raw = np.array([sum(sc.dimensions(s, trial)[0].values()) for s in signals])
        hits, thresholds, width = fit_band_map(list(raw), lift, grades)
        right = int(np.sum(raw[pairs[:, 0]] > raw[pairs[:, 1]])) if len(pairs) else 0
        return hits + PAIR_WEIGHT * right, thresholds, width

    best, thresholds, width = objective(scale)
    step = {k: (hi - lo) / 4 for k, (lo, hi) in SCALE_BOUNDS.items()}
    for _ in range(4):
        for name, (lo, hi) in SCALE_BOUNDS.items():
            for direction in (1, -1):
                while True:
                    value = round(min(hi, max(lo, getattr(scale, name) + direction * step[name])), 4)
                    trial = replace(scale, **{name: value})
                    score, trial_thresholds, trial_width = objective(trial)
                    if score <= best:
                        break
                    scale, best, thresholds, width = trial, score, trial_thresholds, trial_width
        step = {k: v / 2 for k, v in step.items()}
    changed = {k: getattr(scale, k) for k in SCALE_BOUNDS}
    return {**changed, "band_thresholds": list(thresholds), "band_width": width}


def calibrate_multilingual(
    english: list[dict[str, Any]], other: list[dict[str, Any]], split: str = "dev"
) -> dict[str, Any]:
    """Fit the multilingual encoder's maps (`multilingual.Maps`) on one split of the graded answers.

    The key point's logistic is fitted on the human labels (`covers`) of the answers in the other language
    (the encoder's cosines run lower in Korean than in English); the answer match, sentence topic and lexical
    share maps by least squares on the English answers, to reproduce what the English models measure there.
    """
    reader = ml.get_reader()
    if reader is None:
        raise ValueError(f"the multilingual encoder ({ml.MODEL_PACKAGE}) is not available")
    english = [r for r in english if r.get("split") == split]
    other = [r for r in other if r.get("split") == split]
    if not english or not other:
        raise ValueError(f"no graded answers with split={split!r} in both languages")

    def measured(row: dict[str, Any]) -> ml.Cosines:
        pieces = [s.text for s in offline._pieces(row["answer"])] or [row["answer"].strip()]
        reference = row.get("reference_answer", "")
        return ml.cosines(
            reader,
            pieces,
            row["answer"],
            row["question"],
            list(row.get("key_points") or []),
            [reference] if reference.strip() else [],
            [s.text for s in offline._pieces(reference)],
        )

    x, y = [], []
    for row in other:
        for i, cosine in enumerate(measured(row).point_best):
            x.append([cosine, 1.0])
            y.append(1.0 if i in row.get("covers", []) else 0.0)
    slope, intercept = fit_logistic(np.array(x), np.array(y))
    found = [measured(r) for r in english]
    details = [offline.score(scoring_input(r)).details for r in english]
    ref = np.array([f.answer_reference for f in found])
    topic = np.array([f.sentence_topic for f in found])
    ones = np.ones(len(found))

    def least_squares(columns: list[np.ndarray], target: str) -> list[float]:
        solution = np.linalg.lstsq(np.column_stack(columns), np.array([d[target] for d in details]), rcond=None)[0]
        return [round(float(v), 4) for v in solution]

    maps = ml.Maps(
        key_point=(round(float(slope), 4), round(float(intercept), 4)),
        answer_match=tuple(least_squares([ref, ones], "answer_match")),  # type: ignore[arg-type]
        sentence_topic=tuple(least_squares([topic, ones], "signal_sentence_topic")),  # type: ignore[arg-type]
        lex_share=tuple(least_squares([topic, ref, ones], "signal_lex_share")),  # type: ignore[arg-type]
        trained_on=(
            f"graded answers, split {split}: key points from {len(other)} answers not in English ({len(y)} points), "
            f"the other maps from {len(english)} English answers; the topic gate from the {len(other)} answers"
        ),
    )
    maps = _fit_topic_gate(other, [measured(r) for r in other], maps)
    return _fit_band_map_multilingual(other, maps).to_dict()


def _fit_band_map_multilingual(rows: list[dict[str, Any]], maps: Any) -> Any:
    """The band map of the totals read by the multilingual encoder, fitted on graded answers not in English.

    As the English one (`fit_band_map`), on the raw totals of these answers read with the maps being fitted;
    an answer the topic gate puts off the question is not lifted (`multilingual.lifts`).
    """
    with ml.using(maps):
        signals = [sc.signals_of(offline.score(scoring_input(r)).details) for r in rows]
    scale = sc.current()
    raw = [sum(sc.dimensions(s, scale)[0].values()) for s in signals]
    _, thresholds, width = fit_band_map(raw, [ml.lifts(s.short_gate) for s in signals], [r["grade"] for r in rows])
    return replace(maps, band_thresholds=tuple(thresholds), band_width=width)


# The topic gate's floor and ceiling are searched on this grid (probabilities of the topic logistic).
_GATE_STEP = 0.02


def _fit_topic_gate(rows: list[dict[str, Any]], found: list[Any], maps: Any) -> Any:
    """The multilingual topic gate (`Maps.topic`, floor and ceiling) fitted on graded answers not in English.

    The logistic (over `Cosines.topic_row`: the encoder's four readings of the answer's topic) is an L2-regularised
    off-topic-against-the-rest fit, as the English on-topic model; the floor and ceiling are the grid point that
    minimises `_scale_loss` (distance to the human scores, bands, ordered pairs) of the engine's totals for
    these answers read with the maps being fitted; the fitted scale itself is not changed.
    """
    x = np.array([f.topic_row() for f in found])
    y = np.array([0.0 if r["grade"] == "off_topic" else 1.0 for r in rows])
    weights = fit_logistic(x, y, l2=0.05)
    maps = replace(maps, topic=tuple(round(float(v), 4) for v in weights))
    probabilities = [ml.topic_probability(f, maps) for f in found]
    with ml.using(maps):
        signals = [sc.signals_of(offline.score(scoring_input(r)).details) for r in rows]
    scale = sc.current()
    targets = np.array([float(r["human_score"]) for r in rows])
    bands = [BANDS[r["grade"]] for r in rows]
    pairs = _pairs_of(rows)
    best: tuple[float, float, float] | None = None
    grid = np.arange(0.0, 1.0 + 1e-9, _GATE_STEP)
    for floor in grid[grid < 0.9]:
        for ceiling in grid[grid > floor + 0.05]:
            gated = [
                replace(s, short_gate=ml.on_question(p, float(floor), float(ceiling)))
                for s, p in zip(signals, probabilities, strict=True)
            ]
            loss = _scale_loss(scale, gated, targets, bands, pairs)
            if best is None or loss < best[0] - 1e-9:
                best = (loss, float(floor), float(ceiling))
    assert best is not None
    return replace(maps, topic_floor=round(best[1], 4), topic_ceiling=round(best[2], 4))
