"""The app's HTTP surface: health, static PWA files, headers and what is not cached."""

from __future__ import annotations

import httpx
import pytest

from tests.support.live_server import LiveServer

pytestmark = pytest.mark.e2e


def test_health_reports_database(live: LiveServer) -> None:
    body = httpx.get(live.url + "/_health").json()
    assert body["status"] is True and body["db"] is True


def test_manifest_is_valid(live: LiveServer) -> None:
    r = httpx.get(live.url + "/manifest.webmanifest")
    assert r.status_code == 200
    manifest = r.json()
    assert manifest["display"] == "standalone" and manifest["start_url"].startswith("/")
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any("maskable" in icon.get("purpose", "") for icon in manifest["icons"])
    for icon in manifest["icons"]:
        got = httpx.get(live.url + icon["src"])
        assert got.status_code == 200 and got.headers["content-type"] == "image/png"


def test_service_worker_never_touches_live_traffic(live: LiveServer) -> None:
    r = httpx.get(live.url + "/sw.js")
    assert r.status_code == 200 and "javascript" in r.headers["content-type"]
    for path in ("/_event", "/_upload", "/api"):
        assert f'"{path}"' in r.text or f"'{path}'" in r.text, f"{path} is not excluded in sw.js"


def test_pages_carry_pwa_head_tags(live: LiveServer) -> None:
    html = httpx.get(live.url + "/").text
    assert 'rel="manifest"' in html and 'name="theme-color"' in html and "/sw.js" in html


def test_offline_page_is_served(live: LiveServer) -> None:
    r = httpx.get(live.url + "/offline.html")
    assert r.status_code == 200 and "You are offline" in r.text
    # Its behaviour is a file the service worker caches with it, never an inline script: a copy kept in the
    # cache runs under whatever policy it was stored with, and 'self' is in every policy.
    assert "<script>" not in r.text and '<script src="/offline.js">' in r.text
    script = httpx.get(live.url + "/offline.js")
    assert script.status_code == 200 and "retry" in script.text
