"""The database engine and sessions, shared by the app, the CLI and jobs (no reflex import)."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator

import sqlalchemy
from sqlalchemy import event
from sqlmodel import Session, create_engine

from interview_app.settings import get_settings


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
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


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


def after_commit(session: Session, callback: Callable[[], object]) -> None:
    """Run `callback` once `session` (opened by session_scope) has committed."""
    session.info.setdefault("after_commit", []).append(callback)
