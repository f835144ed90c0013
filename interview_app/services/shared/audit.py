"""Writing security and admin events to the audit log, and taking a deleted person out of it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Text, cast, func, or_
from sqlmodel import Session, col, select

from interview_app.models import AuditEvent

REDACTED = "[deleted]"
# Detail keys that describe the person at the keyboard rather than what happened.
_CLIENT_KEYS = frozenset({"ip", "user_agent", "email", "name"})


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


def anonymise_person(session: Session, *, user_id: int, emails: Iterable[str], names: Iterable[str], ref: str) -> int:
    """Keep every event about a deleted account, with nothing left that identifies the person.

    The events where they were actor or subject, or that name one of their e-mail addresses (in the e-mail
    column or anywhere in the detail), stay in the log: their id is replaced by `ref` in the detail
    (`deleted_actor` / `deleted_subject`, the same keyed hash as the `account.deleted` event), their e-mail
    addresses and names are cut out of every text, and the IP address goes unless another person acted.
    Other people named in those events (the admin who changed a role, say) stay as they were.

    Args:
        session: The open database session (the caller commits).
        user_id: The account being deleted.
        emails: Every address the account used (compared case-insensitively).
        names: Its display names.
        ref: A keyed hash that stands for the person (it links the events without naming anyone).

    Returns:
        How many events were anonymised.

    """
    addresses = sorted({e.lower() for e in emails if e})
    needles = sorted({*addresses, *(n.lower() for n in names if len(n.strip()) >= 2)}, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(n) for n in needles), re.IGNORECASE) if needles else None
    detail_text = func.lower(cast(AuditEvent.detail, Text))
    matches = [
        col(AuditEvent.actor_user_id) == user_id,
        col(AuditEvent.subject_user_id) == user_id,
        func.lower(AuditEvent.email).in_(addresses),
        *(detail_text.contains(address, autoescape=True) for address in addresses),
    ]
    rows = session.exec(select(AuditEvent).where(or_(*matches))).all()
    for row in rows:
        acted, concerned = row.actor_user_id == user_id, row.subject_user_id == user_id
        about = concerned or (row.email.lower() in addresses and row.subject_user_id is None)
        detail = {k: _redact(v, pattern) for k, v in row.detail.items()}
        if acted or row.actor_user_id is None:
            detail = {k: v for k, v in detail.items() if k not in _CLIENT_KEYS}
            row.ip = ""
        if acted:
            row.actor_user_id, detail["deleted_actor"] = None, ref
        if about:
            row.subject_user_id, detail["deleted_subject"] = None, ref
        if about or row.email.lower() in addresses:
            row.email = ""
        row.detail = detail
        session.add(row)
    return len(rows)


def _redact(value: Any, pattern: re.Pattern[str] | None) -> Any:
    """`value` with every match of `pattern` in its texts replaced by REDACTED (dicts and lists walked)."""
    if pattern is None:
        return value
    if isinstance(value, str):
        return pattern.sub(REDACTED, value)
    if isinstance(value, dict):
        return {k: _redact(v, pattern) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact(v, pattern) for v in value]
    return value
