"""Tailored interviews: the candidate's job descriptions and CVs, and what was built from them."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel

from interview_app.clock import utcnow


class CandidateDocument(SQLModel, table=True):
    """A job description (kind "job") or a CV (kind "cv") the candidate gave us, with what was read from it.

    `text` is the plain text as read (a CV's file is never kept); `extracted` is the structure found in it,
    as corrected by the candidate (`confirmed` once they have looked at it).
    """

    __tablename__ = "candidate_documents"  # pyright: ignore[reportAssignmentType]

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=10, index=True)
    filename: str = Field(default="", max_length=200)
    media_type: str = Field(default="", max_length=80)
    size_bytes: int = 0
    text: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    extracted: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    confirmed: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class TailoredInterview(SQLModel, table=True):
    """A mock interview built for a job description (and a CV): why each question was chosen, and the fit.

    `picks` holds, per main question position, where the question came from and the quote that chose it;
    `fit` is the fit matrix (one row per requirement with its evidence), refreshed from the answers when
    the interview ends.
    """

    __tablename__ = "tailored_interviews"  # pyright: ignore[reportAssignmentType]

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    session_id: int = Field(foreign_key="interview_sessions.id", unique=True, ondelete="CASCADE")
    job_id: int | None = Field(default=None, foreign_key="candidate_documents.id", index=True, ondelete="SET NULL")
    cv_id: int | None = Field(default=None, foreign_key="candidate_documents.id", index=True, ondelete="SET NULL")
    title: str = Field(default="", max_length=200)
    company: str = Field(default="", max_length=120)
    picks: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    fit: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    fit_from_answers: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
