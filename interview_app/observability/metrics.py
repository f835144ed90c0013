"""The app's Prometheus metrics, in one registry (plain Python: jobs and services may record into it).

Served as text by GET /metrics (api/metrics.py) when METRICS_TOKEN is set. Each process keeps its own
numbers; with several app or worker processes, Prometheus scrapes each one (or set PROMETHEUS_MULTIPROC_DIR
to a shared empty folder and every process's numbers are summed at scrape, see docs/deployment.md).
"""

from __future__ import annotations

import os
from collections.abc import Callable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client import multiprocess as _multiprocess

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
REGISTRY = CollectorRegistry()

_FAST = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
_SLOW = (0.05, 0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 900.0)

EVENT_SECONDS = Histogram(
    "interview_coach_event_seconds",
    "Time from a browser event's arrival to its handler's end, waiting for the tab's state lock included.",
    ["handler"],
    registry=REGISTRY,
    buckets=_FAST,
)
EVENT_ERRORS = Counter(
    "interview_coach_event_errors_total", "Browser events whose handler raised.", ["handler"], registry=REGISTRY
)
HTTP_SECONDS = Histogram(
    "interview_coach_http_request_seconds",
    "Time to answer an HTTP request, by route template and status class.",
    ["method", "route", "status"],
    registry=REGISTRY,
    buckets=_FAST,
)
JOB_SECONDS = Histogram(
    "interview_coach_job_seconds",
    "Time a background job ran, by task and outcome (ok or failed).",
    ["task", "outcome"],
    registry=REGISTRY,
    buckets=_SLOW,
)
JOB_FAILURES = Counter(
    "interview_coach_job_failures_total", "Background job runs that raised, by task.", ["task"], registry=REGISTRY
)
QUEUE_DEPTH = Gauge(
    "interview_coach_job_queue_depth", "Jobs waiting or running, as the job runner reports them.", registry=REGISTRY
)
TRANSCRIPTION_BACKLOG = Gauge(
    "interview_coach_transcription_backlog_seconds",
    "How long the oldest recorded answer still waiting for its transcript has waited (0 when none waits).",
    registry=REGISTRY,
)
TRANSCRIPTION_WAITING = Gauge(
    "interview_coach_transcription_waiting_answers",
    "Recorded answers waiting for their transcript.",
    registry=REGISTRY,
)
LIVE_TABS = Gauge("interview_coach_live_tabs", "Browser tabs connected to this process.", registry=REGISTRY)
TAB_STATES = Gauge(
    "interview_coach_tab_states_in_memory",
    "Tab states this process holds in memory (connected tabs, and closed ones for 120 s).",
    registry=REGISTRY,
)

_live_tabs: Callable[[], int] | None = None
_tab_states: Callable[[], int] | None = None


def observe_job(task: str, seconds: float, failed: bool) -> None:
    """Record one run of a background job."""
    JOB_SECONDS.labels(task=task, outcome="failed" if failed else "ok").observe(seconds)
    if failed:
        JOB_FAILURES.labels(task=task).inc()


def observe_event(handler: str, seconds: float, failed: bool) -> None:
    """Record one browser event."""
    EVENT_SECONDS.labels(handler=handler).observe(seconds)
    if failed:
        EVENT_ERRORS.labels(handler=handler).inc()


def observe_http(method: str, route: str, status: int, seconds: float) -> None:
    """Record one HTTP request (`route` is a template such as /api/v1/media/{token}, never a raw path)."""
    HTTP_SECONDS.labels(method=method, route=route, status=f"{status // 100}xx").observe(seconds)


def count_live_tabs(counter: Callable[[], int], states: Callable[[], int] | None = None) -> None:
    """Where the live-tabs and tab-states gauges read their numbers (connected tabs, states in memory)."""
    global _live_tabs, _tab_states
    _live_tabs, _tab_states = counter, states


def render() -> bytes:
    """Every metric in Prometheus' text format (summed over processes when PROMETHEUS_MULTIPROC_DIR is set)."""
    if _live_tabs is not None:
        LIVE_TABS.set(_live_tabs())
    if _tab_states is not None:
        TAB_STATES.set(_tab_states())
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        _multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest(REGISTRY)
