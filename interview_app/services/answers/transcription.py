"""The background half of a recorded answer: streamed transcription, speaking metrics, then scoring.

While the candidate speaks, `stream` transcribes the recording up to its last pause once enough new
audio has arrived, and listens again to voiced gaps for dropped fillers. When the recording is handed in,
`transcribe_and_score` transcribes only what is left, measures the delivery, and scores the answer. The second listen
to the voiced gaps of that last stretch comes after the score is stored, so the candidate sees feedback
after one Whisper call: `refine_fillers` then adds the fillers it hears and folds the new count into the
delivery share of the score (the page says the count is still being checked meanwhile). Every step
writes the answer row (status, transcript so far, pending gaps, attempts, last error), so a restart
resumes from the row; the statuses, claims and the attempt limit are `lifecycle.py`'s. Each speech step
(decode, transcribe a stretch, voice activity, filler gaps, the second listen, metrics) is one of
`speech/pipeline.py`, the same the CLI runs on a whole file.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from typing import Any

import numpy as np
from sqlmodel import Session, col, select, update

from interview_app import background, db
from interview_app.clock import utcnow
from interview_app.models import Answer, InterviewSession, SessionQuestion
from interview_app.services.answers import feedback, lifecycle, recordings, refinement
from interview_app.services.answers.lifecycle import AnswerStatus
from interview_app.services.answers.storage import get_storage
from interview_app.services.billing import costs
from interview_app.services.interviews import interviews
from interview_app.services.shared.keyed_locks import KeyedLocks
from interview_app.settings import get_settings
from interview_app.speech import pipeline
from interview_app.speech.gate import NoLongerNeeded
from interview_app.speech.transcribe import MIN_TRANSCRIBED_SECONDS, join_words

log = logging.getLogger(__name__)
# A streamed step that found more than this many times STREAM_MIN_SECONDS of new audio is behind: it leaves
# the second listen for fillers to the step after the score.
BEHIND_FACTOR = 2.0
# One step per answer at a time in this process (the job queue runs one per answer across processes).
_locks = KeyedLocks()


def _key(c: dict[str, Any]) -> str:
    return f"{c['start']:.2f}-{c['end']:.2f}"


def _load(answer_id: int) -> tuple[Answer, int, str] | None:
    """The answer (detached), its question's time limit and the interview's language."""
    with db.session_scope() as session:
        answer = session.get(Answer, answer_id)
        if answer is None or not answer.media_path:
            return None
        sq = session.get(SessionQuestion, answer.session_question_id)
        language = _language(session, sq)
        session.expunge(answer)
        return answer, (sq.time_limit_seconds if sq else 0), language


def _language(session: Session, sq: SessionQuestion | None) -> str:
    """The language the answer is spoken in: its interview's (it picks the Whisper model)."""
    interview = session.get(InterviewSession, sq.session_id) if sq else None
    return interview.language if interview else "en"


def stream(answer_id: int, *, to_end: bool = False) -> str:
    """Transcribe the next stretch of a recording that is still being made (no-op if one is running).

    With `to_end` (the candidate pressed Stop: the last piece is in), wait for a running step and transcribe
    everything left, so that handing in finds the transcript complete. "Record again" deletes the answer
    row, which makes this step's result go nowhere.
    """
    if not to_end:  # every piece's step decodes its new audio, even while another step transcribes
        loaded = _load(answer_id)
        if loaded is None or loaded[0].status != AnswerStatus.RECORDING:
            return "skipped"
        recordings.decode_pieces(answer_id, loaded[0].media_path or "")
    asked = time.perf_counter()
    with _locks.holding(answer_id, blocking=to_end, timeout=120) as got:
        if not got:
            return "busy"
        return _stream_step(answer_id, to_end, time.perf_counter() - asked)


