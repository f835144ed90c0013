"""A tab's state goes only to a connection that proved the session (interview_app/state/connection.py).

The whole state tree of one tab is built here as Reflex builds it for a client token, and the checks run on it
as the middleware runs them before a handler: hydrates with and without the right session token, events from
the proving socket and from another one, uploads, and a closed connection's parked token.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import contextlib
import contextvars
import shutil
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from types import SimpleNamespace
from typing import Any, TypeVar
from urllib.parse import parse_qs

import pytest
import reflex as rx
from redis.asyncio import Redis
from reflex.istate.data import SessionData
from reflex.istate.manager import StateManager
from reflex.istate.manager.disk import StateManagerDisk
from reflex.istate.manager.memory import StateManagerMemory
from reflex.istate.manager.redis import StateManagerRedis
from reflex.istate.manager.token import BaseStateToken
from reflex.state import StateUpdate
from reflex.utils.token_manager import LocalTokenManager
from reflex_base.event import Event
from reflex_base.event.context import EventContext
from reflex_base.event.processor.base_state_processor import BaseStateEventProcessor
from reflex_base.event.processor.event_processor import EventQueueEntry
from reflex_base.utils.format import format_event_handler
from sqlmodel import Session

from interview_app.models import User
from interview_app.pages.bank.question_bank import BankState
from interview_app.pages.interviews.run import RunState
from interview_app.pages.progress.dashboard import DashboardState
from interview_app.services.accounts import accounts
from interview_app.state.auth import AuthState
from interview_app.state.connection import (
    HYDRATES,
    ConnectionState,
    SessionProof,
    _park_closed_tab,
    after_its_events,
    park,
    presented_token,
    prove,
    token_from_connect,
)
from tests.support import servers
from tests.support.handlers import session_token

HYDRATE = format_event_handler(rx.State.event_handlers["hydrate_and_load"])
BARE_HYDRATE = format_event_handler(rx.State.event_handlers["hydrate"])
LOAD = format_event_handler(DashboardState.event_handlers["load"])
SESSION_KEY = f"{AuthState.get_full_name()}.session_token_rx_state_"
CLIENT_TOKEN = "tab-1"
R = TypeVar("R")


def run_coroutine(coro: Coroutine[Any, Any, R]) -> R:
    """Run a coroutine on a loop of its own in another thread, with this thread's context (Reflex's registry)."""
    context = contextvars.copy_context()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(context.run, asyncio.run, coro).result()


class Tab:
    """One client token's state tree, as the victim's tab left it: signed in, dashboard loaded."""

    def __init__(self, token: str, proven_sid: str = "sid-victim"):
        self.root: Any = rx.State()  # pyright: ignore[reportCallIssue]
        self.auth: AuthState = run_coroutine(self.root.get_state(AuthState))
        self.dashboard: DashboardState = run_coroutine(self.root.get_state(DashboardState))
        self.run: RunState = run_coroutine(self.root.get_state(RunState))
        self.connection: ConnectionState = run_coroutine(self.root.get_state(ConnectionState))
        self.auth.session_token = token
        self.auth.signed_in, self.auth.user_name, self.auth.user_email = True, "Vesna Victim", "vesna@example.com"
        self.dashboard.first_name, self.dashboard.skills = "Vesna", ["Kafka"]
        self.run.prompt, self.run._question_id = "Tell me about a conflict", 7
        self.connection._proven_sid = proven_sid
        self.root._clean()

    def holds_nothing_of_the_victim(self) -> bool:
        """Every var that came from the victim's session is back at its default."""
        return (
            self.auth.session_token == ""
            and not self.auth.signed_in
            and self.auth.user_name == self.auth.user_email == ""
            and self.dashboard.first_name == ""
            and self.dashboard.skills == []
            and self.run.prompt == ""
            and self.run._question_id == 0
        )

    def still_the_victims(self) -> bool:
        """The page state survived (the session token itself is the hydrate's to set)."""
        return (
            self.auth.signed_in
            and self.auth.user_name == "Vesna Victim"
            and self.dashboard.skills == ["Kafka"]
            and self.run._question_id == 7
        )


