"""Fetching a job advert by address: off unless allowed; only public http(s); size, type and redirect checks."""

from __future__ import annotations

import httpx
import pytest

from interview_app.services.tailoring import fetch
from interview_app.services.tailoring.fetch import FetchError, check_url, fetch_job_text, html_text

PUBLIC = {"jobs.example.com": ["93.184.216.34"], "cdn.example.net": ["2606:2800:220:1::1"]}


def resolver(host: str, port: int) -> list[str]:
    return PUBLIC.get(host, {"intranet.local": ["10.0.0.7"], "localhost": ["127.0.0.1"]}.get(host, []))


PAGE = (
    "<html><head><title>x</title><style>p{}</style></head><body><h1>Backend Engineer</h1>"
    "<script>track()</script><p>Join Acme &amp; build payments.</p><ul><li>Python</li><li>PostgreSQL</li></ul>"
    "</body></html>"
)


def _transport(routes: dict[str, httpx.Response]) -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: routes.get(str(request.url), httpx.Response(404)))


@pytest.fixture
def allowed(override_settings):
    return override_settings(job_url_fetch=True, job_url_max_bytes=2000)


def test_off_by_default(override_settings) -> None:
    override_settings(job_url_fetch=False)
    with pytest.raises(FetchError) as caught:
        fetch_job_text("https://jobs.example.com/1", resolver=resolver)
    assert caught.value.code == "url_disabled"


def test_reads_the_visible_text(allowed) -> None:
    ok = httpx.Response(200, text=PAGE, headers={"content-type": "text/html; charset=utf-8"})
    text = fetch_job_text(
        "https://jobs.example.com/1", resolver=resolver, transport=_transport({"https://jobs.example.com/1": ok})
    )
    assert text == "Backend Engineer\nJoin Acme & build payments.\n- Python\n- PostgreSQL"
    assert "track()" not in html_text(PAGE)


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("ftp://jobs.example.com/1", "url_bad"),
        ("file:///etc/passwd", "url_bad"),
        ("https://user:pw@jobs.example.com/", "url_bad"),
        ("http://localhost:3000/admin", "url_private"),
        ("http://intranet.local/jobs", "url_private"),
        ("http://169.254.169.254/latest/meta-data", "url_failed"),
        ("https://nowhere.invalid/", "url_failed"),
    ],
)
def test_refused_addresses(allowed, url: str, code: str) -> None:
    with pytest.raises(FetchError) as caught:
        check_url(url, resolver if "169.254" not in url else (lambda h, p: []))
    assert caught.value.code == code
    with pytest.raises(FetchError):
        check_url("http://169.254.169.254/", lambda h, p: ["169.254.169.254"])


def test_redirects_are_checked_and_limited(allowed) -> None:
    routes = {
        "https://jobs.example.com/a": httpx.Response(302, headers={"location": "http://localhost/secret"}),
        "https://jobs.example.com/b": httpx.Response(302, headers={"location": "/b"}),
        "https://jobs.example.com/c": httpx.Response(301, headers={"location": "https://cdn.example.net/ad"}),
        "https://cdn.example.net/ad": httpx.Response(
            200, text="Data analyst wanted", headers={"content-type": "text/plain"}
        ),
    }
    for url, code in (("https://jobs.example.com/a", "url_private"), ("https://jobs.example.com/b", "url_failed")):
        with pytest.raises(FetchError) as caught:
            fetch_job_text(url, resolver=resolver, transport=_transport(routes))
        assert caught.value.code == code
    assert fetch_job_text("https://jobs.example.com/c", resolver=resolver, transport=_transport(routes)) == (
        "Data analyst wanted"
    )


def test_size_type_and_status(allowed) -> None:
    routes = {
        "https://jobs.example.com/big": httpx.Response(200, text="x" * 5000, headers={"content-type": "text/html"}),
        "https://jobs.example.com/pdf": httpx.Response(
            200, content=b"%PDF", headers={"content-type": "application/pdf"}
        ),
        "https://jobs.example.com/gone": httpx.Response(410),
    }
    for path, code in (("big", "url_too_large"), ("pdf", "url_not_text"), ("gone", "url_failed")):
        with pytest.raises(FetchError) as caught:
            fetch_job_text(f"https://jobs.example.com/{path}", resolver=resolver, transport=_transport(routes))
        assert caught.value.code == code
    assert fetch.MAX_REDIRECTS == 3
