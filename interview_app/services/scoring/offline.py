"""The offline engine: scores an answer against the rubric with embeddings, key-point coverage and cues.

No network and no large model: a 3-layer MiniLM in ONNX (see embeddings.py), a calibrated logistic
correctness model (features.py, calibration.json) and transparent rules for structure and specificity.
Every comment quotes the sentence of the answer it is about, or names what is missing.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from typing import NamedTuple

import numpy as np

from interview_app.i18n import keys, t
from interview_app.services.scoring import features as ft
from interview_app.services.scoring import multilingual as ml
from interview_app.services.scoring import scale as sc
from interview_app.services.scoring import text as tx
from interview_app.services.scoring.embeddings import get_embedder
from interview_app.services.scoring.judge import get_judge
from interview_app.services.scoring.rubric import (
    Comment,
    KeyPointResult,
    KeyPointVerdicts,
    ScoreResult,
    ScoringInput,
    checklist_items,
)

ENGINE = "offline"
LEXICAL_MODEL = "lexical"
COVERED_AT = 0.5
# Below COVERED_AT but at least this: the answer comes close to the point without clearly making it.
PARTLY_AT = 0.3
# Between UNCLEAR_AT and PARTLY_AT the engine cannot tell: the point may be made in words it does not
# recognise, so it is not called missing (on our graded answers, 48 % of points scored 0.2-0.3 and 7 % of
# those scored 0.1-0.2 had been made; none below 0.1).
UNCLEAR_AT = 0.1
# "Missing" is said of a point below UNCLEAR_AT only when the answer makes fewer than this share of its points.
# An answer that clearly makes most of them tells a story the engine reads well, so a point it cannot find
# there is more likely made in words it does not recognise ("that's my change, I'll fix it" for "owned the
# mistake openly"): it is called unclear. This keeps the claim off the thin edge of UNCLEAR_AT, where the int8
# models' rounding differs by CPU (0.097 on an AVX-512 VNNI machine, 0.10 elsewhere, for that very point).
MISSING_ONLY_BELOW_SHARE = 0.5
# A covered point is praised in the strengths only from this confidence (9 in 10 of those were right).
PRAISE_AT = 0.7
CONTRADICTION_OVERLAP = 0.6
CONTRADICTION_MAX_WORDS = 22
CONTRADICTED_CONFIDENCE = 0.2
MAX_SENTENCES = 120
MAX_PIECE_WORDS = 45
_CACHE_SIZE = 128
# The answer judge's share of a window's probability (the rest is the embedding model's).
JUDGE_WEIGHT = 0.7
# Points whose best window the judge puts below this get a look at MORE_WINDOWS more windows.
SECOND_LOOK_BELOW = 0.5
MORE_WINDOWS = 2
# Answers up to this many words are also read whole against the reference (when there are no key points).
WHOLE_ANSWER_WORDS = 80
WHOLE_JUDGE_WEIGHT = 0.3
_cache: OrderedDict[tuple[str, ...], list[ft.Unit]] = OrderedDict()
_cache_lock = threading.Lock()


@dataclass
class _Analysis:
    sentences: list[tx.Span]
    units: list[ft.Unit]
    whole: ft.Unit
    question: ft.Unit
    key_points: list[KeyPointResult]
    coverage: float
    answer_correct: float
    content: float
    contradictions: list[str]
    embedded: bool
    lex_share: float = 0.0
    sentence_topic: float = 0.0
    multilingual: bool = False  # read by the multilingual encoder (an answer or question not in English)
    short_gate: float = 1.0  # how far a short answer is about the question (the multilingual encoder tells; see scale)

    @property
    def on_topic(self) -> float:
        """How surely the answer is about the question asked (0-1; below 0.5 it is off the question)."""
        return sc.on_topic(self.lex_share, self.sentence_topic, self.content)


def _pieces(text: str) -> list[tx.Span]:
    """Sentences, with run-on ones (e.g. speech transcripts) cut into pieces of at most ~45 words.

    Every piece is an exact slice of `text`, so quotes taken from pieces are exact too.
    """
    out: list[tx.Span] = []
    for span in tx.sentences(text)[:MAX_SENTENCES]:
        tokens = list(re.finditer(r"\S+", text[span.start : span.end]))
        if len(tokens) <= MAX_PIECE_WORDS:
            out.append(span)
            continue
        for i in range(0, len(tokens), 35):
            group = tokens[i : i + 35]
            start, end = span.start + group[0].start(), span.start + group[-1].end()
            out.append(tx.Span(text[start:end], start, end))
    return out


def _fixed_units(texts: tuple[str, ...]) -> list[ft.Unit]:
    """Units for question-side texts (question, key points, references), cached: they repeat a lot."""
    with _cache_lock:
        hit = _cache.get(texts)
        if hit is not None:
            _cache.move_to_end(texts)
            return hit
    units = ft.make_units(get_embedder(), list(texts))
    with _cache_lock:
        _cache[texts] = units
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return units


def prepare(question: str, reference_answer: str, key_points: list[str]) -> None:
    """Embed a question's side (prompt, key points, model answer) ahead of time, so scoring its answers is fast."""
    references = [[s.text for s in _pieces(reference_answer)]] if reference_answer.strip() else []
    points = [p for p in key_points if p.strip()] or (references[0][:6] if references else [])
    _fixed_units((question.strip() or "?", *points, *(s for lst in references for s in lst)))
    reader = ml.get_reader() if ml.needed(question, "") else None
    if reader is not None:
        # A question not in English: its answers are read by the multilingual encoder (loaded here, not later).
        refs = (reference_answer,) if reference_answer.strip() else ()
        reader.encode_fixed((question or "?", *points, *refs, *(s for lst in references for s in lst)))
        if points:
            reader.encode_fixed(ml.plain_points(points))


