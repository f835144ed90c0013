"""The product's limits (services/shared/limits.py): the numbers and their plan override, sliding windows counted
from stored rows and from shared counters (the database, and a real Redis), and the exact time to retry."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from interview_app.clock import utcnow
from interview_app.models import Answer, InterviewSession, RateLimitHit, SessionQuestion, User
from interview_app.services.shared import limits
from interview_app.services.shared.limits import LimitExceeded
from interview_app.services.shared.rate_limit import RateLimited
from interview_app.settings import Settings
from tests.support import servers

MINUTE = timedelta(minutes=1)


@pytest.fixture
def ada(make_user: Callable[..., User]) -> User:
    return make_user()


@pytest.fixture(autouse=True)
def _no_plan_override() -> Iterator[None]:
    limits.set_plan_override(None)
    yield
    limits.set_plan_override(None)


@pytest.fixture
def small(override_settings: Callable[..., Settings]) -> Settings:
    """The backend description's numbers, counted in the database."""
    return override_settings(
        interviews_per_day=5,
        answers_per_minute=2,
        llm_scoring_per_minute=10,
        exports_per_hour=2,
        export_limit_per_day=3,
        limits_store="database",
    )


def started(session: Session, user: User, *ages: timedelta, practice: bool = False) -> None:
    """Interview rows started `ages` ago."""
    now = utcnow()
    for age in ages:
        session.add(
            InterviewSession(
                user_id=user.id or 0,
                interview_type="mixed",
                difficulty="medium",
                practice=practice,
                started_at=now - age,
            )
        )
    session.commit()


def answered(session: Session, user: User, *ages: timedelta, recorded: bool = False, status: str = "") -> None:
    """Answers handed in `ages` ago (typed, or recordings handed in then)."""
    interview = InterviewSession(user_id=user.id or 0, interview_type="mixed", difficulty="medium")
    session.add(interview)
    session.flush()
    now = utcnow()
    for i, age in enumerate(ages):
        sq = SessionQuestion(session_id=interview.id or 0, position=i * 10, prompt="Why?")
        session.add(sq)
        session.flush()
        if recorded:
            row = Answer(
                session_question_id=sq.id or 0,
                user_id=user.id or 0,
                mode="audio",
                status=status or "uploaded",
                submitted_at=now - age - timedelta(minutes=10),  # the recording started long before its hand-in
                recording_finished_at=None if status == "recording" else now - age,
            )
        else:
            row = Answer(session_question_id=sq.id or 0, user_id=user.id or 0, text="x", submitted_at=now - age)
        session.add(row)
    session.commit()


# ---------------------------------------------------------------- the numbers


def test_limits_come_from_the_settings_and_zero_means_none(override_settings: Callable[..., Settings]):
    override_settings(interviews_per_day=7, answers_per_minute=0, export_limit_per_day=4, exports_per_hour=1)
    got = limits.from_settings()
    assert (got.interviews_per_day, got.answers_per_minute, got.exports_per_day, got.exports_per_hour) == (
        7,
        None,
        4,
        1,
    )
    assert got.source == "settings"


def test_the_defaults_are_the_backend_descriptions(monkeypatch: pytest.MonkeyPatch):
    for name in ("INTERVIEWS_PER_DAY", "ANSWERS_PER_MINUTE", "LLM_SCORING_PER_MINUTE", "EXPORTS_PER_HOUR"):
        monkeypatch.delenv(name, raising=False)
    got = limits.from_settings(Settings())
    assert (got.interviews_per_day, got.answers_per_minute, got.llm_scoring_per_minute, got.exports_per_hour) == (
        5,
        2,
        10,
        2,
    )
    assert got.exports_per_day == 3  # EXPORT_LIMIT_PER_DAY, folded in


def test_a_plan_override_changes_one_users_limits_only(session: Session, small: Settings, make_user):
    ada, bob = make_user(), make_user("bob@example.com")
    seen: list[tuple[int, int | None]] = []

    def premium(db: Session, user_id: int, base: limits.Limits) -> limits.Limits:
        seen.append((user_id, base.interviews_per_day))
        return base.replace(interviews_per_day=50, source="premium") if user_id == ada.id else base

    limits.set_plan_override(premium)
    assert limits.limits_for(session, ada.id).interviews_per_day == 50
    assert limits.limits_for(session, ada.id).source == "premium"
    assert limits.limits_for(session, bob.id).interviews_per_day == 5
    assert seen[0] == (ada.id, 5)  # the override is given the settings' numbers
    started(session, ada, *[timedelta(hours=1)] * 5)
    started(session, bob, *[timedelta(hours=1)] * 5)
    assert limits.check(session, ada.id, limits.INTERVIEWS_PER_DAY).used == 5
    with pytest.raises(LimitExceeded) as refused:
        limits.check(session, bob.id, limits.INTERVIEWS_PER_DAY)
    assert refused.value.source == "settings"


