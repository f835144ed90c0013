"""Shared test set-up: a throw-away SQLite database, configured before the app is imported."""

import atexit
import logging
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
# No test reaches GitHub: the discard port refuses at once; GitHub tests point this at tests/support/fake_github.py.
os.environ["GITHUB_API_URL"] = "http://127.0.0.1:9"
os.environ.pop("GITHUB_TOKEN", None)
# A test starts interviews and hands in answers far faster than a person: the product's limits are high here
# (still counted); tests of the limits set their own (tests/unit/services/shared/test_limits.py).
from tests.support.live_server import TEST_LIMITS  # noqa: E402

os.environ.update(TEST_LIMITS)

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
def fake_oauth():
    """A fake OAuth provider on loopback, standing in for Google, GitHub and LinkedIn."""
    from tests.support import fake_oauth as fake

    provider = fake.start()
    yield provider
    provider.stop()


@pytest.fixture(scope="session")
def fake_llm():
    """A fake OpenAI-compatible endpoint for the live app; it answers only what a test scripts (HTTP 500 otherwise)."""
    from tests.support import fake_openai

    server = fake_openai.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def fake_github_api():
    """A fake GitHub REST API on loopback (tests/support/fake_github.py); the live app reads GitHub there."""
    from tests.support import fake_github

    server = fake_github.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def job_board():
    """A careers site on 127.0.0.2 (tests/support/fake_job_board.py), the one host the live app may fetch from."""
    from tests.support import fake_job_board

    board = fake_job_board.start()
    yield board
    board.stop()


@pytest.fixture(scope="session")
def live(fake_oauth, fake_llm, fake_github_api):
    """The real app (`reflex run --env prod`) on a free port, for API and end-to-end tests.

    Google and GitHub sign-in are configured against the fake provider. The LLM points at `fake_llm` (for the
    admin's AI generation); scoring stays on the offline engine, and anything else that asks the LLM gets an
    error from the fake and falls back as it does without one.
    """
    import json

    from tests.support import fake_job_board, live_server
    from tests.support import fake_oauth as fake

    oauth_env = {
        "GOOGLE_CLIENT_ID": fake.CLIENT_ID,
        "GOOGLE_CLIENT_SECRET": fake.CLIENT_SECRET,
        "GITHUB_CLIENT_ID": fake.CLIENT_ID,
        "GITHUB_CLIENT_SECRET": fake.CLIENT_SECRET,
        "OAUTH_ENDPOINTS": json.dumps({name: fake_oauth.endpoints(name) for name in ("google", "github")}),
    }
    llm_env = {
        "OPENAI_BASE_URL": fake_llm.url,
        "OPENAI_API_KEY": "test-key",
        "OPENAI_MODEL": "fake-model",
        "SCORING_ENGINE": "offline",
    }
    github_env = {"GITHUB_API_URL": fake_github_api.url, "GITHUB_TOKEN": ""}
    # Job adverts by address (docs/tailoring.md): left to the admin switch, trusting only the fake careers site.
    env = {**oauth_env, **llm_env, **github_env, **fake_job_board.APP_ENV}
    server = live_server.start({**env, "METRICS_TOKEN": live_server.METRICS_TOKEN})
    yield server
    server.stop()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the scale-out journeys last: their app rebuilds the shared `.web-test` bundle for its own port,
    which would point the session's `live` app at a server that is gone."""
    items.sort(key=lambda item: item.get_closest_marker("scale_out") is not None)


class _ReflexDeprecations(logging.Handler):
    """Reflex's deprecation warnings (logged, not `warnings`), kept to fail the test whose code of ours made one."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


_DEPRECATIONS = _ReflexDeprecations()
logging.getLogger("reflex.deprecation").addHandler(_DEPRECATIONS)


def _ours(location: str) -> bool:
    path = "/" + location.replace("\\", "/")
    return "/interview_app/" in path and "/site-packages/" not in path


@pytest.fixture(autouse=True)
def _no_reflex_deprecation_from_our_code():
    """A test fails when our code uses what Reflex has deprecated (Reflex names the call site in `location`)."""
    start = len(_DEPRECATIONS.records)
    yield
    ours = [r.getMessage() for r in _DEPRECATIONS.records[start:] if _ours(str(getattr(r, "location", "") or ""))]
    del _DEPRECATIONS.records[start:]
    if ours:
        pytest.fail("Reflex deprecation in our code:\n" + "\n".join(ours))
