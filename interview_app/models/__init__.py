"""Every table, re-exported so that Reflex and alembic see them all."""

from interview_app.models.audit import AuditEvent, RateLimitHit
from interview_app.models.mail import OutboxMessage
from interview_app.models.profile import JobRole, Profile
from interview_app.models.user import AuthSession, AuthToken, OAuthAccount, OAuthState, User

__all__ = [
    "AuditEvent",
    "AuthSession",
    "AuthToken",
    "JobRole",
    "OAuthAccount",
    "OAuthState",
    "OutboxMessage",
    "Profile",
    "RateLimitHit",
    "User",
]
