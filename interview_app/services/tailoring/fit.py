"""The fit matrix: each requirement of the job against the evidence for it, as strong / some / none.

Evidence comes from the CV, GitHub, a company track and, after the interview, the candidate's answers; each
level comes with the quotes that show it, and a level is given only with a quote that backs it.

A requirement is about its **core skills**: the skills it names before an aside ("including ...", "such as
...", "for ..."), without a broad domain word when it names something more specific ("PCI-DSS or other
payment regulations" is about PCI-DSS, not about payments). With "or" any one of them is enough ("Python or
Go"); otherwise each is needed ("Docker and Kubernetes").

Rules (similarity: embedding cosine, or shared words without the model):
- strong: work (a CV highlight or project, a repository, an answer that tells what the candidate did) names
  the core skills (each of them, or one with "or") and one such piece is about the same thing (>= SAME_TOPIC),
  or two pieces of work name them; a requirement without skills needs a piece of work very close in meaning
  (>= CLOSE);
- some: any piece names a core skill (a skills list, one of two skills asked for, an answer that only knows
  about it), or names another skill of the requirement and is related in meaning (>= RELATED), or any piece
  is related in meaning (>= RELATED);
- none: nothing above. An answer that says the candidate has not done it ("I have never used Terraform")
  is no evidence at all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from interview_app.services.tailoring import similarity
from interview_app.services.tailoring import skills as sk
from interview_app.services.tailoring import text as tx
from interview_app.services.tailoring.job import Requirement
from interview_app.services.tailoring.selection import Evidence

CLOSE, SAME_TOPIC, RELATED = 0.66, 0.3, 0.5
WORK = 0.8  # evidence weighing this much or more is work the candidate did (role lines and hearsay weigh less)
LEVELS = ("none", "some", "strong")
MAX_QUOTES = 2
# What follows these words in a requirement is an aside: the aspects of its skill, or examples.
_ASIDE = re.compile(r"\b(?:including|such as|e\.g\.|for example|like|especially|in particular|for)\b", re.I)
_EITHER = re.compile(r"\bor\b|또는|혹은|(?<=[A-Za-z0-9+#\uac00-\ud7a3])(?:이나|나)(?=\s)", re.I)
# Korean puts the example first: "PostgreSQL 등 관계형 데이터베이스", "Kafka 같은 메시지 큐" ask for that skill or its
# kind, so the examples and the kind named right after are each enough.
_KO_EXAMPLE = re.compile(r"\s*(?:등의?|(?:와|과)?\s*같은|처럼|을 비롯한|를 비롯한)\s+")
# Answers: where a sentence's clauses part ("I have not used Kubernetes, but I ran Docker"), who did it, and
# whether it says the candidate did not or only would.
_CLAUSE = re.compile(r"\s*(?:;|,?\s+\b(?:but|although|though|however|whereas|while)\b)\s*", re.I)
_FIRST_PERSON = re.compile(r"\bI\b|\b(?:[Ww]e|[Mm]y|[Oo]ur|[Mm]e|[Uu]s)\b")
_DENIED = re.compile(
    r"n[\'\u2019]t\b|\bnot\b(?!\s+only)|\bnever\b|\bno\s+(?:real\s+|hands-on\s+|professional\s+)?experience\b"
    r"|\b(?:little|limited)\s+experience\b",
    re.I,
)
_WOULD = re.compile(
    r"\b(?:I|[Ww]e)(?:[\'\u2019](?:d|ll)\b|\s+(?:would|could|might|should|will|want|wish|plan|hope|intend)\b"
    r"|(?:\s+am|[\'\u2019]m|\s+are|[\'\u2019]re)\s+going\s+to\b)"
)


# Korean answers. The clause parts after "-지만", "-는데", "-으나", "반면":
# "쿠버네티스는 써 본 적이 없지만, 도커는 운영했어요" is two.
_KO_CLAUSE = re.compile(r"(?<=지만|는데|으나|반면)[,]?\s+|(?<=했고|였고|었고|았고),\s+")
# Says the candidate has not done it: "사용해 본 적이 없어요", "경험이 없어요", "해 보지 못했어요", "잘 몰라요".
_KO_DENIED = re.compile(
    r"(?:본|한|써 본|해 본|다뤄 본)\s*적(?:이|은|도)?\s*(?:전혀\s*|아직\s*|한 번도\s*)?(?:없|않)"
    r"|경험(?:이|은|도)?\s*(?:전혀\s*|아직\s*|거의\s*)?(?:없|부족)"
    r"|(?:해|써|다뤄|사용해|경험해)\s*보지\s*(?:않|못)|(?:사용|경험|운영|도입)(?:하지|해 보지)\s*(?:않|못)"
    r"|안\s*(?:해|써)\s*봤|못\s*(?:해|써)\s*봤|(?:잘\s*)?(?:모릅니다|몰라요|모르겠|모르는)|익숙하지\s*않"
)
# Only what they would, might or want to do: "~할 것 같아요", "~하겠습니다", "~해 보고 싶어요", "~할 계획이에요".
_KO_WOULD = re.compile(
    r"(?:ㄹ|을|할|될|일|는|한)\s*것\s*같|겠(?:습니다|어요|다|죠|네요|지만|고)|(?:보고|하고|배우고)\s*싶"
    r"|계획|예정|(?:려고|려)\s*(?:해요|합니다|하고)|(?:한|라|이|했)다면|(?:할|을)\s*수\s*(?:있을|있겠)"
)
# Tells what they did: a verb in the past ("구축했어요", "도입했습니다"), or doing it now ("운영하고 있어요").
_KO_PAST_SYLLABLES = "".join(chr(c) for c in range(0xAC00, 0xD7A4) if (c - 0xAC00) % 28 == 20 and chr(c) != "\uc788")
_KO_DID = re.compile(
    rf"[{_KO_PAST_SYLLABLES}](?:어요|습니다|고|죠|다|는데|지만|으며|으나|어)|(?:하고|고)\s*있(?:어요|습니다)"
    r"|(?:구축|도입|주도|설계|개발|운영|전환|개선|구현|담당|리드)(?:함|했|하였)"
)
# Someone else did it: "동료가 ...했어요" without the candidate in it.
_KO_OTHERS = re.compile(r"(?:동료|팀원|다른\s*팀|선배|팀장님|회사)(?:가|이|들이|에서)\s")
_KO_SELF = re.compile(r"제가|저는|저희가|저희는|직접|제\s")


@dataclass
class Quote:
    """A piece of evidence shown under a requirement."""

    source: str
    label: str
    text: str


@dataclass
class FitRow:
    """One requirement and what backs it (`level` from the material, `answer_level` from the answers)."""

    requirement: str
    kind: str
    skills: list[str] = field(default_factory=list)
    level: str = "none"
    quotes: list[Quote] = field(default_factory=list)
    answer_level: str = ""  # "" before the interview
    answer_quotes: list[Quote] = field(default_factory=list)
    practice_question_id: int | None = None

    @property
    def overall(self) -> str:
        """The better of the two levels."""
        return max(self.level, self.answer_level or "none", key=LEVELS.index)

    def to_dict(self) -> dict[str, Any]:
        """Stored form (tailored_interviews.fit), with `overall`."""
        return {**asdict(self), "overall": self.overall}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FitRow:
        """A row back from its stored form."""
        quotes = [Quote(**q) for q in data.get("quotes", []) if isinstance(q, dict)]
        answers = [Quote(**q) for q in data.get("answer_quotes", []) if isinstance(q, dict)]
        practice = data.get("practice_question_id")
        return cls(
            str(data.get("requirement", "")),
            str(data.get("kind", "required")),
            [str(s) for s in data.get("skills", [])],
            str(data.get("level", "none")),
            quotes,
            str(data.get("answer_level", "")),
            answers,
            practice if isinstance(practice, int) else None,
        )


def core_skills(req: Requirement) -> tuple[list[str], bool]:
    """The skills `req` is about, and whether any one of them is enough (True) or each is needed."""
    if not req.skills:
        return [], True
    example = _KO_EXAMPLE.search(req.text) if tx.is_korean(req.text) else None
    if example is not None:
        kind = " ".join(req.text[example.end() :].split()[:2])
        core = [s for s in req.skills if sk.mentions(req.text[: example.start()], s) or sk.mentions(kind, s)]
        core = [s for s in core if sk.family_of(s) != "domain"] or core
        if core:
            return core, True
    head = _ASIDE.split(req.text, maxsplit=1)[0]
    core = [s for s in req.skills if sk.mentions(head, s)] or list(req.skills)
    core = [s for s in core if sk.family_of(s) != "domain"] or core
    return core, len(core) == 1 or bool(_EITHER.search(head))


def _quote(e: Evidence, skills: Sequence[str]) -> Quote:
    """What a piece shows: a list only with the items that name the requirement's skills."""
    text = e.quote
    if e.listed_only and e.skills:
        items = [item for item in e.skills if any(sk.mentions(item, s) or item == s for s in skills)]
        text = ", ".join(items) or text
    return Quote(e.source, e.label, tx.clip(text, 220))


