"""Handlers' database work off the event loop where that helps (interview_app/db.py run_off_loop)."""

from __future__ import annotations

import contextvars
import threading

from sqlalchemy import create_engine

from interview_app import db
from tests.support.handlers import run_coroutine

WHO = contextvars.ContextVar("WHO", default="nobody")


def _work(n: int) -> tuple[int, str, threading.Thread]:
    return n, WHO.get(), threading.current_thread()


async def _call() -> tuple[tuple[int, str, threading.Thread], threading.Thread]:
    WHO.set("tab 7")
    return await db.run_off_loop(_work, 3), threading.current_thread()


def test_on_sqlite_the_work_runs_inline():
    """In-process CPU work: a thread would only add GIL hand-offs and contend for SQLite's write lock."""
    assert db.get_engine().url.get_backend_name() == "sqlite"
    (n, who, ran_on), loop_thread = run_coroutine(_call())
    assert (n, who) == (3, "tab 7") and ran_on is loop_thread


def test_on_a_database_server_the_work_runs_in_a_pool_thread_with_the_callers_context(monkeypatch):
    server = create_engine("postgresql+psycopg://app@127.0.0.1:1/app")  # never connected to here
    monkeypatch.setattr(db, "get_engine", lambda url=None: server)
    (n, who, ran_on), loop_thread = run_coroutine(_call())
    assert (n, who) == (3, "tab 7") and ran_on is not loop_thread  # the loop was free meanwhile