def test_an_override_that_lifts_a_limit_lets_everything_through(session: Session, small: Settings, ada: User):
    limits.set_plan_override(lambda db, uid, base: base.replace(answers_per_minute=None, source="unlimited"))
    answered(session, ada, *[timedelta(seconds=5)] * 10)
    assert limits.check(session, ada.id or 0, limits.ANSWERS_PER_MINUTE).limit is None


# ---------------------------------------------------------------- counted from stored rows


def test_interviews_of_the_last_24_hours_count_and_the_wait_is_until_the_oldest_leaves(
    session: Session, small: Settings, ada: User
):
    started(session, ada, timedelta(hours=30))  # a day and more ago: outside the window
    started(session, ada, timedelta(hours=2), practice=True)  # practising one question is not an interview
    started(session, ada, timedelta(hours=20), timedelta(hours=10), timedelta(hours=5), timedelta(hours=1))
    assert limits.check(session, ada.id or 0, limits.INTERVIEWS_PER_DAY).used == 4
    started(session, ada, timedelta(minutes=1))
    with pytest.raises(LimitExceeded) as refused:
        limits.check(session, ada.id or 0, limits.INTERVIEWS_PER_DAY)
    exc = refused.value
    assert (exc.rule, exc.limit, exc.used) == (limits.INTERVIEWS_PER_DAY, 5, 5)
    assert 4 * 3600 - 5 <= exc.retry_after <= 4 * 3600 + 1  # the one 20 hours old leaves in 4 hours
    assert isinstance(exc, RateLimited) and exc.code == "limit.interviews_per_day"
    assert exc.message() == (
        "Interviews are limited to 5 a day, and you have started that many in the last 24 hours. "
        "You can start the next one in 4 hours."
    )
    assert exc.details() == {
        "rule": "interviews_per_day",
        "limit": 5,
        "used": 5,
        "left": 0,
        "window_seconds": 86400,
        "retry_after": exc.retry_after,
        "resets_at": exc.resets_at.isoformat(timespec="seconds"),
        "plan": None,
    }


def test_answers_count_when_handed_in_typed_or_recorded(session: Session, small: Settings, ada: User):
    answered(session, ada, timedelta(seconds=70))  # a minute ago and more
    answered(session, ada, timedelta(seconds=5), recorded=True, status="recording")  # not handed in yet
    answered(session, ada, timedelta(seconds=40), recorded=True)  # handed in 40 s ago (started 10 min before)
    assert limits.check(session, ada.id or 0, limits.ANSWERS_PER_MINUTE).used == 1
    answered(session, ada, timedelta(seconds=10))
    with pytest.raises(LimitExceeded) as refused:
        limits.check(session, ada.id or 0, limits.ANSWERS_PER_MINUTE)
    assert refused.value.used == 2
    assert 19 <= refused.value.retry_after <= 21  # the recording handed in 40 s ago leaves the minute in 20 s
    assert refused.value.retry_text().endswith("seconds")


def test_other_users_rows_do_not_count(session: Session, small: Settings, make_user):
    ada, bob = make_user(), make_user("bob@example.com")
    answered(session, bob, *[timedelta(seconds=5)] * 5)
    assert limits.check(session, ada.id, limits.ANSWERS_PER_MINUTE).used == 0


def test_check_refuses_a_counter_rule(session: Session, small: Settings, ada: User):
    with pytest.raises(ValueError, match="take"):
        limits.check(session, ada.id or 0, limits.LLM_SCORING_PER_MINUTE)


# ---------------------------------------------------------------- shared counters, database and Redis


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    with servers.redis() as url:
        yield url


@pytest.fixture(params=["database", "redis"])
def store(request: pytest.FixtureRequest, override_settings: Callable[..., Settings]) -> str:
    """The counters in the database, or in a real Redis started for these tests."""
    values = {"exports_per_hour": 2, "export_limit_per_day": 3, "llm_scoring_per_minute": 3}
    if request.param == "redis":
        url = request.getfixturevalue("redis_url")
        override_settings(limits_store="redis", reflex_redis_url=url, **values)
        limits.counters().client.flushdb()  # type: ignore[union-attr]
    else:
        override_settings(limits_store="database", **values)
    return request.param


def test_the_configured_store_counts(store: str):
    assert limits.counters().name == store


