"""Mock interviews: set-up, the question-by-question state machine, the server-side timer, and results.

States of a session: in_progress (optionally paused) -> completed, or abandoned when it is still running
INTERVIEW_MAX_MINUTES after it started (`abandon_stale`, a scheduled job; what was answered is kept and
reported). Starting one and handing in an answer count against the user's limits (services/shared/limits.py).
A session question goes
pending -> active -> answered | skipped. Positions of main questions are spaced by 10 so a follow-up
can sit right after its question. Every function checks that the session belongs to the user.
"""

from __future__ import annotations

import copy
import logging
import math
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, bindparam
from sqlalchemy import select as sa_select
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, delete, select, update

from interview_app import background, clock
from interview_app.clock import utcnow
from interview_app.db import after_commit
from interview_app.i18n import keys, t
from interview_app.models import Answer, Feedback, InterviewSession, Profile, Question, SessionQuestion
from interview_app.services.answers import follow_ups, lifecycle
from interview_app.services.answers.lifecycle import AnswerStatus
from interview_app.services.answers.storage import get_storage
from interview_app.services.bank import questions as bank
from interview_app.services.bank.files import COMPETENCIES
from interview_app.services.progress import analytics
from interview_app.services.scoring import delivery, engine, offline
from interview_app.services.scoring.rubric import DIMENSIONS, KeyPointVerdicts, ScoreResult, ScoringInput
from interview_app.services.shared import limits
from interview_app.services.trainer import quiz
from interview_app.settings import get_settings

log = logging.getLogger(__name__)
INTERVIEW_TYPES: tuple[str, ...] = ("behavioural", "technical", "system_design", "mixed")
STATUSES: tuple[str, ...] = ("in_progress", "completed", "abandoned")
# A session that has ended: by the candidate (or its last answer), or by itself after INTERVIEW_MAX_MINUTES.
ENDED: tuple[str, ...] = ("completed", "abandoned")
ANSWER_MODES: tuple[str, ...] = ("text", "audio", "video")
MIN_QUESTIONS, MAX_QUESTIONS = 3, 15
MIN_LIMIT, MAX_LIMIT = 30, 900
POSITION_STEP = 10
FOLLOW_UP_TIMEOUT = 8.0
Enqueue = Callable[..., object]


