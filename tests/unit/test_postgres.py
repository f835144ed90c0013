"""The account services and migrations on a real PostgreSQL server (the scale-out database)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, create_engine
from sqlmodel import Session, SQLModel, select

from interview_app import db
from interview_app.models import AuthSession, Profile
from interview_app.services.accounts import accounts, profiles
from interview_app.services.shared import rate_limit
from tests.support import servers

ROOT = Path(__file__).resolve().parents[2]
CLIENT = accounts.Client(ip="203.0.113.7", user_agent="pytest")
PASSWORD = "postgres is a fine database"

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def pg_engine() -> Iterator[Engine]:
    with servers.postgres() as url:
        env = {**os.environ, "REFLEX_DB_URL": url}
        result = subprocess.run(
            [sys.executable, "-m", "interview_app", "setup"], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr
        engine = create_engine(url)
        yield engine
        engine.dispose()


def test_migrations_match_models_on_postgres(pg_engine: Engine) -> None:
    with pg_engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), SQLModel.metadata) == []


def test_account_lifecycle_on_postgres(pg_engine: Engine) -> None:
    with Session(pg_engine, expire_on_commit=False) as session:
        assert len(profiles.list_roles(session)) >= 14  # seeded by `setup`
        accounts.register(session, name="Pat Postgres", email="pat@example.com", password=PASSWORD, client=CLIENT)
        session.commit()
        user, token = accounts.sign_in(session, email="PAT@example.com", password=PASSWORD, client=CLIENT)
        session.commit()
        assert accounts.resolve_session(session, token) is not None
        assert accounts.session_user_id(session, token) == user.id  # the autosave's lean check
        profiles.update_profile(
            session, user, {"target_role": "data-scientist", "skills": "SQL, Statistics"}, finish_onboarding=True
        )
        session.commit()
        assert user.id is not None
        profile = session.get(Profile, user.id)
        assert profile is not None and profile.skills == ["SQL", "Statistics"]
        assert accounts.sign_out_everywhere(session, user, CLIENT) == 1
        session.commit()
        assert accounts.resolve_session(session, token) is None
        assert accounts.session_user_id(session, token) is None
        rows = session.exec(select(AuthSession).where(AuthSession.user_id == user.id)).all()
        assert all(row.revoked_at is not None for row in rows)


def test_reset_token_is_single_use_on_postgres(pg_engine: Engine) -> None:
    with Session(pg_engine, expire_on_commit=False) as session:
        accounts.register(session, name="Rita Reset", email="rita@example.com", password=PASSWORD, client=CLIENT)
        user = accounts.find_user(session, "rita@example.com")
        assert user is not None
        token = accounts._issue_token(session, user, "reset_password", timedelta(minutes=5))
        session.commit()
        accounts.reset_password(session, token=token, new_password="a second fine passphrase", client=CLIENT)
        session.commit()
        with pytest.raises(accounts.AccountError):
            accounts.reset_password(session, token=token, new_password="a third fine passphrase", client=CLIENT)


def test_sign_in_back_off_on_postgres(pg_engine: Engine) -> None:
    with Session(pg_engine, expire_on_commit=False) as session:
        for _ in range(5):
            with pytest.raises(accounts.AccountError):
                accounts.sign_in(session, email="nobody@example.com", password="wrong guess!!", client=CLIENT)
        # The back-off runs: an unknown browser gets the code step (the same for an unknown e-mail).
        with pytest.raises(accounts.CodeRequired) as caught:
            accounts.sign_in(session, email="nobody@example.com", password="wrong guess!!", client=CLIENT)
        assert 0 < caught.value.retry_after <= 30
        session.rollback()
        assert rate_limit.prune(session, older_than=timedelta(0)) >= 5


def test_answers_waiting_for_the_second_listen_are_found_by_a_json_test_on_postgres(pg_engine: Engine) -> None:
    """The recovery query reads `metrics -> stream` in the database; it must mean the same on PostgreSQL."""
    import random

    from interview_app.clock import utcnow
    from interview_app.models import Answer
    from interview_app.services.answers import transcription
    from interview_app.services.interviews import interviews

    with Session(pg_engine, expire_on_commit=False) as session:
        accounts.register(session, name="Sam Speaker", email="sam@example.com", password=PASSWORD, client=CLIENT)
        session.commit()
        user, _token = accounts.sign_in(session, email="sam@example.com", password=PASSWORD, client=CLIENT)
        options = interviews.validate_setup(
            {"interview_type": "behavioural", "difficulty": "medium", "question_count": "3", "answer_mode": "audio"}
        )
        interview = interviews.start_session(session, user.id or 0, options, rng=random.Random(0))
        sqs = interviews.questions_of(session, interview.id or 0)
        waiting, done = (
            Answer(session_question_id=sq.id or 0, user_id=user.id or 0, mode="audio", status="scored",
                   scored_at=utcnow(), metrics=metrics)
            for sq, metrics in zip(sqs, ({"fillers": {"checking": True}, "stream": {"pending": [{"start": 1.0}]}},
                                         {"fillers": {"count": 2}}), strict=False)
        )  # fmt: skip
        session.add_all([waiting, done])
        session.commit()
        assert session.exec(transcription.pending_refinements()).all() == [waiting.id]
        assert session.exec(transcription.pending_refinements(10)).all() == []  # scored just now


def test_a_pooled_connection_the_server_dropped_while_idle_is_replaced(pg_engine: Engine) -> None:
    """The app's engine pings only connections idle for a while, and replaces one the server has closed."""
    engine = db.get_engine(pg_engine.url.render_as_string(hide_password=False))
    try:
        with engine.connect() as connection:
            pid = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        with pg_engine.connect() as admin:
            admin.exec_driver_sql(f"SELECT pg_terminate_backend({int(pid or 0)})")
        idle = list(engine.pool._pool.queue)  # pyright: ignore[reportAttributeAccessIssue]
        assert idle, "the connection went back to the pool"
        for record in idle:
            record.info["checked_in_at"] -= db.PING_AFTER_IDLE_SECONDS + 1
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT pg_backend_pid()").scalar() != pid
    finally:
        engine.dispose()
        db.get_engine.cache_clear()
