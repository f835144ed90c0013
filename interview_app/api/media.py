"""Recording upload and playback over HTTP (never over the websocket).

The browser sends the session token (`Authorization: Bearer ...`) with every request. Pieces are numbered
from 0; a piece sent twice is acknowledged without being stored twice, and `GET` tells how many pieces the
server holds, so an interrupted upload resumes where it stopped. Playback links are signed and expire.
"""

from __future__ import annotations

import hmac
import time
from datetime import timedelta

from fastapi import APIRouter, Header, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from interview_app import db, routes
from interview_app.models import Answer
from interview_app.services import accounts, rate_limit, recordings
from interview_app.services.interviews import InterviewError
from interview_app.services.recordings import media_signature, media_url
from interview_app.services.storage import get_storage
from interview_app.settings import get_settings
from interview_app.strings import t

__all__ = ["media_url", "router"]

router = APIRouter(prefix=f"{routes.API_PREFIX}/recordings", tags=["recordings"])

# HTTP status for each refusal; the body carries the code and a sentence for people.
_STATUS = {
    "not_found": 404,
    "not_spoken": 409,
    "session_over": 409,
    "already_answered": 409,
    "not_current": 409,
    "paused": 409,
    "out_of_order": 409,
    "missing_pieces": 409,
    "still_transcribing": 409,
    "no_recording": 409,
    "too_short": 422,
    "empty_piece": 422,
    "piece_too_large": 413,
    "recording_too_large": 413,
    "recording_too_long": 413,
    "not_audio": 415,
}


def _error(code: str, status: int | None = None, **extra: object) -> JSONResponse:
    return JSONResponse(
        {"error": code, "message": t(f"interview.error.{code}"), **extra}, status_code=status or _STATUS.get(code, 400)
    )


def _user_id(session, authorization: str | None) -> int | None:
    token = (authorization or "").removeprefix("Bearer ").strip()
    user = accounts.resolve_session(session, token) if token else None
    return user.id if user is not None else None


class FinishBody(BaseModel):
    """How many pieces the browser sent in all."""

    pieces: int = Field(ge=1, le=100000)


@router.put("/{sq_id}/pieces/{seq}")
async def put_piece(
    sq_id: int, seq: int, request: Request, last: bool = False, authorization: str | None = Header(None)
) -> Response:
    """Store piece `seq` of the recording for question `sq_id` (`?last=1`: the recording has stopped)."""
    limit = get_settings().media_piece_max_bytes
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        return _error("piece_too_large")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return _error("piece_too_large")
    # Decoding and the database are blocking work: keep them off the event loop that serves the app.
    return await run_in_threadpool(_store_piece, sq_id, seq, body, authorization, last)


def _store_piece(sq_id: int, seq: int, body: bytes, authorization: str | None, last: bool = False) -> Response:
    settings = get_settings()
    with db.session_scope() as session:
        user_id = _user_id(session, authorization)
        if user_id is None:
            return _error("signed_out", 401)
        try:
            rate_limit.check_window(
                session, f"upload:{user_id}", limit=settings.upload_pieces_per_minute, window=timedelta(minutes=1)
            )
        except rate_limit.RateLimited as exc:
            return _error("rate_limited", 429, retry_after=exc.retry_after)
        rate_limit.hit(session, f"upload:{user_id}")
        try:
            ack = recordings.receive_piece(session, user_id, sq_id, seq, body, last=last)
        except InterviewError as exc:
            session.rollback()  # nothing of a refused piece is kept, but the attempt still counts
            rate_limit.hit(session, f"upload:{user_id}")
            held = recordings.recording_of(session, sq_id)
            return _error(exc.code, received=held.media_pieces if held else 0)
        return JSONResponse(ack.__dict__)


@router.get("/{sq_id}")
def get_status(sq_id: int, authorization: str | None = Header(None)) -> Response:
    """How much of the recording the server holds (resume point)."""
    with db.session_scope() as session:
        user_id = _user_id(session, authorization)
        if user_id is None:
            return _error("signed_out", 401)
        try:
            ack = recordings.status(session, user_id, sq_id)
        except InterviewError as exc:
            return _error(exc.code)
        return JSONResponse(ack.__dict__ if ack else {"received": 0, "bytes": 0, "seconds": 0.0})


@router.post("/{sq_id}/finish")
def post_finish(sq_id: int, body: FinishBody, authorization: str | None = Header(None)) -> Response:
    """Hand in the recording: transcription finishes and the answer is scored."""
    with db.session_scope() as session:
        user_id = _user_id(session, authorization)
        if user_id is None:
            return _error("signed_out", 401)
        try:
            answer = recordings.finish(session, user_id, sq_id, body.pieces)
        except InterviewError as exc:
            held = recordings.recording_of(session, sq_id)
            return _error(exc.code, received=held.media_pieces if held else 0)
        return JSONResponse({"answer_id": answer.id, "status": answer.status})


@router.delete("/{sq_id}")
def delete_recording(sq_id: int, authorization: str | None = Header(None)) -> Response:
    """Throw the recording away to record again."""
    with db.session_scope() as session:
        user_id = _user_id(session, authorization)
        if user_id is None:
            return _error("signed_out", 401)
        try:
            recordings.discard(session, user_id, sq_id)
        except InterviewError as exc:
            return _error(exc.code)
        return Response(status_code=204)


@router.get("/media/{answer_id}")
def get_media(answer_id: int, u: int = 0, e: int = 0, s: str = "") -> Response:
    """Stream a recording back (with range requests, for seeking) to the holder of a valid signed link."""
    if e < time.time() or not hmac.compare_digest(s.encode(), media_signature(answer_id, u, e).encode()):
        return _error("link_expired", 403)
    with db.session_scope() as session:
        answer = session.get(Answer, answer_id)
        if answer is None or answer.user_id != u or not answer.media_path or answer.media_deleted_at is not None:
            return _error("not_found", 404)
        path, media_type = get_storage().local_path(answer.media_path), answer.media_type or "audio/webm"
    if not path.exists():
        return _error("not_found", 404)
    return FileResponse(path, media_type=media_type, headers={"Cache-Control": "private, max-age=3600"})
