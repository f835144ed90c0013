"""A fake GitHub REST API on loopback, speaking GitHub's JSON and headers, for tests of the real client.

It serves `/users/{login}`, `/user/{id}`, `/users/{login}/repos` (pages of `per_page`, at most `max_per_page`,
with a `Link` header of `next`/`last`/`prev`/`first` URLs), `/repos/{owner}/{repo}/languages`,
`/repos/{owner}/{repo}/readme` (base64 content in lines of 60 characters, as GitHub sends it) and
`/users/{login}/events/public`. Every answer carries an `ETag` and the `X-RateLimit-*` headers; a request
with a matching `If-None-Match` gets `304 Not Modified` (and costs nothing). When the requests left reach
zero the answer is GitHub's 403 rate-limit body; `retry_after` answers 429 with `Retry-After` (the secondary
limit); `fail_status` answers every request with that status; `delay` holds every answer back. Unknown
users and repositories get GitHub's 404 body. What arrived is kept in `requests`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

from tests.support.live_server import free_port

ANONYMOUS_LIMIT, TOKEN_LIMIT = 60, 5000
DOCS = "https://docs.github.com/rest"


@dataclass
class Seen:
    """One request as the fake received it."""

    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    status: int


@dataclass
class FakeGitHub:
    """The running fake and the accounts it knows."""

    url: str
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    repos: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    languages: dict[str, dict[str, int]] = field(default_factory=dict)
    readmes: dict[str, str] = field(default_factory=dict)
    events: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    remaining: dict[str, int] = field(default_factory=dict)
    reset_at: int = field(default_factory=lambda: int(time.time()) + 3600)
    max_per_page: int = 100
    retry_after: int | None = None
    fail_status: int | None = None
    delay: float = 0.0
    requests: list[Seen] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add_user(self, login: str, user_id: int, **fields: Any) -> dict[str, Any]:
        """A user account as `/users/{login}` shows it."""
        user = {
            "login": login,
            "id": user_id,
            "node_id": f"U_{user_id}",
            "avatar_url": f"https://avatars.githubusercontent.com/u/{user_id}?v=4",
            "url": f"{self.url}/users/{login}",
            "html_url": f"https://github.com/{login}",
            "repos_url": f"{self.url}/users/{login}/repos",
            "events_url": f"{self.url}/users/{login}/events{{/privacy}}",
            "type": "User",
            "site_admin": False,
            "name": None,
            "company": None,
            "blog": "",
            "location": None,
            "email": None,
            "hireable": None,
            "bio": None,
            "public_repos": 0,
            "public_gists": 0,
            "followers": 0,
            "following": 0,
            "created_at": "2015-03-01T10:00:00Z",
            "updated_at": "2026-11-30T09:00:00Z",
            **fields,
        }
        self.users[login.lower()] = user
        self.repos.setdefault(login.lower(), [])
        return user

    def add_repo(
        self,
        owner: str,
        name: str,
        *,
        languages: dict[str, int] | None = None,
        readme: str | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """A repository as the repository list shows it, with its languages and README."""
        full = f"{owner}/{name}"
        number = 1000 + sum(len(r) for r in self.repos.values()) + 1
        repo = {
            "id": number,
            "node_id": f"R_{number}",
            "name": name,
            "full_name": full,
            "private": False,
            "owner": {"login": owner, "id": self.users[owner.lower()]["id"], "type": "User"},
            "html_url": f"https://github.com/{full}",
            "description": None,
            "fork": False,
            "url": f"{self.url}/repos/{full}",
            "languages_url": f"{self.url}/repos/{full}/languages",
            "created_at": "2024-01-10T12:00:00Z",
            "updated_at": "2026-11-20T12:00:00Z",
            "pushed_at": "2026-11-20T12:00:00Z",
            "homepage": None,
            "size": 420,
            "stargazers_count": 0,
            "watchers_count": 0,
            "language": next(iter(languages or {}), None),
            "forks_count": 0,
            "archived": False,
            "disabled": False,
            "open_issues_count": 0,
            "license": None,
            "topics": [],
            "visibility": "public",
            "default_branch": "main",
            **fields,
        }
        self.repos[owner.lower()].append(repo)
        self.users[owner.lower()]["public_repos"] = len(self.repos[owner.lower()])
        self.languages[full.lower()] = dict(languages or {})
        if readme is not None:
            self.readmes[full.lower()] = readme
        return repo

    def count(self, path: str, status: int | None = None) -> int:
        """How many requests for `path` arrived (with that answer status, if given)."""
        return sum(1 for r in self.requests if r.path == path and (status is None or r.status == status))

    def stop(self) -> None:
        """Shut the server down."""
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def _route(self, path: str, query: dict[str, list[str]]) -> tuple[int, Any, dict[str, str]]:
        parts = [p for p in path.split("/") if p]
        not_found = (404, {"message": "Not Found", "documentation_url": DOCS, "status": "404"}, {})
        if len(parts) == 2 and parts[0] == "users":
            user = self.users.get(parts[1].lower())
            return (200, user, {}) if user else not_found
        if len(parts) == 2 and parts[0] == "user" and parts[1].isdigit():
            user = next((u for u in self.users.values() if u["id"] == int(parts[1])), None)
            return (200, user, {}) if user else not_found
        if len(parts) == 3 and parts[0] == "users" and parts[2] == "repos":
            if parts[1].lower() not in self.users:
                return not_found
            return self._page(path, query, self.repos.get(parts[1].lower(), []))
        if len(parts) == 4 and parts[0] == "users" and parts[2:] == ["events", "public"]:
            if parts[1].lower() not in self.users:
                return not_found
            return 200, self.events.get(parts[1].lower(), [])[: int(query.get("per_page", ["30"])[0])], {}
        if len(parts) == 4 and parts[0] == "repos":
            full = f"{parts[1]}/{parts[2]}".lower()
            if full not in self.languages:
                return not_found
            if parts[3] == "languages":
                return 200, self.languages[full], {}
            if parts[3] == "readme":
                text = self.readmes.get(full)
                return (200, self._readme(full, text), {}) if text is not None else not_found
        return not_found

    def _page(self, path: str, query: dict[str, list[str]], items: list[dict[str, Any]]) -> tuple[int, Any, dict]:
        per_page = min(self.max_per_page, int(query.get("per_page", ["30"])[0]))
        page = int(query.get("page", ["1"])[0])
        last = max(1, -(-len(items) // per_page))
        links = []

        def at(n: int) -> str:
            rest = {k: v[0] for k, v in query.items() if k != "page"}
            return f"<{self.url}{path}?{urlencode({**rest, 'page': n})}>"

        if page < last:
            links += [f'{at(page + 1)}; rel="next"', f'{at(last)}; rel="last"']
        if page > 1:
            links += [f'{at(page - 1)}; rel="prev"', f'{at(1)}; rel="first"']
        headers = {"Link": ", ".join(links)} if links else {}
        return 200, items[(page - 1) * per_page : page * per_page], headers

    def _readme(self, full: str, text: str) -> dict[str, Any]:
        raw = base64.b64encode(text.encode()).decode()
        content = "\n".join(raw[i : i + 60] for i in range(0, len(raw), 60)) + "\n"
        return {
            "type": "file",
            "encoding": "base64",
            "size": len(text.encode()),
            "name": "README.md",
            "path": "README.md",
            "content": content,
            "sha": hashlib.sha1(text.encode()).hexdigest(),
            "url": f"{self.url}/repos/{full}/contents/README.md?ref=main",
            "html_url": f"https://github.com/{full}/blob/main/README.md",
            "download_url": f"https://raw.githubusercontent.com/{full}/main/README.md",
        }


def start() -> FakeGitHub:
    """Start the fake in a background thread."""
    port = free_port()
    fake = FakeGitHub(url=f"http://127.0.0.1:{port}")

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            parsed = urlparse(self.path)
            query = parse_qs(parsed.query)
            headers = {k.lower(): v for k, v in self.headers.items()}
            if fake.delay:
                time.sleep(fake.delay)
            status = self._answer(parsed.path, query, headers)[0]
            with fake.lock:
                fake.requests.append(Seen(parsed.path, query, headers, status))

        def _answer(self, path: str, query: dict[str, list[str]], headers: dict[str, str]) -> tuple[int, Any, dict]:
            who = headers.get("authorization", "") or "anonymous"
            limit = TOKEN_LIMIT if who.startswith("Bearer ") else ANONYMOUS_LIMIT
            with fake.lock:
                left = fake.remaining.setdefault(who, limit)
            rate = {
                "X-RateLimit-Limit": str(limit),
                "X-RateLimit-Reset": str(fake.reset_at),
                "X-RateLimit-Resource": "core",
            }
            if fake.fail_status is not None:
                return self._send(
                    fake.fail_status, {"message": "Server Error"}, rate | {"X-RateLimit-Remaining": str(left)}
                )
            if fake.retry_after is not None:
                body = {
                    "message": "You have exceeded a secondary rate limit. Please wait before you try again.",
                    "documentation_url": DOCS,
                }
                return self._send(
                    429, body, rate | {"X-RateLimit-Remaining": str(left), "Retry-After": str(fake.retry_after)}
                )
            if left <= 0:
                body = {"message": "API rate limit exceeded for 127.0.0.1.", "documentation_url": DOCS}
                return self._send(403, body, rate | {"X-RateLimit-Remaining": "0", "X-RateLimit-Used": str(limit)})
            status, body, extra = fake._route(path, query)
            etag = 'W/"' + hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:32] + '"'
            if status == 200 and headers.get("if-none-match") == etag:
                return self._send(304, None, rate | {"X-RateLimit-Remaining": str(left), "ETag": etag})
            with fake.lock:
                fake.remaining[who] = left - 1
            used = {"X-RateLimit-Remaining": str(left - 1), "X-RateLimit-Used": str(limit - left + 1)}
            return self._send(status, body, rate | used | extra | ({"ETag": etag} if status == 200 else {}))

        def _send(self, status: int, body: Any, headers: dict[str, str]) -> tuple[int, Any, dict]:
            data = b"" if status == 304 else json.dumps(body).encode()
            self.send_response(status)
            if status != 304:
                self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            if data:
                self.wfile.write(data)
            return status, body, headers

    fake.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=fake.server.serve_forever, daemon=True).start()
    return fake