def _stream_step(answer_id: int, to_end: bool, waited: float) -> str:
    """One streamed step (the caller holds the answer's lock)."""
    loaded = _load(answer_id)
    if loaded is None or loaded[0].status != AnswerStatus.RECORDING:
        return "skipped"
    answer, _, language = loaded
    samples = _samples(answer, final=to_end)
    if to_end and pipeline.seconds_of(samples) - answer.transcribed_seconds < MIN_TRANSCRIBED_SECONDS:
        return "waiting"
    try:
        # A streamed step that waited for Whisper's turn while its answer was handed in gives way: the final
        # step, which waits for it, transcribes the same audio and the rest in one call.
        piece = pipeline.transcribe_stretch(
            samples,
            answer.transcribed_seconds,
            final=to_end,
            language=language,
            still_needed=None if to_end else lambda: _still_wanted(answer_id),
        )
    except NoLongerNeeded:
        log.info("answer %s: handed in while its streamed step waited for Whisper: left to the final step", answer_id)
        return "superseded"
    if piece is None:
        return "waiting"
    if to_end:
        log.info(
            "answer %s: recording stopped; waited %.2f s for the streamed step, the last %.1f s transcribed in %.2f s "
            "(%.2f s of it waiting for Whisper's turn)",
            answer_id,
            waited,
            piece.cut_seconds - answer.transcribed_seconds,
            piece.seconds_spent,
            piece.seconds_waited,
        )
    words = [*answer.word_timings, *piece.words]
    state = dict(answer.metrics.get("stream", {}))
    checked = set(state.get("checked", []))
    recovered = list(state.get("recovered", []))
    # Voice activity of the new stretch only (it starts and ends inside a pause); kept with the stream, so
    # neither later steps nor the hand-in run VAD over the whole recording again.
    spans = _spans_so_far(state, answer.transcribed_seconds) + pipeline.voice_spans_between(
        samples, answer.transcribed_seconds, piece.cut_seconds
    )
    waiting = pipeline.seconds_of(samples) - answer.transcribed_seconds
    if (
        not to_end
        and waiting <= BEHIND_FACTOR * get_settings().stream_min_seconds
        and not pipeline.whisper_busy()
        and _still_recording(answer_id)
    ):
        # The second listen for fillers; once the answer is handed in (or the recording stopped, as the
        # candidate may hand it in at once), it waits until the score is shown. So it does when the
        # transcription is behind (more audio waited than a few streamed steps take), and when other Whisper
        # calls wait for their turn (other candidates record too): a second listen costs a Whisper window of
        # its own, about as much as the stretch itself, and the candidates' streamed steps and hand-ins
        # should not wait behind it. After the score, one call listens to all the gaps left.
        gaps = pipeline.filler_gaps(words, spans)
        fresh = [c for c in gaps if _key(c) not in checked]
        recovered += pipeline.listen_again(samples, fresh, language)
        checked |= {_key(c) for c in fresh}
    state = {"checked": sorted(checked), "recovered": recovered, "spans": spans, "spans_to": piece.cut_seconds}
    changed = db.retry_busy(lambda: _store_stretch(answer_id, answer, words, piece.cut_seconds, state))
    return "transcribed" if changed else "superseded"


def _store_stretch(
    answer_id: int, answer: Answer, words: list[dict[str, Any]], cut_seconds: float, state: dict[str, Any]
) -> bool:
    """Write a streamed step's transcript (one short transaction); False when the row moved on meanwhile."""
    with db.session_scope() as session:
        changed = session.exec(  # type: ignore[call-overload]
            update(Answer)
            .where(
                col(Answer.id) == answer_id,
                # The same take: after "Record again" a new row may get the same id (SQLite reuses it).
                col(Answer.media_path) == answer.media_path,
                # Handed in meanwhile (uploaded) still counts: `transcribe_and_score` waits for this lock
                # and goes on from here instead of transcribing the stretch again.
                col(Answer.status).in_([AnswerStatus.RECORDING, AnswerStatus.UPLOADED]),
                col(Answer.transcribed_seconds) == answer.transcribed_seconds,
            )
            .values(
                word_timings=words,
                transcript=join_words(words)[:20000],
                transcribed_seconds=cut_seconds,
                metrics={"stream": state},
            )
        )
        if changed.rowcount:
            _record_whisper(session, answer, cut_seconds - answer.transcribed_seconds)
        return bool(changed.rowcount)


