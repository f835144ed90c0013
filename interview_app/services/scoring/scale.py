"""From what the offline engine measured (signals) to the four 0-25 dimensions, on a calibrated scale.

The signals are plain measurements of one answer (key-point coverage, how much of it is about the question,
structure and specificity cues, length). The scale turns them into dimensions with a handful of parameters
fitted on the development half of our graded interview answers (`tests/data/graded_answers.jsonl`, see
`graded.calibrate_scale`), so that an excellent answer lands at 75-95, an adequate one at 50-70, a weak
one at 20-45 and an off-topic one at 10 or less. The parameters live in `calibration.json` under "scale";
the defaults below are used when it has none.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from interview_app.services.scoring.features import CALIBRATION_FILE
from interview_app.services.scoring.rubric import DIMENSION_MAX, clamp_dimension

ON_TOPIC_FEATURES: tuple[str, ...] = ("lex_share", "sentence_topic", "content", "bias")
# The score each grade of answer should land in (inclusive), from the weakest grade up.
BANDS: dict[str, tuple[int, int]] = {
    "off_topic": (0, 10),
    "weak": (20, 45),
    "adequate": (50, 70),
    "excellent": (75, 95),
}


@dataclass(frozen=True)
class Signals:
    """What the engine measured in one answer, each on 0..1 unless said otherwise."""

    content: float  # key points covered (judge and embeddings) and the match with the model answer
    lex_share: float  # share of the answer's content words that belong to the question's vocabulary
    sentence_topic: float  # mean over its sentences of the best cosine to the question side
    room: float  # 0 for <= 10 words, 1 from 60 words: how much room cues had to show
    length: float  # the too-short factor against the time limit (1 when long enough)
    checklist: float  # share of the checklist ticked (STAR, or approach/key points/trade-offs/complexity)
    organisation: float  # sequencing words and sentence lengths
    specificity: float  # figures, actions, tools, first person, minus hedges
    impact: float  # outcome, quantified result, reflection (stories); trade-offs, verification (technical)
    contradiction: bool = False
    # How far a short answer counts as about the question (0..1). The English readings cannot tell a line or two's
    # topic, so it stays 1 for them; the multilingual encoder can (multilingual.Reading.on_question).
    short_gate: float = 1.0

    def on_topic_row(self) -> list[float]:
        """The on-topic model's inputs, in ON_TOPIC_FEATURES order."""
        return [self.lex_share, self.sentence_topic, self.content, 1.0]


@dataclass(frozen=True)
class Scale:
    """The fitted parameters that place signals on the 0-100 scale."""

    content_low: float = 0.15  # content at or below this earns no relevance
    content_high: float = 0.75  # content at or above this earns full relevance
    gate_floor: float = 0.3  # share of the cue-based dimensions an on-topic answer with no content keeps
    relevance_floor: float = 0.2  # share of relevance an answer earns for being on the question at all
    topic_floor: float = 0.3  # on-topic probability at or below which an answer earns nothing
    topic_ceiling: float = 1.0  # on-topic probability from which an answer is fully on the question
    structure_gain: float = 1.2  # cue share that earns full marks = 1 / gain
    specificity_gain: float = 1.2
    impact_gain: float = 1.2
    on_topic: dict[str, float] = field(
        default_factory=lambda: {"lex_share": 8.0, "sentence_topic": 10.0, "content": 4.0, "bias": -5.5}
    )
    # The band map (see `placed_total`): the raw totals that part off-topic from weak, weak from adequate and
    # adequate from excellent answers, and how far either side of each the step between two bands is spread.
    # Empty: no map, the total is the sum of the dimensions as measured.
    band_thresholds: tuple[float, ...] = ()
    band_width: float = 1.0
    # What answers read by the English models use instead (`for_english`): the band map, and the parameters
    # refitted with it (`graded.fit_english_scale`). Other readings keep the scale as it is.
    english: dict[str, Any] = field(default_factory=dict)
    trained_on: str = ""

    def to_dict(self) -> dict:
        """What calibration.json stores under "scale"."""
        return asdict(self)