@dataclass
class _Window:
    """A place in the answer that may carry a key point: its text to quote and its probabilities."""

    index: int
    quote: str
    embed_p: float
    judge_p: float | None = None

    @property
    def p(self) -> float:
        if self.judge_p is None:
            return self.embed_p
        return JUDGE_WEIGHT * self.judge_p + (1 - JUDGE_WEIGHT) * self.embed_p


@dataclass
class _PointMatch:
    """The windows of the answer ranked for one key point, and what is needed to check for a contradiction."""

    point: str
    unit: ft.Unit
    feats: dict[str, np.ndarray]
    windows: list[_Window]
    whole_p: float
    # Windows for the judge, best first by the embedding model: neighbouring pairs (a point often spans two
    # sentences), or the one sentence of a one-sentence answer.
    judge_order: list[int]
    quote_for: Callable[[int], str]
    embed_p: np.ndarray


def _candidates(
    point: str,
    unit: ft.Unit,
    units: list[ft.Unit],
    sentences: list[tx.Span],
    answer: str,
    question: ft.Unit,
    embedded: bool,
) -> _PointMatch:
    """The best places in the answer for one key point by the embedding model (sentences and neighbouring pairs)."""
    n = len(units)
    feats = ft.window_features(unit, units, question, embedded, include_whole=n > 1)
    every = ft.correctness_many(feats)
    probs = every[: 2 * n - 1]

    def quote_for(index: int) -> str:
        if index < n:
            return units[index].text
        # Quote the stronger sentence of a pair; quote both only when each carries the point.
        left, right = float(probs[index - n]), float(probs[index - n + 1])
        if min(left, right) >= 0.8 * max(left, right):
            return answer[sentences[index - n].start : sentences[index - n + 1].end]
        return units[index - n if left >= right else index - n + 1].text

    ranked = [int(i) for i in np.argsort(-probs)[:6]]
    windows = [_Window(i, quote_for(i), float(probs[i])) for i in ranked]
    whole_p = 0.85 * float(every[-1]) if n > 1 else 0.0
    if n > 1:
        pair_score = np.maximum(probs[n : 2 * n - 1], np.maximum(probs[: n - 1], probs[1:n]))
        judge_order = [n + int(k) for k in np.argsort(-pair_score)]
    else:
        judge_order = [0]
    return _PointMatch(point, unit, feats, windows, whole_p, judge_order, quote_for, probs)


def _judge_text(index: int, units: list[ft.Unit], sentences: list[tx.Span], answer: str) -> str:
    """What the judge reads for a window: the sentence, or both sentences of a pair."""
    n = len(units)
    if index < n:
        return units[index].text
    return answer[sentences[index - n].start : sentences[index - n + 1].end]


def _judge_points(matches: list[_PointMatch], units: list[ft.Unit], sentences: list[tx.Span], answer: str) -> bool:
    """Let the answer judge read each key point with its best window, and the next ones when it is unsure."""
    judge = get_judge()
    if judge is None or not matches:
        return False
    judged: list[list[_Window]] = [[] for _ in matches]

    def read(batch: list[tuple[int, int]]) -> None:
        texts = [(matches[i].point, _judge_text(index, units, sentences, answer)) for i, index in batch]
        for (i, index), p in zip(batch, judge.probabilities(texts), strict=True):
            m = matches[i]
            judged[i].append(_Window(index, m.quote_for(index), float(m.embed_p[index]), float(p)))

    read([(i, m.judge_order[0]) for i, m in enumerate(matches)])
    # Points the first window did not settle get a look at the next best windows (one batch for all).
    more = [
        (i, index)
        for i, m in enumerate(matches)
        if judged[i][0].p < SECOND_LOOK_BELOW
        for index in m.judge_order[1 : 1 + MORE_WINDOWS]
    ]
    if more:
        read(more)
    for m, windows in zip(matches, judged, strict=True):
        m.windows = sorted(windows, key=lambda w: -w.p)
    return True


