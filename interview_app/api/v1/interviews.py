"""/api/v1/interviews: a candidate's mock interviews, over the services the interview pages use.

Set one up (the set-up page's checks and codes), list them (the history page: newest first, by status and
type), run one question at a time (the current question, the draft's autosave, a typed answer and its
feedback, skip, pause and resume, end), and read the report as JSON or as the PDF the report page offers.
Spoken answers go through /api/v1/recordings/{question_id} (pieces, status, finish; the same bearer token),
then `POST .../questions/{question_id}/continue` moves on once the answer is transcribed.

Every interview and question is its owner's: another user's answers 404 (`not_found`), never 403.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlmodel import Session, col, select
from starlette.concurrency import run_in_threadpool

from interview_app import db, routes
from interview_app.api.contract import ApiProblem, Id, responses
from interview_app.api.language import request_language, t
from interview_app.api.v1 import paging
from interview_app.api.v1.deps import CurrentUser, Db
from interview_app.i18n import keys
from interview_app.models import Answer, InterviewSession, Question, SessionQuestion, User
from interview_app.services.accounts import profiles
from interview_app.services.answers import recordings
from interview_app.services.answers.lifecycle import DONE
from interview_app.services.bank.files import COMPETENCIES
from interview_app.services.billing import plans
from interview_app.services.interviews import interviews, report_pdf, reports
from interview_app.settings import get_settings

router = APIRouter(prefix=f"{routes.API_PREFIX}/interviews", tags=["interviews"])

MAX_WAIT = 20.0
POLL_SECONDS = 0.2
# An interview's refusals and their status; `bad_*` name the field (set-up), `empty`/`too_long` the text.
_STATUS = {
    "not_found": 404,
    "no_questions": 409,
    "session_over": 409,
    "already_answered": 409,
    "not_current": 409,
    "paused": 409,
    "not_spoken": 409,
    "no_recording": 409,
    "still_transcribing": 409,
    "empty": 422,
    "too_long": 422,
}
_FIELDS = {"answer": "body.text"}
NO_NUL = r"^[^\x00]*$"


def refusal(exc: interviews.InterviewError) -> ApiProblem:
    """The API's answer to a service's refusal: its code, the page's sentence, the field it is about."""
    status = _STATUS.get(exc.code, 422)
    details: dict[str, object] = {}
    if exc.field:
        details["fields"] = [_FIELDS.get(exc.field, f"body.{exc.field}")]
    return ApiProblem(status, exc.code, t(keys.INTERVIEW_ERRORS[exc.code]), details=details)


# ---------------------------------------------------------------- models


class InterviewSetup(BaseModel):
    """An interview to set up: what the set-up page asks. Left out: the page's defaults (from the profile)."""

    role: str | None = Field(
        default=None,
        max_length=60,
        pattern=NO_NUL,
        description="A job role's slug (GET /api/v1/me's `target_role` by default); empty for any role.",
    )
    interview_type: str = Field(
        default="mixed", json_schema_extra={"enum": list(interviews.INTERVIEW_TYPES)}, description="The kind."
    )
    difficulty: str | None = Field(
        default=None,
        json_schema_extra={"enum": ["easy", "medium", "hard", None]},
        description="The profile's difficulty by default.",
    )
    focus: list[str] = Field(
        default_factory=list,
        json_schema_extra={"maxItems": 5, "items": {"type": "string", "enum": list(COMPETENCIES)}},
        description="Up to five competencies to focus on.",
    )
    question_count: int = Field(
        default=5,
        json_schema_extra={"minimum": interviews.MIN_QUESTIONS, "maximum": interviews.MAX_QUESTIONS},
        description="How many main questions (follow-ups come on top).",
    )
    timer_enabled: bool | None = Field(default=None, description="A clock per question (the profile's by default).")
    time_limit_seconds: int | None = Field(
        default=None,
        json_schema_extra={"minimum": interviews.MIN_LIMIT, "maximum": interviews.MAX_LIMIT},
        description="Seconds per question; null: each question's own limit.",
    )
    answer_mode: str = Field(
        default="text",
        json_schema_extra={"enum": list(interviews.ANSWER_MODES)},
        description="text, or audio / video: answers are recorded (see /api/v1/recordings).",
    )
    hands_free: bool = Field(default=False, description="Spoken interviewer (audio and video only; a web app option).")

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={
            "example": {
                "role": "backend-engineer",
                "interview_type": "behavioural",
                "difficulty": "medium",
                "focus": ["communication"],
                "question_count": 5,
                "timer_enabled": True,
                "time_limit_seconds": 180,
                "answer_mode": "text",
            }
        },
    )


