"""The product's per-user limits in one place: what they are, how they are counted, and the one refusal.

Rules (settings; 0 means no limit; docs/limits.md):

| rule | window | counted from |
|---|---|---|
| `interviews_per_day` (INTERVIEWS_PER_DAY) | 24 hours | interview rows started (practice questions excepted) |
| `answers_per_minute` (ANSWERS_PER_MINUTE) | 1 minute | answers handed in (typed or recorded) |
| `llm_scoring_per_minute` (LLM_SCORING_PER_MINUTE) | 1 minute | a counter: calls to the AI reviewer |
| `exports_per_hour` (EXPORTS_PER_HOUR) | 1 hour | a counter: export requests |
| `exports_per_day` (EXPORT_LIMIT_PER_DAY) | 24 hours | the same counter |
| `interviews_per_month` (plans only) | calendar month (UTC) | interview rows started (practice questions excepted) |
| `voice_minutes_per_month` (plans only) | calendar month (UTC) | recorded answers' durations, once handed in |
| `llm_answers_per_month` (plans only) | calendar month (UTC) | answers whose feedback the LLM engine wrote |

Windows slide (the monthly ones are calendar months in UTC and reset on the 1st): the oldest event in the
window leaving it is what lets the next one in, so `retry_after` is exact. Where the product stores the
event anyway (an interview row, an answer row) that row is counted, so every worker and every restart sees
the same number. The rest are counters shared by the workers: rows of
`rate_limit_hits` in the database, or a sorted set per user in Redis when LIMITS_STORE says so (Redis
unreachable: the database counts, and a warning is logged).

`limits_for(session, user_id)` is the one place a user's numbers come from: the settings, then the plan
override (`set_plan_override`), which the plans feature registers at start-up to give a plan its own numbers.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import math
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import func
from sqlmodel import Session, col, select

from interview_app import clock
from interview_app.i18n import formats, keys, t
from interview_app.models import Answer, Feedback, InterviewSession
from interview_app.services.shared import rate_limit
from interview_app.settings import Settings, get_settings

log = logging.getLogger(__name__)
# The engine name the LLM scorer writes on feedback (`services/scoring/llm.ENGINE`; shared stays below scoring).
LLM_ENGINE = "llm"

RuleName = Literal[
    "interviews_per_day",
    "answers_per_minute",
    "llm_scoring_per_minute",
    "exports_per_hour",
    "exports_per_day",
    "interviews_per_month",
    "voice_minutes_per_month",
    "llm_answers_per_month",
]


@dataclass(frozen=True)
class Rule:
    """One limit: its name (a field of `Limits`), its window, and what it counts.

    `counter` names a shared counter (`<counter>:<user id>`); empty means the rule counts stored rows.
    `monthly` rules count the calendar month (UTC) so far instead of a sliding window, and reset on the 1st
    (`window` is then only the longest month, for the API's `window_seconds`).
    """

    name: RuleName
    window: timedelta
    counter: str = ""
    monthly: bool = False


INTERVIEWS_PER_DAY = Rule("interviews_per_day", timedelta(days=1))
ANSWERS_PER_MINUTE = Rule("answers_per_minute", timedelta(minutes=1))
LLM_SCORING_PER_MINUTE = Rule("llm_scoring_per_minute", timedelta(minutes=1), counter="llm")
# Both export rules count the same requests: the key is the one the export service has always used.
EXPORTS_PER_HOUR = Rule("exports_per_hour", timedelta(hours=1), counter="export")
EXPORTS_PER_DAY = Rule("exports_per_day", timedelta(days=1), counter="export")
# The plans' monthly quotas (docs/plans.md): no setting gives them a number, only a plan does.
INTERVIEWS_PER_MONTH = Rule("interviews_per_month", timedelta(days=31), monthly=True)
VOICE_MINUTES_PER_MONTH = Rule("voice_minutes_per_month", timedelta(days=31), monthly=True)
LLM_ANSWERS_PER_MONTH = Rule("llm_answers_per_month", timedelta(days=31), monthly=True)
RULES: tuple[Rule, ...] = (
    INTERVIEWS_PER_DAY,
    ANSWERS_PER_MINUTE,
    LLM_SCORING_PER_MINUTE,
    EXPORTS_PER_HOUR,
    EXPORTS_PER_DAY,
    INTERVIEWS_PER_MONTH,
    VOICE_MINUTES_PER_MONTH,
    LLM_ANSWERS_PER_MONTH,
)


@dataclass(frozen=True)
class Limits:
    """A user's numbers; None means no limit. `source` says where they came from ("settings" or a plan's name)."""

    interviews_per_day: int | None
    answers_per_minute: int | None
    llm_scoring_per_minute: int | None
    exports_per_hour: int | None
    exports_per_day: int | None
    interviews_per_month: int | None = None
    voice_minutes_per_month: int | None = None
    llm_answers_per_month: int | None = None
    source: str = "settings"

    def of(self, rule: Rule) -> int | None:
        """The number for `rule`."""
        return getattr(self, rule.name)

    def replace(self, **changes: Any) -> Limits:
        """A copy with some numbers changed (what a plan override returns)."""
        return dataclasses.replace(self, **changes)


def from_settings(settings: Settings | None = None) -> Limits:
    """The install's limits (0 in a setting: no limit)."""
    s = settings or get_settings()

    def cap(value: int) -> int | None:
        return value if value > 0 else None

    return Limits(
        interviews_per_day=cap(s.interviews_per_day),
        answers_per_minute=cap(s.answers_per_minute),
        llm_scoring_per_minute=cap(s.llm_scoring_per_minute),
        exports_per_hour=cap(s.exports_per_hour),
        exports_per_day=cap(s.export_limit_per_day),
    )


