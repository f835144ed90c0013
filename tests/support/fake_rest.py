"""What the fake payment providers share: a threaded loopback HTTP server handing each request to a
`route(method, path, query, headers, body) -> (status, json body, extra headers)` function (a body given as
`Html` is sent as an HTML page, a provider's hosted page, and one given as `Script` as JavaScript, a
provider's browser script, instead of JSON), and `FakeProvider`, the base of
fake_stripe.FakeStripe and fake_razorpay.FakeRazorpay: the running server and the requests it saw, the clock
their events are dated by, their ids, and the errors to answer next."""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar, Self
from urllib.parse import parse_qs, urlparse

from tests.support.live_server import free_port

# A month of a provider's billing (a year is 12 of them).
MONTH = 30 * 24 * 3600
Answer = tuple[int, Any, dict[str, str]]
Route = Callable[[str, str, dict[str, list[str]], dict[str, str], bytes], Answer]


class Html(str):
    """An answer's body that is an HTML page, not JSON."""


class Script(str):
    """An answer's body that is a JavaScript file, not JSON."""


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
                kind = "text/html; charset=utf-8" if isinstance(payload, Html) else "application/json"
                kind = "text/javascript; charset=utf-8" if isinstance(payload, Script) else kind
                data = payload.encode() if isinstance(payload, Html | Script) else json.dumps(payload).encode()
                with server.lock:  # before answering, so a client that has its answer finds the request here
                    server.requests.append(Seen(self.command, parsed.path, headers, body, status))
                self.send_response(status)
                self.send_header("Content-Type", kind)
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


@dataclass
class FakeProvider:
    """A fake provider's running server and state shared by both fakes; subclasses add `route` and their objects."""

    server: Server | None = None
    # Error kinds (keys of the subclass's ERRORS) the next API requests answer, oldest first.
    failures: list[str] = field(default_factory=list)
    # The length of a monthly period; a journey may shorten it to see a period end.
    period: int = MONTH
    # The provider's clock, in Unix seconds: its objects and events are dated by it.
    clock: int = field(default_factory=lambda: int(time.time()))
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    # How the provider's ids look ("{prefix}" and the running "{number}").
    id_format: ClassVar[str] = "{prefix}_fake{number:06d}"

    def route(
        self, method: str, path: str, query: dict[str, list[str]], headers: dict[str, str], body: bytes
    ) -> Answer:
        """Answer one request (each fake speaks its provider's API)."""
        raise NotImplementedError

    def started(self) -> Self:
        """Start serving in a background thread."""
        self.server = Server(self.route)
        return self

    @property
    def url(self) -> str:
        assert self.server is not None
        return self.server.url

    @property
    def requests(self) -> list[Seen]:
        """Every request that arrived, oldest first."""
        assert self.server is not None
        return self.server.requests

    def _new_id(self, prefix: str) -> str:
        return self.id_format.format(prefix=prefix, number=next(self._ids))

    def tick(self, seconds: int = 1) -> int:
        """Move the fake's clock (event times) on; returns the new time."""
        self.clock += seconds
        return self.clock

    def fail(self, kind: str, times: int = 1) -> None:
        """The next `times` API requests answer the error `kind` (a key of the fake's ERRORS)."""
        self.failures.extend([kind] * times)
