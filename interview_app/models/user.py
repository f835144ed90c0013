"""Accounts: users, their server-side sessions and one-time tokens."""

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from interview_app.clock import utcnow


class User(SQLModel, table=True):
    """A person with an account; `password_hash` never leaves the server."""

    __tablename__ = "users"  # pyright: ignore[reportAssignmentType]

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True, index=True)
    name: str = Field(max_length=120)
    password_hash: str | None = Field(default=None, max_length=255)
    role: str = Field(default="candidate", max_length=20, index=True)
    is_active: bool = True
    email_verified_at: datetime | None = None
    onboarded_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime | None = None
    password_changed_at: datetime | None = None


class AuthSession(SQLModel, table=True):
    """A signed-in browser; only the SHA-256 of its token is stored."""

    __tablename__ = "auth_sessions"  # pyright: ignore[reportAssignmentType]

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    last_used_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None
    user_agent: str = Field(default="", max_length=300)
    ip: str = Field(default="", max_length=64)


class AuthToken(SQLModel, table=True):
    """A single-use token sent by e-mail: verify e-mail, reset password, change e-mail."""

    __tablename__ = "auth_tokens"  # pyright: ignore[reportAssignmentType]

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    purpose: str = Field(max_length=30)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    new_email: str | None = Field(default=None, max_length=254)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None


class OAuthAccount(SQLModel, table=True):
    """A sign-in identity at an OAuth provider (Google, GitHub, LinkedIn) linked to a user."""

    __tablename__ = "oauth_accounts"  # pyright: ignore[reportAssignmentType]
    __table_args__ = (UniqueConstraint("provider", "subject", name="uq_oauth_accounts_provider_subject"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    provider: str = Field(max_length=20)
    subject: str = Field(max_length=255)
    email: str = Field(default="", max_length=254)
    created_at: datetime = Field(default_factory=utcnow)
    last_used_at: datetime = Field(default_factory=utcnow)


class OAuthState(SQLModel, table=True):
    """A pending OAuth authorisation: CSRF state (hashed), PKCE verifier and where to return."""

    __tablename__ = "oauth_states"  # pyright: ignore[reportAssignmentType]

    id: int | None = Field(default=None, primary_key=True)
    state_hash: str = Field(max_length=64, unique=True, index=True)
    provider: str = Field(max_length=20)
    code_verifier: str = Field(max_length=128)
    next_path: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