_INTERVIEW_EXAMPLE: dict[str, Any] = {
    "id": 31,
    "status": "in_progress",
    "practice": False,
    "role": "backend-engineer",
    "role_title": "Backend Engineer",
    "interview_type": "behavioural",
    "difficulty": "medium",
    "focus": ["communication"],
    "question_count": 5,
    "timer_enabled": True,
    "time_limit_seconds": 180,
    "answer_mode": "text",
    "language": "en",
    "paused": False,
    "current_question_id": 301,
    "started_at": "2026-12-07T10:00:00Z",
    "ended_at": None,
    "ends_by": "2026-12-07T12:00:00Z",
    "overall_score": None,
}


class Interview(BaseModel):
    """A mock interview: its set-up, where it stands and, once ended, its overall score."""

    id: int
    status: Literal["in_progress", "completed", "abandoned"] = Field(
        description="abandoned: ended by itself after the longest an interview may run."
    )
    practice: bool = Field(description="A one-question practice from the bank.")
    role: str
    role_title: str
    interview_type: str
    difficulty: str
    focus: list[str]
    question_count: int
    timer_enabled: bool
    time_limit_seconds: int | None
    answer_mode: str
    language: str
    paused: bool
    current_question_id: int | None = Field(description="The question to answer now; null once it has ended.")
    started_at: datetime
    ended_at: datetime | None
    ends_by: datetime | None = Field(description="When a running interview ends by itself; null once ended.")
    overall_score: int | None = Field(description="0-100 once every answer is scored; null before.")

    model_config = ConfigDict(json_schema_extra={"example": _INTERVIEW_EXAMPLE})


class InterviewPage(paging.PageInfo):
    """One page of the caller's interviews, newest first."""

    items: list[Interview]

    model_config = ConfigDict(
        json_schema_extra={
            "example": {"items": [_INTERVIEW_EXAMPLE], "total": 1, "limit": 20, "offset": 0, "next_offset": None}
        }
    )


class Recording(BaseModel):
    """A spoken answer's progress on the server (see /api/v1/recordings)."""

    answer_id: int
    status: str = Field(description="recording, uploaded, transcribing, scoring, scored or failed.")
    pieces: int
    bytes: int
    seconds: float
    transcribed_seconds: float
    error: str = Field(description="Why it failed ('' unless failed); `no_speech` when nothing was heard.")


class CurrentQuestion(BaseModel):
    """The question the candidate is on, with the clock and the saved draft."""

    id: int = Field(description="The interview question's id (for the draft, the answer and recordings).")
    interview_id: int
    kind: Literal["main", "follow_up"]
    number: int = Field(description="Which main question this is (a follow-up has its main question's number).")
    total: int = Field(description="Main questions in the interview.")
    prompt: str
    type: str = Field(description="The bank question's type ('' for a follow-up written for this answer).")
    answer_mode: str
    paused: bool
    time_limit_seconds: int | None = Field(description="null without a timer.")
    seconds_left: int | None = Field(description="Counted on the server; null without a timer.")
    draft: str
    draft_saved_at: datetime | None
    handed_in: bool = Field(description="A spoken answer was handed in; `continue` moves on once it is transcribed.")
    preparing: bool = Field(
        default=False,
        description=(
            "A typed answer was handed in and the next question is being prepared (whether a follow-up comes): "
            "ask again in a moment (`Retry-After` says when)."
        ),
    )
    recording: Recording | None

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": 301,
                "interview_id": 31,
                "kind": "main",
                "number": 1,
                "total": 5,
                "prompt": "Tell me about a time you disagreed with a technical decision.",
                "type": "behavioural",
                "answer_mode": "text",
                "paused": False,
                "time_limit_seconds": 180,
                "seconds_left": 164,
                "draft": "In my last role we",
                "draft_saved_at": "2026-12-07T10:00:14Z",
                "handed_in": False,
                "preparing": False,
                "recording": None,
            }
        }
    )


class Comment(BaseModel):
    """A strength or an improvement; `quote` is the part of the answer it is about (null: something missing)."""

    text: str
    quote: str | None = None


class DimensionScore(BaseModel):
    """One rubric dimension: 0-100 and why."""

    name: str = Field(description="relevance, structure, specificity or impact.")
    value: int
    why: str


class KeyPoint(BaseModel):
    """A key point of the question and whether the answer made it."""

    point: str
    covered: bool
    status: str = Field(description="covered, partly, unclear or missing.")


class ChecklistItem(BaseModel):
    """A structure check (situation, action, result...)."""

    item: str
    ok: bool


class Feedback(BaseModel):
    """The feedback on one answer: rubric scores, comments with quotes, key points, the model answer."""

    total: int = Field(description="0-100.")
    dimensions: list[DimensionScore]
    strengths: list[Comment]
    improvements: list[Comment]
    key_points: list[KeyPoint]
    checklist: list[ChecklistItem]
    summary: str
    model_answer: str = Field(description="A strong answer to the main question ('' for a follow-up).")
    engine: str = Field(description="What scored it (engine, model, rubric version).")