def for_english(scale: Scale) -> Scale:
    """The scale for an answer read by the English models: `scale` with its `english` part applied."""
    known = {f.name for f in fields(Scale)} - {"english", "on_topic", "trained_on"}
    values = {k: v for k, v in scale.english.items() if k in known}
    if "band_thresholds" in values:
        values["band_thresholds"] = tuple(float(v) for v in values["band_thresholds"])
    return replace(scale, english={}, **values)


def _clip(x: float) -> float:
    return max(0.0, min(1.0, x))


def on_topic_probability(signals: Signals, scale: Scale) -> float:
    """How surely the answer is about the question asked (a logistic model over topic and content signals)."""
    return on_topic(signals.lex_share, signals.sentence_topic, signals.content, scale)


def on_topic(lex_share: float, sentence_topic: float, content: float, scale: Scale | None = None) -> float:
    """`on_topic_probability` from its three inputs (the current scale unless one is given)."""
    weights = (scale or current()).on_topic
    row = dict(zip(ON_TOPIC_FEATURES, (lex_share, sentence_topic, content, 1.0), strict=True))
    z = sum(weights.get(k, 0.0) * v for k, v in row.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def dimensions(signals: Signals, scale: Scale) -> tuple[dict[str, float], float]:
    """The four dimensions (unrounded, 0..25) and the on-topic probability behind them."""
    s = _clip((signals.content - scale.content_low) / max(1e-6, scale.content_high - scale.content_low))
    topic = on_topic_probability(signals, scale)
    # Being about the question is a gate: an answer about something else earns nothing, however well told.
    # The on-topic model is a classifier: from a confident probability on, an answer is about the question,
    # and a story the model is 85 % sure of should not lose a sixth of every dimension for the other 15 %.
    on = _clip((topic - scale.topic_floor) / max(1e-6, scale.topic_ceiling - scale.topic_floor))
    # A line or two is judged on its content alone: too little text to tell its topic from its words (unless a
    # reading that can tell it says how far it is about the question: `short_gate`, 1 for the English models).
    on = signals.short_gate - signals.room * (signals.short_gate - on)
    gate = on * (scale.gate_floor + (1 - scale.gate_floor) * s)
    room, length = signals.room, signals.length
    relevance = 25 * on * (scale.relevance_floor + (1 - scale.relevance_floor) * s)
    relevance *= 0.85 if signals.contradiction else 1.0

    def cue_dimension(raw: float, gain: float) -> float:
        # Cues need room to show: a one-line answer is judged on its content instead.
        return 25 * length * (room * gate * _clip(gain * raw) + (1 - room) * on * s)

    structure = cue_dimension(0.7 * signals.checklist + 0.3 * signals.organisation, scale.structure_gain)
    specificity = cue_dimension(signals.specificity, scale.specificity_gain)
    impact = cue_dimension(signals.impact, scale.impact_gain)
    dims = {"relevance": relevance, "structure": structure, "specificity": specificity, "impact": impact}
    return {k: max(0.0, min(25.0, v)) for k, v in dims.items()}, topic


def total(signals: Signals, scale: Scale) -> float:
    """The sum of the rounded dimensions, as the engine reports it (with the band map when the scale has one)."""
    dims, _ = dimensions(signals, scale)
    return float(sum(placed(dims, scale).values()))


def band_knots(scale: Scale) -> tuple[list[float], list[float]] | None:
    """The band map's corners as (raw totals, placed totals), or None when the scale has no map.

    Each threshold between two grades becomes a short steep step, `band_width` either side of it, from the top
    of the lower grade's band to the bottom of the upper one's; between two steps the raw total is stretched or
    squeezed evenly into the grade's band; 0 stays 0 and 100 stays 100.
    """
    if len(scale.band_thresholds) != len(BANDS) - 1:
        return None
    bands = list(BANDS.values())
    xs, ys = [0.0], [0.0]
    for threshold, lower, upper in zip(scale.band_thresholds, bands, bands[1:], strict=False):
        xs += [threshold - scale.band_width, threshold + scale.band_width]
        ys += [float(lower[1]), float(upper[0])]
    xs.append(100.0)
    ys.append(100.0)
    return xs, ys


def placed_total(raw: float, scale: Scale) -> float:
    """A raw total (the sum of the measured dimensions, 0..100) placed on the calibrated bands.

    The map is monotone and strictly increasing, so it never changes which of two answers scores higher; it
    only moves where an answer lands: the scale's dimensions order answers well (97.9 % of our graded pairs),
    but their sums spread across the gaps between the bands, and the map puts each grade's stretch of raw
    totals, as fitted on the graded dev answers, inside that grade's band.
    """
    knots = band_knots(scale)
    raw = max(0.0, min(100.0, raw))
    if knots is None:
        return raw
    xs, ys = knots
    for (x0, y0), (x1, y1) in itertools.pairwise(zip(xs, ys, strict=True)):
        if raw <= x1:
            return y0 + (y1 - y0) * (raw - x0) / max(1e-9, x1 - x0)
    return ys[-1]


def placed(dims: dict[str, float], scale: Scale, lift: bool = True) -> dict[str, int]:
    """The dimensions as whole numbers 0..25 whose sum is the placed total (rounded).

    Without a band map each dimension is rounded as measured. With one, every dimension is scaled by the same
    factor (so each still says what moved it, in the same proportion), a dimension that would pass 25 gives
    its excess to the others, and the rounding keeps the sum exact (largest remainders). With `lift` False
    (an answer the on-topic model puts off the question) the map may lower the total but never raise it: the
    map was fitted on answers of a few sentences or more, and a line such as "I don't know." must not be
    carried into the weak band by it.
    """
    if band_knots(scale) is None:
        return {k: clamp_dimension(v) for k, v in dims.items()}
    raw = sum(dims.values())
    target = round(placed_total(raw, scale) if lift else min(raw, placed_total(raw, scale)))
    if raw <= 0 or target <= 0:
        return dict.fromkeys(dims, 0)
    factor = target / raw
    shares = {k: v * factor for k, v in dims.items()}
    for _ in range(len(shares)):
        over = sum(max(0.0, v - DIMENSION_MAX) for v in shares.values())
        if over <= 1e-9:
            break
        shares = {k: min(float(DIMENSION_MAX), v) for k, v in shares.items()}
        # The others share it in proportion to what they measured (a dimension at 0 stays at 0 while it can).
        weights = {k: v for k, v in shares.items() if v < DIMENSION_MAX}
        if sum(weights.values()) <= 0:
            weights = {k: DIMENSION_MAX - v for k, v in weights.items()}
        spare = sum(weights.values())
        if spare <= 0:
            break
        shares = {k: v + over * weights.get(k, 0.0) / spare for k, v in shares.items()}
    out = {k: min(DIMENSION_MAX, math.floor(v)) for k, v in shares.items()}
    by_remainder = sorted(shares, key=lambda k: shares[k] - math.floor(shares[k]), reverse=True)
    missing = target - sum(out.values())
    for k in itertools.cycle(by_remainder):
        if missing <= 0 or all(v >= DIMENSION_MAX for v in out.values()):
            break
        if out[k] < DIMENSION_MAX:
            out[k] += 1
            missing -= 1
    return out


def signals_of(details: dict[str, float]) -> Signals:
    """The signals stored in a result's details by the offline engine."""
    # Results stored before the topic gate have no short_gate: the gate was open then.
    stored = {"signal_short_gate": 1.0, **details}
    values = {f.name: float(stored[f"signal_{f.name}"]) for f in fields(Signals) if f.name != "contradiction"}
    return Signals(**values, contradiction=bool(details["signal_contradiction"]))


@functools.cache
def current() -> Scale:
    """The scale in calibration.json, else the defaults."""
    try:
        data = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8")).get("scale")
    except (OSError, ValueError):
        data = None
    if not data:
        return Scale()
    known = {f.name for f in fields(Scale)}
    values = {k: v for k, v in data.items() if k in known}
    values["band_thresholds"] = tuple(float(v) for v in values.get("band_thresholds") or ())
    return Scale(**values)
