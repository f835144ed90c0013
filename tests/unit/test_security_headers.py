"""The security-headers middleware on a small app: hashes of each page's inline scripts, HSTS on https only."""

from __future__ import annotations

import base64
import gzip
import hashlib

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from interview_app.security_headers import SecurityHeaders, inline_script_hashes
from tests.support.handlers import run_coroutine

PAGE = b"""<!DOCTYPE html><html><head><script src="/assets/a.js"></script>
<script type="module">import "/assets/entry.js";</script></head>
<body><script>window.__ctx = {"a": "</scr" + "ipt>"};</script>
<script>window.__ctx = {"a": "</scr" + "ipt>"};</script></body></html>"""


def sha(text: bytes) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(text).digest()).decode()}'"


def page(request: Request) -> Response:
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(gzip.compress(PAGE), media_type="text/html", headers={"Content-Encoding": "gzip"})
    return HTMLResponse(PAGE)


def seen_encoding(request: Request) -> Response:
    return JSONResponse({"accept-encoding": request.headers.get("accept-encoding")})


def own_policy(request: Request) -> Response:
    return HTMLResponse("<p>bye</p>", headers={"Content-Security-Policy": "default-src 'none'"})


APP = Starlette(
    routes=[Route("/page", page), Route("/seen", seen_encoding), Route("/own", own_policy)],
)


def client(public_url: str = "http://127.0.0.1:3000") -> TestClient:
    allowed = [public_url, "http://[::1]:3000", "https://www.example.com"]
    wrapped = SecurityHeaders(APP, public_url=public_url, allowed_origins=allowed)
    return TestClient(wrapped)


def test_inline_scripts_are_hashed_exactly_and_external_ones_skipped():
    assert inline_script_hashes(PAGE) == [
        sha(b'import "/assets/entry.js";'),
        sha(b'window.__ctx = {"a": "</scr" + "ipt>"};'),
    ]


def test_a_page_allows_its_inline_scripts_whatever_the_encoding():
    for encoding in ("gzip, deflate, br, zstd", "identity"):
        response = client().get("/page", headers={"Accept-Encoding": encoding})
        assert response.content == PAGE
        policy = response.headers["content-security-policy"]
        scripts = next(d for d in policy.split("; ") if d.startswith("script-src ")).split()[1:]
        assert scripts == ["'self'", *inline_script_hashes(PAGE)]
        assert "'unsafe-inline'" not in policy.split("style-src")[0] and "unsafe-eval" not in policy


def test_the_app_sees_only_encodings_the_middleware_can_read():
    seen = client().get("/seen", headers={"Accept-Encoding": "br, gzip, zstd"}).json()
    assert seen == {"accept-encoding": "gzip, identity"}
    assert client().get("/seen", headers={"Accept-Encoding": "br"}).json() == {"accept-encoding": None}


def test_every_answer_gets_the_headers_and_the_policy_names_the_sockets():
    response = client().get("/seen")
    headers = response.headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "microphone=(self)" in headers["permissions-policy"]
    policy = headers["content-security-policy"]
    assert "connect-src 'self' ws://127.0.0.1:3000 wss://www.example.com;" in policy  # no IPv6 host source
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy and "base-uri 'self'" in policy
    assert client().get("/nope").headers["x-frame-options"] == "DENY"


def test_hsts_only_when_the_public_url_is_https():
    assert "strict-transport-security" not in client().get("/seen").headers
    assert client("https://coach.example.com").get("/seen").headers["strict-transport-security"].startswith("max-age=")


def test_an_endpoint_policy_is_kept():
    response = client().get("/own")
    assert response.headers["content-security-policy"] == "default-src 'none'"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_a_page_the_server_sends_from_disk_gets_the_hashes_of_that_file(tmp_path):
    file = tmp_path / "index.html.gz"
    file.write_bytes(gzip.compress(PAGE))

    async def sends_file(scope, receive, send):
        headers = [(b"content-type", b"text/html; charset=utf-8"), (b"content-encoding", b"gzip")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.pathsend", "path": str(file)})

    sent = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b""}

    wrapped = SecurityHeaders(sends_file, public_url="http://127.0.0.1:3000", allowed_origins=[])
    scope = {"type": "http", "method": "GET", "path": "/", "headers": [], "extensions": {"http.response.pathsend": {}}}
    run_coroutine(wrapped(scope, receive, send))
    start, body = sent
    policy = dict(start["headers"])[b"content-security-policy"].decode()
    assert all(h in policy for h in inline_script_hashes(PAGE))
    assert body == {"type": "http.response.pathsend", "path": str(file)}


def test_a_not_modified_answer_leaves_the_cached_page_policy_alone():
    first = client().get("/page")
    etag_app = Starlette(routes=[Route("/page", lambda request: Response(status_code=304, headers={"ETag": '"1"'}))])
    wrapped = SecurityHeaders(etag_app, public_url="http://127.0.0.1:3000", allowed_origins=[])
    again = TestClient(wrapped).get("/page", headers={"If-None-Match": '"1"'})
    assert again.status_code == 304
    assert "content-security-policy" not in again.headers, "a 304 would replace the cached page's hashes"
    assert "sha256-" in first.headers["content-security-policy"]
    assert again.headers["x-content-type-options"] == "nosniff"