_FEEDBACK_EXAMPLE: dict[str, Any] = {
    "total": 72,
    "dimensions": [
        {"name": "relevance", "value": 80, "why": "Answers the question asked."},
        {"name": "structure", "value": 70, "why": "Situation and action are clear; the result is brief."},
        {"name": "specificity", "value": 65, "why": "One figure; more detail on your part would help."},
        {"name": "impact", "value": 73, "why": "The outcome is stated."},
    ],
    "strengths": [{"text": "You name the trade-off you weighed.", "quote": "latency against cost"}],
    "improvements": [{"text": "Say what changed afterwards, with a number.", "quote": None}],
    "key_points": [{"point": "Disagreed with data, not opinion", "covered": True, "status": "covered"}],
    "checklist": [{"item": "situation", "ok": True}, {"item": "result", "ok": False}],
    "summary": "A clear answer; finish with the result.",
    "model_answer": "In my last team we planned to ...",
    "engine": "offline · built-in · rubric 3",
}


class AnsweredQuestion(BaseModel):
    """An interview question with the answer given and, once scored, its feedback."""

    id: int
    interview_id: int
    kind: Literal["main", "follow_up"]
    prompt: str
    status: str = Field(
        description=(
            "pending, active or skipped without an answer; else the answer's: submitted, recording, uploaded, "
            "transcribing, scoring, scored or failed."
        )
    )
    answer_id: int | None
    mode: str = Field(description="text, audio or video.")
    answer: str = Field(description="The typed answer or the transcript.")
    seconds: int = Field(description="Time taken.")
    media_url: str = Field(description="A signed link to the recording (expires; '' for a typed answer).")
    feedback: Feedback | None = Field(description="null until the answer is scored.")

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": 301,
                "interview_id": 31,
                "kind": "main",
                "prompt": "Tell me about a time you disagreed with a technical decision.",
                "status": "scored",
                "answer_id": 88,
                "mode": "text",
                "answer": "In my last role we had to choose between latency against cost ...",
                "seconds": 95,
                "media_url": "",
                "feedback": _FEEDBACK_EXAMPLE,
            }
        }
    )


def _no_nul(text: str) -> str:
    """Refuse NUL characters as malformed (PostgreSQL cannot store them)."""
    if "\x00" in text:
        raise ValueError("NUL characters are not allowed")
    return text


class DraftBody(BaseModel):
    """The unsent answer text (autosave)."""

    text: str = Field(json_schema_extra={"maxLength": get_settings().answer_max_chars, "pattern": NO_NUL})

    _text = field_validator("text")(_no_nul)

    model_config = ConfigDict(
        extra="forbid", strict=True, json_schema_extra={"example": {"text": "In my last role we"}}
    )


class DraftSaved(BaseModel):
    """When the draft was stored."""

    saved_at: datetime

    model_config = ConfigDict(json_schema_extra={"example": {"saved_at": "2026-12-07T10:00:14Z"}})


class AnswerBody(BaseModel):
    """A typed answer."""

    text: str = Field(
        json_schema_extra={
            "minLength": 1,
            "pattern": r"^[^\x00]*[^\x00\s][^\x00]*$",
            "maxLength": get_settings().answer_max_chars,
        }
    )

    _text = field_validator("text")(_no_nul)

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={"example": {"text": "In my last role we had to choose between latency and cost ..."}},
    )


class Step(BaseModel):
    """After an answer or a skip: what comes next."""

    finished: bool = Field(description="The interview has ended (the report is being prepared).")
    follow_up: str | None = Field(default=None, description="A follow-up question asked next, if one was.")
    preparing: bool = Field(
        default=False,
        description=(
            "The next question is still being prepared (a typed answer's follow-up is being decided): "
            "`next_question` is null; poll `GET /interviews/{id}/current` until its `preparing` is false."
        ),
    )
    next_question: CurrentQuestion | None = Field(description="null once the interview has ended, or while preparing.")

    model_config = ConfigDict(
        json_schema_extra={"example": {"finished": False, "follow_up": None, "preparing": False, "next_question": None}}
    )


class Submitted(Step):
    """The answer as stored, with its feedback when it was scored within `wait` seconds, and what comes next."""

    answered: AnsweredQuestion

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "answered": AnsweredQuestion.model_config["json_schema_extra"]["example"],  # type: ignore[index]
                "finished": False,
                "follow_up": None,
                "preparing": True,
                "next_question": None,
            }
        }
    )


class ReportItem(AnsweredQuestion):
    """A question of the report."""


