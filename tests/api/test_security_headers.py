"""Every HTTP answer carries the security headers; a page's policy allows exactly its own inline scripts."""

from __future__ import annotations

import base64
import hashlib
import re

import httpx
import pytest

from tests.support.live_server import LiveServer

pytestmark = pytest.mark.e2e

PAGES = ["/", "/sign-in", "/register", "/dashboard", "/interview/12/report", "/no-such-page"]
OTHER = ["/_health", "/ping", "/api/v1/push/key", "/api/v1/no-such-endpoint", "/manifest.webmanifest", "/sw.js"]


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


def assert_security_headers(response: httpx.Response) -> dict[str, list[str]]:
    where = f"{response.request.method} {response.request.url.path} ({response.status_code})"
    headers = response.headers
    assert headers.get("x-content-type-options") == "nosniff", where
    assert headers.get("referrer-policy") in ("strict-origin-when-cross-origin", "strict-origin", "no-referrer"), where
    assert headers.get("x-frame-options") == "DENY", where
    permissions = headers.get("permissions-policy", "")
    assert "microphone=(self)" in permissions and "camera=(self)" in permissions, where
    assert "geolocation=()" in permissions and "usb=()" in permissions and "payment=()" in permissions, where
    assert "strict-transport-security" not in headers, f"{where}: HSTS over plain http"
    policy = directives(headers.get("content-security-policy", ""))
    assert policy.get("frame-ancestors") == ["'none'"], where
    assert policy.get("object-src") == ["'none'"], where
    assert policy.get("base-uri") in (["'none'"], ["'self'"]), where
    scripts = policy.get("script-src", [])
    assert scripts and scripts[0] == "'self'", where
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts and "*" not in scripts, where
    assert not any(s.startswith(("http:", "https:", "data:", "blob:")) for s in scripts), where
    assert "report-only" not in " ".join(k.lower() for k in headers if "content-security-policy-report" in k)
    return policy


@pytest.mark.parametrize("path", PAGES + OTHER)
def test_every_answer_carries_the_security_headers(live: LiveServer, path: str) -> None:
    assert_security_headers(httpx.get(live.url + path))


def test_a_built_script_asset_carries_them_too(live: LiveServer) -> None:
    html = httpx.get(live.url + "/").text
    # A script's URL in the page: src, href or the list the paint-first loader preloads (paint_first_plugin).
    asset = re.search(r'"(/assets/[^"]+\.js)"', html)
    assert asset, html[:500]
    response = httpx.get(live.url + asset.group(1))
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("encoding", ["gzip, deflate, br, zstd", "identity"])
def test_a_page_allows_exactly_its_own_inline_scripts(live: LiveServer, path: str, encoding: str) -> None:
    response = httpx.get(live.url + path, headers={"Accept-Encoding": encoding}, follow_redirects=True)
    policy = assert_security_headers(response)
    inline = [
        body
        for attributes, body in re.findall(r"<script\b([^>]*)>(.*?)</script>", response.text, re.DOTALL)
        if "src=" not in attributes
    ]
    assert inline, "a built page without inline scripts: the test would prove nothing"
    wanted = {f"'sha256-{base64.b64encode(hashlib.sha256(b.encode()).digest()).decode()}'" for b in inline}
    assert set(policy["script-src"][1:]) == wanted
