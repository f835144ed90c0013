"""Daily goals and streaks, counted in each candidate's own calendar days.

A day counts when its goal was met: the daily quiz finished (goal 0, the default), or at least `goal`
questions answered in the trainer that day. The streak is the run of such days up to today; today does
not break it while it is still open. One missed day per ISO week is forgiven automatically (a streak
freeze); a second missed day in a row, or a second miss in the same week, ends the streak.

Days are the candidate's local dates at the moment they answered, so time zones and daylight-saving
changes need no special cases here: the caller passes local dates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from interview_app.clock import utcnow
from interview_app.db import insert_ignore
from interview_app.models import TrainerDay


@dataclass(frozen=True)
class Streak:
    """The candidate's streak as of `today`."""

    current: int
    best: int
    today_met: bool
    # True when the streak ends tonight unless today's goal is met.
    at_risk: bool
    freeze_available: bool
    frozen_days: list[date] = field(default_factory=list)


def _week(day: date) -> tuple[int, int]:
    iso = day.isocalendar()
    return iso[0], iso[1]


def compute_streak(met_days: set[date], today: date) -> Streak:
    """The streak from the set of days whose goal was met (see the module docstring for the rules)."""
    days = sorted(d for d in met_days if d <= today)
    if not days:
        return Streak(0, 0, False, False, True, [])
    run = best = 0
    misses = 0
    frozen: list[date] = []
    frozen_weeks: set[tuple[int, int]] = set()
    day = days[0]
    while day <= today:
        if day in met_days:
            run += 1
            best = max(best, run)
            misses = 0
        elif day != today:
            if run > 0 and misses == 0 and _week(day) not in frozen_weeks:
                frozen_weeks.add(_week(day))
                frozen.append(day)
            else:
                run = 0
            misses += 1
        day += timedelta(days=1)
    today_met = today in met_days
    return Streak(
        current=run,
        best=best,
        today_met=today_met,
        at_risk=run > 0 and not today_met,
        freeze_available=_week(today) not in frozen_weeks,
        frozen_days=frozen,
    )


def goal_met(answered: int, daily_completed: bool, goal: int) -> bool:
    """Whether a day's goal is met: the daily quiz finished (goal 0) or `goal` questions answered."""
    return daily_completed if goal <= 0 else answered >= goal


def record(
    session: Session,
    user_id: int,
    day: date,
    *,
    answered: int = 0,
    correct: int = 0,
    daily_completed: bool = False,
    goal: int = 0,
) -> TrainerDay:
    """Add answers (and maybe the finished daily quiz) to the candidate's day, and update its goal."""
    insert_ignore(session, TrainerDay, [{"user_id": user_id, "day": day, "updated_at": utcnow()}], ["user_id", "day"])
    values: dict[str, object] = {
        "answered": col(TrainerDay.answered) + answered,
        "correct": col(TrainerDay.correct) + correct,
        "updated_at": utcnow(),
    }
    if daily_completed:
        values["daily_completed"] = True
    session.exec(  # type: ignore[call-overload]
        update(TrainerDay).where(col(TrainerDay.user_id) == user_id, col(TrainerDay.day) == day).values(**values)
    )
    row = session.exec(select(TrainerDay).where(TrainerDay.user_id == user_id, TrainerDay.day == day)).one()
    session.refresh(row)
    row.goal_met = goal_met(row.answered, row.daily_completed, goal)
    session.add(row)
    session.flush()
    return row


def streak_for(session: Session, user_id: int, today: date) -> Streak:
    """The candidate's streak from their stored days."""
    days = session.exec(
        select(col(TrainerDay.day)).where(TrainerDay.user_id == user_id, TrainerDay.goal_met == True)  # noqa: E712
    ).all()
    return compute_streak(set(days), today)


def day_of(session: Session, user_id: int, day: date) -> TrainerDay | None:
    """What the candidate did on `day`, if anything."""
    return session.exec(select(TrainerDay).where(TrainerDay.user_id == user_id, TrainerDay.day == day)).first()
