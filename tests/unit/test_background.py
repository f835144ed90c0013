"""Background work by name: the registry the runner fills, and services that queue without importing jobs."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import grimp
import pytest

from interview_app import background
from interview_app.jobs import runner, tasks

ROOT = Path(__file__).resolve().parents[2]

# Stored in queue messages (Redis) and in job_runs: a rename would strand queued work.
STORED_NAMES = {
    "deliver_mail",
    "deliver_pending_mail",
    "prune_security_tables",
    "prune_job_runs",
    "score_answer",
    "prepare_next",
    "prepare_question",
    "score_pending_answers",
    "transcribe_answer",
    "transcribe_rest",
    "transcribe_pending",
    "purge_expired_media",
    "sweep_stuck_answers",
    "build_daily_quizzes",
    "send_reminders",
    "export_user_data",
    "export_pending",
    "purge_expired_exports",
    "refine_with_local_llm",
    "refine_pending_with_local_llm",
    "refine_fillers",
    "abandon_stale_interviews",
    "billing_grace_ended",
}


@pytest.fixture
def no_runner() -> Iterator[None]:
    """No dispatcher before or after the test."""
    background.set_dispatcher(None)
    yield
    background.set_dispatcher(None)


def test_the_task_names_are_the_ones_stored_in_queued_work():
    assert set(tasks.TASKS) == STORED_NAMES
    assert set(background.RECOVERY) <= STORED_NAMES and set(tasks.RETRIED) <= STORED_NAMES


def test_an_unknown_name_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, no_runner: None):
    background.register(tasks.TASKS)
    with pytest.raises(background.UnknownTask) as info:
        background.task("score_answers")
    assert isinstance(info.value, KeyError)  # what the Redis sender raised before
    assert "no background task named 'score_answers'" in str(info.value) and "score_answer" in str(info.value)
    sent: list[tuple[object, ...]] = []
    background.set_dispatcher(lambda *args: sent.append(args))
    with pytest.raises(background.UnknownTask):
        background.enqueue("score_answers", 1)
    assert sent == []
    with pytest.raises(background.UnknownTask):
        runner.InProcessRunner(workers=1).enqueue("score_answers", 1)


def test_queueing_with_no_runner_started_says_so(no_runner: None):
    with pytest.raises(background.NoRunner, match="no job runner has started"):
        background.enqueue(background.SCORE_ANSWER, 1)


def test_work_queued_by_name_goes_to_the_dispatcher(monkeypatch: pytest.MonkeyPatch, no_runner: None):
    sent: list[tuple[object, ...]] = []
    monkeypatch.setitem(background.TASKS, "wave", lambda who: f"hello {who}")
    background.set_dispatcher(lambda *args: sent.append(args))
    background.enqueue("wave", "Ada")
    assert sent == [("wave", "Ada")]
    assert background.task("wave")("Ada") == "hello Ada"


def test_the_runner_registers_the_tasks_and_runs_them_by_name(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(background.TASKS, "double", lambda n: 2 * n)
    pool = runner.InProcessRunner(workers=1)
    try:
        assert all(background.task(name) is task for name, task in tasks.TASKS.items())
        assert pool.enqueue("double", 21).result(5) == 42
    finally:
        pool.shutdown()


def test_services_queue_work_without_importing_the_job_modules():
    graph = grimp.build_graph("interview_app", cache_dir=None)  # imports inside functions count too
    importers = sorted(
        f"{module} -> {imported}"
        for module in graph.modules
        if module.startswith("interview_app.services.")
        for imported in graph.find_modules_directly_imported_by(module)
        if imported.startswith("interview_app.jobs")
    )
    assert importers == []
    # And in a fresh interpreter, queueing from a service loads no job module.
    script = (
        "import sys\n"
        "from interview_app import background\n"
        "from interview_app.services.answers import feedback, lifecycle, recordings, transcription\n"
        "from interview_app.services.interviews import interviews\n"
        "from interview_app.services.privacy import privacy\n"
        "sent = []\n"
        "background.register({'score_answer': print})\n"
        "background.set_dispatcher(lambda *a: sent.append(a))\n"
        "background.enqueue(background.SCORE_ANSWER, 7)\n"
        "assert sent == [('score_answer', 7)], sent\n"
        "print(sorted(m for m in sys.modules if m.startswith('interview_app.jobs')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