def _record_whisper(session: Session, answer: Answer, seconds: float) -> None:
    """The cost of the audio Whisper just transcribed, to the answer's candidate and interview."""
    sq = session.get(SessionQuestion, answer.session_question_id)
    costs.record_whisper(
        session,
        user_id=answer.user_id,
        interview_session_id=sq.session_id if sq is not None else None,
        seconds=seconds,
        model=get_settings().whisper_model,
    )


def _spans_so_far(state: dict[str, Any], transcribed_seconds: float) -> list[tuple[float, float]]:
    """The spans a streamed step kept, if they reach exactly as far as the transcript (else none)."""
    if not state.get("spans") or abs(float(state.get("spans_to", -1)) - transcribed_seconds) > 0.005:
        return []
    return [(float(a), float(b)) for a, b in state["spans"]]


def _still_wanted(answer_id: int) -> bool:
    """Whether a streamed step waiting for Whisper is still wanted (not handed in); True when the row cannot be read."""
    try:
        return _still_recording(answer_id)
    except Exception as exc:  # SQLite busy for long: go on transcribing, the result is stored only if still current
        log.warning("answer %s: could not read whether it was handed in: %s", answer_id, exc)
        return True


def _still_recording(answer_id: int) -> bool:
    with db.session_scope() as session:
        row = session.get(Answer, answer_id)
        return row is not None and row.status == AnswerStatus.RECORDING


def _samples(answer: Answer, *, final: bool = True) -> np.ndarray:
    """The recording's samples: what earlier steps decoded plus the new audio (decoded now, only it)."""
    recordings.decode_pieces(answer.id or 0, answer.media_path or "", final=final)
    return pipeline.decoded_samples(get_storage().local_path(answer.media_path or ""))


def transcribe_and_score(answer_id: int) -> str:
    """The `transcribe_answer` job: transcribe, measure and score a handed-in recording, refine its fillers.

    The local LLM's second opinion follows a score (with `LOCAL_LLM=true`). A failure counts as one attempt
    on the row (`lifecycle.fail_transcription`) and is raised, for the runner to try again.
    """
    try:
        outcome, queued = _transcribe_measure_score(answer_id)
    except Exception as exc:
        lifecycle.fail_transcription(answer_id, exc)
        raise
    if outcome == "scored" and not queued:
        refinement.refine_quietly(answer_id)
    return outcome


def _queue_after_score(answer_id: int) -> bool:
    """Queue what follows a score (`refine_after_score`), so the next hand-in is not kept waiting behind it.

    False in a process without a job runner (the CLI, tests): the caller does it itself then.
    """
    try:
        background.enqueue(background.REFINE_FILLERS, answer_id)
    except (background.NoRunner, background.UnknownTask):
        return False
    return True


def refine_after_score(answer_id: int) -> str:
    """The `refine_fillers` job: the second listen to the gaps left at hand-in, then the local LLM's opinion.

    Queued behind the hand-ins of other candidates (the score is on screen already; the page says the filler
    count is still being checked). Neither step's failure touches the score.
    """
    with _locks.holding(answer_id):
        try:
            outcome = refine_fillers(answer_id)
        except Exception:  # the recovery task tries the second listen again on the next start
            log.exception("answer %s: refining the filler count failed", answer_id)
            outcome = "failed"
    refinement.refine_quietly(answer_id)
    return outcome


