"""The record of background job runs (name, start, duration, outcome), kept 30 days for analytics."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, col

from interview_app.clock import utcnow
from interview_app.models import JobRun

KEEP_DAYS = 30


def record(session: Session, name: str, started_at: datetime, seconds: float, error: str | None = None) -> JobRun:
    """Add one run; `error` is the failure's text (None when the job succeeded)."""
    row = JobRun(
        name=name[:40],
        started_at=started_at,
        seconds=round(max(0.0, seconds), 4),
        ok=error is None,
        error=(error or "")[:500],
    )
    session.add(row)
    return row


def prune(session: Session, now: datetime | None = None, keep_days: int = KEEP_DAYS) -> int:
    """Delete runs older than `keep_days`; returns how many."""
    cutoff = (now or utcnow()) - timedelta(days=keep_days)
    result = session.exec(delete(JobRun).where(col(JobRun.started_at) < cutoff))  # type: ignore[call-overload]
    return int(result.rowcount or 0)