def _settle(m: _PointMatch, point_negated: bool, judged: bool, question_terms: set[str]) -> tuple[float, str, bool]:
    """The key point's confidence, the text that shows it, and whether the answer says the opposite."""
    feats, unit = m.feats, m.unit

    def opposite(window: _Window) -> bool:
        # Same words, opposite meaning ("we did not add an index", "latency increased").
        # Only short, plain claims: longer sentences negate in passing ("without a tie-breaker the order is
        # not stable"), and an answer often states the fix where the point names the problem ("images
        # without a width cause shifts" / "every image gets a width"), so only the answer's own negation counts.
        if len(window.quote.split()) > CONTRADICTION_MAX_WORDS or not unit.terms:
            return False
        flipped = ft.negates_terms(window.quote, unit.terms) and not point_negated
        if not (feats["antonym"][window.index] or flipped):
            return False
        # The window must talk about the same things: the point's own words beyond the question's, where an
        # antonym counts as the word it flips ("increases" for "decreases").
        said = set(tx.content_terms(window.quote, hangul=False))
        said |= {
            tx.canonical(b) for w in tx.words(window.quote, hangul=False) for b in ft.ANTONYMS.get(tx.lemma(w), ())
        }
        novel = (unit.terms - question_terms) or unit.terms
        return len(novel & said) / len(novel) >= CONTRADICTION_OVERLAP

    # Judged windows come first; unjudged ones only count when there is no judge.
    pool = [w for w in m.windows if w.judge_p is not None] if judged else m.windows
    best = pool[0]
    contradicted = opposite(best)
    if contradicted:
        # Another place in the answer may state the point plainly; then it is covered after all.
        for window in pool[1:]:
            if window.p < COVERED_AT:
                break
            if not opposite(window):
                best, contradicted = window, False
                break
    best_p = best.p
    if not judged and not contradicted:
        best_p = max(best_p, m.whole_p)
    if contradicted:
        best_p = min(best_p, CONTRADICTED_CONFIDENCE)
    return best_p, best.quote, contradicted


def _match_points(
    answer: str,
    points: list[str],
    point_units: list[ft.Unit],
    units: list[ft.Unit],
    sentences: list[tx.Span],
    question: ft.Unit,
    embedded: bool,
) -> tuple[list[KeyPointResult], list[str]]:
    """Each key point's verdict (covered, partly, unclear or missing, with its evidence) and the contradictions."""
    matches = [
        _candidates(point, unit, units, sentences, answer, question, embedded)
        for point, unit in zip(points, point_units, strict=True)
    ]
    judged = _judge_points(matches, units, sentences, answer)
    results: list[KeyPointResult] = []
    contradictions: list[str] = []
    settled = [_settle(m, ft.negates_terms(m.point, m.unit.terms), judged, question.terms) for m in matches]
    made_most = _made_most([p for p, _, _ in settled])
    for m, (best_p, best_text, contradicted) in zip(matches, settled, strict=True):
        if contradicted:
            contradictions.append(best_text)
        results.append(_verdict(m.point, best_p, best_text, contradicted, made_most))
    return results, contradictions


def _made_most(confidences: list[float]) -> bool:
    """Whether the answer makes at least MISSING_ONLY_BELOW_SHARE of its points."""
    made = sum(p >= COVERED_AT for p in confidences)
    return bool(confidences) and made >= MISSING_ONLY_BELOW_SHARE * len(confidences)


def _verdict(point: str, best_p: float, best_text: str, contradicted: bool, made_most: bool) -> KeyPointResult:
    """One key point's verdict from its confidence (see the status table in docs/scoring.md)."""
    covered = best_p >= COVERED_AT
    if covered:
        status = "covered"
    elif contradicted or (best_p < UNCLEAR_AT and not made_most):
        status = "missing"
    else:
        status = "partly" if best_p >= PARTLY_AT else "unclear"
    return KeyPointResult(
        point=point,
        covered=covered,
        confidence=round(best_p, 3),
        evidence=best_text if status in ("covered", "partly") else None,
        status=status,
    )


def _match_points_multilingual(
    answer: str, points: list[str], sentences: list[tx.Span], reading: ml.Reading
) -> list[KeyPointResult]:
    """Key-point verdicts from the multilingual encoder (no contradiction rules: they read English words)."""
    n = len(sentences)

    def quote(index: int) -> str:
        if index < n:
            return sentences[index].text
        return answer[sentences[index - n].start : sentences[index - n + 1].end]

    made_most = _made_most(reading.point_probability)
    return [
        _verdict(point, p, quote(window), False, made_most)
        for point, p, window in zip(points, reading.point_probability, reading.point_window, strict=True)
    ]