def _transcribe_measure_score(answer_id: int) -> tuple[str, bool]:
    """Transcribe what is left, measure, score; (outcome, whether what follows the score was queued)."""
    asked = time.perf_counter()
    with _locks.holding(answer_id):
        waited = time.perf_counter() - asked
        claim = lifecycle.claim_for_transcription(answer_id)
        if claim is None:
            return "skipped", False
        if claim == AnswerStatus.SCORING:  # transcribed already: a retry after a failed score
            outcome = feedback.write_and_summarise(answer_id)
            if outcome == "scored" and _queue_after_score(answer_id):
                return outcome, True
            _refine_quietly(answer_id)
            return outcome, False
        loaded = _load(answer_id)
        if loaded is None:
            return "missing", False
        answer, time_limit, language = loaded
        samples = _samples(answer)
        decoded = time.perf_counter()
        piece = pipeline.transcribe_stretch(samples, answer.transcribed_seconds, final=True, language=language)
        transcribed = time.perf_counter()
        words = [*answer.word_timings, *(piece.words if piece else [])]
        state = answer.metrics.get("stream", {})
        kept = _spans_so_far(state, answer.transcribed_seconds) if answer.transcribed_seconds else []
        if kept:  # the streamed steps ran voice activity up to here: only the rest is new
            spans = kept + pipeline.voice_spans_between(samples, answer.transcribed_seconds)
        else:
            spans = pipeline.voice_spans(samples)
        gaps = pipeline.filler_gaps(words, spans)
        checked = set(state.get("checked", []))
        keys = {_key(c) for c in gaps}
        recovered = [r for r in state.get("recovered", []) if _key(r) in keys]
        pending = [c for c in gaps if _key(c) not in checked]
        measured = pipeline.speaking_metrics(words, spans, samples, time_limit, recovered=recovered, gaps=gaps)
        if pending:
            # Shown at once; the second listen to these gaps follows the score (`refine_fillers`).
            measured["fillers"]["checking"] = True
            measured["stream"] = {"pending": pending, "recovered": recovered}
        log.info(
            "answer %s: waited %.2f s for the streamed step, decoded in %.2f s, last %.1f s transcribed in %.2f s "
            "(%.2f s waiting for Whisper's turn), metrics in %.2f s (%d gaps left for the second listen)",
            answer_id,
            waited,
            decoded - asked - waited,
            pipeline.seconds_of(samples) - answer.transcribed_seconds,
            transcribed - decoded,
            piece.seconds_waited if piece else 0.0,
            time.perf_counter() - transcribed,
            len(pending),
        )
        if not db.retry_busy(
            lambda: _store_transcript(answer_id, words, pipeline.seconds_of(samples), measured, piece is not None)
        ):
            return "missing", False
        if not words:
            return lifecycle.NO_SPEECH, False
        scoring = time.perf_counter()
        outcome = feedback.write_and_summarise(answer_id)
        log.info("answer %s: %s in %.2f s", answer_id, outcome, time.perf_counter() - scoring)
        if outcome == "scored" and _queue_after_score(answer_id):
            return outcome, True
        if pending:
            _refine_quietly(answer_id, samples, spans)
    return outcome, False


def _store_transcript(
    answer_id: int, words: list[dict[str, Any]], seconds: float, measured: dict[str, Any], transcribed: bool = True
) -> bool:
    """Write the whole transcript and metrics (one short transaction); False when the row is gone.

    `transcribed` says Whisper ran on the audio after the streamed steps' (its seconds are the answer's cost).
    """
    with db.session_scope() as session:
        row = session.get(Answer, answer_id)
        if row is None:
            return False
        if transcribed:
            _record_whisper(session, row, seconds - row.transcribed_seconds)
        row.word_timings, row.transcript = words, join_words(words)[:20000]
        row.transcribed_seconds = round(seconds, 2)
        row.metrics, row.transcribed_at = measured, utcnow()
        if not words:
            row.status, row.last_error = AnswerStatus.FAILED, lifecycle.NO_SPEECH
        else:
            row.status = AnswerStatus.SCORING
        session.add(row)
        return True


