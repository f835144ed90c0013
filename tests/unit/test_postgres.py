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

from interview_app.models import AuthSession, Profile
from interview_app.services import accounts, profiles, rate_limit
from interview_app.services.rate_limit import RateLimited
from tests import servers

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
        with pytest.raises(RateLimited) as caught:
            accounts.sign_in(session, email="nobody@example.com", password="wrong guess!!", client=CLIENT)
        assert 0 < caught.value.retry_after <= 30
        session.rollback()
        assert rate_limit.prune(session, older_than=timedelta(0)) >= 5
