"""What lets the owner in while someone else is guessing their password: known devices and e-mailed codes."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from interview_app.clock import utcnow


class KnownDevice(SQLModel, table=True):
    """A browser the user signed in on: it keeps a random id, the server only its SHA-256."""

    __tablename__ = "known_devices"  # pyright: ignore[reportAssignmentType]

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    last_used_at: datetime = Field(default_factory=utcnow, index=True)


class SignInChallenge(SQLModel, table=True):
    """A sign-in waiting for the code e-mailed to the owner (only while the account's back-off runs).

    `user_id` is empty for an unknown e-mail and `password_ok` false for a wrong password: such a challenge
    looks the same from outside but no code can complete it.
    """

    __tablename__ = "signin_challenges"  # pyright: ignore[reportAssignmentType]

    id: int | None = Field(default=None, primary_key=True)
    user_id: int | None = Field(default=None, foreign_key="users.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True, index=True)
    code_hash: str = Field(max_length=64)
    password_ok: bool = False
    attempts: int = 0
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime = Field(index=True)
    used_at: datetime | None = None
