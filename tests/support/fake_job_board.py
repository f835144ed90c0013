"""A careers site on loopback for the job-advert fetching journey: an advert page, a redirect to it, and pages the
fetcher must refuse (too large, too slow, a redirect into the private network, not a web page).

It listens on 127.0.0.2, which the test app trusts through JOB_URL_ALLOWED_NETWORKS=127.0.0.2/32; the app
itself (127.0.0.1) stays a private address the fetcher refuses.
"""

from __future__ import annotations

import contextlib
import html
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.support import tailoring_data

HOST = "127.0.0.2"
NETWORK = f"{HOST}/32"
# What the test app is started with: fetching left to the admin switch (off until an admin turns it on, as on a
# new install), this site trusted, and a short time limit.
APP_ENV = {"JOB_URL_FETCH": "admin", "JOB_URL_ALLOWED_NETWORKS": NETWORK, "JOB_URL_TIMEOUT_SECONDS": "3"}
SLOW_SECONDS = 6.0  # the slow page answers after this long, past JOB_URL_TIMEOUT_SECONDS


def advert_html(text: str = tailoring_data.JOB_DESCRIPTION) -> str:
    """The job description as a careers page: headings, paragraphs and bullet lists, with a script and a style."""
    parts = ["<!doctype html><html><head><title>Careers</title><style>body{font:16px sans-serif}</style>"]
    parts.append("<script>window.analytics = {track() {}};</script></head><body><nav>Jobs · About · Blog</nav><main>")
    in_list = False
    for line in text.split("\n"):
        if line.startswith("- "):
            if not in_list:
                parts.append("<ul>")
                in_list = True
            parts.append(f"<li>{html.escape(line[2:])}</li>")
            continue
        if in_list:
            parts.append("</ul>")
            in_list = False
        if not line.strip():
            continue
        tag = "p" if len(line) > 60 else "h2"
        parts.append(f"<{tag}>{html.escape(line)}</{tag}>")
    if in_list:
        parts.append("</ul>")
    parts.append("</main><script>analytics.track('view')</script></body></html>")
    return "".join(parts)


@dataclass
class JobBoard:
    """The running site: its base URL and the paths it was asked for."""

    url: str
    app_url: str = ""  # where a redirect into the private network points (the app under test)
    seen: list[str] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    def stop(self) -> None:
        """Stop serving."""
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """The fetcher hangs up on pages it refuses; that is expected here, not an error to print."""


def start() -> JobBoard:
    """Start the site in a background thread on a free port of 127.0.0.2."""
    board = JobBoard(url="")

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _send(self, status: int, body: bytes, kind: str, extra: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (extra or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            board.seen.append(self.path)
            if self.path == "/jobs/senior-backend-engineer":
                self._send(200, advert_html().encode(), "text/html; charset=utf-8")
            elif self.path == "/apply/42":
                self._send(302, b"", "text/plain", {"Location": "/jobs/senior-backend-engineer"})
            elif self.path == "/jobs/huge":
                # No Content-Length: the fetcher has to stop reading by itself.
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                chunk = b"<p>" + b"Backend engineer wanted. " * 400 + b"</p>"
                try:
                    for _ in range(200):  # about 2 MB
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    self.wfile.write(b"0\r\n\r\n")
                except (BrokenPipeError, ConnectionResetError):
                    pass
            elif self.path == "/jobs/slow":
                time.sleep(SLOW_SECONDS)
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self._send(200, advert_html().encode(), "text/html")
            elif self.path == "/jobs/internal":
                self._send(302, b"", "text/plain", {"Location": board.app_url + "/admin"})
            elif self.path == "/jobs/brochure.pdf":
                self._send(200, b"%PDF-1.7\n", "application/pdf")
            else:
                self._send(404, b"not found", "text/plain")

    server = _Server((HOST, 0), Handler)
    board.server = server
    board.url = f"http://{HOST}:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return board
