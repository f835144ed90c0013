"""In the browser: the tab's client token stays out of the websocket URL, and a signed-in tab stays signed in
across a full page load, a second tab and a dropped connection (issue 13, item 2)."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Page, WebSocket, expect
from sqlmodel import Session

from tests.support.browser import open_page
from tests.support.handlers import signed_in_user
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.e2e


def signed_in_browser(live_db: Session, page: Page, live: LiveServer) -> str:
    """A new onboarded user whose session token is in this browser's localStorage, as sign-in leaves it."""
    marker = uuid.uuid4().hex[:8]
    _, token = signed_in_user(live_db, email=f"tab-{marker}@example.com", name=f"Tess{marker} Tab")
    live_db.commit()
    open_page(page, live.url + "/")
    page.evaluate("token => localStorage.setItem('ic_session', token)", token)
    return f"Tess{marker}"


def test_the_websocket_url_carries_no_tab_token_and_the_tab_stays_signed_in(
    live: LiveServer, live_db: Session, page: Page
) -> None:
    sockets: list[WebSocket] = []
    page.on("websocket", lambda socket: sockets.append(socket))
    first_name = signed_in_browser(live_db, page, live)

    open_page(page, live.url + "/dashboard")
    expect(page.locator("#dashboard-greeting")).to_contain_text(first_name)
    tab_token = page.evaluate("sessionStorage.getItem('token')")
    assert tab_token

    open_page(page, live.url + "/progress")  # a full load: a new connection with the same tab token
    expect(page.get_by_role("link", name="Dashboard").first).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('token')") == tab_token
    assert page.url.rstrip("/").endswith("/progress")  # not sent to sign-in

    second = page.context.new_page()
    second.on("websocket", lambda socket: sockets.append(socket))
    open_page(second, live.url + "/history")
    assert second.url.rstrip("/").endswith("/history")

    before_blip = len(sockets)
    page.context.set_offline(True)  # a network blip: the socket drops and the page reconnects on its own
    page.wait_for_timeout(1500)
    page.context.set_offline(False)
    page.wait_for_timeout(1500)
    assert len(sockets) > before_blip
    page.get_by_role("link", name="Dashboard").first.click()
    expect(page.locator("#dashboard-greeting")).to_contain_text(first_name)

    urls = [socket.url for socket in sockets]
    assert all("/_event" in url for url in urls)
    assert not [url for url in urls if "token=" in url or tab_token in url], urls
