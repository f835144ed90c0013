"""Voice and video answers: pieces uploaded while the candidate speaks, checked, stored and handed on.

The browser records with MediaRecorder and sends a piece every few seconds over HTTP (`api/media.py`).
Accepting a piece is cheap and takes the same time whatever the answer's length: the signed-in owner of the
session and question, the question is the current one, pieces arrive in order (a piece sent twice is
acknowledged, not stored twice, so an interrupted upload resumes), size limits per piece and per answer,
and a first piece must start like a recording (WebM, Ogg, MP4, WAV, MP3); then it is appended and
acknowledged. Decoding happens in the background (`decode_pieces`, run by every streamed step): only the
audio new since the last step is decoded (`speech/chunks.py`); a recording that turns out not to be audio
is marked (`last_error`), its next piece is refused, and what was decoded before stays.
Recordings are stored under generated names (`storage.new_key`).

Answer status for recordings: recording -> uploaded -> transcribing -> scoring -> scored, or failed
(`lifecycle.py`). Transcription steps are queued by name through `interview_app.background`.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select, update

from interview_app import background, db
from interview_app.clock import utcnow
from interview_app.db import after_commit
from interview_app.models import Answer, InterviewSession, SessionQuestion
from interview_app.services.answers import lifecycle
from interview_app.services.answers.lifecycle import AnswerStatus
from interview_app.services.answers.storage import Storage, get_storage, new_key
from interview_app.services.interviews import interviews
from interview_app.services.interviews.interviews import Enqueue, InterviewError
from interview_app.services.shared import limits
from interview_app.services.shared.keyed_locks import KeyedLocks
from interview_app.settings import get_settings
from interview_app.speech import chunks
from interview_app.speech.audio import SAMPLE_RATE

MAX_PIECES = 100_000  # pieces of one recording (a piece every few seconds: far beyond the 15-minute limit)
RETENTION_CHOICES = (7, 30, 90, None)  # days; None keeps recordings until the session is deleted
_locks = KeyedLocks(reentrant=True)  # one piece of a question's recording at a time in this process (`piece_turn`)
log = logging.getLogger(__name__)


@dataclass
class PieceAck:
    """What the browser learns after a piece: pieces and audio stored, and how far the transcript reaches.

    The recorder shows "Transcribing, N s behind" from it while the candidate speaks (the audio it has sent
    less `transcribed_seconds`): no polling, the answer to each piece carries it.
    """

    answer_id: int
    received: int
    bytes: int
    seconds: float
    media_type: str
    transcribed_seconds: float = 0.0


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

    The checks only read; the bytes are appended (and synced to disk) before the first write to the database,
    so the one write of a piece (its row, in the caller's transaction) never holds SQLite's write lock while
    the disk is busy. A refused piece writes nothing. Bytes appended by an attempt whose row was never
    committed (a crash, a refused write) are cut off by the next attempt; a row that changed meanwhile (the
    same piece through another process) refuses this one as `out_of_order`, and the browser asks where to
    resume.
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
    with piece_turn(sq.id or 0):
        answer = recording_of(session, sq.id or 0)
        if answer is not None and answer.status != AnswerStatus.RECORDING:
            raise InterviewError("already_answered")
        if answer is None and seq != 0:
            raise InterviewError("out_of_order")
        if answer is not None and seq < answer.media_pieces:  # sent again after a lost reply: already stored
            return _ack(answer)
        held = answer.media_bytes if answer is not None else 0
        if answer is not None:
            if seq > answer.media_pieces:
                raise InterviewError("out_of_order")
            if answer.last_error in _DECODE_ERRORS:  # the background step found the recording unusable
                raise InterviewError(answer.last_error)
        if seq == 0 and not chunks.container_of(data[:16]):
            raise InterviewError("not_audio")
        if held + len(data) > settings.media_answer_max_bytes:
            raise InterviewError("recording_too_large")
        key = answer.media_path if answer is not None and answer.media_path else new_key(user_id)
        if storage.size(key) != held:  # a piece whose row was never committed: drop its bytes
            storage.truncate(key, held)
        storage.append(key, data)
        try:
            answer = _store_row(session, answer, sq.id or 0, user_id, interview.answer_mode, key, seq, len(data))
        except BaseException:
            if answer is None:
                storage.delete(key)  # no row points at it
            raise
    _decode_next(session, answer.id or 0, last, enqueue)
    return _ack(answer)


def piece_turn(sq_id: int) -> contextlib.AbstractContextManager[bool]:
    """One piece of a question's recording at a time in this process.

    The HTTP route holds it until its transaction is committed (the service takes it again inside), so a piece
    sent twice at once is stored once.
    """
    return _locks.holding(sq_id)


def _store_row(
    session: Session, answer: Answer | None, sq_id: int, user_id: int, mode: str, key: str, seq: int, size: int
) -> Answer:
    """The piece's row change in the caller's transaction: a new recording's row, or the counts moved on."""
    if answer is None:
        answer = Answer(
            session_question_id=sq_id,
            user_id=user_id,
            mode=mode,
            status=AnswerStatus.RECORDING,
            media_path=key,
            media_pieces=1,
            media_bytes=size,
        )
        session.add(answer)
        session.flush()
        return answer
    # Only if the row still says what the checks read (another process may have stored this piece meanwhile).
    moved = session.exec(  # type: ignore[call-overload]
        update(Answer)
        .where(col(Answer.id) == answer.id, col(Answer.media_pieces) == seq)
        .where(col(Answer.media_bytes) == answer.media_bytes, col(Answer.status) == AnswerStatus.RECORDING)
        .values(media_pieces=seq + 1, media_bytes=answer.media_bytes + size)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        raise InterviewError("out_of_order")
    set_committed_value(answer, "media_pieces", seq + 1)
    set_committed_value(answer, "media_bytes", answer.media_bytes + size)
    return answer


# What the background step (`decode_pieces`) marks on a recording it cannot take; later pieces are refused.
_DECODE_ERRORS = ("not_audio", "recording_too_long")


def _decode_next(session: Session, answer_id: int, last: bool, enqueue: Enqueue | None) -> None:
    """After a stored piece: its decoding (and the next stretch of transcript) in the background.

    A stopped recording transcribes the rest at once; otherwise the streamed step decodes the new audio
    and transcribes once enough is new (`transcription.stream`).
    """
    name, args = (
        (background.TRANSCRIBE_REST, (answer_id,)) if last else (background.TRANSCRIBE_ANSWER, (answer_id, False))
    )
    after_commit(session, lambda: (enqueue or background.enqueue)(name, *args))


def decode_pieces(answer_id: int, media_path: str, *, final: bool = False, storage: Storage | None = None) -> float:
    """The background half of a piece: decode only the audio that is new since the last step.

    Stores how much audio the recording holds on the row (`media_seconds`, `media_type`); a recording that
    turns out not to be audio (or runs past the time limit) is marked with `last_error` (the page shows it,
    the next piece is refused) and keeps what was decoded before. Returns the seconds decoded.
    """
    path = (storage or get_storage()).local_path(media_path)
    cursor = chunks.catch_up(path, final=final)
    seconds = round(cursor.samples / SAMPLE_RATE, 3)
    error = ""
    if cursor.error:
        error = "not_audio"
        log.warning("answer %s: %s", answer_id, cursor.error)
    elif seconds > get_settings().media_answer_max_seconds:
        error = "recording_too_long"

    def write() -> None:
        with db.session_scope() as session:
            values: dict[str, Any] = {"media_seconds": seconds}
            if cursor.media_type:
                values["media_type"] = cursor.media_type
            if error:
                values["last_error"] = error
            session.exec(  # type: ignore[call-overload]
                update(Answer)
                .where(col(Answer.id) == answer_id, col(Answer.media_path) == media_path)
                .where(col(Answer.status).in_((*lifecycle.AWAITING_TRANSCRIPTION, AnswerStatus.RECORDING)))
                .values(**values)
            )

    db.retry_busy(write)
    return seconds


def _ack(answer: Answer) -> PieceAck:
    return PieceAck(
        answer_id=answer.id or 0,
        received=answer.media_pieces,
        bytes=answer.media_bytes,
        seconds=answer.media_seconds,
        media_type=answer.media_type,
        transcribed_seconds=answer.transcribed_seconds,
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


def hand_in(
    session: Session,
    user_id: int,
    sq_id: int,
    pieces: int,
    *,
    enqueue: Enqueue | None = None,
    storage: Storage | None = None,
) -> Answer:
    """Hand in the recording: every piece must be stored; the clock stops and the transcription finishes.

    Raises:
        InterviewError: the recording cannot be handed in (see the code).
        limits.LimitExceeded: ANSWERS_PER_MINUTE answers were handed in within the last minute (the recording
            stays, to be handed in when the time is up).

    """
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
    limits.check(session, user_id, limits.ANSWERS_PER_MINUTE)
    # Only the tail the background has not decoded yet (the last piece or two): constant work.
    cursor = chunks.catch_up((storage or get_storage()).local_path(answer.media_path or ""), final=True)
    answer.media_seconds = round(cursor.samples / SAMPLE_RATE, 3)
    answer.media_type = cursor.media_type or answer.media_type
    if answer.media_seconds < 0.5:
        raise InterviewError("not_audio" if cursor.error else "too_short")
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
