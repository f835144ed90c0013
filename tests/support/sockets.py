"""A raw Socket.IO tab on the live app, as a script (or the page's own bundle) speaks it.

Used by the API tests that must behave like a browser tab: prove the session in the hydrate, send events,
and read every update the server pushes (section 1.6 of the research notes describes the wire protocol).
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

import reflex as rx
import socketio
from reflex_base.utils.format import format_event_handler

from interview_app.state.auth import AuthState
from tests.support.live_server import LiveServer

NAMESPACE = "/_event"
HYDRATE = format_event_handler(rx.State.event_handlers["hydrate_and_load"])
AUTH = AuthState.get_full_name()
SESSION_KEY = f"{AUTH}.session_token_rx_state_"
ROUTE = {"pathname": "/dashboard", "asPath": "/dashboard", "query": {}}


@dataclass
class Tab:
    """One raw Socket.IO connection to the live app, recording every update it receives."""

    client: socketio.AsyncClient
    updates: list[dict[str, Any]] = field(default_factory=list)
    new_tokens: list[str] = field(default_factory=list)

    def var(self, state: str, name: str) -> list[Any]:
        """Every value `state.name` took in the deltas so far, in order."""
        key = f"{name}_rx_state_"
        return [u["delta"][state][key] for u in self.updates if key in (u.get("delta") or {}).get(state, {})]

    def text(self) -> str:
        """Everything received, as one string to search."""
        return json.dumps(self.updates)

    async def send(self, name: str, payload: dict[str, Any] | None = None) -> None:
        """Send one event as the frontend does."""
        await self.client.emit("event", {"name": name, "payload": payload or {}, "router_data": ROUTE}, NAMESPACE)

    async def wait_for(self, state: str, name: str, value: Any, timeout: float = 15) -> None:
        """Wait until `state.name` has been sent with `value`."""
        async with asyncio.timeout(timeout):
            while value not in self.var(state, name):
                await asyncio.sleep(0.05)

    async def close(self) -> None:
        """Close the socket the way a closing tab does."""
        await self.client.disconnect()


def hydrate_event(session_token: str | None) -> dict[str, Any]:
    """The boot event a page sends on every (re)connect; the browser's localStorage token rides in it."""
    payload: dict[str, Any] = {"vars": {SESSION_KEY: session_token}} if session_token is not None else {}
    return {"name": HYDRATE, "payload": payload, "router_data": ROUTE}


async def open_tab(live: LiveServer, client_token: str, boot: dict[str, Any] | None, *, in_url: bool = True) -> Tab:
    """Connect with `boot` in the CONNECT packet and `client_token` in the URL (as Reflex's own bundle does)
    or beside the boot event (as ours does, see tab_token_plugin)."""
    client = socketio.AsyncClient(reconnection=False)
    tab = Tab(client)
    client.on("event", tab.updates.append, namespace=NAMESPACE)
    client.on("new_token", tab.new_tokens.append, namespace=NAMESPACE)
    auth: dict[str, Any] = {} if boot is None else {"event": boot}
    if not in_url:
        auth["token"] = client_token
    await client.connect(
        f"{live.url}?token={client_token}" if in_url else live.url,
        socketio_path="_event",
        namespaces=[NAMESPACE],
        transports=["websocket"],
        headers={"Origin": live.url},
        auth=auth or None,
        wait_timeout=15,
    )
    return tab
