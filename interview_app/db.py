"""The database engine and sessions, shared by the app, the CLI and jobs (no reflex import)."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
import logging
import random
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import sqlalchemy
from sqlalchemy import event
from sqlalchemy.exc import DisconnectionError, OperationalError
from sqlmodel import Session, create_engine

from interview_app.settings import get_settings

log = logging.getLogger(__name__)
T = TypeVar("T")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@functools.cache
def get_engine(url: str | None = None) -> sqlalchemy.Engine:
    """Return the process-wide engine for `url` (default: the configured database)."""
    url = url or get_settings().database_url
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 15})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_engine(url, pool_size=10, max_overflow=20)
    event.listen(engine, "checkin", _note_checkin)  # codespell:ignore checkin (the pool event's name)
    event.listen(engine, "checkout", _ping_if_idle)
    return engine


# A pooled connection idle longer than this is pinged before use (the server may have dropped it). One busy
# with a tab's events every few milliseconds is not: a ping on every checkout (`pool_pre_ping`) was one more
# round trip for each event, with the event loop waiting on it.
PING_AFTER_IDLE_SECONDS = 10.0


def _note_checkin(_dbapi_connection: Any, record: Any) -> None:
    record.info["checked_in_at"] = time.monotonic()


def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    """Ping a connection that sat idle in the pool; a dead one is replaced (the pool retries the checkout)."""
    idle_since = record.info.get("checked_in_at")
    if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
        return  # new, or just used
    try:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("SELECT 1")
        finally:
            cursor.close()
    except Exception as exc:
        raise DisconnectionError(f"the database dropped an idle connection: {exc}") from exc


async def run_off_loop(fn: Callable[..., T], /, *args: Any) -> T:
    """`fn(*args)`, a handler's database work, off the event loop where that helps; its result.

    On a database server (PostgreSQL) the work mostly waits on the network: it runs in the loop's thread pool
    and the loop serves other tabs meanwhile. SQLite runs inside this process and its calls are CPU work, so
    a thread only adds GIL hand-offs (each up to the 5-ms switch interval) and writers contending for its one
    write lock: the single-process bench at 300 tabs went from p95 0.7 s to 2-3 s that way. It runs inline.
    """
    if get_engine().url.get_backend_name() == "sqlite":
        return fn(*args)
    call = functools.partial(contextvars.copy_context().run, fn, *args)  # the caller's context vars go along
    return await asyncio.get_running_loop().run_in_executor(None, call)


@contextlib.contextmanager
def session_scope() -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    with Session(get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            session.info.pop("after_commit", None)
            raise
    for callback in session.info.pop("after_commit", []):
        callback()


def is_busy(exc: BaseException) -> bool:
    """True for SQLite's "database is locked" / "database is busy" (another connection holds the write lock)."""
    text = str(getattr(exc, "orig", exc)).lower()
    return isinstance(exc, OperationalError) and ("database is locked" in text or "busy" in text)


def retry_busy(step: Callable[[], T], *, attempts: int = 6, first_delay: float = 0.05) -> T:
    """Run `step` (one short transaction of its own, e.g. a `session_scope`) again while SQLite is busy.

    SQLite lets one connection write at a time; past `busy_timeout` a writer gets "database is locked". A job
    step then waits a little (doubling, with jitter so waiting steps do not retry in step) and runs again;
    the last failure is raised. Any other error is raised at once.
    """
    for attempt in range(attempts):
        try:
            return step()
        except OperationalError as exc:
            if not is_busy(exc) or attempt == attempts - 1:
                raise
            delay = first_delay * (2**attempt) * random.uniform(0.5, 1.5)  # noqa: S311 (jitter, not a secret)
            log.warning("database busy (attempt %d of %d); trying again in %.2f s", attempt + 1, attempts, delay)
            time.sleep(delay)
    raise AssertionError("unreachable")


def after_commit(session: Session, callback: Callable[[], object]) -> None:
    """Run `callback` once `session` (opened by session_scope) has committed."""
    session.info.setdefault("after_commit", []).append(callback)


def insert_ignore(
    session: Session,
    model: type,
    rows: list[dict[str, Any]],
    conflict_columns: list[str] | None = None,
    returning: list[str] | None = None,
) -> list[Any]:
    """INSERT rows, skipping any that clash on a unique key (race-safe on SQLite and PostgreSQL).

    When two transactions race, the second waits for the first and then inserts nothing. Without
    `conflict_columns` a clash on any unique key is skipped.

    Returns:
        The `returning` columns of the rows actually inserted (empty without `returning`).

    Raises:
        NotImplementedError: the database is neither SQLite nor PostgreSQL.

    """
    if not rows:
        return []
    table = model.__table__  # type: ignore[attr-defined]
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:
        raise NotImplementedError(f"insert_ignore does not support {dialect}")
    stmt = insert(table).values(rows).on_conflict_do_nothing(index_elements=conflict_columns)
    if returning:
        return list(session.execute(stmt.returning(*[table.c[name] for name in returning])).all())
    session.execute(stmt)
    return []


def insert_once(session: Session, row: Any) -> bool:
    """Insert one unsaved table row (its model defaults filled in) unless a unique key is taken; True if inserted."""
    table = row.__table__
    values = {
        column.name: getattr(row, column.name)
        for column in table.columns
        if not (column.primary_key and getattr(row, column.name) is None)
    }
    keys = [column.name for column in table.primary_key.columns]
    return bool(insert_ignore(session, type(row), [values], returning=keys))
