"""The alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from sqlmodel import SQLModel

import interview_app.models  # noqa: F401  (registers every table)

ROOT = Path(__file__).resolve().parents[2]


def test_migrations_match_models(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'migrated.db'}"
    env = {**os.environ, "REFLEX_DB_URL": url, "DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "interview_app", "migrate"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    engine = create_engine(url)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
        tables = set(inspect(connection).get_table_names())
    engine.dispose()
    assert diff == [], f"models and migrations differ; run `reflex db makemigrations`: {diff}"
    assert {"users", "auth_sessions", "auth_tokens", "profiles", "audit_events"} <= tables


def test_migrate_is_idempotent(tmp_path: Path) -> None:
    env = {**os.environ, "REFLEX_DB_URL": f"sqlite:///{tmp_path / 'twice.db'}", "DATA_DIR": str(tmp_path)}
    for _ in range(2):
        result = subprocess.run(
            [sys.executable, "-m", "interview_app", "migrate"], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr
