"""Running a task while recording the run in `job_runs` (used by the in-process runner and the Redis worker)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from interview_app import db
from interview_app.clock import utcnow
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
    """Call `task(*args)`, recording how long it took and whether it raised (the exception propagates)."""
    started_at, clock = utcnow(), time.perf_counter()
    try:
        result = task(*args)
    except Exception as exc:
        _save(name, started_at, time.perf_counter() - clock, f"{type(exc).__name__}: {exc}")
        raise
    _save(name, started_at, time.perf_counter() - clock, None)
    return result
