"""The in-app inbox (the bell): notifications a user reads in the app, each at most once per dedupe key.

Rows that must exist once are inserted with `db.insert_once` (race-safe "insert or ignore"): two processes
inserting the same unique key at the same time end up with one row, on SQLite and on PostgreSQL alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from interview_app.clock import utcnow
from interview_app.db import insert_once
from interview_app.models import Notification

KEEP_PER_USER = 200
MAX_PAGE = 100


@dataclass(frozen=True)
class Page:
    """One page of a user's notifications, newest first, and how many they have in all."""

    items: list[Notification]
    total: int


def notify(
    session: Session,
    user_id: int,
    kind: str,
    title: str,
    body: str = "",
    link: str = "",
    dedupe_key: str | None = None,
) -> Notification | None:
    """Put a notification in a user's inbox; with `dedupe_key`, at most once ever.

    Older notifications the user has already read are pruned so that the newest KEEP_PER_USER stay;
    unread ones are never dropped.

    Args:
        session: The open database session; the caller commits.
        user_id: Whose inbox.
        kind: What it is about (e.g. `quiz_reminder`), at most 30 characters.
        title: The headline (cut to 200 characters).
        body: A sentence or two (cut to 1000 characters).
        link: An in-app path to open, such as `/trainer` (at most 300 characters).
        dedupe_key: A key unique across all notifications, e.g. `quiz:<user>:<day>`.

    Returns:
        The new notification, or None when `dedupe_key` was used before.

    Raises:
        ValueError: `kind`, `link` or `dedupe_key` is too long (cutting them would change their meaning).

    """
    if len(kind) > 30 or len(link) > 300 or (dedupe_key is not None and len(dedupe_key) > 80):
        raise ValueError("kind, link or dedupe_key is too long")
    row = Notification(user_id=user_id, kind=kind, title=title[:200], body=body[:1000], link=link)
    if dedupe_key is None:
        session.add(row)
        session.flush()
    else:
        row.dedupe_key = dedupe_key
        if not insert_once(session, row):
            return None
        row = session.exec(select(Notification).where(Notification.dedupe_key == dedupe_key)).one()
    _prune(session, user_id)
    return row


def _prune(session: Session, user_id: int) -> int:
    """Delete read notifications older than the user's newest KEEP_PER_USER."""
    oldest_kept = session.exec(
        select(Notification.id)
        .where(Notification.user_id == user_id)
        .order_by(col(Notification.id).desc())
        .offset(KEEP_PER_USER - 1)
        .limit(1)
    ).first()
    if oldest_kept is None:
        return 0
    result = session.exec(  # type: ignore[call-overload]
        delete(Notification).where(
            col(Notification.user_id) == user_id,
            col(Notification.id) < oldest_kept,
            col(Notification.read_at).is_not(None),
        )
    )
    return result.rowcount


def unread_count(session: Session, user_id: int) -> int:
    """How many of the user's notifications are unread (the number on the bell)."""
    query = select(func.count()).where(Notification.user_id == user_id, col(Notification.read_at).is_(None))
    return session.exec(query).one()


def recent(session: Session, user_id: int, limit: int = 10) -> list[Notification]:
    """The user's newest notifications, read or not (for the bell's menu)."""
    return page(session, user_id, 0, limit).items


def page(session: Session, user_id: int, offset: int = 0, limit: int = 20, before_id: int | None = None) -> Page:
    """A page of the user's notifications, newest first (for the inbox page and the API).

    Args:
        session: The open database session.
        user_id: Whose inbox.
        offset: How many of the newest to skip (negative counts as 0).
        limit: How many to return (1 to MAX_PAGE).
        before_id: Only notifications older than this one (a cursor: notifications that arrive meanwhile do
            not shift the pages).

    Returns:
        The notifications on this page and the user's total (older than `before_id`, when given).

    """
    limit = max(1, min(limit, MAX_PAGE))
    mine = [col(Notification.user_id) == user_id]
    if before_id is not None:
        mine.append(col(Notification.id) < before_id)
    rows = session.exec(
        select(Notification).where(*mine).order_by(col(Notification.id).desc()).offset(max(0, offset)).limit(limit)
    ).all()
    total = session.exec(select(func.count()).where(*mine)).one()
    return Page(items=list(rows), total=total)


def mark_read(session: Session, user_id: int, notification_id: int) -> bool:
    """Mark one of the user's notifications read.

    Returns:
        True when the notification is the user's (now read); False for anyone else's or a missing id,
        which are left untouched.

    """
    row = session.get(Notification, notification_id)
    if row is None or row.user_id != user_id:
        return False
    if row.read_at is None:
        row.read_at = utcnow()
        session.add(row)
        session.flush()
    return True


def mark_all_read(session: Session, user_id: int) -> int:
    """Mark every unread notification of the user read; returns how many changed."""
    result = session.exec(  # type: ignore[call-overload]
        update(Notification)
        .where(col(Notification.user_id) == user_id, col(Notification.read_at).is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session="fetch")
    )
    return result.rowcount
