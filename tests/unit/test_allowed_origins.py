"""The origins the browser may call the app from: the app's own, never any origin."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_app.settings import Settings

STRONG_KEY = "k" * 40


def settings(tmp_path: Path, **values: str) -> Settings:
    """Settings built from these values only (no environment, no .env)."""
    return Settings(_env_file=None, data_dir=tmp_path, **values)  # pyright: ignore[reportCallIssue]


@pytest.fixture(autouse=True)
def _no_origin_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("APP_ENV", "PUBLIC_URL", "ALLOWED_ORIGINS"):
        monkeypatch.delenv(name, raising=False)


def test_development_allows_the_public_url_and_its_loopback_names_only(tmp_path: Path):
    origins = settings(tmp_path).allowed_origins
    assert origins == ["http://localhost:3000", "http://127.0.0.1:3000", "http://[::1]:3000"]
    assert "*" not in origins


def test_the_loopback_names_follow_the_public_url_port(tmp_path: Path):
    origins = settings(tmp_path, app_env="test", public_url="http://127.0.0.1:41234/").allowed_origins
    assert origins == ["http://127.0.0.1:41234", "http://localhost:41234", "http://[::1]:41234"]


def test_production_allows_exactly_the_public_origin(tmp_path: Path):
    prod = settings(tmp_path, app_env="production", secret_key=STRONG_KEY, public_url="https://coach.example.com/")
    assert prod.allowed_origins == ["https://coach.example.com"]


def test_a_public_url_with_a_path_or_a_default_port_gives_the_origin_browsers_send(tmp_path: Path):
    prod = settings(
        tmp_path, app_env="production", secret_key=STRONG_KEY, public_url="https://Coach.Example.com:443/app/"
    )
    assert prod.allowed_origins == ["https://coach.example.com"]
    dev = settings(tmp_path, public_url="http://intranet.example:80")
    assert dev.allowed_origins == ["http://intranet.example"]


def test_allowed_origins_are_added_to_the_public_url_not_instead_of_it(tmp_path: Path):
    prod = settings(
        tmp_path,
        app_env="production",
        secret_key=STRONG_KEY,
        public_url="https://coach.example.com",
        ALLOWED_ORIGINS=" https://www.coach.example.com/ ,https://coach.example.com,",
    )
    assert prod.allowed_origins == ["https://coach.example.com", "https://www.coach.example.com"]


@pytest.mark.parametrize("bad", ["*", "null", "coach.example.com", "https://coach.example.com/path", "ftp://x.example"])
def test_anything_but_an_origin_in_allowed_origins_is_refused_with_the_entry_named(tmp_path: Path, bad: str):
    with pytest.raises(ValueError, match="ALLOWED_ORIGINS") as refused:
        _ = settings(tmp_path, ALLOWED_ORIGINS=f"https://ok.example,{bad}").allowed_origins
    assert repr(bad) in str(refused.value)


def test_the_rxconfig_hands_the_list_to_reflex(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    import importlib

    import rxconfig
    from interview_app import settings as settings_module

    monkeypatch.setenv("PUBLIC_URL", "http://127.0.0.1:5555")
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    settings_module.get_settings.cache_clear()
    try:
        config = importlib.reload(rxconfig).config
        assert list(config.cors_allowed_origins) == [
            "http://127.0.0.1:5555",
            "http://localhost:5555",
            "http://[::1]:5555",
        ]
    finally:
        settings_module.get_settings.cache_clear()
        monkeypatch.undo()
        importlib.reload(rxconfig)