PlanOverride = Callable[[Session, int, Limits], Limits]
_plan_override: PlanOverride | None = None


def set_plan_override(override: PlanOverride | None) -> None:
    """Let `override(session, user_id, limits)` return a user's own limits (e.g. their plan's); None removes it.

    It is given the settings' limits and returns them changed (`limits.replace(...)`, `source` the plan's
    name) or as they are. It runs on every check, inside the caller's transaction: keep it to a read or two.
    """
    global _plan_override
    _plan_override = override


def limits_for(session: Session, user_id: int) -> Limits:
    """The limits that apply to this user now: the settings, then the plan override if one is registered."""
    base = from_settings()
    return _plan_override(session, user_id, base) if _plan_override is not None else base


class LimitExceeded(rate_limit.RateLimited):
    """A limit is reached: which (`rule`), its number (`limit`), how many are used, and the wait in seconds.

    A `RateLimited`, so callers that already catch that keep working; `message()` is the sentence for people.
    """

    def __init__(
        self,
        rule: Rule,
        limit: int,
        used: int,
        retry_after: int,
        source: str = "settings",
        *,
        now: datetime | None = None,
    ) -> None:
        super().__init__(retry_after)
        self.rule, self.limit, self.used, self.source = rule, limit, used, source
        self.resets_at = clock.aware(now or clock.utcnow()) + timedelta(seconds=retry_after)
        self.args = (f"{rule.name}: {used} of {limit} used; retry after {retry_after} s",)

    @property
    def by_plan(self) -> bool:
        """True when a plan set this number (the page may offer an upgrade), not the install's settings."""
        return self.source != "settings"

    @property
    def left(self) -> int:
        """How many are left (0: the limit is reached)."""
        return max(0, self.limit - self.used)

    @property
    def code(self) -> str:
        """The stable code for programs, e.g. `limit.answers_per_minute`."""
        return f"limit.{self.rule.name}"

    def message(self, lang: str = "en") -> str:
        """What happened and when to try again, in `lang`'s words (strings `limit.<rule>`).

        A monthly quota says what is used and left, the plan and the day it resets (UTC), e.g. "Your Free plan
        includes 10 interviews a month and all 10 are used. More on 1 January 2027 (in 3 days)."
        """
        if self.rule.monthly:
            return t(
                _MONTHLY_TEXT[self.rule.name],
                lang,
                limit=self.limit,
                used=self.used,
                left=self.left,
                plan=self.source,
                day=month_day_text(self.resets_at, lang),
                wait=self.long_wait_text(lang),
            )
        if self.by_plan and self.rule.name in _PLAN_DAILY_TEXT:
            wait = self.retry_text(lang)
            return t(_PLAN_DAILY_TEXT[self.rule.name], lang, limit=self.limit, plan=self.source, wait=wait)
        return t(keys.LIMIT[self.rule.name], lang, limit=self.limit, wait=self.retry_text(lang))

    def long_wait_text(self, lang: str = "en") -> str:
        """The wait in words, in whole days from two days on ("24 days"), else as `retry_text`."""
        days = self.retry_after // 86400
        return t("billing.quota.days", lang, count=days) if days >= 2 else self.retry_text(lang)

    def details(self) -> dict[str, Any]:
        """The numbers for an API client."""
        return {
            "rule": self.rule.name,
            "limit": self.limit,
            "used": self.used,
            "left": self.left,
            "window_seconds": int(self.rule.window.total_seconds()),
            "retry_after": self.retry_after,
            "resets_at": self.resets_at.isoformat(timespec="seconds"),
            "plan": self.source if self.by_plan else None,
        }


