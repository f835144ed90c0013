"""Speaking metrics from word timings and voice activity: pace, pauses, fillers, hedging, talk time.

Pause durations come from Silero VAD (accurate to about 0.1 s); word timestamps place them between words
and give the pace. Filler words are counted in two ways because Whisper drops many "um"/"uh":

1. heard: filler words that are in the transcript (um, uh, like, you know, so, basically, actually,
   kind of), with context rules so "I'd like to" or "a kind of index" do not count;
2. recovered: stretches between two words where VAD hears voice but Whisper wrote nothing (voiced gaps);
   each is listened to again with a prompt that makes Whisper keep hesitations, and counts only when
   that second pass hears "um", "uh" or similar.

The confidence says how much of the count rests on the second kind and on gaps left unresolved.

Korean answers (Hangul in the transcript) have their own fillers and hedges. 어, 음 (and 으음, 어어, 흠)
always count; 그, 저, 뭐, 이제, 막, 아, 에 and 그러니까 are ordinary words too ("그 서버", "저는" is a separate
word anyway, "뭐가", "이제부터"), so they count only when they stand alone: followed by a comma, an ellipsis
or a full stop, by a pause of GAP_SECONDS or more, by another filler, or said twice ("그 그"). 뭐랄까 always
counts. Hedges: 아마, 아마도, 어쩌면, "~것 같다" (것/거 then 같...), "모르겠지만"; 약간 and 좀 (a bit) only
when they stand alone, as they are mostly plain adverbs ("약간 느려졌다").
"""

from __future__ import annotations

import itertools
import re
from typing import Any

PAUSE_SECONDS = 1.0  # a silence this long between words counts as a pause
LONG_PAUSE_SECONDS = 1.5  # and this long as a long pause (highlighted in the transcript)
GAP_SECONDS = 0.4  # a gap between words this long, with voice in it, may hide a filler
VOICED_SECONDS = 0.25
WINDOW_SECONDS = 10.0
GOOD_PACE = (110, 170)

HESITATIONS = {"um", "umm", "uh", "uhh", "uhm", "er", "erm", "ah", "hmm", "mm", "mhm"}
SINGLE_FILLERS = {"basically", "actually"}
HEDGES = (
    ("i", "think"),
    ("i", "guess"),
    ("i", "believe"),
    ("i", "feel", "like"),
    ("i'm", "not", "sure"),
    ("not", "sure"),
    ("maybe",),
    ("perhaps",),
    ("probably",),
    ("possibly",),
    ("sort", "of"),
    ("somewhat",),
    ("hopefully",),
    ("might",),
    ("i", "suppose"),
)
_NOT_FILLER_LIKE_BEFORE = {
    "i'd",
    "would",
    "you'd",
    "we'd",
    "they'd",
    "looks",
    "look",
    "looked",
    "feel",
    "felt",
    "feels",
    "seems",
    "seem",
    "something",
    "anything",
    "nothing",
    "sounds",
    "sound",
    "more",
    "much",
    "not",
    "don't",
    "didn't",
    "i",
    "we",
    "they",
    "you",
    "to",
}
_NOT_YOU_KNOW_BEFORE = {"do", "did", "don't", "if", "as", "let", "would", "should"}
_NOT_YOU_KNOW_BEFORE = {"do", "did", "don't", "if", "as", "let", "would", "should"}
_NOT_SO_BEFORE = {"think", "hope", "guess", "believe", "suppose", "said", "say", "says", "did", "do", "not", "be", "is"}
_NOT_KIND_OF_BEFORE = {"a", "an", "the", "what", "this", "that", "which", "any", "some", "same", "one", "every"}

# Korean: hesitations that always count, words that count only standing alone, and hedges.
KO_HESITATIONS = {"어": "어", "어어": "어", "으": "어", "음": "음", "으음": "음", "음음": "음", "흠": "음"}
KO_ALONE_FILLERS = {"그", "저", "뭐", "이제", "막", "아", "에", "그러니까", "그니까"}
KO_ALWAYS_FILLERS = {"뭐랄까": "뭐랄까", "뭐랄까요": "뭐랄까"}
KO_HEDGES = {"아마": "아마", "아마도": "아마", "어쩌면": "어쩌면"}
KO_ALONE_HEDGES = {"약간", "좀"}
_HANGUL_FIRST, _HANGUL_LAST = "\uac00", "\ud7a3"


def _norm(word: str) -> str:
    return re.sub(r"[^\w']", "", word.lower().replace("’", "'"))


