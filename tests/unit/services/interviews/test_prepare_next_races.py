"""The next question after a typed answer: decided once however many runs race for it, and in its own lane."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Callable

import pytest
from sqlmodel import Session, select

from interview_app import background
from interview_app.jobs import runner, tasks
from interview_app.models import InterviewSession, SessionQuestion, User
from interview_app.services.answers import feedback
from interview_app.services.interviews import interviews
from tests.support.mock_interviews import current, run_after_commit, seed_bank, start

ANSWER = "We split the monolith along its busiest seam first, measured the p95 before and after, and kept a rollback."


@pytest.fixture
def bank(session: Session, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    return seed_bank(session, monkeypatch)


@pytest.fixture
def noted(monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, ...]]:
    """The job tasks registered by name; what is queued is noted, not run."""
    monkeypatch.setattr(background, "TASKS", dict(tasks.TASKS))
    queued: list[tuple[object, ...]] = []
    background.set_dispatcher(lambda *a: queued.append(a))
    return queued


@pytest.fixture
def ada(make_user: Callable[..., User]) -> User:
    return make_user()


def _hand_in(session: Session, user: User) -> tuple[InterviewSession, SessionQuestion, int, list[tuple[object, ...]]]:
    interview = start(session, user, question_count="3")
    sq = current(session, interview)
    queued: list[tuple[object, ...]] = []
    outcome = interviews.submit_answer(session, user.id or 0, sq.id or 0, ANSWER, enqueue=lambda *a: queued.append(a))
    run_after_commit(session)
    assert outcome.preparing
    return interview, sq, outcome.answer_id, queued


def _follow_ups(session: Session, sq: SessionQuestion) -> list[SessionQuestion]:
    session.expire_all()
    return list(session.exec(select(SessionQuestion).where(SessionQuestion.parent_id == sq.id)).all())


def test_a_typed_answer_queues_its_next_question_in_the_priority_lane(session, bank, ada):
    _, _, answer_id, queued = _hand_in(session, ada)
    assert queued == [(background.PREPARE_NEXT, answer_id)]
    assert background.PREPARE_NEXT in background.PRIORITY and background.SCORE_ANSWER not in background.PRIORITY


def test_two_runs_at_once_add_one_follow_up_and_move_on_once(session, bank, ada, monkeypatch):
    """Both runs analyse at the same time and both see the answer still waiting; only one moves the interview on.

    The barriers hold each run until the other has got as far: both decided, then both re-read the interview
    before writing (without a guard both would add a follow-up). With the guard the second run waits for the
    first one's write lock instead, so the second barrier gives up after a moment and the first run goes on.
    """
    interview, sq, answer_id, _ = _hand_in(session, ada)
    both_decided = threading.Barrier(2, timeout=20)
    both_checked = threading.Barrier(2, timeout=2)
    checks = threading.local()
    real_awaits_next = interviews.awaits_next

    def decide(*_args: object, **_kwargs: object) -> interviews.FollowUpDecision:
        both_decided.wait()
        return interviews.FollowUpDecision(prompt="Which seam did you split first, and why that one?")

    def awaits_next(*args: object) -> bool:
        waiting = real_awaits_next(*args)  # type: ignore[arg-type]
        checks.count = getattr(checks, "count", 0) + 1
        if checks.count == 2:  # the re-check before the write
            with contextlib.suppress(threading.BrokenBarrierError):  # the other run waits for our lock
                both_checked.wait()
        return waiting

    monkeypatch.setattr(interviews, "decide_follow_up", decide)
    monkeypatch.setattr(interviews, "awaits_next", awaits_next)
    results: list[str] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(feedback.prepare_next(answer_id))
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert sorted(results) == ["moved", "nothing to do"]
    follow_ups = _follow_ups(session, sq)
    assert [f.prompt for f in follow_ups] == ["Which seam did you split first, and why that one?"]
    session.refresh(interview)
    assert interview.current_position == follow_ups[0].position
    assert follow_ups[0].status == "active"
    # A third run later (the score_answer job's own check) finds nothing to do either.
    assert feedback.prepare_next(answer_id) == "nothing to do"
    assert len(_follow_ups(session, sq)) == 1


def test_a_run_after_the_interview_ended_changes_nothing(session, bank, ada, monkeypatch):
    interview, sq, answer_id, _ = _hand_in(session, ada)

    def decide(*_args: object, **_kwargs: object) -> interviews.FollowUpDecision:
        # The candidate ends the interview while the follow-up is being decided.
        interviews.end_early(session, ada.id or 0, interview.id or 0, enqueue=lambda *_: None)
        session.commit()
        return interviews.FollowUpDecision(prompt="And then?")

    monkeypatch.setattr(interviews, "decide_follow_up", decide)
    assert feedback.prepare_next(answer_id) == "nothing to do"
    assert _follow_ups(session, sq) == []
    session.refresh(interview)
    assert interview.status == "completed"


def test_the_priority_step_queues_the_scoring_even_when_it_fails(session, bank, ada, monkeypatch, noted):
    _, _, answer_id, _ = _hand_in(session, ada)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the embedding model is not there")

    monkeypatch.setattr(interviews, "prepare_next", broken)
    with pytest.raises(RuntimeError, match="embedding model"):
        feedback.prepare_then_score(answer_id)
    assert noted == [(background.SCORE_ANSWER, answer_id)]  # the scoring job decides the follow-up again first


def test_the_priority_step_moves_on_then_queues_the_scoring(session, bank, ada, noted):
    interview, sq, answer_id, _ = _hand_in(session, ada)
    assert feedback.prepare_then_score(answer_id) == "moved"
    assert noted == [(background.SCORE_ANSWER, answer_id)]
    session.refresh(interview)
    assert interview.current_position > sq.position or interview.status != "in_progress"


def test_the_in_process_priority_lane_does_not_wait_behind_the_pool(monkeypatch):
    """The pool's one thread is busy with a long job and more wait behind it: the next question runs at once."""
    pool = runner.InProcessRunner(workers=1)
    release = threading.Event()
    order: list[str] = []
    monkeypatch.setitem(background.TASKS, "slow_scoring", lambda n: release.wait(20) and order.append(f"score {n}"))
    monkeypatch.setitem(background.TASKS, background.PREPARE_NEXT, lambda n: order.append(f"next {n}") or "moved")
    try:
        scoring = [pool.enqueue("slow_scoring", n) for n in range(3)]
        assert pool.enqueue(background.PREPARE_NEXT, 9).result(10) == "moved"
        assert order == ["next 9"]  # every scoring still waits
        assert pool.depth() == 3
        release.set()
        for future in scoring:
            future.result(10)
        assert order == ["next 9", "score 0", "score 1", "score 2"]
    finally:
        release.set()
        pool.shutdown()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread CPU priority is a Linux feature")
def test_the_pool_yields_the_cpu_to_the_app_and_the_priority_lane(monkeypatch):
    def niceness() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    pool = runner.InProcessRunner(workers=1)
    monkeypatch.setitem(background.TASKS, "scoring_niceness", niceness)
    monkeypatch.setitem(background.TASKS, background.PREPARE_NEXT, niceness)
    try:
        here = niceness()
        assert pool.enqueue("scoring_niceness").result(10) == here + runner.POOL_NICENESS
        assert pool.enqueue(background.PREPARE_NEXT).result(10) == here  # the lane runs at the app's priority
        assert niceness() == here  # and the app's own threads are untouched
    finally:
        pool.shutdown()