@dataclass(frozen=True)
class Usage:
    """How much of one limit is used now, and when the oldest counted event leaves the window."""

    rule: Rule
    limit: int | None
    used: int
    resets_in: int  # seconds until one more is allowed (0 when one is allowed now)
    resets_at: datetime | None = None  # a monthly rule's next reset (the 1st, 00:00 UTC); None for the others

    @property
    def left(self) -> int | None:
        """How many are left (None: no limit)."""
        return None if self.limit is None else max(0, self.limit - self.used)


# ---------------------------------------------------------------- counting stored events


def _interviews_started(session: Session, user_id: int, since: datetime) -> list[datetime]:
    return list(
        session.exec(
            select(InterviewSession.started_at)
            .where(
                InterviewSession.user_id == user_id,
                col(InterviewSession.practice).is_(False),
                InterviewSession.started_at > since,
            )
            .order_by(col(InterviewSession.started_at))
        ).all()
    )


def _answers_handed_in(session: Session, user_id: int, since: datetime) -> list[datetime]:
    # A typed answer is handed in when it is written; a recording when its hand-in stops the clock.
    handed_in = func.coalesce(Answer.recording_finished_at, Answer.submitted_at)
    rows = session.exec(
        select(handed_in)
        .where(Answer.user_id == user_id, Answer.status != "recording", handed_in > since)
        .order_by(handed_in)
    ).all()
    return [clock.aware(r) for r in rows]


_EVENTS: dict[str, Callable[[Session, int, datetime], list[datetime]]] = {
    INTERVIEWS_PER_DAY.name: _interviews_started,
    ANSWERS_PER_MINUTE.name: _answers_handed_in,
}


# ---------------------------------------------------------------- monthly quotas (calendar months, UTC)


