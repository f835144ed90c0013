"""Where the server listens: loopback on the embedded defaults, all interfaces only when production says so."""

from __future__ import annotations

import importlib

import pytest

PRODUCTION = {"app_env": "production", "secret_key": "s" * 40, "public_url": "https://coach.example.com"}


def _config_host() -> str:
    import rxconfig

    return importlib.reload(rxconfig).config.backend_host


@pytest.fixture
def restore_rxconfig():
    """Set up before `override_settings`, so rxconfig is re-read after the environment is restored."""
    yield
    from interview_app.settings import get_settings

    get_settings.cache_clear()
    _config_host()


@pytest.mark.parametrize("app_env", ["development", "test"])
def test_loopback_only_outside_production(restore_rxconfig, override_settings, monkeypatch, app_env: str):
    monkeypatch.delenv("BIND_HOST", raising=False)
    monkeypatch.delenv("REFLEX_BACKEND_HOST", raising=False)
    assert override_settings(app_env=app_env).listen_host == "127.0.0.1"
    assert _config_host() == "127.0.0.1"


def test_all_interfaces_in_production(restore_rxconfig, override_settings, monkeypatch):
    monkeypatch.delenv("BIND_HOST", raising=False)
    monkeypatch.delenv("REFLEX_BACKEND_HOST", raising=False)
    assert override_settings(**PRODUCTION).listen_host == "0.0.0.0"
    assert _config_host() == "0.0.0.0"


def test_bind_host_says_where_in_any_mode(restore_rxconfig, override_settings, monkeypatch):
    monkeypatch.delenv("REFLEX_BACKEND_HOST", raising=False)
    assert override_settings(bind_host="0.0.0.0").listen_host == "0.0.0.0"
    assert override_settings(**PRODUCTION, bind_host="127.0.0.1").listen_host == "127.0.0.1"
    assert _config_host() == "127.0.0.1"
