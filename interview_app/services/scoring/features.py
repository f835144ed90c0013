"""Measurable features of an answer: semantic match against a reference, coverage, structure, specificity.

Everything here is deterministic and fast (one batched embedding call per answer, then numpy and sets).
"""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from interview_app.services.scoring import cues_ko
from interview_app.services.scoring import text as tx
from interview_app.services.scoring.embeddings import Embedder

CALIBRATION_FILE = Path(__file__).resolve().parent / "calibration.json"
CORRECTNESS_FEATURES: tuple[str, ...] = (
    "bias",
    "sim",
    "recall",
    "lex_recall",
    "lex_precision",
    "antonym",
    "negation_mismatch",
    "length_ratio",
    "question_sim",
    "novelty",
    "recall_novel",
    "precision_novel",
    "f1_novel",
    "sim_squared",
    "lex_x_recall",
)
# Starting weights (used until `python -m interview_app.scoring calibrate` writes calibration.json).
DEFAULT_WEIGHTS: dict[str, float] = {
    "bias": -3.5,
    "sim": 1.4,
    "recall": 1.3,
    "lex_recall": 0.8,
    "lex_precision": 0.8,
    "antonym": -0.2,
    "negation_mismatch": -0.1,
    "length_ratio": 0.7,
    "question_sim": -1.5,
    "novelty": 0.0,
    "recall_novel": 0.6,
    "precision_novel": -2.0,
    "f1_novel": 4.5,
    "sim_squared": 0.0,
    "lex_x_recall": 0.0,
}
_ANTONYMS = (
    "increase decrease",
    "more less",
    "more fewer",
    "high low",
    "higher lower",
    "big small",
    "large small",
    "same different",
    "open close",
    "open closed",
    "positive negative",
    "hot cold",
    "attract repel",
    "true false",
    "before after",
    "gain lose",
    "fast slow",
    "faster slower",
    "up down",
    "series parallel",
    "conductor insulator",
    "on off",
    "add remove",
    "synchronous asynchronous",
    "sync async",
    "stateless stateful",
    "horizontal vertical",
    "strong weak",
    "always never",
    "success failure",
    "accept reject",
    "allow deny",
    "include exclude",
    "start stop",
    "complete incomplete",
    "correct incorrect",
    "safe unsafe",
)
ANTONYMS: dict[str, set[str]] = {}
for _pair in _ANTONYMS:
    _a, _b = _pair.split()
    ANTONYMS.setdefault(_a, set()).add(_b)
    ANTONYMS.setdefault(_b, set()).add(_a)

