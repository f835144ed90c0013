"""Fixtures of the mail, web push and reminder tests: a real local SMTP server and a local push service."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller

from interview_app.settings import get_settings
from tests.support.fake_push import PushService, Received
from tests.support.fake_smtp import Collector
from tests.support.live_server import free_port


@pytest.fixture
def smtp_server() -> Iterator[tuple[Collector, int]]:
    collector = Collector()
    port = free_port()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield collector, port
    finally:
        controller.stop()


@pytest.fixture
def smtp(smtp_server, override_settings, session) -> Collector:
    """SMTP settings pointing at the local server; the database is cleaned afterwards."""
    collector, port = smtp_server
    override_settings(smtp_host="127.0.0.1", smtp_port=port, smtp_security="none", smtp_timeout_seconds=5)
    assert get_settings().smtp_enabled
    return collector


@pytest.fixture
def push_service() -> Iterator[PushService]:
    service = PushService(port=free_port())

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            service.received.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(service.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", service.port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield service
    finally:
        server.shutdown()
        server.server_close()
