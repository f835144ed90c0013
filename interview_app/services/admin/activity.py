"""What is happening across the platform: recent interviews and quizzes, failed answers and failed jobs.

A failed answer is one whose transcription or scoring ran out of attempts (`AnswerStatus.FAILED`);
`retry_answer` gives it a fresh set of attempts and says which job to queue (the caller queues it after
the commit, so the job sees the reset row).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from interview_app.clock import utcnow
from interview_app.models import (
    Answer,
    Feedback,
    InterviewSession,
    JobRun,
    QuizAttempt,
    SessionQuestion,
    Topic,
    User,
)
from interview_app.services.answers import lifecycle
from interview_app.services.answers.lifecycle import AnswerStatus
from interview_app.services.shared import audit

SESSION_STATUSES = ("in_progress", "completed", "abandoned")
MODES = ("text", "audio", "video")
MAX_PAGE = 100


class ActivityError(ValueError):
    """An activity action that cannot be done; `code` is a strings key under "admin.error."."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class InterviewRow:
    """One interview session across users, with how its answers were scored."""

    session: InterviewSession
    user_name: str
    user_email: str
    answers: int = 0
    failed: int = 0
    engines: dict[str, int] = field(default_factory=dict)
    fallbacks: int = 0


def recent_interviews(
    session: Session,
    *,
    status: str = "",
    mode: str = "",
    days: int = 30,
    limit: int = 25,
    offset: int = 0,
    now: datetime | None = None,
) -> tuple[list[InterviewRow], int]:
    """Interviews started in the last `days`, newest first, with answer, failure and engine counts."""
    since = (now or utcnow()) - timedelta(days=max(1, days))
    query = select(InterviewSession).where(col(InterviewSession.started_at) >= since)
    if status in SESSION_STATUSES:
        query = query.where(InterviewSession.status == status)
    if mode in MODES:
        query = query.where(InterviewSession.answer_mode == mode)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    found = session.exec(
        query.order_by(col(InterviewSession.started_at).desc()).limit(min(limit, MAX_PAGE)).offset(offset)
    ).all()
    users = {u.id: u for u in session.exec(select(User).where(col(User.id).in_({s.user_id for s in found}))).all()}
    rows: dict[int, InterviewRow] = {}
    for s in found:
        user = users.get(s.user_id)
        rows[s.id or 0] = InterviewRow(s, user.name if user else "", user.email if user else "")
    if rows:
        answers = session.exec(
            select(SessionQuestion.session_id, Answer.status, Feedback.engine, Feedback.result)
            .join(Answer, col(Answer.session_question_id) == col(SessionQuestion.id))
            .join(Feedback, col(Feedback.answer_id) == col(Answer.id), isouter=True)
            .where(col(SessionQuestion.session_id).in_(list(rows)))
        ).all()
        for session_id, answer_status, engine, result in answers:
            row = rows[session_id]
            row.answers += 1
            row.failed += 1 if answer_status == AnswerStatus.FAILED else 0
            if engine:
                row.engines[engine] = row.engines.get(engine, 0) + 1
            if result and "llm_fallback" in (result.get("flags") or []):
                row.fallbacks += 1
    return list(rows.values()), int(total)


@dataclass(frozen=True)
class QuizRow:
    """One quiz across users."""

    attempt: QuizAttempt
    user_name: str
    user_email: str
    topic: str


def recent_quizzes(
    session: Session, *, days: int = 30, limit: int = 25, offset: int = 0, now: datetime | None = None
) -> tuple[list[QuizRow], int]:
    """Quizzes built in the last `days`, newest first."""
    since = (now or utcnow()) - timedelta(days=max(1, days))
    query = select(QuizAttempt).where(col(QuizAttempt.created_at) >= since)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    found = session.exec(
        query.order_by(col(QuizAttempt.created_at).desc()).limit(min(limit, MAX_PAGE)).offset(offset)
    ).all()
    users = {u.id: u for u in session.exec(select(User).where(col(User.id).in_({a.user_id for a in found}))).all()}
    topics = {
        t.id: t.name for t in session.exec(select(Topic).where(col(Topic.id).in_({a.topic_id for a in found}))).all()
    }
    return [
        QuizRow(
            a,
            users[a.user_id].name if a.user_id in users else "",
            users[a.user_id].email if a.user_id in users else "",
            topics.get(a.topic_id, "") if a.topic_id else "",
        )
        for a in found
    ], int(total)