@pytest.fixture
def victim(make_user) -> User:
    return make_user(name="Vesna Victim", email="vesna@example.com")


@pytest.fixture
def token(session: Session, victim: User) -> str:
    return session_token(session, victim)


def hydrate(session_token: object = None, name: str = HYDRATE) -> Event:
    """The boot event of a (re)connecting page; the browser's localStorage token rides in `vars`."""
    payload = {} if session_token is None else {"vars": {SESSION_KEY: session_token}}
    return Event(name=name, payload=payload)


def preprocess(
    tab: Tab, event: Event, *, sid: str | None, chained: bool = False, app: Any = None
) -> StateUpdate | None:
    """Run the middleware on `tab` as the event processor does, under an event context for `sid`."""
    ctx = EventContext(
        token=CLIENT_TOKEN,
        state_manager=None,  # pyright: ignore[reportArgumentType]
        enqueue_impl=None,  # pyright: ignore[reportArgumentType]
        parent_txid="parent" if chained else None,
        router_data={} if sid is None else {"sid": sid},
    )

    async def under_context() -> StateUpdate | None:
        EventContext.set(ctx)
        return await SessionProof().preprocess(app or no_sockets(), tab.root, event)

    return run_coroutine(under_context())


def sockets(**connected: str) -> Any:
    """An app whose socket server (this worker's token manager) has these tabs connected."""
    manager = LocalTokenManager()
    for token, sid in connected.items():
        run_coroutine(manager.link_token_to_sid(token, sid))
    return SimpleNamespace(event_namespace=SimpleNamespace(_token_manager=manager))


def no_sockets() -> Any:
    """An app whose socket server knows no open connection."""
    return sockets()


def test_the_hydrate_names_are_reflexs():
    assert {HYDRATE, BARE_HYDRATE} == HYDRATES


def test_the_presented_token_is_read_from_the_hydrates_vars():
    assert presented_token(hydrate("abc")) == "abc"
    key_without_marker = SESSION_KEY.removesuffix("_rx_state_")
    assert presented_token(Event(name=HYDRATE, payload={"vars": {key_without_marker: "abc"}})) == "abc"
    for odd in (None, 12, ["abc"], {"abc": 1}):
        assert presented_token(hydrate(odd)) == ""
    assert presented_token(Event(name=HYDRATE, payload={"vars": "abc"})) == ""
    other_state = f"{DashboardState.get_full_name()}.session_token_rx_state_"
    assert presented_token(Event(name=HYDRATE, payload={"vars": {other_state: "abc"}})) == ""


def test_a_hydrate_without_the_session_token_resets_the_whole_tree(token):
    for presented in ("", "not-a-token"):
        tab = Tab(token)
        assert run_coroutine(prove(tab.root, presented, "sid-attacker")) is False
        assert tab.holds_nothing_of_the_victim()
        assert tab.connection._proven_sid == "sid-attacker"


def test_a_hydrate_with_the_tabs_live_token_keeps_its_state(token):
    tab = Tab(token)
    assert run_coroutine(prove(tab.root, token, "sid-reconnected")) is True
    assert tab.still_the_victims() and tab.auth.session_token == token
    assert tab.connection._proven_sid == "sid-reconnected"


def test_a_revoked_token_or_another_users_token_resets(session, make_user, token):
    tab = Tab(token)
    other = session_token(session, make_user(email="other@example.com"))
    assert run_coroutine(prove(tab.root, other, "sid-2")) is False
    assert tab.holds_nothing_of_the_victim()

    tab = Tab(token)
    accounts.sign_out(session, token)
    session.commit()
    assert run_coroutine(prove(tab.root, token, "sid-2")) is False
    assert tab.holds_nothing_of_the_victim()


