"""Writing security and admin events to the audit log."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from interview_app.models import AuditEvent


def record(
    session: Session,
    event: str,
    *,
    actor_user_id: int | None = None,
    subject_user_id: int | None = None,
    email: str = "",
    ip: str = "",
    **detail: Any,
) -> AuditEvent:
    """Add one audit event to `session` (committed with the caller's transaction).

    Args:
        session: The open database session.
        event: A dotted name such as `signin.success` or `role.changed`.
        actor_user_id: Who did it, when known.
        subject_user_id: Whose account it concerns, when known.
        email: The e-mail involved (for failed sign-ins with no user).
        ip: The client address.
        **detail: Small JSON-able facts about the event.

    Returns:
        The new (unflushed) event row.

    """
    row = AuditEvent(
        event=event,
        actor_user_id=actor_user_id,
        subject_user_id=subject_user_id,
        email=email[:254],
        ip=ip[:64],
        detail=detail,
    )
    session.add(row)
    return row