_NUMBER = re.compile(
    r"(?<![A-Za-z])(?:\$|£|€)?\d+(?:[.,]\d+)*\s?(?:%|percent|ms|s\b|x\b|k\b|m\b|hours?|days?|weeks?|months?|minutes?|people|users|customers)?",
    re.I,
)
_NUMBER_WORDS = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|forty|fifty|hundred|thousand|million|half|double|doubled|tripled|halved)\b",
    re.I,
)
_HEDGES = re.compile(
    r"\b(?:i think|i guess|maybe|perhaps|probably|kind of|sort of|i'm not sure|not sure|i suppose|hopefully|"
    r"somehow|something like|stuff|basically|i believe|might be)\b",
    re.I,
)
_FILLERS = re.compile(r"\b(?:um+|uh+|erm|you know|like,|i mean|basically|literally|actually)\b", re.I)
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|i've|i'd|my|me|myself)\b", re.I)
_WE = re.compile(r"\b(?:we|we're|we've|our|us)\b", re.I)
_ACTION_VERBS = re.compile(
    r"\b(?:i|we)\s+(?:\w+ly\s+)?(?:built|wrote|designed|led|created|launched|migrated|fixed|reduced|increased|"
    r"improved|automated|analysed|analyzed|measured|tested|shipped|deployed|proposed|negotiated|organised|"
    r"organized|set up|introduced|rewrote|refactored|mentored|coached|interviewed|presented|escalated|"
    r"prioritised|prioritized|decided|ran|drafted|mapped|investigated|traced|profiled|documented|split|"
    r"replaced|added|removed|cut|scheduled|asked|called|met|worked|convinced|aligned|trained|hired|owned|"
    r"implemented|reviewed|benchmarked|instrumented|monitored|rolled|configured|sketched|prototyped|"
    r"interviewed|surveyed|resolved|delivered|reorganised|reorganized|negotiated|pitched|closed|onboarded)\b",
    re.I,
)
_TOOL_HINT = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*\b|\b[A-Z][a-z]+(?:SQL|DB|JS|QL)\b")
KNOWN_TOOLS = frozenset(
    """python java javascript typescript go golang rust kotlin swift c# c++ ruby php scala sql postgres postgresql
    mysql sqlite redis kafka rabbitmq sqs kubernetes k8s docker terraform ansible aws gcp azure s3 lambda react vue
    angular svelte next.js node.js nodejs django flask fastapi spring rails graphql grpc rest elasticsearch
    opensearch mongodb cassandra dynamodb bigquery snowflake spark airflow dbt pandas numpy pytorch tensorflow
    sklearn scikit-learn xgboost mlflow prometheus grafana datadog sentry splunk jenkins github gitlab circleci
    jira confluence figma sketch miro amplitude mixpanel looker tableau excel salesforce hubspot zendesk
    intercom gong jest cypress playwright selenium pytest junit okta oauth jwt tls nginx envoy istio linux git
    ios android xcode swiftui jetpack flutter webpack vite lighthouse llm openai a/b sla slo okr okrs nps csat
    churn arr mrr cac ltv""".split()
)
STRUCTURE_CUES: dict[str, re.Pattern[str]] = {
    "situation": re.compile(
        r"\b(?:at my (?:last|previous|current) (?:job|role|company)|when i was|i was working|i worked|our team|"
        r"we were|last year|in \d{4}|a few (?:months|years) ago|at [A-Z]\w+|the (?:context|situation|background)|"
        r"(?:was|were) (?:facing|struggling|losing|behind)|there was|we had)\b",
        re.I,
    ),
    "task": re.compile(
        r"\b(?:my (?:job|task|goal|role|responsibility|priority|first priority) (?:was|is|would be)|"
        r"i was (?:asked|responsible|tasked|given)|i needed to|we needed to|i had to|the goal (?:was|is)|"
        r"the task was|my aim|the challenge was|i owned|i was in charge|the priority is|what matters (?:most )?is|"
        r"the (?:real )?problem (?:is|was)|the risk (?:is|was)|my first concern|(?:i'd|i would|i) need to|"
        r"my (?:first )?step (?:is|would be)|the first thing i(?:'d| would)? do|i(?:'d| would) want to understand|"
        r"(?:i'd|i would) (?:first )?(?:clarify|find out|establish|confirm|check what)|first,? i(?:'d| would) \w+|"
        r"(?:i'd|i would) first \w+|the first (?:thing|step)|my (?:first )?priority)\b",
        re.I,
    ),
    "action": re.compile(
        r"\b(?:i (?:\w+ly )?(?:decided|started|built|wrote|set up|led|proposed|created|spoke|talked|met|asked|ran|"
        r"changed|introduced|worked|reached out|analysed|analyzed|investigated|designed|organised|organized|"
        r"scheduled|drafted|negotiated|mapped|split|paired|would|will|'d))\b|\bfirst,? i\b|\bthen i\b|\bso i\b",
        re.I,
    ),
    "result": re.compile(
        r"\b(?:as a result|the result|in the end|which (?:led|meant|cut|reduced|increased|saved)|led to|"
        r"resulted in|outcome|ended up|we (?:shipped|launched|delivered|hit|met|reduced|cut|saved|grew)|"
        r"reduced|increased|improved|saved|cut|grew|dropped|rose|went from|within \d+|by \d+|so that|to make sure|"
        r"to ensure|that way|which would|the outcome|the aim is)\b",
        re.I,
    ),
    "reflection": re.compile(
        r"\b(?:i learned|i learnt|learned that|lesson|next time|in hindsight|looking back|i would (?:now|do)|"
        r"since then|taught me|i now|what i'd do differently|i realised|i realized|what i took (?:from|away)|"
        r"(?:my|the) (?:big )?takeaway|i should have|differently)\b",
        re.I,
    ),
    "approach": re.compile(
        r"\b(?:first|i would start|start by|my approach|the approach|step one|to begin|clarify|requirements|"
        r"assume|assuming|i'd start|the idea is|i would use|we can use|use a|then|next|finally)\b",
        re.I,
    ),
    "trade_offs": re.compile(
        r"\b(?:trade-?offs?|downside|on the other hand|versus|vs\.?|instead of|at the cost of|cost of|but it|"
        r"however|the catch|alternative|pros? and cons?|in exchange|drawback|risk is|whereas|compared to|"
        r"rather than|at the expense|in return|on balance|the price is|costs? more|is slower|is simpler)\b",
        re.I,
    ),
    "complexity": re.compile(
        r"\b(?:o\([^)]{1,12}\)|complexity|linear|logarithmic|quadratic|constant time|latency|throughput|"
        r"memory|scale|scales|scaling|bottleneck|p9\d|per second|qps|rps|big-o|worst case|amortised|amortized)\b",
        re.I,
    ),
    "verification": re.compile(
        r"\b(?:test|tests|testing|measure|monitor|metric|metrics|alert|dashboard|verify|validate|benchmark|"
        r"load test|canary|rollback|a/b)\b",
        re.I,
    ),
}
# Wider than the "result" cue: any sign that a story says how things turned out (used before telling a
# candidate that their story stops before the outcome; the checklist's "result" item stays stricter).
OUTCOME_HINTS = re.compile(
    r"\b(?:(?:it|that|things|this) (?:worked|paid off|helped|stuck|held)|got (?:better|worse|fixed|resolved)|"
    r"(?:closed|signed|renewed|stayed|won|passed|launched|went live|shipped|delivered|finished|recovered|"
    r"stabili[sz]ed|returned|became|turned into|turned out)\b|(?:is|are|was|were) back\b|back (?:to|above|below|under|"
    r"on)\b|no longer|never (?:again|happened)|since then|these days|ever since|(?:we're|we are|we were|she is|"
    r"he is|they are|they were|i am|i'm) (?:still|now|fine|on good terms)|(?:still|now) (?:use|uses|runs|run|"
    r"work|works|talk|on good terms)|stopped (?:doing|happening|having)|made it|on time|in time|"
    r"(?:was|were) (?:happy|pleased|relieved|grateful)|"
    r"(?:we|i|they|she|he) (?:fixed|solved|resolved|sorted) (?:it|that|the)|"
    r"(?:is|are) now|at the right time|went (?:up|down|to)|(?:rose|fell|grew|jumped|climbed|dropped) (?:to|by)|"
    r"(?:they|we|she|he|everyone|the team) (?:chose|agreed|decided|went with|approved|adopted|signed off)|"
    r"(?:everyone|everybody|the team|they) (?:was|were|is|are) using|praised|promoted|thanked|"
    r"the (?:client|customer|team|"
    r"manager|business|deal) (?:stayed|renewed|signed|agreed|accepted))\b",
    re.I,
)
REASONING_CUES = re.compile(
    r"\b(?:because|so that|which means|that way|the reason|in order to|otherwise|this avoids|this keeps|to avoid)\b",
    re.I,
)
PLANNED_ACTIONS = re.compile(
    r"\b(?:i|we)(?:\s+would|'d|\s+will|\s+should)\s+(?:then\s+|first\s+|also\s+)?"
    r"(?!not\b|be\b|say\b|think\b|guess\b|like\b|probably\b|maybe\b|hope\b|need\b)[a-z]{3,}",
    re.I,
)
SEQUENCE_CUES = re.compile(
    r"\b(?:first(?:ly)?|second(?:ly)?|third|then|next|after that|finally|lastly|to start)\b", re.I
)


