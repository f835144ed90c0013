"""SQLite writers of one process wait in line (interview_app/db.py `WriterQueue`), not in SQLite's busy handler.

SQLite's busy handler naps and polls: fifty writers at once are served in no order and the unlucky ones reach
the timeout ("database is locked") while the lock is free most of the time. The queue hands the turn over the
moment a transaction ends, first come first served, and only writes wait: reads never take a turn.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from interview_app import db


@pytest.fixture
def engine(tmp_path: Path, override_settings) -> Iterator[sqlalchemy.Engine]:
    """The app's kind of engine on a file of its own, with a 1.5 s wait for the writers before."""
    override_settings(sqlite_busy_timeout_seconds=1.5)
    made = db.get_engine.__wrapped__(f"sqlite:///{tmp_path / 'writers.db'}")
    with made.begin() as connection:
        connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"))
    yield made
    made.dispose()


def test_the_turn_goes_first_come_first_served_and_is_handed_over_at_once():
    queue = db.WriterQueue()
    order: list[int] = []
    assert queue.acquire(1)

    def wait_in_line(i: int) -> None:
        assert queue.acquire(5)
        order.append(i)
        queue.release()

    waiters = [threading.Thread(target=wait_in_line, args=(i,)) for i in range(5)]
    for waiter in waiters:
        waiter.start()
        time.sleep(0.02)  # each is in line before the next
    started = time.perf_counter()
    queue.release()
    for waiter in waiters:
        waiter.join()
    assert order == [0, 1, 2, 3, 4]
    assert time.perf_counter() - started < 0.5  # no naps between turns
    assert queue.acquire(0.01)  # and it is free again


def test_a_writer_that_waits_too_long_gives_up_and_leaves_the_line():
    queue = db.WriterQueue()
    assert queue.acquire(1)
    assert not queue.acquire(0.05)
    queue.release()
    assert queue.acquire(0.05)  # the one that gave up is not handed the turn


def test_fifty_writers_holding_the_lock_a_while_all_get_through(engine: sqlalchemy.Engine):
    """50 threads x 4 transactions of about 10 ms each: 2 s of writing, more than the 1.5 s timeout, queued fairly."""
    errors: list[str] = []

    def work(i: int) -> None:
        for _ in range(4):
            try:
                with Session(engine) as session:
                    session.execute(text("SELECT count(*) FROM t")).one()  # a read takes no turn
                    session.execute(text("INSERT INTO t (v) VALUES (:v)"), {"v": str(i)})
                    time.sleep(0.01)  # work while the transaction is open
                    session.execute(text("UPDATE t SET v = v WHERE id = 1"))
                    session.commit()
            except Exception as exc:
                errors.append(repr(exc))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM t")).scalar_one() == 200


def test_a_rolled_back_or_failed_transaction_frees_the_turn(engine: sqlalchemy.Engine):
    with Session(engine) as session:
        session.execute(text("INSERT INTO t (v) VALUES ('a')"))
        session.rollback()
    with Session(engine) as session, pytest.raises(OperationalError):
        session.execute(text("INSERT INTO nowhere (v) VALUES ('b')"))
    started = time.perf_counter()
    with Session(engine) as session:
        session.execute(text("INSERT INTO t (v) VALUES ('c')"))
        session.commit()
    assert time.perf_counter() - started < 0.5
    with engine.connect() as connection:
        assert connection.execute(text("SELECT v FROM t")).scalars().all() == ["c"]