def _assess(req: Requirement, evidence: Sequence[Evidence], sims: Sequence[float]) -> tuple[str, list[Quote]]:
    core, either = core_skills(req)
    others = [s for s in req.skills if s not in core]
    strong: list[tuple[float, Evidence]] = []  # the pieces that make it strong, best first
    backing: list[tuple[float, Evidence]] = []  # the pieces that show some of it
    covered: set[str] = set()
    covering: list[tuple[float, Evidence]] = []
    for e, s in zip(evidence, sims, strict=True):
        if e.weight <= 0:
            continue  # a company track says how they interview, nothing about the candidate
        named = {skill for skill in core if e.names(skill)}
        work = not e.listed_only and e.weight >= WORK
        if named and work:
            covered |= named
            covering.append((s, e))
        if (not core and work and s >= CLOSE) or named or (not e.listed_only and s >= RELATED):
            backing.append((s + (1.0 if named else 0.0), e))
        elif not e.listed_only and s >= RELATED and any(e.names(skill) for skill in others):
            backing.append((s, e))
    if core and covering and (covered == set(core) or (either and covered)):
        if max(s for s, _ in covering) >= SAME_TOPIC or len(covering) >= 2:
            strong = sorted(covering, key=lambda x: -x[0])
    elif not core:
        strong = sorted(
            ((s, e) for s, e in backing if not e.listed_only and e.weight >= WORK and s >= CLOSE), key=lambda x: -x[0]
        )
    if strong:
        level = "strong"
    elif backing:
        level = "some"
    else:
        return "none", []
    quotes: list[Quote] = []
    seen: set[int] = set()
    for _, e in [*strong, *sorted(backing, key=lambda x: -x[0])]:
        if len(quotes) < MAX_QUOTES and id(e) not in seen:
            seen.add(id(e))
            quotes.append(_quote(e, req.skills))
    return level, quotes