class Report(BaseModel):
    """The session report (what the report page shows and the PDF prints)."""

    id: int
    role: str
    type: str
    difficulty: str
    status: str
    started_at: datetime
    ended_at: datetime | None
    overall: int | None = Field(description="0-100 once every answer is scored (skipped questions count 0).")
    counted: int = Field(description="Main questions in the overall score.")
    answered: int
    skipped: int
    answered_average: int | None = Field(description="The mean over the answered questions only.")
    counted_text: str = Field(description="What the overall score counted, in words.")
    dimensions: dict[str, float] = Field(description="The rubric dimensions' means over the answered questions.")
    competencies: dict[str, float]
    recommendations: list[str]
    pending: int = Field(description="Answers still being scored: read the report again in a few seconds.")
    fallback: str = Field(description="Why the built-in scorer stood in for the AI reviewer ('' if it did not).")
    ended_note: str = Field(description="Why an abandoned interview ended ('' otherwise).")
    items: list[ReportItem]

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": 31,
                "role": "Backend Engineer",
                "type": "behavioural",
                "difficulty": "medium",
                "status": "completed",
                "started_at": "2026-12-07T10:00:00Z",
                "ended_at": "2026-12-07T10:21:00Z",
                "overall": 68,
                "counted": 3,
                "answered": 3,
                "skipped": 0,
                "answered_average": 68,
                "counted_text": "The score averages all 3 questions.",
                "dimensions": {"relevance": 75.0, "structure": 66.0, "specificity": 60.0, "impact": 70.0},
                "competencies": {"communication": 70.0},
                "recommendations": ["Finish each story with its result, with a number."],
                "pending": 0,
                "fallback": "",
                "ended_note": "",
                "items": [AnsweredQuestion.model_config["json_schema_extra"]["example"]],  # type: ignore[index]
            }
        }
    )


# ---------------------------------------------------------------- shaping


def interview_of(session: Session, interview: InterviewSession) -> Interview:
    """An interview as the API shows it."""
    assert interview.id is not None
    current = interviews.current_question(session, interview)
    running = interview.status == "in_progress"
    return Interview(
        id=interview.id,
        status=interview.status,  # type: ignore[arg-type]
        practice=interview.practice,
        role=interview.role_slug or "",
        role_title=interview.role_title,
        interview_type=interview.interview_type,
        difficulty=interview.difficulty,
        focus=list(interview.focus),
        question_count=interview.question_count,
        timer_enabled=interview.timer_enabled,
        time_limit_seconds=interview.time_limit_seconds,
        answer_mode=interview.answer_mode,
        language=interview.language,
        paused=interview.paused_at is not None,
        current_question_id=current.id if current is not None else None,
        started_at=interview.started_at,
        ended_at=interview.ended_at,
        ends_by=interviews.ends_at(interview) if running else None,
        overall_score=interview.overall_score,
    )


def _recording(session: Session, sq_id: int) -> Recording | None:
    answer = recordings.recording_of(session, sq_id)
    if answer is None or answer.id is None or answer.mode == "text":
        return None
    return Recording(
        answer_id=answer.id,
        status=answer.status,
        pieces=answer.media_pieces,
        bytes=answer.media_bytes,
        seconds=answer.media_seconds,
        transcribed_seconds=answer.transcribed_seconds,
        error=answer.last_error if answer.status == "failed" else "",
    )


def current_of(session: Session, interview: InterviewSession, sq: SessionQuestion) -> CurrentQuestion:
    """The current question as the interview page shows it (numbering, clock, draft, recording)."""
    assert interview.id is not None and sq.id is not None
    number, total = interviews.question_number(session, sq)
    question = session.get(Question, sq.question_id) if sq.question_id else None
    return CurrentQuestion(
        id=sq.id,
        interview_id=interview.id,
        kind="follow_up" if sq.kind == "follow_up" else "main",
        number=number,
        total=total,
        prompt=sq.prompt,
        type=question.type if question is not None and sq.kind == "main" else "",
        answer_mode=interview.answer_mode,
        paused=interview.paused_at is not None,
        time_limit_seconds=sq.time_limit_seconds if interview.timer_enabled else None,
        seconds_left=interviews.seconds_left(sq, interview),
        draft=sq.draft,
        draft_saved_at=sq.draft_saved_at,
        handed_in=sq.status == "answered",
        preparing=interviews.awaits_next(session, interview, sq),
        recording=_recording(session, sq.id) if interview.answer_mode != "text" else None,
    )


