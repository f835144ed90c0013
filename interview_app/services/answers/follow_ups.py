"""Follow-up questions a real interviewer would ask: whether to ask one, what kind, and in what words.

Pure: no Reflex and no database. `plan_follow_up` reads the question, the answer and the offline engine's
verdicts on it (`scoring.offline.analyse`, or a score through `analysis_from_result`, which adds the
on-topic probability and the total) and returns a `FollowUpPlan`:

- `redirect` when the answer is off the question: "Let's come back to the question: ...";
- `none` when the answer is excellent (most key points covered or a high total, on topic, not vague);
- `probe` when the answer leaves a key point open: one question about the most important open point;
- `deeper` when every key point is there but the answer is vague: asks about something the candidate said,
  never about anything missing.

Every wording (LLM-written, curated or template) must pass `grounding_problems`: a follow-up names no
person, company, role, number or quoted phrase that is not in the question or the answer.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import lemminflect

from interview_app.i18n import t
from interview_app.services.scoring import text as tx
from interview_app.services.scoring.rubric import KeyPointVerdicts

# Thresholds (tuned against the scorer's analysis; see docs/scoring.md, "Follow-up questions").
OFF_TOPIC_PROBABILITY = 0.5  # the scorer's on-topic probability below this: off the question
OFF_TOPIC_CONTENT = 0.30  # without that probability: content below this, with no key point covered
OFF_TOPIC_MIN_WORDS = 3  # fewer words than this is treated as off the question too
EXCELLENT_COVERED_SHARE = 0.8  # this share of key points covered (and on topic): no follow-up
EXCELLENT_CONTENT = 0.45  # ... and at least this content score
EXCELLENT_TOTAL = 75  # or a calibrated total (0-100) of at least this: excellent whatever the point count
VAGUE_WORDS = 40  # an answer shorter than this is vague, however many points it touched
DEEPER_AFTER_EXCELLENT = False  # True: an excellent answer gets one "deeper" follow-up instead of none
CURATED_MIN_OVERLAP = 0.2  # share of a key point's terms a curated follow-up must share to probe it
REDIRECT_MAX_CHARS = 240  # a longer question is shortened in the redirect
QUOTE_MAX_WORDS = 12  # a "deeper" follow-up quotes at most this many words of the answer
REFERENCE_MIN_OVERLAP = 0.34  # a model-answer sentence is relevant to a key point above this term overlap

KINDS = ("none", "deeper", "probe", "redirect")


class KeyPointVerdict(Protocol):
    """One key point as the offline analysis judged it."""

    @property
    def point(self) -> str:
        """The key point's text."""
        ...

    @property
    def covered(self) -> bool:
        """Whether some part of the answer says it."""
        ...

    @property
    def confidence(self) -> float:
        """How sure the engine is (0-1)."""
        ...

    @property
    def evidence(self) -> str | None:
        """The part of the answer that covers it."""
        ...


class Analysis(Protocol):
    """The parts of an offline analysis a plan reads (`offline.analyse(...)` or `analysis_from_result`)."""

    @property
    def key_points(self) -> Sequence[KeyPointVerdict]:
        """Each key point with its verdict, in the question's order."""
        ...

    @property
    def content(self) -> float:
        """How much of the expected content the answer has (0-1)."""
        ...

    @property
    def coverage(self) -> float:
        """Mean key-point confidence (0-1)."""
        ...


@dataclass(frozen=True)
class AnswerAnalysis:
    """What the planner reads of a scored answer (see `analysis_from_result`)."""

    key_points: tuple[KeyPointVerdict, ...]
    content: float
    coverage: float
    on_topic: float | None = None  # the scorer's probability that the answer is about the question
    total: float | None = None  # the calibrated 0-100 score
    verdicts: KeyPointVerdicts | None = None  # the key-point verdicts behind it, to store with the answer


def analysis_from_result(result: Any, verdicts: KeyPointVerdicts | None = None) -> AnswerAnalysis:
    """The planner's view of an offline `ScoreResult` (key points, content, on-topic probability, total)."""
    details = getattr(result, "details", None) or {}
    on_topic = details.get("on_topic")
    return AnswerAnalysis(
        key_points=tuple(result.key_points),
        content=float(details.get("content", 0.0)),
        coverage=float(details.get("coverage", 0.0)),
        on_topic=float(on_topic) if on_topic is not None else None,
        total=float(result.total),
        verdicts=verdicts,
    )


