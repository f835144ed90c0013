"""A tab's client token alone must not re-attach its signed-in state (issue 13, item 2).

Reflex keys each tab's server-side state by the client token the browser sends in the websocket URL
(`/_event/?token=...`). These tests speak the raw Socket.IO protocol as a script would: the victim proves
their session (the localStorage token rides in the hydrate event), loads the dashboard and leaves; an
attacker then connects with the same client token but without the session token and must receive none
of the victim's data, whether they hydrate, skip the hydrate or call a page handler directly.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import reflex as rx
from reflex_base.utils.format import format_event_handler
from sqlmodel import Session, create_engine

from interview_app.pages.progress.dashboard import DashboardState
from interview_app.state.auth import AuthState
from tests.support import live_server, servers
from tests.support.handlers import run_coroutine, signed_in_user
from tests.support.live_server import LiveServer
from tests.support.sockets import AUTH, Tab, hydrate_event, open_tab

pytestmark = pytest.mark.e2e

BARE_HYDRATE = format_event_handler(rx.State.event_handlers["hydrate"])
DASHBOARD_LOAD = format_event_handler(DashboardState.event_handlers["load"])
SIGN_OUT = format_event_handler(AuthState.event_handlers["sign_out"])
DASHBOARD = DashboardState.get_full_name()


async def reattach(live: LiveServer, client_token: str, boot: dict[str, Any] | None, *, in_url: bool = True) -> Tab:
    """Connect with a closed tab's client token once the server has let go of it (no `new_token`)."""
    for _ in range(40):
        await asyncio.sleep(0.25)
        tab = await open_tab(live, client_token, boot, in_url=in_url)
        await asyncio.sleep(0.3)
        if not tab.new_tokens:
            return tab
        await tab.close()
    raise AssertionError("the server kept the closed tab's token linked")


@pytest.fixture(scope="module")
def scaled() -> Iterator[LiveServer]:
    """The scale-out shape: PostgreSQL, tab state in Redis and two backend workers."""
    with servers.postgres() as db_url, servers.redis() as redis_url:
        server = live_server.start({"REFLEX_DB_URL": db_url, "REFLEX_REDIS_URL": redis_url, "GRANIAN_WORKERS": "2"})
        try:
            yield server
        finally:
            server.stop()


@pytest.fixture(params=["one worker", pytest.param("two workers, state in Redis", marks=pytest.mark.scale_out)])
def app(request: pytest.FixtureRequest) -> LiveServer:
    """The live app, as the tests start it and in the scale-out shape (where the sockets meet different workers)."""
    return request.getfixturevalue("live" if request.param == "one worker" else "scaled")


@dataclass(frozen=True)
class Victim:
    """A signed-in, onboarded candidate: their name, e-mail, a skill from their profile and their session token."""

    name: str
    email: str
    skill: str
    session_token: str


@pytest.fixture
def victim(app: LiveServer) -> Iterator[Victim]:
    """A candidate with a live session, created with the services in the live app's database."""
    marker = uuid.uuid4().hex[:8]
    engine = create_engine(app.db_url)
    with Session(engine, expire_on_commit=False) as session:
        user, token = signed_in_user(
            session, email=f"victim-{marker}@example.com", name=f"Vesna{marker} Victim", skills=[f"Skill{marker}"]
        )
        session.commit()
        yield Victim(user.name, user.email, f"Skill{marker}", token)
    engine.dispose()


async def victim_visits_dashboard(live: LiveServer, client_token: str, victim: Victim, *, in_url: bool = True) -> Tab:
    """The victim's tab proves the session, and the dashboard shows their data."""
    tab = await open_tab(live, client_token, hydrate_event(victim.session_token), in_url=in_url)
    await tab.wait_for(AUTH, "signed_in", True)
    await tab.wait_for(DASHBOARD, "first_name", victim.name.split()[0])
    assert victim.email in tab.text() and victim.skill in tab.text()
    return tab