def analyse(inp: ScoringInput) -> _Analysis:
    """Embed the answer and measure how well it covers the reference and each key point."""
    embedder = get_embedder()
    embedded = embedder is not None
    stripped = inp.answer.strip()
    lead = inp.answer.find(stripped) if stripped else 0
    sentences = _pieces(inp.answer) or [tx.Span(stripped, lead, lead + len(stripped))]
    references = [r for r in [inp.reference_answer, *inp.other_references] if r.strip()]
    ref_sentence_lists = [[s.text for s in _pieces(r)] for r in references]
    explicit_points = [p for p in inp.key_points if p.strip()]
    points = explicit_points or (ref_sentence_lists[0][:6] if ref_sentence_lists else [])
    fixed_texts = (inp.question.strip() or "?", *points, *(s for lst in ref_sentence_lists for s in lst))
    fixed = _fixed_units(fixed_texts)
    question, point_units = fixed[0], fixed[1 : 1 + len(points)]
    ref_units, cursor = [], 1 + len(points)
    for lst in ref_sentence_lists:
        ref_units.append(ft.merge_units(fixed[cursor : cursor + len(lst)]))
        cursor += len(lst)
    units = ft.make_units(embedder, [s.text for s in sentences])
    whole = ft.merge_units(units)
    reader = ml.get_reader() if ml.needed(inp.question, inp.answer) else None
    if reader is not None:
        # Not in English: the English models cannot read it, the multilingual encoder measures it instead.
        found = ml.cosines(
            reader,
            [s.text for s in sentences],
            inp.answer,
            inp.question,
            points,
            references,
            [s for lst in ref_sentence_lists for s in lst],
        )
        return _analysis_multilingual(inp, sentences, units, whole, fixed[0], points, explicit_points, ml.apply(found))

    answer_correct = 0.0
    for ref in ref_units:
        answer_correct = max(answer_correct, ft.correctness(ft.match_features(ref, whole, question, embedded)))
    judge = get_judge()
    if (
        judge is not None
        and references
        and not explicit_points
        and len(tx.words(inp.answer, hangul=False)) <= WHOLE_ANSWER_WORDS
    ):
        # Without key points, a short answer is read whole against each reference, too.
        verdict = float(judge.probabilities([(ref, inp.answer) for ref in references]).max())
        answer_correct = WHOLE_JUDGE_WEIGHT * verdict + (1 - WHOLE_JUDGE_WEIGHT) * answer_correct
    if inp.verdicts is not None and inp.verdicts.fits(inp):
        # Matched before for this very input (and stored with the answer): the same verdicts, not made again.
        results = [replace(k) for k in inp.verdicts.key_points]
        contradictions = list(inp.verdicts.contradictions)
    else:
        results, contradictions = _match_points(inp.answer, points, point_units, units, sentences, question, embedded)
    # How much of the answer is about the question: its words, and its sentences' closeness to the question side.
    vocabulary = set().union(*(u.terms for u in fixed))
    lex_share = len(whole.terms & vocabulary) / len(whole.terms) if whole.terms else 0.0
    if embedded:
        side = np.stack([u.vector for u in fixed])
        sentence_topic = float((np.stack([u.vector for u in units]) @ side.T).max(axis=1).mean())
    else:
        sentence_topic = lex_share
    return _assemble(
        _Read(sentences, units, whole, question, embedded, lex_share, sentence_topic),
        results,
        answer_correct,
        has_references=bool(references),
        explicit_points=bool(explicit_points),
        contradictions=contradictions,
    )


class _Read(NamedTuple):
    """The answer as read: its sentences and units, the whole answer's and the question's unit, and its topic."""

    sentences: list[tx.Span]
    units: list[ft.Unit]
    whole: ft.Unit
    question: ft.Unit
    embedded: bool
    lex_share: float
    sentence_topic: float


def _assemble(
    read: _Read,
    results: list[KeyPointResult],
    answer_correct: float,
    *,
    has_references: bool,
    explicit_points: bool,
    contradictions: list[str] | None = None,
    multilingual: bool = False,
    short_gate: float = 1.0,
) -> _Analysis:
    """The analysis of a reading from its key-point verdicts and the answer's match (English and multilingual).

    Coverage is the key points' mean confidence (the answer's match when there are none); without a reference
    answer the answer's match is that coverage; content blends the two (`_content`).
    """
    coverage = sum(r.confidence for r in results) / len(results) if results else answer_correct
    if not has_references:
        answer_correct = coverage
    return _Analysis(
        read.sentences,
        read.units,
        read.whole,
        read.question,
        results,
        coverage,
        answer_correct,
        _content(coverage, answer_correct, explicit_points),
        contradictions if contradictions is not None else [],
        read.embedded,
        read.lex_share,
        read.sentence_topic,
        multilingual=multilingual,
        short_gate=short_gate,
    )


def _content(coverage: float, answer_correct: float, explicit_points: bool) -> float:
    """Content: mostly the key points when the question lists its own, mostly the answer's match when derived."""
    return 0.65 * coverage + 0.35 * answer_correct if explicit_points else 0.15 * coverage + 0.85 * answer_correct