@dataclass(frozen=True)
class AskedQuestion:
    """The question as the planner sees it."""

    prompt: str
    type: str = "behavioural"
    key_points: tuple[str, ...] = ()
    follow_ups: tuple[str, ...] = ()


@dataclass(frozen=True)
class FollowUpPlan:
    """What to ask next (`kind` "none": nothing) and the key points the follow-up's answer is scored on."""

    kind: str
    prompt: str = ""
    key_points: tuple[str, ...] = ()
    source: str = ""  # redirect | curated | template | quote (what the prompt came from)
    reason: str = ""  # off_topic | excellent | open_point | vague


def is_off_topic(answer: str, analysis: Analysis) -> bool:
    """Whether the answer is not about the question at all.

    The scorer's on-topic probability decides when it has one; otherwise no key point is covered and the
    content score is very low. A reply of a word or two is off the question too.
    """
    if len(tx.words(answer)) < OFF_TOPIC_MIN_WORDS:
        return True
    on_topic = getattr(analysis, "on_topic", None)
    if on_topic is not None:
        return on_topic < OFF_TOPIC_PROBABILITY
    return not any(k.covered for k in analysis.key_points) and analysis.content < OFF_TOPIC_CONTENT


def plan_follow_up(question: AskedQuestion, answer: str, analysis: Analysis) -> FollowUpPlan:
    """Decide whether and what to ask after `answer` (see the module docstring for the rules)."""
    if is_off_topic(answer, analysis):
        return FollowUpPlan(
            "redirect", redirect_prompt(question.prompt), tuple(question.key_points), "redirect", "off_topic"
        )
    verdicts = list(analysis.key_points)
    open_points = [k.point for k in verdicts if not k.covered]
    share = 1 - len(open_points) / len(verdicts) if verdicts else 1.0
    vague = len(tx.words(answer)) < VAGUE_WORDS
    total = getattr(analysis, "total", None)
    strong = share >= EXCELLENT_COVERED_SHARE and analysis.content >= EXCELLENT_CONTENT
    excellent = not vague and (strong or (total is not None and total >= EXCELLENT_TOTAL))
    if excellent and not DEEPER_AFTER_EXCELLENT:
        return FollowUpPlan("none", reason="excellent")
    if open_points and not excellent:
        return _probe(question, answer, open_points)
    return _deeper(question, answer, verdicts, "excellent" if excellent else "vague")


def _probe(question: AskedQuestion, answer: str, open_points: list[str]) -> FollowUpPlan:
    """One question about an open key point: the curated follow-up that fits one best, else a template."""
    best: tuple[float, int, str, str] | None = None
    for index, option in enumerate(question.follow_ups):
        if grounding_problems(option, question.prompt, answer) or sounds_like_missing(option):
            continue
        terms = set(tx.content_terms(option))
        for rank, point in enumerate(open_points):
            overlap = tx.term_coverage(point, terms)
            key = (overlap, -rank - index, option, point)
            if overlap >= CURATED_MIN_OVERLAP and (best is None or key[:2] > best[:2]):
                best = key
    if best is not None:
        return FollowUpPlan("probe", best[2], (best[3],), "curated", "open_point")
    target = open_points[0]  # bank key points are written most important first
    return FollowUpPlan("probe", template_probe(question.type, target), (target,), "template", "open_point")


def _deeper(question: AskedQuestion, answer: str, verdicts: list[KeyPointVerdict], reason: str) -> FollowUpPlan:
    """Go one level deeper on the least certain point the candidate did make, quoting them."""
    made = sorted((k for k in verdicts if k.covered and k.evidence), key=lambda k: k.confidence)
    technical = question.type in ("technical", "system_design")
    lang = "ko" if is_korean(question.prompt) else "en"
    ask = t("followup.deeper.technical" if technical else "followup.deeper.behavioural", lang)
    for verdict in made:
        quote = quote_from(verdict.evidence or "")
        prompt = t("followup.quoted", lang, quote=quote, ask=ask)
        if quote and not grounding_problems(prompt, question.prompt, answer):
            return FollowUpPlan("deeper", prompt, (verdict.point,), "quote", reason)
    target = made[0].point if made else (question.key_points[0] if question.key_points else "")
    generic = t("followup.generic.technical" if technical else "followup.generic.behavioural", lang)
    return FollowUpPlan("deeper", generic, (target,) if target else (), "template", reason)


