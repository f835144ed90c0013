"""The scoring models' sessions: one per busy thread, so a priority-lane thread never waits for a scoring thread.

Before, each model had one session behind one lock: the follow-up decision a candidate waits for (the priority
lane, at the app's CPU priority) queued for the lock held by a scoring thread of the job pool (at a lower CPU
priority, so its run crawled on busy cores). Every session runs single-threaded and gives the same numbers.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import numpy as np
import pytest

from interview_app.services.scoring import embeddings, judge
from interview_app.services.scoring.embeddings import SessionPool


@contextmanager
def _held_by_another_thread(pool: SessionPool) -> Iterator[None]:
    """A thread (a scoring thread of the job pool) holds one of the pool's sessions until the block ends."""
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with pool.session():
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(10)
        yield
    finally:
        release.set()
        holder.join(10)


def test_a_held_session_does_not_stop_another_thread():
    made: list[int] = []
    pool = SessionPool(lambda: made.append(len(made)) or len(made), size=2)
    with _held_by_another_thread(pool):
        got: list[int] = []
        lane = threading.Thread(target=lambda: got.append(_use(pool)))
        lane.start()
        lane.join(5)
        assert not lane.is_alive() and got == [2] and pool.made == 2  # a second session, at once


def _use(pool: SessionPool) -> int:
    with pool.session() as session:
        return session


def test_at_its_size_a_thread_waits_for_a_session_given_back():
    pool = SessionPool(object, size=1)
    taken = threading.Event()
    order: list[str] = []

    def second() -> None:
        taken.wait(10)
        with pool.session():
            order.append("second")

    waiter = threading.Thread(target=second)
    waiter.start()
    with pool.session():
        taken.set()
        waiter.join(0.3)
        assert waiter.is_alive()  # no second session beyond the size
        order.append("first")
    waiter.join(10)
    assert order == ["first", "second"] and pool.made == 1


def test_a_session_that_fails_to_load_gives_its_place_back():
    calls: list[int] = []

    def make() -> object:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("out of memory")
        return object()

    pool = SessionPool(make, size=2)
    with _held_by_another_thread(pool):
        with pytest.raises(RuntimeError), pool.session():
            pass
        assert pool.made == 1
        with pool.session():  # the place is free again: a new session is made
            assert pool.made == 2


def test_threads_at_once_get_the_same_numbers_as_one_after_another():
    model = judge.get_judge()
    embedder = embeddings.get_embedder()
    assert model is not None and embedder is not None
    point = "Add a composite index on customer_id, status and created_at"
    answers = [
        "I would add one index covering customer_id, then status, then created_at.",
        "I would buy a bigger server with more memory.",
        "We measured first, then added the index; the p95 fell from 2 s to 200 ms.",
    ] * 4
    alone_p = [model.probabilities([(point, a)])[0] for a in answers]
    alone_v = [embedder.encode([a]).sentences[0] for a in answers]
    with ThreadPoolExecutor(max_workers=4) as threads:
        together_p = list(threads.map(lambda a: model.probabilities([(point, a)])[0], answers))
        together_v = list(threads.map(lambda a: embedder.encode([a]).sentences[0], answers))
    assert together_p == alone_p  # exactly: each session runs single-threaded on the same model
    assert all(np.array_equal(x, y) for x, y in zip(together_v, alone_v, strict=True))
