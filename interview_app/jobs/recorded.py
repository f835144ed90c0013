"""Running a task while recording the run in `job_runs` (used by the in-process runner and the Redis worker)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from interview_app import db, logs
from interview_app.clock import utcnow
from interview_app.observability import metrics
from interview_app.services.shared import job_runs

log = logging.getLogger(__name__)


def _save(name: str, started_at, seconds: float, error: str | None) -> None:
    """Write the run; a database problem here never fails the job itself."""
    try:
        with db.session_scope() as session:
            job_runs.record(session, name, started_at, seconds, error)
    except Exception as exc:
        log.warning("could not record the run of job %s: %s", name, exc)


def run(name: str, task: Callable[..., object], args: tuple[object, ...]) -> object:
    """Call `task(*args)`, recording how long it took and whether it raised (the exception propagates).

    The run is also counted for /metrics, and its log lines carry a job id (LOG_FORMAT=json).
    """
    started_at, clock = utcnow(), time.perf_counter()
    with logs.bind(job_id=logs.new_id(), job=name):
        try:
            result = task(*args)
        except Exception as exc:
            seconds = time.perf_counter() - clock
            _save(name, started_at, seconds, f"{type(exc).__name__}: {exc}")
            metrics.observe_job(name, seconds, failed=True)
            log.log(logs.access_level(), "job %s failed %.1f ms", name, seconds * 1000)
            raise
        seconds = time.perf_counter() - clock
        _save(name, started_at, seconds, None)
        metrics.observe_job(name, seconds, failed=False)
        log.log(logs.access_level(), "job %s ok %.1f ms", name, seconds * 1000)
    return result