def _analysis_multilingual(
    inp: ScoringInput,
    sentences: list[tx.Span],
    units: list[ft.Unit],
    whole: ft.Unit,
    question: ft.Unit,
    points: list[str],
    explicit_points: list[str],
    reading: ml.Reading,
) -> _Analysis:
    """The analysis of an answer read by the multilingual encoder (content and topic as `analyse` measures them)."""
    if inp.verdicts is not None and inp.verdicts.fits(inp):
        results = [replace(k) for k in inp.verdicts.key_points]
    else:
        results = _match_points_multilingual(inp.answer, points, sentences, reading)
    return _assemble(
        _Read(sentences, units, whole, question, True, reading.lex_share, reading.sentence_topic),
        results,
        reading.answer_match,
        has_references=bool(inp.reference_answer.strip() or inp.other_references),
        explicit_points=bool(explicit_points),
        multilingual=True,
        short_gate=reading.on_question,
    )


def _model_name(embedded: bool = True, multilingual: bool = False) -> str:
    if multilingual:
        return ml.MODEL_NAME
    embedder = get_embedder() if embedded else None
    name = embedder.name if embedder else LEXICAL_MODEL
    judge = get_judge()
    return f"{name} + {judge.name}" if judge is not None else name


def _clip(x: float) -> float:
    return max(0.0, min(1.0, x))


def _first(sentences: list[tx.Span], predicate) -> str | None:
    for span in sentences:
        if predicate(span.text):
            return span.text
    return None


def verdicts(inp: ScoringInput) -> KeyPointVerdicts:
    """The answer's key-point verdicts alone (`inp.verdicts` when they fit), to store with the answer."""
    return _verdicts_of(inp, analyse(inp))


def _verdicts_of(inp: ScoringInput, a: _Analysis) -> KeyPointVerdicts:
    return KeyPointVerdicts(inp.fingerprint(), tuple(replace(k) for k in a.key_points), tuple(a.contradictions))


def score(inp: ScoringInput) -> ScoreResult:
    """Score one answer with the offline engine."""
    return assess(inp)[0]


def assess(inp: ScoringInput) -> tuple[ScoreResult, KeyPointVerdicts]:
    """Score one answer with the offline engine, with the key-point verdicts the score is made of.

    `inp.verdicts` that fit the input are used as they are (see `KeyPointVerdicts`).
    """
    a = analyse(inp)
    text = inp.answer
    # The cues are read in the answer's own language (a Korean answer's words are eojeol, its STAR cues Korean).
    reading = tx.language_of(text)
    n_words = tx.word_count(text, reading)
    behavioural = inp.question_type in ("behavioural", "situational")
    cues = ft.cue_hits(text, reading)
    spec = ft.specificity_cues(text, reading)
    flags: list[str] = []

    # Length against the time limit (typed answers: about 25-160 words per minute of the limit).
    limit = inp.time_limit_seconds
    ideal_min = max(25, int(limit * 0.25)) if limit else 0
    ideal_max = int(limit / 60 * 160) if limit else 900
    length_factor = 1.0
    if n_words < ideal_min:
        length_factor = 0.45 + 0.55 * n_words / ideal_min
        flags.append("too_short")
    elif n_words > ideal_max:
        length_factor = 0.9
        flags.append("too_long")
    if a.contradictions:
        flags.append("contradiction")
    # Checklist.
    items = checklist_items(inp.question_type)
    if behavioural:
        checklist = {
            "situation": cues["situation"] > 0 or (len(a.sentences) >= 3 and inp.question_type == "situational"),
            "task": cues["task"] > 0,
            "action": cues["action"] > 0 or spec["actions"] > 0,
            "result": (cues["result"] > 0 and (ft.has_number(text, reading) or cues["result"] > 1))
            or any(ft.has_outcome_hint(s.text, reading) and ft.has_number(s.text, reading) for s in a.sentences),
        }
    else:
        checklist = {
            "approach": cues["approach"] > 0 and len(a.sentences) >= 2,
            "key_points": a.coverage >= COVERED_AT,
            "trade_offs": cues["trade_offs"] > 0,
            "complexity": cues["complexity"] > 0 or cues["verification"] > 0,
        }
    checklist = {k: checklist[k] for k in items}
    signals = measure(inp, a, checklist, spec, cues, length_factor, n_words, reading)
    # The band map and the parameters refitted with it were fitted on what the English models measure in English
    # answers; an answer read by the multilingual encoder, or written in Korean, keeps the scale as it is.
    english = not a.multilingual and reading == "en"
    scale = sc.for_english(sc.current()) if english else sc.current()
    if a.multilingual:
        # Read by the multilingual encoder: its own band map, fitted on the dev answers in that language.
        scale = ml.banded(scale)
    dims, on_topic = sc.dimensions(signals, scale)
    if on_topic < 0.5:
        flags.append("off_topic")
    dimensions = sc.placed(dims, scale, lift=ml.lifts(a.short_gate) if a.multilingual else on_topic >= 0.5)
    total = sum(dimensions.values())
    strengths, improvements = _comments(inp, a, checklist, spec, cues, flags, ideal_min, n_words, reading)
    why = _why(inp, a, checklist, spec, cues, flags, n_words, reading)
    result = ScoreResult(
        total=total,
        dimensions=dimensions,
        checklist=checklist,
        key_points=a.key_points,
        strengths=strengths,
        improvements=improvements,
        summary=_summary(total, a, checklist, inp.question_type, inp.lang),
        engine=ENGINE,
        model=_model_name(a.embedded, a.multilingual),
        flags=flags,
        details={
            "content": round(a.content, 4),
            "coverage": round(a.coverage, 4),
            "answer_match": round(a.answer_correct, 4),
            "words": float(n_words),
            "on_topic": round(on_topic, 4),
            **{f"signal_{k}": round(float(v), 4) for k, v in asdict(signals).items()},
        },
        why=why,
    )
    return result, _verdicts_of(inp, a)