def month_start(now: datetime) -> datetime:
    """00:00 UTC on the 1st of `now`'s month: where a monthly quota starts counting."""
    return clock.aware(now).astimezone(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def next_month_start(now: datetime) -> datetime:
    """00:00 UTC on the 1st of the month after `now`'s: when a monthly quota resets."""
    start = month_start(now)
    return start.replace(year=start.year + 1, month=1) if start.month == 12 else start.replace(month=start.month + 1)


def month_day_text(moment: datetime, lang: str = "en") -> str:
    """A reset day in words, e.g. "1 January 2027" / "2027년 1월 1일" (the day in UTC, as quotas count)."""
    return formats.date(clock.aware(moment).astimezone(UTC).date(), lang, "long")


def _interviews_this_month(session: Session, user_id: int, since: datetime) -> int:
    query = select(func.count()).where(
        InterviewSession.user_id == user_id,
        col(InterviewSession.practice).is_(False),
        InterviewSession.started_at >= since,
    )
    return int(session.exec(query).one())


def _voice_minutes_this_month(session: Session, user_id: int, since: datetime) -> int:
    """Whole minutes of recorded answers handed in since `since` (a recording under way is not counted yet)."""
    handed_in = func.coalesce(Answer.recording_finished_at, Answer.submitted_at)
    query = select(func.coalesce(func.sum(Answer.media_seconds), 0.0)).where(
        Answer.user_id == user_id,
        col(Answer.mode).in_(("audio", "video")),
        Answer.status != "recording",
        handed_in >= since,
    )
    return int(float(session.exec(query).one() or 0.0) // 60)


def _llm_answers_this_month(session: Session, user_id: int, since: datetime) -> int:
    """Answers whose feedback the LLM engine wrote, first scored since `since` (a stand-in is not counted)."""
    query = select(func.count()).where(
        Feedback.user_id == user_id, Feedback.engine == LLM_ENGINE, Feedback.created_at >= since
    )
    return int(session.exec(query).one())


# The sentence of a used-up monthly quota (the plans' strings).
_MONTHLY_TEXT = {
    INTERVIEWS_PER_MONTH.name: "billing.quota.interviews_per_month",
    VOICE_MINUTES_PER_MONTH.name: "billing.quota.voice_minutes_per_month",
    LLM_ANSWERS_PER_MONTH.name: "billing.quota.llm_answers_per_month",
}
# A plan's daily quota names the plan.
_PLAN_DAILY_TEXT = {
    INTERVIEWS_PER_DAY.name: "billing.quota.interviews_per_day",
    EXPORTS_PER_DAY.name: "billing.quota.exports_per_day",
}
_MONTHLY: dict[str, Callable[[Session, int, datetime], int]] = {
    INTERVIEWS_PER_MONTH.name: _interviews_this_month,
    VOICE_MINUTES_PER_MONTH.name: _voice_minutes_this_month,
    LLM_ANSWERS_PER_MONTH.name: _llm_answers_this_month,
}


# ---------------------------------------------------------------- shared counters


@dataclass(frozen=True)
class Taken:
    """A counter's answer: whether the event was counted, and if not, why.

    `refused` is -1 when the event was counted, else the index of the window that refused; `used` how many
    events that window holds and `retry_after` the seconds until it has room.
    """

    refused: int
    used: int
    retry_after: int


class DatabaseCounters:
    """Counters as rows of `rate_limit_hits` (key `<counter>:<user id>`), in the caller's transaction."""

    name = "database"

    def take(self, session: Session, key: str, windows: Sequence[tuple[timedelta, int]], now: datetime) -> Taken:
        """Count one event under `key` if every (window, limit) has room; else say which window refused."""
        longest = max(w for w, _ in windows)
        times = [clock.aware(x) for x in rate_limit.recent(session, key, longest, now=now)]
        for index, (window, limit) in enumerate(windows):
            inside = [x for x in times if x > now - window]
            if len(inside) >= limit:
                return Taken(index, len(inside), _wait(inside, limit, window, now))
        rate_limit.hit(session, key, now=now)
        return Taken(-1, 0, 0)

    def times(self, session: Session, key: str, window: timedelta, now: datetime) -> list[datetime]:
        """The counted events under `key` within `window`, oldest first."""
        return [clock.aware(x) for x in rate_limit.recent(session, key, window, now=now)]


# Atomic check-and-count on a sorted set of event times (milliseconds): every window is checked before one
# event is added, so two workers cannot both take the last place.
_TAKE_SCRIPT = """
local key, now, member, ttl = KEYS[1], tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - ttl)
for i = 4, #ARGV, 2 do
  local window, limit = tonumber(ARGV[i]), tonumber(ARGV[i + 1])
  local inside = redis.call('ZRANGEBYSCORE', key, '(' .. (now - window), '+inf', 'WITHSCORES')
  local count = #inside / 2
  if count >= limit then
    local oldest = tonumber(inside[2 * (count - limit) + 2])
    return {(i - 4) / 2, count, oldest + window - now}
  end
end
redis.call('ZADD', key, now, member)
redis.call('PEXPIRE', key, ttl)
return {-1, 0, 0}
"""


class RedisCounters:
    """Counters as one sorted set per user and counter in Redis (`limit:<counter>:<user id>`), expiring themselves."""

    name = "redis"

    def __init__(self, url: str) -> None:
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._take = self.client.register_script(_TAKE_SCRIPT)

    def take(self, session: Session, key: str, windows: Sequence[tuple[timedelta, int]], now: datetime) -> Taken:
        """As `DatabaseCounters.take`, in one atomic script."""
        now_ms = int(now.timestamp() * 1000)
        ttl = int(max(w for w, _ in windows).total_seconds() * 1000)
        args: list[int | str] = [now_ms, f"{now_ms}:{uuid.uuid4().hex}", ttl]
        for window, limit in windows:
            args += [int(window.total_seconds() * 1000), limit]
        refused, used, wait_ms = self._take(keys=[f"limit:{key}"], args=args)  # pyright: ignore[reportGeneralTypeIssues]
        if int(refused) < 0:
            return Taken(-1, 0, 0)
        return Taken(int(refused), int(used), max(1, math.ceil(int(wait_ms) / 1000)))

    def times(self, session: Session, key: str, window: timedelta, now: datetime) -> list[datetime]:
        """The counted events under `key` within `window`, oldest first."""
        now_ms = int(now.timestamp() * 1000)
        since = now_ms - int(window.total_seconds() * 1000)
        scores = self.client.zrangebyscore(f"limit:{key}", f"({since}", "+inf", withscores=True)
        return [clock.aware(datetime.fromtimestamp(score / 1000, tz=now.tzinfo)) for _, score in scores]  # pyright: ignore[reportGeneralTypeIssues]

    def forget(self, key: str) -> None:
        """Drop a counter (tests, account deletion)."""
        self.client.delete(f"limit:{key}")

    def forget_user(self, user_id: int) -> int:
        """Drop every counter of one user (`limit:<counter>:<user id>`, whatever the counter); how many went."""
        keys = list(self.client.scan_iter(match=f"limit:*:{int(user_id)}", count=500))
        return int(self.client.delete(*keys)) if keys else 0  # pyright: ignore[reportArgumentType]


Counters = DatabaseCounters | RedisCounters


@functools.cache
def _redis_counters(url: str) -> RedisCounters:
    return RedisCounters(url)


def counters() -> Counters:
    """The configured counter store (LIMITS_STORE: Redis when "redis", or "auto" with REFLEX_REDIS_URL set)."""
    settings = get_settings()
    store = settings.limits_store
    if store == "redis" or (store == "auto" and settings.redis_url):
        return _redis_counters(settings.redis_url)
    return DatabaseCounters()


def forget_user(user_id: int) -> int:
    """Drop a deleted account's counters kept in Redis; how many went (their database rows go with the account).

    Redis unreachable: logged, and the keys expire by themselves after their longest window (a day at most).
    """
    store = counters()
    if not isinstance(store, RedisCounters):
        return 0
    try:
        return store.forget_user(user_id)
    except Exception as exc:
        log.warning("limits: could not drop the counters of deleted user %s in Redis (%s)", user_id, exc)
        return 0


def _take(session: Session, key: str, windows: Sequence[tuple[timedelta, int]], now: datetime) -> Taken:
    store = counters()
    if isinstance(store, RedisCounters):
        try:
            return store.take(session, key, windows, now)
        except Exception as exc:  # Redis down: count in the database rather than let everything through
            log.warning("limits: Redis unavailable (%s); counting in the database", exc)
    return DatabaseCounters().take(session, key, windows, now)


# ---------------------------------------------------------------- checking


def _wait(times: list[datetime], limit: int, window: timedelta, now: datetime) -> int:
    """Seconds until `times` (in the window, oldest first) leave room for one more under `limit`."""
    if len(times) < limit:
        return 0
    wait = times[len(times) - limit] + window - now
    return max(1, math.ceil(wait.total_seconds()))


def check(session: Session, user_id: int, rule: Rule, *, now: datetime | None = None) -> Usage:
    """Refuse when a rule counted from stored rows is reached; the caller then writes the row that counts.

    Raises:
        LimitExceeded: the user has used the whole of `rule` within its window.

    """
    if rule.counter:
        raise ValueError(f"{rule.name} is counted by a counter: use take()")
    now = clock.aware(now or clock.utcnow())
    limits = limits_for(session, user_id)
    limit = limits.of(rule)
    if limit is None:
        return Usage(rule, None, 0, 0)
    if rule.monthly:
        resets_at = next_month_start(now)
        used = _MONTHLY[rule.name](session, user_id, month_start(now))
        if used >= limit:
            wait = max(1, math.ceil((resets_at - now).total_seconds()))
            raise LimitExceeded(rule, limit, used, wait, limits.source, now=now)
        return Usage(rule, limit, used, 0, resets_at)
    times = [clock.aware(x) for x in _EVENTS[rule.name](session, user_id, now - rule.window)]
    wait = _wait(times, limit, rule.window, now)
    if wait:
        raise LimitExceeded(rule, limit, len(times), wait, limits.source, now=now)
    return Usage(rule, limit, len(times), 0)


def take(session: Session, user_id: int, *rules: Rule, now: datetime | None = None) -> None:
    """Count one event against counter rules sharing one counter (e.g. both export rules), if all have room.

    Raises:
        LimitExceeded: one of `rules` is used up (nothing is counted then).

    """
    if not rules or len({r.counter for r in rules}) != 1 or not rules[0].counter:
        raise ValueError("take() needs rules that share one counter")
    now = clock.aware(now or clock.utcnow())
    limits = limits_for(session, user_id)
    active = [(r, limits.of(r)) for r in rules if limits.of(r) is not None]
    if not active:
        return
    windows = [(r.window, limit) for r, limit in active if limit is not None]
    outcome = _take(session, f"{rules[0].counter}:{user_id}", windows, now)
    if outcome.refused >= 0:
        rule, limit = active[outcome.refused]
        raise LimitExceeded(rule, limit or 0, outcome.used, outcome.retry_after, limits.source, now=now)


def counters_times(session: Session, rule: Rule, user_id: int, window: timedelta, now: datetime) -> list[datetime]:
    """The counted events of a counter rule within `window`, oldest first (from the store that counted them)."""
    store = counters()
    key = f"{rule.counter}:{user_id}"
    if isinstance(store, RedisCounters):
        try:
            return store.times(session, key, window, now)
        except Exception:
            return DatabaseCounters().times(session, key, window, now)
    return store.times(session, key, window, now)


def usage(session: Session, user_id: int, rule: Rule, *, now: datetime | None = None) -> Usage:
    """How much of `rule` this user has used now (nothing is counted)."""
    now = clock.aware(now or clock.utcnow())
    limit = limits_for(session, user_id).of(rule)
    if rule.monthly:
        resets_at = next_month_start(now)
        used = _MONTHLY[rule.name](session, user_id, month_start(now))
        full = limit is not None and used >= limit
        return Usage(rule, limit, used, max(1, math.ceil((resets_at - now).total_seconds())) if full else 0, resets_at)
    if rule.counter:
        times = counters_times(session, rule, user_id, rule.window, now)
    else:
        times = [clock.aware(x) for x in _EVENTS[rule.name](session, user_id, now - rule.window)]
    return Usage(rule, limit, len(times), _wait(times, limit, rule.window, now) if limit is not None else 0)
