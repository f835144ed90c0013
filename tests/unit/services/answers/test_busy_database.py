"""SQLite busy: a job step that meets another connection's write lock waits, tries again and succeeds.

SQLite lets one connection write at a time. Past `busy_timeout` a writer gets "database is locked"; the job
steps run their short transactions through `db.retry_busy`, so the error never reaches a job or a page.
Here a second connection holds the write lock for a moment while the step's connection waits only 20 ms.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import sqlalchemy
from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from interview_app import db
from interview_app.models import Answer, InterviewSession, SessionQuestion, User
from interview_app.services.answers import lifecycle
from interview_app.services.answers.lifecycle import AnswerStatus


@pytest.fixture
def impatient() -> Iterator[sqlalchemy.Engine]:
    """The app's engine with a 20 ms busy timeout on every connection it hands out (restored afterwards)."""
    engine = db.get_engine()

    def short(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        dbapi_connection.execute("PRAGMA busy_timeout=20")

    event.listen(engine, "checkout", short)
    yield engine
    event.remove(engine, "checkout", short)
    engine.dispose()  # the next connections are made with the usual pragmas


def uploaded_answer(session: Session, make_user: Callable[..., User]) -> int:
    """A handed-in recording waiting for its transcription."""
    user = make_user()
    interview = InterviewSession(user_id=user.id or 0, interview_type="behavioural", difficulty="medium")
    session.add(interview)
    session.flush()
    sq = SessionQuestion(session_id=interview.id or 0, position=0, prompt="Tell me.")
    session.add(sq)
    session.flush()
    answer = Answer(session_question_id=sq.id or 0, user_id=user.id or 0, mode="audio", status=AnswerStatus.UPLOADED)
    session.add(answer)
    session.commit()
    return answer.id or 0


def hold_write_lock(engine: sqlalchemy.Engine, seconds: float, held: threading.Event) -> threading.Thread:
    """A second connection that takes SQLite's write lock (BEGIN IMMEDIATE) and keeps it for `seconds`."""

    def run() -> None:
        raw = engine.raw_connection()
        try:
            raw.driver_connection.isolation_level = None  # type: ignore[union-attr]
            cursor = raw.cursor()
            cursor.execute("BEGIN IMMEDIATE")
            held.set()
            time.sleep(seconds)
            cursor.execute("COMMIT")
        finally:
            raw.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_claim_that_meets_a_held_write_lock_retries_and_succeeds(
    session: Session, make_user: Callable[..., User], impatient: sqlalchemy.Engine, caplog: pytest.LogCaptureFixture
):
    answer_id = uploaded_answer(session, make_user)
    held = threading.Event()
    blocker = hold_write_lock(impatient, 0.3, held)
    assert held.wait(5)
    # Without the retry the same write fails at once: this is what the step meets.
    with pytest.raises(OperationalError, match="database is locked"), db.session_scope() as plain:
        plain.exec(sqlalchemy.text("UPDATE answers SET attempts = attempts WHERE id = :i"), params={"i": answer_id})  # type: ignore[call-overload]
    started = time.perf_counter()
    with caplog.at_level("WARNING", logger="interview_app.db"):
        claimed = lifecycle.claim_for_transcription(answer_id)
    waited = time.perf_counter() - started
    blocker.join()
    assert claimed == AnswerStatus.TRANSCRIBING
    assert any("database busy" in r.getMessage() for r in caplog.records)  # it did meet the lock, and tried again
    assert 0.1 < waited < 3
    session.expire_all()
    row = session.get(Answer, answer_id)
    assert row is not None and row.status == AnswerStatus.TRANSCRIBING and row.attempts == 1  # claimed once


def test_retry_busy_gives_up_after_its_attempts_and_raises_other_errors_at_once():
    calls: list[int] = []

    def busy() -> None:
        calls.append(1)
        raise OperationalError("UPDATE", {}, Exception("database is locked"))

    with pytest.raises(OperationalError):
        db.retry_busy(busy, attempts=3, first_delay=0.001)
    assert len(calls) == 3

    def broken() -> None:
        calls.append(2)
        raise OperationalError("UPDATE", {}, Exception("no such table: answers"))

    with pytest.raises(OperationalError, match="no such table"):
        db.retry_busy(broken, first_delay=0.001)
    assert calls.count(2) == 1