def assert_nothing_of(victim: Victim, tab: Tab) -> None:
    """No update the tab received carries the victim's session, name, e-mail or dashboard data."""
    received = tab.text()
    for secret in (victim.session_token, victim.name.split()[0], victim.email, victim.skill):
        assert secret not in received, f"{secret!r} reached the attacker: {received[:2000]}"
    assert True not in tab.var(AUTH, "signed_in")


def test_a_closed_tabs_client_token_alone_gets_nothing(app: LiveServer, victim: Victim) -> None:
    async def scenario() -> None:
        client_token = str(uuid.uuid4())
        tab = await victim_visits_dashboard(app, client_token, victim)
        await tab.close()

        attacker = await reattach(app, client_token, hydrate_event(None))
        await asyncio.sleep(1.5)  # the hydrate snapshot, then the page's on_load handlers
        assert attacker.updates, "the attacker's hydrate got no answer at all"
        await attacker.send(DASHBOARD_LOAD)
        await asyncio.sleep(1.0)
        assert_nothing_of(victim, attacker)
        await attacker.close()

    run_coroutine(scenario())


def test_skipping_the_hydrate_gets_nothing_either(app: LiveServer, victim: Victim) -> None:
    async def scenario() -> None:
        client_token = str(uuid.uuid4())
        tab = await victim_visits_dashboard(app, client_token, victim)
        await tab.close()

        attacker = await reattach(app, client_token, None)  # no boot event: straight to the handlers
        await attacker.send(DASHBOARD_LOAD)
        await attacker.send(BARE_HYDRATE)
        await asyncio.sleep(1.5)
        assert_nothing_of(victim, attacker)
        await attacker.close()

    run_coroutine(scenario())


def test_a_signed_out_tabs_page_data_stays_with_it(app: LiveServer, victim: Victim) -> None:
    async def scenario() -> None:
        client_token = str(uuid.uuid4())
        tab = await victim_visits_dashboard(app, client_token, victim)
        await tab.send(SIGN_OUT)
        await tab.wait_for(AUTH, "signed_in", False)
        await tab.close()

        attacker = await reattach(app, client_token, hydrate_event(""))
        await asyncio.sleep(1.5)
        await attacker.send(DASHBOARD_LOAD)
        await asyncio.sleep(1.0)
        assert_nothing_of(victim, attacker)
        await attacker.close()

    run_coroutine(scenario())


def test_a_reconnecting_tab_that_sends_its_token_stays_signed_in(app: LiveServer, victim: Victim) -> None:
    async def scenario() -> None:
        client_token = str(uuid.uuid4())
        tab = await victim_visits_dashboard(app, client_token, victim)
        await tab.close()

        again = await reattach(app, client_token, hydrate_event(victim.session_token))
        await again.wait_for(AUTH, "signed_in", True)
        await again.wait_for(DASHBOARD, "first_name", victim.name.split()[0])
        assert False not in again.var(AUTH, "signed_in")  # no flash of the signed-out state
        await again.close()

    run_coroutine(scenario())


def test_the_client_token_can_ride_in_the_connect_packet_instead_of_the_url(app: LiveServer, victim: Victim) -> None:
    async def scenario() -> None:
        client_token = str(uuid.uuid4())
        tab = await victim_visits_dashboard(app, client_token, victim, in_url=False)
        second = await open_tab(app, client_token, hydrate_event(None), in_url=False)
        await asyncio.sleep(0.5)
        assert second.new_tokens and second.new_tokens[0] != client_token  # a live tab's token is not shared
        assert_nothing_of(victim, second)
        await second.close()
        await tab.close()

        again = await reattach(app, client_token, hydrate_event(victim.session_token), in_url=False)
        await again.wait_for(DASHBOARD, "first_name", victim.name.split()[0])
        await again.close()
        attacker = await reattach(app, client_token, hydrate_event(None), in_url=False)
        await asyncio.sleep(1.5)
        assert_nothing_of(victim, attacker)
        await attacker.close()

    run_coroutine(scenario())
