"""A small OAuth 2.0 / OpenID Connect provider on loopback, for tests of the real client code.

/authorize approves at once (as if the person clicked "Allow") and redirects back with a
code; /token checks the code, the client secret and the PKCE verifier; /userinfo and
/emails answer for the token. Profiles are set per test through `FakeProvider.profile`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

from tests.support.live_server import free_port

CLIENT_ID, CLIENT_SECRET = "test-client", "test-secret"


@dataclass
class FakeProvider:
    """The running fake provider and what it will say about the person signing in."""

    url: str
    profile: dict[str, Any] = field(default_factory=dict)
    emails: list[dict[str, Any]] | None = None
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    tokens: set[str] = field(default_factory=set)
    server: ThreadingHTTPServer | None = None

    def endpoints(self, name: str) -> dict[str, str]:
        """The OAUTH_ENDPOINTS entry that points provider `name` here."""
        entry = {
            "authorize_url": f"{self.url}/authorize",
            "token_url": f"{self.url}/token",
            "userinfo_url": f"{self.url}/userinfo",
        }
        if name == "github":
            entry["emails_url"] = f"{self.url}/emails"
        return entry

    def stop(self) -> None:
        """Shut the server down."""
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


def start() -> FakeProvider:
    """Start the provider in a background thread."""
    port = free_port()
    provider = FakeProvider(url=f"http://127.0.0.1:{port}")

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            return

        def _json(self, status: int, body: object) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _authorized(self) -> bool:
            token = self.headers.get("Authorization", "").removeprefix("Bearer ").strip()
            return token in provider.tokens

        def do_GET(self) -> None:
            url = urlparse(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path == "/authorize":
                if query.get("client_id") != CLIENT_ID:
                    self._json(400, {"error": "invalid_client"})
                    return
                code = secrets.token_urlsafe(16)
                provider.codes[code] = query
                self.send_response(302)
                self.send_header(
                    "Location", f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"
                )
                self.end_headers()
            elif url.path == "/userinfo":
                self._json(200, provider.profile) if self._authorized() else self._json(401, {"error": "no"})
            elif url.path == "/emails":
                self._json(200, provider.emails or []) if self._authorized() else self._json(401, {"error": "no"})
            else:
                self._json(404, {"error": "not_found"})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            basic = self.headers.get("Authorization", "")
            if basic.startswith("Basic "):
                client_id, _, secret = base64.b64decode(basic[6:]).decode().partition(":")
            else:
                client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
            request = provider.codes.pop(form.get("code", ""), None)
            if (client_id, secret) != (CLIENT_ID, CLIENT_SECRET) or request is None:
                self._json(400, {"error": "invalid_grant"})
                return
            if "code_challenge" in request:
                digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
                if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != request["code_challenge"]:
                    self._json(400, {"error": "invalid_grant", "error_description": "PKCE check failed"})
                    return
            token = secrets.token_urlsafe(16)
            provider.tokens.add(token)
            self._json(200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600})

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    provider.server = server
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return provider