def _feedback(item: dict[str, Any]) -> Feedback | None:
    if item.get("total") is None:
        return None
    return Feedback(
        total=int(item["total"]),
        dimensions=[DimensionScore(**d) for d in item["dimensions"]],
        strengths=[Comment(text=str(c.get("text", "")), quote=c.get("quote")) for c in item["strengths"]],
        improvements=[Comment(text=str(c.get("text", "")), quote=c.get("quote")) for c in item["improvements"]],
        key_points=[KeyPoint(**k) for k in item["key_points"]],
        checklist=[ChecklistItem(**c) for c in item["checklist"]],
        summary=item["summary"],
        model_answer=item["model_answer"],
        engine=item["engine"],
    )


def _item(interview_id: int, item: dict[str, Any], answer_ids: dict[int, int]) -> dict[str, Any]:
    return {
        "id": item["id"],
        "interview_id": interview_id,
        "kind": "follow_up" if item["kind"] == "follow_up" else "main",
        "prompt": item["prompt"],
        "status": str(item["status"]),
        "answer_id": answer_ids.get(item["id"]),
        "mode": item["mode"],
        "answer": item["answer"],
        "seconds": int(item["seconds"]),
        "media_url": item["media_url"],
        "feedback": _feedback(item),
    }


def _answer_ids(session: Session, sq_ids: list[int]) -> dict[int, int]:
    rows = session.exec(select(Answer).where(col(Answer.session_question_id).in_(sq_ids))).all()
    return {row.session_question_id: row.id or 0 for row in rows}


def report_of(session: Session, user_id: int, interview_id: int) -> Report:
    """The report page's data (`reports.build`) as the API shows it."""
    try:
        data = reports.build(session, user_id, interview_id, request_language())
    except interviews.InterviewError as exc:
        raise refusal(exc) from None
    ids = _answer_ids(session, [item["id"] for item in data["items"]])
    return Report(
        id=data["id"],
        role=data["role"],
        type=data["type"],
        difficulty=data["difficulty"],
        status=data["status"],
        started_at=data["started_at"],
        ended_at=data["ended_at"],
        overall=data["overall"],
        counted=data["counted"],
        answered=data["answered"],
        skipped=data["skipped"],
        answered_average=data["answered_average"],
        counted_text=reports.counted_text(data, request_language()),
        dimensions=dict(data["dimensions"]),
        competencies=dict(data["competencies"]),
        recommendations=list(data["recommendations"]),
        pending=data["pending"],
        fallback=data["fallback"],
        ended_note=data.get("ended_note", ""),
        items=[ReportItem(**_item(data["id"], item, ids)) for item in data["items"]],
    )


def answered_of(session: Session, user_id: int, interview_id: int, sq_id: int) -> AnsweredQuestion:
    """One question of the report (its answer and feedback)."""
    report = report_of(session, user_id, interview_id)
    item = next((item for item in report.items if item.id == sq_id), None)
    if item is None:
        raise ApiProblem(404, "not_found", t("interview.error.not_found"))
    return AnsweredQuestion(**item.model_dump())


def _owned(session: Session, user_id: int, interview_id: int) -> InterviewSession:
    try:
        return interviews.owned_session(session, user_id, interview_id)
    except interviews.InterviewError as exc:
        raise refusal(exc) from None


def _owned_question(session: Session, user_id: int, interview_id: int, sq_id: int) -> SessionQuestion:
    """A question of the caller's interview `interview_id` (404 for anyone else's, or of another interview)."""
    try:
        interview, sq = interviews.owned_question(session, user_id, sq_id)
    except interviews.InterviewError as exc:
        raise refusal(exc) from None
    if interview.id != interview_id:
        raise ApiProblem(404, "not_found", t("interview.error.not_found"))
    return sq


def _next(session: Session, user_id: int, interview_id: int) -> CurrentQuestion | None:
    interview = interviews.owned_session(session, user_id, interview_id)
    sq = interviews.current_question(session, interview)
    return current_of(session, interview, sq) if sq is not None else None


# ---------------------------------------------------------------- routes

_SETUP_422 = (
    "Malformed (`request_invalid`), or a set-up the page would refuse: `bad_type`, `bad_difficulty`, `bad_count`, "
    "`bad_focus`, `bad_limit`, `bad_mode` (the field in `details.fields`), or an unknown role."
)


