"""A candidate's public GitHub profile as last fetched, and GitHub's answers kept for conditional requests."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from interview_app.clock import utcnow


class GitHubProfile(SQLModel, table=True):
    """What we read from a candidate's public GitHub account: repositories, languages, activity (one per user)."""

    __tablename__ = "github_profiles"  # pyright: ignore[reportAssignmentType]

    user_id: int = Field(foreign_key="users.id", primary_key=True, ondelete="CASCADE")
    username: str = Field(max_length=39)
    github_id: int | None = None
    name: str = Field(default="", max_length=255)
    # The summary built from the API answers: profile, notable repositories with README summaries and key
    # points, languages by bytes, topics, recent activity and the skills derived from them (services/tailoring).
    summary: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    fetched_at: datetime = Field(default_factory=utcnow)


class GitHubCacheEntry(SQLModel, table=True):
    """One GitHub API answer (public data) with its ETag, so the next fetch can send If-None-Match."""

    __tablename__ = "github_cache"  # pyright: ignore[reportAssignmentType]

    url: str = Field(primary_key=True, max_length=500)
    etag: str = Field(default="", max_length=200)
    # The Link header (pagination) and the parsed JSON body of the 200 answer.
    link: str = Field(default="", max_length=1000)
    body: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    fetched_at: datetime = Field(default_factory=utcnow)
