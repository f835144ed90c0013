"""The signing secret: generated on first start into the data folder when SECRET_KEY is not given.

Links signed with the public development key must not open anything on such an app.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from interview_app import signing_key
from interview_app.clock import utcnow
from interview_app.models import DataExport, User
from interview_app.settings import DEV_SECRET_KEY, ROOT_DIR, Settings, get_settings

PRINT_KEY = "from interview_app.settings import get_settings; print(get_settings().secret_key)"


@pytest.fixture
def own_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Settings with no SECRET_KEY and an empty data folder of their own; returns that folder."""
    monkeypatch.setenv("SECRET_KEY", "")  # empty, not unset: a SECRET_KEY in a local .env must not count
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    yield tmp_path
    monkeypatch.undo()
    get_settings.cache_clear()


def _process_env(data_dir: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "SECRET_KEY": "", "DATA_DIR": str(data_dir), "APP_ENV": "development", **extra}


def test_without_secret_key_a_random_key_is_made_and_kept_with_mode_0600(own_key: Path):
    key = get_settings().secret_key
    path = own_key / "secret_key"
    assert path.is_file() and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert key != DEV_SECRET_KEY and len(key) >= signing_key.MIN_LENGTH
    assert path.read_text().strip() == key
    get_settings.cache_clear()
    assert get_settings().secret_key == key  # read back, not made again


def test_two_data_folders_get_different_keys(tmp_path: Path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    assert signing_key.load_or_create(first) != signing_key.load_or_create(second)


def test_a_second_process_reads_the_same_key(own_key: Path):
    key = get_settings().secret_key
    out = subprocess.run(
        [sys.executable, "-c", PRINT_KEY], cwd=ROOT_DIR, env=_process_env(own_key), capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == key


def test_processes_starting_together_agree_on_one_key(tmp_path: Path):
    env = _process_env(tmp_path)
    starts = [
        subprocess.Popen([sys.executable, "-c", PRINT_KEY], cwd=ROOT_DIR, env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    keys = {p.communicate(timeout=120)[0].strip() for p in starts}
    assert len(keys) == 1 and (tmp_path / "secret_key").read_text().strip() in keys
    assert not [p.name for p in tmp_path.iterdir() if p.name != "secret_key"]  # no temporary files left


def test_the_public_development_key_given_outside_production_is_replaced(own_key: Path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", DEV_SECRET_KEY)
    get_settings.cache_clear()
    assert get_settings().secret_key == (own_key / "secret_key").read_text().strip()


def test_a_given_key_is_used_and_no_file_is_made(own_key: Path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    get_settings.cache_clear()
    assert get_settings().secret_key == "k" * 40
    assert not (own_key / "secret_key").exists()


def test_a_key_file_readable_by_others_is_made_private_with_a_warning(tmp_path: Path, caplog):
    key = signing_key.load_or_create(tmp_path)
    path = tmp_path / "secret_key"
    path.chmod(0o644)
    with caplog.at_level("WARNING", logger="interview_app"):
        assert signing_key.load_or_create(tmp_path) == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "0600" in caplog.text and str(path) in caplog.text


def test_a_key_file_that_is_too_short_is_refused_with_what_to_do(tmp_path: Path):
    (tmp_path / "secret_key").write_text("short")
    (tmp_path / "secret_key").chmod(0o600)
    with pytest.raises(signing_key.SecretKeyFileError, match="delete it") as refused:
        signing_key.load_or_create(tmp_path)
    assert str(tmp_path / "secret_key") in str(refused.value)


def test_production_still_refuses_to_start_without_a_strong_key(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("SECRET_KEY", "")
    prod = {"app_env": "production", "public_url": "https://coach.example.com", "data_dir": tmp_path}
    for key in ("", DEV_SECRET_KEY, "short-key"):
        with pytest.raises(ValueError, match="SECRET_KEY must be set"):
            Settings(**prod, secret_key=key)  # pyright: ignore[reportCallIssue]
    with pytest.raises(ValueError, match="SECRET_KEY must be set"):
        Settings(**prod)  # pyright: ignore[reportCallIssue]
    assert not (tmp_path / "secret_key").exists()


def test_production_does_not_fall_back_to_a_key_file(tmp_path: Path):
    signing_key.load_or_create(tmp_path)
    env = _process_env(tmp_path, APP_ENV="production", PUBLIC_URL="https://coach.example.com")
    out = subprocess.run([sys.executable, "-c", PRINT_KEY], cwd=ROOT_DIR, env=env, capture_output=True, text=True)
    assert out.returncode != 0 and "SECRET_KEY must be set" in out.stderr


def _forged(message: str) -> str:
    return hmac.new(DEV_SECRET_KEY.encode(), message.encode(), hashlib.sha256).hexdigest()[:32]


def test_links_forged_with_the_public_development_key_are_refused(
    own_key: Path, session: Session, make_user: Callable[..., User]
):
    from interview_app.api import api
    from interview_app.services.answers import recordings
    from interview_app.services.privacy import privacy

    ada = make_user()
    assert ada.id is not None
    expires = int((utcnow() + timedelta(hours=2)).timestamp())
    row = DataExport(
        user_id=ada.id, status="ready", file_path=f"u{ada.id}/export.zip", expires_at=utcnow() + timedelta(hours=2)
    )
    session.add(row)
    session.commit()
    privacy.export_storage().local_path(row.file_path).parent.mkdir(parents=True, exist_ok=True)
    privacy.export_storage().local_path(row.file_path).write_bytes(b"PK\x05\x06" + bytes(18))
    client = TestClient(api)
    export = f"/api/v1/exports/{row.id}/download?u={ada.id}&e={expires}"
    media = f"/api/v1/recordings/media/1?u={ada.id}&e={expires}"
    assert client.get(f"{export}&s={_forged(f'export:{row.id}:{ada.id}:{expires}')}").status_code == 403
    assert client.get(f"{media}&s={_forged(f'media:1:{ada.id}:{expires}')}").status_code == 403
    # Signed with the app's own key, the export opens and the media link passes its check (no recording: 404).
    assert client.get(f"{export}&s={privacy.download_signature(row.id or 0, ada.id, expires)}").status_code == 200
    assert client.get(f"{media}&s={recordings.media_signature(1, ada.id, expires)}").status_code == 404
