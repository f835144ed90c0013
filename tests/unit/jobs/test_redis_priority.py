"""The Redis queue's priority lane: a worker takes the next question before the scoring queued ahead of it."""

from __future__ import annotations

import threading
import time

import pytest

from interview_app import background
from tests.support import servers


def test_a_worker_runs_the_next_question_before_the_scoring_queued_before_it(monkeypatch: pytest.MonkeyPatch):
    dramatiq = pytest.importorskip("dramatiq")
    from dramatiq.brokers.redis import RedisBroker

    from interview_app.jobs import queue

    order: list[str] = []
    busy, release = threading.Event(), threading.Event()

    def scoring(n: int) -> str:
        if n == 0:  # the job the thread is running when the others arrive
            busy.set()
            release.wait(20)
        order.append(f"score {n}")
        return "scored"

    def next_question(n: int) -> str:
        order.append(f"next {n}")
        return "moved"

    monkeypatch.setitem(background.TASKS, "slow_scoring", scoring)
    monkeypatch.setitem(background.TASKS, background.PREPARE_NEXT, next_question)
    with servers.redis() as url:
        broker = RedisBroker(url=url, namespace="test-priority")
        for actor in (queue.run_task, queue.run_priority_task):
            monkeypatch.setattr(actor, "broker", broker)
            broker.declare_actor(actor)
        worker = dramatiq.Worker(broker, worker_threads=1)
        worker.start()
        try:
            queue.send("slow_scoring", 0)
            assert busy.wait(20)
            for n in range(1, 6):
                queue.send("slow_scoring", n)
            queue.send(background.PREPARE_NEXT, 9)  # handed in last
            time.sleep(1.5)  # the worker fetches what it prefetches while its thread is busy
            release.set()
            deadline = time.monotonic() + 20
            while len(order) < 7 and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            release.set()
            worker.stop()
            broker.close()
    # The next question comes right after the job that was running, before the five scorings queued before it.
    assert order[:2] == ["score 0", "next 9"], order
    assert sorted(order[2:]) == [f"score {n}" for n in range(1, 6)]
