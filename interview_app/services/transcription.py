"""The background half of a recorded answer: streamed transcription, speaking metrics, then scoring.

While the candidate speaks, `stream_step` transcribes the recording up to its last pause once enough new
audio has arrived, and listens again to voiced gaps for dropped fillers. When the recording is handed in,
`finish` transcribes only what is left, measures the delivery, and scores the answer. Every step writes
the answer row (status, transcript so far, attempts, last error), so a restart resumes from the row.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from typing import Any

from sqlmodel import col, update

from interview_app import db
from interview_app.models import Answer, SessionQuestion
from interview_app.models._base import utcnow
from interview_app.services import interviews
from interview_app.services.storage import get_storage
from interview_app.speech import metrics as speech_metrics
from interview_app.speech.audio import probe
from interview_app.speech.transcribe import confirm_hesitations, join_words, speech_spans, stream_step

log = logging.getLogger(__name__)
_locks: defaultdict[int, threading.Lock] = defaultdict(threading.Lock)


def _key(c: dict[str, Any]) -> str:
    return f"{c['start']:.2f}-{c['end']:.2f}"


def _load(answer_id: int) -> tuple[Answer, int] | None:
    with db.session_scope() as session:
        answer = session.get(Answer, answer_id)
        if answer is None or not answer.media_path:
            return None
        sq = session.get(SessionQuestion, answer.session_question_id)
        session.expunge(answer)
        return answer, (sq.time_limit_seconds if sq else 0)


def stream(answer_id: int) -> str:
    """Transcribe the next stretch of a recording that is still being made (no-op if one is running)."""
    lock = _locks[answer_id]
    if not lock.acquire(blocking=False):
        return "busy"
    try:
        loaded = _load(answer_id)
        if loaded is None or loaded[0].status != "recording":
            return "skipped"
        answer = loaded[0]
        samples = probe(get_storage().local_path(answer.media_path or "")).samples
        piece = stream_step(samples, answer.transcribed_seconds, final=False)
        if piece is None:
            return "waiting"
        words = [*answer.word_timings, *piece.words]
        state = dict(answer.metrics.get("stream", {}))
        checked = set(state.get("checked", []))
        recovered = list(state.get("recovered", []))
        if _still_recording(answer_id):
            # The second listen for fillers; once the answer is handed in, `finish` does it for every
            # candidate left in one go, so the candidate does not wait for two listens in a row.
            spans = speech_spans(samples[: int(piece.cut_seconds * 16000)])
            candidates = speech_metrics.hesitation_candidates(words, spans)
            fresh = [c for c in candidates if _key(c) not in checked]
            recovered += confirm_hesitations(samples, fresh)
            checked |= {_key(c) for c in fresh}
        state = {"checked": sorted(checked), "recovered": recovered}
        with db.session_scope() as session:
            changed = session.exec(  # type: ignore[call-overload]
                update(Answer)
                .where(
                    col(Answer.id) == answer_id,
                    # Handed in meanwhile ("uploaded") still counts: `finish` waits for this lock and goes on
                    # from here instead of transcribing the stretch again.
                    col(Answer.status).in_(["recording", "uploaded"]),
                    col(Answer.transcribed_seconds) == answer.transcribed_seconds,
                )
                .values(
                    word_timings=words,
                    transcript=join_words(words)[:20000],
                    transcribed_seconds=piece.cut_seconds,
                    metrics={"stream": state},
                )
            )
        return "transcribed" if changed.rowcount else "superseded"
    finally:
        lock.release()


def _still_recording(answer_id: int) -> bool:
    with db.session_scope() as session:
        row = session.get(Answer, answer_id)
        return row is not None and row.status == "recording"


def finish(answer_id: int) -> str:
    """Transcribe what is left of a handed-in recording, measure the delivery, then score it."""
    asked = time.perf_counter()
    with _locks[answer_id]:
        waited = time.perf_counter() - asked
        with db.session_scope() as session:
            claimed = session.exec(  # type: ignore[call-overload]
                update(Answer)
                .where(col(Answer.id) == answer_id, col(Answer.status).in_(["uploaded", "transcribing"]))
                .values(status="transcribing", attempts=Answer.attempts + 1)
            )
            if not claimed.rowcount:
                row = session.get(Answer, answer_id)
                if row is None or row.status != "scoring":
                    return "skipped"
                # Transcribed already; a retry after a failed scoring goes straight to the score.
                row.attempts += 1
                session.add(row)
                scoring_only = True
            else:
                scoring_only = False
        if scoring_only:
            return _score(answer_id)
        loaded = _load(answer_id)
        if loaded is None:
            return "missing"
        answer, time_limit = loaded
        samples = probe(get_storage().local_path(answer.media_path or "")).samples
        decoded = time.perf_counter()
        piece = stream_step(samples, answer.transcribed_seconds, final=True)
        transcribed = time.perf_counter()
        words = [*answer.word_timings, *(piece.words if piece else [])]
        spans = speech_spans(samples)
        candidates = speech_metrics.hesitation_candidates(words, spans)
        state = answer.metrics.get("stream", {})
        checked = set(state.get("checked", []))
        keys = {_key(c) for c in candidates}
        recovered = [r for r in state.get("recovered", []) if _key(r) in keys]
        recovered += confirm_hesitations(samples, [c for c in candidates if _key(c) not in checked])
        measured = speech_metrics.compute(
            words, spans, len(samples) / 16000, time_limit, recovered=recovered, candidates=candidates
        )
        log.info(
            "answer %s: waited %.2f s for the streamed step, decoded in %.2f s, last %.1f s transcribed in %.2f s, "
            "second listen and metrics in %.2f s",
            answer_id,
            waited,
            decoded - asked - waited,
            len(samples) / 16000 - answer.transcribed_seconds,
            transcribed - decoded,
            time.perf_counter() - transcribed,
        )
        with db.session_scope() as session:
            row = session.get(Answer, answer_id)
            if row is None:
                return "missing"
            row.word_timings, row.transcript = words, join_words(words)[:20000]
            row.transcribed_seconds = round(len(samples) / 16000, 2)
            row.metrics, row.transcribed_at = measured, utcnow()
            if not words:
                row.status, row.last_error = "failed", "no_speech"
            else:
                row.status = "scoring"
            session.add(row)
        if not words:
            return "no_speech"
    return _score(answer_id)


def _score(answer_id: int) -> str:
    with db.session_scope() as session:
        interviews.score_answer(session, answer_id)
    with db.session_scope() as session:
        interviews.summarise_answer_session(session, answer_id)
    return "scored"
