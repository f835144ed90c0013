"""Every e-mail the app sends, kept as a local outbox and delivery log."""

from datetime import datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from interview_app.clock import utcnow


class OutboxMessage(SQLModel, table=True):
    """An e-mail: stored in the outbox, or sent over SMTP with its result."""

    __tablename__ = "outbox_messages"  # pyright: ignore[reportAssignmentType]

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    to_email: str = Field(max_length=254, index=True)
    subject: str = Field(max_length=200)
    body_text: str
    # Extra headers, e.g. List-Unsubscribe on reminders.
    headers: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}"))
    kind: str = Field(default="", max_length=40)
    transport: str = Field(default="outbox", max_length=10)
    status: str = Field(default="stored", max_length=10, index=True)
    attempts: int = 0
    error: str = Field(default="", max_length=500)
