"""The Redis job queue for scale-out: dramatiq with separate worker processes.

Why dramatiq: its workers are long-lived processes with a thread pool, so a Whisper model and the
embedding model are loaded once per worker and reused for every job (rq forks a new process per job and
would reload them each time); it acknowledges a message only after the task ran, so a worker that dies
mid-job leaves the message to be delivered again; and it needs only Redis. Messages carry a task name and
row ids ("look at row N"); the database row stays the source of truth, so a message delivered twice is
harmless (every task claims its row first).

The transcription steps of recordings go through the voice lane (voice_lane.py), kept in Redis beside the
queue (`RedisStore`) so that every web and worker process sees one lane: a message of the `voice_step` actor
is only a token ("run the best entry now"), sent once per new entry.

Work in `background.PRIORITY` (the next question after a typed answer) goes to a queue of its own with an
actor of a higher priority: each worker process reads both queues, and its threads take a waiting priority
message before any other (dramatiq orders the work it holds by actor priority, lower first), so the next question
never waits behind the scoring already queued; at most for a job a thread is running when it arrives.

The web processes only send messages (`JOB_QUEUE=redis`); `python -m interview_app worker` runs the workers.
(dramatiq's `[redis]` extra pins redis<7, which Reflex cannot use; the plain package works with redis 7.)
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

import dramatiq
import redis
from dramatiq.brokers.redis import RedisBroker
from dramatiq.middleware import Middleware, default_middleware
from dramatiq.middleware.prometheus import Prometheus

from interview_app import background, logs
from interview_app.jobs import recorded, voice_lane
from interview_app.jobs.tasks import RETRIED, TASKS
from interview_app.services.billing import plans
from interview_app.services.scoring import models
from interview_app.settings import get_settings

log = logging.getLogger(__name__)
logs.configure()
QUEUE = "interview-coach"
PRIORITY_QUEUE = "interview-coach-next"
# dramatiq: the lower number runs first among the messages a worker holds.
FIRST, LATER = 0, 10
NAMESPACE = "interview-coach"
background.register(TASKS)  # the worker runs them by name
plans.install_quotas()  # with PLANS_ENABLED the jobs count each user's plan's quotas, as the app does
T = TypeVar("T")
# The final step of a recording that failed is offered again after 1, 2, ... seconds (as the in-process runner).
VOICE_RETRY_SECONDS = 1.0


class RedisStore:
    """The voice lane kept in Redis as one JSON value, changed with optimistic transactions (WATCH/MULTI)."""

    def __init__(self, client: Any, key: str = f"{NAMESPACE}:voice-lane") -> None:
        self.client = client
        self.key = key

    def update(self, change: Callable[[voice_lane.Lane], T]) -> T:
        """Apply `change` to the lane atomically across processes (again when another process wrote first)."""
        while True:
            with self.client.pipeline() as pipe:
                try:
                    pipe.watch(self.key)
                    lane = voice_lane.Lane.from_json(pipe.get(self.key))
                    result = change(lane)
                    pipe.multi()
                    pipe.set(self.key, lane.to_json())
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue


class _Recover(Middleware):
    """When a worker process boots, re-queue work left in flight (idempotent, so several workers may do it)."""

    def after_worker_boot(self, broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:
        """Load the scoring models (beside the work: `models.load_in_background`); queue the recovery tasks."""
        models.load_in_background()
        for name in background.RECOVERY:
            run_task.send(name, [])
        for _ in range(voice_lane.runnable(_store())):  # entries whose tokens went with a stopped worker
            voice_step.send()


def _broker() -> RedisBroker:
    # No Prometheus exporter: it would open a metrics port in every worker.
    middleware = [m() for m in default_middleware if m is not Prometheus]
    broker = RedisBroker(url=get_settings().redis_url, namespace=NAMESPACE, middleware=middleware)
    broker.add_middleware(_Recover())
    return broker


dramatiq.set_broker(_broker())


@dramatiq.actor(
    queue_name=QUEUE, priority=LATER, max_retries=3, min_backoff=1000, max_backoff=30000, time_limit=15 * 60 * 1000
)
def run_task(name: str, args: list[object]) -> None:
    """Run the task registered as `name`; failures of tasks in RETRIED are retried with backoff by dramatiq."""
    _run(name, args)


@dramatiq.actor(queue_name=PRIORITY_QUEUE, priority=FIRST, max_retries=0, time_limit=5 * 60 * 1000)
def run_priority_task(name: str, args: list[object]) -> None:
    """Run a task of the priority lane (`background.PRIORITY`); never retried (the job it queues tries again)."""
    _run(name, args)


def _run(name: str, args: list[object]) -> None:
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


_lane: RedisStore | None = None
_owners = voice_lane.Owners()


def _store() -> RedisStore:
    global _lane
    if _lane is None:
        _lane = RedisStore(dramatiq.get_broker().client)  # type: ignore[attr-defined]
    return _lane


@dramatiq.actor(queue_name=QUEUE, priority=LATER, max_retries=0, time_limit=15 * 60 * 1000)
def voice_step() -> None:
    """A token of the voice lane: run its best entry (a final step that fails is offered again, delayed)."""
    started = time.perf_counter()
    outcome = voice_lane.run_one(
        _store(),
        lambda name, args: recorded.run(name, background.task(name), args),
        retries=RETRIED.get(background.TRANSCRIBE_ANSWER, 0),
        retry_delay=VOICE_RETRY_SECONDS,
    )
    if outcome.retry_in is not None:
        voice_step.send_with_options(delay=int(outcome.retry_in * 1000))
    elif outcome.more:
        voice_step.send()
    entry = outcome.entry
    if entry is None:
        return
    if outcome.error is not None:
        log.error("voice step %s of answer %s failed", entry.kind, entry.answer_id, exc_info=outcome.error)
        return
    log.info("voice step %s of answer %s: %s in %.2f s", entry.kind, entry.answer_id, outcome.result,
             time.perf_counter() - started)  # fmt: skip


def depth() -> dict[str, int]:
    """Messages on the Redis queue: waiting, taken by a worker and not yet acknowledged, and delayed (retries)."""
    broker = dramatiq.get_broker()
    client = broker.client  # type: ignore[attr-defined]
    waiting = running = delayed = 0
    for queue in (QUEUE, PRIORITY_QUEUE):
        key = f"{broker.namespace}:{queue}"  # type: ignore[attr-defined]
        here = int(client.llen(key))
        waiting += here
        running += max(0, int(client.hlen(f"{key}.msgs")) - here)
        delayed += int(client.hlen(f"{key}.DQ.msgs"))
    return {"waiting": waiting, "running": running, "delayed": delayed}


def send(name: str, *args: object) -> None:
    """Put task `name` on the Redis queue (`background.UnknownTask`, a KeyError, for a name never registered)."""
    background.task(name)
    if voice_lane.kind_of(name, args) is not None:
        if voice_lane.offer(_store(), name, args, _owners):
            voice_step.send()
        return
    (run_priority_task if name in background.PRIORITY else run_task).send(name, list(args))


# Work a task queues by name (in a worker process, or in a web process with JOB_QUEUE=redis) goes to Redis.
background.set_dispatcher(send)
