"""Metrics and structured logs: what /metrics counts, the JSON log line, the request id, the event timing."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient

from interview_app import logs
from interview_app.observability import events, http, metrics
from tests.support.handlers import run_coroutine


def _sample(name: str, **labels: str) -> float:
    return metrics.REGISTRY.get_sample_value(name, labels) or 0.0


def test_a_job_run_is_timed_and_a_failure_counted() -> None:
    before = _sample("interview_coach_job_failures_total", task="unit-task")
    metrics.observe_job("unit-task", 0.2, failed=False)
    metrics.observe_job("unit-task", 0.3, failed=True)
    assert _sample("interview_coach_job_seconds_count", task="unit-task", outcome="ok") >= 1
    assert _sample("interview_coach_job_failures_total", task="unit-task") == before + 1
    text = metrics.render().decode()
    assert 'interview_coach_job_seconds_bucket{le="0.5",outcome="failed",task="unit-task"}' in text


def test_the_live_tabs_gauge_reads_the_socket_table_at_render() -> None:
    tabs = {"a": "1", "b": "2"}
    metrics.count_live_tabs(lambda: len(tabs))
    assert "interview_coach_live_tabs 2.0" in metrics.render().decode()
    tabs.pop("a")
    assert "interview_coach_live_tabs 1.0" in metrics.render().decode()


def test_json_log_lines_carry_the_bound_ids(override_settings: Callable[..., Any]) -> None:
    override_settings(log_format="json")
    formatter = logs.formatter()
    assert isinstance(formatter, logs.JsonFormatter)
    logger = logging.getLogger("interview_app.test_json")
    with logs.bind(job_id="abc123", job="transcribe_answer"):
        record = logger.makeRecord(logger.name, logging.INFO, __file__, 1, "scored %s in %d ms", (42, 180), None)
        line = json.loads(formatter.format(record))
    assert line["message"] == "scored 42 in 180 ms"
    assert line["job_id"] == "abc123" and line["job"] == "transcribe_answer"
    assert line["level"] == "INFO" and line["logger"] == "interview_app.test_json"
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        failed = logger.makeRecord(logger.name, logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    assert "ValueError: boom" in json.loads(formatter.format(failed))["exception"]
    assert logs.current_ids() == {}
    assert logs.access_level() == logging.INFO


def test_text_logs_stay_the_default(override_settings: Callable[..., Any]) -> None:
    override_settings(log_format="text")
    assert not isinstance(logs.formatter(), logs.JsonFormatter)
    assert logs.access_level() == logging.DEBUG


def _wrapped_api() -> TestClient:
    api = FastAPI()
    router = APIRouter(prefix="/api/v1/things")  # included, as the app's API includes its routers

    @router.get("/{thing_id}")
    def thing(thing_id: int) -> dict[str, int]:
        return {"id": thing_id, "ids": len(logs.current_ids())}

    api.include_router(router)
    return TestClient(http.middleware(api))


def test_requests_are_counted_under_their_route_template_and_get_a_request_id() -> None:
    client = _wrapped_api()
    before = _sample(
        "interview_coach_http_request_seconds_count", method="GET", route="/api/v1/things/{thing_id}", status="2xx"
    )
    answer = client.get("/api/v1/things/77", headers={"X-Request-ID": "abc-123"})
    assert answer.json() == {"id": 77, "ids": 1}  # the handler ran with the request id bound
    assert answer.headers["x-request-id"] == "abc-123"
    made = client.get("/api/v1/things/78", headers={"X-Request-ID": "spaces are not ok"}).headers["x-request-id"]
    assert len(made) == 16 and made != "spaces are not ok"
    assert client.get("/api/v1/things/not-a-number").status_code == 422
    after = _sample(
        "interview_coach_http_request_seconds_count", method="GET", route="/api/v1/things/{thing_id}", status="2xx"
    )
    assert after == before + 2
    assert _sample(
        "interview_coach_http_request_seconds_count", method="GET", route="/api/v1/things/{thing_id}", status="4xx"
    )
    client.get("/some/page")
    assert _sample("interview_coach_http_request_seconds_count", method="GET", route="page", status="4xx")
    assert _sample("interview_coach_http_request_seconds_count", method="GET", route="/ping", status="4xx") == 0
    client.get("/ping")
    assert _sample("interview_coach_http_request_seconds_count", method="GET", route="/ping", status="4xx") == 1


class _Handler:
    class handler:
        @staticmethod
        def fn() -> None:
            """A stand-in handler."""


@pytest.mark.parametrize("fails", [False, True])
def test_an_event_is_timed_by_handler_and_a_failure_counted(fails: bool) -> None:
    seen: list[dict[str, str]] = []

    async def execute(self: object, *, entry: object, registered_handler: object) -> None:
        seen.append(logs.current_ids())
        if fails:
            raise RuntimeError("handler broke")

    timed = events._timed(execute)
    name = events.handler_name(_Handler)
    before = _sample("interview_coach_event_seconds_count", handler=name)
    errors = _sample("interview_coach_event_errors_total", handler=name)
    if fails:
        with pytest.raises(RuntimeError):
            run_coroutine(timed(object(), entry=object(), registered_handler=_Handler))
    else:
        run_coroutine(timed(object(), entry=object(), registered_handler=_Handler))
    assert name.endswith("_Handler.handler.fn")
    assert seen[0]["event"] == name and len(seen[0]["event_id"]) == 16
    assert _sample("interview_coach_event_seconds_count", handler=name) == before + 1
    assert _sample("interview_coach_event_errors_total", handler=name) == errors + (1 if fails else 0)


def test_install_wraps_reflexs_event_processor_once() -> None:
    from reflex_base.event.processor import base_state_processor

    class FakeApp:
        event_namespace = type("NS", (), {"sid_to_token": {"s1": "t1"}})()
        _state_manager = type("Manager", (), {"states": {"t1": 1, "t2/some.State": 2, "t2": 3}})()

    events.install(FakeApp())  # type: ignore[arg-type]
    events.install(FakeApp())  # type: ignore[arg-type]
    execute = base_state_processor.BaseStateEventProcessor._execute_event
    assert getattr(execute, "_interview_app_timed", False)
    assert not getattr(execute.__wrapped__, "_interview_app_timed", False)  # wrapped once, not twice
    text = metrics.render().decode()
    assert "interview_coach_live_tabs 1.0" in text
    assert "interview_coach_tab_states_in_memory 2.0" in text  # two tabs' states, however many entries


def test_several_processes_sum_their_counts_through_a_shared_folder(tmp_path: Any) -> None:
    """PROMETHEUS_MULTIPROC_DIR: each process writes its numbers there, any one of them serves the sum."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    record = "from interview_app.observability import metrics; metrics.observe_job('shared-task', 0.1, failed=True)"
    for _ in range(2):
        subprocess.run([sys.executable, "-c", record], env=env, check=True, timeout=60)
    show = "from interview_app.observability import metrics; print(metrics.render().decode())"
    text = subprocess.run(
        [sys.executable, "-c", show], env=env, check=True, timeout=60, capture_output=True, text=True
    ).stdout
    assert 'interview_coach_job_failures_total{task="shared-task"} 2.0' in text
