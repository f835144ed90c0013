"""Background work by name: the task names, the registry the job runner fills at start, and `enqueue`.

Services queue work here by task name ("look at row N") and never import `interview_app.jobs`: the runner
(`jobs/runner.py`, or the Redis worker in `jobs/queue.py`) registers the task functions of `jobs/tasks.py`
under these names when it starts and hands this module the function that queues a task. The mail
service's dispatcher is the same pattern for one task.

Task names are stored in queue messages and in `job_runs`: never rename one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

DELIVER_MAIL = "deliver_mail"
DELIVER_PENDING_MAIL = "deliver_pending_mail"
PRUNE_SECURITY_TABLES = "prune_security_tables"
PRUNE_JOB_RUNS = "prune_job_runs"
SCORE_ANSWER = "score_answer"
PREPARE_NEXT = "prepare_next"
SCORE_PENDING_ANSWERS = "score_pending_answers"
PREPARE_QUESTION = "prepare_question"
TRANSCRIBE_ANSWER = "transcribe_answer"
TRANSCRIBE_REST = "transcribe_rest"
TRANSCRIBE_PENDING = "transcribe_pending"
SWEEP_STUCK_ANSWERS = "sweep_stuck_answers"
PURGE_EXPIRED_MEDIA = "purge_expired_media"
BUILD_DAILY_QUIZZES = "build_daily_quizzes"
SEND_REMINDERS = "send_reminders"
EXPORT_USER_DATA = "export_user_data"
EXPORT_PENDING = "export_pending"
PURGE_EXPIRED_EXPORTS = "purge_expired_exports"
REFINE_WITH_LOCAL_LLM = "refine_with_local_llm"
REFINE_PENDING_WITH_LOCAL_LLM = "refine_pending_with_local_llm"
REFINE_FILLERS = "refine_fillers"
ABANDON_STALE_INTERVIEWS = "abandon_stale_interviews"
BILLING_GRACE_ENDED = "billing_grace_ended"

# Work left in flight that a runner (or each Redis worker as it boots) queues again on start-up.
RECOVERY = (DELIVER_PENDING_MAIL, SCORE_PENDING_ANSWERS, TRANSCRIBE_PENDING, EXPORT_PENDING)

# The priority lane: work a candidate is waiting for right now (the next question after a typed answer). Runners
# run it ahead of everything else queued (its own thread in process, its own queue and priority with Redis), so it
# never waits behind the scoring of earlier answers.
PRIORITY = frozenset({PREPARE_NEXT})

Task = Callable[..., object]
Dispatch = Callable[..., object]

# name -> task function, filled by the runner at start (tests may add their own).
TASKS: dict[str, Task] = {}
_dispatch: Dispatch | None = None


class UnknownTask(KeyError):
    """No task is registered under this name (a typo, or the runner has not registered its tasks)."""

    def __init__(self, name: str) -> None:
        known = ", ".join(sorted(TASKS)) or "none: no job runner has started"
        super().__init__(f"no background task named {name!r} (registered: {known})")
        self.name = name

    def __str__(self) -> str:
        return str(self.args[0])


class NoRunner(RuntimeError):
    """Work was queued in a process where no job runner has started."""


def register(tasks: Mapping[str, Task]) -> None:
    """Make `tasks` runnable by name (the runner calls this at start; registering again is harmless)."""
    TASKS.update(tasks)


def task(name: str) -> Task:
    """The task function registered under `name`.

    Raises:
        UnknownTask: nothing is registered under `name`.

    """
    try:
        return TASKS[name]
    except KeyError:
        raise UnknownTask(name) from None


def set_dispatcher(dispatch: Dispatch | None) -> None:
    """Hand queued work to `dispatch(name, *args)` (the runner's enqueue); None when the runner stops."""
    global _dispatch
    _dispatch = dispatch


def enqueue(name: str, *args: object) -> None:
    """Queue task `name` with `args` on whichever runner this process started.

    Raises:
        UnknownTask: no task of that name is registered.
        NoRunner: no job runner has started in this process.

    """
    if _dispatch is None:
        raise NoRunner(f"cannot queue {name!r}: no job runner has started in this process")
    task(name)
    _dispatch(name, *args)
