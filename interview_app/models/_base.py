"""Shared column helpers for the tables."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Current time, timezone-aware in UTC (SQLModel stores datetimes as UTC)."""
    return datetime.now(UTC)