def quote_from(evidence: str) -> str:
    """The first words of a covering sentence, an exact part of the answer, for a "You mentioned ..." prompt."""
    spans = list(re.finditer(r"\S+", evidence))[:QUOTE_MAX_WORDS]
    if not spans:
        return ""
    return evidence[spans[0].start() : spans[-1].end()].strip(" ,;:.!?\"'()[]")


def redirect_prompt(prompt: str) -> str:
    """The redirect ("Let's come back to the question: ...") with the question, shortened when it is long."""
    text = " ".join(prompt.split())
    if len(text) > REDIRECT_MAX_CHARS:
        parts = [s.text for s in tx.sentences(text)]
        asks = [p for p in parts if p.endswith("?")] or parts[-1:]
        ask = " ".join(asks)
        if len(parts) > 1 and len(parts[0]) + len(ask) + 1 <= REDIRECT_MAX_CHARS and parts[0] not in asks:
            text = f"{parts[0]} {ask}"
        elif len(ask) <= REDIRECT_MAX_CHARS:
            text = ask
        else:
            text = tx.shorten(asks[0] if len(asks[0]) <= REDIRECT_MAX_CHARS else text, REDIRECT_MAX_CHARS)
    return t("followup.redirect", "ko" if is_korean(text) else "en", question=text)


_BEHAVIOURAL_TEMPLATES = (
    (("result", "outcome", "impact", "measur", "metric", "number"), "followup.behavioural.outcome"),
    (
        ("reflect", "learn", "differently", "own contribution", "mistake", "lesson"),
        "followup.behavioural.reflect",
    ),
    (
        ("stakeholder", "communicat", "explain", "align", "persuad", "convinc", "buy-in", "manager", "team"),
        "followup.behavioural.people",
    ),
    (
        ("decid", "trade-off", "option", "prioriti", "alternative", "risk"),
        "followup.behavioural.options",
    ),
    (
        ("situation", "context", "stake", "specific", "problem", "why"),
        "followup.behavioural.stakes",
    ),
)
_TECHNICAL_TEMPLATES = (
    (
        ("trade-off", "tradeoff", "alternative", "instead", "versus", "downside", "cost of"),
        "followup.technical.trade_offs",
    ),
    (
        ("test", "verif", "monitor", "measur", "metric", "alert", "observab", "check"),
        "followup.technical.verify",
    ),
    (
        ("scale", "load", "throughput", "latency", "performance", "capacity", "partition", "shard"),
        "followup.technical.scale",
    ),
    (
        ("fail", "error", "retry", "crash", "outage", "recover", "rollback", "idempot", "timeout"),
        "followup.technical.failure",
    ),
    (
        ("security", "secure", "auth", "permission", "privacy", "encrypt", "access"),
        "followup.technical.security",
    ),
    (
        ("consistency", "consistent", "race", "concurren", "lock", "transaction", "duplicate"),
        "followup.technical.concurrency",
    ),
)


def is_korean(text: str) -> bool:
    """True when `text` is written in Korean (has Hangul): the follow-up is then asked in Korean."""
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


# The same themes for questions written in Korean (the bank's ko/ questions): Korean cue words, the same keys.
_KO_BEHAVIOURAL_TEMPLATES = (
    (("결과", "성과", "영향", "수치", "지표"), "followup.behavioural.outcome"),
    (("배운", "배움", "회고", "다르게", "실수", "교훈"), "followup.behavioural.reflect"),
    (
        ("이해관계자", "소통", "설명", "설득", "합의", "공유", "팀장", "팀원"),
        "followup.behavioural.people",
    ),
    (
        ("결정", "트레이드오프", "선택지", "우선순위", "대안", "위험", "리스크"),
        "followup.behavioural.options",
    ),
    (("상황", "배경", "문제", "이유", "입장"), "followup.behavioural.stakes"),
)
_KO_TECHNICAL_TEMPLATES = (
    (
        ("트레이드오프", "대안", "대신", "단점", "비용"),
        "followup.technical.trade_offs",
    ),
    (
        ("테스트", "검증", "모니터링", "지표", "알림", "측정", "확인"),
        "followup.technical.verify",
    ),
    (
        ("확장", "부하", "처리량", "지연", "성능", "트래픽", "샤딩", "파티션"),
        "followup.technical.scale",
    ),
    (
        ("장애", "실패", "오류", "재시도", "롤백", "복구", "멱등", "타임아웃"),
        "followup.technical.failure",
    ),
    (("보안", "인증", "권한", "암호화", "접근", "개인정보"), "followup.technical.security"),
    (("일관성", "동시", "경쟁", "잠금", "트랜잭션", "중복"), "followup.technical.concurrency"),
)


