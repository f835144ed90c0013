"""Choosing the questions of a tailored interview, and saying why each one was chosen.

Two kinds of question:
- **from the bank**: every active question that suits the role is scored against the job's requirements
  and responsibilities (embedding similarity of the requirement with the question's prompt and key points,
  plus the skills the requirement names appearing in the question); each requirement, most important first,
  takes its best unused question. Reason: the requirement.
- **written from the candidate's material**: highlights of their CV (and projects) that speak most to the
  requirements are turned into questions with templates ("Walk me through how you led the payment
  migration at Acme Pay. What would you change if you did it again?"), with key points and a model answer
  derived from the highlight and the requirement it matches. Reason: the quote.

Other sources feed in through `Evidence` items (see its docstring): `plan(..., extra=[...])`. The GitHub
profile (`services/tailoring/github.py`) and company tracks (`services/tailoring/companies.py`) provide them
through a module-level `evidence_for(session, user_id, job) -> list[Evidence]`, which `tailoring.py` calls
when the module exists.
"""

from __future__ import annotations

import functools
import hashlib
import random
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from sqlmodel import Session, select

from interview_app.models import Question
from interview_app.services.bank import questions as bank
from interview_app.services.tailoring import similarity
from interview_app.services.tailoring import skills as sk
from interview_app.services.tailoring import text as tx
from interview_app.services.tailoring.cv import CVProfile
from interview_app.services.tailoring.job import JobProfile, Requirement

