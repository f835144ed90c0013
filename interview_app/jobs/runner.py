"""Where background jobs run: in the app process, or on the Redis queue.

The embedded default is a small thread pool in the app process; with `JOB_QUEUE=redis` jobs go to the
Redis queue read by separate worker processes (see queue.py), with the same task names.

The database row is the source of truth for every job; the runner only receives "look at row N". On
start-up `recover()` (or, with Redis, each worker as it boots) re-queues rows left in flight, so a crash or
restart loses nothing. Failed tasks listed in tasks.RETRIED are tried again after a growing delay.

The transcription steps of recordings (`transcribe_answer`, `transcribe_rest`) go through the voice lane
(voice_lane.py): one entry per answer, hand-ins first, candidates in turn; threads of their own (`VOICE_WORKERS`,
at the app's CPU priority: candidates who pressed Stop wait for them) run tokens, each of which takes the best
entry when a thread is free. Whisper itself runs one call at a time (speech/gate.py), so these threads do not
add Whisper work on the cores; they let a hand-in's transcription start while another candidate's score is
being written, and a hand-in find a thread while streamed steps wait for Whisper.

Work in `background.PRIORITY` (the next question after a typed answer, which a candidate waits for) runs on a
thread of its own, the priority lane: it never waits behind the scoring queued before it on the pool. On Linux
the pool's threads also run at a lower CPU priority (`POOL_NICENESS`): on busy cores the requests of the app and
the priority lane get the CPU first, and the scoring (which nobody waits for) takes what is left.

At start the runner registers the tasks of tasks.py by name in `interview_app.background` and becomes its
dispatcher: services queue work there by name and never import this package.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from types import ModuleType

from interview_app import background
from interview_app.jobs import recorded, voice_lane
from interview_app.jobs.tasks import RETRIED, TASKS
from interview_app.services.billing import plans
from interview_app.services.notifications import mail
from interview_app.settings import get_settings

log = logging.getLogger(__name__)
# Threads of the priority lane: deciding a follow-up is about a second of CPU on busy cores (0.93 s median at 50
# clients and load 12-16), so one thread became the line the candidates waited in; two use both cores for it.
PRIORITY_WORKERS = 2
# Threads of the voice lane. With two, at K=4 hand-ins waited up to 9 s for a thread held by another
# candidate's score (1.5-4.6 s on busy cores) or by streamed steps queued for Whisper (docs/performance.md).
VOICE_WORKERS = 4
# How much nicer than the app the pool's threads run (Linux, per thread): 5 gives them about a third of a core's
# share next to a busy request thread, so scoring still moves on when the app never rests.
POOL_NICENESS = 5


def _lower_priority() -> None:
    """Make the calling thread (a pool thread) yield the CPU to the app's threads (Linux; elsewhere a no-op).

    On Linux a thread id names one thread for setpriority; elsewhere it would name the whole process.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid) + POOL_NICENESS)
    except OSError as exc:  # a sandbox may refuse it: the pool then runs at the app's priority
        log.warning("could not lower the job threads' CPU priority: %s", exc)