@dataclass(frozen=True)
class FailedAnswer:
    """An answer whose transcription or scoring gave up, with its error."""

    answer: Answer
    session_id: int
    position: int
    prompt: str
    user_name: str
    user_email: str

    @property
    def stage(self) -> str:
        """Either "transcription" (no transcript was made) or "scoring"."""
        if self.answer.mode != "text" and self.answer.transcribed_at is None:
            return "transcription"
        return "scoring"


def failed_answers(session: Session, *, limit: int = 50) -> list[FailedAnswer]:
    """Failed answers, newest first."""
    rows = session.exec(
        select(Answer, SessionQuestion, User.name, User.email)
        .join(SessionQuestion, col(SessionQuestion.id) == col(Answer.session_question_id))
        .join(User, col(User.id) == col(Answer.user_id))
        .where(Answer.status == AnswerStatus.FAILED)
        .order_by(col(Answer.submitted_at).desc())
        .limit(limit)
    ).all()
    return [FailedAnswer(a, sq.session_id, sq.position, sq.prompt, name, email) for a, sq, name, email in rows]


def failed_jobs(session: Session, *, days: int = 7, limit: int = 50, now: datetime | None = None) -> list[JobRun]:
    """Background job runs that raised, newest first."""
    since = (now or utcnow()) - timedelta(days=days)
    return list(
        session.exec(
            select(JobRun)
            .where(JobRun.ok == False, col(JobRun.started_at) >= since)  # noqa: E712
            .order_by(col(JobRun.started_at).desc())
            .limit(limit)
        ).all()
    )


def retry_answer(session: Session, admin: User, answer_id: int, ip: str = "") -> tuple[str, tuple[object, ...]]:
    """Give a failed answer new attempts; returns the job to queue as (task name, args).

    A recording without a transcript is transcribed again (if the recording is still kept); anything else
    is scored again from its text or transcript.

    Raises:
        ActivityError: `answer_not_found`, `answer_not_failed` or `recording_gone`.

    """
    answer = session.get(Answer, answer_id)
    if answer is None:
        raise ActivityError("answer_not_found")
    if answer.status != AnswerStatus.FAILED:
        raise ActivityError("answer_not_failed")
    needs_transcript = lifecycle.needs_transcript(answer)
    if needs_transcript and (not answer.media_path or answer.media_deleted_at is not None):
        raise ActivityError("recording_gone")
    previous = answer.last_error
    job = lifecycle.retry(answer, waiting=AnswerStatus.SUBMITTED)
    session.add(answer)
    audit.record(
        session,
        "answer.retried",
        actor_user_id=admin.id,
        subject_user_id=answer.user_id,
        ip=ip,
        answer_id=answer_id,
        stage="transcription" if needs_transcript else "scoring",
        error=previous[:200],
    )
    session.flush()
    return job


def counts(session: Session, now: datetime | None = None) -> dict[str, int]:
    """Totals for the admin overview: interviews today, failed answers, failed jobs this week."""
    now = now or utcnow()
    today = session.exec(select(func.count()).where(col(InterviewSession.started_at) >= now - timedelta(days=1))).one()
    failed = session.exec(select(func.count()).where(Answer.status == AnswerStatus.FAILED)).one()
    jobs = session.exec(
        select(func.count()).where(JobRun.ok == False, col(JobRun.started_at) >= now - timedelta(days=7))  # noqa: E712
    ).one()
    return {"interviews_today": int(today), "failed_answers": int(failed), "failed_jobs": int(jobs)}


def engine_summary(rows: list[InterviewRow]) -> dict[str, int]:
    """Answers per scoring engine over some interview rows (for the page's summary line)."""
    total: dict[str, int] = defaultdict(int)
    for row in rows:
        for engine, n in row.engines.items():
            total[engine] += n
        total["fallback"] += row.fallbacks
    return dict(total)


# Recordings whose audio may still wait for the transcriber.
_TRANSCRIBING = (AnswerStatus.RECORDING, *lifecycle.AWAITING_TRANSCRIPTION)


@dataclass(frozen=True)
class TranscriptionBacklog:
    """Audio received and not yet transcribed, over every recording in flight."""

    answers: int  # recordings with audio waiting
    seconds: float  # seconds of that audio


def transcription_backlog(session: Session) -> TranscriptionBacklog:
    """How far the transcriber is behind, summed over the recordings in flight (for /metrics)."""
    waiting = col(Answer.media_seconds) - col(Answer.transcribed_seconds)
    row = session.exec(
        select(func.count(), func.coalesce(func.sum(waiting), 0.0))
        .where(col(Answer.status).in_(_TRANSCRIBING))
        .where(col(Answer.media_seconds) > col(Answer.transcribed_seconds))
    ).one()
    return TranscriptionBacklog(answers=int(row[0] or 0), seconds=float(row[1] or 0.0))