@router.post(
    "",
    status_code=201,
    response_model=Interview,
    responses=responses(
        401, 409, 422, 429, s409="`no_questions`: the bank holds no questions for this set-up.", s422=_SETUP_422
    ),
)
def start_interview(body: InterviewSetup, user: CurrentUser, session: Db) -> Interview:
    """Set up an interview and start it on its first question (429 past the interviews a day allow)."""
    assert user.id is not None
    defaults = interviews.defaults_for(session, user.id)
    role = defaults["role_slug"] if body.role is None else body.role.strip()
    title = profiles.role_title(session, role, request_language()) if role else ""
    if title is None:
        raise ApiProblem(422, "request_invalid", details={"fields": ["body.role"]})
    limit = body.time_limit_seconds
    if limit is not None and not interviews.MIN_LIMIT <= limit <= interviews.MAX_LIMIT:
        # The page offers only limits in range; without a timer it ignores the limit, an API client is told.
        raise refusal(interviews.InterviewError("bad_limit", "time_limit_seconds"))
    if body.answer_mode not in interviews.ANSWER_MODES:
        # The page always sends one of them and the service takes an empty one as text; the schema lists the modes.
        raise refusal(interviews.InterviewError("bad_mode", "answer_mode"))
    form = {
        "role_slug": role,
        "role_title": title,
        "interview_type": body.interview_type,
        "difficulty": body.difficulty if body.difficulty is not None else defaults["difficulty"],
        "focus": body.focus,
        "question_count": body.question_count,
        "timer_enabled": body.timer_enabled if body.timer_enabled is not None else defaults["timer_enabled"],
        "time_limit_seconds": body.time_limit_seconds if body.time_limit_seconds is not None else "auto",
        "answer_mode": body.answer_mode,
        "hands_free": body.hands_free,
    }
    try:
        options = interviews.validate_setup(form)
        interview = interviews.start_session(session, user.id, options)
    except interviews.InterviewError as exc:
        raise refusal(exc) from None
    return interview_of(session, interview)


@router.get("", response_model=InterviewPage, responses={**paging.LIST_RESPONSES, **responses(401, 422)})
def list_interviews(
    user: CurrentUser,
    session: Db,
    page: paging.Paging,
    if_none_match: paging.IfNoneMatch = None,
    status: Annotated[Literal["in_progress", "completed", "abandoned"] | None, Query()] = None,
    type: Annotated[Literal["behavioural", "technical", "system_design", "mixed"] | None, Query()] = None,
) -> Response:
    """The caller's interviews, newest first (the history page), by status and type."""
    assert user.id is not None
    found = interviews.history(session, user.id, status=status or "", interview_type=type or "")
    found.sort(key=lambda s: (s.started_at, s.id or 0), reverse=True)  # ties in time: the later one first
    rows = found[page.offset : page.offset + page.limit]
    body = InterviewPage(items=[interview_of(session, row) for row in rows], **paging.info(page, len(found)))
    return paging.etagged(body, if_none_match)


@router.get("/{interview_id}", response_model=Interview, responses=responses(401, 404, 422))
def get_interview(interview_id: Id, user: CurrentUser, session: Db) -> Interview:
    """One of the caller's interviews."""
    assert user.id is not None
    return interview_of(session, _owned(session, user.id, interview_id))


@router.delete("/{interview_id}", status_code=204, response_class=Response, responses=responses(401, 404, 422))
def delete_interview(interview_id: Id, user: CurrentUser, session: Db) -> Response:
    """Delete an interview with its answers, feedback and recordings (as the history page does)."""
    assert user.id is not None
    try:
        interviews.delete_session(session, user.id, interview_id)
    except interviews.InterviewError as exc:
        raise refusal(exc) from None
    return Response(status_code=204)


_OVER = "`session_over`: the interview has ended (read its report)."


NextWait = Annotated[
    float,
    Query(
        ge=0,
        le=MAX_WAIT,
        description="Seconds to wait for the next question while one is being prepared (0: answer at once).",
    ),
]


@router.get(
    "/{interview_id}/current",
    response_model=CurrentQuestion,
    responses=responses(401, 404, 409, 422, s409=_OVER),
)
async def get_current(
    interview_id: Id, user: CurrentUser, session: Db, response: Response, wait: NextWait = 0
) -> CurrentQuestion:
    """The question to answer now, with the clock (counted on the server) and the saved draft.

    Right after a typed answer it is that answered question with `preparing` true until the next one is ready
    (a follow-up is being decided; usually well under a second). With `wait`, the answer comes once the next
    question is ready (or after `wait` seconds, still `preparing`): one request instead of a poll every few
    hundred milliseconds. Still `preparing`: ask again (after `Retry-After` seconds without `wait`).
    """
    assert user.id is not None
    user_id = user.id
    current = await run_in_threadpool(_current, session, user_id, interview_id)
    deadline = time.monotonic() + wait
    while current.preparing and time.monotonic() < deadline:
        await asyncio.sleep(POLL_SECONDS)
        if await run_in_threadpool(_prepared, user_id, current.id):
            current = await run_in_threadpool(_current, session, user_id, interview_id, True)
    if current.preparing:
        response.headers["Retry-After"] = "1"
    return current


