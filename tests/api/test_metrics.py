"""GET /metrics on the running app: closed without the token, Prometheus text with it, counting real traffic."""

from __future__ import annotations

import asyncio
import re
import uuid

import httpx

from tests.support.handlers import run_coroutine
from tests.support.live_server import METRICS_TOKEN, LiveServer
from tests.support.sockets import HYDRATE, hydrate_event, open_tab


def _scrape(live: LiveServer) -> str:
    response = httpx.get(f"{live.url}/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}, timeout=30)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    return response.text


def _value(text: str, name: str, **labels: str) -> float:
    """The sample `name{labels}` (labels in any order), or 0 when absent."""
    for line in text.splitlines():
        if not line.startswith(name + "{") and line.split(" ")[0] != name:
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', line.split(" ")[0]))
        if all(found.get(k) == v for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_are_closed_without_the_token(live: LiveServer) -> None:
    assert httpx.get(f"{live.url}/metrics", timeout=30).status_code == 401
    wrong = httpx.get(f"{live.url}/metrics", headers={"Authorization": "Bearer nope"}, timeout=30)
    assert wrong.status_code == 401
    assert wrong.headers["www-authenticate"].startswith("Bearer")
    assert "interview_coach" not in wrong.text


def test_requests_are_counted_by_route_template_with_a_request_id(live: LiveServer) -> None:
    before = _value(_scrape(live), "interview_coach_http_request_seconds_count", route="/_health", status="2xx")
    given = "trace-" + uuid.uuid4().hex[:8]
    health = httpx.get(f"{live.url}/_health", headers={"X-Request-ID": given}, timeout=30)
    assert health.headers["x-request-id"] == given
    made = httpx.get(f"{live.url}/_health", headers={"X-Request-ID": "not valid!"}, timeout=30).headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{16}", made)
    httpx.get(f"{live.url}/api/v1/recordings/media/987654321?u=1&e=1&s=forged", timeout=30)
    text = _scrape(live)
    assert _value(text, "interview_coach_http_request_seconds_count", route="/_health", status="2xx") >= before + 2
    # A path with an id in it is counted under its template, never under the raw path.
    assert "987654321" not in text
    assert 'route="/api/v1/recordings/media/{answer_id}"' in text


def test_events_jobs_tabs_and_backlog_are_reported(live: LiveServer) -> None:
    async def visit() -> str:
        tab = await open_tab(live, str(uuid.uuid4()), hydrate_event(None))
        try:
            await asyncio.sleep(1.0)
            return _scrape(live)
        finally:
            await tab.close()

    during = run_coroutine(visit())
    assert _value(during, "interview_coach_live_tabs") >= 1
    handler = HYDRATE.rsplit(".", 1)[-1]
    assert any(
        line.startswith("interview_coach_event_seconds_count{") and handler in line for line in during.splitlines()
    ), "the hydrate event was not timed"
    for name in (
        "interview_coach_job_queue_depth",
        "interview_coach_transcription_backlog_seconds",
        "interview_coach_transcription_waiting_answers",
    ):
        assert re.search(rf"^{name} [0-9.e+-]+$", during, re.M), name
