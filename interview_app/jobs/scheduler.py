"""APScheduler in exactly one process: the app's lifespan task starts it behind a lock.

With several backend workers on one machine every worker runs the lifespan task; a file
lock in the data folder lets only one of them start the scheduler. Deployments over
several machines set `SCHEDULER_IN_APP=false` and run `python -m interview_app scheduler`
in one place instead.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
from collections.abc import AsyncIterator
from typing import IO

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from interview_app.jobs import runner
from interview_app.services.scoring import models
from interview_app.settings import get_settings

log = logging.getLogger(__name__)


def _acquire_file_lock() -> IO[str] | None:
    path = get_settings().data_dir / "scheduler.lock"
    handle = path.open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


def build_scheduler() -> AsyncIOScheduler:
    """The scheduler with every periodic job; jobs only enqueue idempotent tasks."""
    scheduler = AsyncIOScheduler(timezone="UTC")
    jobs = runner.start()
    scheduler.add_job(
        jobs.enqueue, "interval", hours=1, args=["prune_security_tables"], id="prune_security_tables", coalesce=True
    )
    scheduler.add_job(jobs.enqueue, "interval", hours=24, args=["prune_job_runs"], id="prune_job_runs", coalesce=True)
    scheduler.add_job(
        jobs.enqueue, "interval", minutes=5, args=["deliver_pending_mail"], id="deliver_pending_mail", coalesce=True
    )
    scheduler.add_job(
        jobs.enqueue, "interval", hours=1, args=["purge_expired_media"], id="purge_expired_media", coalesce=True
    )
    scheduler.add_job(
        jobs.enqueue, "interval", minutes=10, args=["sweep_stuck_answers"], id="sweep_stuck_answers", coalesce=True
    )
    scheduler.add_job(
        jobs.enqueue, "interval", minutes=5, args=["build_daily_quizzes"], id="build_daily_quizzes", coalesce=True
    )
    scheduler.add_job(jobs.enqueue, "interval", minutes=5, args=["send_reminders"], id="send_reminders", coalesce=True)
    # Every minute, so an interview ends within a minute of INTERVIEW_MAX_MINUTES (an indexed query when none is due).
    scheduler.add_job(
        jobs.enqueue,
        "interval",
        minutes=1,
        args=["abandon_stale_interviews"],
        id="abandon_stale_interviews",
        coalesce=True,
    )
    scheduler.add_job(
        jobs.enqueue, "interval", hours=1, args=["purge_expired_exports"], id="purge_expired_exports", coalesce=True
    )
    scheduler.add_job(
        jobs.enqueue, "interval", minutes=15, args=["billing_grace_ended"], id="billing_grace_ended", coalesce=True
    )
    if get_settings().local_llm:
        scheduler.add_job(
            jobs.enqueue,
            "interval",
            minutes=10,
            args=["refine_pending_with_local_llm"],
            id="refine_pending_with_local_llm",
            coalesce=True,
        )
    return scheduler


@contextlib.asynccontextmanager
async def lifespan() -> AsyncIterator[None]:
    """Start the job runner in every process and the scheduler in one of them."""
    if isinstance(runner.start(), runner.InProcessRunner):
        models.load_in_background()  # this process scores; with Redis the job workers do (queue.py)
    lock = _acquire_file_lock() if get_settings().scheduler_in_app else None
    scheduler = build_scheduler() if lock else None
    if scheduler is not None:
        scheduler.start()
        log.info("scheduler started in pid %s", os.getpid())
    try:
        yield
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=False)
        if lock is not None:
            lock.close()
        runner.stop()
