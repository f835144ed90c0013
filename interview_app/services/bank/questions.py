"""Questions in the database: loading the curated bank, browsing and searching, choosing for an interview."""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, col, select

from interview_app.clock import utcnow
from interview_app.models import InterviewSession, JobRole, Profile, Question, SessionQuestion
from interview_app.services.bank.files import (
    ANY_ROLE,
    DEFAULT_LANGUAGE,
    LANGUAGES,
    QUESTION_TYPES,
    QuestionSpec,
    content_dump,
    load_bank,
)
from interview_app.services.tailoring import preferences, tracks

SYSTEM_DESIGN_FAMILIES = ("Engineering", "Data")
DIFFICULTY_ORDER = ("easy", "medium", "hard")
RECENT_SESSIONS = 5
RECENT_DAYS = 30


class BankError(ValueError):
    """The bank files have problems; `problems` lists them."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the question bank: {problems[0]}")
        self.problems = problems


def _hash(spec: QuestionSpec) -> str:
    return hashlib.sha256(json.dumps(content_dump(spec), sort_keys=True).encode()).hexdigest()


def search_text(prompt: str, tags: Sequence[str], competencies: Sequence[str]) -> str:
    """Lower-cased text the bank search matches against."""
    return " ".join([prompt, *tags, *competencies]).lower()[:2000]


def seed_questions(session: Session) -> dict[str, int]:
    """Upsert the curated bank: new questions are added, changed ones get a new version, removed ones retire.

    Questions edited by admins (source != "curated") are never touched.
    """
    specs, problems = load_bank()
    if problems:
        raise BankError(problems)
    existing = {q.slug: q for q in session.exec(select(Question)).all()}
    counts = {"added": 0, "updated": 0, "unchanged": 0, "retired": 0}
    seen = set()
    for spec in specs:
        seen.add(spec.id)
        digest = _hash(spec)
        row = existing.get(spec.id)
        if row is not None and row.source != "curated":
            counts["unchanged"] += 1
            continue
        if row is not None and row.content_hash == digest and row.status == "active":
            counts["unchanged"] += 1
            continue
        if row is None:
            row = Question(
                slug=spec.id, type=spec.type, difficulty=spec.difficulty, prompt=spec.prompt, model_answer=""
            )
            counts["added"] += 1
        else:
            row.version += 1
            counts["updated"] += 1
        row.type, row.difficulty, row.prompt = spec.type, spec.difficulty, spec.prompt
        row.roles, row.competencies, row.tags = list(spec.roles), list(spec.competencies), list(spec.tags)
        row.key_points, row.follow_ups = list(spec.key_points), list(spec.follow_ups)
        row.model_answer, row.time_limit_seconds = spec.model_answer, spec.time_limit_seconds
        row.language = spec.language
        row.source, row.status, row.content_hash = "curated", "active", digest
        row.search_text = search_text(spec.prompt, spec.tags, spec.competencies)
        row.updated_at = utcnow()
        session.add(row)
    for slug, row in existing.items():
        if row.source == "curated" and slug not in seen and row.status == "active":
            row.status = "retired"
            row.updated_at = utcnow()
            session.add(row)
            counts["retired"] += 1
    session.flush()
    return counts


@dataclass(frozen=True)
class BankFilter:
    """What a candidate filters the bank by; empty values mean "any"."""

    text: str = ""
    role: str = ""
    type: str = ""
    difficulty: str = ""
    competency: str = ""
    company: str = ""
    language: str = ""


def fits_role(question: Question, role: str | None) -> bool:
    """True when the question suits the role (or is for any role)."""
    return not role or role in question.roles or ANY_ROLE in question.roles


def browse(session: Session, flt: BankFilter, limit: int = 50, offset: int = 0) -> tuple[list[Question], int]:
    """Active questions matching the filter, role-specific ones first; returns (page, total).

    With a company track chosen, only questions suiting it (fit >= `tracks.FIT_MIN`), best fit first.
    """
    query = select(Question).where(Question.status == "active")
    if flt.type in QUESTION_TYPES:
        query = query.where(Question.type == flt.type)
    if flt.difficulty in DIFFICULTY_ORDER:
        query = query.where(Question.difficulty == flt.difficulty)
    if flt.language in LANGUAGES:
        query = query.where(Question.language == flt.language)
    words = [w for w in flt.text.lower().split() if w][:8]
    for word in words:
        query = query.where(col(Question.search_text).contains(word[:60], autoescape=True))
    rows = [q for q in session.exec(query.order_by(col(Question.id))).all() if fits_role(q, flt.role)]
    if flt.competency:
        rows = [q for q in rows if flt.competency in q.competencies]
    if flt.company:
        company = tracks.track(flt.company)
        fits = {q.id: tracks.question_fit(q, company) for q in rows} if company else {}
        rows = sorted((q for q in rows if fits.get(q.id, 0.0) >= tracks.FIT_MIN), key=lambda q: -fits[q.id])
    if flt.role:
        rows.sort(
            key=lambda q: (
                ANY_ROLE in q.roles,
                DIFFICULTY_ORDER.index(q.difficulty) if q.difficulty in DIFFICULTY_ORDER else 1,
            )
        )
    return rows[offset : offset + limit], len(rows)


def is_engineering(session: Session, role_slug: str | None) -> bool:
    """True for roles whose interviews include system design (engineering and data roles)."""
    if not role_slug:
        return False
    role = session.exec(select(JobRole).where(JobRole.slug == role_slug)).first()
    return role is not None and role.family in SYSTEM_DESIGN_FAMILIES


def recent_question_ids(session: Session, user_id: int) -> set[int]:
    """Questions the user saw in their last few sessions or the last 30 days."""
    cutoff = utcnow() - timedelta(days=RECENT_DAYS)
    recent = session.exec(
        select(InterviewSession.id)
        .where(InterviewSession.user_id == user_id)
        .order_by(col(InterviewSession.started_at).desc())
        .limit(RECENT_SESSIONS)
    ).all()
    by_date = session.exec(
        select(InterviewSession.id).where(
            InterviewSession.user_id == user_id, col(InterviewSession.started_at) >= cutoff
        )
    ).all()
    ids = set(recent) | set(by_date)
    if not ids:
        return set()
    rows = session.exec(select(SessionQuestion.question_id).where(col(SessionQuestion.session_id).in_(ids))).all()
    return {q for q in rows if q is not None}


def type_plan(interview_type: str, count: int, engineering: bool) -> list[str]:
    """Which question type each slot gets; `mixed` rotates through the types that suit the role."""
    if interview_type != "mixed":
        return [interview_type] * count
    cycle = ["behavioural", "technical", "situational"] + (["system_design"] if engineering else [])
    if engineering:
        cycle = ["behavioural", "technical", "system_design", "situational"]
    return [cycle[i % len(cycle)] for i in range(count)]


@dataclass(frozen=True)
class LanguagePlan:
    """The language an interview is asked in.

    The candidate's `preferred` one, or English when the bank has too few questions in it for the role.
    """

    preferred: str
    language: str

    @property
    def fell_back(self) -> bool:
        """True when the candidate asked for another language and gets English."""
        return self.language != self.preferred


def preferred_language(session: Session, user_id: int) -> str:
    """The language of the candidate's profile (English when unset or unknown)."""
    profile = session.get(Profile, user_id)
    language = profile.language if profile else DEFAULT_LANGUAGE
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def _enough_in(active: Sequence[Question], role: str | None, interview_type: str, count: int) -> bool:
    """True when `active` (one language's questions) can fill an interview.

    That is `count` questions for the role, at least one written for the role itself (not only "any role"),
    and one of the type asked for.
    """
    fitting = [q for q in active if fits_role(q, role)]
    if len(fitting) < count:
        return False
    if role and not any(role in q.roles for q in fitting):
        return False
    return interview_type not in QUESTION_TYPES or any(q.type == interview_type for q in fitting)