@dataclass
class Unit:
    """An embedded piece of text: a sentence, a window of sentences, a key point or a reference."""

    text: str
    vector: np.ndarray
    tokens: np.ndarray
    pieces: list[str]
    terms: set[str]
    lemmas: set[str]
    word_count: int
    negated: bool


_NEGATORS = frozenset("not no never none nothing neither nor cannot without".split())


def _negated(words: list[str]) -> bool:
    """True when the text negates something ("not", "never", "doesn't"...), not merely mentions failure."""
    return any(w in _NEGATORS or w.endswith("n't") for w in words)


def negates_terms(text: str, terms: set[str], reach: int = 4) -> bool:
    """True when a negator in `text` sits within `reach` words before one of `terms` ("did not add an index")."""
    words = tx.words(text, hangul=False)
    for i, word in enumerate(words):
        if word in _NEGATORS or word.endswith("n't"):
            following = words[i + 1 : i + 1 + reach]
            if any(tx.canonical(w) in terms for w in following):
                return True
    return False


def make_units(embedder: Embedder | None, texts: list[str]) -> list[Unit]:
    """Embed and annotate texts in one batch (no vectors when the model is unavailable)."""
    if embedder is not None:
        encoded = embedder.encode(texts)
        pieces = [embedder.pieces(t) for t in texts]
        vectors, token_sets = list(encoded.sentences), encoded.tokens
    else:
        pieces = [tx.words(t, hangul=False) for t in texts]
        vectors = [np.zeros(1, dtype=np.float32) for _ in texts]
        token_sets = [np.zeros((1, 1), dtype=np.float32) for _ in texts]
    units = []
    for text, vec, toks, pcs in zip(texts, vectors, token_sets, pieces, strict=True):
        words = tx.words(text, hangul=False)
        units.append(
            Unit(
                text=text,
                vector=vec,
                tokens=toks,
                pieces=pcs[: len(toks)],
                terms=set(tx.content_terms(text, hangul=False)),
                lemmas={tx.lemma(w) for w in words},
                word_count=len(words),
                negated=_negated(words),
            )
        )
    return units


