"""Settings admins change in the app (Admin -> Settings), kept in `platform_settings`.

Every worker reads them from the database when it needs them (one primary-key read, no cache), so a change
holds at once everywhere. Each change is in the audit log as `platform_setting.changed`: who, when, the value
before and after.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from interview_app.clock import utcnow
from interview_app.models import PlatformSetting, User
from interview_app.services.shared import audit

CHANGED_EVENT = "platform_setting.changed"


@dataclass(frozen=True)
class Stored:
    """A setting's stored value, and who changed it last and when (None: never set in the app)."""

    value: Any
    updated_at: datetime | None
    updated_by: str  # the admin's e-mail, "" when unknown or deleted


def read(session: Session, name: str, default: Any = None) -> Stored:
    """The setting `name` as stored, or `default` when no admin ever set it."""
    row = session.get(PlatformSetting, name)
    if row is None:
        return Stored(default, None, "")
    admin = session.get(User, row.updated_by) if row.updated_by is not None else None
    return Stored(row.value, row.updated_at, admin.email if admin is not None else "")


def write(session: Session, name: str, value: Any, *, actor_user_id: int, ip: str = "", default: Any = None) -> bool:
    """Store `value` for `name` and log the change (the caller commits); False when it already had that value.

    `default` is what the setting meant before it was ever stored, logged as the old value then.
    """
    row = session.get(PlatformSetting, name)
    old = default if row is None else row.value
    if old == value:
        return False
    row = row or PlatformSetting(name=name)
    row.value, row.updated_at, row.updated_by = value, utcnow(), actor_user_id
    session.add(row)
    audit.record(session, CHANGED_EVENT, actor_user_id=actor_user_id, ip=ip, setting=name, old=old, new=value)
    return True
