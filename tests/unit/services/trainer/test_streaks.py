"""Streak rules, daily goals and the candidate's local day across time zones and daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from interview_app.models import Profile
from interview_app.services.trainer import quiz, streaks
from interview_app.services.trainer.streaks import compute_streak

MON = date(2026, 11, 30)  # a Monday


def days(*offsets: int) -> set[date]:
    return {MON + timedelta(days=o) for o in offsets}


def test_no_days_no_streak() -> None:
    s = compute_streak(set(), MON)
    assert (s.current, s.best, s.today_met, s.at_risk, s.freeze_available) == (0, 0, False, False, True)


def test_consecutive_days_count_and_today_does_not_break_it_while_open() -> None:
    s = compute_streak(days(0, 1, 2), MON + timedelta(days=2))
    assert (s.current, s.best, s.today_met, s.at_risk) == (3, 3, True, False)
    open_today = compute_streak(days(0, 1, 2), MON + timedelta(days=3))
    assert (open_today.current, open_today.today_met, open_today.at_risk) == (3, False, True)


def test_one_missed_day_a_week_is_forgiven_by_a_freeze() -> None:
    s = compute_streak(days(0, 1, 3, 4), MON + timedelta(days=4))  # Wednesday missed
    assert s.current == 4 and s.frozen_days == [MON + timedelta(days=2)] and not s.freeze_available


def test_two_missed_days_in_a_row_break_the_streak() -> None:
    s = compute_streak(days(0, 1, 4, 5), MON + timedelta(days=5))
    assert s.current == 2 and s.best == 2


def test_a_second_miss_in_the_same_week_breaks_it_but_a_new_week_has_a_new_freeze() -> None:
    same_week = compute_streak(days(0, 2, 4), MON + timedelta(days=4))
    assert same_week.current == 1 and same_week.best == 2
    next_week = compute_streak(days(0, 1, 3, 4, 5, 6, 8, 9), MON + timedelta(days=9))
    assert next_week.current == 8 and len(next_week.frozen_days) == 2 and not next_week.freeze_available


def test_yesterday_missed_and_frozen_keeps_the_streak_at_risk_today() -> None:
    s = compute_streak(days(0, 1), MON + timedelta(days=3))  # Wednesday missed (frozen), Thursday open
    assert s.current == 2 and s.at_risk and s.frozen_days == [MON + timedelta(days=2)]


def test_goal_is_the_daily_quiz_or_a_number_of_answers() -> None:
    assert streaks.goal_met(answered=2, daily_completed=True, goal=0)
    assert not streaks.goal_met(answered=9, daily_completed=False, goal=0)
    assert streaks.goal_met(answered=10, daily_completed=False, goal=10)
    assert not streaks.goal_met(answered=9, daily_completed=True, goal=10)


def test_recording_a_day_adds_answers_and_sets_the_goal(session: Session, make_user) -> None:
    user = make_user()
    streaks.record(session, user.id or 0, MON, answered=1, correct=1, goal=2)
    row = streaks.record(session, user.id or 0, MON, answered=1, correct=0, goal=2)
    assert (row.answered, row.correct, row.goal_met) == (2, 1, True)
    assert streaks.streak_for(session, user.id or 0, MON).current == 1


def local_day(zone: str, utc: datetime) -> date:
    return quiz.local_today(Profile(user_id=1, timezone=zone), utc)


def test_the_local_day_follows_the_time_zone_across_dst_changes() -> None:
    # New York leaves daylight-saving time on 1 November 2026 (02:00 EDT -> 01:00 EST).
    assert local_day("America/New_York", datetime(2026, 11, 1, 3, 59, tzinfo=UTC)) == date(2026, 10, 31)
    assert local_day("America/New_York", datetime(2026, 11, 1, 4, 0, tzinfo=UTC)) == date(2026, 11, 1)
    assert local_day("America/New_York", datetime(2026, 11, 2, 4, 59, tzinfo=UTC)) == date(2026, 11, 1)
    assert local_day("America/New_York", datetime(2026, 11, 2, 5, 0, tzinfo=UTC)) == date(2026, 11, 2)
    # ... and enters it on 8 March 2026: the day is 23 hours long.
    assert local_day("America/New_York", datetime(2026, 3, 9, 3, 59, tzinfo=UTC)) == date(2026, 3, 8)
    assert local_day("America/New_York", datetime(2026, 3, 9, 4, 0, tzinfo=UTC)) == date(2026, 3, 9)
    assert local_day("Not/AZone", datetime(2026, 3, 9, 4, 0, tzinfo=UTC)) == date(2026, 3, 9)


def test_the_quiz_time_is_read_on_the_local_clock_on_a_dst_day() -> None:
    profile = Profile(user_id=1, timezone="Europe/London", trainer_time="08:00")
    # London moves to BST on 29 March 2026: 08:00 local is 07:00 UTC that day.
    assert not quiz.quiz_time_reached(profile, datetime(2026, 3, 29, 6, 59, tzinfo=UTC))
    assert quiz.quiz_time_reached(profile, datetime(2026, 3, 29, 7, 0, tzinfo=UTC))
    # The day before, 08:00 local was 08:00 UTC.
    assert not quiz.quiz_time_reached(profile, datetime(2026, 3, 28, 7, 30, tzinfo=UTC))


def test_a_streak_across_a_dst_change_counts_each_local_day_once(session: Session, make_user) -> None:
    user = make_user()
    zone = ZoneInfo("America/New_York")
    profile = Profile(user_id=user.id or 0, timezone="America/New_York")
    # An answer at 23:30 local time on each evening around the change of 1 November 2026.
    for i in range(4):
        day = date(2026, 10, 30) + timedelta(days=i)
        evening = datetime.combine(day, time(23, 30), tzinfo=zone).astimezone(UTC)
        assert quiz.local_today(profile, evening) == day
        streaks.record(session, user.id or 0, quiz.local_today(profile, evening), answered=1, daily_completed=True)
    s = streaks.streak_for(session, user.id or 0, date(2026, 11, 2))
    assert s.current == 4 and not s.frozen_days