def refine_fillers(
    answer_id: int, samples: np.ndarray | None = None, spans: list[tuple[float, float]] | None = None
) -> str:
    """The second listen to the voiced gaps left at hand-in, after the score is shown; updates the score.

    Never leaves the count "being checked" for good: when the recording cannot be read or Whisper fails,
    the gaps stay unresolved (the filler count is then a lower bound, and its confidence says so).
    """
    started = time.perf_counter()
    with db.session_scope() as session:
        row = session.get(Answer, answer_id)
        if row is None or row.status != AnswerStatus.SCORED or not row.metrics.get("stream", {}).get("pending"):
            return "skipped"
        language = _language(session, session.get(SessionQuestion, row.session_question_id))
        session.expunge(row)
    state = row.metrics["stream"]
    heard: list[dict[str, Any]] = []
    measured: dict[str, Any] = {k: v for k, v in row.metrics.items() if k != "stream"}
    measured["fillers"] = {k: v for k, v in measured.get("fillers", {}).items() if k != "checking"}
    try:
        if samples is None:
            samples = _samples(row)
        heard = pipeline.listen_again(samples, state["pending"], language)
        if spans is None:
            spans = pipeline.voice_spans(samples)
        words = list(row.word_timings)
        measured = pipeline.speaking_metrics(
            words,
            spans,
            samples,
            row.metrics.get("time_limit") or 0,
            recovered=[*state.get("recovered", []), *heard],
            gaps=pipeline.filler_gaps(words, spans),
        )
    except Exception:
        log.exception("answer %s: the second listen for fillers failed; the count stays a lower bound", answer_id)
    with db.session_scope() as session:
        current = session.get(Answer, answer_id)
        if current is None or current.status != AnswerStatus.SCORED or "stream" not in current.metrics:
            return "superseded"
        current.metrics = measured
        session.add(current)
        session.flush()
        interviews.refresh_delivery(session, answer_id)
    with db.session_scope() as session:
        interviews.summarise_answer_session(session, answer_id)
    log.info(
        "answer %s: second listen to %d gaps heard %d fillers in %.2f s",
        answer_id,
        len(state["pending"]),
        len(heard),
        time.perf_counter() - started,
    )
    return "refined"


def pending_refinements(older_than_minutes: int = 0, since_hours: int = 48) -> Any:
    """Ids of scored answers still holding gaps for the second listen (the JSON test runs in the database)."""
    now = utcnow()
    query = select(Answer.id).where(
        Answer.status == AnswerStatus.SCORED,
        col(Answer.scored_at) >= now - timedelta(hours=since_hours),
        col(Answer.metrics)["stream"].as_string().is_not(None),
    )
    if older_than_minutes:
        query = query.where(col(Answer.scored_at) < now - timedelta(minutes=older_than_minutes))
    return query


def refine_pending(older_than_minutes: int = 0, since_hours: int = 48) -> int:
    """Refine the filler count of scored answers whose second listen was cut short (by a restart)."""
    with db.session_scope() as session:
        ids = [a for a in session.exec(pending_refinements(older_than_minutes, since_hours)).all() if a]
    for answer_id in ids:
        with _locks.holding(answer_id):
            _refine_quietly(answer_id)
    return len(ids)


def _refine_quietly(
    answer_id: int, samples: np.ndarray | None = None, spans: list[tuple[float, float]] | None = None
) -> None:
    """`refine_fillers` (the caller holds the answer's lock); a failure is logged, the score stands."""
    try:
        refine_fillers(answer_id, samples, spans)
    except Exception:  # the recovery task tries the second listen again on the next start
        log.exception("answer %s: refining the filler count failed", answer_id)


def transcribe_pending(older_than_minutes: int = 0) -> int:
    """Finish every handed-in recording left untranscribed (after a restart, or stuck for a while).

    Also the second listen for fillers of scored answers that had not finished (the page still says "checking"),
    and, at start-up (`older_than_minutes` 0), the streamed steps of recordings still being made.
    """
    if not older_than_minutes:
        resume_streams()
    ids = lifecycle.awaiting_transcription(older_than_minutes)
    return lifecycle.recover(ids, transcribe_and_score, "transcribing") + refine_pending(older_than_minutes)


def resume_streams() -> int:
    """After a restart: queue the streamed step of each recording still being made (the queue lost them).

    One step per recording transcribes all its audio not transcribed yet; a recording whose candidate left
    waits for its hand-in as before. Returns how many were queued (0 in a process without a job runner).
    """
    ids = lifecycle.recordings_in_flight()
    for answer_id in ids:
        try:
            background.enqueue(background.TRANSCRIBE_ANSWER, answer_id, False)
        except background.NoRunner:
            return 0
    return len(ids)
