"""Plain-text helpers shared by the scorer and the question-bank checks: words, lemmas, sentences.

Korean words (Hangul) are words too: `lemma` strips the particles and the endings of 하다/되다 verbs from
them (`인덱스를` -> `인덱스`, `확인했습니다` -> `확인`), a light stemmer of our own (no dictionary), and a few
common Korean technical words map to the English synonym groups (`캐시` -> `cache`), so that key points and
answers that mix Korean and English terms meet.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import lemminflect

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+#.'\-]*[A-Za-z0-9+#]|[A-Za-z]|\d+(?:[.,]\d+)*%?|[\uac00-\ud7a3]+")
_SENTENCE_END = re.compile(
    r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9\uac00-\ud7a3])|\n\s*\n|\n\s*(?=[-*\u2022]|\d+[.)])"
)

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

# Korean stems that join an English synonym group (the group's first word) or each other.
KO_SYNONYMS: dict[str, str] = {
    "캐시": "cache",
    "캐싱": "cache",
    "지연": "latency",
    "레이턴시": "latency",
    "응답시간": "latency",
    "고객": "customer",
    "사용자": "customer",
    "유저": "customer",
    "지표": "metric",
    "메트릭": "metric",
    "테스트": "test",
    "검증": "test",
    "버그": "bug",
    "결함": "bug",
    "배포": "deploy",
    "출시": "deploy",
    "릴리스": "deploy",
    "롤백": "rollback",
    "모니터링": "monitor",
    "갈등": "conflict",
    "의견": "opinion",
    "팀원": "team",
    "동료": "team",
    "목표": "goal",
    "개선": "improve",
    "향상": "improve",
    "감소": "reduce",
    "절감": "reduce",
    "결과": "result",
    "성과": "result",
    "데이터베이스": "database",
    "디비": "database",
    "큐": "queue",
    "장애": "failure",
    "보안": "security",
    "비용": "cost",
    "예산": "cost",
    "피드백": "feedback",
    "공유": "communicate",
    "소통": "communicate",
    "마감": "deadline",
    "일정": "deadline",
    "요구사항": "requirement",
    "실험": "experiment",
    "문서": "document",
    "문서화": "document",
    "자동화": "automate",
    "트레이드오프": "trade-off",
    "우선순위": "prioritise",
    "인덱스": "index",
    "쿼리": "query",
    "서버": "server",
    "로그": "log",
    "사례": "example",
    "팀": "team",
}
# Stems that carry no meaning of their own (after stemming): pronouns, connectives, light nouns, adverbs.
KO_STOPWORDS = frozenset(
    """했던 하던 있던 되던 인한 그로 않고 않은 않는 않았
    것 수 등 때 더 잘 및 또 또한 이 그 저 제 저희 우리 제가 내가 나 저는 위해 위한
    통해 통한 대해 대한 있 없 하 되 경우 정도 먼저 그리고 그래서 하지만 그런데 그러나
    또는 만약 바로 다음 이후 이전 이런 그런 저런 어떤 모든 각 좀 약간 매우 아주 너무
    정말 가장 다시 때문 처럼 이다 있습니다 없습니다 합니다 됩니다 했습니다 했고 있는 없는
    있고 있어 있었 같은 같이 같습니다 거 건 게 걸 그것 이것 저것 여기 거기 부분 측면
    따라 따른 관련 관련된 중 후 전 안 혹은 즉 특히 주로 보통 항상 결국 실제로 직접 함께
    모두 하나 두 세 한 여러 몇 가지 번 것은 것을 것이 점""".split()
)
_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_JONG_RIEUL = 8  # the final consonant ㄹ: 로 (not 으로) follows it
# Endings after the stem of a 하다/되다/시키다 verb or adjective: 확인(했습니다), 분석(하고), 일관(된).
_LIGHT_VERB = re.compile(
    r"^([\uac00-\ud7a3]{2,}?)(하|해|했|한|할|합|함|되|된|될|됐|돼|됩|됨|시키|시켜|시켰|시킨|시킬|시킵)[\uac00-\ud7a3]*$"
)
# Particles and copula endings, longest first: (suffix, rule) where the rule says what the syllable before
# must end in ("c" a consonant, "v" a vowel, "" either) and how much must remain (see `_strip_particle`).
_PARTICLES: tuple[tuple[str, str], ...] = tuple(
    (p, rule)
    for group, rule in (
        ("이었습니다 였습니다 입니다 이라고 이라는 이라서 에서는 에서도 에게서", ""),
        ("에게는 에게도 한테는 으로는 으로도 으로써", ""),
        ("에서 에게 에는 에도 까지 부터 처럼 보다 마다 한테 라고 라는 로는 로도 이며 이고 이나 적으로 적인 적이", ""),
        ("으로 을 은 이", "c"),
        ("과", "c2"),
        ("를 는", "v"),
        ("가 와 나 로", "v2"),
        ("에", ""),
        ("의 도 만 적", "2"),
    )
    for p in group.split()
)
# A particle standing alone (after an English word: `EXPLAIN로`) means nothing by itself.
KO_STOPWORDS = KO_STOPWORDS | {suffix for suffix, _ in _PARTICLES}
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


def words(text: str, *, hangul: bool = True) -> list[str]:
    """Lower-cased word tokens (keeps things like `c++`, `node.js`, `99.9%`); Korean words unless `hangul=False`.

    The offline scorer's key-point matching reads words with `hangul=False` (its correctness model was fitted
    on English); its length and cues read an answer in its own language (`language_of`, `word_count`,
    `cues_ko`; docs/scoring.md, "Korean answers").
    """
    found = [m.group(0).lower().rstrip(".") for m in _WORD.finditer(text)]
    return found if hangul else [w for w in found if not _HANGUL_FIRST <= ord(w[0]) <= _HANGUL_LAST]


# A text is read as Korean when at least this share of its space-separated words carry Hangul.
KOREAN_SHARE = 0.3
_EOJEOL = re.compile(r"\S+")


def language_of(text: str) -> str:
    """The language of a text: "ko" when it is written in Korean (English terms mixed in), else "en"."""
    tokens = [tok for tok in _EOJEOL.findall(text) if any(ch.isalnum() for ch in tok)]
    korean = sum(any(_HANGUL_FIRST <= ord(ch) <= _HANGUL_LAST for ch in tok) for tok in tokens)
    return "ko" if tokens and korean >= KOREAN_SHARE * len(tokens) else "en"


def word_count(text: str, lang: str = "en") -> int:
    """Words in `text` as a reader of the language counts them.

    English: the tokens of `words` without Hangul (as the offline scorer has always counted). Korean: eojeol,
    the space-separated words (`정산 시스템을 개편할 때` is four), English terms among them included.
    """
    if lang == "ko":
        return sum(any(ch.isalnum() for ch in tok) for tok in _EOJEOL.findall(text))
    return len(words(text, hangul=False))


@functools.lru_cache(maxsize=50_000)
def lemma(word: str) -> str:
    """Dictionary form of one lower-cased word: `services` -> `service`, `evaporated` -> `evaporate`.

    A Korean word loses its particles and verb endings: `인덱스를` -> `인덱스`, `확인했습니다` -> `확인`.
    """
    if word and _HANGUL_FIRST <= ord(word[0]) <= _HANGUL_LAST:
        return korean_stem(word)
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


def _has_final_consonant(syllable: str) -> bool:
    return (ord(syllable) - _HANGUL_FIRST) % 28 != 0


def _strip_particle(word: str) -> str:
    """`word` without one trailing particle, when what is left can be the noun it follows.

    Particles that only follow a consonant (을, 은, 이, 과, 으로) or a vowel (를, 는) are stripped when the
    syllable before fits; 가, 와, 나, 로 (after a vowel), 과 and 의, 도, 만, 적 also need two syllables to be
    left, so that nouns ending in them keep their last syllable (추가, 결과, 회의, 속도, 정도, 목적).
    """
    for suffix, rule in _PARTICLES:
        if not word.endswith(suffix) or len(word) <= len(suffix):
            continue
        rest = word[: -len(suffix)]
        last = rest[-1]
        if not _HANGUL_FIRST <= ord(last) <= _HANGUL_LAST:
            continue
        if rule in ("c", "c2") and not _has_final_consonant(last):
            continue
        if (
            rule in ("v", "v2")
            and _has_final_consonant(last)
            and not (suffix == "로" and (ord(last) - _HANGUL_FIRST) % 28 == _JONG_RIEUL)
        ):
            continue
        if rule in ("v2", "c2", "2") and len(rest) < 2:
            continue
        return rest
    return word


# A space-separated word and the punctuation closing it ("설정으로," -> "설정으로" and ",").
_CLOSING = re.compile(r"^(.*?)([.,!?;:)\]\"'”’…]*)$")


def without_particles(text: str) -> str:
    """`text` with one trailing particle taken off each Korean word (`설정으로 되돌려서` -> `설정 되돌려서`).

    Endings and everything else stay as written, and so do words without Hangul and the punctuation after a word.
    The multilingual encoder matches a key point (written as a noun phrase) to an answer's sentence better so: on
    the Korean graded answers the made points rank above the missed ones 87 % of the time instead of 85 % (dev),
    91 % instead of 88 % (holdout).
    """
    out = []
    for token in text.split():
        core, closing = _CLOSING.match(token).groups()  # type: ignore[union-attr]
        if any(_HANGUL_FIRST <= ord(ch) <= _HANGUL_LAST for ch in core):
            core = _strip_particle(core)
        out.append(core + closing)
    return " ".join(out)


@functools.lru_cache(maxsize=50_000)
def korean_stem(word: str) -> str:
    """The stem of a Korean word: particles, copula endings and 하다/되다 endings removed.

    `데이터베이스에서` -> `데이터베이스`, `확인했습니다` -> `확인`, `일관된` -> `일관`, `값을` -> `값`. A word
    that is only a particle or an ending (`를`, `합니다`) comes back as it is and is a stop word.
    """
    verb = _LIGHT_VERB.match(word)
    if verb:
        return verb.group(1)
    stripped = _strip_particle(word)
    if stripped != word:
        verb = _LIGHT_VERB.match(stripped)
        return verb.group(1) if verb else stripped
    return word


def canonical(word: str) -> str:
    """Lemma mapped through the synonym groups (Korean stems through `KO_SYNONYMS`)."""
    base = lemma(word)
    if base in KO_SYNONYMS:
        return KO_SYNONYMS[base]
    return SYNONYMS.get(base, SYNONYMS.get(word, base))


def content_terms(text: str, *, hangul: bool = True) -> list[str]:
    """Canonical forms of the words that carry meaning (no stop words), in order (Korean unless `hangul=False`)."""
    return [
        canonical(w)
        for w in words(text, hangul=hangul)
        if w not in STOPWORDS and w not in NEGATIONS and w not in KO_STOPWORDS and lemma(w) not in KO_STOPWORDS
    ]


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