def _items(names: list[str], lang: str) -> str:
    """Checklist items in the language, as a list ("situation, result")."""
    return ", ".join(t(keys.SCORE_ITEM[name], lang) for name in names)


def _why(
    inp: ScoringInput,
    a: _Analysis,
    checklist: dict[str, bool],
    spec: dict[str, float],
    cues: dict[str, int],
    flags: list[str],
    n_words: int,
    reading: str = "en",
) -> dict[str, str]:
    """In a few words per dimension, the evidence that moved it (in the interview's language).

    `reading` is the answer's language, in which its cues were read.
    """
    lang = inp.lang
    behavioural = inp.question_type in ("behavioural", "situational")
    covered = sum(k.shown_status == "covered" for k in a.key_points)
    partly = sum(k.shown_status in ("partly", "unclear") for k in a.key_points)
    relevance = [t("score.why.covered", lang, covered=covered, count=len(a.key_points))]
    if partly:
        relevance.append(t("score.why.touched", lang, count=partly))
    relevance.append(t("score.why.off_topic" if "off_topic" in flags else "score.why.on_topic", lang))
    if "contradiction" in flags:
        relevance.append(t("score.why.contradiction", lang))
    ticked = [k for k, v in checklist.items() if v]
    missing = [k for k, v in checklist.items() if not v]
    parts = _items(ticked, lang) if ticked else t("score.why.no_parts", lang)
    structure = [t("score.why.star" if behavioural else "score.why.shape", lang, items=parts)]
    if missing:
        structure.append(t("score.why.missing", lang, items=_items(missing, lang)))
    if spec["sequence"]:
        structure.append(t("score.why.in_order", lang))
    specificity = [
        t("score.why.figures", lang, count=int(spec["numbers"])),
        t("score.why.actions", lang, count=int(spec["actions"])),
        t("score.why.tools", lang, count=int(spec["tools"])),
    ]
    if spec["hedges"]:
        specificity.append(t("score.why.hedges", lang, count=int(spec["hedges"])))
    if behavioural:
        outcome = "score.why.outcome" if checklist.get("result") else "score.why.no_outcome"
        if checklist.get("result") and any(
            ft.has_number(s.text, reading) and ft.has_cue("result", s.text, reading) for s in a.sentences
        ):
            outcome = "score.why.outcome_figure"
        reflection = "score.why.reflection" if cues["reflection"] else "score.why.no_reflection"
        impact = [t(outcome, lang), t(reflection, lang)]
    else:
        impact = [
            t("score.why.trade_offs" if checklist.get("trade_offs") else "score.why.no_trade_off", lang),
            t("score.why.verify" if cues["verification"] else "score.why.no_verify", lang),
        ]
    if "too_short" in flags:
        impact.append(t("score.why.short", lang, words=n_words))
    return {
        "relevance": "; ".join(relevance),
        "structure": "; ".join(structure),
        "specificity": ", ".join(specificity),
        "impact": "; ".join(impact),
    }


