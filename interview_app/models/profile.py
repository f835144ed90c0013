"""Candidate profile, preferences and the job roles we seed."""

from datetime import date, datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from interview_app.clock import utcnow


class JobRole(SQLModel, table=True):
    """A job role candidates can target (seeded from interview_app/data/job_roles.json)."""

    __tablename__ = "job_roles"  # pyright: ignore[reportAssignmentType]

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=60, unique=True, index=True)
    title: str = Field(max_length=120)
    family: str = Field(max_length=60)
    description: str = Field(default="", max_length=500)
    suggested_skills: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class Profile(SQLModel, table=True):
    """What a candidate aims for and how they like to practise."""

    __tablename__ = "profiles"  # pyright: ignore[reportAssignmentType]

    user_id: int = Field(foreign_key="users.id", primary_key=True, ondelete="CASCADE")
    target_role_slug: str | None = Field(default=None, max_length=60)
    target_role_text: str = Field(default="", max_length=120)
    level: str = Field(default="mid", max_length=20)
    skills: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    target_companies: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    interview_date: date | None = None
    timezone: str = Field(default="UTC", max_length=64)
    difficulty: str = Field(default="medium", max_length=10)
    timer_enabled: bool = True
    answer_seconds: int = 120
    trainer_time: str = Field(default="08:00", max_length=5)
    remind_in_app: bool = True
    remind_email: bool = False
    remind_push: bool = False
    # Daily trainer: questions per daily quiz (0 = one per active topic), the day's goal in answered
    # questions (0 = finish the daily quiz), an optional per-question timer, and quiet hours for reminders.
    quiz_length: int = 0
    daily_goal: int = 0
    quiz_timer: bool = False
    quiz_seconds: int = 45
    quiet_start: str = Field(default="22:00", max_length=5)
    quiet_end: str = Field(default="07:00", max_length=5)
    # Opt-in: compare my scores with others of the same role and level (only as a percentile, never names).
    share_progress: bool = False
    language: str = Field(default="en", max_length=8)
    # How long voice and video recordings are kept (days); None keeps them. Transcripts always stay.
    recording_retention_days: int | None = 30
    updated_at: datetime = Field(default_factory=utcnow)
