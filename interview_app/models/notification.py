"""Reminders and notifications: the in-app inbox, web-push subscriptions, what was sent, and server keys."""

from datetime import date, datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from interview_app.clock import utcnow


class Notification(SQLModel, table=True):
    """One message in a user's in-app inbox (the bell)."""

    __tablename__ = "notifications"  # pyright: ignore[reportAssignmentType]

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=30)
    title: str = Field(max_length=200)
    body: str = Field(default="", max_length=1000)
    link: str = Field(default="", max_length=300)
    # Set for notifications that must exist at most once (e.g. "quiz:<user>:<day>").
    dedupe_key: str | None = Field(default=None, max_length=80, unique=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    read_at: datetime | None = None


class PushSubscription(SQLModel, table=True):
    """A browser's Web Push subscription (from the service worker), to send reminders to the installed app."""

    __tablename__ = "push_subscriptions"  # pyright: ignore[reportAssignmentType]

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    endpoint: str = Field(sa_column=Column(Text, nullable=False, unique=True))
    p256dh: str = Field(max_length=200)
    auth: str = Field(max_length=100)
    user_agent: str = Field(default="", max_length=300)
    created_at: datetime = Field(default_factory=utcnow)
    last_sent_at: datetime | None = None
    failures: int = 0


class ReminderSent(SQLModel, table=True):
    """A reminder claimed for one user, local day and channel: each is sent at most once."""

    __tablename__ = "reminders_sent"  # pyright: ignore[reportAssignmentType]
    __table_args__ = (UniqueConstraint("user_id", "day", "channel"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    day: date
    channel: str = Field(max_length=10)
    outcome: str = Field(default="", max_length=200)
    created_at: datetime = Field(default_factory=utcnow)


class ServerKey(SQLModel, table=True):
    """A key the server made for itself on first start and keeps (e.g. the VAPID key pair for web push)."""

    __tablename__ = "server_keys"  # pyright: ignore[reportAssignmentType]

    name: str = Field(primary_key=True, max_length=40)
    value: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