def merge_units(units: list[Unit]) -> Unit:
    """One unit standing for several (a window or a whole answer): weighted mean vector, all tokens."""
    if len(units) == 1:
        return units[0]
    weights = np.array([max(1, len(u.pieces)) for u in units], dtype=np.float32)
    vector = (np.stack([u.vector for u in units]) * weights[:, None]).sum(axis=0)
    norm = float(np.linalg.norm(vector))
    return Unit(
        text=" ".join(u.text for u in units),
        vector=vector / norm if norm else vector,
        tokens=np.vstack([u.tokens for u in units]),
        pieces=[p for u in units for p in u.pieces],
        terms=set().union(*(u.terms for u in units)),
        lemmas=set().union(*(u.lemmas for u in units)),
        word_count=sum(u.word_count for u in units),
        negated=any(u.negated for u in units),
    )


def _piece_weights(pieces: list[str], question_pieces: set[str], size: int) -> np.ndarray:
    weights = np.array(
        [0.1 if (p in question_pieces or p in tx.STOPWORDS or not p.isalnum()) else 1.0 for p in pieces[:size]],
        dtype=np.float32,
    )
    return weights if len(weights) == size else np.ones(size, dtype=np.float32)


def match_features(reference: Unit, candidate: Unit, question: Unit | None, embedded: bool = True) -> dict[str, float]:
    """How well `candidate` says what `reference` says (the features of the calibrated correctness model)."""
    q_terms = question.terms if question else set()
    q_pieces = set(question.pieces) if question else set()
    novel = (reference.terms - q_terms) or reference.terms
    lex_recall = len(novel & candidate.terms) / len(novel) if novel else 0.0
    lex_precision = len(candidate.terms & reference.terms) / len(candidate.terms) if candidate.terms else 0.0
    if embedded:
        sim = float(candidate.vector @ reference.vector)
        matrix = reference.tokens @ candidate.tokens.T
        best_for_ref, best_for_cand = matrix.max(axis=1), matrix.max(axis=0)
        recall = float(best_for_ref.mean())
        w_ref = _piece_weights(reference.pieces, q_pieces, len(best_for_ref))
        w_cand = _piece_weights(candidate.pieces, q_pieces, len(best_for_cand))
        recall_novel = float((best_for_ref * w_ref).sum() / max(float(w_ref.sum()), 1e-6))
        precision_novel = float((best_for_cand * w_cand).sum() / max(float(w_cand.sum()), 1e-6))
        question_sim = float(candidate.vector @ question.vector) if question else 0.0
    else:
        sim = recall = lex_recall
        recall_novel, precision_novel = lex_recall, lex_precision
        question_sim = len(candidate.terms & q_terms) / len(candidate.terms) if candidate.terms else 0.0
    antonym = 0.0
    for word in candidate.lemmas - reference.lemmas:
        if ANTONYMS.get(word, set()) & reference.lemmas:
            antonym = 1.0
            break
    return {
        "bias": 1.0,
        "sim": sim,
        "recall": recall,
        "lex_recall": lex_recall,
        "lex_precision": lex_precision,
        "antonym": antonym,
        "negation_mismatch": 1.0 if candidate.negated != reference.negated else 0.0,
        "length_ratio": min(candidate.word_count / max(1, reference.word_count), 2.0),
        "question_sim": question_sim,
        "novelty": len(candidate.terms - q_terms) / len(candidate.terms) if candidate.terms else 0.0,
        "recall_novel": recall_novel,
        "precision_novel": precision_novel,
        "f1_novel": 2 * recall_novel * precision_novel / max(recall_novel + precision_novel, 1e-6),
        "sim_squared": sim * sim,
        "lex_x_recall": lex_recall * recall_novel,
    }


