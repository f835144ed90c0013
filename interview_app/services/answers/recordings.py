"""Voice and video answers: pieces uploaded while the candidate speaks, checked, stored and handed on.

The browser records with MediaRecorder and sends a piece every few seconds over HTTP (`api/media.py`).
Every piece is checked here: the signed-in owner of the session and question, the question is the current
one, pieces arrive in order (a piece sent twice is acknowledged, not stored twice, so an interrupted upload
resumes), size limits per piece and per answer, and the content is decoded: the stored recording plus the
new piece must decode to more audio than before, otherwise the piece is refused and cut off again.
Recordings are stored under generated names (`storage.new_key`).

Answer status for recordings: recording -> uploaded -> transcribing -> scoring -> scored, or failed
(`lifecycle.py`). Transcription steps are queued by name through `interview_app.background`.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlmodel import Session, col, select

from interview_app import background, db
from interview_app.clock import utcnow
from interview_app.db import after_commit
from interview_app.models import Answer, InterviewSession, SessionQuestion
from interview_app.services.answers import lifecycle
from interview_app.services.answers.lifecycle import AnswerStatus
from interview_app.services.answers.storage import Storage, get_storage, new_key
from interview_app.services.interviews import interviews
from interview_app.services.interviews.interviews import Enqueue, InterviewError
from interview_app.settings import get_settings
from interview_app.speech.audio import NotAudio, probe_file
from interview_app.speech.transcribe import MIN_TRANSCRIBED_SECONDS

MAX_PIECES = 100_000  # pieces of one recording (a piece every few seconds: far beyond the 15-minute limit)
RETENTION_CHOICES = (7, 30, 90, None)  # days; None keeps recordings until the session is deleted
_SMALL_PIECE = 512  # a trailing piece this small may hold no audio frame (container cues only)
_locks: defaultdict[int, threading.Lock] = defaultdict(threading.Lock)


@dataclass
class PieceAck:
    """What the browser learns after a piece: how many pieces are stored and how much audio they hold."""

    answer_id: int
    received: int
    bytes: int
    seconds: float
    media_type: str


def recording_of(session: Session, sq_id: int) -> Answer | None:
    """The answer row of a question (typed or recorded), if any."""
    return session.exec(select(Answer).where(Answer.session_question_id == sq_id)).first()


def held_pieces(session: Session, user_id: int, sq_id: int) -> int:
    """How many pieces of the user's own recording for question `sq_id` the server holds (0 for anyone else's)."""
    answer = session.exec(select(Answer).where(Answer.session_question_id == sq_id, Answer.user_id == user_id)).first()
    return answer.media_pieces if answer is not None else 0


def _check_question(session: Session, user_id: int, sq_id: int) -> tuple[InterviewSession, SessionQuestion]:
    interview, sq = interviews.owned_question(session, user_id, sq_id)
    interviews.require_current(interview, sq)
    if interview.paused_at is not None:
        raise InterviewError("paused")
    if interview.answer_mode not in ("audio", "video"):
        raise InterviewError("not_spoken")
    return interview, sq


def receive_piece(
    session: Session,
    user_id: int,
    sq_id: int,
    seq: int,
    data: bytes,
    *,
    storage: Storage | None = None,
    enqueue: Enqueue | None = None,
    last: bool = False,
) -> PieceAck:
    """Store piece number `seq` (0, 1, 2, ...) of the recording for question `sq_id`.

    `last` says the candidate stopped recording and this is the final piece: the rest of the recording is
    transcribed at once, so the transcript is ready (or nearly) by the time the answer is handed in.
    """
    settings = get_settings()
    storage = storage or get_storage()
    interview, sq = _check_question(session, user_id, sq_id)
    if not 0 <= seq < MAX_PIECES:
        raise InterviewError("out_of_order")
    if not data:
        raise InterviewError("empty_piece")
    if len(data) > settings.media_piece_max_bytes:
        raise InterviewError("piece_too_large")
    answer = recording_of(session, sq.id or 0)
    if answer is not None and answer.status != AnswerStatus.RECORDING:
        raise InterviewError("already_answered")
    if answer is None:
        if seq != 0:
            raise InterviewError("out_of_order")
        answer = Answer(
            session_question_id=sq.id or 0,
            user_id=user_id,
            mode=interview.answer_mode,
            status=AnswerStatus.RECORDING,
            media_path=new_key(user_id),
        )
        session.add(answer)
        session.flush()
    assert answer.id is not None and answer.media_path
    with _locks[answer.id]:
        if seq < answer.media_pieces:  # sent again after a lost reply: already stored
            return _ack(answer)
        if seq > answer.media_pieces:
            raise InterviewError("out_of_order")
        if answer.media_bytes + len(data) > settings.media_answer_max_bytes:
            raise InterviewError("recording_too_large")
        key = answer.media_path
        before = storage.size(key)
        if before != answer.media_bytes:  # a piece whose row was never committed: drop its bytes
            storage.truncate(key, answer.media_bytes)
            before = answer.media_bytes
        storage.append(key, data)

        def refuse(code: str) -> InterviewError:
            if before == 0:
                storage.delete(key)
            else:
                storage.truncate(key, before)
            return InterviewError(code)

        try:
            found = probe_file(storage.local_path(key))
        except NotAudio:
            raise refuse("not_audio") from None
        seconds = round(found.seconds, 3)
        grew = seconds > round(answer.media_seconds, 3)
        if seq > 0 and not grew and len(data) >= _SMALL_PIECE:
            raise refuse("not_audio")
        if seq > 0 and answer.media_type and found.media_type.split("/")[1] != answer.media_type.split("/")[1]:
            raise refuse("not_audio")
        if found.seconds > settings.media_answer_max_seconds:
            raise refuse("recording_too_long")
        if seq > 0 and not grew:
            # A tiny closing piece with no audio in it (container bookkeeping): counted, not kept.
            storage.truncate(key, before)
            answer.media_pieces = seq + 1
            session.add(answer)
            session.flush()
            _transcribe_next(session, answer, last, enqueue)
            return _ack(answer)
        answer.media_pieces = seq + 1
        answer.media_bytes = before + len(data)
        answer.media_seconds = seconds
        if not answer.media_type or found.media_type.startswith("video"):
            answer.media_type = found.media_type
        session.add(answer)
        session.flush()
    _transcribe_next(session, answer, last, enqueue)
    return _ack(answer)


def _transcribe_next(session: Session, answer: Answer, last: bool, enqueue: Enqueue | None) -> None:
    """After a stored piece: the rest of a stopped recording, or the next stretch once enough is new."""
    answer_id, untranscribed = answer.id or 0, answer.media_seconds - answer.transcribed_seconds
    if last and untranscribed >= MIN_TRANSCRIBED_SECONDS:
        after_commit(session, lambda: (enqueue or background.enqueue)(background.TRANSCRIBE_REST, answer_id))
    elif not last and untranscribed >= get_settings().stream_min_seconds:
        after_commit(session, lambda: (enqueue or background.enqueue)(background.TRANSCRIBE_ANSWER, answer_id, False))


def _ack(answer: Answer) -> PieceAck:
    return PieceAck(
        answer_id=answer.id or 0,
        received=answer.media_pieces,
        bytes=answer.media_bytes,
        seconds=answer.media_seconds,
        media_type=answer.media_type,
    )


def progress_mark(user_id: int, sq_id: int) -> tuple[Any, ...] | None:
    """What changes with each step of the user's recorded answer: status, transcript, score, filler check.

    Read cheaply, so a page can watch for the next step; None once the answer row is gone (or is not theirs).
    """
    with db.session_scope() as session:
        row = session.exec(
            select(Answer.status, Answer.transcribed_seconds, Answer.scored_at, Answer.metrics).where(
                Answer.session_question_id == sq_id, Answer.user_id == user_id
            )
        ).first()
    if row is None:
        return None
    status_, seconds, scored_at, metrics = row
    checking = bool(((metrics or {}).get("fillers") or {}).get("checking"))
    return status_, seconds, scored_at, checking


def status(session: Session, user_id: int, sq_id: int) -> PieceAck | None:
    """How much of a recording the server holds (to resume an interrupted upload)."""
    interviews.owned_question(session, user_id, sq_id)
    answer = recording_of(session, sq_id)
    return _ack(answer) if answer is not None and answer.media_path else None


def discard(session: Session, user_id: int, sq_id: int, storage: Storage | None = None) -> None:
    """Throw away a recording that was not handed in (re-record), or one in which no speech was heard."""
    interview, sq = interviews.owned_question(session, user_id, sq_id)
    if interview.status != "in_progress" or sq.position != interview.current_position:
        raise InterviewError("not_current")
    answer = recording_of(session, sq_id)
    if answer is None:
        return
    no_speech = lifecycle.heard_no_speech(answer)
    if answer.status != AnswerStatus.RECORDING and not no_speech:
        raise InterviewError("already_answered")
    key = answer.media_path
    if no_speech:
        sq.status, sq.finished_at = "active", None
        sq.running_since = utcnow() if interview.paused_at is None else None
        session.add(sq)
    session.delete(answer)
    if key:
        store = storage or get_storage()
        after_commit(session, lambda: store.delete(key))


def hand_in(session: Session, user_id: int, sq_id: int, pieces: int, *, enqueue: Enqueue | None = None) -> Answer:
    """Hand in the recording: every piece must be stored; the clock stops and the transcription finishes."""
    interview, sq = interviews.owned_question(session, user_id, sq_id)
    if not 1 <= pieces <= MAX_PIECES:
        raise InterviewError("missing_pieces")
    answer = recording_of(session, sq_id)
    if answer is not None and answer.status != AnswerStatus.RECORDING and answer.media_pieces == pieces:
        return answer  # sent twice: already handed in
    interviews.require_current(interview, sq)
    if answer is None or answer.media_pieces == 0:
        raise InterviewError("no_recording")
    if pieces != answer.media_pieces:
        raise InterviewError("missing_pieces")
    if answer.media_seconds < 0.5:
        raise InterviewError("too_short")
    now = utcnow()
    interviews.stop_clock(sq, now)
    sq.status, sq.finished_at = "answered", now
    lifecycle.hand_in(session, answer, now)
    session.add(sq)
    answer_id = answer.id or 0
    after_commit(session, lambda: (enqueue or background.enqueue)(background.TRANSCRIBE_ANSWER, answer_id, True))
    return answer


def retry(session: Session, user_id: int, sq_id: int, *, enqueue: Enqueue | None = None) -> None:
    """Try a failed transcription or scoring again."""
    interviews.owned_question(session, user_id, sq_id)
    answer = recording_of(session, sq_id)
    if answer is None or answer.status != AnswerStatus.FAILED:
        return
    job, args = lifecycle.retry(answer)
    session.add(answer)
    after_commit(session, lambda: (enqueue or background.enqueue)(job, *args))


def continue_after(
    session: Session,
    user_id: int,
    sq_id: int,
    follow_up_writer: Any = None,
) -> interviews.SubmitOutcome:
    """Move on after a transcribed recording (a follow-up first when key points were missed)."""
    interview, sq = interviews.owned_question(session, user_id, sq_id)
    if interview.status != "in_progress":
        raise InterviewError("session_over")
    if sq.position != interview.current_position or sq.status != "answered":
        raise InterviewError("not_current")
    answer = recording_of(session, sq_id)
    if answer is None:
        raise InterviewError("no_recording")
    if answer.status in lifecycle.AWAITING_TRANSCRIPTION:
        raise InterviewError("still_transcribing")
    text = answer.transcript if answer.status != AnswerStatus.FAILED else ""
    return interviews.follow_up_and_advance(
        session, interview, sq, answer.id or 0, text, follow_up_writer if text else None, utcnow()
    )


def media_signature(answer_id: int, user_id: int, expires: int) -> str:
    """HMAC of a playback link's answer, owner and expiry (with the app's secret key)."""
    key = get_settings().secret_key.encode()
    return hmac.new(key, f"media:{answer_id}:{user_id}:{expires}".encode(), hashlib.sha256).hexdigest()[:32]


def media_url(answer_id: int, user_id: int, ttl_seconds: int = 6 * 3600) -> str:
    """A playback link for the owner's recording that stops working after `ttl_seconds`."""
    expires = int(time.time()) + ttl_seconds
    sig = media_signature(answer_id, user_id, expires)
    return f"/api/v1/recordings/media/{answer_id}?u={user_id}&e={expires}&s={sig}"


def purge_expired(session: Session, storage: Storage | None = None, now: Any = None) -> int:
    """Delete recordings past their owner's retention time (transcripts and scores stay)."""
    storage = storage or get_storage()
    now = now or utcnow()
    expired = session.exec(
        select(Answer).where(
            col(Answer.media_expires_at).is_not(None),
            col(Answer.media_expires_at) <= now,
            col(Answer.media_deleted_at).is_(None),
        )
    ).all()
    for answer in expired:
        if answer.media_path:
            key = answer.media_path
            after_commit(session, lambda k=key: storage.delete(k))
        answer.media_deleted_at = now
        session.add(answer)
    return len(expired)


def apply_retention(session: Session, user_id: int, days: int | None) -> None:
    """A new retention choice applies to recordings already kept, counted from when each was made."""
    answers = session.exec(
        select(Answer).where(
            Answer.user_id == user_id, col(Answer.media_path).is_not(None), col(Answer.media_deleted_at).is_(None)
        )
    ).all()
    for answer in answers:
        made = answer.recording_finished_at or answer.submitted_at
        answer.media_expires_at = made + timedelta(days=days) if days else None
        session.add(answer)
