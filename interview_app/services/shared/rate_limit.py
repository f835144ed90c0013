"""Sliding-window rate limits stored in the database, so every worker sees the same counts."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, select

from interview_app.clock import utcnow
from interview_app.i18n import formats
from interview_app.models import RateLimitHit


class RateLimited(Exception):
    """Raised when an action must wait; `retry_after` is in whole seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"retry after {retry_after} s")
        self.retry_after = retry_after

    def retry_text(self, lang: str = "en") -> str:
        """The wait in the language's words, e.g. `2 minutes`, `3 hours 10 minutes`, `3시간 10분`."""
        return formats.duration(self.retry_after, lang)


def hit(session: Session, key: str, *, now: datetime | None = None) -> None:
    """Count one attempt under `key`."""
    session.add(RateLimitHit(key=key, created_at=now or utcnow()))
    session.flush()


def recent(session: Session, key: str, window: timedelta, *, now: datetime | None = None) -> list[datetime]:
    """Times of the attempts under `key` within `window`, oldest first."""
    since = (now or utcnow()) - window
    rows = session.exec(
        select(RateLimitHit.created_at)
        .where(RateLimitHit.key == key, RateLimitHit.created_at > since)
        .order_by(RateLimitHit.created_at)  # type: ignore[arg-type]
    ).all()
    return list(rows)


def check_window(session: Session, key: str, *, limit: int, window: timedelta, now: datetime | None = None) -> None:
    """Raise RateLimited when `key` already has `limit` attempts within `window`."""
    now = now or utcnow()
    times = recent(session, key, window, now=now)
    if len(times) >= limit:
        wait = times[len(times) - limit] + window - now
        raise RateLimited(max(1, math.ceil(wait.total_seconds())))


def check_backoff(
    session: Session,
    key: str,
    *,
    free: int,
    base_seconds: int,
    max_seconds: int,
    window: timedelta,
    now: datetime | None = None,
) -> None:
    """Raise RateLimited while an exponential back-off after repeated failures runs.

    After `free` failures within `window`, each further attempt must wait
    `base_seconds * 2**(failures - free)` (at most `max_seconds`) after the last failure.
    """
    now = now or utcnow()
    times = recent(session, key, window, now=now)
    if len(times) < free:
        return
    delay = min(max_seconds, base_seconds * 2 ** (len(times) - free))
    wait = times[-1] + timedelta(seconds=delay) - now
    if wait.total_seconds() > 0:
        raise RateLimited(max(1, math.ceil(wait.total_seconds())))


def clear(session: Session, key: str) -> None:
    """Forget the attempts under `key` (e.g. after a successful sign-in).

    Usually there are none: a read finds that out without taking SQLite's one write lock (a DELETE takes it even
    when it deletes nothing, and every sign-in clears its account's failures).
    """
    if session.exec(select(RateLimitHit.id).where(RateLimitHit.key == key).limit(1)).first() is None:
        return
    session.exec(delete(RateLimitHit).where(RateLimitHit.key == key))  # type: ignore[call-overload]


def prune(session: Session, older_than: timedelta = timedelta(days=1)) -> int:
    """Delete attempts older than `older_than`; returns how many went."""
    cutoff = utcnow() - older_than
    count = session.exec(select(func.count()).select_from(RateLimitHit).where(RateLimitHit.created_at < cutoff)).one()
    session.exec(delete(RateLimitHit).where(RateLimitHit.created_at < cutoff))  # type: ignore[call-overload]
    return int(count)