@cache
@functools.cache
def correctness_weights() -> dict[str, float]:
    """Weights of the logistic correctness model: calibration.json when present, else the defaults.

    Read once per process (it is asked for every key point of every answer); `calibrate` writes a new file
    for the next process.
    """
    if CALIBRATION_FILE.is_file():
        data = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
        return {k: float(data["weights"][k]) for k in CORRECTNESS_FEATURES}
    return dict(DEFAULT_WEIGHTS)


def correctness(features: dict[str, float], weights: dict[str, float] | None = None) -> float:
    """Probability (0-1) that the candidate says what the reference says."""
    w = weights or correctness_weights()
    z = sum(w[k] * features[k] for k in CORRECTNESS_FEATURES)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def cue_hits(text: str, lang: str = "en") -> dict[str, int]:
    """How many times each structure cue appears (a Korean text: its English and its Korean cues)."""
    hits = {name: len(pattern.findall(text)) for name, pattern in STRUCTURE_CUES.items()}
    if lang == "ko":
        for name, pattern in cues_ko.STRUCTURE_CUES.items():
            hits[name] += len(pattern.findall(text))
    return hits


def has_cue(name: str, text: str, lang: str = "en") -> bool:
    """True when the structure cue `name` ("result", "reflection"...) appears in the text."""
    return bool(STRUCTURE_CUES[name].search(text) or (lang == "ko" and cues_ko.STRUCTURE_CUES[name].search(text)))


def has_outcome_hint(text: str, lang: str = "en") -> bool:
    """Any sign that a story says how things turned out (wider than the "result" cue: OUTCOME_HINTS)."""
    return bool(OUTCOME_HINTS.search(text) or (lang == "ko" and cues_ko.OUTCOME_HINTS.search(text)))


def says_i(text: str, lang: str = "en") -> bool:
    """True when the text speaks in the first person singular ("I", "my"; 제가, 저는)."""
    return bool(cues_ko.FIRST_PERSON.search(text) if lang == "ko" else _FIRST_PERSON.search(text))


def says_we(text: str, lang: str = "en") -> bool:
    """True when "we" is the one acting ("we", "our"; 저희가, 우리는)."""
    return bool(cues_ko.WE.search(text) if lang == "ko" else _WE.search(text))