def _ends_clause(word: str) -> bool:
    return word.rstrip().endswith((",", ".", "?", "!", ";", ":", "-", "…"))


def _korean(token: str) -> bool:
    return bool(token) and _HANGUL_FIRST <= token[0] <= _HANGUL_LAST


def _stands_alone(words: list[dict[str, Any]], tokens: list[str], i: int) -> bool:
    """True when word i is set apart: punctuation or a pause after it, a filler next, or the word said twice."""
    raw = str(words[i]["word"])
    if _ends_clause(raw) or raw.rstrip().endswith(("..", "…")):
        return True
    if i + 1 >= len(tokens):
        return False
    nxt = tokens[i + 1]
    if nxt == tokens[i] or nxt in KO_HESITATIONS or nxt in HESITATIONS or nxt in KO_ALWAYS_FILLERS:
        return True
    try:
        return float(words[i + 1]["start"]) - float(words[i]["end"]) >= GAP_SECONDS
    except (KeyError, TypeError, ValueError):
        return False


def korean_filler(words: list[dict[str, Any]], tokens: list[str], i: int) -> str:
    """The kind of Korean filler word i is (the word itself, 어 or 음 for hesitations), or ""."""
    tok = tokens[i]
    if tok in KO_HESITATIONS:
        return KO_HESITATIONS[tok]
    if tok in KO_ALWAYS_FILLERS:
        return KO_ALWAYS_FILLERS[tok]
    if tok in KO_ALONE_FILLERS and _stands_alone(words, tokens, i):
        return "그러니까" if tok == "그니까" else tok
    return ""


def korean_hedge(words: list[dict[str, Any]], tokens: list[str], i: int) -> tuple[str, int]:
    """A Korean hedge starting at word i as (phrase, words), or ("", 0)."""
    tok = tokens[i]
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    if tok in KO_HEDGES:
        return KO_HEDGES[tok], 1
    if tok in ("것", "거") and nxt.startswith("같"):
        return "것 같다", 2
    if tok.startswith(("것같", "거같")):
        return "것 같다", 1
    if tok.startswith("모르겠") and tok.endswith(("지만", "는데", "는데요")):
        return "모르겠지만", 1
    if tok in KO_ALONE_HEDGES and _stands_alone(words, tokens, i):
        return tok, 1
    return "", 0


