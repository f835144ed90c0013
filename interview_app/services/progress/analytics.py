"""A candidate's progress in numbers: scores over time, skills, topic mastery, speaking, activity, peers.

Everything is read from pre-aggregated rows, so a dashboard costs a handful of indexed queries however
many answers exist: each finished interview keeps its overall score, dimension and competency averages
and speaking averages (`InterviewSession.breakdown`, written by `interviews.summarise`), the trainer keeps
one row per candidate and day (`TrainerDay`) and one review card per question, and `UserStats` keeps each
candidate's running average for peer percentiles.

Trends (method shown to users on hover): the slope of a Theil-Sen fit (the median of the slopes between
every pair of points, robust to one bad session) over the last `TREND_WINDOW` sessions that have the
value, in points per session; at least `TREND_MIN_POINTS` are needed. On the 0-100 scale a slope of at
least +0.75 is "improving", at most -0.75 "declining", else "stable" (about 6 points over 8 sessions).
Dimensions (0-25) use a quarter of that threshold.
"""

from __future__ import annotations

import threading
import time
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import combinations
from statistics import median
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from interview_app.clock import aware, local_now, utcnow, zone
from interview_app.i18n import collation
from interview_app.models import InterviewSession, Profile, QuizQuestion, ReviewCard, Topic, TrainerDay, UserStats
from interview_app.services.scoring.rubric import DIMENSIONS
from interview_app.services.trainer import srs
from interview_app.services.trainer.topics import localised
from interview_app.settings import get_settings

TREND_WINDOW = 8
TREND_MIN_POINTS = 4
TREND_THRESHOLD = 0.75
RECENT_FOR_LEVEL = 5
FORECAST_DAYS = (0, 7, 30)
CALENDAR_WEEKS = 18


@dataclass(frozen=True)
class SessionPoint:
    """One finished interview as the dashboard sees it."""

    id: int
    when: datetime
    day: date
    overall: int
    dimensions: dict[str, float]
    competencies: dict[str, float]
    answered: int
    interview_type: str
    speech: dict[str, float] | None = None


def _scored_sessions(user_id: int) -> tuple[Any, ...]:
    return (
        col(InterviewSession.user_id) == user_id,
        col(InterviewSession.status) == "completed",
        col(InterviewSession.overall_score).is_not(None),
    )


# One entry of `UserStats.history`, as a JSON array (arrays decode much faster than objects with keys):
# [session id, start as Unix seconds, overall score, interview type, [the four dimension averages in
#  DIMENSIONS order], {competency: average}, answers, speaking averages or null].
HISTORY_FIELDS = ("id", "at", "overall", "type", "dimensions", "competencies", "answered", "speech")


def history_entries(session: Session, user_id: int) -> list[list[Any]]:
    """The candidate's finished, scored interviews as compact entries, oldest first (what `UserStats` keeps)."""
    rows = session.execute(
        sa_select(
            col(InterviewSession.id),
            col(InterviewSession.started_at),
            col(InterviewSession.overall_score),
            col(InterviewSession.breakdown),
            col(InterviewSession.interview_type),
        )
        .where(*_scored_sessions(user_id))
        .order_by(col(InterviewSession.started_at), col(InterviewSession.id))
    ).all()
    out: list[list[Any]] = []
    for sid, started, overall, breakdown, kind in rows:
        b = breakdown or {}
        dims = b.get("dimensions", {})
        out.append(
            [
                sid,
                round(aware(started).timestamp(), 3),
                int(overall),
                kind,
                [float(dims.get(d, 0)) for d in DIMENSIONS],
                {k: float(v) for k, v in b.get("competencies", {}).items()},
                int(b.get("answered", 0)),
                b.get("speech"),
            ]
        )
    return out


POINTS_CACHE_SIZE = 512
# Built points per candidate, with the key they were built for: (stats updated_at, sessions, newest id, zone).
_points_cache: dict[int, tuple[tuple[Any, ...], list[SessionPoint]]] = {}
_points_lock = threading.Lock()


