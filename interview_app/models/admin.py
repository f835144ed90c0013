"""Admin records: question revisions, background job runs for analytics, and the platform settings admins switch."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from interview_app.clock import utcnow


class QuestionRevision(SQLModel, table=True):
    """One saved version of an interview or quiz question (its full content as it was saved)."""

    __tablename__ = "question_revisions"  # pyright: ignore[reportAssignmentType]
    __table_args__ = (Index("ix_question_revisions_item", "kind", "question_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    # "interview" (questions) or "quiz" (quiz_questions)
    kind: str = Field(max_length=10)
    question_id: int
    version: int
    content: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # what happened: created, edited, imported, retired, restored, approved, rejected, generated
    action: str = Field(max_length=20)
    actor_user_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, index=True)


class JobRun(SQLModel, table=True):
    """One run of a background job: which, how long it took, and whether it failed (platform analytics)."""

    __tablename__ = "job_runs"  # pyright: ignore[reportAssignmentType]
    __table_args__ = (Index("ix_job_runs_name_started", "name", "started_at"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=40)
    started_at: datetime = Field(default_factory=utcnow, index=True)
    seconds: float = 0.0
    ok: bool = True
    error: str = Field(default="", max_length=500)


class PlatformSetting(SQLModel, table=True):
    """One setting admins change in the app (Admin -> Settings), read by every worker from here.

    `value` is the setting's JSON value; who changed it last and when are kept with it (each change is also in
    the audit log with the value before and after).
    """

    __tablename__ = "platform_settings"  # pyright: ignore[reportAssignmentType]

    name: str = Field(primary_key=True, max_length=60)
    value: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