def template_probe(question_type: str, point: str) -> str:
    """A neutral question that steers toward the theme of `point` without giving it away (in the point's language)."""
    technical = question_type in ("technical", "system_design")
    lowered = point.lower()
    korean = is_korean(point)
    lang = "ko" if korean else "en"
    if korean:
        templates = _KO_TECHNICAL_TEMPLATES if technical else _KO_BEHAVIOURAL_TEMPLATES
    else:
        templates = _TECHNICAL_TEMPLATES if technical else _BEHAVIOURAL_TEMPLATES
    for cues, key in templates:
        if any(cue in lowered for cue in cues):
            return t(key, lang)
    return t("followup.default.technical" if technical else "followup.default.behavioural", lang)


_MISSING_STYLE = re.compile(
    r"\b(you (did not|didn't|never|forgot to|failed to) (mention|say|cover|talk|address|explain)|"
    r"(was|is|were|are) missing|you missed|you left out|left out|what was missing|you overlooked)\b",
    re.IGNORECASE,
)


def sounds_like_missing(prompt: str) -> bool:
    """Whether a follow-up tells the candidate something was missing (never said after a good answer)."""
    return bool(_MISSING_STYLE.search(prompt))


def relevant_reference(model_answer: str, key_points: Sequence[str]) -> str:
    """The sentences of the model answer that speak to `key_points` ("" when none does)."""
    wanted = [p for p in key_points if p.strip()]
    if not wanted or not model_answer.strip():
        return ""
    keep = []
    for span in tx.sentences(model_answer):
        terms = set(tx.content_terms(span.text))
        if any(tx.term_coverage(point, terms) >= REFERENCE_MIN_OVERLAP for point in wanted):
            keep.append(span.text)
    return " ".join(keep)


# ---------------------------------------------------------------- grounding

_TOKEN = re.compile(r"[^\W_](?:[\w'’./&+-]*[^\W_])?")
_NUMBER = re.compile(r"\d(?:[\d,.]*\d)?")
_QUOTED = re.compile(r"[\"“”]([^\"“”]{2,}?)[\"“”]|(?<![\w])[‘']([^‘’']{3,}?)[’'](?![\w])")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*)[\"“‘'(\[]*$")
_NUMBER_WORDS = frozenset("hundred hundreds thousand thousands million millions billion billions percent".split())
ROLE_WORDS = frozenset(
    [
        "coo",  # codespell:ignore coo
        *"""ceo cto cfo cio cmo cpo ciso cro vp svp evp president director supervisor founder co-founder cofounder
    chairman chairwoman chairperson manager boss executive owner head""".split(),
    ]
)
_ROLE_PHRASES = ("team lead", "tech lead", "the board", "head of")
_COMMON_STARTERS = frozenset(
    """a an the this that these those it its if when what which who whom whose why how where would could should
    can do does did is are was were will have has had suppose imagine say let let's now so and but or then also
    after before once given looking thinking assuming besides beyond back in on at for from with without by to of
    as any some each every one another other your you i we they he she there here walk tell describe explain
    talk give pick take name think picture consider go going during while since though although instead rather
    over under between among about which whichever yes no okay ok sure great good right fine interesting
    compared finally first next last lastly still even just only how's what's where's who's why's that's
    it's there's you've you'd you're we've we'd we're today later earlier""".split()
)


# Generic technical words written in capitals: concepts, not names or facts about the candidate's story.
GENERIC_ACRONYMS = frozenset(
    """api apis ui ux cpu gpu sql url urls ci cd sdk http https json csv dns tls ip id ids ok qa a/b faq kpi kpis
    roi mvp sla slas ai ml llm""".split()
)
_PRONOUNS = frozenset(("I", "I'm", "I'd", "I've", "I'll", "I’m", "I’d", "I’ve", "I’ll"))


@functools.lru_cache(maxsize=4096)
def _common_word(word: str) -> bool:
    """An ordinary English word (so not a name when it opens a sentence): a stop word or a dictionary word."""
    word = word.replace("’", "'")
    return word in tx.STOPWORDS or word in _COMMON_STARTERS or bool(lemminflect.getAllLemmas(word))


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[’‘]", "'", text).lower().split())


def _numbers(text: str) -> set[str]:
    return {m.group(0).replace(",", "").rstrip(".") for m in _NUMBER.finditer(text)}