def test_exports_count_once_against_the_hour_and_the_day(session: Session, store: str, ada: User):
    uid = ada.id or 0
    now = utcnow()
    limits.take(session, uid, limits.EXPORTS_PER_HOUR, limits.EXPORTS_PER_DAY, now=now - timedelta(hours=5))
    limits.take(session, uid, limits.EXPORTS_PER_HOUR, limits.EXPORTS_PER_DAY, now=now - timedelta(minutes=50))
    limits.take(session, uid, limits.EXPORTS_PER_HOUR, limits.EXPORTS_PER_DAY, now=now - timedelta(minutes=20))
    # Two within the hour: the hour refuses until the one 50 minutes old leaves it.
    with pytest.raises(LimitExceeded) as refused:
        limits.take(session, uid, limits.EXPORTS_PER_HOUR, limits.EXPORTS_PER_DAY, now=now)
    assert refused.value.rule == limits.EXPORTS_PER_HOUR and refused.value.used == 2
    assert refused.value.retry_after == 600
    # An hour later the hour has room, but three within 24 hours: the day refuses until the oldest leaves.
    later = now + timedelta(minutes=45)
    with pytest.raises(LimitExceeded) as refused:
        limits.take(session, uid, limits.EXPORTS_PER_HOUR, limits.EXPORTS_PER_DAY, now=later)
    assert refused.value.rule == limits.EXPORTS_PER_DAY and refused.value.used == 3
    assert refused.value.retry_after == int((timedelta(hours=19) - timedelta(minutes=45)).total_seconds())
    assert refused.value.message().startswith("Exports are limited to 3 a day. Try again in 18 hours 15 minutes")
    # A refusal counts nothing.
    assert len(limits.counters_times(session, limits.EXPORTS_PER_DAY, uid, timedelta(days=1), later)) == 3


def test_the_window_slides(session: Session, store: str, ada: User):
    uid, now = ada.id or 0, utcnow()
    for seconds in (50, 30, 10):
        limits.take(session, uid, limits.LLM_SCORING_PER_MINUTE, now=now - timedelta(seconds=seconds))
    with pytest.raises(LimitExceeded) as refused:
        limits.take(session, uid, limits.LLM_SCORING_PER_MINUTE, now=now)
    assert refused.value.retry_after == 10
    limits.take(session, uid, limits.LLM_SCORING_PER_MINUTE, now=now + timedelta(seconds=11))
    usage = limits.usage(session, uid, limits.LLM_SCORING_PER_MINUTE, now=now + timedelta(seconds=11))
    assert (usage.limit, usage.used) == (3, 3)
    assert usage.resets_in == 19  # the one taken 30 s before `now` leaves the minute 19 s later


def test_counters_are_per_user(session: Session, store: str, make_user):
    ada, bob = make_user(), make_user("bob@example.com")
    now = utcnow()
    for _ in range(3):
        limits.take(session, ada.id, limits.LLM_SCORING_PER_MINUTE, now=now)
    with pytest.raises(LimitExceeded):
        limits.take(session, ada.id, limits.LLM_SCORING_PER_MINUTE, now=now)
    limits.take(session, bob.id, limits.LLM_SCORING_PER_MINUTE, now=now)


def test_take_needs_rules_of_one_counter(session: Session, store: str, ada: User):
    with pytest.raises(ValueError):
        limits.take(session, ada.id or 0, limits.EXPORTS_PER_HOUR, limits.LLM_SCORING_PER_MINUTE)
    with pytest.raises(ValueError):
        limits.take(session, ada.id or 0, limits.ANSWERS_PER_MINUTE)


def test_the_database_counters_are_rows_under_the_export_key(session: Session, small: Settings, ada: User):
    limits.take(session, ada.id or 0, limits.EXPORTS_PER_HOUR, limits.EXPORTS_PER_DAY)
    keys = session.exec(select(RateLimitHit.key)).all()
    assert keys == [f"export:{ada.id}"]  # one row for both rules, the key exports always used


def test_redis_counts_atomically_across_clients(session: Session, redis_url: str, override_settings, ada: User):
    """Two workers (two clients) share one count: neither can take the last place twice."""
    override_settings(limits_store="redis", reflex_redis_url=redis_url, llm_scoring_per_minute=5)
    first, second = limits.RedisCounters(redis_url), limits.RedisCounters(redis_url)
    first.client.flushdb()
    now = utcnow()
    windows = [(MINUTE, 5)]
    outcomes = [(first if i % 2 else second).take(session, f"llm:{ada.id}", windows, now) for i in range(8)]
    assert [o.refused for o in outcomes] == [-1] * 5 + [0] * 3
    assert 0 < int(first.client.ttl(f"limit:llm:{ada.id}")) <= 60  # pyright: ignore[reportArgumentType]


