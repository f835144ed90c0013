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
import json
import math
from dataclasses import asdict, dataclass, field, fields

from interview_app.services.scoring.features import CALIBRATION_FILE

ON_TOPIC_FEATURES: tuple[str, ...] = ("lex_share", "sentence_topic", "content", "bias")


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
    trained_on: str = ""

    def to_dict(self) -> dict:
        """What calibration.json stores under "scale"."""
        return asdict(self)


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
    """The sum of the rounded dimensions, as the engine reports it."""
    dims, _ = dimensions(signals, scale)
    return float(sum(round(v) for v in dims.values()))


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
    return Scale(**{k: v for k, v in data.items() if k in known})
