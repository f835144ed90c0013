"""The life of an answer: its statuses, the attempt limit, and every change of status the background makes.

    typed:     submitted -> scoring -> scored
    recorded:  recording -> uploaded -> transcribing -> scoring -> scored

Either ends `failed` once a step has failed `MAX_ATTEMPTS` times, or at once when a recording holds no
speech. The answer row is the source of truth: every background step claims its row first (one more
attempt), so a queue message delivered twice is harmless, and answers left waiting by a crash or a lost
message are found again by the pending queries (`recover`). A candidate or an admin can `retry` a failed
answer with a fresh set of attempts.

The steps themselves live beside this module: `recordings.py` takes the pieces and hands the recording in,
`transcription.py` transcribes and measures it (with `speech/pipeline.py`), `feedback.py` scores it, and
`refinement.py` adds the local LLM's second opinion. `jobs/tasks.py` runs each by name in one line.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from enum import StrEnum

from sqlmodel import Session, col, select, update

from interview_app import background, db
from interview_app.clock import utcnow
from interview_app.models import Answer, Profile

log = logging.getLogger(__name__)


class AnswerStatus(StrEnum):
    """Where an answer is in its life (the values are what `answers.status` stores)."""

    RECORDING = "recording"  # pieces of a recording are arriving
    UPLOADED = "uploaded"  # handed in, waiting for its transcription
    TRANSCRIBING = "transcribing"
    SUBMITTED = "submitted"  # typed (or given back by an admin), waiting for its score
    SCORING = "scoring"
    SCORED = "scored"
    FAILED = "failed"


# A step that failed this often leaves the answer failed (a candidate or an admin may retry it).
MAX_ATTEMPTS = 3
# `last_error` of a recording in which no speech was heard (failed at once; the candidate records again).
NO_SPEECH = "no_speech"

AWAITING_TRANSCRIPTION = (AnswerStatus.UPLOADED, AnswerStatus.TRANSCRIBING)
AWAITING_SCORE = (AnswerStatus.SUBMITTED, AnswerStatus.SCORING)
DONE = (AnswerStatus.SCORED, AnswerStatus.FAILED)


def retention_days(session: Session, user_id: int) -> int | None:
    """The user's choice of how long recordings are kept (days; None keeps them)."""
    profile = session.get(Profile, user_id)
    return profile.recording_retention_days if profile is not None else 30


def hand_in(session: Session, answer: Answer, now: datetime) -> None:
    """A recording is handed in: it waits for its transcription, and its expiry counts from now."""
    days = retention_days(session, answer.user_id)
    answer.status = AnswerStatus.UPLOADED
    answer.recording_finished_at = now
    answer.duration_seconds = answer.media_seconds
    answer.media_expires_at = now + timedelta(days=days) if days else None
    session.add(answer)


def owner_of(answer_id: int) -> int | None:
    """The user whose answer this is (None when the row is gone): the job queue serves candidates in turn."""
    with db.session_scope() as session:
        return session.exec(select(Answer.user_id).where(Answer.id == answer_id)).first()


def recordings_in_flight(since_hours: int = 2) -> list[int]:
    """Recordings still being made (pieces stored, not handed in) that started within `since_hours`.

    Their streamed steps are queued again after a restart, so the transcript catches up before the hand-in.
    """
    query = select(Answer.id).where(
        Answer.status == AnswerStatus.RECORDING,
        Answer.media_pieces > 0,
        col(Answer.submitted_at) >= utcnow() - timedelta(hours=since_hours),
    )
    with db.session_scope() as session:
        return [r for r in session.exec(query).all() if r is not None]


def heard_no_speech(answer: Answer) -> bool:
    """True for a recording that failed because no speech was heard in it."""
    return answer.status == AnswerStatus.FAILED and answer.last_error == NO_SPEECH


def claim_for_transcription(answer_id: int) -> AnswerStatus | None:
    """Claim a handed-in recording for its transcription: one more attempt (again while SQLite is busy).

    Returns:
        TRANSCRIBING when it is to be transcribed (and then scored); SCORING when it was transcribed already
        and only its score failed (a retry goes straight to the score); None when there is nothing to do.

    """
    return db.retry_busy(lambda: _claim_for_transcription(answer_id))


