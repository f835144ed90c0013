"""The Redis job queue for scale-out: dramatiq with separate worker processes.

Why dramatiq: its workers are long-lived processes with a thread pool, so a Whisper model and the
embedding model are loaded once per worker and reused for every job (rq forks a new process per job and
would reload them each time); it acknowledges a message only after the task ran, so a worker that dies
mid-job leaves the message to be delivered again; and it needs only Redis. Messages carry a task name and
row ids ("look at row N"); the database row stays the source of truth, so a message delivered twice is
harmless (every task claims its row first).

The web processes only send messages (`JOB_QUEUE=redis`); `python -m interview_app worker` runs the workers.
(dramatiq's `[redis]` extra pins redis<7, which Reflex cannot use; the plain package works with redis 7.)
"""

from __future__ import annotations

import logging
import time

import dramatiq
from dramatiq.brokers.redis import RedisBroker
from dramatiq.middleware import Middleware, default_middleware
from dramatiq.middleware.prometheus import Prometheus

from interview_app import background, logs
from interview_app.jobs import recorded
from interview_app.jobs.tasks import RETRIED, TASKS
from interview_app.settings import get_settings

log = logging.getLogger(__name__)
logs.configure()
QUEUE = "interview-coach"
background.register(TASKS)  # the worker runs them by name


class _Recover(Middleware):
    """When a worker process boots, re-queue work left in flight (idempotent, so several workers may do it)."""

    def after_worker_boot(self, broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:
        """Queue the recovery tasks."""
        for name in background.RECOVERY:
            run_task.send(name, [])


def _broker() -> RedisBroker:
    # No Prometheus exporter: it would open a metrics port in every worker.
    middleware = [m() for m in default_middleware if m is not Prometheus]
    broker = RedisBroker(url=get_settings().redis_url, namespace="interview-coach", middleware=middleware)
    broker.add_middleware(_Recover())
    return broker


dramatiq.set_broker(_broker())


@dramatiq.actor(queue_name=QUEUE, max_retries=3, min_backoff=1000, max_backoff=30000, time_limit=15 * 60 * 1000)
def run_task(name: str, args: list[object]) -> None:
    """Run the task registered as `name`; failures of tasks in RETRIED are retried with backoff by dramatiq."""
    task = background.task(name)
    started = time.perf_counter()
    try:
        outcome = recorded.run(name, task, tuple(args))
        log.info("job %s%r: %s in %.2f s", name, tuple(args), outcome, time.perf_counter() - started)
    except Exception:
        log.exception("job %s%r failed", name, tuple(args))
        if RETRIED.get(name, 0) == 0:
            return  # not worth retrying: its own row is marked (e.g. mail keeps a pending status)
        raise


def depth() -> dict[str, int]:
    """Messages on the Redis queue: waiting, taken by a worker and not yet acknowledged, and delayed (retries)."""
    broker = dramatiq.get_broker()
    client = broker.client  # type: ignore[attr-defined]
    key = f"{broker.namespace}:{QUEUE}"  # type: ignore[attr-defined]
    waiting = int(client.llen(key))
    stored = int(client.hlen(f"{key}.msgs"))
    return {"waiting": waiting, "running": max(0, stored - waiting), "delayed": int(client.hlen(f"{key}.DQ.msgs"))}


def send(name: str, *args: object) -> None:
    """Put task `name` on the Redis queue (`background.UnknownTask`, a KeyError, for a name never registered)."""
    background.task(name)
    run_task.send(name, list(args))


# Work a task queues by name (in a worker process, or in a web process with JOB_QUEUE=redis) goes to Redis.
background.set_dispatcher(send)
