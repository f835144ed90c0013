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

from interview_app.i18n import t
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
    language: str = "en"  # the interview's language, which it is written in


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


# A Korean highlight names what was done with a verbal noun at its end ("결제 시스템을 MSA로 전환",
# "... 구축했습니다"), and its result after "-하여", "-해서", "-함으로써", a bracket or an arrow
# ("Redis 캐시를 도입하여 응답 시간 85% 단축").
_KO_DONE_ENDING = re.compile(
    r"\s*(?:하였습니다|했습니다|했어요|하였음|했음|하였다|했다|하였고|했고|함|하였으며|했으며)$"
)
_KO_RESULT = re.compile(
    r"(?:하여|해서|함으로써|하며|하고)\s+(?=[^,.]*[\d%])|\s*[(\u2192]|\s*->|,\s*(?:이를 통해|그 결과)\s*"
)
_KO_VERBAL_NOUNS = (
    "구축 도입 주도 설계 개발 운영 전환 개선 단축 감소 절감 증가 향상 구현 출시 런칭 담당 관리 "
    "구성 작성 분리 통합 개편 재설계 확장 리드 멘토링 채용 기획 분석 수행 적용 해결 달성 제거 "
    "배포 정비 이관 마이그레이션 리팩터링 리팩토링 교체 도출 수립 제작 설립 개설 축소"
).split()


def _action_ko(highlight: str) -> tuple[str, str]:
    """(what was done, the result) of a Korean CV highlight; the action ends with its verbal noun ("...을 전환")."""
    text = _KO_DONE_ENDING.sub("", highlight.strip().rstrip("."))
    match = _KO_RESULT.search(text)
    action, result = (text[: match.start()], text[match.end() :].strip(" ,)")) if match else (text, "")
    action = _KO_DONE_ENDING.sub("", action.strip(" ,"))
    last = action.rsplit(" ", 1)[-1]
    done = last in _KO_VERBAL_NOUNS or (len(last) >= 2 and last.endswith("\ud654") and tx.HANGUL_RE.fullmatch(last[-1]))
    return (action if done and len(action.split()) >= 2 else ""), result


def _action(highlight: str, lang: str = "en") -> tuple[str, str]:
    """(what was done, the result clause) of a CV highlight, the action lower-cased to follow "how you"."""
    if tx.is_korean(highlight) or lang == "ko":
        # An action is only put into a sentence of its own language ("...하신 과정", "how you led...").
        action, result = _action_ko(highlight)
        return (action if lang == "ko" else ""), result
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


def _model_answer(points: Sequence[str], lang: str = "en") -> str:
    """The key points in order as sentences ("A strong answer sets the scene... It makes clear...")."""

    def lower(point: str) -> str:
        return point[:1].lower() + point[1:] if lang == "en" else point

    sentences = [t("draft.model.first", lang, point=lower(points[0]))] if points else []
    sentences += [t("draft.model.next", lang, point=lower(p)) for p in points[1:]]
    return " ".join(sentences)


def write_question(
    evidence: Evidence, requirement: Requirement | None, job: JobProfile, lang: str = "en"
) -> QuestionDraft:
    """A question written from one piece of the candidate's material, with key points from the requirement.

    Written in `lang`, the interview's language (the templates are `draft.*` keys of the catalogue).
    """
    skills = [s for s in (requirement.skills if requirement else []) if evidence.names(s)]
    skills = skills or sorted(evidence.skill_set())[:2]
    place = evidence.label if evidence.label and evidence.label not in ("project", "skills") else ""
    action, result = _action(evidence.quote, lang)
    metric = result or next((m for m in [evidence.quote] if re.search(r"\d", m)), "")
    scene = t("draft.point.scene_at", lang, place=place) if place else t("draft.point.scene", lang)
    if evidence.label == "project":
        name = evidence.quote.split(":", 1)[0].strip()
        prompt = t("draft.cv.project", lang, name=name)
        points = [t("draft.point.problem", lang, name=name), t("draft.point.design", lang)]
    elif action:
        prompt = (
            t("draft.cv.action_at", lang, action=action, place=place)
            if place
            else t("draft.cv.action", lang, action=action)
        )
        points = [scene, t("draft.point.own_part", lang)]
    else:
        quote = tx.clip(evidence.quote, 160)
        prompt = (
            t("draft.cv.quote_at", lang, quote=quote, place=place) if place else t("draft.cv.quote", lang, quote=quote)
        )
        points = [scene, t("draft.point.own_part", lang)]
    if len(skills) >= 2:
        points.append(t("draft.point.skills", lang, first=skills[0], second=skills[1]))
    elif skills:
        points.append(t("draft.point.skill", lang, skill=skills[0]))
    else:
        points.append(t("draft.point.decisions", lang))
    if metric and re.search(r"\d", metric):
        points.append(t("draft.point.metric", lang, metric=tx.clip(metric, 90)))
    else:
        points.append(t("draft.point.result", lang))
    points.append(t("draft.point.change", lang))
    if requirement is not None:
        points.append(t("draft.point.requirement", lang, requirement=tx.clip(requirement.text, 100)))
    technical = bool(skills) and any(sk.family_of(s) not in ("people", "product", "sales", "") for s in skills)
    competencies = ["ownership", "technical-depth" if technical else "delivery"]
    if re.search(r"(?i)\b(led|mentor|coach|manag|hired)|주도|리드|멘토링|이끌|팀장|채용", evidence.quote):
        competencies.append("leadership")
    follow = (t("draft.follow.without", lang), t("draft.follow.disagree", lang))
    return QuestionDraft(
        prompt=prompt,
        key_points=tuple(points),
        model_answer=_model_answer(points, lang),
        competencies=tuple(competencies),
        difficulty=_difficulty(job),
        follow_ups=follow,
        language=lang,
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
        haystacks = [" ".join([q.prompt, *q.key_points, *q.tags]) for q in questions]
        scores = similarity.korean_by_words(scores, texts, haystacks, root=False)  # the model reads no Korean
    else:
        scores = similarity.word_overlap(texts, [" ".join([q.prompt, *q.key_points, *q.tags]) for q in questions])
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
    lang: str | None = None,
) -> Plan:
    """Choose `count` questions for the job (and CV, and any `extra` evidence), each with its reason.

    The interview is held in `lang` (by default the profile's language, or English when the bank has too few
    questions in it for the role, as for any interview): bank questions in that language, and the written ones
    written in it. Reads only; `tailoring.start` stores the written questions and the session.
    """
    rng = rng or random.Random()  # noqa: S311 - ordering ties, not security
    reqs = _requirements(job)
    material = [*cv_evidence(cv), *extra]
    has_material = any(not e.listed_only for e in material)
    quota = min(count - 1, round(count * WRITTEN_SHARE)) if has_material else 0
    if lang is None:
        lang = bank.language_plan(session, user_id, role_slug, "mixed", max(1, count - quota)).language
    picks: list[Pick] = []
    for e, req, _ in _choose_written(material, reqs, quota):
        ready = e.question if e.question is not None and e.question.language == lang else None
        draft = ready or write_question(e, req, job, lang)
        picks.append(
            Pick(
                e.source,
                e.quote,
                e.label,
                req.text if req else "",
                draft=draft,
                prompt=draft.prompt,
                type=draft.type,
                written_by="source" if ready else "template",
            )
        )
    active = list(session.exec(select(Question).where(Question.status == "active", Question.language == lang)).all())
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
            language=lang,
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
