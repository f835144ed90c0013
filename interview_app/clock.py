"""The clock: the current UTC time, and each candidate's own clock (time zone, local time, "HH:MM" settings)."""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

if TYPE_CHECKING:
    from interview_app.models import Profile


def utcnow() -> datetime:
    """Current time, timezone-aware in UTC (SQLModel stores datetimes as UTC)."""
    return datetime.now(UTC)


@functools.lru_cache(maxsize=1024)
def zone(name: str | None) -> ZoneInfo:
    """The time zone called `name` (IANA, e.g. `Europe/Berlin`); UTC when unknown or malformed."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def aware(moment: datetime) -> datetime:
    """`moment` with a time zone (naive values from the database are UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def local_now(profile: Profile | None, now: datetime) -> datetime:
    """`now` on the candidate's own clock."""
    return aware(now).astimezone(zone(profile.timezone if profile else "UTC"))


def local_today(profile: Profile | None, now: datetime) -> date:
    """The candidate's calendar day at `now`."""
    return local_now(profile, now).date()


def parse_hhmm(value: str | time | None) -> time | None:
    """`HH:MM` (or a time) as a time of day; None when it is not one."""
    if isinstance(value, time):
        return value
    try:
        hours, minutes = (value or "").split(":")
        if len(hours) != 2 or len(minutes) != 2:
            return None
        return time(int(hours), int(minutes))
    except ValueError:
        return None