def measure(
    inp: ScoringInput,
    a: _Analysis,
    checklist: dict[str, bool],
    spec: dict[str, float],
    cues: dict[str, int],
    length_factor: float,
    n_words: int,
    reading: str = "en",
) -> sc.Signals:
    """The signals the scale turns into dimensions (see scale.py); `reading` is the answer's language."""
    behavioural = inp.question_type in ("behavioural", "situational")
    checklist_share = sum(checklist.values()) / max(1, len(checklist))
    sentence_lengths = [len(s.text.split()) for s in a.sentences]
    avg_len = sum(sentence_lengths) / max(1, len(sentence_lengths))
    organisation = 0.5 * _clip(spec["sequence"] / 2) + 0.5 * (1.0 if 8 <= avg_len <= 32 else 0.5)
    if len(a.sentences) < 2:
        organisation *= 0.5
    if inp.question_type == "situational":
        # A plan is specific when it names concrete steps in order, people, tools and figures.
        specificity = (
            0.15 * _clip(spec["numbers"] / 2)
            + 0.4 * _clip(spec["actions"] / 4)
            + 0.15 * _clip(spec["tools"] / 2)
            + 0.3 * _clip(spec["sequence"] / 3)
        )
    elif behavioural:
        person = _clip(spec["first_person"] * 12) if spec["first_person"] >= spec["we"] * 0.5 else 0.4
        specificity = (
            0.3 * _clip(spec["numbers"] / 3)
            + 0.35 * _clip(spec["actions"] / 3)
            + 0.15 * _clip(spec["tools"] / 2)
            + 0.2 * person
        )
    else:
        specificity = (
            0.3 * _clip(spec["tools"] / 3)
            + 0.3 * _clip(spec["numbers"] / 3)
            + 0.2 * _clip(cues["complexity"] / 2)
            + 0.2 * _clip(spec["actions"] / 2 + spec["first_person"] * 8)
        )
    specificity -= 0.08 * min(spec["hedges"], 4)
    if inp.question_type == "situational":
        # A plan judged by its expected outcome, the reasons given and coverage of what matters.
        impact = (
            0.3 * checklist.get("result", False)
            + 0.25 * _clip(spec["reasoning"] / 3)
            + 0.15 * (cues["verification"] > 0 or cues["reflection"] > 0)
            + 0.3 * a.coverage
        )
    elif behavioural:
        quantified = any(
            ft.has_number(s.text, reading)
            and (ft.has_cue("result", s.text, reading) or ft.has_outcome_hint(s.text, reading))
            for s in a.sentences
        )
        impact = (
            0.35 * checklist.get("result", False)
            + 0.25 * quantified
            + 0.15 * (cues["reflection"] > 0)
            + 0.25 * a.coverage
        )
    else:
        impact = 0.3 * checklist.get("trade_offs", False) + 0.2 * (cues["verification"] > 0) + 0.5 * a.coverage
    return sc.Signals(
        content=a.content,
        lex_share=a.lex_share,
        sentence_topic=a.sentence_topic,
        room=_clip((n_words - 10) / 50),
        length=length_factor,
        checklist=checklist_share,
        organisation=organisation,
        specificity=_clip(specificity),
        impact=_clip(impact),
        contradiction=bool(a.contradictions),
        short_gate=a.short_gate,
    )


