"""Recording upload and playback over HTTP (never over the websocket).

The browser sends the session token (`Authorization: Bearer ...`) with every request; an API client sends its
access token (/api/v1/auth) the same way. Pieces are numbered
from 0; a piece sent twice is acknowledged without being stored twice, and `GET` tells how many pieces the
server holds, so an interrupted upload resumes where it stopped. Playback links are signed and expire.
"""

from __future__ import annotations

import hmac
import time
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from interview_app import db, routes
from interview_app.api.contract import (
    Credentials,
    Id,
    LinkExpiry,
    LinkSignature,
    LinkUser,
    RecordingError,
    api_error,
    responses,
    session_token,
)
from interview_app.api.language import request_language, t, use_caller_language
from interview_app.api.v1 import deps
from interview_app.i18n import keys
from interview_app.models import Answer
from interview_app.services.accounts import accounts
from interview_app.services.answers import recordings
from interview_app.services.answers.recordings import MAX_PIECES, media_signature, media_url
from interview_app.services.answers.storage import get_storage
from interview_app.services.interviews.interviews import InterviewError
from interview_app.services.notifications import mail
from interview_app.services.shared import limits, rate_limit
from interview_app.settings import get_settings

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

Seq = Annotated[int, Path(ge=0, lt=MAX_PIECES, description="The piece's number, counted from 0.")]
_PIECE_BODY = {
    "requestBody": {
        "required": True,
        "description": "The next bytes of the MediaRecorder recording (WebM, Ogg or MP4 audio or video).",
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}


class PieceAck(BaseModel):
    """How much of the recording the server holds (pieces, bytes, seconds of audio) and how much is transcribed."""

    answer_id: int | None = None
    received: int
    bytes: int
    seconds: float
    media_type: str = ""
    transcribed_seconds: float = Field(
        default=0.0, description="How far into the recording the transcript reaches (seconds), while it is made."
    )


class Finished(BaseModel):
    """The handed-in answer and its status (transcription follows)."""

    answer_id: int
    status: str


def _error(code: str, status: int | None = None, **extra: object) -> JSONResponse:
    return api_error(code, t(keys.INTERVIEW_ERRORS[code]), status or _STATUS.get(code, 400), details=extra)


def _too_many(exc: rate_limit.RateLimited, code: str = "rate_limited", message: str = "") -> JSONResponse:
    """429 with `Retry-After` (seconds) in the header and the body."""
    details = exc.details() if isinstance(exc, limits.LimitExceeded) else {"retry_after": exc.retry_after}
    response = api_error(code, message or t(keys.INTERVIEW_ERRORS[code]), 429, details=details)
    response.headers["Retry-After"] = str(exc.retry_after)
    return response


def _refused(session, user_id: int, sq_id: int, exc: InterviewError) -> JSONResponse:
    """The refusal of a piece or hand-in, with the resume point of the caller's own recording only."""
    if exc.code == "not_found":
        return _error(exc.code)  # nothing about a question that is not theirs, not even that it has pieces
    return _error(exc.code, received=recordings.held_pieces(session, user_id, sq_id))


def _user_id(session, token: str) -> int | str:
    """The caller's user id, from an API access token or the page's session token; else the refusal's code."""
    user, code, _family = deps.user_of_token(session, token)
    if user is not None:
        use_caller_language(mail.recipient_language(session, user.id))
    return user.id if user is not None and user.id is not None else code or "signed_out"


def _signed_in(token: str) -> int | str:
    """The caller of a piece: their user id, else the refusal's code.

    Every few seconds per candidate, so a web session is checked by the five columns that decide it
    (`accounts.session_user_id`), not by loading the session and user rows; the caller's language is looked up
    only for a refusal (`_refused`).
    """
    with db.session_scope() as session:
        if token and not deps.is_access_token(token):
            user_id = accounts.session_user_id(session, token)
            return user_id if user_id is not None else "signed_out"
        return _user_id(session, token)


def _unauthorized(code: str) -> JSONResponse:
    """401: `signed_out` (the page's recorder says so), or why an access token was refused (`token_expired`...)."""
    message = t("interview.error.signed_out") if code == "signed_out" else t(keys.API_ERRORS[code])
    challenge = 'Bearer realm="api", error="invalid_token"' if code != "signed_out" else 'Bearer realm="api"'
    return api_error(code, message, 401, headers={"WWW-Authenticate": challenge})


class FinishBody(BaseModel):
    """How many pieces the browser sent in all."""

    pieces: int = Field(ge=1, le=MAX_PIECES)


@router.put(
    "/{sq_id}/pieces/{seq}",
    response_model=PieceAck,
    responses=responses(401, 404, 409, 413, 415, 422, 429, model=RecordingError),
    openapi_extra=_PIECE_BODY,
)
async def put_piece(sq_id: Id, seq: Seq, request: Request, credentials: Credentials, last: bool = False) -> Response:
    """Store piece `seq` of the recording for question `sq_id` (`?last=1`: the recording has stopped)."""
    # Who is asking comes first: nothing of a stranger's body is read.
    user_id = await run_in_threadpool(_signed_in, session_token(credentials))
    if isinstance(user_id, str):
        return _unauthorized(user_id)
    limit = get_settings().media_piece_max_bytes
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        return _error("piece_too_large")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return _error("piece_too_large")
    # Decoding and the database are blocking work: keep them off the event loop that serves the app.
    return await run_in_threadpool(_store_piece, sq_id, seq, bytes(body), user_id, last)


def _store_piece(sq_id: int, seq: int, body: bytes, user_id: int, last: bool = False) -> Response:
    # A short transaction, tried again while SQLite is busy (a background step writing the same row): the
    # bytes a failed attempt appended are cut off again by the next (`receive_piece`).
    return db.retry_busy(lambda: _store_piece_once(sq_id, seq, body, user_id, last))


def _store_piece_once(sq_id: int, seq: int, body: bytes, user_id: int, last: bool) -> Response:
    # Reads first, then the bytes to disk, then the piece's row and the rate-limit count in one short write
    # (`recordings.receive_piece`): SQLite's write lock is never held across the disk sync. The question's
    # piece turn is held until the commit, so a piece sent twice at once is stored once.
    settings = get_settings()
    with recordings.piece_turn(sq_id), db.session_scope() as session:
        try:
            rate_limit.check_window(
                session, f"upload:{user_id}", limit=settings.upload_pieces_per_minute, window=timedelta(minutes=1)
            )
        except rate_limit.RateLimited as exc:
            return _too_many(exc)
        try:
            ack = recordings.receive_piece(session, user_id, sq_id, seq, body, last=last)
        except InterviewError as exc:
            session.rollback()  # nothing of a refused piece is kept, but the attempt still counts
            rate_limit.hit(session, f"upload:{user_id}")
            use_caller_language(mail.recipient_language(session, user_id))
            return _refused(session, user_id, sq_id, exc)
        rate_limit.hit(session, f"upload:{user_id}")
        return JSONResponse(ack.__dict__)


@router.get("/{sq_id}", response_model=PieceAck, responses=responses(401, 404, 422))
def get_status(sq_id: Id, credentials: Credentials) -> Response:
    """How much of the recording the server holds (resume point)."""
    with db.session_scope() as session:
        user_id = _user_id(session, session_token(credentials))
        if isinstance(user_id, str):
            return _unauthorized(user_id)
        try:
            ack = recordings.status(session, user_id, sq_id)
        except InterviewError as exc:
            return _error(exc.code)
        return JSONResponse(ack.__dict__ if ack else {"received": 0, "bytes": 0, "seconds": 0.0})


@router.post(
    "/{sq_id}/finish", response_model=Finished, responses=responses(401, 404, 409, 422, 429, model=RecordingError)
)
def post_finish(sq_id: Id, body: FinishBody, credentials: Credentials) -> Response:
    """Hand in the recording: transcription finishes and the answer is scored.

    429 (`limit.answers_per_minute`, with `Retry-After`) after ANSWERS_PER_MINUTE answers within a minute: the
    recording is kept; hand it in again once the time is up.
    """
    return db.retry_busy(lambda: _finish_once(sq_id, body, credentials))


def _finish_once(sq_id: int, body: FinishBody, credentials: Credentials) -> Response:
    with db.session_scope() as session:
        user_id = _user_id(session, session_token(credentials))
        if isinstance(user_id, str):
            return _unauthorized(user_id)
        try:
            answer = recordings.hand_in(session, user_id, sq_id, body.pieces)
        except InterviewError as exc:
            return _refused(session, user_id, sq_id, exc)
        except limits.LimitExceeded as exc:
            return _too_many(exc, exc.code, exc.message(request_language()))
        return JSONResponse({"answer_id": answer.id, "status": answer.status})


@router.delete("/{sq_id}", status_code=204, response_class=Response, responses=responses(401, 404, 409, 422))
def delete_recording(sq_id: Id, credentials: Credentials) -> Response:
    """Throw the recording away to record again."""
    with db.session_scope() as session:
        user_id = _user_id(session, session_token(credentials))
        if isinstance(user_id, str):
            return _unauthorized(user_id)
        try:
            recordings.discard(session, user_id, sq_id)
        except InterviewError as exc:
            return _error(exc.code)
        return Response(status_code=204)


_MEDIA = {"description": "The recording (a range of it for a Range request: 206).", "content": {"audio/webm": {}}}


@router.get(
    "/media/{answer_id}",
    response_class=FileResponse,
    responses={200: _MEDIA, 206: _MEDIA, **responses(403, 404, 422)},
)
def get_media(answer_id: Id, u: LinkUser = 0, e: LinkExpiry = 0, s: LinkSignature = "") -> Response:
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
