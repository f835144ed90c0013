"""The API's refresh tokens: one family per sign-in of an app, one row per token the family was given."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from interview_app.clock import utcnow


class ApiTokenFamily(SQLModel, table=True):
    """A signed-in API client (an app on a phone, an integration): every refresh token it ever held.

    The access tokens of the family carry its id (`sid`), so revoking the family ends them at once too.
    `revoked_reason` says why: signed_out, signed_out_everywhere, password_changed, reuse_detected, expired...
    """

    __tablename__ = "api_token_families"  # pyright: ignore[reportAssignmentType]

    id: str = Field(primary_key=True, max_length=32)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime = Field(index=True)
    last_used_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None
    revoked_reason: str = Field(default="", max_length=40)
    via: str = Field(default="password", max_length=20)
    user_agent: str = Field(default="", max_length=300)
    ip: str = Field(default="", max_length=64)


class ApiRefreshToken(SQLModel, table=True):
    """One refresh token of a family; only its SHA-256 is stored. A used one (`used_at`) never works again."""

    __tablename__ = "api_refresh_tokens"  # pyright: ignore[reportAssignmentType]

    id: int | None = Field(default=None, primary_key=True)
    family_id: str = Field(foreign_key="api_token_families.id", index=True, max_length=32, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None
