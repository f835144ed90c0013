"""The usage meter: how much of each quota of their plan a candidate has used, what is left, and when it resets.

Every number comes from `services/shared/limits.py` (`limits.usage`), the same counting that refuses, so the
meter and the refusal never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from interview_app import clock
from interview_app.models import Plan, Subscription
from interview_app.services.billing import plans
from interview_app.services.shared import limits

# The quotas the meter shows, in this order (the plans' quotas; the per-minute limits are not a plan's).
METERED = (
    limits.INTERVIEWS_PER_MONTH,
    limits.INTERVIEWS_PER_DAY,
    limits.VOICE_MINUTES_PER_MONTH,
    limits.LLM_ANSWERS_PER_MONTH,
    limits.EXPORTS_PER_DAY,
)


@dataclass(frozen=True)
class Meter:
    """One quota: used, its number (None: unlimited), what is left, the share used (0-100) and the reset."""

    rule: str
    used: int
    limit: int | None
    left: int | None
    percent: int
    resets_at: datetime | None  # monthly quotas: the 1st, 00:00 UTC
    resets_in: int  # sliding windows: seconds until one more is allowed (0: allowed now)

    @property
    def full(self) -> bool:
        """Whether the quota is used up."""
        return self.left == 0


@dataclass(frozen=True)
class Summary:
    """A candidate's plan, the subscription that gives it (None: the default plan) and their meters."""

    plan: Plan
    subscription: Subscription | None
    meters: list[Meter]

    @property
    def any_full(self) -> bool:
        """Whether some quota is used up (the page then offers the upgrade)."""
        return any(m.full for m in self.meters)


def meter(session: Session, user_id: int, rule: limits.Rule, now: datetime | None = None) -> Meter:
    """One quota's meter."""
    used = limits.usage(session, user_id, rule, now=now)
    left = used.left
    percent = 0 if used.limit is None else (100 if used.limit == 0 else min(100, round(100 * used.used / used.limit)))
    return Meter(
        rule=rule.name,
        used=used.used,
        limit=used.limit,
        left=left,
        percent=percent,
        resets_at=used.resets_at,
        resets_in=used.resets_in,
    )


def summary(session: Session, user_id: int, now: datetime | None = None) -> Summary:
    """The plan and every metered quota of the user now."""
    now = clock.aware(now or clock.utcnow())
    return Summary(
        plan=plans.plan_for(session, user_id, now),
        subscription=plans.subscription_for(session, user_id, now),
        meters=[meter(session, user_id, rule, now) for rule in METERED],
    )
