"""Company tracks for a candidate: the guidance for their target companies, and evidence for tailored interviews.

The tracks themselves and the rules of which questions suit them are in `tracks.py`. Here a tailored
interview (`tailoring.extra_evidence`) gets, for the job's company and the profile's target companies, a
piece of evidence per track that asks for a few bank questions suiting that company's rounds; and a
candidate can practise a company's loop: one question per round, in the order of its rounds.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from interview_app.models import InterviewSession, Profile, Question
from interview_app.services.bank import questions as bank
from interview_app.services.interviews import interviews
from interview_app.services.tailoring import tracks
from interview_app.services.tailoring.job import JobProfile
from interview_app.services.tailoring.selection import Evidence

MAX_TRACKS = 2
QUESTIONS_FIRST_TRACK, QUESTIONS_OTHER_TRACK = 2, 1
STRONG_FIT = 0.8
# Conversations about the candidate, not questions: a practice loop leaves them out.
NOT_ASKED = ("recruiter_screen", "team_matching")


class CompanyError(Exception):
    """A practice loop that cannot start; `code` is a strings key (`companies.error.*`)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class TargetTracks:
    """The candidate's target companies split into those with a track and those without."""

    tracks: list[tracks.CompanyTrack]
    unknown: list[str]


def targets(profile: Profile | None, extra: Sequence[str] = ()) -> TargetTracks:
    """The tracks of the profile's target companies (and `extra` names first, e.g. the job's company)."""
    names = [n for n in [*extra, *(profile.target_companies if profile else [])] if n.strip()]
    found = tracks.tracks_for(names)
    unknown = [n for n in dict.fromkeys(names) if tracks.match_track(n) is None]
    return TargetTracks(found, unknown)


def page_data(session: Session, user_id: int, lang: str = "en") -> dict[str, Any]:
    """The company tracks page in `lang`: the candidate's tracks in full, names without a track, all tracks."""
    target = targets(session.get(Profile, user_id))
    return {
        "mine": [tracks.guidance(t, lang) for t in target.tracks],
        "unknown": target.unknown,
        "all": [{"slug": t.slug, "name": t.name, "kind": t.kind} for t in tracks.all_tracks()],
    }


def _suited(
    questions: Sequence[Question], company: tracks.CompanyTrack, role: str | None, rng: random.Random
) -> list[Question]:
    """Questions for the role that suit the company, strong fits first, one per stage before any second one."""
    fitting = [q for q in questions if not role or role in q.roles or "any" in q.roles]
    scored = [(tracks.question_fit(q, company), rng.random(), q) for q in fitting]
    strong = sorted((s for s in scored if s[0] >= tracks.FIT_MIN), key=lambda s: (-(s[0] >= STRONG_FIT), s[1]))
    out: list[Question] = []
    stages_used: set[str] = set()
    for _, _, q in strong:
        stage = next((st for st in company.stages if st in tracks.question_stages(q)), "")
        if stage not in stages_used:
            out.append(q)
            stages_used.add(stage)
    return out + [q for _, _, q in strong if q not in out]


def evidence_for(session: Session, user_id: int, job: JobProfile) -> list[Evidence]:
    """Evidence per track of the job's company and the target companies (at most two).

    Each names the company's rounds and a few bank questions suiting them (`bank_slugs`), which a tailored
    interview asks with the track as the reason.
    """
    profile = session.get(Profile, user_id)
    chosen = targets(profile, [job.company] if job.company else []).tracks[:MAX_TRACKS]
    if not chosen:
        return []
    active = list(
        session.exec(
            select(Question).where(Question.status == "active", Question.owner_id == None)  # noqa: E711
        ).all()
    )
    role = profile.target_role_slug if profile else None
    rng = random.Random(f"{user_id}:{job.title}:{job.company}")  # noqa: S311 - a stable pick per job
    items: list[Evidence] = []
    taken: set[str] = set()
    for index, company in enumerate(chosen):
        wanted = QUESTIONS_FIRST_TRACK if index == 0 else QUESTIONS_OTHER_TRACK
        slugs = [q.slug for q in _suited(active, company, role, rng) if q.slug not in taken][:wanted]
        taken.update(slugs)
        rounds = ", ".join(r.name for r in company.rounds)
        # A track says how the company interviews, not what the candidate can do: it names no skill of
        # theirs (skills holds only the company) and is never worked experience in the fit matrix.
        items.append(
            Evidence(
                source="company",
                text=f"{company.name} interview process",
                quote=f"{company.name} interviews include: {rounds}",
                label=company.name,
                skills=(company.name,),
                bank_slugs=tuple(slugs),
                weight=0.0,
                listed_only=True,
            )
        )
    return items


def loop_questions(
    session: Session, user_id: int, company: tracks.CompanyTrack, rng: random.Random | None = None
) -> list[Question]:
    """One bank question per round of the company (conversations left out), in the order of the rounds.

    Each suits the company and the round's stage, fits the profile's role, is at the profile's difficulty
    or the nearest one, and was not asked recently when another will do; the strongest fits first.
    """
    rng = rng or random.Random()  # noqa: S311 - varying practice questions, not security
    profile = session.get(Profile, user_id)
    role = profile.target_role_slug if profile else None
    wanted = (
        bank.DIFFICULTY_ORDER.index(profile.difficulty)
        if profile and profile.difficulty in bank.DIFFICULTY_ORDER
        else 1
    )
    active = [
        q
        for q in session.exec(select(Question).where(Question.status == "active", Question.owner_id == None)).all()  # noqa: E711
        if bank.fits_role(q, role)
    ]
    recent = bank.recent_question_ids(session, user_id)
    chosen: list[Question] = []
    for round_ in company.rounds:
        if round_.stage in NOT_ASKED:
            continue
        suited = [
            q
            for q in active
            if q not in chosen
            and q.type in tracks.STAGE_TYPES[round_.stage]
            and tracks.question_fit(q, company) >= tracks.FIT_MIN
        ]
        if not suited:
            continue

        def rank(q: Question) -> tuple[float, ...]:
            level = bank.DIFFICULTY_ORDER.index(q.difficulty) if q.difficulty in bank.DIFFICULTY_ORDER else 1
            strong = tracks.question_fit(q, company) >= STRONG_FIT
            return (q.id in recent, abs(level - wanted), not strong, rng.random())

        chosen.append(min(suited, key=rank))
    return chosen


def start_loop(session: Session, user_id: int, slug: str, rng: random.Random | None = None) -> InterviewSession:
    """Start a mock interview of one question per round of the company's loop.

    Raises:
        CompanyError: `companies.error.unknown` for a track we do not have, `companies.error.too_few` when
            the bank has fewer than three questions for it and the profile's role.

    """
    company = tracks.track(slug)
    if company is None:
        raise CompanyError("companies.error.unknown")
    chosen = loop_questions(session, user_id, company, rng)
    if len(chosen) < interviews.MIN_QUESTIONS:
        raise CompanyError("companies.error.too_few")
    profile = session.get(Profile, user_id)
    options = interviews.validate_setup(
        {
            "role_slug": profile.target_role_slug if profile else "",
            "role_title": company.name,
            "interview_type": "mixed",
            "difficulty": profile.difficulty if profile and profile.difficulty in bank.DIFFICULTY_ORDER else "medium",
            "question_count": str(len(chosen)),
            "timer_enabled": profile.timer_enabled if profile else True,
            "time_limit_seconds": "auto",
        }
    )
    return interviews.start_chosen(session, user_id, options, chosen)
