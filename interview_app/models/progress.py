"""Progress: per-candidate aggregates for fast dashboards and peer percentiles, study plans, data exports."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from interview_app.clock import utcnow


class UserStats(SQLModel, table=True):
    """A candidate's running totals, kept up to date as sessions are summed up (one row per candidate).

    Dashboards read these instead of scanning every answer; peer percentiles compare `avg_score` within
    the same role and level among candidates who opted in.
    """

    __tablename__ = "user_stats"  # pyright: ignore[reportAssignmentType]
    __table_args__ = (Index("ix_user_stats_group", "role_slug", "level", "share_progress", "avg_score"),)

    user_id: int = Field(foreign_key="users.id", primary_key=True, ondelete="CASCADE")
    role_slug: str = Field(default="", max_length=60)
    level: str = Field(default="", max_length=20)
    share_progress: bool = False
    sessions: int = 0
    answers: int = 0
    avg_score: float | None = None
    last_session_at: datetime | None = None
    # One compact entry per finished, scored interview, oldest first (what the progress page plots), so the
    # page reads one row instead of every session's breakdown (entry layout: analytics.HISTORY_FIELDS).
    history: list[list[Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]"))
    updated_at: datetime = Field(default_factory=utcnow)


class StudyPlan(SQLModel, table=True):
    """A candidate's study plan counted back from their interview date; `plan` holds the weeks and items."""

    __tablename__ = "study_plans"  # pyright: ignore[reportAssignmentType]

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", unique=True, index=True, ondelete="CASCADE")
    plan: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # draft (proposed), accepted; edited is set once the candidate changed it by hand
    status: str = Field(default="draft", max_length=12)
    edited: bool = False
    # rules, or the LLM model that worded it
    source: str = Field(default="rules", max_length=120)
    interview_date: date | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class DataExport(SQLModel, table=True):
    """A ZIP of everything a candidate has, built by a background job; downloadable until it expires."""

    __tablename__ = "data_exports"  # pyright: ignore[reportAssignmentType]

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    # queued, building, ready, failed, expired
    status: str = Field(default="queued", max_length=12, index=True)
    progress: int = 0
    file_path: str = Field(default="", max_length=300)
    size_bytes: int = 0
    error: str = Field(default="", max_length=500)
    attempts: int = 0
    created_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    expires_at: datetime | None = Field(default=None, index=True)
