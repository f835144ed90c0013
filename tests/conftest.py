"""Shared test set-up: a throw-away SQLite database, configured before the app is imported."""

import atexit
import os
import shutil
import tempfile

import pytest

_TMP_DIR = tempfile.mkdtemp(prefix="interview-coach-tests-")
atexit.register(shutil.rmtree, _TMP_DIR, ignore_errors=True)
os.environ["APP_ENV"] = "test"
os.environ["REFLEX_DB_URL"] = f"sqlite:///{_TMP_DIR}/unit.db"
os.environ["DATA_DIR"] = _TMP_DIR
os.environ.pop("SMTP_HOST", None)

from sqlmodel import Session, SQLModel  # noqa: E402

import interview_app.models  # noqa: E402, F401  (registers every table)
from interview_app.db import get_engine  # noqa: E402


@pytest.fixture(scope="session")
def _schema():
    """Create the tables once (tests only; the app itself uses alembic migrations)."""
    engine = get_engine()
    SQLModel.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session(_schema):
    """A database session; every table is emptied after the test."""
    with Session(_schema, expire_on_commit=False) as db_session:
        yield db_session
        db_session.rollback()
    with Session(_schema) as cleaner:
        for table in reversed(SQLModel.metadata.sorted_tables):
            cleaner.exec(table.delete())  # type: ignore[call-overload]
        cleaner.commit()


@pytest.fixture(scope="session")
def live():
    """The real app (`reflex run --env prod`) on a free port, for API and end-to-end tests."""
    from tests import live_server

    server = live_server.start()
    yield server
    server.stop()