class InProcessRunner:
    """Runs tasks registered by name in `interview_app.background` (those of tasks.py) on a thread pool."""

    def __init__(
        self,
        workers: int = 2,
        retry_delay: float = 1.0,
        priority_workers: int = PRIORITY_WORKERS,
        voice_workers: int = VOICE_WORKERS,
    ) -> None:
        background.register(TASKS)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="job", initializer=_lower_priority)
        # The priority lane: short steps a candidate waits for, never queued behind the pool's longer jobs.
        self._priority_pool = ThreadPoolExecutor(max_workers=priority_workers, thread_name_prefix="job-next")
        # The voice lane's tokens (transcription steps): not behind the scoring, and not at a lower priority.
        self._voice_pool = ThreadPoolExecutor(max_workers=voice_workers, thread_name_prefix="voice")
        self._retry_delay = retry_delay
        self._timers: set[threading.Timer] = set()
        self._closed = False
        self._waiting = 0
        self._depth_lock = threading.Lock()
        self.lane = voice_lane.MemoryStore()
        self._owners = voice_lane.Owners()

    def enqueue(self, name: str, *args: object, attempt: int = 0) -> Future[object]:
        """Run task `name` with `args` in the background; failed tasks in RETRIED are tried again later.

        A transcription step goes to the voice lane: the future is that of its token (already done when the
        step joined an entry that waits).
        """
        task = background.task(name)
        if voice_lane.kind_of(name, args) is not None:
            if voice_lane.offer(self.lane, name, args, self._owners):
                return self._token()
            done: Future[object] = Future()
            done.set_result("coalesced")
            return done

        def run() -> object:
            try:
                return recorded.run(name, task, args)
            except Exception:
                log.exception("job %s%r failed (attempt %s)", name, args, attempt + 1)
                if attempt + 1 < RETRIED.get(name, 0) and not self._closed:
                    self._retry_later(name, args, attempt + 1)
                raise

        pool = self._priority_pool if name in background.PRIORITY else self._pool
        with self._depth_lock:
            self._waiting += 1
        future = pool.submit(run)
        future.add_done_callback(self._one_done)
        return future

    def _token(self) -> Future[object]:
        """Queue one token: when a thread is free, it runs the best entry of the voice lane."""
        with self._depth_lock:
            self._waiting += 1
        future = self._voice_pool.submit(self._run_voice_step)
        future.add_done_callback(self._one_done)
        return future

    def _run_voice_step(self) -> object:
        outcome = voice_lane.run_one(
            self.lane,
            lambda name, args: recorded.run(name, background.task(name), args),
            retries=RETRIED.get(background.TRANSCRIBE_ANSWER, 0),
            retry_delay=self._retry_delay,
        )
        if outcome.retry_in is not None and not self._closed:
            self._later(outcome.retry_in, self._token)
        elif outcome.more and not self._closed:
            self._token()
        if outcome.error is not None:
            entry = outcome.entry
            log.error("voice step %s of answer %s failed", entry and entry.kind, entry and entry.answer_id,
                      exc_info=outcome.error)  # fmt: skip
            raise outcome.error
        return outcome.result

    def _one_done(self, _future: Future[object]) -> None:
        with self._depth_lock:
            self._waiting -= 1

    def depth(self) -> int:
        """Tasks queued or running right now."""
        with self._depth_lock:
            return self._waiting

    def _retry_later(self, name: str, args: tuple[object, ...], attempt: int) -> None:
        self._later(self._retry_delay * 2 ** (attempt - 1), lambda: self.enqueue(name, *args, attempt=attempt))

    def _later(self, seconds: float, action: Callable[[], object]) -> None:
        def fire() -> None:
            self._timers.discard(timer)
            if not self._closed:
                action()

        timer = threading.Timer(seconds, fire)
        timer.daemon = True
        self._timers.add(timer)
        timer.start()

    def recover(self) -> None:
        """Re-queue work that was in flight when the process last stopped."""
        for name in background.RECOVERY:
            self.enqueue(name)

    def shutdown(self) -> None:
        """Stop accepting work and wait for running tasks."""
        self._closed = True
        for timer in list(self._timers):
            timer.cancel()
        self._priority_pool.shutdown(wait=True, cancel_futures=False)
        self._voice_pool.shutdown(wait=True, cancel_futures=False)
        self._pool.shutdown(wait=True, cancel_futures=False)


_runner: InProcessRunner | None = None


def uses_redis() -> bool:
    """True when jobs go to the Redis queue and separate worker processes run them (JOB_QUEUE=redis)."""
    return get_settings().job_queue == "redis"


def _redis_queue() -> ModuleType:
    """jobs/queue.py, imported only with JOB_QUEUE=redis.

    Importing it sets up dramatiq with the Redis broker (a third-party library this process needs only
    then); it imports nothing that imports this module.
    """
    from interview_app.jobs import queue

    return queue


class _RedisSender:
    """Stands in for the runner in web processes when jobs go to Redis."""

    def enqueue(self, name: str, *args: object) -> None:
        _redis_queue().send(name, *args)


def start() -> InProcessRunner | _RedisSender:
    """Start the process-wide runner (or the Redis sender) and register the tasks by name.

    Work queued through `interview_app.background`, and queued e-mail, then goes to it.
    """
    global _runner
    if uses_redis():
        sender = _RedisSender()
        background.register(TASKS)
        background.set_dispatcher(sender.enqueue)
        mail.set_dispatcher(lambda message_id: sender.enqueue(background.DELIVER_MAIL, message_id))
        return sender
    if _runner is None:
        plans.install_quotas()  # the jobs count each user's plan's quotas (PLANS_ENABLED), whichever process runs them
        _runner = InProcessRunner()
        background.set_dispatcher(_runner.enqueue)
        mail.set_dispatcher(lambda message_id: _runner.enqueue(background.DELIVER_MAIL, message_id) and None)  # type: ignore[union-attr]
        _runner.recover()
    return _runner


def queue_depth() -> dict[str, object]:
    """How many jobs wait: on the Redis queue (waiting, running, delayed) or in this process's pool."""
    if uses_redis():
        return {"backend": "redis", **_redis_queue().depth()}
    return {"backend": "inprocess", "waiting": _runner.depth() if _runner is not None else 0}


def enqueue(name: str, *args: object) -> None:
    """Queue task `name`: on the in-process runner (started on first use) or on the Redis queue."""
    start().enqueue(name, *args)


def stop() -> None:
    """Shut the runner down (app shutdown)."""
    global _runner
    if _runner is not None:
        mail.set_dispatcher(None)
        background.set_dispatcher(None)
        _runner.shutdown()
        _runner = None
