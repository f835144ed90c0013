"""Database-backed rate limits: sliding windows, back-off, and their use by sign-in and reset."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from interview_app import db
from interview_app.clock import utcnow
from interview_app.models import RateLimitHit
from interview_app.services.accounts import accounts
from interview_app.services.accounts.accounts import AccountError, Client, CodeRequired
from interview_app.services.shared import rate_limit
from interview_app.services.shared.rate_limit import RateLimited
from tests.support.handlers import PASSWORD, outbox

CLIENT = Client(ip="198.51.100.20", user_agent="pytest")
WRONG = "wrong password!"
MINUTE = timedelta(minutes=1)


def hits(session: Session, key: str, *ages: timedelta) -> None:
    """Record attempts under `key` that happened `ages` ago."""
    now = utcnow()
    for age in ages:
        rate_limit.hit(session, key, now=now - age)
    session.commit()


def age_hits(session: Session, by: timedelta) -> None:
    """Move every recorded attempt `by` into the past (as if that much time had passed)."""
    for row in session.exec(select(RateLimitHit)).all():
        row.created_at -= by
        session.add(row)
    session.commit()


def attempt(session: Session, email: str = "ada@example.com", password: str = WRONG, client: Client = CLIENT):
    """One sign-in attempt; returns the AccountError/RateLimited raised, or the token."""
    try:
        _user, token = accounts.sign_in(session, email=email, password=password, client=client)
    except (AccountError, RateLimited) as exc:
        session.rollback()
        return exc
    session.commit()
    return token


# --- the primitives, with explicit times ---------------------------------------------------


def test_recent_lists_hits_inside_the_window_oldest_first(session):
    now = utcnow()
    for minutes in (20, 3, 9, 1):
        rate_limit.hit(session, "k", now=now - minutes * MINUTE)
    rate_limit.hit(session, "other", now=now)
    times = rate_limit.recent(session, "k", 10 * MINUTE, now=now)
    assert times == [now - 9 * MINUTE, now - 3 * MINUTE, now - 1 * MINUTE]


def test_check_window_allows_up_to_the_limit(session):
    now = utcnow()
    rate_limit.hit(session, "k", now=now - 5 * MINUTE)
    rate_limit.hit(session, "k", now=now - 1 * MINUTE)
    rate_limit.check_window(session, "k", limit=3, window=10 * MINUTE, now=now)


def test_check_window_blocks_until_the_oldest_counted_hit_leaves(session):
    now = utcnow()
    for minutes in (9, 5, 1):
        rate_limit.hit(session, "k", now=now - minutes * MINUTE)
    with pytest.raises(RateLimited) as info:
        rate_limit.check_window(session, "k", limit=3, window=10 * MINUTE, now=now)
    assert info.value.retry_after == 60
    # one minute later the oldest hit has left the window
    rate_limit.check_window(session, "k", limit=3, window=10 * MINUTE, now=now + MINUTE + timedelta(seconds=1))


def test_check_window_with_more_hits_than_the_limit(session):
    now = utcnow()
    for minutes in (9, 8, 5, 1):
        rate_limit.hit(session, "k", now=now - minutes * MINUTE)
    with pytest.raises(RateLimited) as info:
        rate_limit.check_window(session, "k", limit=3, window=10 * MINUTE, now=now)
    assert info.value.retry_after == 120  # the 9- and 8-minute-old hits must both leave


def test_check_window_ignores_other_keys_and_old_hits(session):
    now = utcnow()
    for _ in range(5):
        rate_limit.hit(session, "a", now=now)
        rate_limit.hit(session, "b", now=now - 11 * MINUTE)
    rate_limit.check_window(session, "b", limit=1, window=10 * MINUTE, now=now)
    rate_limit.check_window(session, "c", limit=1, window=10 * MINUTE, now=now)
    with pytest.raises(RateLimited):
        rate_limit.check_window(session, "a", limit=5, window=10 * MINUTE, now=now)


def test_retry_after_is_at_least_one_second(session):
    now = utcnow()
    rate_limit.hit(session, "k", now=now - 10 * MINUTE + timedelta(milliseconds=200))
    with pytest.raises(RateLimited) as info:
        rate_limit.check_window(session, "k", limit=1, window=10 * MINUTE, now=now)
    assert info.value.retry_after == 1


BACKOFF = {"free": 5, "base_seconds": 30, "max_seconds": 900, "window": timedelta(minutes=15)}


def test_backoff_allows_the_free_failures(session):
    now = utcnow()
    for _ in range(4):
        rate_limit.hit(session, "acct", now=now)
    rate_limit.check_backoff(session, "acct", now=now, **BACKOFF)


@pytest.mark.parametrize(("failures", "delay"), [(5, 30), (6, 60), (7, 120), (8, 240), (9, 480), (10, 900), (20, 900)])
def test_backoff_doubles_with_each_failure_up_to_the_maximum(session, failures, delay):
    now = utcnow()
    for i in range(failures):
        rate_limit.hit(session, "acct", now=now - timedelta(seconds=failures - i))  # the last one 1 s ago
    with pytest.raises(RateLimited) as info:
        rate_limit.check_backoff(session, "acct", now=now, **BACKOFF)
    assert info.value.retry_after == delay - 1


def test_backoff_ends_when_the_delay_has_passed(session):
    now = utcnow()
    for _ in range(6):
        rate_limit.hit(session, "acct", now=now - timedelta(seconds=61))
    rate_limit.check_backoff(session, "acct", now=now, **BACKOFF)


def test_backoff_forgets_failures_outside_the_window(session):
    now = utcnow()
    for _ in range(10):
        rate_limit.hit(session, "acct", now=now - timedelta(minutes=16))
    rate_limit.check_backoff(session, "acct", now=now, **BACKOFF)


def test_clear_forgets_only_that_key(session):
    hits(session, "a", MINUTE, MINUTE)
    hits(session, "b", MINUTE)
    rate_limit.clear(session, "a")
    session.commit()
    assert session.exec(select(RateLimitHit.key)).all() == ["b"]


def test_prune_deletes_old_hits(session):
    hits(session, "k", timedelta(days=2), timedelta(days=1, minutes=1), timedelta(hours=23), MINUTE)
    assert rate_limit.prune(session) == 2
    session.commit()
    assert len(session.exec(select(RateLimitHit)).all()) == 2
    assert rate_limit.prune(session, older_than=timedelta(minutes=30)) == 1
    assert rate_limit.prune(session) == 0


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (1, "1 second"),
        (2, "2 seconds"),
        (30, "30 seconds"),
        (59, "59 seconds"),
        (60, "1 minute"),
        (61, "2 minutes"),
        (119, "2 minutes"),
        (120, "2 minutes"),
        (121, "3 minutes"),
        (900, "15 minutes"),
        (3600, "60 minutes"),
    ],
)
def test_retry_text(seconds, text):
    assert RateLimited(seconds).retry_text() == text


def test_rate_limited_carries_retry_after():
    exc = RateLimited(42)
    assert exc.retry_after == 42
    assert isinstance(exc, Exception)


# --- sign-in -------------------------------------------------------------------------------


@pytest.mark.parametrize("email", ["ada@example.com", "nobody@example.com"])
def test_sixth_sign_in_after_five_failures_needs_a_code_even_with_the_right_password(session, make_user, email):
    """An unknown device during the back-off: the password alone is not enough (the e-mailed code is)."""
    make_user()
    for _ in range(5):
        assert isinstance(attempt(session, email=email), AccountError)
    outcome = attempt(session, email=email, password=PASSWORD)
    assert isinstance(outcome, CodeRequired)
    assert 0 < outcome.retry_after <= 30


def test_lockout_is_per_account_not_per_ip(session, make_user):
    make_user()
    make_user(email="bob@example.com", name="Bob")
    for _ in range(5):
        attempt(session)
    assert isinstance(attempt(session, password=PASSWORD), CodeRequired)
    assert isinstance(attempt(session, email="BOB@example.com", password=PASSWORD), str)


def test_lockout_key_is_the_normalised_email(session, make_user):
    make_user()
    for variant in ("ada@example.com", "ADA@example.com", " Ada@Example.com", "ada@EXAMPLE.com", "ada@example.com"):
        attempt(session, email=variant)
    assert isinstance(attempt(session, email="Ada@example.COM", password=PASSWORD), CodeRequired)


def test_sign_in_back_off_doubles_and_then_lets_the_owner_in(session, make_user):
    make_user()
    for _ in range(5):
        attempt(session)
    age_hits(session, timedelta(seconds=31))  # the 30 s wait is over: one more try is allowed
    assert isinstance(attempt(session), AccountError)
    outcome = attempt(session)
    assert isinstance(outcome, CodeRequired)
    assert 55 <= outcome.retry_after <= 60

    age_hits(session, timedelta(seconds=61))
    assert isinstance(attempt(session), AccountError)
    outcome = attempt(session)
    assert isinstance(outcome, CodeRequired)
    assert 115 <= outcome.retry_after <= 120

    age_hits(session, timedelta(seconds=121))
    assert isinstance(attempt(session, password=PASSWORD), str)
    keys = session.exec(select(RateLimitHit.key)).all()
    assert "signin-account:ada@example.com" not in keys


def test_lockout_is_capped_by_settings(session, make_user, override_settings):
    override_settings(signin_account_max_lockout_minutes=1)
    make_user()
    now = utcnow()
    for _ in range(12):
        rate_limit.hit(session, "signin-account:ada@example.com", now=now)
    session.commit()
    outcome = attempt(session, password=PASSWORD)
    assert isinstance(outcome, CodeRequired)
    assert 55 <= outcome.retry_after <= 60


def test_attempts_during_the_back_off_are_not_counted(session, make_user):
    make_user()
    for _ in range(5):
        attempt(session)
    for _ in range(3):
        assert isinstance(attempt(session), CodeRequired)
    assert (
        len(session.exec(select(RateLimitHit).where(RateLimitHit.key == "signin-account:ada@example.com")).all()) == 5
    )


def test_per_ip_limit_blocks_every_account_from_that_ip(session, make_user, override_settings):
    override_settings(signin_ip_limit=3)
    make_user()
    for i in range(3):
        assert isinstance(attempt(session, email=f"guess{i}@example.com"), AccountError)
    outcome = attempt(session, password=PASSWORD)
    assert isinstance(outcome, RateLimited)
    assert 15 * 60 - 10 <= outcome.retry_after <= 15 * 60
    other_ip = Client(ip="192.0.2.99")
    assert isinstance(attempt(session, password=PASSWORD, client=other_ip), str)


def test_per_ip_window_follows_settings(session, make_user, override_settings):
    override_settings(signin_ip_limit=2, signin_ip_window_minutes=1)
    make_user()
    attempt(session, email="x@example.com")
    attempt(session, email="y@example.com")
    outcome = attempt(session, password=PASSWORD)
    assert isinstance(outcome, RateLimited)
    assert outcome.retry_after <= 60
    age_hits(session, timedelta(seconds=61))
    assert isinstance(attempt(session, password=PASSWORD), str)


def test_the_code_step_propagates_through_session_scope(session, make_user):
    """The app calls sign_in inside db.session_scope(); callers catch CodeRequired (and RateLimited) there.

    contextlib assigns `__traceback__` to the exception it re-raises, which a frozen dataclass would refuse.
    """
    make_user()
    for _ in range(5):
        attempt(session)
    with pytest.raises(CodeRequired), db.session_scope() as scoped:
        accounts.sign_in(scoped, email="ada@example.com", password=PASSWORD, client=CLIENT)


# --- password reset requests ---------------------------------------------------------------


def request_reset(session: Session, email: str):
    try:
        result = accounts.request_password_reset(session, email=email, client=CLIENT)
    except RateLimited as exc:
        session.rollback()
        return exc
    session.commit()
    return result


@pytest.mark.parametrize("email", ["ada@example.com", "nobody@example.com"])
def test_reset_requests_are_limited_to_three_per_hour_per_email(session, make_user, email):
    make_user()
    assert [request_reset(session, email) for _ in range(3)] == [email] * 3
    mails_before = len(outbox(session))
    outcome = request_reset(session, email.upper())
    assert isinstance(outcome, RateLimited)
    assert 59 * 60 <= outcome.retry_after <= 60 * 60
    assert len(outbox(session)) == mails_before
    assert request_reset(session, "someone.else@example.com") == "someone.else@example.com"


def test_reset_limit_is_identical_for_known_and_unknown_email(session, make_user):
    make_user()
    outcomes = {}
    for email in ("ada@example.com", "nobody@example.com"):
        results = [request_reset(session, email) for _ in range(5)]
        outcomes[email] = [type(r).__name__ for r in results]
    assert outcomes["ada@example.com"] == outcomes["nobody@example.com"] == ["str"] * 3 + ["RateLimited"] * 2
    assert len(outbox(session, kind="password_reset")) == 3


def test_reset_limit_resets_after_the_window(session, make_user):
    make_user()
    for _ in range(3):
        request_reset(session, "ada@example.com")
    assert isinstance(request_reset(session, "ada@example.com"), RateLimited)
    age_hits(session, timedelta(minutes=61))
    assert request_reset(session, "ada@example.com") == "ada@example.com"