def test_a_signed_out_tabs_page_data_is_dropped_too(token):
    tab = Tab(token)
    assert preprocess(tab, Event(name=LOAD), sid="sid-victim") is None  # an event while signed in
    tab.auth.session_token, tab.auth.signed_in, tab.auth.user_name = "", False, ""  # then sign-out
    assert run_coroutine(prove(tab.root, "", "sid-attacker")) is False
    assert tab.holds_nothing_of_the_victim()


def test_an_anonymous_visitors_page_state_survives_a_reconnect():
    root: Any = rx.State()  # pyright: ignore[reportCallIssue]
    bank: BankState = run_coroutine(root.get_state(BankState))
    bank.text, bank.kind = "kafka", "technical"
    assert run_coroutine(prove(root, "", "sid-1")) is False
    assert run_coroutine(prove(root, "", "sid-2")) is False
    assert (bank.text, bank.kind) == ("kafka", "technical")


def test_odd_tokens_in_the_hydrate_reset_without_an_error(token):
    for odd in ("\ud800", "é" * 50, "x" * 100_000):
        tab = Tab(token)
        assert run_coroutine(prove(tab.root, odd, "sid-attacker")) is False
        assert tab.holds_nothing_of_the_victim()


def test_a_closed_connection_leaves_no_session_token_in_the_state(token):
    tab = Tab(token, proven_sid="sid-victim")
    assert run_coroutine(park(tab.root, "sid-victim")) is True
    assert tab.auth.session_token == "" and tab.connection._proven_sid == ""
    assert token not in repr(tab.connection._parked_digest) and tab.connection._parked_digest
    # the same browser comes back with its token: its page state is still there
    assert run_coroutine(prove(tab.root, token, "sid-back")) is True
    assert tab.still_the_victims() and tab.connection._parked_digest == ""


def test_a_parked_tab_resets_for_anyone_without_the_token(token):
    tab = Tab(token)
    run_coroutine(park(tab.root, "sid-victim"))
    assert run_coroutine(prove(tab.root, "", "sid-attacker")) is False
    assert tab.holds_nothing_of_the_victim()


def test_an_older_connection_closing_late_does_not_park_a_newer_ones_session(token):
    tab = Tab(token, proven_sid="sid-new")
    assert run_coroutine(park(tab.root, "sid-old")) is False
    assert tab.auth.session_token == token and tab.connection._proven_sid == "sid-new"


def test_events_count_only_from_the_connection_that_proved_the_session(token):
    tab = Tab(token, proven_sid="sid-victim")
    assert preprocess(tab, Event(name=LOAD), sid="sid-victim") is None
    dropped = preprocess(tab, Event(name=LOAD), sid="sid-attacker")
    assert isinstance(dropped, StateUpdate) and not dropped.delta and not dropped.events
    assert preprocess(tab, Event(name=LOAD), sid="") is not None
    assert preprocess(tab, Event(name=LOAD), sid="sid-attacker", chained=True) is None  # from a handler that ran


def test_uploads_count_only_while_the_proving_connection_is_open(token):
    tab = Tab(token, proven_sid="sid-victim")
    assert preprocess(tab, Event(name=LOAD), sid=None, app=sockets(**{CLIENT_TOKEN: "sid-victim"})) is None
    assert preprocess(tab, Event(name=LOAD), sid=None, app=no_sockets()) is not None
    assert preprocess(tab, Event(name=LOAD), sid=None, app=sockets(**{CLIENT_TOKEN: "sid-attacker"})) is not None
    tab.connection._proven_sid = ""
    assert preprocess(tab, Event(name=LOAD), sid=None, app=sockets(**{CLIENT_TOKEN: "sid-victim"})) is not None


def test_the_middleware_proves_the_session_on_either_hydrate(token):
    tab = Tab(token)
    assert preprocess(tab, hydrate(token), sid="sid-back") is None
    assert tab.still_the_victims() and tab.connection._proven_sid == "sid-back"
    for event in (hydrate(None), hydrate(""), Event(name=BARE_HYDRATE)):
        tab = Tab(token)
        assert preprocess(tab, event, sid="sid-attacker") is None  # the hydrate runs, on a reset tree
        assert tab.holds_nothing_of_the_victim() and tab.connection._proven_sid == "sid-attacker"