def completed_sessions(session: Session, user_id: int, profile: Profile | None = None) -> list[SessionPoint]:
    """The candidate's finished interviews with a score, oldest first.

    Read from the one `UserStats` row (kept by `refresh_user_stats` as each interview is summed up). One
    indexed query (count and newest id of the scored sessions) checks it still matches the sessions table;
    if not (an older row, a deleted session, two sessions summed up at once) it is rebuilt first. The
    points built from it are kept in memory per process until the row changes, so a page load that finds
    them current does not even read the history column.
    """
    stats = session.get(UserStats, user_id, options=[defer(UserStats.history)])  # type: ignore[arg-type]
    count, newest = session.execute(
        sa_select(func.count(col(InterviewSession.id)), func.max(col(InterviewSession.id))).where(
            *_scored_sessions(user_id)
        )
    ).one()
    tz_name = profile.timezone if profile else "UTC"
    key = (stats.updated_at if stats else None, int(count or 0), newest, tz_name)
    with _points_lock:
        cached = _points_cache.get(user_id)
    if stats is not None and cached is not None and cached[0] == key:
        return list(cached[1])
    kept = stats.history if stats is not None else []
    rebuilt = stats is None or len(kept) != key[1] or bool(kept and max(e[0] for e in kept) != newest)
    if rebuilt:
        stats = refresh_user_stats(session, user_id)
    assert stats is not None
    tz = zone(tz_name)
    points = []
    for sid, at, overall, kind, dims, comps, answered, speech in stats.history:
        when = datetime.fromtimestamp(at, UTC)
        points.append(
            SessionPoint(
                sid,
                when,
                when.astimezone(tz).date(),
                overall,
                dict(zip(DIMENSIONS, dims, strict=True)),
                comps,
                answered,
                kind,
                speech,
            )
        )
    if not rebuilt:  # a row just rebuilt is cached on the next read, with its stored updated_at
        with _points_lock:
            _points_cache.pop(user_id, None)
            while len(_points_cache) >= POINTS_CACHE_SIZE:
                _points_cache.pop(next(iter(_points_cache)))
            _points_cache[user_id] = (key, points)
    return list(points)


def theil_sen_slope(values: list[float]) -> float:
    """The median slope between every pair of points (index as x); 0 for fewer than two points."""
    slopes = [(values[j] - values[i]) / (j - i) for i, j in combinations(range(len(values)), 2)]
    return float(median(slopes)) if slopes else 0.0


@dataclass(frozen=True)
class Trend:
    """improving, stable, declining, or not_enough (with the fitted slope and how many points it used)."""

    label: str
    slope: float
    points: int


def trend(values: list[float], scale: float = 100.0) -> Trend:
    """The trend of the last TREND_WINDOW values (see the module docstring)."""
    recent = values[-TREND_WINDOW:]
    if len(recent) < TREND_MIN_POINTS:
        return Trend("not_enough", 0.0, len(recent))
    slope = theil_sen_slope(recent)
    threshold = TREND_THRESHOLD * scale / 100
    label = "improving" if slope >= threshold else "declining" if slope <= -threshold else "stable"
    return Trend(label, round(slope, 2), len(recent))


def skill_trends(points: list[SessionPoint]) -> dict[str, Trend]:
    """Trend of the overall score, each rubric dimension and each competency."""
    out = {"overall": trend([p.overall for p in points])}
    for d in DIMENSIONS:
        out[d] = trend([p.dimensions.get(d, 0.0) for p in points], scale=25.0)
    for comp in sorted({c for p in points for c in p.competencies}):
        out[comp] = trend([p.competencies[comp] for p in points if comp in p.competencies])
    return out


def competency_levels(points: list[SessionPoint], recent: int = 10) -> dict[str, float]:
    """Each competency's average score over the last `recent` sessions that asked about it."""
    values: dict[str, list[float]] = defaultdict(list)
    for p in points:
        for comp, score in p.competencies.items():
            values[comp].append(score)
    return {c: round(sum(v[-recent:]) / len(v[-recent:]), 1) for c, v in sorted(values.items())}


@dataclass(frozen=True)
class TopicMastery:
    """How well the candidate recalls a trainer topic now and later (FSRS retrievability, 0-1)."""

    topic: str
    cards: int
    recall: dict[int, float]
    topic_id: int = 0
    due: int = 0


def topic_mastery(session: Session, user_id: int, now: datetime | None = None, lang: str = "en") -> list[TopicMastery]:
    """Per topic (named in `lang`): reviewed cards, how many are due, and mean recall now, in 7 and in 30 days."""
    now = aware(now or utcnow())
    rows = session.exec(
        select(Topic, ReviewCard.due, ReviewCard.fsrs)
        .join(QuizQuestion, col(QuizQuestion.id) == col(ReviewCard.quiz_question_id))
        .join(Topic, col(Topic.id) == col(QuizQuestion.topic_id))
        .where(ReviewCard.user_id == user_id, ReviewCard.reps > 0)
    ).all()
    by_topic: dict[int, dict[str, Any]] = {}
    moments = {days: now + timedelta(days=days) for days in FORECAST_DAYS}
    for topic, due, state in rows:
        entry = by_topic.setdefault(
            topic.id or 0, {"name": localised(topic, lang).name, "due": 0, "recall": defaultdict(list)}
        )
        entry["due"] += 1 if aware(due) <= now else 0
        for days, value in srs.retrievabilities(dict(state), moments).items():
            entry["recall"][days].append(value)
    return [
        TopicMastery(
            e["name"],
            len(e["recall"][0]),
            {d: round(sum(x) / len(x), 3) for d, x in e["recall"].items() if x},
            topic_id,
            e["due"],
        )
        for topic_id, e in sorted(by_topic.items(), key=lambda kv: collation.sort_key(kv[1]["name"], lang))
        if e["recall"].get(0)
    ]


