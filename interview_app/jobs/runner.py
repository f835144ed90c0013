"""The embedded job runner: a small thread pool in the app process.

The database row is the source of truth for every job; the runner only receives
"look at row N". On start-up `recover()` re-queues rows left in flight, so a crash
or restart loses nothing. (The Redis-backed queue for scale-out comes with the
speech pipeline; it keeps the same task names.)
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor

from interview_app.jobs.tasks import TASKS
from interview_app.services import mail

log = logging.getLogger(__name__)


class InProcessRunner:
    """Runs tasks from `TASKS` on a thread pool."""

    def __init__(self, workers: int = 2) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="job")

    def enqueue(self, name: str, *args: object) -> Future[object]:
        """Run task `name` with `args` in the background."""
        task = TASKS[name]

        def run() -> object:
            try:
                return task(*args)
            except Exception:
                log.exception("job %s%r failed", name, args)
                raise

        return self._pool.submit(run)

    def recover(self) -> None:
        """Re-queue work that was in flight when the process last stopped."""
        self.enqueue("deliver_pending_mail")
        self.enqueue("score_pending_answers")

    def shutdown(self) -> None:
        """Stop accepting work and wait for running tasks."""
        self._pool.shutdown(wait=True, cancel_futures=False)


_runner: InProcessRunner | None = None


def start() -> InProcessRunner:
    """Start the process-wide runner and route queued e-mail through it."""
    global _runner
    if _runner is None:
        _runner = InProcessRunner()
        mail.set_dispatcher(lambda message_id: _runner.enqueue("deliver_mail", message_id) and None)  # type: ignore[union-attr]
        _runner.recover()
    return _runner


def enqueue(name: str, *args: object) -> None:
    """Queue task `name` on the process-wide runner (started on first use)."""
    start().enqueue(name, *args)


def stop() -> None:
    """Shut the runner down (app shutdown)."""
    global _runner
    if _runner is not None:
        mail.set_dispatcher(None)
        _runner.shutdown()
        _runner = None
