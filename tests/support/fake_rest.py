"""The plumbing shared by the fake payment providers: a threaded loopback HTTP server handing each request
to a `route(method, path, query, headers, body) -> (status, json body, extra headers)` function. A body
given as `Html` is sent as an HTML page (a provider's hosted page) instead of JSON."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

from tests.support.live_server import free_port

Answer = tuple[int, Any, dict[str, str]]
Route = Callable[[str, str, dict[str, list[str]], dict[str, str], bytes], Answer]


class Html(str):
    """An answer's body that is an HTML page, not JSON."""


@dataclass
class Seen:
    """One request as a fake received it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    status: int


class Server:
    """A running fake: its URL, what it received, and `stop()`."""

    def __init__(self, route: Route) -> None:
        self.requests: list[Seen] = []
        self.lock = threading.Lock()
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _handle(self) -> None:
                parsed = urlparse(self.path)
                headers = {k.lower(): v for k, v in self.headers.items()}
                body = self.rfile.read(int(headers.get("content-length") or 0))
                status, payload, extra = route(self.command, parsed.path, parse_qs(parsed.query), headers, body)
                page = isinstance(payload, Html)
                data = payload.encode() if page else json.dumps(payload).encode()
                with server.lock:  # before answering, so a client that has its answer finds the request here
                    server.requests.append(Seen(self.command, parsed.path, headers, body, status))
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8" if page else "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in extra.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_DELETE = do_PATCH = do_PUT = _handle

        self._http = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self._http.serve_forever, daemon=True).start()

    def count(self, method: str, path: str) -> int:
        """How many `method path` requests arrived."""
        return sum(1 for r in self.requests if r.method == method and r.path == path)

    def stop(self) -> None:
        """Shut the server down."""
        self._http.shutdown()
        self._http.server_close()