Managers = Callable[[], contextlib.AbstractAsyncContextManager[tuple[StateManager, StateManager]]]


@pytest.fixture(params=["memory", "disk", "redis"])
def managers(request, tmp_path, monkeypatch) -> Iterator[Managers]:
    """Two state managers over one store, as two workers of the app see it (memory: one process only)."""
    with contextlib.ExitStack() as stack:
        url = ""
        if request.param == "redis":
            if shutil.which("redis-server") is None:
                pytest.skip("redis-server is not installed (scripts/test.sh installs it)")
            url = stack.enter_context(servers.redis())
        elif request.param == "disk":
            monkeypatch.setenv("REFLEX_STATES_WORKDIR", str(tmp_path))

        @contextlib.asynccontextmanager
        async def open_managers() -> AsyncIterator[tuple[StateManager, StateManager]]:
            if request.param == "memory":
                one = two = StateManagerMemory()
            elif request.param == "disk":
                one = two = StateManagerDisk()
            else:
                one, two = (StateManagerRedis(redis=Redis.from_url(url)) for _ in range(2))
            try:
                yield one, two
            finally:
                await one.close()
                if two is not one:
                    await two.close()

        yield open_managers


def _use(manager: StateManager) -> None:
    """Fetch missing states through `manager`, as an event of a worker running on it does."""
    EventContext.set(EventContext(token=CLIENT_TOKEN, state_manager=manager, enqueue_impl=None))  # pyright: ignore[reportArgumentType]


def _app(manager: StateManager) -> Any:
    """What parking a closed tab uses of the app."""
    return SimpleNamespace(state_manager=manager, set_contexts=contextlib.nullcontext)


async def _victims_tab(manager: StateManager, token: str) -> None:
    _use(manager)
    async with manager.modify_state(BaseStateToken(ident=CLIENT_TOKEN, cls=DashboardState)) as root:
        # Reflex records the tab on its state at connect; states not yet loaded are fetched by this token.
        root.router_data = {"token": CLIENT_TOKEN, "sid": "sid-victim"}
        root.rx_router_session = SessionData.from_router_data(root.router_data)
        auth = await root.get_state(AuthState)
        dashboard = await root.get_state(DashboardState)
        connection = await root.get_state(ConnectionState)
        auth.session_token, auth.signed_in, auth.user_name = token, True, "Vesna Victim"
        dashboard.first_name, dashboard.skills = "Vesna", ["Kafka"]
        connection._proven_sid = "sid-victim"


async def _hydrate(manager: StateManager, presented: str, sid: str) -> bool:
    _use(manager)
    async with manager.modify_state(BaseStateToken(ident=CLIENT_TOKEN, cls=rx.State)) as root:
        return await prove(root, presented, sid)


async def _stored(manager: StateManager) -> tuple[str, str, list[str], str]:
    _use(manager)
    async with manager.modify_state(BaseStateToken(ident=CLIENT_TOKEN, cls=DashboardState)) as root:
        auth = await root.get_state(AuthState)
        dashboard = await root.get_state(DashboardState)
        connection = await root.get_state(ConnectionState)
        return auth.session_token, dashboard.first_name, list(dashboard.skills), connection._proven_sid


def test_every_state_manager_parks_and_resets_a_closed_tab(managers, token):
    async def scenario() -> None:
        async with managers() as (one, two):
            await _victims_tab(one, token)
            _use(one)
            await _park_closed_tab(_app(one), CLIENT_TOKEN, "sid-victim")
            assert await _stored(two) == ("", "Vesna", ["Kafka"], "")
            assert await _hydrate(two, "", "sid-attacker") is False
            assert await _stored(one) == ("", "", [], "sid-attacker")

    run_coroutine(scenario())


