"""Every connection proves the session again before it gets any user data.

Reflex keeps a tab's state on the server under the tab's client token, which the browser sends in the
websocket URL (so it can end up in proxy logs) and which re-attaches that state for up to an hour after the
tab closes. The token alone must not be enough, so:

- the hydrate that opens every connection must carry the session token this tab's state belongs to (it rides
  in the hydrate from the browser's localStorage), and it must still resolve to a live session; otherwise the
  whole state tree goes back to its defaults before the snapshot is taken, and the hydrate then applies only
  what the browser itself sent;
- any other event counts only from the connection that proved the session last: an event from another socket
  (a script that skips the hydrate) is dropped, an upload only counts while that connection is open, and
  events chained by handlers that already ran are trusted;
- when that connection closes, the session token leaves the stored state; only its digest stays, so the same
  browser reconnecting with its token keeps its page state. The events it sent before closing run first
  (an autosave sent as the tab closes is kept), then the token leaves.

The browser also sends the client token in the Socket.IO CONNECT packet rather than in the URL (see
`tab_token_plugin`); `token_from_connect` hands it to Reflex.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
from collections.abc import AsyncIterator, Coroutine
from typing import Any
from urllib.parse import parse_qs, urlencode

import reflex as rx
from reflex.istate.manager.token import BaseStateToken
from reflex.middleware.middleware import Middleware
from reflex.state import BaseState, StateUpdate
from reflex_base import constants
from reflex_base.event import Event
from reflex_base.event.context import EventContext
from reflex_base.utils.format import format_event_handler

from interview_app import db
from interview_app.services.accounts import accounts
from interview_app.state.auth import AuthState

log = logging.getLogger(__name__)

# The events that send the whole state to a (re)connecting page.
HYDRATES = frozenset(format_event_handler(rx.State.event_handlers[name]) for name in ("hydrate", "hydrate_and_load"))
SESSION_TOKEN = "session_token"
MAX_TOKEN_CHARS = 128  # a client token is a UUID; anything far longer is not one
# How long a closed connection's session waits for the events it sent before closing (a slow handler at most).
PARK_WAIT_SECONDS = 30.0


class ConnectionState(rx.State):
    """Which connection proved this tab's session; a small leaf state, cheap to load on every event."""

    # Socket.IO id of the connection whose hydrate last proved the session; "" when it has closed.
    _proven_sid: str = ""
    # SHA-256 of the session token taken out of the state when that connection closed; "" when none.
    _parked_digest: str = ""
    # Whether a session token has been in this tab's state since it was last reset (so user data may be).
    _held_session: bool = False


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def presented_token(event: Event) -> str:
    """The session token a hydrate carries from the browser's localStorage ("" when it carries none)."""
    sent = event.payload.get("vars") if isinstance(event.payload, dict) else None
    if not isinstance(sent, dict):
        return ""
    for key, value in sent.items():
        state_name, _, var_name = str(key).rpartition(".")
        if state_name == AuthState.get_full_name() and var_name.removesuffix("_rx_state_") == SESSION_TOKEN:
            return value if isinstance(value, str) else ""
    return ""


def _session_is_live(token: str) -> bool:
    with db.session_scope() as session:
        return accounts.resolve_session(session, token) is not None


async def reset_tree(root: BaseState) -> None:
    """Put every state of this tab back to its defaults (loading the states not in memory first)."""
    for substate_cls in type(root).get_substates():
        await root.get_state(substate_cls)
    for substate in root.substates.values():
        substate.reset()


def _note_session(root: BaseState, connection: ConnectionState) -> None:
    """Remember that the tab's state has held a session (AuthState is loaded for every handler of ours)."""
    auth = root.substates.get(AuthState.get_name())
    if isinstance(auth, AuthState) and auth.session_token and not connection._held_session:
        connection._held_session = True


async def prove(root: BaseState, presented: str, sid: str) -> bool:
    """On hydrate: keep the tab's state only for the session it belongs to, else reset it; True if kept.

    A state that has never held a session has nothing to drop: an anonymous visitor keeps it as it is.
    """
    auth = await root.get_state(AuthState)
    connection = await root.get_state(ConnectionState)
    presented_digest = _digest(presented)
    same = bool(presented) and (
        hmac.compare_digest(presented_digest, _digest(auth.session_token))
        or hmac.compare_digest(presented_digest, connection._parked_digest)
    )
    kept = same and await asyncio.to_thread(_session_is_live, presented)
    if not kept and (auth.session_token or connection._parked_digest or connection._held_session):
        await reset_tree(root)
    connection._proven_sid, connection._parked_digest, connection._held_session = sid, "", kept
    return kept


async def park(root: BaseState, sid: str) -> bool:
    """On disconnect: take the session token out of the state the closed connection proved; True if it did."""
    connection = await root.get_state(ConnectionState)
    if not sid or connection._proven_sid != sid:
        return False  # a newer connection has proved the session since
    auth = await root.get_state(AuthState)
    if auth.session_token:
        connection._parked_digest, connection._held_session = _digest(auth.session_token), True
    connection._proven_sid = ""
    auth.session_token = ""
    return True


async def _tab_is_open(app: rx.App, token: str, proven_sid: str) -> bool:
    """Whether the connection that proved the session is still open (for uploads, which carry no socket id)."""
    namespace = app.event_namespace
    if not proven_sid or namespace is None:
        return False
    sockets = namespace._token_manager  # pyright: ignore[reportPrivateUsage]
    record = sockets.token_to_socket.get(token)
    if record is not None and record.instance_id == sockets.instance_id:
        return record.sid == proven_sid
    # Held by another worker (Redis), if by anyone: only the token manager knows.
    return await sockets.is_token_connected(token)