def heard_fillers(words: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Filler words present in the transcript: [{"index", "length" (words), "kind"}]."""
    tokens = [_norm(w["word"]) for w in words]
    raw = [w["word"] for w in words]
    found: list[dict[str, Any]] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        prev = tokens[i - 1] if i else ""
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        sentence_start = i == 0 or raw[i - 1].rstrip().endswith((".", "?", "!"))
        kind = ""
        length = 1
        if _korean(tok):
            kind = korean_filler(words, tokens, i)
        elif tok in HESITATIONS:
            kind = "um" if tok in ("um", "umm", "uhm", "hmm", "mm", "mhm") else "uh"
        elif tok == "you" and nxt == "know" and prev not in _NOT_YOU_KNOW_BEFORE:
            after = tokens[i + 2] if i + 2 < len(tokens) else ""
            if _ends_clause(raw[i + 1]) or after not in (
                "how",
                "what",
                "that",
                "why",
                "where",
                "when",
                "who",
                "it",
                "the",
            ):
                kind, length = "you know", 2
        elif tok == "kind" and nxt == "of" and prev not in _NOT_KIND_OF_BEFORE:
            kind, length = "kind of", 2
        elif tok in SINGLE_FILLERS:
            kind = tok
        elif tok == "like" and prev not in _NOT_FILLER_LIKE_BEFORE:
            if _ends_clause(raw[i]) or (
                nxt not in ("to", "that", "this", "a", "an")
                and ((i and _ends_clause(raw[i - 1])) or prev in ("and", "but", "just", "was", "um"))
            ):
                kind = "like"
        elif tok == "so" and (
            (sentence_start and (_ends_clause(raw[i]) or nxt not in ("that", "far", "much", "many")))
            or (not sentence_start and _ends_clause(raw[i]) and prev not in _NOT_SO_BEFORE)
        ):
            kind = "so"
        if kind:
            found.append({"index": i, "length": length, "kind": kind})
            i += length
        else:
            i += 1
    return found


def hedges(words: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Hedging phrases: [{"index", "length", "phrase"}]."""
    tokens = [_norm(w["word"]) for w in words]
    found: list[dict[str, Any]] = []
    i = 0
    while i < len(tokens):
        if _korean(tokens[i]):
            phrase, length = korean_hedge(words, tokens, i)
            if phrase:
                found.append({"index": i, "length": length, "phrase": phrase})
            i += length or 1
            continue
        for phrase in HEDGES:
            if tuple(tokens[i : i + len(phrase)]) == phrase:
                found.append({"index": i, "length": len(phrase), "phrase": " ".join(phrase)})
                i += len(phrase)
                break
        else:
            i += 1
    return found


def _voiced(spans: list[tuple[float, float]], start: float, end: float) -> float:
    return sum(max(0.0, min(end, e) - max(start, s)) for s, e in spans)


def hesitation_candidates(words: list[dict[str, Any]], spans: list[tuple[float, float]]) -> list[dict[str, Any]]:
    """Gaps between words where VAD hears voice but Whisper wrote nothing: [{"after", "start", "end"}]."""
    found = []
    tokens = [_norm(w["word"]) for w in words]
    for i in range(len(words) - 1):
        if {tokens[i], tokens[i + 1]} & (HESITATIONS | KO_HESITATIONS.keys()):
            continue  # Whisper wrote the hesitation, only its timing is off: do not count it twice
        start, end = float(words[i]["end"]), float(words[i + 1]["start"])
        if end - start >= GAP_SECONDS and _voiced(spans, start, end) >= VOICED_SECONDS:
            found.append({"after": i, "start": round(start, 2), "end": round(end, 2)})
    return found


def pauses(words: list[dict[str, Any]], spans: list[tuple[float, float]]) -> list[dict[str, Any]]:
    """Silences of PAUSE_SECONDS or more between the first and last speech: [{"start","end","seconds","after"}]."""
    found = []
    for (_, end), (start, _) in itertools.pairwise(spans):
        if start - end >= PAUSE_SECONDS:
            after = max((i for i, w in enumerate(words) if float(w["end"]) <= end + 0.5), default=-1)
            found.append(
                {"start": round(end, 2), "end": round(start, 2), "seconds": round(start - end, 2), "after": after}
            )
    return found


def pace(words: list[dict[str, Any]], duration: float) -> list[dict[str, float]]:
    """Words per minute in consecutive windows of WINDOW_SECONDS (the last one scaled to its length)."""
    if not words or duration <= 0:
        return []
    series = []
    t = 0.0
    while t < duration:
        end = min(duration, t + WINDOW_SECONDS)
        n = sum(1 for w in words if t <= float(w["start"]) < end)
        if end - t >= 3.0:
            series.append({"t": round(t, 1), "wpm": round(n * 60 / (end - t))})
        t += WINDOW_SECONDS
    return series


def compute(
    words: list[dict[str, Any]],
    spans: list[tuple[float, float]],
    duration: float,
    time_limit: int | None = None,
    recovered: list[dict[str, Any]] | None = None,
    candidates: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """All speaking metrics of one answer as plain data (stored on the answer, shown in the report)."""
    candidates = hesitation_candidates(words, spans) if candidates is None else candidates
    recovered = recovered or []
    heard = heard_fillers(words)
    hedge_items = hedges(words)
    pause_items = pauses(words, spans)
    speech = sum(e - s for s, e in spans)
    first = float(words[0]["start"]) if words else 0.0
    last = float(words[-1]["end"]) if words else 0.0
    talk = max(0.0, last - first)
    minutes = talk / 60 if talk > 0 else 0.0
    total_fillers = len(heard) + len(recovered)
    unresolved = max(0, len(candidates) - len(recovered))
    if not words:
        confidence = "low"
    elif unresolved <= 1 or (minutes and unresolved / minutes <= 1):
        confidence = "high"
    elif minutes and unresolved / minutes <= 3:
        confidence = "medium"
    else:
        confidence = "low"
    by_kind: dict[str, int] = {}
    for item in heard:
        by_kind[item["kind"]] = by_kind.get(item["kind"], 0) + 1
    if recovered:
        by_kind["um/uh (recovered)"] = len(recovered)
    by_phrase: dict[str, int] = {}
    for item in hedge_items:
        by_phrase[item["phrase"]] = by_phrase.get(item["phrase"], 0) + 1
    return {
        "duration": round(duration, 1),
        "speech_seconds": round(speech, 1),
        "talk_seconds": round(talk, 1),
        "first_word_seconds": round(first, 1),
        "time_limit": time_limit or 0,
        "time_used": round(min(1.5, duration / time_limit), 2) if time_limit else 0,
        "word_count": len(words),
        "wpm": round(len(words) / minutes) if minutes else 0,
        "articulation_wpm": round(len(words) * 60 / speech) if speech else 0,
        "pace": pace(words, duration),
        "pauses": {
            "count": len(pause_items),
            "long_count": sum(1 for p in pause_items if p["seconds"] >= LONG_PAUSE_SECONDS),
            "longest": max((p["seconds"] for p in pause_items), default=0.0),
            "total": round(sum(p["seconds"] for p in pause_items), 1),
            "items": pause_items,
        },
        "fillers": {
            "count": total_fillers,
            "heard": len(heard),
            "recovered": len(recovered),
            "unresolved": unresolved,
            "per_minute": round(total_fillers / minutes, 1) if minutes else 0.0,
            "confidence": confidence,
            "by_kind": by_kind,
            "items": heard,
            "recovered_items": recovered,
        },
        "hedges": {"count": len(hedge_items), "by_phrase": by_phrase, "items": hedge_items},
    }


def delivery_notes(m: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Plain-language strengths and improvements about delivery (keys into strings, with values)."""
    good: list[str] = []
    bad: list[str] = []
    if not m or not m.get("word_count"):
        return good, bad
    wpm = m["wpm"]
    if GOOD_PACE[0] <= wpm <= GOOD_PACE[1]:
        good.append("pace_good")
    elif wpm > GOOD_PACE[1]:
        bad.append("pace_fast")
    else:
        bad.append("pace_slow")
    per_minute = m["fillers"]["per_minute"]
    if per_minute <= 2:
        good.append("fillers_few")
    elif per_minute > 5:
        bad.append("fillers_many")
    if m["pauses"]["long_count"] >= 2:
        bad.append("pauses_long")
    if m["hedges"]["count"] >= 3:
        bad.append("hedging")
    if m.get("time_limit") and m["duration"] > m["time_limit"] * 1.1:
        bad.append("over_time")
    return good, bad


def delivery_score(m: dict[str, Any]) -> float:
    """0..1: how clear the delivery was (pace in range, few fillers, few long pauses, little hedging)."""
    if not m or not m.get("word_count"):
        return 0.5
    wpm = m["wpm"]
    low, high = GOOD_PACE
    pace_part = 1.0 if low <= wpm <= high else max(0.0, 1 - (low - wpm) / 60 if wpm < low else 1 - (wpm - high) / 60)
    filler_part = max(0.0, 1 - max(0.0, m["fillers"]["per_minute"] - 2) / 8)
    pause_part = max(0.0, 1 - max(0, m["pauses"]["long_count"] - 1) / 4)
    hedge_part = max(0.0, 1 - max(0, m["hedges"]["count"] - 2) / 6)
    return round(0.35 * pace_part + 0.35 * filler_part + 0.15 * pause_part + 0.15 * hedge_part, 3)


def transcript_segments(words: list[dict[str, Any]], m: dict[str, Any]) -> list[dict[str, str]]:
    """The transcript as runs of text marked plain, filler, hedge or pause (for highlighting)."""
    if not words:
        return []
    kind_at: dict[int, str] = {}
    for item in m.get("fillers", {}).get("items", []):
        for i in range(item["index"], item["index"] + item["length"]):
            kind_at[i] = "filler"
    for item in m.get("hedges", {}).get("items", []):
        for i in range(item["index"], item["index"] + item["length"]):
            kind_at.setdefault(i, "hedge")
    after: dict[int, list[dict[str, str]]] = {}
    for rec in m.get("fillers", {}).get("recovered_items", []):
        after.setdefault(int(rec["after"]), []).append({"text": f"({rec.get('kind', 'um')})", "kind": "filler"})
    for pause in m.get("pauses", {}).get("items", []):
        if pause["seconds"] >= LONG_PAUSE_SECONDS:
            after.setdefault(int(pause["after"]), []).append(
                {"text": f"[pause {pause['seconds']:.1f} s]", "kind": "pause"}
            )
    segments: list[dict[str, str]] = []

    def add(text: str, kind: str) -> None:
        # Spaces always go in plain runs, so a highlight covers only the words.
        if segments and segments[-1]["kind"] == "" and kind == "":
            segments[-1]["text"] += " " + text
            return
        if segments and segments[-1]["kind"] == "":
            segments[-1]["text"] += " "
        elif segments:
            segments.append({"text": " ", "kind": ""})
        segments.append({"text": text, "kind": kind})

    for i, w in enumerate(words):
        add(w["word"], kind_at.get(i, ""))
        for extra in after.get(i, []):
            add(extra["text"], extra["kind"])
    return segments
