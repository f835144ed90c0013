"""A closed tab's state leaves the backend's memory soon after its socket closes (issue 16)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import reflex as rx
from reflex.istate.manager.disk import StateManagerDisk
from reflex.istate.manager.memory import StateManagerMemory
from reflex.istate.manager.token import BaseStateToken

import interview_app.interview_app  # noqa: F401  (registers every state, as the app does)
from interview_app.state import tabs
from interview_app.state.auth import AuthState
from tests.support.handlers import run_coroutine


def _token(ident: str) -> BaseStateToken:
    return BaseStateToken(ident=ident, cls=rx.State)


async def _touch(manager: Any, ident: str, name: str) -> None:
    """What an event does: take the tab's state under its lock and change something in it."""
    async with manager.modify_state(_token(ident)) as root:
        auth = await root.get_state(AuthState)
        auth.user_name = name


def test_the_memory_manager_forgets_a_closed_tab_and_keeps_the_others() -> None:
    async def scenario() -> None:
        manager = StateManagerMemory()
        await _touch(manager, "tab-a", "Ada")
        await _touch(manager, "tab-b", "Grace")
        assert tabs.forget(manager, "tab-a") >= 1
        assert not any(key.startswith("tab-a") for key in manager.states)
        kept = await manager.get_state(_token("tab-b"))
        assert (await kept.get_state(AuthState)).user_name == "Grace"
        # A tab that comes back after being forgotten starts afresh (it hydrates again from the database).
        fresh = await manager.get_state(_token("tab-a"))
        assert (await fresh.get_state(AuthState)).user_name == ""

    run_coroutine(scenario())


def test_a_state_in_use_is_never_forgotten() -> None:
    async def scenario() -> None:
        manager = StateManagerMemory()
        await _touch(manager, "busy", "Ada")
        async with manager.modify_state(_token("busy")):
            assert tabs.forget(manager, "busy") == 0
        assert any(key.startswith("busy") for key in manager.states)

    run_coroutine(scenario())


def test_the_disk_manager_keeps_a_forgotten_tab_on_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(StateManagerDisk, "states_directory", tmp_path)

    async def scenario() -> None:
        manager = StateManagerDisk(token_expiration=3600)
        manager._write_debounce_seconds = 0
        await _touch(manager, "tab-d", "Katherine")
        await manager._flush_write_queue()
        assert tabs.forget(manager, "tab-d") >= 1
        assert not any(key.startswith("tab-d") for key in manager.states)
        assert list(tmp_path.glob("*.pkl")), "the state was written to disk"
        back = await manager.get_state(_token("tab-d"))
        assert (await back.get_state(AuthState)).user_name == "Katherine"
        await manager.close()

    run_coroutine(scenario())


def test_reflexs_scan_of_the_state_folder_runs_at_most_once_a_minute(monkeypatch: pytest.MonkeyPatch) -> None:
    scans: list[int] = []
    monkeypatch.setattr(StateManagerDisk, "_purge_expired_states", lambda self: scans.append(1))
    tabs._throttle_disk_scan()
    manager = object.__new__(StateManagerDisk)
    for _ in range(5):
        StateManagerDisk._purge_expired_states(manager)
    assert scans == [1]


def test_a_closed_socket_forgets_its_tab_after_the_grace_and_not_if_it_came_back() -> None:
    class Namespace:
        def __init__(self) -> None:
            self.sid_to_token = {"s1": "gone", "s2": "back"}
            self.token_to_sid: dict[str, str] = {}
            self.closed: list[str] = []

        def on_disconnect(self, sid: str) -> None:
            self.closed.append(sid)
            self.sid_to_token.pop(sid, None)

    class App:
        def __init__(self) -> None:
            self.event_namespace = Namespace()
            self.state_manager = StateManagerMemory()

    async def scenario() -> None:
        app = App()
        await _touch(app.state_manager, "gone", "Ada")
        await _touch(app.state_manager, "back", "Grace")
        tabs.install(app, forget_after=0.05)  # type: ignore[arg-type]
        app.event_namespace.on_disconnect("s1")
        app.event_namespace.on_disconnect("s2")
        app.event_namespace.token_to_sid["back"] = "s3"  # the second tab reconnected (a reload)
        await asyncio.sleep(0.2)
        assert app.event_namespace.closed == ["s1", "s2"]  # Reflex's own clean-up still ran
        keys = list(app.state_manager.states)
        assert not any(k.startswith("gone") for k in keys)
        assert any(k.startswith("back") for k in keys)

    run_coroutine(scenario())
