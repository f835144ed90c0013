"""Security and admin events, and the counters behind rate limits."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from interview_app.clock import utcnow


class AuditEvent(SQLModel, table=True):
    """One security-relevant event (sign-in, password change, role change, ...)."""

    __tablename__ = "audit_events"  # pyright: ignore[reportAssignmentType]

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    event: str = Field(max_length=60, index=True)
    actor_user_id: int | None = Field(default=None, index=True)
    subject_user_id: int | None = Field(default=None, index=True)
    email: str = Field(default="", max_length=254)
    ip: str = Field(default="", max_length=64)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class RateLimitHit(SQLModel, table=True):
    """One counted attempt under a rate-limit key, such as `signin-ip:1.2.3.4`."""

    __tablename__ = "rate_limit_hits"  # pyright: ignore[reportAssignmentType]
    __table_args__ = (Index("ix_rate_limit_hits_key_created", "key", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=300)
    created_at: datetime = Field(default_factory=utcnow)