def assess(requirements: Sequence[Requirement], evidence: Sequence[Evidence]) -> list[tuple[str, list[Quote]]]:
    """(level, quotes) of each requirement against the evidence."""
    if not requirements:
        return []
    if not evidence:
        return [("none", []) for _ in requirements]
    sims = similarity.matrix([r.text for r in requirements], [e.text for e in evidence])
    return [_assess(r, evidence, [float(x) for x in sims[i]]) for i, r in enumerate(requirements)]


def build(requirements: Sequence[Requirement], evidence: Sequence[Evidence]) -> list[FitRow]:
    """The matrix before the interview: the material only."""
    rows = []
    for req, (level, quotes) in zip(requirements, assess(requirements, evidence), strict=True):
        rows.append(FitRow(req.text, req.kind, list(req.skills), level, quotes))
    return rows


def with_answers(rows: Sequence[FitRow], answers: Sequence[Evidence]) -> list[FitRow]:
    """The matrix with the answers' column filled in (each answer split into sentences beforehand)."""
    reqs = [Requirement(r.requirement, r.kind, list(r.skills)) for r in rows]
    results = assess(reqs, answers) if answers else [("none", []) for _ in rows]
    out = []
    for row, (level, quotes) in zip(rows, results, strict=True):
        copy = FitRow.from_dict(row.to_dict())
        copy.answer_level, copy.answer_quotes = level, quotes
        out.append(copy)
    return out


def answer_evidence(answers: Sequence[tuple[int, str]]) -> list[Evidence]:
    """(question number, answer text) as evidence, one piece per clause of each sentence.

    A clause that says the candidate has not done something ("I have never used Terraform") is left out; one
    that tells what they did (first person, not "would" or "will") counts as work; anything else (what they
    know, would do or plan) counts as "some" at most.
    """
    out: list[Evidence] = []
    for number, text in answers:
        for sentence in tx.sentences(text):
            if tx.is_korean(sentence):
                for clause in (c.strip(" ,") for c in _KO_CLAUSE.split(sentence)):
                    if len(clause.split()) < 2 or _KO_DENIED.search(clause):
                        continue
                    did = _korean_did(clause)
                    out.append(Evidence("answer", clause, clause, f"Q{number}", weight=1.0 if did else 0.5))
                continue
            for clause in (c.strip(" ,") for c in _CLAUSE.split(sentence)):
                if len(clause.split()) < 3 or _DENIED.search(clause):
                    continue
                did = bool(_FIRST_PERSON.search(clause)) and not _WOULD.search(clause)
                out.append(Evidence("answer", clause, clause, f"Q{number}", weight=1.0 if did else 0.5))
    return out


def _korean_did(clause: str) -> bool:
    """True when a Korean clause tells what the candidate did (the subject is left out in Korean: "도입했어요")."""
    if _KO_WOULD.search(clause) or not _KO_DID.search(clause):
        return False
    return not (_KO_OTHERS.search(clause) and not _KO_SELF.search(clause))


def gaps(rows: Sequence[FitRow]) -> list[FitRow]:
    """Requirements with no evidence at all (required first): what to prepare next."""
    missing = [r for r in rows if r.overall == "none"]
    return [r for r in missing if r.kind == "required"] + [r for r in missing if r.kind != "required"]


def summary(rows: Sequence[FitRow]) -> dict[str, int]:
    """How many requirements are strong, some and none (overall)."""
    out: dict[str, int] = {level: 0 for level in LEVELS}
    for row in rows:
        out[row.overall] += 1
    return out
