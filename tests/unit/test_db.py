"""Handlers' database work off the event loop (interview_app/db.py run_off_loop), on the tests' SQLite."""

from __future__ import annotations

import asyncio
import contextvars
import threading
import time

from interview_app import db
from tests.support.handlers import run_coroutine

WHO = contextvars.ContextVar("WHO", default="nobody")


def test_sqlite_work_runs_off_the_loop_one_call_at_a_time_with_the_callers_context():
    assert db.get_engine().url.get_backend_name() == "sqlite"
    running, overlaps, threads = [0], [0], set()
    lock = threading.Lock()

    def work(n: int) -> tuple[int, str]:
        with lock:
            running[0] += 1
            overlaps[0] = max(overlaps[0], running[0])
        threads.add(threading.current_thread())
        time.sleep(0.02)  # a write holding SQLite's lock
        with lock:
            running[0] -= 1
        return n, WHO.get()

    async def many() -> tuple[list[tuple[int, str]], threading.Thread, float]:
        WHO.set("tab 7")
        loop_ticks = 0

        async def ticker() -> None:
            nonlocal loop_ticks
            while True:
                loop_ticks += 1
                await asyncio.sleep(0.005)

        ticking = asyncio.create_task(ticker())
        results = await asyncio.gather(*(db.run_off_loop(work, n) for n in range(5)))
        ticking.cancel()
        return list(results), threading.current_thread(), loop_ticks

    results, loop_thread, ticks = run_coroutine(many())
    assert results == [(n, "tab 7") for n in range(5)]  # in order, with the caller's context vars
    assert overlaps[0] == 1 and len(threads) == 1 and loop_thread not in threads  # one SQLite writer at a time
    assert ticks >= 5  # the loop went on serving while the writes ran