WRITTEN_SHARE = 0.4  # at most this share of the questions is written from the candidate's material
MIN_BANK_SCORE = 0.30
LEVEL_DIFFICULTY = {
    "intern": "easy",
    "junior": "easy",
    "mid": "medium",
    "senior": "hard",
    "staff": "hard",
    "principal": "hard",
    "lead": "hard",
    "manager": "hard",
}
_IRREGULAR_PAST = {
    "built",
    "led",
    "ran",
    "wrote",
    "made",
    "drove",
    "grew",
    "set",
    "won",
    "took",
    "cut",
    "began",
    "chose",
    "did",
    "brought",
    "taught",
    "sold",
    "kept",
    "held",
    "spoke",
    "rebuilt",
    "rewrote",
    "shipped",
    "found",
    "split",
    "put",
    "shut",
    "spun",
    "stood",
    "understood",
    "oversaw",
    "undertook",
    "overcame",
    "rolled",
    "got",
    "gave",
    "sent",
}
_RESULT_CLAUSE = re.compile(
    r";\s*|,?\s+(?:cutting|reducing|saving|resulting in|which|that (?:cut|reduced|saved|improved|increased)|"
    r"improving|increasing|boosting|lowering|bringing|leading to|halving|doubling)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class QuestionDraft:
    """A question written for this candidate (stored as their own private bank question when used)."""

    prompt: str
    key_points: tuple[str, ...]
    model_answer: str
    type: str = "behavioural"
    competencies: tuple[str, ...] = ("ownership",)
    difficulty: str = "medium"
    follow_ups: tuple[str, ...] = ()
    time_limit_seconds: int = 180


@dataclass(frozen=True)
class Evidence:
    """One piece of the candidate's material that can choose a question or back a requirement.

    Fields:
        source: where it comes from: "cv", "github", "company", "answer" (shown as "From your CV", ...).
        text: the words compared with requirements and bank questions (a CV highlight, a repo's description
            and README summary, a company track's focus).
        quote: the words shown to the candidate as the reason ("led the payment migration").
        label: the place inside the source, shown with the quote ("Acme Pay", "repo ledgerlite", "Stripe").
        skills: canonical skill names (services/tailoring/skills.py) it shows; found in `text` when empty.
        question: a ready question written from it (e.g. "Walk me through how you designed X in repo Y"),
            used as one of the written questions when it matches the job well enough.
        bank_slugs: bank questions this evidence asks for (a company track's tagged questions); each is taken
            before retrieval fills the rest, with this evidence as the reason.
        weight: how much it counts in the fit matrix (1.0 = a line of work experience; a bare skills list
            counts as "some" at most whatever the weight).
        listed_only: True for a bare list of skills (the CV's skills section, a repo's language list).
    """

    source: str
    text: str
    quote: str
    label: str = ""
    skills: tuple[str, ...] = ()
    question: QuestionDraft | None = None
    bank_slugs: tuple[str, ...] = ()
    weight: float = 1.0
    listed_only: bool = False

    @functools.cached_property
    def found_skills(self) -> frozenset[str]:
        """The skills it shows (given, or found in its text), worked out once."""
        return frozenset(self.skills) if self.skills else frozenset(sk.find_skills(self.text))

    def skill_set(self) -> set[str]:
        """The skills it shows (given, or found in its text)."""
        return set(self.found_skills)

    def names(self, skill: str) -> bool:
        """True when it shows `skill` (a skill we do not know is looked for as a phrase in the text)."""
        return skill in self.found_skills or (not sk.family_of(skill) and sk.mentions(self.text, skill))


@dataclass
class Pick:
    """A chosen question and why: from the bank (question_id) or written (draft), with its reason."""

    source: str  # job | cv | github | company | role
    quote: str
    label: str = ""
    requirement: str = ""
    question_id: int | None = None
    draft: QuestionDraft | None = None
    prompt: str = ""
    type: str = ""
    # "template" (written here), "source" (a ready question of the evidence), "llm" (services/tailoring/writer.py)
    written_by: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Stored form (tailored_interviews.picks); the draft itself is stored as a private Question."""
        data = asdict(self)
        data.pop("draft")
        return data


@dataclass
class Plan:
    """The questions of a tailored interview in the order they will be asked."""

    picks: list[Pick] = field(default_factory=list)


def cv_evidence(cv: CVProfile | None) -> list[Evidence]:
    """The CV as evidence: each highlight (with its role), each project, each role line, the skills list."""
    if cv is None:
        return []
    out: list[Evidence] = []
    for role in cv.roles:
        where = role.company or role.title
        for highlight in role.highlights:
            out.append(Evidence("cv", f"{highlight} ({role.title})", highlight, where))
        if role.title:
            line = " at ".join(p for p in (role.title, role.company) if p)
            out.append(Evidence("cv", line, line, role.dates, weight=0.6))
    for project in cv.projects:
        text = f"{project.name}: {project.description}" if project.description else project.name
        out.append(Evidence("cv", text, text, "project"))
    if cv.skills:
        listed = ", ".join(cv.skills)
        out.append(Evidence("cv", listed, listed, "skills", tuple(cv.skills), weight=0.5, listed_only=True))
    return out


def _action(highlight: str) -> tuple[str, str]:
    """(what was done, the result clause) of a CV highlight, the action lower-cased to follow "how you"."""
    text = highlight.strip().rstrip(".")
    match = _RESULT_CLAUSE.search(text)
    action, result = (text[: match.start()], text[match.start() :].strip(" ,")) if match else (text, "")
    first = action.split(" ", 1)[0]
    if first.isalpha() and (first.lower().endswith("ed") or first.lower() in _IRREGULAR_PAST):
        action = first.lower() + action[len(first) :]
    else:
        action = ""
    return action, result


def _difficulty(job: JobProfile) -> str:
    return LEVEL_DIFFICULTY.get(job.seniority, "medium")


def _model_answer(points: Sequence[str]) -> str:
    sentences = [f"A strong answer {points[0][0].lower()}{points[0][1:]}."] if points else []
    sentences += [f"It {p[0].lower()}{p[1:]}." for p in points[1:]]
    return " ".join(sentences)


def write_question(evidence: Evidence, requirement: Requirement | None, job: JobProfile) -> QuestionDraft:
    """A question written from one piece of the candidate's material, with key points from the requirement."""
    skills = [s for s in (requirement.skills if requirement else []) if evidence.names(s)]
    skills = skills or sorted(evidence.skill_set())[:2]
    where = f" at {evidence.label}" if evidence.label and evidence.label not in ("project", "skills") else ""
    action, result = _action(evidence.quote)
    metric = result or next((m for m in [evidence.quote] if re.search(r"\d", m)), "")
    if evidence.label == "project":
        name = evidence.quote.split(":", 1)[0].strip()
        prompt = (
            f"Tell me about {name}. What problem did it solve, which design decisions did you make, "
            "and what would you do differently today?"
        )
        points = [
            f"Explains the problem {name} solves and who it is for",
            "Describes the design and the main decisions, with the alternatives considered",
        ]
    elif action:
        prompt = f"Walk me through how you {action}{where}. What would you change if you did it again?"
        points = [
            f"Sets the scene{where}: the goal, the constraints and what was at stake",
            "Makes clear their own part in it, not only the team's",
        ]
    else:
        prompt = (
            f"Your CV mentions \u201c{tx.clip(evidence.quote, 160)}\u201d{where}. Walk me through what you did, "
            "the hardest decision along the way, and what you would change."
        )
        points = [
            f"Sets the scene{where}: the goal, the constraints and what was at stake",
            "Makes clear their own part in it, not only the team's",
        ]
    if skills:
        points.append(f"Explains how {' and '.join(skills[:2])} was used and why it was the right choice")
    else:
        points.append("Explains the key decisions and the alternatives that were weighed")
    if metric and re.search(r"\d", metric):
        points.append(f"Backs the result with evidence ({tx.clip(metric, 90)}) and says how it was measured")
    else:
        points.append("States the result and how it was measured")
    points.append("Names what they would change now and why (a trade-off or lesson)")
    if requirement is not None:
        points.append(f"Connects the experience to what the job asks for: {tx.clip(requirement.text, 100)}")
    technical = bool(skills) and any(sk.family_of(s) not in ("people", "product", "sales", "") for s in skills)
    competencies = ["ownership", "technical-depth" if technical else "delivery"]
    if re.search(r"(?i)\b(led|mentor|coach|manag|hired)", evidence.quote):
        competencies.append("leadership")
    follow = (
        "What would have happened if you had not done it?",
        "Who disagreed with the approach, and how did you handle it?",
    )
    return QuestionDraft(
        prompt=prompt,
        key_points=tuple(points),
        model_answer=_model_answer(points),
        competencies=tuple(competencies),
        difficulty=_difficulty(job),
        follow_ups=follow,
    )


def _requirements(job: JobProfile) -> list[Requirement]:
    reqs = job.checked_requirements()
    reqs += [Requirement(r, "responsibility", sk.find_skills(r)) for r in job.responsibilities[:10]]
    return reqs


def _bank_scores(questions: list[Question], reqs: list[Requirement]) -> np.ndarray:
    """Score (requirements x questions): meaning of the requirement vs prompt and best key point, plus skills."""
    texts = [r.text for r in reqs]
    vectors = similarity.question_vectors([(q.id or 0, q.version, q.prompt, list(q.key_points)) for q in questions])
    if vectors is not None:
        req_vecs = similarity.encode(texts)
        assert req_vecs is not None
        prompts, points = vectors
        by_prompt = np.clip(req_vecs @ prompts.T, 0, 1)
        by_point = np.stack([np.clip(req_vecs @ p.T, 0, 1).max(axis=1) for p in points], axis=1)
        scores = 0.55 * by_prompt + 0.45 * by_point
    else:
        haystacks = [" ".join([q.prompt, *q.key_points, *q.tags]) for q in questions]
        scores = similarity.word_overlap(texts, haystacks)
    found = [_question_skills(q) for q in questions]
    for i, req in enumerate(reqs):
        if not req.skills:
            continue
        for j in range(len(questions)):
            if any(s in found[j] for s in req.skills):
                scores[i, j] += 0.2
    return scores


_skill_cache: dict[tuple[int, int], frozenset[str]] = {}


def _question_skills(q: Question) -> frozenset[str]:
    """The skills a bank question is about (its prompt, key points and tags), cached per id and version."""
    key = (q.id or 0, q.version)
    if key not in _skill_cache or not q.id:
        _skill_cache[key] = frozenset(sk.find_skills(" ".join([q.prompt, *q.key_points, *q.tags])))
    return _skill_cache[key]


def _choose_written(
    material: list[Evidence], reqs: list[Requirement], quota: int
) -> list[tuple[Evidence, Requirement | None, float]]:
    """The pieces of material that speak most to the requirements, one per role/project, best first."""
    usable = [e for e in material if not e.listed_only and (e.question or e.source != "cv" or e.weight >= 1.0)]
    if not usable or quota <= 0:
        return []
    sims = similarity.matrix([e.text for e in usable], [r.text for r in reqs]) if reqs else None
    scored: list[tuple[float, int, Requirement | None]] = []
    for i, e in enumerate(usable):
        best_j = int(np.argmax(sims[i])) if sims is not None and sims.shape[1] else -1
        score = float(sims[i, best_j]) if best_j >= 0 and sims is not None else 0.0
        req = reqs[best_j] if best_j >= 0 else None
        overlap = e.skill_set() & {s for r in reqs for s in r.skills}
        score += 0.08 * min(len(overlap), 3) + (0.08 if re.search(r"\d", e.quote) else 0.0)
        score += 0.1 if e.question is not None else 0.0
        scored.append((score, i, req))
    scored.sort(key=lambda x: -x[0])
    out: list[tuple[Evidence, Requirement | None, float]] = []
    places: dict[str, int] = {}
    used_reqs: set[str] = set()
    for score, i, req in scored:
        e = usable[i]
        place = f"{e.source}:{e.label}"
        if (
            places.get(place, 0) >= 1
            and len(out) < quota
            and any(places.get(f"{x.source}:{x.label}", 0) == 0 for x in usable)
        ):
            continue  # one question per role or project while others remain
        if req is not None and req.text in used_reqs and score < 0.5:
            req = None
        out.append((e, req, score))
        places[place] = places.get(place, 0) + 1
        if req is not None:
            used_reqs.add(req.text)
        if len(out) >= quota:
            break
    return out


def plan(
    session: Session,
    *,
    user_id: int,
    job: JobProfile,
    cv: CVProfile | None,
    count: int,
    role_slug: str | None = None,
    extra: Sequence[Evidence] = (),
    rng: random.Random | None = None,
) -> Plan:
    """Choose `count` questions for the job (and CV, and any `extra` evidence), each with its reason.

    Reads only; `tailoring.start` stores the written questions and the session.
    """
    rng = rng or random.Random()  # noqa: S311 - ordering ties, not security
    reqs = _requirements(job)
    material = [*cv_evidence(cv), *extra]
    has_material = any(not e.listed_only for e in material)
    quota = min(count - 1, round(count * WRITTEN_SHARE)) if has_material else 0
    picks: list[Pick] = []
    for e, req, _ in _choose_written(material, reqs, quota):
        draft = e.question or write_question(e, req, job)
        picks.append(
            Pick(
                e.source,
                e.quote,
                e.label,
                req.text if req else "",
                draft=draft,
                prompt=draft.prompt,
                type=draft.type,
                written_by="source" if e.question else "template",
            )
        )
    active = list(session.exec(select(Question).where(Question.status == "active")).all())
    fitting = [q for q in active if bank.fits_role(q, role_slug)] or active
    by_slug = {q.slug: q for q in active}
    taken: set[int] = set()
    for e in extra:
        for slug in e.bank_slugs:
            q = by_slug.get(slug)
            if q is not None and q.id not in taken and len(picks) < count:
                picks.append(Pick(e.source, e.quote, e.label, question_id=q.id, prompt=q.prompt, type=q.type))
                taken.add(q.id or 0)
    recent = bank.recent_question_ids(session, user_id)
    if fitting and reqs and len(picks) < count:
        scores = _bank_scores(fitting, reqs)
        wanted = bank.DIFFICULTY_ORDER.index(_difficulty(job))
        for j, q in enumerate(fitting):
            off = (
                abs(bank.DIFFICULTY_ORDER.index(q.difficulty) - wanted) if q.difficulty in bank.DIFFICULTY_ORDER else 1
            )
            scores[:, j] -= 0.04 * off + (0.08 if q.id in recent else 0.0)
        order = [i for i, r in enumerate(reqs) if r.kind == "required"]
        order += [i for i, r in enumerate(reqs) if r.kind == "responsibility"]
        order += [i for i, r in enumerate(reqs) if r.kind == "nice"]
        types: dict[str, int] = {}
        for round_ in range(2):
            for i in order:
                if len(picks) >= count:
                    break
                best, best_score = None, MIN_BANK_SCORE if round_ == 0 else MIN_BANK_SCORE - 0.1
                for j, q in enumerate(fitting):
                    if q.id in taken:
                        continue
                    value = float(scores[i, j]) - 0.05 * max(0, types.get(q.type, 0) - count // 3)
                    if value > best_score:
                        best, best_score = q, value
                if best is None:
                    continue
                taken.add(best.id or 0)
                types[best.type] = types.get(best.type, 0) + 1
                picks.append(
                    Pick(
                        "job",
                        reqs[i].text,
                        reqs[i].kind,
                        reqs[i].text,
                        question_id=best.id,
                        prompt=best.prompt,
                        type=best.type,
                    )
                )
    if len(picks) < count:
        more = bank.choose_questions(
            session,
            user_id=user_id,
            role=role_slug,
            interview_type="mixed",
            difficulty=_difficulty(job),
            focus=[],
            count=count,
            rng=rng,
        )
        for q in more:
            if q.id not in taken and len(picks) < count:
                taken.add(q.id or 0)
                picks.append(Pick("role", job.title or "", question_id=q.id, prompt=q.prompt, type=q.type))
    return Plan(picks=_interleave(picks))


def _interleave(picks: list[Pick]) -> list[Pick]:
    """Written and bank questions alternate, a written one first (an easy start about their own work)."""
    written = [p for p in picks if p.draft is not None]
    chosen = [p for p in picks if p.draft is None]
    out: list[Pick] = []
    while written or chosen:
        if written:
            out.append(written.pop(0))
        if chosen:
            out.append(chosen.pop(0))
        if chosen and len(chosen) > len(written) + 1:
            out.append(chosen.pop(0))
    return out


def draft_slug(user_id: int, draft: QuestionDraft) -> str:
    """The private question's slug: the same draft for the same candidate reuses its row."""
    digest = hashlib.sha256(f"{user_id}\n{draft.prompt}\n{'|'.join(draft.key_points)}".encode()).hexdigest()
    return f"tailored-{user_id}-{digest[:16]}"
