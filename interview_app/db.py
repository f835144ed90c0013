"""The database engine and sessions, shared by the app, the CLI and jobs (no reflex import)."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import contextvars
import functools
import logging
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar, cast

import sqlalchemy
import sqlalchemy.orm
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
    cursor.execute(f"PRAGMA busy_timeout={int(get_settings().sqlite_busy_timeout_seconds * 1000)}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class WriterQueue:
    """One writer at a time, first come first served: the write transactions of one SQLite file in this process.

    SQLite lets one connection write at a time; a writer that finds the lock taken sleeps and polls (SQLite's
    busy handler: 1, 2, 5 ... 100 ms naps) until `busy_timeout`. Fifty request threads doing that at once are
    served in no order, and the unlucky ones reached the timeout ("database is locked", HTTP 500) while the
    lock was free most of the time. Here a writer waits its turn in line and is woken the moment the one
    before it commits; SQLite's own lock still guards other processes (the CLI, a second worker).
    """

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._waiting: collections.deque[threading.Lock] = collections.deque()
        self._held = False

    def acquire(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds for the turn; False when it did not come."""
        with self._mutex:
            if not self._held and not self._waiting:
                self._held = True
                return True
            turn = threading.Lock()
            turn.acquire()
            self._waiting.append(turn)
        if turn.acquire(timeout=timeout):
            return True  # handed over by `release`
        with self._mutex:
            try:
                self._waiting.remove(turn)
            except ValueError:
                return True  # handed over just as the wait ended
        return False

    def release(self) -> None:
        """Hand the turn to the next writer in line (or free it)."""
        with self._mutex:
            if self._waiting:
                self._waiting.popleft().release()
            else:
                self._held = False


SQLITE_POOL_SIZE, SQLITE_POOL_OVERFLOW = 20, 400
_WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "REPLACE")
_writer_queues: dict[str, WriterQueue] = {}
_writer_queues_lock = threading.Lock()


def writer_queue(path: str) -> WriterQueue:
    """The writer queue of one database file (shared by every engine of this process on it)."""
    with _writer_queues_lock:
        return _writer_queues.setdefault(path, WriterQueue())


class _QueuedCursor(sqlite3.Cursor):
    """A cursor that takes its connection's turn in the writer queue before the statement that opens a write."""

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        connection = cast("_QueuedConnection", self.connection)
        connection.wait_turn(sql)
        try:
            return super().execute(sql, parameters)
        finally:
            connection.end_turn_if_idle()

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> Any:
        connection = cast("_QueuedConnection", self.connection)
        connection.wait_turn(sql)
        try:
            return super().executemany(sql, seq_of_parameters)
        finally:
            connection.end_turn_if_idle()


class _QueuedConnection(sqlite3.Connection):
    """sqlite3's connection with the writer queue: a turn from the first write of a transaction to its end.

    The driver opens a transaction (BEGIN) before the first INSERT/UPDATE/DELETE; reads before it run outside
    any transaction and never wait. The turn ends with the transaction: commit, rollback (the pool rolls back
    every connection it takes back), close, or a statement after which none is open (a failed BEGIN).
    """

    queue: WriterQueue | None = None
    timeout = 30.0
    _turn = False

    def cursor(self, factory: Any = _QueuedCursor) -> Any:
        return super().cursor(factory)

    def wait_turn(self, sql: str) -> None:
        if self._turn or self.queue is None or self.in_transaction:
            return
        if not sql.lstrip().upper().startswith(_WRITE_VERBS):
            return
        if not self.queue.acquire(self.timeout):
            raise sqlite3.OperationalError("database is locked (waited for the writers before it)")
        self._turn = True

    def end_turn_if_idle(self) -> None:
        if self._turn and not self.in_transaction:
            self._end_turn()

    def _end_turn(self) -> None:
        if self._turn and self.queue is not None:
            self._turn = False
            self.queue.release()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.end_turn_if_idle()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._end_turn()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._end_turn()