def _acronyms(tokens: list[str]) -> set[str]:
    """Initials of runs of 2-5 content words ("chief financial officer" -> "cfo") so acronyms match phrases."""
    out: set[str] = set()
    for i in range(len(tokens)):
        for n in range(2, 6):
            run = tokens[i : i + n]
            if len(run) < n or any(w in tx.STOPWORDS and w not in ("of",) for w in run):
                break
            out.add("".join(w[0] for w in run if w != "of"))
            out.add("".join(w[0] for w in run))
    return out


def _stem(word: str) -> str:
    word = word.lower().replace("’", "'")
    word = re.sub(r"'s$", "", word)
    return tx.lemma(word) if word.isalpha() else word


_LATIN_THEN_HANGUL = re.compile(r"(?<=[A-Za-z0-9%])(?=[\uac00-\ud7a3])")


def _split_scripts(text: str) -> str:
    """A space where a Latin word runs into Korean (`Redis가` -> `Redis 가`): a particle is not part of a name."""
    return _LATIN_THEN_HANGUL.sub(" ", text)


def grounding_problems(follow_up: str, question: str, answer: str) -> list[str]:
    """What a follow-up asserts that neither the question nor the answer says: names, numbers, roles, quotes.

    Compared case-insensitively. A capitalised common word at the start of a sentence is not a name; an
    acronym matches the initials of a phrase in the context ("CFO" and "chief financial officer").
    Returns short descriptions such as `name: Dana`; empty when the follow-up is grounded.
    """
    follow_up, question, answer = (_split_scripts(text) for text in (follow_up, question, answer))
    context = f"{question}\n{answer}"
    flat = _norm(context)
    tokens = [t.lower() for t in _TOKEN.findall(flat)]
    known = set(tokens) | {_stem(t) for t in tokens}
    acronyms = _acronyms(tokens)
    numbers = _numbers(context)
    problems: list[str] = []

    def unknown(word: str) -> bool:
        lowered = word.lower().replace("’", "'")
        base = re.sub(r"'s$", "", lowered)
        return not ({lowered, base, _stem(lowered)} & known) and base not in acronyms and base not in GENERIC_ACRONYMS

    for match in _QUOTED.finditer(follow_up):
        phrase = _norm(match.group(1) or match.group(2) or "").strip(" .,;:!?")
        if phrase and phrase not in flat:
            problems.append(f"quote: {phrase}")
    for number in sorted(_numbers(follow_up) - numbers):
        problems.append(f"number: {number}")
    for match in _TOKEN.finditer(follow_up):
        word = match.group(0)
        lowered = word.lower()
        if lowered in _NUMBER_WORDS and lowered not in known and not (lowered.startswith("percent") and "%" in flat):
            problems.append(f"number: {word}")
        elif lowered.rstrip("s") in ROLE_WORDS and unknown(word):
            if lowered.rstrip("s") != "head" or re.match(r"\s+of\b", follow_up[match.end() :]):
                problems.append(f"role: {word}")
        elif word[0].isupper() and word not in _PRONOUNS and unknown(word):
            starts = bool(_SENTENCE_START.search(follow_up[: match.start()]))
            plain = len(word) == 1 or word[1:].islower()
            if not (starts and plain and _common_word(lowered)):
                problems.append(f"name: {word}")
    for phrase in _ROLE_PHRASES:
        head = [w for w in phrase.split() if w not in ("the", "of")][-1]
        if phrase in _norm(follow_up) and phrase not in flat and unknown(head):
            problems.append(f"role: {phrase}")
    return list(dict.fromkeys(problems))


# ---------------------------------------------------------------- the question's score with its follow-up


def follow_up_share(follow_up_points: Sequence[str], question_points: Sequence[str]) -> float:
    """The part of the question a follow-up asks about: its key points over the question's (0-1)."""
    if not question_points:
        return 0.0
    return min(1.0, len(set(follow_up_points) & set(question_points)) / len(question_points))


def combined_score(main: float, follow_up: float | None, share: float) -> float:
    """The question's score once its follow-up is answered: never below the main answer's.

    The main answer's score is raised by `share` of what the follow-up scored above it: a probe on one of four
    key points that scores 80 after a main answer of 40 adds (80 - 40) / 4 = 10; a redirect (share 1) makes
    the question's score the better of the two answers. A weaker follow-up changes nothing.
    """
    if follow_up is None:
        return main
    return main + max(0.0, follow_up - main) * max(0.0, min(1.0, share))