def test_deleting_an_account_drops_its_counters_in_redis(
    session: Session, redis_url: str, override_settings, make_user: Callable[..., User]
):
    from interview_app.services.privacy import privacy
    from tests.support.mock_interviews import run_after_commit

    override_settings(limits_store="redis", reflex_redis_url=redis_url, llm_scoring_per_minute=5, exports_per_hour=5)
    client = limits.counters().client  # type: ignore[union-attr]
    client.flushdb()
    gone, stays = make_user(email="gone@example.com"), make_user(email="stays@example.com")
    gone_id, stays_id = gone.id or 0, stays.id or 0
    limits.take(session, gone_id, limits.LLM_SCORING_PER_MINUTE)
    limits.take(session, gone_id, limits.EXPORTS_PER_HOUR, limits.EXPORTS_PER_DAY)
    limits.take(session, stays_id, limits.LLM_SCORING_PER_MINUTE)
    kept = sorted(client.keys(f"limit:*:{gone_id}"))  # pyright: ignore[reportArgumentType]
    assert kept == [f"limit:{name}:{gone_id}".encode() for name in ("export", "llm")]
    privacy.erase_user(session, gone)
    assert client.keys(f"limit:*:{gone_id}")  # not before the deletion is committed
    run_after_commit(session)
    assert client.keys(f"limit:*:{gone_id}") == []
    assert client.exists(f"limit:llm:{stays_id}")  # nobody else's


def test_redis_down_falls_back_to_the_database(session: Session, override_settings, ada: User, caplog):
    override_settings(limits_store="redis", reflex_redis_url="redis://127.0.0.1:9/0", llm_scoring_per_minute=1)
    limits.take(session, ada.id or 0, limits.LLM_SCORING_PER_MINUTE)
    with pytest.raises(LimitExceeded):
        limits.take(session, ada.id or 0, limits.LLM_SCORING_PER_MINUTE)
    assert session.exec(select(RateLimitHit.key)).all() == [f"llm:{ada.id}"]
    assert "counting in the database" in caplog.text


def test_auto_uses_redis_only_when_configured(override_settings):
    assert override_settings(limits_store="auto", reflex_redis_url="").limits_store == "auto"
    assert isinstance(limits.counters(), limits.DatabaseCounters)
    override_settings(reflex_redis_url="redis://127.0.0.1:9/0")
    assert isinstance(limits.counters(), limits.RedisCounters)


def test_redis_store_without_a_url_is_refused_at_start(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("LIMITS_STORE", "redis")
    monkeypatch.setenv("REFLEX_REDIS_URL", "")
    with pytest.raises(ValueError, match="LIMITS_STORE=redis needs REFLEX_REDIS_URL"):
        Settings()


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (1, "1 second"),
        (59, "59 seconds"),
        (60, "1 minute"),
        (89 * 60, "89 minutes"),
        (90 * 60, "1 hour 30 minutes"),
        (4 * 3600, "4 hours"),
        (4 * 3600 + 61, "4 hours 2 minutes"),
        (86400, "24 hours"),
    ],
)
def test_the_wait_in_words(seconds: int, words: str):
    assert RateLimited(seconds).retry_text() == words


@pytest.mark.postgres
def test_the_rules_and_the_abandon_lock_on_postgres(small: Settings):
    """The row counts (practice excepted, COALESCE of the hand-in time), the counter and the abandon job's
    row lock on a real PostgreSQL server (the scale-out database)."""
    from sqlalchemy import create_engine
    from sqlmodel import SQLModel

    from interview_app.services.interviews import interviews

    with servers.postgres() as url:
        engine = create_engine(url)
        SQLModel.metadata.create_all(engine)
        try:
            with Session(engine, expire_on_commit=False) as session:
                pat = User(email="pat@example.com", name="Pat Postgres", password_hash="x")
                session.add(pat)
                session.commit()
                uid = pat.id or 0
                started(session, pat, *[timedelta(hours=2)] * 4, timedelta(hours=25))
                started(session, pat, timedelta(minutes=5), practice=True)
                assert limits.check(session, uid, limits.INTERVIEWS_PER_DAY).used == 4
                answered(session, pat, timedelta(seconds=30), recorded=True)
                answered(session, pat, timedelta(seconds=10))
                with pytest.raises(LimitExceeded) as refused:
                    limits.check(session, uid, limits.ANSWERS_PER_MINUTE)
                assert 29 <= refused.value.retry_after <= 31
                for _ in range(2):
                    limits.take(session, uid, limits.EXPORTS_PER_HOUR, limits.EXPORTS_PER_DAY)
                with pytest.raises(LimitExceeded):
                    limits.take(session, uid, limits.EXPORTS_PER_HOUR, limits.EXPORTS_PER_DAY)
                stale = InterviewSession(
                    user_id=uid, interview_type="mixed", difficulty="medium", started_at=utcnow() - timedelta(hours=3)
                )
                session.add(stale)
                session.commit()
                assert stale.id in interviews.stale_ids(session)  # with the rows started 2 and 25 hours ago
                assert interviews.abandon(session, stale.id or 0) is True
                session.commit()
                assert interviews.abandon(session, stale.id or 0) is False
                assert stale.id not in interviews.stale_ids(session)
                session.refresh(stale)
                assert stale.status == "abandoned"
        finally:
            engine.dispose()
