"""Fetching a job advert by address: off unless allowed; only public http(s); size, time, type and redirect
checks; the connection goes to the address that was checked (no DNS rebinding)."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from interview_app.services.tailoring import fetch
from interview_app.services.tailoring.fetch import FetchError, check_url, fetch_job_text, html_text

PUBLIC = {"jobs.example.com": ["93.184.216.34"], "cdn.example.net": ["2606:2800:220:1::1"]}
PRIVATE = {
    "intranet.local": ["10.0.0.7"],
    "localhost": ["127.0.0.1"],
    "mixed.example.com": ["93.184.216.34", "10.1.1.1"],
}


def resolver(host: str, port: int) -> list[str]:
    return PUBLIC.get(host, PRIVATE.get(host, []))


PAGE = (
    "<html><head><title>x</title><style>p{}</style></head><body><h1>Backend Engineer</h1>"
    "<script>track()</script><p>Join Acme &amp; build payments.</p><ul><li>Python</li><li>PostgreSQL</li></ul>"
    "</body></html>"
)


class Wire:
    """A transport standing in for the network: answers by the Host header and path, records where it went."""

    def __init__(self, routes: dict[str, httpx.Response | Callable[[httpx.Request], httpx.Response]]) -> None:
        self.routes = routes
        self.sent: list[httpx.Request] = []

    def transport(self) -> httpx.MockTransport:
        def handle(request: httpx.Request) -> httpx.Response:
            self.sent.append(request)
            scheme = request.url.scheme
            answer = self.routes.get(f"{scheme}://{request.headers['host']}{request.url.raw_path.decode()}")
            if answer is None:
                return httpx.Response(404)
            return answer(request) if callable(answer) else answer

        return httpx.MockTransport(handle)

    def connected_to(self) -> list[str]:
        return [r.url.host for r in self.sent]


@pytest.fixture
def allowed(override_settings):
    return override_settings(job_url_fetch=True, job_url_max_bytes=2000, job_url_allowed_networks="")


def test_off_by_default(override_settings) -> None:
    override_settings(job_url_fetch=False)
    with pytest.raises(FetchError) as caught:
        fetch_job_text("https://jobs.example.com/1", resolver=resolver)
    assert caught.value.code == "url_disabled"


def test_reads_the_visible_text_from_the_checked_address(allowed) -> None:
    ok = httpx.Response(200, text=PAGE, headers={"content-type": "text/html; charset=utf-8"})
    wire = Wire({"https://jobs.example.com/1": ok})
    text = fetch_job_text("https://jobs.example.com/1", resolver=resolver, transport=wire.transport())
    assert text == "Backend Engineer\nJoin Acme & build payments.\n- Python\n- PostgreSQL"
    assert "track()" not in html_text(PAGE)
    (request,) = wire.sent
    # The connection goes to the address that was checked; the name travels in Host and in the TLS handshake.
    assert request.url.host == "93.184.216.34"
    assert request.headers["host"] == "jobs.example.com"
    assert request.extensions["sni_hostname"] == "jobs.example.com"


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("ftp://jobs.example.com/1", "url_bad"),
        ("file:///etc/passwd", "url_bad"),
        ("javascript:alert(1)", "url_bad"),
        ("https://user:pw@jobs.example.com/", "url_bad"),
        ("https://jobs.example.com:99999/", "url_bad"),
        ("http://localhost:3000/admin", "url_private"),
        ("http://intranet.local/jobs", "url_private"),
        ("http://mixed.example.com/jobs", "url_private"),  # one private address is enough to refuse
        ("http://127.0.0.1:3000/", "url_private"),
        ("http://[::1]/", "url_private"),
        ("http://[::ffff:127.0.0.1]/", "url_private"),  # IPv4 loopback written as IPv6
        ("http://169.254.169.254/latest/meta-data", "url_private"),  # cloud metadata, link-local
        ("http://224.0.0.1/", "url_private"),
        ("https://nowhere.invalid/", "url_failed"),
    ],
)
def test_refused_addresses(allowed, url: str, code: str) -> None:
    with pytest.raises(FetchError) as caught:
        check_url(url, resolver)
    assert caught.value.code == code


def test_an_operator_may_trust_a_network_of_their_own(override_settings) -> None:
    override_settings(job_url_fetch=True, job_url_allowed_networks="10.0.0.0/24, 127.0.0.2")
    assert check_url("http://intranet.local/jobs", resolver) == ["10.0.0.7"]
    assert check_url("http://127.0.0.2:8080/job", resolver) == ["127.0.0.2"]
    with pytest.raises(FetchError):
        check_url("http://127.0.0.1:3000/", resolver)  # the app itself stays out of reach
    with pytest.raises(ValueError, match="JOB_URL_ALLOWED_NETWORKS"):
        override_settings(job_url_allowed_networks="10.0.0.0/33")


def test_a_name_that_changes_its_answer_cannot_reach_a_private_address(allowed) -> None:
    """DNS rebinding: the first answer is public, every later one private. The fetcher asks once per hop and
    connects to what it checked, so the private address is never used; a redirect back to the same name is
    resolved again, checked again, and refused."""
    answers: list[list[str]] = []

    def rebinding(host: str, port: int) -> list[str]:
        answer = ["93.184.216.34"] if not answers else ["127.0.0.1"]
        answers.append(answer)
        return answer

    ok = httpx.Response(200, text="Backend engineer wanted", headers={"content-type": "text/plain"})
    wire = Wire({"http://rebind.example.com/job": ok})
    assert fetch_job_text("http://rebind.example.com/job", resolver=rebinding, transport=wire.transport()) == (
        "Backend engineer wanted"
    )
    assert len(answers) == 1 and wire.connected_to() == ["93.184.216.34"]

    answers.clear()
    hop = httpx.Response(302, headers={"location": "/job"})
    wire = Wire({"http://rebind.example.com/start": hop, "http://rebind.example.com/job": ok})
    with pytest.raises(FetchError) as caught:
        fetch_job_text("http://rebind.example.com/start", resolver=rebinding, transport=wire.transport())
    assert caught.value.code == "url_private"
    assert len(answers) == 2 and wire.connected_to() == ["93.184.216.34"]


def test_the_next_checked_address_is_tried_when_one_does_not_connect(allowed) -> None:
    def two(host: str, port: int) -> list[str]:
        return ["93.184.216.34", "93.184.216.35"]

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.host == "93.184.216.34":
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(200, text="Data analyst wanted", headers={"content-type": "text/plain"})

    wire = Wire({"http://jobs.example.org/1": handle})
    assert fetch_job_text("http://jobs.example.org/1", resolver=two, transport=wire.transport()) == (
        "Data analyst wanted"
    )
    assert wire.connected_to() == ["93.184.216.34", "93.184.216.35"]


def test_redirects_are_checked_and_limited(allowed) -> None:
    routes: dict[str, httpx.Response | Callable[[httpx.Request], httpx.Response]] = {
        "https://jobs.example.com/a": httpx.Response(302, headers={"location": "http://localhost/secret"}),
        "https://jobs.example.com/b": httpx.Response(302, headers={"location": "/b"}),
        "https://jobs.example.com/c": httpx.Response(301, headers={"location": "https://cdn.example.net/ad"}),
        "https://jobs.example.com/d": httpx.Response(302, headers={"location": "ftp://cdn.example.net/ad"}),
        "https://cdn.example.net/ad": httpx.Response(
            200, text="Data analyst wanted", headers={"content-type": "text/plain"}
        ),
    }
    for url, code in (
        ("https://jobs.example.com/a", "url_private"),
        ("https://jobs.example.com/b", "url_failed"),
        ("https://jobs.example.com/d", "url_bad"),
    ):
        wire = Wire(routes)
        with pytest.raises(FetchError) as caught:
            fetch_job_text(url, resolver=resolver, transport=wire.transport())
        assert caught.value.code == code
        assert "127.0.0.1" not in wire.connected_to()
    wire = Wire(routes)
    assert fetch_job_text("https://jobs.example.com/c", resolver=resolver, transport=wire.transport()) == (
        "Data analyst wanted"
    )
    assert wire.connected_to() == ["93.184.216.34", "2606:2800:220:1::1"]
    assert wire.sent[1].headers["host"] == "cdn.example.net"
    assert fetch.MAX_REDIRECTS == 3


def test_size_type_status_and_time(allowed, override_settings) -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("no answer", request=request)

    routes: dict[str, httpx.Response | Callable[[httpx.Request], httpx.Response]] = {
        "https://jobs.example.com/big": httpx.Response(200, text="x" * 5000, headers={"content-type": "text/html"}),
        "https://jobs.example.com/pdf": httpx.Response(
            200, content=b"%PDF", headers={"content-type": "application/pdf"}
        ),
        "https://jobs.example.com/gone": httpx.Response(410),
        "https://jobs.example.com/slow": slow,
    }
    for path, code in (
        ("big", "url_too_large"),
        ("pdf", "url_not_text"),
        ("gone", "url_failed"),
        ("slow", "url_too_slow"),
    ):
        with pytest.raises(FetchError) as caught:
            fetch_job_text(f"https://jobs.example.com/{path}", resolver=resolver, transport=Wire(routes).transport())
        assert caught.value.code == code


def test_a_page_that_trickles_in_past_the_deadline_is_too_slow(allowed, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each read may be quick while the whole page takes too long: the deadline covers the whole fetch."""
    clock = iter(range(0, 1000, 3))  # every look at the clock is three seconds later
    monkeypatch.setattr(fetch.time, "monotonic", lambda: float(next(clock)))

    def trickle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=iter([b"<p>Backend ", b"engineer ", b"wanted</p>"] * 5))

    with pytest.raises(FetchError) as caught:
        fetch_job_text(
            "https://jobs.example.com/drip",
            resolver=resolver,
            transport=Wire({"https://jobs.example.com/drip": trickle}).transport(),
        )
    assert caught.value.code == "url_too_slow"


def test_a_candidate_may_fetch_twenty_pages_an_hour(allowed, session, make_user, monkeypatch) -> None:
    from interview_app.services.tailoring import tailoring

    user = make_user()
    asked: list[str] = []

    def fake_fetch(url: str) -> str:
        asked.append(url)
        return "Backend engineer wanted. " * 3000

    monkeypatch.setattr(fetch, "fetch_job_text", fake_fetch)
    for n in range(tailoring.URL_FETCHES_PER_HOUR):
        text = tailoring.fetch_job_text(session, user.id, f"https://jobs.example.com/{n}")
    assert len(text) == tailoring.job_reader.MAX_CHARS  # cut to what the box holds
    with pytest.raises(FetchError) as caught:
        tailoring.fetch_job_text(session, user.id, "https://jobs.example.com/one-more")
    assert caught.value.code == "url_too_many"
    assert len(asked) == tailoring.URL_FETCHES_PER_HOUR  # the refused one was not fetched
    other = make_user("grace@example.com", "Grace Hopper")
    assert tailoring.fetch_job_text(session, other.id, "https://jobs.example.com/x")