def _current(session: Session, user_id: int, interview_id: int, fresh: bool = False) -> CurrentQuestion:
    """The current question (`fresh`: read again after a wait, in a new read transaction)."""
    if fresh:  # a new read transaction (on SQLite a new snapshot) sees the move; nothing of this request is lost
        db.release_connection(session)
        session.expire_all()
    interview = _owned(session, user_id, interview_id)
    sq = interviews.current_question(session, interview)
    if sq is None:
        raise ApiProblem(409, "session_over", t("interview.error.session_over"))
    return current_of(session, interview, sq)


def _prepared(user_id: int, sq_id: int) -> bool:
    """True once the interview has moved on from the answered question `sq_id`, or ended, or is gone.

    Gone or ended, the fresh read of `_current` then answers 404 or 409.
    """
    with db.session_scope() as session:
        try:
            return interviews.next_step(session, user_id, sq_id) is not None
        except interviews.InterviewError:
            return True


@router.get(
    "/{interview_id}/questions/{question_id}",
    response_model=AnsweredQuestion,
    responses=responses(401, 404, 422),
)
def get_question(interview_id: Id, question_id: Id, user: CurrentUser, session: Db) -> AnsweredQuestion:
    """One question of the interview with its answer's status and, once scored, its feedback (poll this)."""
    assert user.id is not None
    _owned_question(session, user.id, interview_id, question_id)
    return answered_of(session, user.id, interview_id, question_id)


_NOT_NOW = "The question cannot take it now: `session_over`, `already_answered`, `not_current`, `paused` (see `code`)."


@router.put(
    "/{interview_id}/questions/{question_id}/draft",
    response_model=DraftSaved,
    responses=responses(401, 404, 409, 422, s409=_NOT_NOW, s422="Malformed, or `too_long`."),
)
def save_draft(interview_id: Id, question_id: Id, body: DraftBody, user: CurrentUser, session: Db) -> DraftSaved:
    """Save the unsent answer (autosave); it comes back in `current` and is handed in if the interview ends."""
    assert user.id is not None
    _owned_question(session, user.id, interview_id, question_id)
    try:
        saved = interviews.save_draft(session, user.id, question_id, body.text)
    except interviews.InterviewError as exc:
        raise refusal(exc) from None
    return DraftSaved(saved_at=saved)


Wait = Annotated[
    float,
    Query(
        ge=0, le=MAX_WAIT, description="Seconds to wait for the feedback (0: answer at once; then poll the question)."
    ),
]


@router.post(
    "/{interview_id}/questions/{question_id}/answer",
    status_code=201,
    response_model=Submitted,
    responses=responses(
        401, 404, 409, 422, 429, s409=_NOT_NOW, s422="Malformed, or `empty` / `too_long` (the draft stays)."
    ),
)
async def submit_answer(
    interview_id: Id, question_id: Id, body: AnswerBody, user: CurrentUser, session: Db, wait: Wait = 5
) -> Submitted:
    """Hand in a typed answer; the feedback comes with it when scored within `wait` seconds.

    The answer is stored at once; whether a follow-up question comes next is decided in the background with
    the scoring (usually well under a second). Until then `preparing` is true and `next_question` null: poll
    `GET /interviews/{id}/current` until its `preparing` is false (it is then the follow-up, `kind`
    `follow_up`, or the next main question; 409 `session_over` when that was the last). With `wait`, the
    answer comes back once decided and scored (or after `wait` seconds). 429 past the answers a minute allows
    (the draft stays). Without the feedback yet, `answered.status` is `submitted` or `scoring`: read
    `GET .../questions/{question_id}` again.
    """
    assert user.id is not None
    user_id = user.id
    # The database work runs in worker threads; the wait for the score holds none of them.
    outcome = await run_in_threadpool(_hand_in, session, user_id, interview_id, question_id, body.text)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline and not await run_in_threadpool(_scored, outcome.answer_id):
        await asyncio.sleep(POLL_SECONDS)
    return await run_in_threadpool(_submitted, session, user_id, interview_id, question_id, outcome)


def _hand_in(session: Session, user_id: int, interview_id: int, sq_id: int, text: str) -> interviews.SubmitOutcome:
    """Hand the answer in, in a transaction of its own: scoring is queued when it commits."""
    session.commit()  # the sign-in's own writes
    with db.session_scope() as own:
        _owned_question(own, user_id, interview_id, sq_id)
        try:
            return interviews.submit_answer(own, user_id, sq_id, text)
        except interviews.InterviewError as exc:
            raise refusal(exc) from None


def _scored(answer_id: int) -> bool:
    """True once the answer is scored (or has failed, or is gone)."""
    with db.session_scope() as session:
        answer = session.get(Answer, answer_id)
        return answer is None or answer.status in DONE


