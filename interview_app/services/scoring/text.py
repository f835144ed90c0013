"""Plain-text helpers shared by the scorer and the question-bank checks: words, lemmas, sentences."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import lemminflect

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+#.'\-]*[A-Za-z0-9+#]|[A-Za-z]|\d+(?:[.,]\d+)*%?")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])|\n\s*\n|\n\s*(?=[-*\u2022]|\d+[.)])")

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are aren't as at be because been before being
    below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during
    each either etc few for from further get gets got had hadn't has hasn't have haven't having he her here hers
    herself him himself his how however i if in into is isn't it it's its itself just let let's like made make
    makes many may me might more most much must my myself need needs no nor not now of off on once one only or
    other our ours ourselves out over own per rather really same she should shouldn't so some such than that
    that's the their theirs them themselves then there these they this those through thus to too under until up
    upon us use used uses using very via was wasn't we well were weren't what when where whether which while who
    whom why will with within without won't would wouldn't yes yet you your yours yourself yourselves
    able across actually along already always another anything around away back based become becomes come
    comes done else enough even ever every example first give given go goes going good great keep kind know
    last least less lot lots maybe mean means often okay ok part put quite say says see seem seems set several
    since still take takes tell thing things think time times try trying two way ways whatever whole""".split()
)

# Small synonym groups for interview vocabulary; every word maps to the first word of its group.
_SYNONYM_GROUPS = (
    "cache caching memoize memoization",
    "latency delay lag slowness",
    "customer client user buyer",
    "metric measure kpi measurement",
    "test testing verify verification validate validation check",
    "bug defect fault error issue",
    "deploy deployment release ship rollout launch",
    "rollback revert",
    "monitor monitoring observe observability alert alerting",
    "stakeholder sponsor partner",
    "prioritise prioritize prioritisation prioritization priority rank triage",
    "conflict disagreement dispute tension",
    "team colleague teammate peer",
    "manager lead leader boss",
    "goal objective target aim",
    "improve improvement increase boost raise grow",
    "reduce decrease cut lower shrink",
    "result outcome impact effect",
    "learn learning lesson takeaway",
    "plan planning roadmap schedule",
    "scale scaling scalability scalable",
    "fast quick speed rapid",
    "database db datastore",
    "queue broker",
    "failure outage incident downtime",
    "security secure protect protection",
    "cost expense spend budget",
    "feedback input critique",
    "communicate communication explain inform update",
    "deadline timeline due",
    "requirement need spec specification",
    "experiment a/b hypothesis",
    "document documentation write-up runbook",
    "automate automation script",
    "trade-off tradeoff compromise downside",
)
SYNONYMS: dict[str, str] = {w: g.split()[0] for g in _SYNONYM_GROUPS for w in g.split()}
NEGATIONS = frozenset(
    "not no never none nothing neither nor cannot can't don't doesn't didn't won't wouldn't isn't aren't wasn't "
    "weren't shouldn't couldn't hasn't haven't hadn't without lack lacks fail fails failed unable".split()
)


@dataclass(frozen=True)
class Span:
    """A piece of text and where it sits in the original string."""

    text: str
    start: int
    end: int


def words(text: str) -> list[str]:
    """Lower-cased word tokens (keeps things like `c++`, `node.js`, `99.9%`)."""
    return [m.group(0).lower().rstrip(".") for m in _WORD.finditer(text)]


@functools.lru_cache(maxsize=50_000)
def lemma(word: str) -> str:
    """Dictionary form of one lower-cased word: `services` -> `service`, `evaporated` -> `evaporate`."""
    if not word.isalpha() or len(word) < 3:
        return word
    found = lemminflect.getAllLemmas(word)
    for pos in ("NOUN", "VERB", "ADJ", "ADV"):
        if pos in found:
            return found[pos][0]
    if word.endswith("s") and not word.endswith("ss"):
        oov = lemminflect.getAllLemmasOOV(word, "NOUN")
        if "NOUN" in oov:
            return oov["NOUN"][0]
    return word


def canonical(word: str) -> str:
    """Lemma mapped through the synonym groups."""
    base = lemma(word)
    return SYNONYMS.get(base, SYNONYMS.get(word, base))


def content_terms(text: str) -> list[str]:
    """Canonical forms of the words that carry meaning (no stop words), in order."""
    return [canonical(w) for w in words(text) if w not in STOPWORDS and w not in NEGATIONS]


def sentences(text: str) -> list[Span]:
    """Split text into sentences (and bullet lines), keeping their positions for quoting."""
    spans: list[Span] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        _add_span(spans, text, start, m.start())
        start = m.end()
    _add_span(spans, text, start, len(text))
    return spans


def _add_span(spans: list[Span], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    spans.append(Span(stripped, start + lead, start + lead + len(stripped)))


def shorten(text: str, limit: int = 160) -> str:
    """Cut a quote to about `limit` characters at a word boundary, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "\u2026"


def excerpt(text: str, limit: int = 220) -> str:
    """The start of `text`, cut at a word boundary near `limit`; always an exact substring of `text`."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:\n")


def term_coverage(needle: str, haystack_terms: set[str]) -> float:
    """Share of the content terms of `needle` that appear among `haystack_terms` (0-1)."""
    terms = set(content_terms(needle))
    if not terms:
        return 0.0
    return len(terms & haystack_terms) / len(terms)
