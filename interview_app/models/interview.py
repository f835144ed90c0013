"""The question bank and mock interviews: sessions, their questions, answers and feedback."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from interview_app.clock import utcnow


class Question(SQLModel, table=True):
    """One interview question of the bank (curated files, admin edits or LLM-generated)."""

    __tablename__ = "questions"  # pyright: ignore[reportAssignmentType]

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=80, unique=True, index=True)
    type: str = Field(max_length=20, index=True)
    difficulty: str = Field(max_length=10, index=True)
    roles: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    competencies: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    tags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    prompt: str = Field(max_length=1000)
    key_points: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    model_answer: str = Field(max_length=6000)
    follow_ups: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # The language the question is written in ("en", "ko"); an interview draws in the candidate's language.
    language: str = Field(default="en", max_length=8, index=True)
    time_limit_seconds: int = 180
    source: str = Field(default="curated", max_length=20)
    status: str = Field(default="active", max_length=20, index=True)
    # Set for a candidate's own question written from their CV or job description (source "tailored",
    # status "private"): asked only in their tailored interviews, never listed in the bank or to admins.
    owner_id: int | None = Field(default=None, foreign_key="users.id", index=True, ondelete="CASCADE")
    version: int = 1
    content_hash: str = Field(default="", max_length=64)
    search_text: str = Field(default="", max_length=2000)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class InterviewSession(SQLModel, table=True):
    """A mock interview: its set-up, where the candidate is, and the final score."""

    __tablename__ = "interview_sessions"  # pyright: ignore[reportAssignmentType]

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    role_slug: str | None = Field(default=None, max_length=60)
    role_title: str = Field(default="", max_length=120)
    interview_type: str = Field(max_length=20)
    difficulty: str = Field(max_length=10)
    focus: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    question_count: int = 5
    timer_enabled: bool = True
    time_limit_seconds: int | None = None
    answer_mode: str = Field(default="text", max_length=10)
    # Spoken interviewer: questions are read aloud and recording starts and stops by itself.
    hands_free: bool = False
    practice: bool = False
    # The language its questions are in: it picks the Whisper model and the transcription language.
    language: str = Field(default="en", max_length=8)
    status: str = Field(default="in_progress", max_length=20, index=True)
    current_position: int = 0
    paused_at: datetime | None = None
    overall_score: int | None = None
    breakdown: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    recommendations: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    started_at: datetime = Field(default_factory=utcnow)
    ended_at: datetime | None = None
    updated_at: datetime = Field(default_factory=utcnow)


class SessionQuestion(SQLModel, table=True):
    """A question as asked in one session (a main question or its follow-up), with the timer and draft."""

    __tablename__ = "session_questions"  # pyright: ignore[reportAssignmentType]
    __table_args__ = (UniqueConstraint("session_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="interview_sessions.id", index=True, ondelete="CASCADE")
    position: int
    question_id: int | None = Field(default=None, foreign_key="questions.id", ondelete="SET NULL")
    kind: str = Field(default="main", max_length=12)
    parent_id: int | None = Field(default=None, foreign_key="session_questions.id", ondelete="CASCADE")
    prompt: str = Field(max_length=1000)
    # A follow-up's own key points, the ones its answer is scored on (empty for a main question).
    key_points: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]"))
    time_limit_seconds: int = 180
    status: str = Field(default="pending", max_length=12)
    seconds_used: float = 0.0
    running_since: datetime | None = None
    draft: str = Field(default="", max_length=20000)
    draft_saved_at: datetime | None = None
    shown_at: datetime | None = None
    finished_at: datetime | None = None


class Answer(SQLModel, table=True):
    """What the candidate submitted for one session question: typed text, or a voice or video recording.

    A recording's status goes recording -> uploaded -> transcribing -> scoring -> scored (or failed, with
    attempts and the last error); a typed answer starts at submitted.
    """

    __tablename__ = "answers"  # pyright: ignore[reportAssignmentType]

    id: int | None = Field(default=None, primary_key=True)
    session_question_id: int = Field(foreign_key="session_questions.id", unique=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    mode: str = Field(default="text", max_length=10)
    text: str = Field(default="", max_length=20000)
    media_path: str | None = Field(default=None, max_length=300)
    transcript: str = Field(default="", max_length=20000)
    word_timings: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    duration_seconds: float | None = None
    status: str = Field(default="submitted", max_length=20, index=True)
    attempts: int = 0
    last_error: str = Field(default="", max_length=500)
    submitted_at: datetime = Field(default_factory=utcnow)
    scored_at: datetime | None = None
    # Recordings: the container as decoded, pieces and bytes received, streamed transcription progress.
    media_type: str = Field(default="", max_length=40)
    media_pieces: int = 0
    media_bytes: int = 0
    media_seconds: float = 0.0
    transcribed_seconds: float = 0.0
    metrics: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # Which key points the answer makes (rubric.KeyPointVerdicts): matched once, read by the follow-up
    # decision and the score alike.
    key_point_verdicts: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}")
    )
    recording_finished_at: datetime | None = None
    transcribed_at: datetime | None = None
    media_expires_at: datetime | None = Field(default=None, index=True)
    media_deleted_at: datetime | None = None


class Feedback(SQLModel, table=True):
    """The rubric result for one answer, with the engine, model and rubric version that made it."""

    __tablename__ = "feedback"  # pyright: ignore[reportAssignmentType]

    id: int | None = Field(default=None, primary_key=True)
    answer_id: int = Field(foreign_key="answers.id", unique=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    total: int
    dimensions: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    result: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    engine: str = Field(max_length=20)
    model: str = Field(default="", max_length=120)
    rubric_version: str = Field(max_length=20)
    created_at: datetime = Field(default_factory=utcnow)