def speaking_series(points: list[SessionPoint]) -> list[dict[str, Any]]:
    """Pace, fillers and pauses per minute of the sessions answered out loud."""
    return [{"day": p.day, **(p.speech or {})} for p in points if p.speech and p.speech.get("answers")]


def activity(session: Session, user_id: int, points: list[SessionPoint], today: date) -> dict[date, dict[str, int]]:
    """Per local day of the last CALENDAR_WEEKS weeks: interview questions answered and trainer answers."""
    start = today - timedelta(weeks=CALENDAR_WEEKS)
    days: dict[date, dict[str, int]] = defaultdict(lambda: {"interview": 0, "trainer": 0})
    for p in points:
        if p.day >= start:
            days[p.day]["interview"] += p.answered or 1
    for day, answered in session.exec(
        select(col(TrainerDay.day), col(TrainerDay.answered)).where(
            TrainerDay.user_id == user_id, col(TrainerDay.day) >= start
        )
    ).all():
        days[day]["trainer"] += answered
    return dict(days)


def weekly_counts(points: list[SessionPoint], days: dict[date, dict[str, int]], weeks: int = 12,
                  today: date | None = None) -> list[dict[str, Any]]:  # fmt: skip
    """Sessions finished and questions answered (interviews and trainer) per ISO week, oldest first."""
    today = today or date.today()
    monday = today - timedelta(days=today.weekday())
    starts = [monday - timedelta(weeks=i) for i in range(weeks - 1, -1, -1)]
    out = {s: {"week": s, "sessions": 0, "interview_questions": 0, "trainer_questions": 0} for s in starts}
    for p in points:
        key = p.day - timedelta(days=p.day.weekday())
        if key in out:
            out[key]["sessions"] += 1
    for day, counts in days.items():
        key = day - timedelta(days=day.weekday())
        if key in out:
            out[key]["interview_questions"] += counts["interview"]
            out[key]["trainer_questions"] += counts["trainer"]
    return list(out.values())


def _new_stats(session: Session, user_id: int) -> UserStats:
    """A new stats row for `user_id`, or the one another request or job made meanwhile (it is recomputed whole).

    The progress numbers and an interview's summing up may both find no row for a new candidate and insert one:
    the second insert broke its request with a unique-key error (HTTP 500 under load) before this savepoint.
    """
    row = UserStats(user_id=user_id)
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        found = session.get(UserStats, user_id, populate_existing=True)
        if found is None:
            raise
        return found
    return row


def refresh_user_stats(session: Session, user_id: int) -> UserStats:
    """Recompute the candidate's running totals and history from their finished sessions (at each summing up)."""
    history = history_entries(session, user_id)
    profile = session.get(Profile, user_id)
    stats = session.get(UserStats, user_id) or _new_stats(session, user_id)
    with _group_lock:  # the candidate's old and new peer groups change (in this process at once)
        _group_cache.pop((stats.role_slug, stats.level), None)
        _group_cache.pop(((profile.target_role_slug or "") if profile else "", profile.level if profile else ""), None)
    stats.sessions = len(history)
    stats.avg_score = round(sum(e[2] for e in history) / len(history), 2) if history else None
    stats.last_session_at = datetime.fromtimestamp(history[-1][1], UTC) if history else None
    stats.history = history
    stats.role_slug = (profile.target_role_slug or "") if profile else ""
    stats.level = profile.level if profile else ""
    stats.share_progress = bool(profile and profile.share_progress)
    stats.updated_at = utcnow()
    session.add(stats)
    session.flush()
    return stats


@dataclass(frozen=True)
class Percentile:
    """Where the candidate stands among peers of the same role and level who share their progress."""

    available: bool
    reason: str = ""
    percentile: int = 0
    group_size: int = 0
    role_slug: str = ""
    level: str = ""


GROUP_CACHE_SECONDS = 300.0
_group_cache: dict[tuple[str, str], tuple[float, list[float]]] = {}
_group_lock = threading.Lock()


