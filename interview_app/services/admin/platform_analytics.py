"""Platform analytics for admins: activity, interviews, scores, trainer retention, jobs and scoring engines.

Days are UTC calendar days. A user is *active* on a day when they signed in, started an interview, handed
in an answer or answered a quiz question that day. Weekly active users on a day are the distinct users
active in the seven days up to and including it. Retention follows weekly cohorts of trainer users (the
week of their first answered quiz question): the share of a cohort that answered again 1, 2, 3 and 4
weeks later.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import String, cast, func
from sqlmodel import Session, col, select

from interview_app.i18n import collation
from interview_app.models import (
    Answer,
    AuditEvent,
    Feedback,
    InterviewSession,
    JobRun,
    QuizItem,
    TrainerDay,
)
from interview_app.services.accounts import profiles

PRESETS = {"7": 7, "30": 30, "90": 90}
MAX_DAYS = 366
RETENTION_WEEKS = 4
TOP_ROLES = 8
# The score distribution's keys for interviews without a role and for the less frequent roles together (the chart
# names them in the reader's language).
NO_ROLE, OTHER_ROLES = "", "*"


@dataclass(frozen=True)
class DateRange:
    """An inclusive range of UTC days."""

    start: date
    end: date

    @property
    def days(self) -> list[date]:
        """Every day of the range, in order."""
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]

    def since(self, extra_days: int = 0) -> datetime:
        """The range's first moment (optionally some days earlier), in UTC."""
        return datetime.combine(self.start - timedelta(days=extra_days), time(), tzinfo=UTC)

    @property
    def until(self) -> datetime:
        """The moment after the range's last day."""
        return datetime.combine(self.end + timedelta(days=1), time(), tzinfo=UTC)


def parse_range(preset: str, start: str = "", end: str = "", today: date | None = None) -> DateRange:
    """The range for a preset ("7", "30", "90" days up to today) or "custom" ISO dates (at most a year)."""
    today = today or datetime.now(UTC).date()
    if preset == "custom":
        try:
            first, last = date.fromisoformat(start), date.fromisoformat(end)
        except ValueError:
            first, last = today - timedelta(days=29), today
        first, last = min(first, last), min(max(first, last), today)
        first = max(first, last - timedelta(days=MAX_DAYS - 1))
        return DateRange(first, last)
    days = PRESETS.get(preset, 30)
    return DateRange(today - timedelta(days=days - 1), today)