def specificity_cues(text: str, lang: str = "en") -> dict[str, float]:
    """Counts behind the specificity dimension (`lang` "ko": counted the Korean way, see cues_ko)."""
    words = tx.words(text, hangul=False)
    tools = {w for w in words if w in KNOWN_TOOLS} | set(_TOOL_HINT.findall(text))
    if lang == "ko":
        count = max(1, tx.word_count(text, "ko"))
        return {
            "numbers": len(cues_ko.NUMBER.findall(text)) + len(_NUMBER_WORDS.findall(text)),
            "tools": len(tools | set(cues_ko.TOOLS.findall(text))),
            "actions": action_count(text, lang),
            "reasoning": len(REASONING_CUES.findall(text)) + len(cues_ko.REASONING_CUES.findall(text)),
            "first_person": len(cues_ko.FIRST_PERSON.findall(text)) / count,
            "we": len(cues_ko.WE.findall(text)) / count,
            "hedges": len(hedge_spans(text, lang)),
            "fillers": len(_FILLERS.findall(text)) + cues_ko.filler_count(text),
            "sequence": len(SEQUENCE_CUES.findall(text)) + len(cues_ko.SEQUENCE_CUES.findall(text)),
        }
    count = max(1, len(words))
    return {
        "numbers": len(_NUMBER.findall(text)) + len(_NUMBER_WORDS.findall(text)),
        "tools": len(tools),
        "actions": len(_ACTION_VERBS.findall(text)) + len(PLANNED_ACTIONS.findall(text)),
        "reasoning": len(REASONING_CUES.findall(text)),
        "first_person": len(_FIRST_PERSON.findall(text)) / count,
        "we": len(_WE.findall(text)) / count,
        "hedges": len(_HEDGES.findall(text)),
        "fillers": len(_FILLERS.findall(text)),
        "sequence": len(SEQUENCE_CUES.findall(text)),
    }


def hedge_spans(text: str, lang: str = "en") -> list[str]:
    """The hedging phrases found, in order (Korean: the speech metrics' hedges, as `cues_ko.hedge_spans`)."""
    if lang == "ko":
        return [m.group(0) for m in _HEDGES.finditer(text)] + cues_ko.hedge_spans(text)
    return [m.group(0) for m in _HEDGES.finditer(text)]


def has_number(text: str, lang: str = "en") -> bool:
    """True when the text contains a figure (digits or number words; in Korean also 세 건, 두 배, 절반)."""
    if lang == "ko":
        return bool(cues_ko.NUMBER.search(text) or _NUMBER_WORDS.search(text))
    return bool(_NUMBER.search(text) or _NUMBER_WORDS.search(text))


def action_count(text: str, lang: str = "en") -> int:
    """First-person concrete actions ("I built", "we migrated", "I would revoke"; 설계했습니다, 롤백하겠습니다)."""
    english = len(_ACTION_VERBS.findall(text)) + len(PLANNED_ACTIONS.findall(text))
    return english + len(cues_ko.ACTIONS.findall(text)) if lang == "ko" else english