class SessionProof(Middleware):
    """Checks, under the tab's state lock and before any handler runs, that the connection proved the session."""

    async def preprocess(self, app: rx.App, state: BaseState, event: Event) -> StateUpdate | None:
        """Re-prove the session on hydrate; drop events from a connection that has not proved it."""
        ctx = EventContext.get()
        sid = ctx.router_data.get(constants.RouteVar.SESSION_ID)
        if ctx.parent_txid is None and event.name in HYDRATES:
            await prove(state, presented_token(event), str(sid or ""))
            return None
        connection = await state.get_state(ConnectionState)
        if ctx.parent_txid is not None:
            proven = True  # chained by a handler that already ran for this tab
        elif sid is not None:
            proven = bool(sid) and sid == connection._proven_sid
        else:
            proven = await _tab_is_open(app, ctx.token, connection._proven_sid)
        if proven:
            _note_session(state, connection)
            return None
        log.info("dropped %s: the connection has not proved this tab's session", event.name)
        return StateUpdate()


def _sent_by(processor: Any, token: str, sid: str) -> bool:
    """Whether events this connection sent are still waiting in the processor or running.

    Reflex moves each event from its inbox (an asyncio queue) to a per-tab queue whose head is the running
    one; both are read here (Reflex has no public way to ask). Events chained by them carry their context.
    """
    inbox = getattr(getattr(processor, "_queue", None), "_queue", ())
    per_tab = getattr(processor, "_token_queues", {}).get(token, ())
    entries = [*inbox, *(queued for queued, _ in per_tab)]
    return any(e.ctx.token == token and e.ctx.router_data.get(constants.RouteVar.SESSION_ID) == sid for e in entries)


async def after_its_events(app: rx.App, token: str, sid: str, limit: float = PARK_WAIT_SECONDS) -> None:
    """Wait until the events a closed connection sent before it closed have run (at most `limit` seconds).

    They count for it (the draft typed just before the tab closed is saved): the park must not overtake them
    for the state lock, or they would find the session gone and be dropped.
    """
    processor = getattr(app, "_event_processor", None)
    if processor is None:
        return
    for _ in range(3):  # the socket's last packets are handed to the processor by tasks of their own
        await asyncio.sleep(0)
    deadline = asyncio.get_running_loop().time() + limit
    while _sent_by(processor, token, sid) and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.02)


async def _park_closed_tab(app: rx.App, token: str, sid: str) -> None:
    with app.set_contexts():  # the registry and the state manager, should the task have lost them
        await after_its_events(app, token, sid)
        async with app.state_manager.modify_state(BaseStateToken(ident=token, cls=ConnectionState)) as root:
            await park(root, sid)


_parking: set[asyncio.Task[None]] = set()


def _parked(task: asyncio.Task[None]) -> None:
    _parking.discard(task)
    if not task.cancelled() and (error := task.exception()) is not None:
        log.error("could not take the session out of a closed tab's state", exc_info=error)


def _spawn(coro: Coroutine[Any, Any, None]) -> None:
    task = asyncio.create_task(coro)
    _parking.add(task)
    task.add_done_callback(_parked)


def token_from_connect(environ: dict[str, Any], auth: Any) -> dict[str, Any]:
    """The connection's environ with the client token from the CONNECT packet where Reflex reads it (the URL).

    Our `state.js` sends the token there instead of in the websocket URL (see `tab_token_plugin`); a token
    already in the URL (a bundle built before) is left alone.
    """
    token = auth.get("token") if isinstance(auth, dict) else None
    query = str(environ.get("QUERY_STRING", ""))
    if not isinstance(token, str) or not 0 < len(token) <= MAX_TOKEN_CHARS or "token" in parse_qs(query):
        return environ
    return {**environ, "QUERY_STRING": "&".join(filter(None, (query, urlencode({"token": token}))))}


@contextlib.asynccontextmanager
async def watch_connections(app: rx.App) -> AsyncIterator[None]:
    """Lifespan task: read the client token from the CONNECT packet, and park the session of a closed socket.

    Reflex has no connect or disconnect hooks, so this wraps the event namespace's handlers (which still run).
    """
    namespace = app.event_namespace
    if namespace is None:
        yield
        return
    reflex_on_connect, reflex_on_disconnect = namespace.on_connect, namespace.on_disconnect

    async def on_connect(sid: str, environ: dict[str, Any], auth: Any = None) -> None:
        await reflex_on_connect(sid, token_from_connect(environ, auth), auth)

    def on_disconnect(sid: str) -> asyncio.Task | None:
        token = namespace.sid_to_token.get(sid)
        task = reflex_on_disconnect(sid)
        if token:
            _spawn(_park_closed_tab(app, token, sid))
        return task

    namespace.on_connect = on_connect  # pyright: ignore[reportAttributeAccessIssue]
    namespace.on_disconnect = on_disconnect  # pyright: ignore[reportAttributeAccessIssue]
    try:
        yield
    finally:
        namespace.on_connect = reflex_on_connect  # pyright: ignore[reportAttributeAccessIssue]
        namespace.on_disconnect = reflex_on_disconnect  # pyright: ignore[reportAttributeAccessIssue]


def require_session_proof(app: rx.App) -> None:
    """Make every connection of `app` prove the session before it gets user data."""
    app.add_middleware(SessionProof())
    app.register_lifespan_task(watch_connections)