def language_plan(
    session: Session, user_id: int, role: str | None, interview_type: str = "mixed", count: int = 1
) -> LanguagePlan:
    """The language an interview for `role` will be asked in: the profile's, or English as a fallback."""
    preferred = preferred_language(session, user_id)
    if preferred == DEFAULT_LANGUAGE:
        return LanguagePlan(preferred, preferred)
    active = session.exec(select(Question).where(Question.status == "active", Question.language == preferred)).all()
    enough = _enough_in(active, role or None, interview_type, count)
    return LanguagePlan(preferred, preferred if enough else DEFAULT_LANGUAGE)


def fallback_roles(
    session: Session, user_id: int, role_slugs: Sequence[str], interview_types: Sequence[str], count: int
) -> dict[str, list[str]]:
    """For each interview type, the roles whose interview would be asked in English instead of the profile's language.

    `language_plan` for every pair, reading the bank once; empty lists for an English profile.
    """
    preferred = preferred_language(session, user_id)
    if preferred == DEFAULT_LANGUAGE:
        return {kind: [] for kind in interview_types}
    active = session.exec(select(Question).where(Question.status == "active", Question.language == preferred)).all()
    return {
        kind: [role for role in role_slugs if not _enough_in(active, role or None, kind, count)]
        for kind in interview_types
    }