def window_features(
    reference: Unit, units: list[Unit], question: Unit | None, embedded: bool = True, include_whole: bool = False
) -> dict[str, np.ndarray]:
    """`match_features` of `reference` against every sentence and every pair of neighbours, at once.

    Windows are the n sentences, then the n-1 neighbouring pairs, then (with `include_whole`) the whole
    answer. Equivalent to calling `match_features` on `merge_units` of each window, but vectorised.
    """
    n = len(units)

    def windows(per_sentence: list, pair, whole) -> list:
        out = list(per_sentence) + [pair(i) for i in range(n - 1)]
        return [*out, whole()] if include_whole else out

    q_terms = question.terms if question else set()
    q_pieces = set(question.pieces) if question else set()
    novel = (reference.terms - q_terms) or reference.terms
    all_terms = set().union(*(u.terms for u in units))
    terms = windows([u.terms for u in units], lambda i: units[i].terms | units[i + 1].terms, lambda: all_terms)
    lex_recall = np.array([len(novel & t) / len(novel) if novel else 0.0 for t in terms])
    lex_precision = np.array([len(t & reference.terms) / len(t) if t else 0.0 for t in terms])
    novelty = np.array([len(t - q_terms) / len(t) if t else 0.0 for t in terms])
    ref_lemmas = reference.lemmas
    flags = [any(w not in ref_lemmas and ANTONYMS.get(w, set()) & ref_lemmas for w in u.lemmas) for u in units]
    antonym = np.array(windows(flags, lambda i: flags[i] or flags[i + 1], lambda: any(flags)), dtype=float)
    negs = [u.negated for u in units]
    negated = np.array(windows(negs, lambda i: negs[i] or negs[i + 1], lambda: any(negs)), dtype=bool)
    negation_mismatch = (negated != reference.negated).astype(float)
    words = [float(u.word_count) for u in units]
    counts = np.array(windows(words, lambda i: words[i] + words[i + 1], lambda: sum(words)))
    length_ratio = np.minimum(counts / max(1, reference.word_count), 2.0)
    if embedded:
        sizes = np.array([max(1, len(u.pieces)) for u in units], dtype=np.float32)
        vectors = np.stack([u.vector for u in units])
        blocks = [vectors]
        if n > 1:
            pairs = vectors[:-1] * sizes[:-1, None] + vectors[1:] * sizes[1:, None]
            blocks.append(pairs / np.maximum(np.linalg.norm(pairs, axis=1, keepdims=True), 1e-9))
        if include_whole:
            total = (vectors * sizes[:, None]).sum(axis=0, keepdims=True)
            blocks.append(total / max(float(np.linalg.norm(total)), 1e-9))
        window_vectors = np.vstack(blocks)
        sim = window_vectors @ reference.vector
        question_sim = window_vectors @ question.vector if question else np.zeros(len(window_vectors))
        token_counts = [len(u.tokens) for u in units]
        starts = np.concatenate([[0], np.cumsum(token_counts)[:-1]]).astype(int)
        matrix = reference.tokens @ np.vstack([u.tokens for u in units]).T
        per_sentence = np.maximum.reduceat(matrix, starts, axis=1)
        columns = [per_sentence, np.maximum(per_sentence[:, :-1], per_sentence[:, 1:])]
        if include_whole:
            columns.append(per_sentence.max(axis=1, keepdims=True))
        best_for_ref = np.hstack(columns)
        recall = best_for_ref.mean(axis=0)
        w_ref = _piece_weights(reference.pieces, q_pieces, len(reference.tokens))
        recall_novel = (w_ref @ best_for_ref) / max(float(w_ref.sum()), 1e-6)
        w_cand = np.concatenate([_piece_weights(u.pieces, q_pieces, len(u.tokens)) for u in units])
        weighted = np.add.reduceat(matrix.max(axis=0) * w_cand, starts)
        totals = np.add.reduceat(w_cand, starts)
        numerators = [weighted, weighted[:-1] + weighted[1:]]
        denominators = [totals, totals[:-1] + totals[1:]]
        if include_whole:
            numerators.append(np.array([weighted.sum()]))
            denominators.append(np.array([totals.sum()]))
        precision_novel = np.concatenate(numerators) / np.maximum(np.concatenate(denominators), 1e-6)
    else:
        sim = recall = recall_novel = lex_recall
        precision_novel = lex_precision
        question_sim = np.array([len(t & q_terms) / len(t) if t else 0.0 for t in terms])
    f1 = 2 * recall_novel * precision_novel / np.maximum(recall_novel + precision_novel, 1e-6)
    return {
        "bias": np.ones(len(terms)),
        "sim": sim,
        "recall": recall,
        "lex_recall": lex_recall,
        "lex_precision": lex_precision,
        "antonym": antonym,
        "negation_mismatch": negation_mismatch,
        "length_ratio": length_ratio,
        "question_sim": question_sim,
        "novelty": novelty,
        "recall_novel": recall_novel,
        "precision_novel": precision_novel,
        "f1_novel": f1,
        "sim_squared": sim * sim,
        "lex_x_recall": lex_recall * recall_novel,
    }


def correctness_many(features: dict[str, np.ndarray]) -> np.ndarray:
    """`correctness` for arrays of features (one value per window)."""
    w = correctness_weights()
    z = sum(w[k] * features[k] for k in CORRECTNESS_FEATURES)
    return 1.0 / (1.0 + np.exp(-np.clip(np.asarray(z, dtype=float), -30.0, 30.0)))
