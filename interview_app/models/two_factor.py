"""Two-factor sign-in: the authenticator secret, single-use recovery codes and remembered devices."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from interview_app.clock import utcnow


class TwoFactor(SQLModel, table=True):
    """A user's authenticator app (TOTP), one per user.

    `secret` is encrypted with a key derived from SECRET_KEY and never shown again once enrolment is
    confirmed; `enabled_at` stays empty while the enrolment waits for its first code. `last_step` is the
    30-second time step of the last code accepted: a code of that step or an earlier one is refused (replay).
    """

    __tablename__ = "two_factor"  # pyright: ignore[reportAssignmentType]

    user_id: int = Field(foreign_key="users.id", primary_key=True, ondelete="CASCADE")
    secret: str = Field(max_length=255)
    created_at: datetime = Field(default_factory=utcnow)
    enabled_at: datetime | None = None
    last_step: int = 0


class RecoveryCode(SQLModel, table=True):
    """One of a user's single-use recovery codes; only its SHA-256 is stored."""

    __tablename__ = "two_factor_recovery_codes"  # pyright: ignore[reportAssignmentType]

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    code_hash: str = Field(max_length=64, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    used_at: datetime | None = None


class RememberedDevice(SQLModel, table=True):
    """A browser or app where the user chose to skip the code for a while (the token kept there is hashed)."""

    __tablename__ = "two_factor_devices"  # pyright: ignore[reportAssignmentType]

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, index=True)
    label: str = Field(default="", max_length=120)
    ip: str = Field(default="", max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    last_used_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime = Field(index=True)
    revoked_at: datetime | None = None