class InterviewError(Exception):
    """A request the interview cannot accept; `code` names it for the UI (see strings `interview.error.*`)."""

    def __init__(self, code: str, field: str | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.field = field


@dataclass
class SetupOptions:
    """A validated interview set-up."""

    role_slug: str | None
    role_title: str
    interview_type: str
    difficulty: str
    focus: list[str]
    question_count: int
    timer_enabled: bool
    time_limit_seconds: int | None
    answer_mode: str = "text"
    hands_free: bool = False


def validate_setup(raw: dict[str, Any]) -> SetupOptions:
    """Check a set-up form; raises InterviewError with the first bad field."""
    interview_type = str(raw.get("interview_type", "")).strip()
    if interview_type not in INTERVIEW_TYPES:
        raise InterviewError("bad_type", "interview_type")
    difficulty = str(raw.get("difficulty", "")).strip()
    if difficulty not in bank.DIFFICULTY_ORDER:
        raise InterviewError("bad_difficulty", "difficulty")
    try:
        count = int(str(raw.get("question_count", "")).strip())
    except ValueError:
        raise InterviewError("bad_count", "question_count") from None
    if not MIN_QUESTIONS <= count <= MAX_QUESTIONS:
        raise InterviewError("bad_count", "question_count")
    focus = [c for c in raw.get("focus", []) if isinstance(c, str)]
    if any(c not in COMPETENCIES for c in focus) or len(focus) > 5:
        raise InterviewError("bad_focus", "focus")
    timer = bool(raw.get("timer_enabled", True))
    limit_raw = str(raw.get("time_limit_seconds", "") or "").strip()
    limit: int | None = None
    if timer and limit_raw and limit_raw != "auto":
        try:
            limit = int(limit_raw)
        except ValueError:
            raise InterviewError("bad_limit", "time_limit_seconds") from None
        if not MIN_LIMIT <= limit <= MAX_LIMIT:
            raise InterviewError("bad_limit", "time_limit_seconds")
    mode = str(raw.get("answer_mode", "text") or "text")
    if mode not in ANSWER_MODES:
        raise InterviewError("bad_mode", "answer_mode")
    role_slug = str(raw.get("role_slug", "") or "").strip() or None
    return SetupOptions(
        role_slug=role_slug,
        role_title=str(raw.get("role_title", "") or "")[:120],
        interview_type=interview_type,
        difficulty=difficulty,
        focus=focus,
        question_count=count,
        timer_enabled=timer,
        time_limit_seconds=limit,
        answer_mode=mode,
        hands_free=bool(raw.get("hands_free", False)) and mode != "text",
    )


def defaults_for(session: Session, user_id: int) -> dict[str, Any]:
    """Set-up defaults taken from the candidate's profile."""
    profile = session.get(Profile, user_id)
    return {
        "role_slug": (profile.target_role_slug if profile else None) or "",
        "difficulty": profile.difficulty if profile else "medium",
        "timer_enabled": profile.timer_enabled if profile else True,
        "time_limit_seconds": "auto",
        "question_count": 5,
        "interview_type": "mixed",
    }


def _activate(sq: SessionQuestion, interview: InterviewSession, now: datetime) -> None:
    sq.status = "active"
    sq.shown_at = sq.shown_at or now
    sq.running_since = now if interview.timer_enabled and interview.paused_at is None else None


def check_can_start(session: Session, user_id: int, answer_mode: str = "text") -> None:
    """Refuse a new interview over the interviews a day or a month, or a spoken one with no voice minutes left.

    Raises:
        limits.LimitExceeded: INTERVIEWS_PER_DAY, a plan's interviews a month, or its voice minutes a month.

    """
    limits.check(session, user_id, limits.INTERVIEWS_PER_DAY)
    limits.check(session, user_id, limits.INTERVIEWS_PER_MONTH)
    if answer_mode in ("audio", "video"):
        limits.check(session, user_id, limits.VOICE_MINUTES_PER_MONTH)


def start_session(
    session: Session, user_id: int, options: SetupOptions, rng: random.Random | None = None
) -> InterviewSession:
    """Create a session with its questions chosen and the first one running.

    The profile's skills and target companies weigh the draw among equally suitable questions (the bank's
    `choose_questions` reads them).

    Raises:
        InterviewError: no questions suit the set-up.
        limits.LimitExceeded: an interview quota is used up (`check_can_start`).

    """
    check_can_start(session, user_id, options.answer_mode)
    chosen = bank.choose_questions(
        session,
        user_id=user_id,
        role=options.role_slug,
        interview_type=options.interview_type,
        difficulty=options.difficulty,
        focus=options.focus,
        count=options.question_count,
        rng=rng,
    )
    if not chosen:
        raise InterviewError("no_questions")
    interview = InterviewSession(
        user_id=user_id,
        role_slug=options.role_slug,
        role_title=options.role_title,
        interview_type=options.interview_type,
        difficulty=options.difficulty,
        focus=options.focus,
        question_count=len(chosen),
        timer_enabled=options.timer_enabled,
        time_limit_seconds=options.time_limit_seconds,
        answer_mode=options.answer_mode,
        hands_free=options.hands_free,
    )
    return _create(session, interview, chosen)


def start_chosen(session: Session, user_id: int, options: SetupOptions, chosen: list[Question]) -> InterviewSession:
    """Create a session asking `chosen` in that order (questions picked elsewhere: a tailored interview).

    Raises:
        InterviewError: nothing was chosen.
        limits.LimitExceeded: an interview quota is used up (`check_can_start`).

    """
    if not chosen:
        raise InterviewError("no_questions")
    check_can_start(session, user_id, options.answer_mode)
    interview = InterviewSession(
        user_id=user_id,
        role_slug=options.role_slug,
        role_title=options.role_title,
        interview_type=options.interview_type,
        difficulty=options.difficulty,
        focus=options.focus,
        question_count=len(chosen),
        timer_enabled=options.timer_enabled,
        time_limit_seconds=options.time_limit_seconds,
        answer_mode=options.answer_mode,
        hands_free=options.hands_free,
    )
    return _create(session, interview, chosen)


def start_practice(session: Session, user_id: int, question_id: int, timer_enabled: bool = True) -> InterviewSession:
    """A one-question session to practise a question from the bank (not counted as an interview of the day)."""
    question = session.get(Question, question_id)
    if question is None or question.status != "active":
        raise InterviewError("not_found")
    interview = InterviewSession(
        user_id=user_id,
        role_slug=question.roles[0] if question.roles and question.roles[0] != "any" else None,
        interview_type=question.type if question.type in INTERVIEW_TYPES else "mixed",
        difficulty=question.difficulty,
        question_count=1,
        timer_enabled=timer_enabled,
        practice=True,
    )
    return _create(session, interview, [question])


def interview_language(chosen: list[Question]) -> str:
    """The language an interview of `chosen` is held in: most of its questions' (English on a tie or none)."""
    counts = Counter(q.language for q in chosen)
    top = counts.most_common(1)
    return top[0][0] if top and top[0][1] * 2 > len(chosen) else bank.DEFAULT_LANGUAGE


def language_fallbacks(
    session: Session, user_id: int, role_slugs: list[str], count: int = 5
) -> tuple[str, dict[str, list[str]]]:
    """The profile's language, and for each interview type the roles whose interview falls back to English.

    The lists are empty when the profile's language is English. The set-up page says so before the start.
    """
    language = bank.preferred_language(session, user_id)
    return language, bank.fallback_roles(session, user_id, role_slugs, INTERVIEW_TYPES, count)


def _create(session: Session, interview: InterviewSession, chosen: list[Question]) -> InterviewSession:
    interview.language = interview_language(chosen)
    session.add(interview)
    session.flush()
    assert interview.id is not None
    now = utcnow()
    for index, question in enumerate(chosen):
        sq = SessionQuestion(
            session_id=interview.id,
            position=index * POSITION_STEP,
            question_id=question.id,
            prompt=question.prompt,
            time_limit_seconds=interview.time_limit_seconds or question.time_limit_seconds,
        )
        if index == 0:
            _activate(sq, interview, now)
        session.add(sq)
    interview.current_position = 0
    session.flush()
    return interview


def owned_session(session: Session, user_id: int, session_id: int) -> InterviewSession:
    """The session if it belongs to the user; otherwise `not_found` (never reveals other users' sessions)."""
    interview = session.get(InterviewSession, session_id)
    if interview is None or interview.user_id != user_id:
        raise InterviewError("not_found")
    return interview


def questions_of(session: Session, session_id: int) -> list[SessionQuestion]:
    """The session's questions in order."""
    return list(
        session.exec(
            select(SessionQuestion)
            .where(SessionQuestion.session_id == session_id)
            .order_by(col(SessionQuestion.position))
        ).all()
    )


def question_number(session: Session, sq: SessionQuestion) -> tuple[int, int]:
    """Which main question `sq` is, counted from 1 (a follow-up has its main question's number), and of how many."""
    mains = [s for s in questions_of(session, sq.session_id) if s.kind == "main"]
    main_position = sq.position - (sq.position % POSITION_STEP)
    return next((i + 1 for i, s in enumerate(mains) if s.position == main_position), 1), len(mains)


def current_question(session: Session, interview: InterviewSession) -> SessionQuestion | None:
    """The question the candidate is on (None when the session is over)."""
    if interview.status != "in_progress" or interview.id is None:
        return None
    return session.exec(
        select(SessionQuestion).where(
            SessionQuestion.session_id == interview.id, SessionQuestion.position == interview.current_position
        )
    ).first()


def seconds_used(sq: SessionQuestion, now: datetime | None = None) -> float:
    """Time spent on the question so far, counted on the server."""
    running = (now or utcnow()) - sq.running_since if sq.running_since else None
    return sq.seconds_used + (running.total_seconds() if running else 0.0)


def seconds_left(sq: SessionQuestion, interview: InterviewSession, now: datetime | None = None) -> int | None:
    """Whole seconds left on the timer (None without a timer; never below zero)."""
    if not interview.timer_enabled:
        return None
    return max(0, int(sq.time_limit_seconds - seconds_used(sq, now) + 0.999))


def owned_question(session: Session, user_id: int, sq_id: int) -> tuple[InterviewSession, SessionQuestion]:
    """A session question and its session, if the session belongs to `user_id` (else not_found)."""
    sq = session.get(SessionQuestion, sq_id)
    if sq is None:
        raise InterviewError("not_found")
    interview = owned_session(session, user_id, sq.session_id)
    return interview, sq


def require_current(interview: InterviewSession, sq: SessionQuestion) -> None:
    """Refuse unless `sq` is the unanswered question the session is on (and the session has not run out of time)."""
    if interview.status != "in_progress" or utcnow() >= ends_at(interview):
        raise InterviewError("session_over")
    if sq.status in ("answered", "skipped"):
        raise InterviewError("already_answered")
    if sq.position != interview.current_position or sq.status != "active":
        raise InterviewError("not_current")


_ASKED = cast(Table, SessionQuestion.__table__)  # type: ignore[attr-defined]
_SESSIONS = cast(Table, InterviewSession.__table__)  # type: ignore[attr-defined]
# `save_draft`'s UPDATE, built once: a Core statement on the tables with its values bound per call. Building it
# per call (and its cache key) cost twice what running it does; through the ORM it cost four times as much.
_SAVE_DRAFT = (
    update(_ASKED)
    .where(
        _ASKED.c.id == bindparam("sq_id"),
        _ASKED.c.status == "active",
        sa_select(_SESSIONS.c.id)
        .where(
            _SESSIONS.c.id == _ASKED.c.session_id,
            _SESSIONS.c.user_id == bindparam("user_id"),
            _SESSIONS.c.status == "in_progress",
            _SESSIONS.c.started_at > bindparam("cutoff", type_=_SESSIONS.c.started_at.type),
            _SESSIONS.c.current_position == _ASKED.c.position,
        )
        .exists(),
    )
    .values(draft=bindparam("text"), draft_saved_at=bindparam("now", type_=_ASKED.c.draft_saved_at.type))
)


def save_draft(session: Session, user_id: int, sq_id: int, text: str) -> datetime:
    """Store the candidate's unsent text (autosave); returns when it was saved.

    The most frequent write of the app (every typing tab, every 2 s), so it is one conditional UPDATE when the
    draft can be saved: the question is the user's, the one its running session is on, still unanswered, and
    the session has not run out of time (exactly `owned_question` and `require_current`). Only when nothing was
    updated are the rows read, to say why (or to save after all, if the question became current meanwhile).
    """
    limit = get_settings().answer_max_chars
    if len(text) <= limit:
        now = utcnow()
        cutoff = now - timedelta(minutes=get_settings().interview_max_minutes)
        saved = session.connection().execute(
            _SAVE_DRAFT, {"sq_id": sq_id, "user_id": user_id, "cutoff": cutoff, "text": text, "now": now}
        )
        if saved.rowcount == 1:
            held = session.identity_map.get(session.identity_key(SessionQuestion, sq_id))
            if held is not None:  # a copy this session already holds shows the saved draft too
                set_committed_value(held, "draft", text)
                set_committed_value(held, "draft_saved_at", now)
            return now
    interview, sq = owned_question(session, user_id, sq_id)
    require_current(interview, sq)
    if len(text) > limit:
        raise InterviewError("too_long", "answer")
    sq.draft = text
    sq.draft_saved_at = utcnow()
    session.add(sq)
    return sq.draft_saved_at


def stop_clock(sq: SessionQuestion, now: datetime) -> None:
    """Add the running time to the question's total and stop its clock."""
    sq.seconds_used = seconds_used(sq, now)
    sq.running_since = None


def pause(session: Session, user_id: int, session_id: int) -> InterviewSession:
    """Stop the clock; the candidate can come back later."""
    interview = owned_session(session, user_id, session_id)
    if interview.status != "in_progress":
        raise InterviewError("session_over")
    if interview.paused_at is None:
        now = utcnow()
        interview.paused_at = now
        sq = current_question(session, interview)
        if sq is not None:
            stop_clock(sq, now)
            session.add(sq)
        session.add(interview)
    return interview


def resume(session: Session, user_id: int, session_id: int) -> InterviewSession:
    """Start the clock again where it stopped."""
    interview = owned_session(session, user_id, session_id)
    if interview.status != "in_progress":
        raise InterviewError("session_over")
    if interview.paused_at is not None:
        interview.paused_at = None
        sq = current_question(session, interview)
        if sq is not None and interview.timer_enabled:
            sq.running_since = utcnow()
            session.add(sq)
        session.add(interview)
    return interview


@dataclass
class SubmitOutcome:
    """What happened after an answer: the saved answer, a follow-up if one was added, whether the session ended.

    `preparing`: the answer waits for its follow-up decision (`prepare_next`, in the background); the
    interview stays on the answered question until then, and `next_step` says when it has moved on.
    """

    answer_id: int
    follow_up: str | None = None
    finished: bool = False
    missed_points: list[str] = field(default_factory=list)
    preparing: bool = False


def _check_answerable(interview: InterviewSession, sq: SessionQuestion, text: str) -> None:
    """Refuse a typed answer the question cannot take now."""
    require_current(interview, sq)
    if interview.paused_at is not None:
        raise InterviewError("paused")
    if not text.strip():
        raise InterviewError("empty", "answer")
    if len(text) > get_settings().answer_max_chars:
        raise InterviewError("too_long", "answer")


def submit_answer(
    session: Session,
    user_id: int,
    sq_id: int,
    text: str,
    *,
    enqueue: Enqueue | None = None,
) -> SubmitOutcome:
    """Save a typed answer, stop its clock and queue its follow-up decision and scoring after commit.

    Nothing slow runs here: the key-point analysis that decides the follow-up is CPU work (the embedding model
    and the answer judge; the LLM may word the follow-up), so the `prepare_next` job does it in the runners'
    priority lane (ahead of earlier answers' scoring) and then queues the `score_answer` job, which scores with
    the same verdicts. Until then the interview stays on the answered
    question (`preparing`); a follow-up's own answer never gets one, so after it the interview moves on at once.

    Raises:
        InterviewError: the question cannot take this answer now.
        limits.LimitExceeded: ANSWERS_PER_MINUTE answers were handed in within the last minute (the draft stays).

    """
    interview, sq = owned_question(session, user_id, sq_id)
    _check_answerable(interview, sq, text)
    limits.check(session, user_id, limits.ANSWERS_PER_MINUTE)
    now = utcnow()
    # The same answer handed in twice at once (two tabs): only one of them turns the question to answered.
    taken = session.exec(  # type: ignore[call-overload]
        update(SessionQuestion)
        .where(col(SessionQuestion.id) == sq.id, col(SessionQuestion.status) == "active")
        .values(status="answered")
    )
    if not taken.rowcount:
        session.refresh(sq)
        raise InterviewError("already_answered" if sq.status in ("answered", "skipped") else "not_current")
    stop_clock(sq, now)
    sq.status, sq.finished_at, sq.draft = "answered", now, text
    answer = Answer(
        session_question_id=sq.id or 0,
        user_id=user_id,
        mode="text",
        text=text.strip(),
        duration_seconds=round(sq.seconds_used, 1),
    )
    session.add_all([sq, answer])
    session.flush()
    assert answer.id is not None
    answer_id = answer.id
    if may_follow_up(sq):
        outcome = SubmitOutcome(answer_id=answer_id, preparing=True)
        job = background.PREPARE_NEXT  # the priority lane; it queues the scoring once the next question is there
    else:
        outcome = SubmitOutcome(answer_id=answer_id, finished=_advance(session, interview, now))
        job = background.SCORE_ANSWER
    after_commit(session, lambda: (enqueue or background.enqueue)(job, answer_id))
    return outcome


def may_follow_up(sq: SessionQuestion) -> bool:
    """Whether an answer to `sq` may get a follow-up (a main question from the bank; never a follow-up itself)."""
    return sq.kind == "main" and sq.question_id is not None


def awaits_next(session: Session, interview: InterviewSession, sq: SessionQuestion | None) -> bool:
    """True while the interview's current question holds a typed answer waiting for its follow-up decision.

    (A handed-in recording waits in the same place for its transcription; the candidate moves on from it.)
    """
    if sq is None or interview.status != "in_progress" or sq.position != interview.current_position:
        return False
    if sq.status != "answered":
        return False
    mode = session.exec(select(Answer.mode).where(Answer.session_question_id == sq.id)).first()
    return mode == "text"


def prepare_next(
    session: Session,
    answer_id: int,
    follow_up_writer: Callable[[str, str, list[str]], str | None] | None = None,
) -> SubmitOutcome | None:
    """Decide a typed answer's follow-up and move the interview on (the `prepare_next` job; `score_answer` too).

    Idempotent: None when there is nothing to decide (the interview has moved on, ended, or the answer is
    gone). The analysis runs before anything is written, so no write lock is held while it runs. Two runs at
    once (the priority lane's `prepare_next` job and the `score_answer` job, or a message delivered twice) may
    both analyse, but only one moves the interview on: the move starts with a conditional UPDATE of the
    interview's row that matches only while it still stands on the answered question (the database's row lock
    and re-check, on SQLite its single writer), so the other finds nothing to do and adds no second follow-up.
    """
    answer = session.get(Answer, answer_id)
    sq = session.get(SessionQuestion, answer.session_question_id) if answer is not None else None
    interview = session.get(InterviewSession, sq.session_id) if sq is not None else None
    if answer is None or sq is None or interview is None or answer.mode != "text":
        return None
    if not awaits_next(session, interview, sq):
        return None
    known = KeyPointVerdicts.from_dict(answer.key_point_verdicts)
    decision = decide_follow_up(session, sq, answer.text, follow_up_writer, known)
    if not _claim_move(session, interview, sq):
        return None  # ended or moved on meanwhile (the candidate ended the interview early, or another run)
    session.refresh(interview)
    session.refresh(sq)
    if not awaits_next(session, interview, sq):
        return None
    if decision.verdicts is not None and decision.verdicts != known:
        answer.key_point_verdicts = decision.verdicts.to_dict()
        session.add(answer)
    return _ask_and_advance(session, interview, sq, answer_id, decision, utcnow())


def _claim_move(session: Session, interview: InterviewSession, sq: SessionQuestion) -> bool:
    """Take the right to move the interview on from `sq`: True for exactly one of several runs at once.

    The UPDATE matches only while the interview runs and stands on `sq` (whose answer waits); it takes the row's
    write lock, and a run that comes second re-reads the row after the first committed its move and matches
    nothing. The move itself (`_advance`) then changes `current_position` in the same transaction.
    """
    claimed = session.exec(  # type: ignore[call-overload]
        update(InterviewSession)
        .where(
            col(InterviewSession.id) == interview.id,
            col(InterviewSession.status) == "in_progress",
            col(InterviewSession.current_position) == sq.position,
        )
        .values(updated_at=utcnow())
    )
    return claimed.rowcount == 1


def next_step(session: Session, user_id: int, sq_id: int) -> SubmitOutcome | None:
    """After `submit_answer` said `preparing`: what came of it once decided, else None (still preparing).

    `follow_up` is the follow-up's prompt when one was added after the answer; `finished` when the interview
    has ended.
    """
    interview, sq = owned_question(session, user_id, sq_id)
    if awaits_next(session, interview, sq):
        return None
    answer = session.exec(select(Answer).where(Answer.session_question_id == sq.id)).first()
    follow = session.exec(
        select(SessionQuestion).where(SessionQuestion.parent_id == sq.id, SessionQuestion.kind == "follow_up")
    ).first()
    return SubmitOutcome(
        answer_id=(answer.id or 0) if answer is not None else 0,
        follow_up=follow.prompt if follow is not None else None,
        finished=interview.status != "in_progress",
    )


@dataclass
class FollowUpDecision:
    """Whether to ask a follow-up after an answer, in what words, and the key-point verdicts it rests on."""

    prompt: str | None = None  # None: no follow-up
    key_points: tuple[str, ...] = ()  # what the follow-up's answer is scored on
    missed_points: list[str] = field(default_factory=list)
    verdicts: KeyPointVerdicts | None = None


def decide_follow_up(
    session: Session,
    sq: SessionQuestion,
    text: str,
    follow_up_writer: Callable[[str, str, list[str]], str | None] | None,
    known: KeyPointVerdicts | None = None,
) -> FollowUpDecision:
    """Whether and what to ask after the answer `text` to `sq` (reads only; the writer may wait for the LLM).

    The offline analysis decides (services/answers/follow_ups.py): an off-topic answer gets a redirect, an answer with
    an open key point a probe, a vague one a question that goes deeper, an excellent one nothing. A written
    follow-up (the LLM) replaces the planned wording only when it is grounded in the question and the answer.
    `known` are the answer's stored key-point verdicts, used when they were made for this answer.
    """
    decision = FollowUpDecision()
    if sq.kind != "main" or sq.question_id is None:
        return decision
    question = session.get(Question, sq.question_id)
    analysis = _safe_analysis(question, text, known) if question is not None else None
    if question is None or analysis is None:
        return decision
    decision.verdicts = analysis.verdicts if isinstance(analysis, follow_ups.AnswerAnalysis) else None
    decision.missed_points = [k.point for k in analysis.key_points if not k.covered]
    plan = follow_ups.plan_follow_up(asked_question(question), text, analysis)
    if plan.kind != "none":
        prompt = plan.prompt
        if plan.kind in ("probe", "deeper") and follow_up_writer is not None:
            probed = list(plan.key_points) if plan.kind == "probe" else []
            prompt = _grounded(follow_up_writer(question.prompt, text, probed), plan, question, text)
        decision.prompt, decision.key_points = prompt, plan.key_points
    return decision


def follow_up_and_advance(
    session: Session,
    interview: InterviewSession,
    sq: SessionQuestion,
    answer_id: int,
    text: str,
    follow_up_writer: Callable[[str, str, list[str]], str | None] | None,
    now: datetime,
) -> SubmitOutcome:
    """After a recording once transcribed: maybe add one follow-up (`decide_follow_up`), then move on.

    The key-point verdicts are the answer's stored ones when its score came first; else they are stored now.
    """
    answer = session.get(Answer, answer_id)
    known = KeyPointVerdicts.from_dict(answer.key_point_verdicts) if answer is not None else None
    decision = decide_follow_up(session, sq, text, follow_up_writer, known)
    if answer is not None and decision.verdicts is not None and decision.verdicts != known:
        answer.key_point_verdicts = decision.verdicts.to_dict()
        session.add(answer)
    return _ask_and_advance(session, interview, sq, answer_id, decision, now)


def _ask_and_advance(
    session: Session,
    interview: InterviewSession,
    sq: SessionQuestion,
    answer_id: int,
    decision: FollowUpDecision,
    now: datetime,
) -> SubmitOutcome:
    """Add the decided follow-up right after its question, then move on to the next question."""
    outcome = SubmitOutcome(answer_id=answer_id, follow_up=decision.prompt, missed_points=decision.missed_points)
    if decision.prompt is not None:
        follow = SessionQuestion(
            session_id=interview.id or 0,
            position=sq.position + 1,
            question_id=sq.question_id,
            kind="follow_up",
            parent_id=sq.id,
            prompt=decision.prompt,
            key_points=list(decision.key_points),
            time_limit_seconds=max(60, sq.time_limit_seconds // 2),
        )
        session.add(follow)
        session.flush()
    outcome.finished = _advance(session, interview, now)
    return outcome


def _safe_analysis(question: Question, text: str, known: KeyPointVerdicts | None = None) -> follow_ups.Analysis | None:
    """The analysis behind the follow-up, or None if the scorer fails (the answer is saved all the same)."""
    try:
        return analyse_answer(question, text, known)
    except Exception:  # the scoring job reports scorer failures; here they only cost the follow-up
        log.exception("follow-up analysis failed; moving on without a follow-up")
        return None


def _grounded(written: str | None, plan: follow_ups.FollowUpPlan, question: Question, answer: str) -> str:
    """The written follow-up if it names nothing the candidate did not say (and, going deeper, claims no gap)."""
    if not written:
        return plan.prompt
    problems = follow_ups.grounding_problems(written, question.prompt, answer)
    if plan.kind == "deeper" and follow_ups.sounds_like_missing(written):
        problems.append("says something was missing")
    if problems:
        log.info("written follow-up not grounded (%s); asking the planned one", "; ".join(problems))
        return plan.prompt
    return written


def skip_question(session: Session, user_id: int, sq_id: int) -> bool:
    """Skip the current question; returns True when that ended the session."""
    interview, sq = owned_question(session, user_id, sq_id)
    require_current(interview, sq)
    now = utcnow()
    stop_clock(sq, now)
    sq.status, sq.finished_at = "skipped", now
    session.add(sq)
    _drop_unsent_recording(session, sq)
    return _advance(session, interview, now)


def _drop_unsent_recording(session: Session, sq: SessionQuestion) -> None:
    """A recording that was never handed in goes when its question is skipped."""
    answer = session.exec(select(Answer).where(Answer.session_question_id == sq.id)).first()
    if answer is None or answer.status != AnswerStatus.RECORDING:
        return
    key = answer.media_path
    session.delete(answer)
    if key:
        store = get_storage()
        after_commit(session, lambda: store.delete(key))


# Bytes that hold more than a closing scrap: about half a second of Opus speech with its container header.
KEEP_RECORDING_BYTES = 4096


def _worth_keeping(recording: Answer) -> bool:
    """At least half a second decoded, or enough bytes that the pieces not yet decoded hold speech.

    Pieces are decoded in the background (one step behind the upload), so `media_seconds` can lag: the
    bytes decide then, and transcription says "no speech" if there was none, rather than dropping a take.
    """
    return recording.media_seconds >= 0.5 or recording.media_bytes >= KEEP_RECORDING_BYTES


def end_early(session: Session, user_id: int, session_id: int, enqueue: Enqueue | None = None) -> InterviewSession:
    """Finish now: a typed but unsent draft is kept as the answer, the rest is marked skipped."""
    interview = owned_session(session, user_id, session_id)
    if interview.status != "in_progress":
        raise InterviewError("session_over")
    _close(session, interview, utcnow(), enqueue)
    return interview


def ends_at(interview: InterviewSession) -> datetime:
    """When a session still running ends by itself (INTERVIEW_MAX_MINUTES after it started)."""
    return clock.aware(interview.started_at) + timedelta(minutes=get_settings().interview_max_minutes)


def warns_at(interview: InterviewSession) -> datetime:
    """When the interview page starts warning that the session is about to end (INTERVIEW_WARNING_MINUTES before)."""
    return ends_at(interview) - timedelta(minutes=get_settings().interview_warning_minutes)


def minutes_left(interview: InterviewSession, now: datetime | None = None) -> int | None:
    """Whole minutes (rounded up) before a running session ends by itself, once the warning time has come; else None."""
    now = clock.aware(now or utcnow())
    if interview.status != "in_progress" or now < warns_at(interview):
        return None
    return max(0, math.ceil((ends_at(interview) - now).total_seconds() / 60))


def stale_ids(session: Session, now: datetime | None = None) -> list[int]:
    """Sessions still running INTERVIEW_MAX_MINUTES after they started, oldest first."""
    cutoff = clock.aware(now or utcnow()) - timedelta(minutes=get_settings().interview_max_minutes)
    return list(
        session.exec(
            select(InterviewSession.id)
            .where(InterviewSession.status == "in_progress", col(InterviewSession.started_at) <= cutoff)
            .order_by(col(InterviewSession.started_at))
        ).all()
    )  # type: ignore[arg-type]


def abandon(session: Session, session_id: int, now: datetime | None = None, enqueue: Enqueue | None = None) -> bool:
    """End one stale session as "abandoned", keeping what was answered (as `end_early` does).

    False when it has ended already or is not stale: running it twice, or from two schedulers, changes nothing.
    """
    now = clock.aware(now or utcnow())
    # On PostgreSQL a second job waits here for the first to commit, then finds the session ended.
    interview = session.exec(
        select(InterviewSession).where(InterviewSession.id == session_id).with_for_update()
    ).first()
    if interview is None or interview.status != "in_progress" or now < ends_at(interview):
        return False
    _close(session, interview, now, enqueue, status="abandoned")
    log.info("interview %s abandoned %s after it started", session_id, now - clock.aware(interview.started_at))
    return True


def _close(
    session: Session, interview: InterviewSession, now: datetime, enqueue: Enqueue | None, status: str = "completed"
) -> None:
    """End the session: recordings worth keeping and typed drafts are handed in, the rest is skipped."""
    user_id = interview.user_id
    for sq in questions_of(session, interview.id or 0):
        if sq.status in ("answered", "skipped"):
            continue
        stop_clock(sq, now)
        recording = session.exec(select(Answer).where(Answer.session_question_id == sq.id)).first()
        if recording is not None and recording.status == AnswerStatus.RECORDING and _worth_keeping(recording):
            # What was recorded is kept and handed in.
            lifecycle.hand_in(session, recording, now)
            answer_id = recording.id or 0
            after_commit(
                session,
                lambda a=answer_id: (enqueue or background.enqueue)(background.TRANSCRIBE_ANSWER, a, True),
            )
            sq.status = "answered"
        elif recording is not None:
            _drop_unsent_recording(session, sq)
            sq.status = "skipped"
        elif sq.status == "active" and sq.draft.strip():
            answer = Answer(
                session_question_id=sq.id or 0,
                user_id=user_id,
                text=sq.draft.strip(),
                duration_seconds=round(sq.seconds_used, 1),
            )
            session.add(answer)
            session.flush()
            answer_id = answer.id or 0
            after_commit(session, lambda a=answer_id: (enqueue or background.enqueue)(background.SCORE_ANSWER, a))
            sq.status = "answered"
        else:
            sq.status = "skipped"
        sq.finished_at = now
        session.add(sq)
    _finish(session, interview, now, status)


def _advance(session: Session, interview: InterviewSession, now: datetime) -> bool:
    following = session.exec(
        select(SessionQuestion)
        .where(SessionQuestion.session_id == interview.id, SessionQuestion.position > interview.current_position)
        .order_by(col(SessionQuestion.position))
    ).first()
    if following is None:
        _finish(session, interview, now)
        return True
    interview.current_position = following.position
    _activate(following, interview, now)
    interview.updated_at = now
    session.add_all([following, interview])
    return False


def _finish(session: Session, interview: InterviewSession, now: datetime, status: str = "completed") -> None:
    interview.status = status
    interview.ended_at = now
    interview.paused_at = None
    interview.updated_at = now
    session.add(interview)
    session.flush()
    summarise(session, interview)


def analyse_answer(question: Question, answer: str, known: KeyPointVerdicts | None = None) -> follow_ups.AnswerAnalysis:
    """The offline engine's verdicts on an answer (key points, content, on-topic probability, total).

    Fast and local, whatever engine scores the answer later: it decides the follow-up. `known` key-point
    verdicts made for this answer are used as they are; the analysis carries the verdicts it used.
    """
    result, verdicts = offline.assess(
        ScoringInput(
            question=question.prompt,
            answer=answer,
            reference_answer=question.model_answer,
            key_points=list(question.key_points),
            question_type=question.type,
            time_limit_seconds=question.time_limit_seconds,
            verdicts=known,
        )
    )
    return follow_ups.analysis_from_result(result, verdicts)


def key_point_verdicts(session: Session, answer: Answer, inp: ScoringInput) -> KeyPointVerdicts | None:
    """The answer's key-point verdicts for the scorer's input: the stored ones, else matched now and stored.

    Whichever needs them first, the follow-up decision or the score, matches the key points (offline engine);
    the other reads them, so both see the same verdicts. None when matching fails (the engine tries again).
    """
    known = KeyPointVerdicts.from_dict(answer.key_point_verdicts)
    if known is not None and known.fits(inp):
        return known
    try:
        made = offline.verdicts(inp)
    except Exception:  # the engine scores without them and reports its own failure
        log.exception("key-point matching failed for answer %s", answer.id)
        return None
    answer.key_point_verdicts = made.to_dict()
    session.add(answer)
    return made


def missed_key_points(question: Question, answer: str) -> list[str]:
    """Key points the answer does not cover, by the offline engine."""
    return [k.point for k in analyse_answer(question, answer).key_points if not k.covered]


def asked_question(question: Question) -> follow_ups.AskedQuestion:
    """A bank question as the follow-up planner sees it."""
    return follow_ups.AskedQuestion(
        prompt=question.prompt,
        type=question.type,
        key_points=tuple(question.key_points),
        follow_ups=tuple(question.follow_ups),
    )


def llm_follow_up(prompt: str, answer: str, missed: list[str]) -> str | None:
    """A generated follow-up from the LLM, or None when it is not configured or fails."""
    if not get_settings().llm_enabled:
        return None
    try:
        # Imported here: the LLM client (openai) takes most of a second to load and only this call needs it.
        from interview_app.services.scoring import llm

        # The candidate is waiting for the next question: give the endpoint less time than for scoring.
        return llm.generate_follow_up(prompt, answer, missed, client=llm.make_client(timeout=FOLLOW_UP_TIMEOUT))
    except Exception as exc:  # any failure falls back to the planned follow-up
        log.warning("generated follow-up failed, using the planned one: %s", exc)
        return None


# ---------------------------------------------------------------- scoring and results


def _speech_of(answer: Answer) -> dict[str, Any]:
    """The speaking metrics the scorer sees (not the streaming bookkeeping); none for a typed answer."""
    return {k: v for k, v in answer.metrics.items() if k != "stream"} if answer.mode != "text" else {}


def _scoring_input(session: Session, answer: Answer, sq: SessionQuestion) -> ScoringInput:
    """What the scorer is given for an answer: question, reference, key points, text and speaking metrics."""
    question = session.get(Question, sq.question_id) if sq.question_id else None
    interview = session.get(InterviewSession, sq.session_id)
    inp = ScoringInput(
        question=sq.prompt,
        answer=answer.text or answer.transcript,
        reference_answer=question.model_answer if question and sq.kind == "main" else "",
        key_points=list(question.key_points) if question and sq.kind == "main" else [],
        question_type=question.type if question else "behavioural",
        time_limit_seconds=sq.time_limit_seconds,
        duration_seconds=answer.duration_seconds,
        role=interview.role_slug or "" if interview else "",
        competencies=list(question.competencies) if question else [],
        speech=_speech_of(answer),
        lang=interview.language if interview else "en",
    )
    if sq.kind == "main" and question is not None:
        inp.verdicts = key_point_verdicts(session, answer, inp)
    if sq.kind == "follow_up" and question is not None:
        # A follow-up is judged on its own key points, with the model-answer sentences that speak to them.
        points = list(sq.key_points) or missed_key_points(question, _parent_text(session, sq))  # older rows
        points = points or list(question.key_points)
        inp.key_points = points
        whole = set(points) >= set(question.key_points)
        inp.reference_answer = (
            question.model_answer if whole else follow_ups.relevant_reference(question.model_answer, points)
        )
    return inp


def write_feedback(
    session: Session, answer_id: int, scorer: Callable[[ScoringInput], ScoreResult] | None = None
) -> Feedback | None:
    """Score one answer and store its feedback (idempotent: an already scored answer is left alone)."""
    answer = session.get(Answer, answer_id)
    if answer is None or answer.status == AnswerStatus.SCORED:
        return None
    sq = session.get(SessionQuestion, answer.session_question_id)
    if sq is None:
        return None
    question = session.get(Question, sq.question_id) if sq.question_id else None
    interview = session.get(InterviewSession, sq.session_id)
    text = answer.text or answer.transcript
    inp = _scoring_input(session, answer, sq)
    content: ScoreResult | None = None
    if scorer is None:
        refusal = _llm_refusal(session, answer.user_id, inp.lang)
        # What the input and the LLM counter wrote is stored now: the scoring takes hundreds of milliseconds of
        # CPU, or seconds waiting for the LLM, and SQLite's one write lock must not be held meanwhile.
        session.commit()
        content = engine.score_content(inp) if refusal is None else engine.built_in_instead(inp, refusal)
        # The content score is kept for a recorded answer, so the delivery share can be folded in again
        # when the filler count is refined after the score is shown, without asking the LLM twice.
        result = delivery.apply(copy.deepcopy(content), inp)
    else:
        result = scorer(inp)
    feedback = session.exec(select(Feedback).where(Feedback.answer_id == answer_id)).first() or Feedback(
        answer_id=answer_id, user_id=answer.user_id, total=0, engine="", rubric_version=""
    )
    feedback.total = result.total
    feedback.dimensions = dict(result.dimensions)
    feedback.result = result.to_dict()
    if content is not None and inp.speech:
        feedback.result["before_delivery"] = content.to_dict()
    feedback.engine, feedback.model, feedback.rubric_version = result.engine, result.model, result.rubric_version
    answer.status, answer.scored_at, answer.last_error = AnswerStatus.SCORED, utcnow(), ""
    session.add_all([feedback, answer])
    session.flush()
    if question is not None and sq.kind == "main" and text.strip():
        # Key points the answer missed come back as review cards in the daily trainer.
        quiz.add_missed_points(
            session,
            user_id=answer.user_id,
            question_id=question.id,
            session_id=sq.session_id,
            answer_id=answer.id,
            missed=[k.point for k in result.key_points if not k.covered],
        )
    if interview is not None and interview.status in ENDED:
        summarise(session, interview)
    return feedback


def _llm_refusal(session: Session, user_id: int, lang: str = "en") -> str | None:
    """None when the configured engine may score the answer (an AI reviewer call is counted), else why not.

    Over LLM_SCORING_PER_MINUTE, or the plan's AI-scored answers a month, the answer is scored now by the
    built-in scorer, and the feedback says why (the returned message), rather than made to wait.
    """
    if engine.uses_llm():
        try:
            limits.check(session, user_id, limits.LLM_ANSWERS_PER_MONTH)
            limits.take(session, user_id, limits.LLM_SCORING_PER_MINUTE)
        except limits.LimitExceeded as exc:
            log.info("LLM scoring limit reached for user %s (%s); scoring offline", user_id, exc)
            return exc.message(lang)
    return None


def _parent_text(session: Session, sq: SessionQuestion) -> str:
    if sq.parent_id is None:
        return ""
    parent_answer = session.exec(select(Answer).where(Answer.session_question_id == sq.parent_id)).first()
    return (parent_answer.text or parent_answer.transcript) if parent_answer else ""


def refresh_delivery(session: Session, answer_id: int) -> Feedback | None:
    """Fold the answer's current speaking metrics into its score again (after the filler count is refined).

    Only the delivery share of the structure score and the delivery comments change; the content score kept
    at scoring time is reused, so no LLM is asked again. None when there is nothing to refresh.
    """
    answer = session.get(Answer, answer_id)
    sq = session.get(SessionQuestion, answer.session_question_id) if answer else None
    feedback = session.exec(select(Feedback).where(Feedback.answer_id == answer_id)).first()
    if answer is None or sq is None or feedback is None or answer.status != AnswerStatus.SCORED:
        return None
    before = feedback.result.get("before_delivery")
    if not before:
        return None
    # Delivery reads only the transcript and the speaking metrics: no key points are matched again.
    interview = session.get(InterviewSession, sq.session_id)
    spoken = ScoringInput(
        question=sq.prompt,
        answer=answer.text or answer.transcript,
        speech=_speech_of(answer),
        lang=interview.language if interview else "en",
    )
    result = delivery.apply(ScoreResult.from_dict(before), spoken)
    feedback.total, feedback.dimensions = result.total, dict(result.dimensions)
    feedback.result = {**result.to_dict(), "before_delivery": before}
    session.add(feedback)
    session.flush()
    return feedback


def summarise_answer_session(session: Session, answer_id: int) -> None:
    """Sum up the session an answer belongs to, if it has ended and every answer is scored."""
    answer = session.get(Answer, answer_id)
    sq = session.get(SessionQuestion, answer.session_question_id) if answer else None
    interview = session.get(InterviewSession, sq.session_id) if sq else None
    if interview is not None and interview.status in ENDED:
        summarise(session, interview)


def summarise(session: Session, interview: InterviewSession) -> None:
    """Overall score, dimension breakdown and recommendations, once every answer is scored.

    A question counts once, its follow-up folded in by `follow_ups.combined_score`: the main answer's score,
    raised by what the follow-up added on the key points it asked about, never lowered by it.
    """
    sqs = questions_of(session, interview.id or 0)
    answers = {
        a.session_question_id: a
        for a in session.exec(select(Answer).where(col(Answer.session_question_id).in_([s.id for s in sqs]))).all()
    }
    if any(a.status not in lifecycle.DONE for a in answers.values()):
        return  # still being transcribed or scored (a failed answer counts as unanswered)
    feedback = {
        f.answer_id: f
        for f in session.exec(
            select(Feedback).where(col(Feedback.answer_id).in_([a.id for a in answers.values()]))
        ).all()
    }

    def feedback_of(sq: SessionQuestion) -> Feedback | None:
        answer = answers.get(sq.id or 0)
        return feedback.get(answer.id or 0) if answer else None

    follow_of = {sq.parent_id: sq for sq in sqs if sq.kind == "follow_up" and sq.parent_id is not None}
    totals: list[float] = []
    per_question: dict[str, int] = {}
    dims: dict[str, list[float]] = {d: [] for d in DIMENSIONS}
    by_competency: dict[str, list[float]] = {}
    missed: list[str] = []
    skipped = 0
    checklist_gaps: dict[str, int] = {}
    spoken = [
        a.metrics
        for a in answers.values()
        if a.mode != "text" and a.metrics.get("word_count") and feedback.get(a.id or 0)
    ]
    for sq in sqs:
        if sq.kind != "main":
            continue
        fb, follow = feedback_of(sq), follow_of.get(sq.id or 0)
        follow_fb = feedback_of(follow) if follow is not None else None
        if fb is None and follow_fb is None:
            skipped += 1
            totals.append(0.0)
            continue
        question = session.get(Question, sq.question_id) if sq.question_id else None
        share = follow_ups.follow_up_share(follow.key_points if follow else [], question.key_points if question else [])
        main_total = float(fb.total) if fb else 0.0
        total = follow_ups.combined_score(main_total, float(follow_fb.total) if follow_fb else None, share)
        totals.append(total)
        per_question[str(sq.id)] = round(total)
        for d in DIMENSIONS:
            main_dim = float(fb.dimensions.get(d, 0)) if fb else 0.0
            follow_dim = float(follow_fb.dimensions.get(d, 0)) if follow_fb else None
            dims[d].append(follow_ups.combined_score(main_dim, follow_dim, share))
        for comp in question.competencies if question else []:
            by_competency.setdefault(comp, []).append(total)
        later = follow_fb.result.get("key_points", []) if follow_fb else []
        covered_later = {k["point"] for k in later if k.get("covered")}
        result = fb.result if fb else {}
        missed += [
            k["point"] for k in result.get("key_points", []) if not k.get("covered") and k["point"] not in covered_later
        ]
        for item, ok in result.get("checklist", {}).items():
            if not ok:
                checklist_gaps[item] = checklist_gaps.get(item, 0) + 1
    interview.overall_score = round(sum(totals) / len(totals)) if totals else 0
    interview.breakdown = {
        "dimensions": {d: round(sum(v) / len(v), 1) if v else 0 for d, v in dims.items()},
        "competencies": {c: round(sum(v) / len(v)) for c, v in sorted(by_competency.items())},
        "questions": per_question,
        "answered": len([a for a in answers.values()]),
        "skipped": skipped,
    }
    if spoken:
        interview.breakdown["speech"] = speech_summary(spoken)
    interview.recommendations = recommendations(
        interview.breakdown, checklist_gaps, missed, skipped, interview.language
    )
    session.add(interview)
    session.flush()
    analytics.refresh_user_stats(session, interview.user_id)


def speech_summary(metrics: list[dict[str, Any]]) -> dict[str, float]:
    """Average pace, fillers and pauses per minute over a session's spoken answers."""
    minutes = [max(m.get("duration", 0) or 0, 1) / 60 for m in metrics]

    def mean(values: list[float]) -> float:
        return round(sum(values) / len(values), 1) if values else 0.0

    return {
        "answers": len(metrics),
        "wpm": mean([float(m.get("wpm", 0) or 0) for m in metrics]),
        "fillers_per_minute": mean([float(m.get("fillers", {}).get("per_minute", 0) or 0) for m in metrics]),
        "pauses_per_minute": mean(
            [float(m.get("pauses", {}).get("count", 0) or 0) / mins for m, mins in zip(metrics, minutes, strict=True)]
        ),
    }


def recommendations(
    breakdown: dict[str, Any], gaps: dict[str, int], missed: list[str], skipped: int, lang: str = "en"
) -> list[str]:
    """Three to five concrete things to practise next, weakest first, written in the interview's language."""
    out: list[str] = []
    dims = breakdown.get("dimensions", {})
    for dim, _ in sorted(dims.items(), key=lambda kv: kv[1])[:2]:
        if dims[dim] < 20 and dim in keys.SCORE_ADVICE:
            out.append(t(keys.SCORE_ADVICE[dim], lang))
    for item, _ in sorted(gaps.items(), key=lambda kv: -kv[1])[:2]:
        advice = t(keys.SCORE_ADVICE[item], lang) if item in keys.SCORE_ADVICE else None
        if advice and advice not in out:
            out.append(advice)
    comps = breakdown.get("competencies", {})
    if comps:
        weakest = min(comps.items(), key=lambda kv: kv[1])
        if weakest[1] < 70:
            label = t(keys.COMPETENCY[weakest[0]], lang) if weakest[0] in keys.COMPETENCY else weakest[0]
            out.append(t("score.advice.competency", lang, competency=label.lower()))
    if skipped:
        out.append(t("score.advice.skipped", lang))
    if missed and len(out) < 5:
        out.append(t("score.advice.missed_point", lang, point=missed[0].rstrip(".")))
    if not out:
        out.append(t("score.advice.strong", lang))
    return out[:5]


def delete_session(session: Session, user_id: int, session_id: int, media_root: Path | None = None) -> None:
    """Delete a session with its answers, feedback and recorded media."""
    interview = owned_session(session, user_id, session_id)
    sqs = questions_of(session, interview.id or 0)
    answers = list(session.exec(select(Answer).where(col(Answer.session_question_id).in_([s.id for s in sqs]))).all())
    root = media_root or (get_settings().data_dir / "media")
    for answer in answers:
        if answer.media_path:
            path = (root / answer.media_path).resolve()
            if path.is_relative_to(root.resolve()):
                after_commit(session, lambda p=path: p.unlink(missing_ok=True))
    answer_ids = [a.id for a in answers]
    sq_ids = [s.id for s in sqs]
    session.exec(delete(Feedback).where(col(Feedback.answer_id).in_(answer_ids)))  # type: ignore[call-overload]
    session.exec(delete(Answer).where(col(Answer.id).in_(answer_ids)))  # type: ignore[call-overload]
    session.exec(
        delete(SessionQuestion).where(col(SessionQuestion.id).in_(sq_ids), col(SessionQuestion.kind) == "follow_up")
    )  # type: ignore[call-overload]
    session.exec(delete(SessionQuestion).where(col(SessionQuestion.id).in_(sq_ids)))  # type: ignore[call-overload]
    session.exec(delete(InterviewSession).where(col(InterviewSession.id) == interview.id))  # type: ignore[call-overload]
    session.expunge_all()


def history(session: Session, user_id: int, status: str = "", interview_type: str = "") -> list[InterviewSession]:
    """The user's sessions, newest first, optionally filtered."""
    query = select(InterviewSession).where(InterviewSession.user_id == user_id)
    if status in STATUSES:
        query = query.where(InterviewSession.status == status)
    if interview_type in INTERVIEW_TYPES:
        query = query.where(InterviewSession.interview_type == interview_type)
    return list(session.exec(query.order_by(col(InterviewSession.started_at).desc())).all())
