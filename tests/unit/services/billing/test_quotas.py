"""The plans' quotas through the limits: calendar-month windows counted from stored rows, the reset on the 1st,
a plan change taking effect at once, the messages with what is used and left, and the usage meter."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from interview_app.models import Answer, Feedback, InterviewSession, Plan, SessionQuestion, Subscription, User
from interview_app.services.billing import plans, usage
from interview_app.services.interviews import interviews
from interview_app.services.shared import limits
from interview_app.services.shared.limits import LimitExceeded
from interview_app.settings import Settings

NOW = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _plans_on(override_settings: Callable[..., Settings]) -> Iterator[None]:
    override_settings(plans_enabled=True, limits_store="database", answers_per_minute=0)
    plans.install_quotas()
    yield
    limits.set_plan_override(None)


@pytest.fixture
def seeded(session: Session) -> dict[str, Plan]:
    plans.seed(session)
    session.commit()
    return {p.slug: p for p in session.exec(select(Plan)).all()}


@pytest.fixture
def ada(make_user: Callable[..., User]) -> User:
    return make_user()


def interview_at(session: Session, user: User, when: datetime, practice: bool = False) -> InterviewSession:
    row = InterviewSession(
        user_id=user.id or 0, interview_type="mixed", difficulty="medium", practice=practice, started_at=when
    )
    session.add(row)
    session.commit()
    return row


def recorded_at(session: Session, user: User, when: datetime, seconds: float, status: str = "scored") -> Answer:
    interview = interview_at(session, user, when)
    sq = SessionQuestion(session_id=interview.id or 0, position=0, prompt="Why?")
    session.add(sq)
    session.flush()
    answer = Answer(
        session_question_id=sq.id or 0,
        user_id=user.id or 0,
        mode="audio",
        status=status,
        media_seconds=seconds,
        submitted_at=when - timedelta(minutes=5),
        recording_finished_at=when,
    )
    session.add(answer)
    session.commit()
    return answer


def scored_at(session: Session, user: User, when: datetime, engine: str = "llm") -> None:
    interview = interview_at(session, user, when)
    sq = SessionQuestion(session_id=interview.id or 0, position=0, prompt="Why?")
    session.add(sq)
    session.flush()
    answer = Answer(session_question_id=sq.id or 0, user_id=user.id or 0, text="Because.", status="scored")
    session.add(answer)
    session.flush()
    session.add(
        Feedback(
            answer_id=answer.id or 0, user_id=user.id or 0, total=50, engine=engine, rubric_version="1", created_at=when
        )
    )
    session.commit()


def test_month_boundaries() -> None:
    assert limits.month_start(NOW) == datetime(2026, 12, 1, tzinfo=UTC)
    assert limits.next_month_start(NOW) == datetime(2027, 1, 1, tzinfo=UTC)
    assert limits.next_month_start(datetime(2027, 1, 31, 23, 59, tzinfo=UTC)) == datetime(2027, 2, 1, tzinfo=UTC)
    assert limits.month_day_text(datetime(2027, 1, 1, tzinfo=UTC)) == "1 January 2027"


def test_interviews_a_month_count_this_calendar_month_and_reset_on_the_first(
    session: Session, seeded: dict[str, Plan], ada: User
) -> None:
    free = seeded["free"]
    free.interviews_per_day, free.interviews_per_month = None, 3
    session.add(free)
    session.commit()
    interview_at(session, ada, datetime(2026, 11, 30, 23, 59, tzinfo=UTC))  # last month: not counted
    interview_at(session, ada, datetime(2026, 12, 2, tzinfo=UTC), practice=True)  # practice: not an interview
    interview_at(session, ada, datetime(2026, 12, 1, 0, 0, tzinfo=UTC))
    interview_at(session, ada, datetime(2026, 12, 3, tzinfo=UTC))
    assert limits.check(session, ada.id or 0, limits.INTERVIEWS_PER_MONTH, now=NOW).used == 2
    interview_at(session, ada, datetime(2026, 12, 6, tzinfo=UTC))
    with pytest.raises(LimitExceeded) as refused:
        limits.check(session, ada.id or 0, limits.INTERVIEWS_PER_MONTH, now=NOW)
    exc = refused.value
    assert (exc.limit, exc.used, exc.left, exc.source, exc.by_plan) == (3, 3, 0, "Free", True)
    assert exc.resets_at == datetime(2027, 1, 1, tzinfo=UTC)
    assert exc.retry_after == int((datetime(2027, 1, 1, tzinfo=UTC) - NOW).total_seconds())
    assert exc.message() == (
        "Your Free plan includes 3 interviews a month, and you have started all of them. "
        "More on 1 January 2027 (in 24 days), or upgrade to go on now."
    )
    assert exc.details()["plan"] == "Free" and exc.details()["resets_at"] == "2027-01-01T00:00:00+00:00"
    # The month turns: the count starts again.
    assert (
        limits.check(session, ada.id or 0, limits.INTERVIEWS_PER_MONTH, now=datetime(2027, 1, 1, tzinfo=UTC)).used == 0
    )


def test_a_plan_change_takes_effect_at_once(session: Session, seeded: dict[str, Plan], ada: User) -> None:
    for day in range(1, 5):
        interview_at(session, ada, datetime(2026, 12, day, tzinfo=UTC))
    seeded["free"].interviews_per_day, seeded["free"].interviews_per_month = None, 4
    session.add(seeded["free"])
    session.commit()
    with pytest.raises(LimitExceeded):
        limits.check(session, ada.id or 0, limits.INTERVIEWS_PER_MONTH, now=NOW)
    sub = Subscription(user_id=ada.id or 0, plan_id=seeded["premium"].id or 0, provider="manual", status="active")
    session.add(sub)
    session.commit()
    used = limits.check(session, ada.id or 0, limits.INTERVIEWS_PER_MONTH, now=NOW)
    assert (used.limit, used.used) == (None, 0)  # Premium: unlimited
    # Refunded: back on the free plan, and refused again (the interviews still count).
    sub.status = "refunded"
    session.add(sub)
    session.commit()
    with pytest.raises(LimitExceeded):
        limits.check(session, ada.id or 0, limits.INTERVIEWS_PER_MONTH, now=NOW)


def test_starting_an_interview_is_refused_by_the_monthly_quota(
    session: Session, seeded: dict[str, Plan], ada: User
) -> None:
    seeded["free"].interviews_per_day, seeded["free"].interviews_per_month = None, 1
    session.add(seeded["free"])
    session.commit()
    interviews.check_can_start(session, ada.id or 0)
    interview_at(session, ada, datetime.now(UTC) - timedelta(minutes=1))
    with pytest.raises(LimitExceeded) as refused:
        interviews.check_can_start(session, ada.id or 0)
    assert refused.value.rule is limits.INTERVIEWS_PER_MONTH


def test_voice_minutes_count_handed_in_recordings_and_refuse_a_spoken_interview(
    session: Session, seeded: dict[str, Plan], ada: User
) -> None:
    seeded["free"].interviews_per_day, seeded["free"].voice_minutes_per_month = None, 10
    session.add(seeded["free"])
    session.commit()
    recorded_at(session, ada, datetime(2026, 11, 28, tzinfo=UTC), 3000)  # last month
    recorded_at(session, ada, datetime(2026, 12, 2, tzinfo=UTC), 300)
    recorded_at(session, ada, datetime(2026, 12, 3, tzinfo=UTC), 200, status="recording")  # not handed in yet
    recorded_at(session, ada, datetime(2026, 12, 4, tzinfo=UTC), 299)
    # 599 seconds: 9 whole minutes used, so a spoken interview may still start.
    assert limits.check(session, ada.id or 0, limits.VOICE_MINUTES_PER_MONTH, now=NOW).used == 9
    recorded_at(session, ada, datetime(2026, 12, 5, tzinfo=UTC), 1)
    with pytest.raises(LimitExceeded) as refused:
        limits.check(session, ada.id or 0, limits.VOICE_MINUTES_PER_MONTH, now=NOW)
    assert "10 minutes of spoken answers a month" in refused.value.message()
    # A typed interview is still allowed.
    interviews.check_can_start(session, ada.id or 0, "text")
    with pytest.raises(LimitExceeded):
        interviews.check_can_start(session, ada.id or 0, "audio")


def test_llm_answers_count_only_the_llm_engines_feedback(session: Session, seeded: dict[str, Plan], ada: User) -> None:
    seeded["free"].llm_answers_per_month = 2
    session.add(seeded["free"])
    session.commit()
    scored_at(session, ada, datetime(2026, 12, 1, 8, tzinfo=UTC))
    scored_at(session, ada, datetime(2026, 12, 2, tzinfo=UTC), engine="offline")  # the built-in scorer
    scored_at(session, ada, datetime(2026, 11, 20, tzinfo=UTC))  # last month
    assert limits.check(session, ada.id or 0, limits.LLM_ANSWERS_PER_MONTH, now=NOW).used == 1
    scored_at(session, ada, datetime(2026, 12, 6, tzinfo=UTC))
    with pytest.raises(LimitExceeded) as refused:
        limits.check(session, ada.id or 0, limits.LLM_ANSWERS_PER_MONTH, now=NOW)
    assert "scored by the built-in scorer" in refused.value.message()


def test_a_daily_quota_of_a_plan_names_the_plan(session: Session, seeded: dict[str, Plan], ada: User) -> None:
    now = datetime.now(UTC)
    interview_at(session, ada, now - timedelta(hours=3))
    interview_at(session, ada, now - timedelta(hours=1))
    with pytest.raises(LimitExceeded) as refused:
        limits.check(session, ada.id or 0, limits.INTERVIEWS_PER_DAY)
    assert refused.value.message().startswith("Your Free plan includes 2 interviews a day")


def test_the_meter_shows_used_left_and_resets(session: Session, seeded: dict[str, Plan], ada: User) -> None:
    interview_at(session, ada, datetime(2026, 12, 2, tzinfo=UTC))
    recorded_at(session, ada, datetime(2026, 12, 3, tzinfo=UTC), 125)
    summary = usage.summary(session, ada.id or 0, NOW)
    assert summary.plan.slug == "free" and summary.subscription is None
    meters = {m.rule: m for m in summary.meters}
    assert list(meters) == [
        "interviews_per_month",
        "interviews_per_day",
        "voice_minutes_per_month",
        "llm_answers_per_month",
        "exports_per_day",
    ]
    month = meters["interviews_per_month"]
    assert (month.used, month.limit, month.left, month.percent) == (2, 10, 8, 20)
    assert month.resets_at == datetime(2027, 1, 1, tzinfo=UTC) and not month.full
    assert (meters["voice_minutes_per_month"].used, meters["voice_minutes_per_month"].left) == (2, 28)
    assert meters["interviews_per_day"].resets_at is None
    assert not summary.any_full
    seeded["free"].interviews_per_month = 2
    session.add(seeded["free"])
    session.commit()
    summary = usage.summary(session, ada.id or 0, NOW)
    full = next(m for m in summary.meters if m.rule == "interviews_per_month")
    assert full.full and full.percent == 100 and full.resets_in > 0 and summary.any_full
