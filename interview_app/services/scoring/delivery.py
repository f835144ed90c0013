"""Spoken delivery in the rubric.

For recorded answers, pace, fillers, long pauses and hedging make up a quarter of the structure
(communication) dimension, and the comments say what was heard, quoting it.
"""

from __future__ import annotations

import re
from typing import Any

from interview_app.i18n import t
from interview_app.services.scoring.rubric import Comment, ScoreResult, ScoringInput, clamp_dimension
from interview_app.speech import metrics as speech_metrics

DELIVERY_SHARE = 0.25


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def _quote_with(text: str, pattern: re.Pattern[str]) -> str | None:
    """The sentence of `text` with the most matches of `pattern` (an exact slice of the text)."""
    best, count = None, 0
    for sentence in _sentences(text):
        n = len(pattern.findall(sentence))
        if n > count:
            best, count = sentence, n
    return best


_FILLER_RE = re.compile(r"\b(um+|uh+|er+m?|you know|kind of|basically|actually|like)\b", re.I)
_HEDGE_RE = re.compile(r"\b(i think|i guess|i believe|maybe|perhaps|probably|possibly|sort of|might)\b", re.I)


def comments(m: dict[str, Any], text: str, lang: str = "en") -> tuple[list[Comment], list[Comment]]:
    """Delivery strengths and improvements for speaking metrics `m` of transcript `text`, written in `lang`."""
    good_keys, bad_keys = speech_metrics.delivery_notes(m)
    good: list[Comment] = []
    bad: list[Comment] = []
    wpm = m.get("wpm", 0)
    fillers = m.get("fillers", {})
    if "pace_good" in good_keys:
        good.append(Comment(t("score.delivery.pace_good", lang, wpm=wpm)))
    if "fillers_few" in good_keys:
        good.append(Comment(t("score.delivery.fillers_few", lang)))
    if "pace_fast" in bad_keys:
        bad.append(Comment(t("score.delivery.pace_fast", lang, wpm=wpm)))
    if "pace_slow" in bad_keys:
        bad.append(Comment(t("score.delivery.pace_slow", lang, wpm=wpm)))
    if "fillers_many" in bad_keys:
        bad.append(
            Comment(
                t("score.delivery.fillers_many", lang, rate=fillers.get("per_minute", 0)),
                _quote_with(text, _FILLER_RE),
            )
        )
    if "pauses_long" in bad_keys:
        n = m.get("pauses", {}).get("long_count", 0)
        bad.append(Comment(t("score.delivery.pauses_long", lang, count=n)))
    if "hedging" in bad_keys:
        bad.append(
            Comment(
                t("score.delivery.hedging", lang),
                _quote_with(text, _HEDGE_RE),
            )
        )
    if "over_time" in bad_keys:
        bad.append(Comment(t("score.delivery.over_time", lang)))
    return good, bad


def apply(result: ScoreResult, inp: ScoringInput) -> ScoreResult:
    """Fold delivery into a recorded answer's score (typed answers are returned unchanged)."""
    m = inp.speech
    if not m or not m.get("word_count"):
        return result
    delivery = speech_metrics.delivery_score(m)
    structure = result.dimensions.get("structure", 0)
    result.dimensions["structure"] = clamp_dimension((1 - DELIVERY_SHARE) * structure + DELIVERY_SHARE * 25 * delivery)
    result.total = sum(result.dimensions.values())
    good, bad = comments(m, inp.answer, inp.lang)
    if good:
        result.strengths = [*result.strengths[:3], good[0]]
    if bad:
        keep = max(2, 4 - len(bad[:2]))
        result.improvements = [*result.improvements[:keep], *bad[:2]][:4]
    result.details["delivery"] = delivery
    return result
