"""Cache lifetimes: the build's hashed files for a year, fixed-name files an hour, pages and the worker revalidated."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from interview_app.static_cache import IMMUTABLE, REVALIDATE, SHORT, StaticCache


def _file(request: Request) -> Response:
    path = request.url.path
    if path.endswith(".html") or path == "/dashboard":
        return HTMLResponse("<p>page</p>")
    if path == "/api/v1/own":
        return PlainTextResponse("{}", headers={"Cache-Control": "no-store"})
    return PlainTextResponse("x", media_type="application/javascript")


def _client() -> TestClient:
    app = Starlette(routes=[Route("/{path:path}", _file)])
    return TestClient(StaticCache(app))


def test_each_kind_of_file_gets_its_lifetime():
    client = _client()
    expected = {
        "/assets/index-Cx1y2z.js": IMMUTABLE,
        "/assets/app-3f2a.css": IMMUTABLE,
        "/enhance.js": SHORT,
        "/icons/icon-192.png": SHORT,
        "/sw.js": REVALIDATE,
        "/manifest.webmanifest": REVALIDATE,
        "/dashboard": REVALIDATE,
        "/offline.html": REVALIDATE,
        "/offline.js": REVALIDATE,
    }
    for path, value in expected.items():
        assert client.get(path).headers.get("cache-control") == value, path


def test_responses_with_their_own_policy_and_the_api_keep_it():
    client = _client()
    assert client.get("/api/v1/own").headers["cache-control"] == "no-store"
    assert "cache-control" not in client.get("/api/v1/other.js").headers
    assert "cache-control" not in client.post("/assets/x.js").headers