def _day(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _user_days(session: Session, column: Any, user_column: Any, since: datetime, until: datetime, *where: Any) -> set:
    rows = session.exec(
        select(user_column, func.date(column)).where(col(column) >= since, col(column) < until, *where).distinct()  # type: ignore[arg-type]
    ).all()
    return {(user_id, _day(day)) for user_id, day in rows if user_id is not None and day is not None}


def activity(session: Session, since: datetime, until: datetime) -> dict[date, set[int]]:
    """Active users per day between two moments."""
    pairs = (
        _user_days(session, InterviewSession.started_at, InterviewSession.user_id, since, until)
        | _user_days(session, Answer.submitted_at, Answer.user_id, since, until)
        | _user_days(session, QuizItem.answered_at, QuizItem.user_id, since, until)
        | _user_days(
            session, AuditEvent.created_at, AuditEvent.actor_user_id, since, until, AuditEvent.event == "signin.success"
        )
    )
    by_day: dict[date, set[int]] = defaultdict(set)
    for user_id, day in pairs:
        by_day[day].add(user_id)
    return by_day


@dataclass(frozen=True)
class ActiveUsers:
    """Daily and weekly (trailing seven days) active users for each day of a range."""

    days: list[date]
    daily: list[int]
    weekly: list[int]


def active_users(session: Session, rng: DateRange) -> ActiveUsers:
    """DAU and WAU for each day of the range."""
    by_day = activity(session, rng.since(6), rng.until)
    daily, weekly = [], []
    for day in rng.days:
        daily.append(len(by_day.get(day, set())))
        week: set[int] = set()
        for back in range(7):
            week |= by_day.get(day - timedelta(days=back), set())
        weekly.append(len(week))
    return ActiveUsers(rng.days, daily, weekly)


@dataclass(frozen=True)
class SessionsPerDay:
    """Interviews started per day and how many of them were completed."""

    days: list[date]
    started: list[int]
    completed: list[int]

    @property
    def completion_rate(self) -> float | None:
        """Completed as a share of started over the whole range (0-1)."""
        total = sum(self.started)
        return sum(self.completed) / total if total else None


def sessions_per_day(session: Session, rng: DateRange) -> SessionsPerDay:
    """Interviews started on each day of the range, and completed (by now) among them."""
    rows = session.exec(
        select(func.date(InterviewSession.started_at), InterviewSession.status, func.count())
        .where(col(InterviewSession.started_at) >= rng.since(), col(InterviewSession.started_at) < rng.until)
        .group_by(func.date(InterviewSession.started_at), col(InterviewSession.status))
    ).all()
    started: dict[date, int] = defaultdict(int)
    completed: dict[date, int] = defaultdict(int)
    for day, status, n in rows:
        started[_day(day)] += n
        if status == "completed":
            completed[_day(day)] += n
    return SessionsPerDay(rng.days, [started[d] for d in rng.days], [completed[d] for d in rng.days])


def score_distribution(session: Session, rng: DateRange, lang: str = "en") -> dict[str, list[int]]:
    """Overall scores of the interviews completed in the range, by role as a reader of `lang` names it.

    A seeded role is one group whatever language its interviews stored its title in ("Backend Engineer" and
    "백엔드 엔지니어" are one box); a role typed by the candidate is its own. The most frequent roles, then the rest
    together under OTHER_ROLES; interviews without a role under NO_ROLE.
    """
    rows = session.exec(
        select(InterviewSession.role_slug, InterviewSession.role_title, InterviewSession.overall_score).where(
            InterviewSession.status == "completed",
            col(InterviewSession.overall_score).is_not(None),
            col(InterviewSession.ended_at) >= rng.since(),
            col(InterviewSession.ended_at) < rng.until,
        )
    ).all()
    by_role: dict[str, list[int]] = defaultdict(list)
    for slug, title, score in rows:
        by_role[profiles.shown_role_title(slug, title, lang) or NO_ROLE].append(int(score or 0))
    ranked = sorted(by_role, key=lambda r: (-len(by_role[r]), collation.sort_key(r, lang)))
    out = {role: sorted(by_role[role]) for role in ranked[:TOP_ROLES]}
    rest = [s for role in ranked[TOP_ROLES:] for s in by_role[role]]
    if rest:
        out[OTHER_ROLES] = sorted(rest)
    return out


@dataclass(frozen=True)
class Cohort:
    """Trainer users who first answered in one week, and the share of them active in each later week."""

    week: date
    users: int
    retained: list[float | None]


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def trainer_retention(session: Session, rng: DateRange, today: date | None = None) -> list[Cohort]:
    """Weekly cohorts whose first trainer week lies in the range; None for weeks that have not ended yet."""
    today = today or datetime.now(UTC).date()
    rows = session.exec(select(TrainerDay.user_id, col(TrainerDay.day)).where(TrainerDay.answered > 0)).all()
    weeks: dict[int, set[date]] = defaultdict(set)
    for user_id, day in rows:
        weeks[user_id].add(_week_start(_day(day)))
    cohorts: dict[date, list[set[date]]] = defaultdict(list)
    for active in weeks.values():
        first = min(active)
        if rng.start - timedelta(days=6) <= first <= rng.end:
            cohorts[first].append(active)
    out = []
    for week in sorted(cohorts):
        members = cohorts[week]
        retained: list[float | None] = []
        for k in range(1, RETENTION_WEEKS + 1):
            target = week + timedelta(weeks=k)
            if target + timedelta(days=6) > today:
                retained.append(None)
            else:
                retained.append(sum(1 for m in members if target in m) / len(members))
        out.append(Cohort(week, len(members), retained))
    return out


@dataclass(frozen=True)
class JobStat:
    """Runs of one background job in the range."""

    name: str
    runs: int
    failures: int
    average: float
    p95: float
    longest: float


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def job_stats(session: Session, rng: DateRange) -> list[JobStat]:
    """Run count, failures and durations (mean, 95th percentile, longest) per job name, busiest first."""
    rows = session.exec(
        select(JobRun.name, JobRun.seconds, JobRun.ok).where(
            col(JobRun.started_at) >= rng.since(), col(JobRun.started_at) < rng.until
        )
    ).all()
    seconds: dict[str, list[float]] = defaultdict(list)
    failures: dict[str, int] = defaultdict(int)
    for name, secs, ok in rows:
        seconds[name].append(float(secs))
        failures[name] += 0 if ok else 1
    stats = [
        JobStat(
            name,
            len(values),
            failures[name],
            round(sum(values) / len(values), 3),
            round(_percentile(values, 0.95), 3),
            round(max(values), 3),
        )
        for name, values in seconds.items()
    ]
    return sorted(stats, key=lambda s: (-s.runs, s.name))


@dataclass(frozen=True)
class EngineUse:
    """Answers scored per day by each engine; `fallback` counts offline scores that stood in for the LLM."""

    days: list[date]
    offline: list[int]
    llm: list[int]
    fallback: list[int]


def engine_use(session: Session, rng: DateRange) -> EngineUse:
    """Scores made per day by the offline engine, by the LLM, and offline after an LLM failure."""
    is_fallback = cast(Feedback.result, String).contains('"llm_fallback"')
    rows = session.exec(
        select(func.date(Feedback.created_at), Feedback.engine, is_fallback, func.count())
        .where(col(Feedback.created_at) >= rng.since(), col(Feedback.created_at) < rng.until)
        .group_by(func.date(Feedback.created_at), col(Feedback.engine), is_fallback)
    ).all()
    counts: dict[str, dict[date, int]] = {
        "offline": defaultdict(int),
        "llm": defaultdict(int),
        "fallback": defaultdict(int),
    }
    for day, engine, fell_back, n in rows:
        bucket = "fallback" if fell_back else ("llm" if engine == "llm" else "offline")
        counts[bucket][_day(day)] += n
    return EngineUse(rng.days, *[[counts[k][d] for d in rng.days] for k in ("offline", "llm", "fallback")])


@dataclass
class Overview:
    """Everything the analytics page shows for one range."""

    range: DateRange
    active: ActiveUsers
    sessions: SessionsPerDay
    scores: dict[str, list[int]]
    retention: list[Cohort]
    jobs: list[JobStat]
    engines: EngineUse
    queue: dict[str, Any] = field(default_factory=dict)

    @property
    def average_score(self) -> float | None:
        """Mean overall score of the interviews completed in the range."""
        values = [s for scores in self.scores.values() for s in scores]
        return round(sum(values) / len(values), 1) if values else None


def overview(session: Session, rng: DateRange, queue: dict[str, Any] | None = None, lang: str = "en") -> Overview:
    """Every aggregate of the analytics page; `queue` is the job queue's depth as the runner reports it."""
    return Overview(
        range=rng,
        active=active_users(session, rng),
        sessions=sessions_per_day(session, rng),
        scores=score_distribution(session, rng, lang),
        retention=trainer_retention(session, rng),
        jobs=job_stats(session, rng),
        engines=engine_use(session, rng),
        queue=dict(queue or {}),
    )