def _submitted(
    session: Session, user_id: int, interview_id: int, sq_id: int, outcome: interviews.SubmitOutcome
) -> Submitted:
    session.expire_all()
    if outcome.preparing:  # decided while the feedback was awaited?
        outcome = interviews.next_step(session, user_id, sq_id) or outcome
    return Submitted(
        answered=answered_of(session, user_id, interview_id, sq_id),
        finished=outcome.finished,
        follow_up=outcome.follow_up,
        preparing=outcome.preparing,
        next_question=None if outcome.preparing else _next(session, user_id, interview_id),
    )


@router.post(
    "/{interview_id}/questions/{question_id}/skip",
    response_model=Step,
    responses=responses(401, 404, 409, 422, s409=_NOT_NOW),
)
def skip_question(interview_id: Id, question_id: Id, user: CurrentUser, session: Db) -> Step:
    """Skip the current question (it counts 0 in the overall score)."""
    assert user.id is not None
    _owned_question(session, user.id, interview_id, question_id)
    try:
        finished = interviews.skip_question(session, user.id, question_id)
    except interviews.InterviewError as exc:
        raise refusal(exc) from None
    session.flush()
    return Step(finished=finished, next_question=_next(session, user.id, interview_id))


_CONTINUE_409 = (
    "`still_transcribing` (ask again in a second), `no_recording`, `not_current` (not handed in yet) or `session_over`."
)


@router.post(
    "/{interview_id}/questions/{question_id}/continue",
    response_model=Step,
    responses=responses(401, 404, 409, 422, s409=_CONTINUE_409),
)
def continue_after_recording(interview_id: Id, question_id: Id, user: CurrentUser, session: Db) -> Step:
    """After a spoken answer is handed in and transcribed: move on (a follow-up first when points were missed)."""
    assert user.id is not None
    _owned_question(session, user.id, interview_id, question_id)
    try:
        outcome = recordings.continue_after(session, user.id, question_id, follow_up_writer=interviews.llm_follow_up)
    except interviews.InterviewError as exc:
        raise refusal(exc) from None
    session.flush()
    return Step(
        finished=outcome.finished, follow_up=outcome.follow_up, next_question=_next(session, user.id, interview_id)
    )


def _change(session: Session, user: User, interview_id: int, action: Callable[[Session, int, int], Any]) -> Interview:
    """Pause, resume or end the caller's interview through the service; its refusals become API problems."""
    assert user.id is not None
    try:
        interview = action(session, user.id, interview_id)
    except interviews.InterviewError as exc:
        raise refusal(exc) from None
    return interview_of(session, interview)


@router.post("/{interview_id}/pause", response_model=Interview, responses=responses(401, 404, 409, 422, s409=_OVER))
def pause_interview(interview_id: Id, user: CurrentUser, session: Db) -> Interview:
    """Stop the clock (pausing a paused interview changes nothing)."""
    return _change(session, user, interview_id, interviews.pause)


@router.post("/{interview_id}/resume", response_model=Interview, responses=responses(401, 404, 409, 422, s409=_OVER))
def resume_interview(interview_id: Id, user: CurrentUser, session: Db) -> Interview:
    """Start the clock again where it stopped."""
    return _change(session, user, interview_id, interviews.resume)


@router.post("/{interview_id}/end", response_model=Interview, responses=responses(401, 404, 409, 422, s409=_OVER))
def end_interview(interview_id: Id, user: CurrentUser, session: Db) -> Interview:
    """End now: a saved draft is handed in as the answer, the questions left are skipped; the report follows."""
    return _change(session, user, interview_id, interviews.end_early)


@router.get("/{interview_id}/report", response_model=Report, responses=responses(401, 404, 422))
def get_report(interview_id: Id, user: CurrentUser, session: Db) -> Report:
    """The report: overall score, dimensions, recommendations and every answer's feedback (`pending` while scoring)."""
    assert user.id is not None
    return report_of(session, user.id, interview_id)


_PDF = {
    "description": "The report as the report page's PDF.",
    "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
}


@router.get(
    "/{interview_id}/report.pdf",
    response_class=Response,
    responses={
        200: _PDF,
        **responses(401, 403, 404, 422, s403="`plan_feature`: plans are on and the caller's plan has no PDF reports."),
    },
)
def get_report_pdf(interview_id: Id, user: CurrentUser, session: Db) -> Response:
    """The report as a PDF (the report page's download)."""
    assert user.id is not None
    try:
        plans.require_feature(session, user.id, "pdf_reports")
        lang = profiles.language_of(session, user.id)
        data = reports.build(session, user.id, interview_id, lang)
    except interviews.InterviewError as exc:
        raise refusal(exc) from None
    except plans.FeatureLocked as exc:
        raise ApiProblem(403, exc.code, exc.message(request_language())) from None
    return Response(
        report_pdf.render(data, lang),
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="interview-report-{interview_id}.pdf"',
            "Cache-Control": "private, no-store",
        },
    )