def choose_questions(
    session: Session,
    *,
    user_id: int,
    role: str | None,
    interview_type: str,
    difficulty: str,
    focus: Sequence[str],
    count: int,
    rng: random.Random | None = None,
    weight: Callable[[Question], float] | None = None,
    use_profile: bool = True,
    language: str | None = None,
) -> list[Question]:
    """Pick `count` questions that fit the role, type, difficulty and focus, avoiding recent repeats.

    Preference order for each slot: right type, right role (role-specific before "any"), right difficulty
    (then neighbouring), focus competencies, not seen recently. Falls back gracefully when the bank is thin.
    Among the questions these rules leave equal, the draw is weighted by `weight(question)` (>= 1), by
    default the user's profile skills and target companies (`tailoring.preferences`; `use_profile=False`
    or a profile naming neither draws uniformly): a question of weight 4 is four times as likely as one of
    weight 1 (Efraimidis-Spirakis keys).

    All questions are in one `language`; by default the profile's, or English when the bank has too few in it
    for the role (`language_plan`).
    """
    rng = rng or random.Random()  # noqa: S311 - shuffling questions, not security
    if weight is None and use_profile:
        weight = preferences.weigher(preferences.of_profile(session.get(Profile, user_id)))
    if language is None:
        language = language_plan(session, user_id, role, interview_type, count).language
    active = list(
        session.exec(select(Question).where(Question.status == "active", Question.language == language)).all()
    )
    recent = recent_question_ids(session, user_id)
    plan = type_plan(interview_type, count, is_engineering(session, role))
    wanted = DIFFICULTY_ORDER.index(difficulty) if difficulty in DIFFICULTY_ORDER else 1
    chosen: list[Question] = []
    taken: set[int] = set()
    for slot_type in plan:
        candidates = [q for q in active if q.id not in taken and fits_role(q, role)]
        typed = [q for q in candidates if q.type == slot_type] or candidates
        if not typed:
            break

        def rank(q: Question) -> tuple[float, ...]:
            diff = abs((DIFFICULTY_ORDER.index(q.difficulty) if q.difficulty in DIFFICULTY_ORDER else 1) - wanted)
            overlap = len(set(focus) & set(q.competencies))
            return (
                1.0 if q.id in recent else 0.0,
                float(diff),
                -float(overlap),
                1.0 if (role and ANY_ROLE in q.roles and q.type != "behavioural") else 0.0,
            )

        keyed = [(rank(q), rng.random(), q) for q in typed]
        top = min(key for key, _, _ in keyed)
        tied = [(draw, q) for key, draw, q in keyed if key == top]
        best = _draw(tied, weight)
        chosen.append(best)
        if best.id is not None:
            taken.add(best.id)
    return chosen


def _draw(tied: list[tuple[float, Question]], weight: Callable[[Question], float] | None) -> Question:
    """The lowest draw u, or with weights the highest key (1 - u) ** (1 / w) (weighted sampling of one).

    With every weight 1 the weighted pick is the unweighted one.
    """
    if weight is None:
        return min(tied, key=lambda pair: pair[0])[1]
    return max(tied, key=lambda pair: (1.0 - pair[0]) ** (1.0 / max(1.0, weight(pair[1]))))[1]
