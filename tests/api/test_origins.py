"""Only the app's own origin may open the websocket or read API answers with credentials."""

from __future__ import annotations

import base64
import os
import socket
from urllib.parse import urlsplit

import httpx
import pytest

from tests.support.live_server import LiveServer

pytestmark = pytest.mark.e2e

EVIL = "http://evil.example"


def websocket_handshake(live: LiveServer, origin: str | None) -> tuple[str, bytes]:
    """Open the Reflex event socket as a browser at `origin` would; the status line and what followed."""
    parts = urlsplit(live.url)
    headers = [
        f"GET /_event/?EIO=4&transport=websocket&token=origin-probe-{os.getpid()} HTTP/1.1",
        f"Host: {parts.netloc}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        f"Sec-WebSocket-Key: {base64.b64encode(os.urandom(16)).decode()}",
        "Sec-WebSocket-Version: 13",
    ]
    if origin is not None:
        headers.append(f"Origin: {origin}")
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(("\r\n".join(headers) + "\r\n\r\n").encode())
        received = b""
        while b"\r\n\r\n" not in received or (received.startswith(b"HTTP/1.1 101") and b"sid" not in received):
            chunk = sock.recv(4096)
            if not chunk:
                break
            received += chunk
    status = received.split(b"\r\n", 1)[0].decode()
    return status, received


@pytest.mark.parametrize("origin", [EVIL, "null", "http://127.0.0.1.evil.example"])
def test_the_websocket_refuses_a_foreign_origin(live: LiveServer, origin: str) -> None:
    status, received = websocket_handshake(live, origin)
    assert " 101 " not in status, f"handshake from {origin} was accepted: {received[:300]!r}"
    assert b"sid" not in received


@pytest.mark.parametrize("own", ["page", "no origin header"])
def test_the_websocket_opens_for_the_own_origin_and_for_clients_without_an_origin(live: LiveServer, own: str) -> None:
    status, received = websocket_handshake(live, live.url if own == "page" else None)
    assert " 101 " in status, received[:300]
    assert b'"sid"' in received


API_PATHS = ["/_health", "/ping", "/api/v1/push/key"]


def cors_headers(response: httpx.Response) -> dict[str, str]:
    return {k: v for k, v in response.headers.items() if k.lower().startswith("access-control-")}


@pytest.mark.parametrize("path", API_PATHS)
@pytest.mark.parametrize("origin", [EVIL, "null"])
def test_a_foreign_origin_gets_no_cors_grant(live: LiveServer, path: str, origin: str) -> None:
    simple = httpx.get(live.url + path, headers={"Origin": origin})
    assert simple.status_code == 200 and cors_headers(simple) == {}, cors_headers(simple)
    preflight = httpx.options(
        live.url + path,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, authorization",
        },
    )
    assert preflight.status_code == 400 and cors_headers(preflight) == {}, cors_headers(preflight)


@pytest.mark.parametrize("path", API_PATHS)
def test_the_own_origin_gets_its_cors_grant(live: LiveServer, path: str) -> None:
    simple = httpx.get(live.url + path, headers={"Origin": live.url})
    assert simple.headers.get("access-control-allow-origin") == live.url
    assert simple.headers.get("access-control-allow-credentials") == "true"
    preflight = httpx.options(
        live.url + path,
        headers={"Origin": live.url, "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code == 200 and preflight.headers.get("access-control-allow-origin") == live.url


@pytest.mark.parametrize("path", API_PATHS)
def test_requests_without_an_origin_are_answered_as_before(live: LiveServer, path: str) -> None:
    response = httpx.get(live.url + path)
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers
