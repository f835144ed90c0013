"""CORS grants the app's own origins and says nothing at all to any other."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from interview_app.cors import OwnOriginCORS

OWN = "http://127.0.0.1:3000"


def client() -> TestClient:
    app = Starlette(routes=[Route("/ping", lambda request: PlainTextResponse("pong"), methods=["GET", "POST"])])
    cors = OwnOriginCORS(app, allow_credentials=True, allow_methods=["*"], allow_headers=["*"], allow_origins=[OWN])
    return TestClient(cors)


def access_control(headers) -> dict[str, str]:
    return {k: v for k, v in headers.items() if k.lower().startswith("access-control-")}


def test_a_foreign_origin_gets_the_answer_but_no_cors_header_at_all():
    for origin in ("http://evil.example", "null"):
        simple = client().get("/ping", headers={"Origin": origin})
        assert simple.text == "pong" and access_control(simple.headers) == {}
        preflight = client().options("/ping", headers={"Origin": origin, "Access-Control-Request-Method": "POST"})
        assert preflight.status_code == 400 and access_control(preflight.headers) == {}


def test_the_own_origin_gets_its_grant_with_credentials():
    simple = client().get("/ping", headers={"Origin": OWN})
    assert simple.headers["access-control-allow-origin"] == OWN
    assert simple.headers["access-control-allow-credentials"] == "true"
    preflight = client().options("/ping", headers={"Origin": OWN, "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 200 and preflight.headers["access-control-allow-origin"] == OWN


def test_reflex_uses_it_for_every_cors_layer():
    from reflex.app import App

    from interview_app import cors

    cors.use_for_reflex()
    api = Starlette()
    App._add_cors(api)
    assert [m.cls for m in api.user_middleware] == [OwnOriginCORS]