def _queue_writers(dbapi_connection: Any, _record: Any) -> None:
    """Put a new SQLite connection in its file's writer queue (in-memory databases have no other writers)."""
    if not isinstance(dbapi_connection, _QueuedConnection):
        return
    path = dbapi_connection.execute("PRAGMA database_list").fetchone()[2]
    if path:
        dbapi_connection.queue = writer_queue(path)
        dbapi_connection.timeout = get_settings().sqlite_busy_timeout_seconds


@functools.cache
def get_engine(url: str | None = None) -> sqlalchemy.Engine:
    """Return the process-wide engine for `url` (default: the configured database).

    SQLite: WAL (readers never wait for the writer), `busy_timeout` (SQLITE_BUSY_TIMEOUT_SECONDS) on every
    connection, and the writers of this process served in turn (`WriterQueue`).
    """
    url = url or get_settings().database_url
    if url.startswith("sqlite"):
        timeout = get_settings().sqlite_busy_timeout_seconds
        connect_args = {"check_same_thread": False, "timeout": timeout, "factory": _QueuedConnection}
        # Connections enough for every thread that may hold one (API_WORKER_THREADS, the job threads, the event
        # loop), twice over for a step that opens a second session: SQLAlchemy's default of 15 ran out
        # at 50 clients, and the writer holding the lock then waited for a connection held by a thread waiting
        # for that lock, until "database is locked". A SQLite connection costs a file handle and its page cache.
        engine = create_engine(
            url, connect_args=connect_args, pool_size=SQLITE_POOL_SIZE, max_overflow=SQLITE_POOL_OVERFLOW
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "connect", _queue_writers)
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


# Where a request's session ends when its commit has to wait (see `end_request_session`).
_ENDINGS = ThreadPoolExecutor(max_workers=8, thread_name_prefix="db-end")


def _starts_a_write(session: Session) -> bool:
    """SQLite: the commit would flush changes into a write transaction not yet open (so it may have to wait)."""
    if not (session.new or session.dirty or session.deleted):
        return False
    if not session.in_transaction():
        return True
    raw = session.connection().connection.dbapi_connection
    return not getattr(raw, "in_transaction", False)


async def end_request_session(session: Session, *, commit: bool) -> None:
    """Commit (or roll back) and close a request's session from the event loop, without the API's thread pool.

    A request that holds SQLite's write lock must be able to commit whatever else is waiting: when the thread
    pool of the API is full of requests waiting for that lock, a commit queued behind them never ran (until
    "database is locked"). On SQLite a commit that holds the lock already, or writes nothing, takes a few
    milliseconds and runs inline; one that must first wait for the lock runs on a small pool of its own. On a
    database server the end runs on that pool (a network round trip), never on the loop.
    """
    sqlite = session.get_bind().dialect.name == "sqlite"

    def end() -> None:
        try:
            (session.commit if commit else session.rollback)()
        finally:
            session.close()

    if sqlite and not (commit and _starts_a_write(session)):
        end()
        return
    call = functools.partial(contextvars.copy_context().run, end)
    await asyncio.get_running_loop().run_in_executor(_ENDINGS, call)


def warm_up() -> None:
    """Open the pool's first connection as the process starts (a database server's handshake, SQLite's pragmas)."""
    with get_engine().connect() as connection:
        connection.exec_driver_sql("SELECT 1")


def release_connection(session: Session) -> None:
    """Give a session's pooled connection back before a slow step that needs no database (a password hash).

    Only a session that has read and not written is released (ending its read transaction commits nothing);
    one with changes keeps its connection. Fifty sign-ins waiting for a hash slot each held a connection of the
    pool (30 per process on a database server), and every other request then waited for one as well.
    """
    if session.new or session.dirty or session.deleted or session.info.get(_WROTE) or not session.in_transaction():
        return
    session.commit()


_WROTE = "wrote in this transaction"


@event.listens_for(sqlalchemy.orm.Session, "after_flush")
def _note_write(session: sqlalchemy.orm.Session, _context: Any) -> None:
    session.info[_WROTE] = True  # flushed changes are not in session.new/dirty any more, but not committed yet


@event.listens_for(sqlalchemy.orm.Session, "after_transaction_end")
def _forget_write(session: sqlalchemy.orm.Session, transaction: sqlalchemy.orm.SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(_WROTE, None)


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