def test_every_state_manager_keeps_a_reconnecting_tabs_state(managers, token):
    async def scenario() -> None:
        async with managers() as (one, two):
            await _victims_tab(one, token)
            _use(one)
            await _park_closed_tab(_app(one), CLIENT_TOKEN, "sid-victim")
            assert await _hydrate(two, token, "sid-back") is True
            assert await _stored(one) == ("", "Vesna", ["Kafka"], "sid-back")  # the hydrate itself sets the token

    run_coroutine(scenario())


def _queued(sid: str, token: str = CLIENT_TOKEN) -> EventQueueEntry:
    """An event this tab's connection `sid` sent, as Reflex's event processor holds it."""
    ctx = EventContext(token=token, state_manager=None, enqueue_impl=None, router_data={"sid": sid})  # pyright: ignore[reportArgumentType]
    return EventQueueEntry(event=Event(name=format_event_handler(RunState.event_handlers["change_draft"])), ctx=ctx)


def test_a_closed_connections_last_events_run_before_its_session_is_parked(managers, token):
    """The autosave a tab sent as it closed still finds the session; only then does the token leave."""

    async def scenario() -> None:
        async with managers() as (one, _two):
            await _victims_tab(one, token)
            _use(one)
            processor: Any = BaseStateEventProcessor()
            processor._queue = asyncio.Queue()
            autosave = (_queued("sid-victim"), None)
            processor._token_queues[CLIENT_TOKEN] = collections.deque([(_queued("sid-other"), None), autosave])
            app: Any = SimpleNamespace(
                state_manager=one, set_contexts=contextlib.nullcontext, _event_processor=processor
            )
            parking = asyncio.create_task(_park_closed_tab(app, CLIENT_TOKEN, "sid-victim"))
            await asyncio.sleep(0.3)
            assert not parking.done() and (await _stored(one))[0] == token  # the autosave is still to run
            processor._token_queues[CLIENT_TOKEN].remove(autosave)  # it ran
            processor._queue.put_nowait(_queued("sid-victim"))  # one more, still in the processor's inbox
            await asyncio.sleep(0.3)
            assert not parking.done()
            processor._queue.get_nowait()
            await asyncio.wait_for(parking, 10)
            assert await _stored(one) == ("", "Vesna", ["Kafka"], "")

    run_coroutine(scenario())


def test_parking_waits_for_no_other_connection_and_not_for_ever(token):
    processor: Any = BaseStateEventProcessor()
    processor._queue = asyncio.Queue()
    processor._token_queues["other-tab"] = collections.deque([(_queued("sid-victim", "other-tab"), None)])
    processor._token_queues[CLIENT_TOKEN] = collections.deque([(_queued("sid-newer"), None)])
    app: Any = SimpleNamespace(_event_processor=processor)

    async def timed(limit: float) -> float:
        started = asyncio.get_running_loop().time()
        await after_its_events(app, CLIENT_TOKEN, "sid-victim", limit)
        return asyncio.get_running_loop().time() - started

    assert run_coroutine(timed(5.0)) < 1.0  # another tab's events, a newer connection's: no wait for 5 s
    processor._token_queues[CLIENT_TOKEN].append((_queued("sid-victim"), None))
    assert 1.0 <= run_coroutine(timed(1.0)) < 4.0  # a handler that never ends does not keep the token for ever


def test_the_client_token_is_read_from_the_connect_packet():
    environ = {"QUERY_STRING": "EIO=4&transport=websocket", "asgi.scope": {}}
    linked = token_from_connect(environ, {"event": {}, "token": "5d1c-tab"})
    assert parse_qs(linked["QUERY_STRING"])["token"] == ["5d1c-tab"] and linked["asgi.scope"] is environ["asgi.scope"]
    assert "token" not in parse_qs(environ["QUERY_STRING"])  # the server's own environ is not changed
    in_url = {"QUERY_STRING": "EIO=4&token=from-url"}
    assert token_from_connect(in_url, {"token": "other"}) is in_url  # an older bundle's URL token stands
    for auth in (None, "token", {}, {"token": 12}, {"token": ""}, {"token": "x" * 129}):
        assert token_from_connect(environ, auth) is environ
