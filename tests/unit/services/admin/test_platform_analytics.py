"""Platform analytics on fixtures with known answers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session

from interview_app.models import (
    Answer,
    AuditEvent,
    Feedback,
    InterviewSession,
    JobRun,
    QuizAttempt,
    QuizItem,
    SessionQuestion,
    TrainerDay,
    User,
)
from interview_app.services.admin import platform_analytics as pa
from interview_app.services.admin.platform_analytics import DateRange

TODAY = date(2026, 3, 31)


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def d(offset: int) -> date:
    """A day relative to TODAY (0 is today, -1 yesterday)."""
    return TODAY + timedelta(days=offset)


@pytest.fixture
def people(make_user) -> list[User]:
    return [make_user(f"u{i}@example.com", f"User {i}") for i in range(4)]


def interview(session: Session, user: User, day: date, *, role: str = "Backend Engineer", score: int | None = None):
    row = InterviewSession(
        user_id=user.id or 0,
        role_title=role,
        interview_type="mixed",
        difficulty="medium",
        started_at=at(day, 9),
        status="completed" if score is not None else "in_progress",
        overall_score=score,
        ended_at=at(day, 10) if score is not None else None,
    )
    session.add(row)
    session.flush()
    return row


def test_parse_range_presets_and_custom_dates():
    assert pa.parse_range("7", today=TODAY) == DateRange(d(-6), TODAY)
    assert pa.parse_range("90", today=TODAY).start == d(-89)
    assert pa.parse_range("bogus", today=TODAY) == DateRange(d(-29), TODAY)
    assert pa.parse_range("custom", "2026-03-10", "2026-03-01", today=TODAY) == DateRange(d(-30), d(-21))
    assert pa.parse_range("custom", "2026-03-30", "2026-06-01", today=TODAY) == DateRange(d(-1), TODAY)
    assert pa.parse_range("custom", "2020-01-01", "2026-03-31", today=TODAY).start == TODAY - timedelta(days=365)
    assert pa.parse_range("custom", "not a date", "", today=TODAY) == DateRange(d(-29), TODAY)
    assert len(DateRange(d(-2), TODAY).days) == 3


def test_daily_and_weekly_active_users_combine_every_kind_of_activity(session: Session, people: list[User]):
    a, b, c, e = people
    interview(session, a, d(-2))  # a: interview two days ago
    session.add(AuditEvent(event="signin.success", actor_user_id=b.id, created_at=at(d(-2), 8)))
    session.add(AuditEvent(event="signin.failure", actor_user_id=e.id, created_at=at(d(-2), 8)))  # not activity
    session.add(AuditEvent(event="signin.success", actor_user_id=b.id, created_at=at(d(0), 23)))
    attempt = QuizAttempt(user_id=c.id or 0, local_date=d(-8))
    session.add(attempt)
    session.flush()
    session.add(QuizItem(attempt_id=attempt.id or 0, user_id=c.id or 0, position=0, answered_at=at(d(-8))))
    session.add(QuizItem(attempt_id=attempt.id or 0, user_id=c.id or 0, position=1, answered_at=at(d(0), 1)))
    sq = SessionQuestion(session_id=interview(session, e, d(-20)).id or 0, position=0, prompt="?")
    session.add(sq)
    session.flush()
    session.add(Answer(session_question_id=sq.id or 0, user_id=e.id or 0, submitted_at=at(d(-1))))
    session.commit()
    active = pa.active_users(session, DateRange(d(-3), TODAY))
    assert active.days == [d(-3), d(-2), d(-1), d(0)]
    assert active.daily == [0, 2, 1, 2]
    # Trailing seven days: c's quiz eight days ago counts for the first day only; e's interview 20 days ago never.
    assert active.weekly == [1, 3, 3, 4]


def test_sessions_per_day_completion_rate_and_score_distribution(session: Session, people: list[User]):
    a, b, *_ = people
    interview(session, a, d(-1), score=60)
    interview(session, a, d(-1), score=80, role="Data Analyst")
    interview(session, b, d(-1))
    interview(session, b, d(0), score=70)
    interview(session, b, d(-40), score=10)  # outside the range
    session.commit()
    rng = DateRange(d(-2), TODAY)
    per_day = pa.sessions_per_day(session, rng)
    assert (per_day.started, per_day.completed) == ([0, 3, 1], [0, 2, 1])
    assert per_day.completion_rate == pytest.approx(3 / 4)
    assert pa.score_distribution(session, rng) == {"Backend Engineer": [60, 70], "Data Analyst": [80]}
    assert pa.sessions_per_day(session, DateRange(d(-30), d(-20))).completion_rate is None


def test_a_seeded_role_is_one_group_named_in_the_reader_language(session: Session, people: list[User]):
    interview(session, people[0], TODAY, score=60).role_slug = "backend-engineer"
    interview(session, people[1], TODAY, role="백엔드 엔지니어", score=70).role_slug = "backend-engineer"
    interview(session, people[1], TODAY, role="Payments Engineer", score=50)  # typed: as stored
    session.commit()
    rng = DateRange(TODAY, TODAY)
    assert pa.score_distribution(session, rng, "ko") == {"백엔드 엔지니어": [60, 70], "Payments Engineer": [50]}
    assert pa.score_distribution(session, rng, "en") == {"Backend Engineer": [60, 70], "Payments Engineer": [50]}


def test_the_most_frequent_roles_are_shown_and_the_rest_is_other(session: Session, people: list[User]):
    for i in range(pa.TOP_ROLES + 2):
        for _ in range(pa.TOP_ROLES + 2 - i):
            interview(session, people[0], TODAY, role=f"Role {i:02d}", score=50 + i)
    session.commit()
    dist = pa.score_distribution(session, DateRange(TODAY, TODAY))
    assert list(dist)[: pa.TOP_ROLES] == [f"Role {i:02d}" for i in range(pa.TOP_ROLES)]
    assert dist[pa.OTHER_ROLES] == [58, 58, 59]


def test_trainer_retention_follows_weekly_cohorts(session: Session, people: list[User]):
    monday = date(2026, 3, 2)  # weeks start 2, 9, 16, 23 and 30 March
    plan = [
        (people[0], [monday, monday + timedelta(days=8), monday + timedelta(days=15)]),  # weeks 0, 1, 2
        (people[1], [monday + timedelta(days=2)]),  # week 0 only
        (people[2], [monday + timedelta(days=7), monday + timedelta(days=21)]),  # cohort of week 1, back in week 3
        (people[3], [monday - timedelta(days=14), monday]),  # first week is before the range: not a cohort
    ]
    for user, days in plan:
        for day in days:
            session.add(TrainerDay(user_id=user.id or 0, day=day, answered=4))
    session.add(TrainerDay(user_id=people[1].id or 0, day=monday + timedelta(days=14), answered=0))  # opened only
    session.commit()
    cohorts = pa.trainer_retention(session, DateRange(monday, monday + timedelta(days=13)), today=TODAY)
    assert [(c.week, c.users) for c in cohorts] == [(monday, 2), (monday + timedelta(days=7), 1)]
    assert cohorts[0].retained == [0.5, 0.5, 0.0, None]  # the week of 30 March has not ended on the 31st
    assert cohorts[1].retained == [0.0, 1.0, None, None]


def test_job_stats_give_runs_failures_and_durations(session: Session):
    for seconds in [0.1] * 18 + [1.0, 5.0]:
        session.add(JobRun(name="score_answer", started_at=at(TODAY), seconds=seconds))
    session.add(JobRun(name="deliver_mail", started_at=at(TODAY), seconds=0.5, ok=False, error="smtp down"))
    session.add(JobRun(name="deliver_mail", started_at=at(d(-30)), seconds=9.0))
    session.commit()
    stats = pa.job_stats(session, DateRange(d(-1), TODAY))
    assert [(s.name, s.runs, s.failures) for s in stats] == [("score_answer", 20, 0), ("deliver_mail", 1, 1)]
    assert (stats[0].average, stats[0].p95, stats[0].longest) == (0.39, 1.0, 5.0)


def test_engine_use_counts_llm_offline_and_fallbacks_per_day(session: Session, people: list[User]):
    user = people[0]
    sq = SessionQuestion(session_id=interview(session, user, d(-1)).id or 0, position=0, prompt="?")
    session.add(sq)
    session.flush()
    for i, (day, engine, flags) in enumerate(
        [(d(-1), "llm", []), (d(-1), "offline", ["llm_fallback"]), (d(0), "offline", []), (d(0), "offline", [])]
    ):
        sqi = SessionQuestion(session_id=sq.session_id, position=i + 1, prompt="?")
        session.add(sqi)
        session.flush()
        answer = Answer(session_question_id=sqi.id or 0, user_id=user.id or 0)
        session.add(answer)
        session.flush()
        session.add(
            Feedback(
                answer_id=answer.id or 0,
                user_id=user.id or 0,
                total=50,
                engine=engine,
                rubric_version="1",
                result={"flags": flags},
                created_at=at(day),
            )
        )
    session.commit()
    use = pa.engine_use(session, DateRange(d(-1), TODAY))
    assert (use.offline, use.llm, use.fallback) == ([0, 2], [1, 0], [1, 0])


def test_overview_puts_everything_together(session: Session, people: list[User]):
    interview(session, people[0], TODAY, score=64)
    interview(session, people[1], TODAY, score=71)
    session.commit()
    result = pa.overview(session, DateRange(TODAY, TODAY), queue={"backend": "inprocess", "waiting": 2})
    assert result.active.daily == [2] and result.sessions.started == [2]
    assert result.average_score == 67.5 and result.queue == {"backend": "inprocess", "waiting": 2}