def _comments(
    inp: ScoringInput,
    a: _Analysis,
    checklist: dict[str, bool],
    spec: dict[str, float],
    cues: dict[str, int],
    flags: list[str],
    ideal_min: int,
    n_words: int,
    reading: str = "en",
) -> tuple[list[Comment], list[Comment]]:
    sentences = a.sentences
    lang = inp.lang
    behavioural = inp.question_type in ("behavioural", "situational")
    off_topic = "off_topic" in flags
    strengths: list[Comment] = []
    improvements: list[Comment] = []
    used: set[str] = set()

    def say(key: str, **params: object) -> str:
        return t(key, lang, **params)

    def add(target: list[Comment], text: str, quote: str | None, reuse: bool = False) -> None:
        if quote is not None:
            if quote in used and not reuse:
                return
            used.add(quote)
        target.append(Comment(text=text, quote=tx.excerpt(quote, 220) if quote else None))

    covered = sorted(
        (k for k in a.key_points if k.covered and k.evidence and k.confidence >= PRAISE_AT and not off_topic),
        key=lambda k: -k.confidence,
    )
    for k in covered[:2]:
        add(strengths, say("score.strength.key_point", point=_point(k.point, lang)), k.evidence)
    quantified = _first(sentences, lambda s: ft.has_number(s, reading) and ft.has_cue("result", s, reading))
    if quantified:
        add(strengths, say("score.strength.number"), quantified)
    if behavioural:
        action = _first(sentences, lambda s: ft.action_count(s, reading) > 0 and ft.says_i(s, reading))
        if action:
            add(strengths, say("score.strength.own_action"), action)
        reflection = _first(sentences, lambda s: ft.has_cue("reflection", s, reading))
        if reflection:
            add(strengths, say("score.strength.reflection"), reflection)
    else:
        trade = _first(sentences, lambda s: ft.has_cue("trade_offs", s, reading))
        if trade:
            add(strengths, say("score.strength.trade_off"), trade)
        verify = _first(sentences, lambda s: ft.has_cue("verification", s, reading))
        if verify:
            add(strengths, say("score.strength.verify"), verify)
    if len(strengths) < 2:
        best = max(
            zip(sentences, a.units, strict=True),
            key=lambda su: (
                float(su[1].vector @ a.question.vector) if a.embedded else len(su[1].terms & a.question.terms)
            ),
        )[0]
        add(strengths, say("score.strength.closest"), best.text)
    if len(strengths) < 2 and sentences and not ft.hedge_spans(sentences[0].text, reading):
        add(strengths, say("score.strength.direct_open"), sentences[0].text)
    if len(strengths) < 2 and sentences:
        fresh = [s.text for s in sentences if s.text not in used]
        add(
            strengths,
            say("score.strength.attempted"),
            fresh[0] if fresh else sentences[-1].text,
            reuse=True,
        )
    for quote in a.contradictions[:1]:
        add(improvements, say("score.improve.contradiction"), quote)
    if off_topic:
        improvements.append(
            Comment(
                text=say("score.improve.off_topic"),
                quote=None,
            )
        )
    # "Missing" only when no part of the answer comes close; a near miss quotes the part that comes close.
    missed = [k for k in a.key_points if k.shown_status == "missing"]
    partly = [k for k in a.key_points if k.shown_status == "partly"]
    for k in partly[:1] if not off_topic else []:
        add(improvements, say("score.improve.make_explicit", point=_point(k.point, lang)), k.evidence)
    for k in missed[:2]:
        improvements.append(Comment(text=say("score.improve.missing", point=_point(k.point, lang)), quote=None))
    unclear = [k for k in a.key_points if k.shown_status == "unclear"]
    for k in unclear[: max(0, 2 - len(missed))] if not off_topic else []:
        improvements.append(Comment(text=say("score.improve.say_outright", point=_point(k.point, lang)), quote=None))
    if "too_short" in flags:
        improvements.append(
            Comment(
                text=say("score.improve.too_short", words=n_words, min=ideal_min),
                quote=None,
            )
        )
    if behavioural and not off_topic and cues["result"] == 0 and not ft.has_outcome_hint(inp.answer, reading):
        last = sentences[-1].text if sentences else None
        add(improvements, say("score.improve.no_outcome"), last)
    elif behavioural and not off_topic and not checklist.get("result", True):
        outcome = _first(sentences, lambda s: ft.has_cue("result", s, reading))
        if outcome and not ft.has_number(outcome, reading):
            add(improvements, say("score.improve.outcome_figure"), outcome)
    if behavioural and spec["we"] > spec["first_person"] * 1.5 and spec["we"] > 0.02:
        we_sentence = _first(sentences, lambda s: ft.says_we(s, reading) and not ft.says_i(s, reading))
        if we_sentence:
            add(improvements, say("score.improve.own_part"), we_sentence)
    hedged = _first(sentences, lambda s: bool(ft.hedge_spans(s, reading)))
    if hedged:
        phrase = ft.hedge_spans(hedged, reading)[0]
        add(improvements, say("score.improve.hedge", phrase=phrase), hedged)
    if not behavioural and not checklist.get("trade_offs", True):
        improvements.append(Comment(text=say("score.improve.trade_off"), quote=None))
    # The advice to end with the outcome already asks for numbers.
    asked_for_numbers = any(c.text == say("score.improve.no_outcome") for c in improvements)
    if spec["numbers"] == 0 and not asked_for_numbers:
        improvements.append(Comment(text=say("score.improve.add_figure"), quote=None))
    long_sentence = max(sentences, key=lambda s: len(s.text.split()), default=None)
    if long_sentence and len(long_sentence.text.split()) > 40:
        add(improvements, say("score.improve.long_sentence"), long_sentence.text)
    if len(improvements) < 2 and missed[2:]:
        improvements.append(Comment(text=say("score.improve.missing", point=_point(missed[2].point, lang)), quote=None))
    if len(improvements) < 2 and partly[1:] and not off_topic:
        add(improvements, say("score.improve.make_explicit", point=_point(partly[1].point, lang)), partly[1].evidence)
    if len(improvements) < 2 and cues["reflection"] == 0 and behavioural:
        improvements.append(Comment(text=say("score.improve.reflect"), quote=None))
    if len(improvements) < 2:
        weakest = min(
            zip(sentences, a.units, strict=True),
            key=lambda su: (
                float(su[1].vector @ a.question.vector) if a.embedded else len(su[1].terms & a.question.terms)
            ),
        )[0]
        add(improvements, say("score.improve.cut"), weakest.text)
    generic = ("score.improve.compare_model", "score.improve.summary_first", "score.improve.rehearse")
    for advice in generic:
        if len(improvements) >= 2:
            break
        improvements.append(Comment(text=say(advice), quote=None))
    return strengths[:4], improvements[:4]


def _lower_first(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:] if text[:2].upper() != text[:2] else text


def _point(text: str, lang: str) -> str:
    """A key point quoted inside a comment: its full stop dropped; in English, a capital lowered."""
    return _lower_first(text) if lang == "en" else text.strip().rstrip(".")


_SUMMARY_BANDS = ((75, "score.summary.strong"), (55, "score.summary.solid"), (35, "score.summary.partial"))


def _summary(total: int, a: _Analysis, checklist: dict[str, bool], question_type: str, lang: str = "en") -> str:
    covered = sum(k.covered for k in a.key_points)
    band = next((key for floor, key in _SUMMARY_BANDS if total >= floor), "score.summary.weak")
    missing = [k for k, v in checklist.items() if not v]
    parts = [t(band, lang, covered=covered, count=len(a.key_points))]
    if missing:
        behavioural = question_type in ("behavioural", "situational")
        label = "score.summary.star_missing" if behavioural else "score.summary.elements_missing"
        parts.append(t(label, lang, items=_items(missing, lang)))
    return " ".join(parts)