def _group_scores(session: Session, role_slug: str, level: str) -> list[float]:
    """The sorted average scores of a peer group (same role and level, opted in, with a score).

    Kept in memory for GROUP_CACHE_SECONDS per process: a percentile may lag others' newest sessions by a
    few minutes, and a page load does not scan the group each time. Nothing in it leaves this module.
    """
    key = (role_slug, level)
    now = time.monotonic()
    with _group_lock:
        cached = _group_cache.get(key)
    if cached is not None and now - cached[0] < GROUP_CACHE_SECONDS:
        return cached[1]
    scores = [
        float(v)
        for v in session.exec(
            select(UserStats.avg_score)
            .where(
                UserStats.role_slug == role_slug,
                UserStats.level == level,
                UserStats.share_progress == True,  # noqa: E712
                col(UserStats.avg_score).is_not(None),
            )
            .order_by(col(UserStats.avg_score))
        ).all()
        if v is not None
    ]
    with _group_lock:
        _group_cache[key] = (now, scores)
    return scores


def clear_group_cache() -> None:
    """Forget the cached peer groups and built points (tests, and after bulk changes)."""
    with _group_lock:
        _group_cache.clear()
    with _points_lock:
        _points_cache.clear()


def peer_percentile(session: Session, user_id: int, min_group: int | None = None) -> Percentile:
    """The percentile of the candidate's average score in their group, or why it is not shown.

    Shown only to candidates who opted in, who have a score, and whose group (same role and level,
    opted in, with a score) has at least `min_group` members (PEER_MIN_GROUP, default 20). Only the
    percentile and the group size are ever returned: nothing about any other candidate.
    """
    min_group = get_settings().peer_min_group if min_group is None else min_group
    mine = session.get(UserStats, user_id)
    if mine is None or not mine.share_progress:
        return Percentile(False, "not_shared")
    if mine.avg_score is None or not mine.role_slug:
        return Percentile(False, "no_score" if mine.avg_score is None else "no_role")
    scores = _group_scores(session, mine.role_slug, mine.level)
    size = len(scores)
    if size < min_group:
        return Percentile(False, "group_too_small", group_size=0, role_slug=mine.role_slug, level=mine.level)
    below = bisect_left(scores, mine.avg_score)
    ties = max(1, bisect_right(scores, mine.avg_score) - below)  # the candidate counts, even if just changed
    value = round(100 * (below + 0.5 * (ties - 1)) / max(1, size - 1)) if size > 1 else 50
    return Percentile(True, "", max(0, min(100, value)), size, mine.role_slug, mine.level)


READINESS_BANDS = ((75, "ready"), (60, "nearly"), (45, "progressing"), (0, "early"))


@dataclass(frozen=True)
class ReadinessItem:
    """Where one skill stands (recent average), where it heads by the interview date, in a band."""

    skill: str
    level: float
    band: str
    trend: str
    projected: float | None = None
    projected_band: str = ""


@dataclass(frozen=True)
class Readiness:
    """Overall and per-skill readiness for the interview date (if one is set)."""

    overall: ReadinessItem | None
    skills: list[ReadinessItem] = field(default_factory=list)
    days_left: int | None = None
    sessions_per_week: float = 0.0


def band(score: float) -> str:
    """Ready (75+), nearly (60-74), progressing (45-59) or early (under 45)."""
    return next(name for floor, name in READINESS_BANDS if score >= floor)


def readiness(points: list[SessionPoint], interview_date: date | None, today: date) -> Readiness:
    """Readiness now and projected to the interview date at the recent pace of practice.

    The projection adds the trend slope for each session expected before the date (the sessions per
    week of the last four weeks), capped at 15 points either way and kept within 0-100.
    """
    if not points:
        return Readiness(None, [], (interview_date - today).days if interview_date else None)
    recent_weeks = [p for p in points if p.day >= today - timedelta(weeks=4)]
    per_week = round(len(recent_weeks) / 4, 2)
    days_left = (interview_date - today).days if interview_date else None
    sessions_ahead = per_week * max(0, days_left) / 7 if days_left is not None else 0.0

    def item(skill: str, values: list[float]) -> ReadinessItem:
        level = round(sum(values[-RECENT_FOR_LEVEL:]) / len(values[-RECENT_FOR_LEVEL:]), 1)
        t = trend(values)
        projected = None
        if days_left is not None and days_left >= 0 and t.label != "not_enough":
            projected = round(max(0.0, min(100.0, level + max(-15.0, min(15.0, t.slope * sessions_ahead)))), 1)
        return ReadinessItem(skill, level, band(level), t.label, projected, band(projected) if projected else "")

    overall = item("overall", [float(p.overall) for p in points])
    skills = []
    for comp in sorted({c for p in points for c in p.competencies}):
        values = [p.competencies[comp] for p in points if comp in p.competencies]
        skills.append(item(comp, values))
    skills.sort(key=lambda s: s.level)
    return Readiness(overall, skills, days_left, per_week)


def local_day_now(profile: Profile | None, now: datetime | None = None) -> date:
    """Today on the candidate's clock."""
    return local_now(profile, now or utcnow()).date()