def _claim_for_transcription(answer_id: int) -> AnswerStatus | None:
    with db.session_scope() as session:
        claimed = session.exec(  # type: ignore[call-overload]
            update(Answer)
            .where(col(Answer.id) == answer_id, col(Answer.status).in_(AWAITING_TRANSCRIPTION))
            .values(status=AnswerStatus.TRANSCRIBING, attempts=Answer.attempts + 1)
        )
        if claimed.rowcount:
            return AnswerStatus.TRANSCRIBING
        row = session.get(Answer, answer_id)
        if row is None or row.status != AnswerStatus.SCORING:
            return None
        row.attempts += 1
        session.add(row)
        return AnswerStatus.SCORING


def claim_for_scoring(answer_id: int) -> bool:
    """Claim an answer for its score (one more attempt); False when it is not waiting for one."""
    with db.session_scope() as session:
        claimed = session.exec(  # type: ignore[call-overload]
            update(Answer)
            .where(col(Answer.id) == answer_id, col(Answer.status).in_([*AWAITING_SCORE, AnswerStatus.FAILED]))
            .values(status=AnswerStatus.SCORING, attempts=Answer.attempts + 1)
        )
        return bool(claimed.rowcount)


def _out_of_attempts(answer: Answer) -> bool:
    return answer.attempts >= MAX_ATTEMPTS


def fail_transcription(answer_id: int, error: BaseException) -> None:
    """A transcription (or the score after it) failed: failed after the last attempt, else waiting again."""
    db.retry_busy(lambda: _fail_transcription(answer_id, error))


def _fail_transcription(answer_id: int, error: BaseException) -> None:
    with db.session_scope() as session:
        answer = session.get(Answer, answer_id)
        if answer is None or answer.status not in (AnswerStatus.TRANSCRIBING, AnswerStatus.SCORING):
            return
        if _out_of_attempts(answer):
            answer.status = AnswerStatus.FAILED
        elif answer.status == AnswerStatus.TRANSCRIBING:
            answer.status = AnswerStatus.UPLOADED
        answer.last_error = str(error)[:500]
        session.add(answer)


def fail_scoring(answer_id: int, error: BaseException) -> None:
    """A score failed: failed after the last attempt, else waiting for the next one."""
    with db.session_scope() as session:
        answer = session.get(Answer, answer_id)
        if answer is None:
            return
        answer.status = AnswerStatus.FAILED if _out_of_attempts(answer) else AnswerStatus.SUBMITTED
        answer.last_error = str(error)[:500]
        session.add(answer)


def needs_transcript(answer: Answer) -> bool:
    """True for a recording that has no transcript yet."""
    return answer.mode != "text" and answer.transcribed_at is None


def retry(answer: Answer, waiting: AnswerStatus = AnswerStatus.SCORING) -> tuple[str, tuple[object, ...]]:
    """Give a failed answer a fresh set of attempts; returns the job to queue after the commit (name, args).

    A recording without a transcript is transcribed again; anything else is scored again and waits as
    `waiting` (the candidate's retry shows "scoring" at once; an admin's puts it back as submitted).
    """
    answer.attempts, answer.last_error = 0, ""
    if needs_transcript(answer):
        answer.status = AnswerStatus.UPLOADED
        return background.TRANSCRIBE_ANSWER, (answer.id, True)
    answer.status = waiting
    return background.SCORE_ANSWER, (answer.id,)


def awaiting_transcription(older_than_minutes: int = 0) -> list[int]:
    """Handed-in recordings not transcribed yet with attempts left (optionally only ones handed in earlier)."""
    query = select(Answer.id).where(col(Answer.status).in_(AWAITING_TRANSCRIPTION), Answer.attempts < MAX_ATTEMPTS)
    if older_than_minutes:
        query = query.where(col(Answer.recording_finished_at) < utcnow() - timedelta(minutes=older_than_minutes))
    with db.session_scope() as session:
        return [r for r in session.exec(query).all() if r is not None]


def awaiting_score(older_than_minutes: int = 0) -> list[int]:
    """Answers waiting for a score (including ones left half-done by a crash), optionally only older ones."""
    query = select(Answer.id).where(col(Answer.status).in_(AWAITING_SCORE), Answer.attempts < MAX_ATTEMPTS)
    if older_than_minutes:
        query = query.where(col(Answer.submitted_at) < utcnow() - timedelta(minutes=older_than_minutes))
    with db.session_scope() as session:
        return [r for r in session.exec(query).all() if r is not None]


def recover(answer_ids: Iterable[int], step: Callable[[int], object], doing: str) -> int:
    """Run `step` on each answer left waiting; one that fails is logged and the others go on."""
    ids = list(answer_ids)
    for answer_id in ids:
        try:
            step(answer_id)
        except Exception:
            log.exception("%s answer %s failed", doing, answer_id)
    return len(ids)
