"""What a tab costs the server after it closes: its state leaves memory soon after its socket does.

Reflex keeps every tab's state in the backend's memory until it has been idle for `redis_token_expiration`
(an hour), also after the tab closed: a class of candidates opening and closing pages all afternoon grew the
process by gigabytes. Here a state leaves memory `FORGET_AFTER_SECONDS` after its last socket closed, unless
the tab came back (a reload or a network blip reconnects within seconds):

- with the disk state manager (the default) the state stays on disk, so a tab that returns later finds it;
  Reflex's own scan for expired state files, which it ran after every write (listing the whole folder, a
  fifth of the backend's time with 150 tabs), runs at most once a minute;
- with the memory state manager the state is dropped (a returning tab hydrates again from the database, as
  after a restart);
- with Redis nothing changes: the state lives in Redis with its own expiry.

These reach into Reflex's state managers; `install` logs a warning and leaves Reflex as it is if they change.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from typing import Any

import reflex as rx
from reflex.istate.manager.disk import StateManagerDisk
from reflex.istate.manager.memory import StateManagerMemory

log = logging.getLogger(__name__)

FORGET_AFTER_SECONDS = 120.0  # how long a closed tab's state stays in memory, for a reload or a reconnect
DISK_SCAN_EVERY_SECONDS = 60.0  # Reflex's scan of the state folder for expired files
_MARK = "_interview_app_tabs"


def _bookkeeping(manager: Any) -> dict[str, tuple[float, Any]] | None:
    """The manager's {cache key: (time, StateToken)} table, or None for a manager we do not manage."""
    if isinstance(manager, StateManagerMemory):
        return manager._token_expires_at
    if isinstance(manager, StateManagerDisk):
        return manager._token_last_touched
    return None


def _locked(manager: Any, token: Any) -> bool:
    lock = manager._states_locks.get(token.lock_key)
    return lock is not None and lock.locked()


def forget(manager: Any, client_token: str) -> int:
    """Drop the in-memory states of one tab (not those in use); returns how many went."""
    table = _bookkeeping(manager)
    if table is None:
        return 0
    gone = 0
    for _key, (_when, token) in list(table.items()):
        if getattr(token, "ident", None) != client_token or _locked(manager, token):
            continue
        if isinstance(manager, StateManagerDisk) and token.cache_key in {t.cache_key for t in manager._write_queue}:
            continue  # not written to disk yet: the write queue keeps it until it is
        manager._purge_token(token)
        gone += 1
    return gone


def _throttle_disk_scan() -> None:
    scan = StateManagerDisk._purge_expired_states
    if getattr(scan, _MARK, False):
        return
    last: dict[int, float] = {}

    @functools.wraps(scan)
    def scan_at_most_once_a_minute(self: StateManagerDisk) -> None:
        now = time.monotonic()
        if now - last.get(id(self), -DISK_SCAN_EVERY_SECONDS) < DISK_SCAN_EVERY_SECONDS:
            return
        last[id(self)] = now
        scan(self)

    setattr(scan_at_most_once_a_minute, _MARK, True)
    StateManagerDisk._purge_expired_states = scan_at_most_once_a_minute  # type: ignore[method-assign]


def install(app: rx.App, forget_after: float = FORGET_AFTER_SECONDS) -> None:
    """Forget closed tabs' states after `forget_after` seconds, and scan the disk state folder less often."""
    _throttle_disk_scan()
    namespace = getattr(app, "event_namespace", None)
    if namespace is None or not hasattr(namespace, "on_disconnect"):
        log.warning("closed tabs keep their state until Reflex's expiry: no event namespace to watch")
        return
    if getattr(namespace.on_disconnect, _MARK, False):
        return
    on_disconnect = namespace.on_disconnect
    pending: set[asyncio.Task[None]] = set()

    async def forget_later(client_token: str) -> None:
        await asyncio.sleep(forget_after)
        if client_token in namespace.token_to_sid:
            return  # the tab came back
        try:
            forget(app.state_manager, client_token)
        except Exception:  # Reflex's bookkeeping changed: keep the state rather than break the socket
            log.warning("could not forget a closed tab's state", exc_info=True)

    @functools.wraps(on_disconnect)
    def on_disconnect_and_forget(sid: str) -> Any:
        client_token = namespace.sid_to_token.get(sid)
        result = on_disconnect(sid)
        if client_token:
            task = asyncio.get_running_loop().create_task(forget_later(client_token))
            pending.add(task)
            task.add_done_callback(pending.discard)
        return result

    setattr(on_disconnect_and_forget, _MARK, True)
    namespace.on_disconnect = on_disconnect_and_forget
