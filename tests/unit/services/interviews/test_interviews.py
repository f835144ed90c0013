"""Mock interviews: set-up validation, question selection, the timer, answers, follow-ups, scoring and results."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlmodel import Session, col, select

from interview_app.clock import utcnow
from interview_app.models import Answer, Feedback, InterviewSession, Question, SessionQuestion, User
from interview_app.services.answers import follow_ups
from interview_app.services.bank import questions
from interview_app.services.interviews import interviews, reports
from interview_app.services.interviews.interviews import InterviewError
from interview_app.services.scoring import judge, offline
from interview_app.services.scoring.embeddings import MODEL_NAME
from interview_app.services.scoring.rubric import (
    DIMENSIONS,
    RUBRIC_VERSION,
    KeyPointResult,
    ScoreResult,
    ScoringInput,
)
from interview_app.settings import get_settings
from tests.support.mock_interviews import (
    OFF_TOPIC_ANSWER,
    PARTIAL_ANSWER,
    VALID_SETUP,
    WEAK_ANSWER,
    current,
    options,
    run_after_commit,
    seed_bank,
    start,
    submit,
)


@pytest.fixture
def bank(session: Session, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Job roles and the curated bank in the test database (the files are parsed and hashed once per run)."""
    return seed_bank(session, monkeypatch)


@pytest.fixture
def ada(make_user) -> User:
    return make_user()


@pytest.fixture
def bob(make_user) -> User:
    return make_user("bob@example.com", "Bob Builder")


class Clock:
    """A controllable `utcnow` for the interview service."""

    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(interviews, "utcnow", fake)
    return fake


def sqs_of(session: Session, interview: InterviewSession) -> list[SessionQuestion]:
    return interviews.questions_of(session, interview.id or 0)


def question_of(session: Session, sq: SessionQuestion) -> Question:
    question = session.get(Question, sq.question_id)
    assert question is not None
    return question


def code_of(call: Callable[[], object]) -> str:
    with pytest.raises(InterviewError) as info:
        call()
    return info.value.code


def count(session: Session, model: type) -> int:
    return len(session.exec(select(model)).all())


# --- set-up validation -------------------------------------------------------------------------


def test_validate_setup_accepts_a_complete_form():
    opts = options()
    assert opts.role_slug == "backend-engineer"
    assert (opts.interview_type, opts.difficulty, opts.question_count) == ("mixed", "medium", 5)
    assert opts.focus == ["communication", "system-design"]
    assert (opts.timer_enabled, opts.time_limit_seconds, opts.answer_mode) == (True, 120, "text")


def test_validate_setup_auto_limit_and_no_timer_mean_no_fixed_limit():
    assert options(time_limit_seconds="auto").time_limit_seconds is None
    assert options(timer_enabled=False, time_limit_seconds="5").time_limit_seconds is None
    assert options(role_slug="").role_slug is None


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"interview_type": "speed-dating"}, "bad_type", "interview_type"),
        ({"interview_type": ""}, "bad_type", "interview_type"),
        ({"difficulty": "impossible"}, "bad_difficulty", "difficulty"),
        ({"question_count": "2"}, "bad_count", "question_count"),
        ({"question_count": "16"}, "bad_count", "question_count"),
        ({"question_count": "five"}, "bad_count", "question_count"),
        ({"focus": ["telepathy"]}, "bad_focus", "focus"),
        (
            {"focus": ["communication", "leadership", "ownership", "security", "delivery", "learning"]},
            "bad_focus",
            "focus",
        ),
        ({"time_limit_seconds": "29"}, "bad_limit", "time_limit_seconds"),
        ({"time_limit_seconds": "901"}, "bad_limit", "time_limit_seconds"),
        ({"time_limit_seconds": "soon"}, "bad_limit", "time_limit_seconds"),
        ({"answer_mode": "telegram"}, "bad_mode", "answer_mode"),
    ],
)
def test_validate_setup_rejects_each_bad_field(changes, code, field):
    with pytest.raises(InterviewError) as info:
        interviews.validate_setup({**VALID_SETUP, **changes})
    assert (info.value.code, info.value.field) == (code, field)


@pytest.mark.parametrize("value", ["3", "15", 3, 15])
def test_validate_setup_accepts_the_count_bounds(value):
    assert options(question_count=value).question_count == int(value)


# --- choosing questions --------------------------------------------------------------------------


def choose(session: Session, user: User, **kwargs: Any) -> list[Question]:
    params: dict[str, Any] = {
        "role": "backend-engineer",
        "interview_type": "technical",
        "difficulty": "medium",
        "focus": [],
        "count": 5,
        "rng": random.Random(1),
    }
    params.update(kwargs)
    return questions.choose_questions(session, user_id=user.id or 0, **params)


def test_choose_questions_respects_role_and_type(session, bank, ada):
    chosen = choose(session, ada, count=6)
    assert len(chosen) == 6
    assert len({q.id for q in chosen}) == 6
    assert all(q.type == "technical" for q in chosen)
    assert all("backend-engineer" in q.roles or "any" in q.roles for q in chosen)
    assert any("backend-engineer" in q.roles for q in chosen)


@pytest.mark.parametrize("role", ["backend-engineer", "devops-sre", "security-engineer"])
def test_mixed_plan_includes_system_design_for_engineering_roles(session, bank, ada, role):
    chosen = choose(session, ada, role=role, interview_type="mixed", count=8)
    assert [q.type for q in chosen] == questions.type_plan("mixed", 8, engineering=True)
    assert sum(q.type == "system_design" for q in chosen) == 2
    assert all(role in q.roles or "any" in q.roles for q in chosen)


@pytest.mark.parametrize("role", ["product-manager", "ux-designer", "sales", "project-manager"])
def test_mixed_plan_has_no_system_design_for_other_roles(session, bank, ada, role):
    chosen = choose(session, ada, role=role, interview_type="mixed", count=9)
    assert len(chosen) == 9
    assert not any(q.type == "system_design" for q in chosen)
    assert {q.type for q in chosen} == {"behavioural", "technical", "situational"}
    assert all(role in q.roles or "any" in q.roles for q in chosen)


@pytest.mark.parametrize("difficulty", ["easy", "medium", "hard"])
def test_choose_questions_prefers_the_requested_difficulty(session, bank, ada, difficulty):
    chosen = choose(session, ada, difficulty=difficulty, count=3)
    assert [q.difficulty for q in chosen] == [difficulty] * 3


def test_choose_questions_prefers_focus_competencies(session, bank, ada):
    focus = ["security"]
    pool = [
        q
        for q in session.exec(select(Question).where(Question.status == "active")).all()
        if q.type == "technical"
        and questions.fits_role(q, "backend-engineer")
        and q.difficulty == "medium"
        and q.language == "en"  # an English interview draws English questions
    ]
    matching = [q for q in pool if set(focus) & set(q.competencies)]
    assert matching, "the bank should have a medium technical backend question about security"
    chosen = choose(session, ada, focus=focus, count=len(matching))
    assert {q.id for q in chosen} == {q.id for q in matching}
    unfocused = choose(session, ada, focus=[], count=len(matching), rng=random.Random(7))
    assert sum(bool(set(focus) & set(q.competencies)) for q in unfocused) <= len(matching)


def test_choose_questions_avoids_questions_from_recent_sessions(session, bank, ada):
    first = start(session, ada, interview_type="technical", question_count="5")
    seen = {sq.question_id for sq in sqs_of(session, first)}
    again = choose(session, ada, count=5, rng=random.Random(2))
    assert not seen & {q.id for q in again}


def test_choose_questions_falls_back_to_recent_ones_when_the_bank_is_thin(session, bank, ada):
    keep = choose(session, ada, count=3)
    keep_ids = {q.id for q in keep}
    for question in session.exec(select(Question)).all():
        if question.id not in keep_ids:
            question.status = "retired"
            session.add(question)
    session.commit()
    first = start(session, ada, interview_type="technical", question_count="3")
    assert {sq.question_id for sq in sqs_of(session, first)} == keep_ids
    again = choose(session, ada, count=3, rng=random.Random(5))
    assert {q.id for q in again} == keep_ids
    # Asking for more than there is gives what there is, without repeating a question.
    assert len(choose(session, ada, count=5)) == 3


def test_start_session_with_no_fitting_questions_fails(session, ada):
    assert code_of(lambda: start(session, ada)) == "no_questions"


# --- starting and the timer ---------------------------------------------------------------------


def test_start_session_activates_the_first_question_only(session, bank, ada, clock):
    interview = start(session, ada, question_count="4")
    sqs = sqs_of(session, interview)
    assert interview.status == "in_progress"
    assert interview.question_count == 4 == len(sqs)
    assert [sq.position for sq in sqs] == [0, 10, 20, 30]
    assert [sq.status for sq in sqs] == ["active", "pending", "pending", "pending"]
    assert sqs[0].running_since == clock.now and sqs[0].shown_at == clock.now
    assert all(sq.running_since is None for sq in sqs[1:])
    assert all(sq.time_limit_seconds == 120 for sq in sqs)
    assert all(sq.kind == "main" and sq.prompt for sq in sqs)
    assert current(session, interview).id == sqs[0].id


def test_auto_time_limit_uses_each_questions_own_limit(session, bank, ada):
    interview = start(session, ada, time_limit_seconds="auto", question_count="3")
    for sq in sqs_of(session, interview):
        assert sq.time_limit_seconds == question_of(session, sq).time_limit_seconds


def test_seconds_left_counts_down_with_server_time(session, bank, ada, clock):
    interview = start(session, ada)
    sq = current(session, interview)
    assert interviews.seconds_left(sq, interview) == 120
    clock.advance(30)
    assert interviews.seconds_left(sq, interview) == 90
    assert interviews.seconds_left(sq, interview, now=clock.now + timedelta(seconds=0.5)) == 90
    assert interviews.seconds_left(sq, interview, now=clock.now + timedelta(seconds=45)) == 45
    assert interviews.seconds_left(sq, interview, now=clock.now + timedelta(hours=1)) == 0


def test_no_timer_means_no_seconds_left(session, bank, ada):
    interview = start(session, ada, timer_enabled=False)
    sq = current(session, interview)
    assert sq.running_since is None
    assert interviews.seconds_left(sq, interview) is None


def test_pause_stops_the_clock_and_resume_continues_it(session, bank, ada, clock):
    interview = start(session, ada)
    sq = current(session, interview)
    clock.advance(30)
    interviews.pause(session, ada.id or 0, interview.id or 0)
    session.commit()
    assert interview.paused_at == clock.now
    assert sq.running_since is None and sq.seconds_used == pytest.approx(30)
    clock.advance(600)  # a long break costs nothing
    assert interviews.seconds_left(sq, interview) == 90
    interviews.pause(session, ada.id or 0, interview.id or 0)  # pausing twice changes nothing
    assert sq.seconds_used == pytest.approx(30)
    interviews.resume(session, ada.id or 0, interview.id or 0)
    session.commit()
    assert interview.paused_at is None
    assert interviews.seconds_left(sq, interview) == 90
    clock.advance(20)
    assert interviews.seconds_left(sq, interview) == 70
    interviews.resume(session, ada.id or 0, interview.id or 0)  # resuming a running clock changes nothing
    clock.advance(10)
    assert interviews.seconds_left(sq, interview) == 60


def test_timer_survives_reloading_from_the_database(session, bank, ada, clock, _schema):
    """Each request loads the question afresh: the stored start time must still work."""
    interview = start(session, ada)
    sq_id, session_id = current(session, interview).id, interview.id
    clock.advance(25)
    with Session(_schema) as fresh:
        sq = fresh.get(SessionQuestion, sq_id)
        loaded = fresh.get(InterviewSession, session_id)
        assert sq is not None and loaded is not None
        assert interviews.seconds_left(sq, loaded) == 95


def test_pause_and_resume_refuse_other_users_and_finished_sessions(session, bank, ada, bob):
    interview = start(session, ada)
    assert code_of(lambda: interviews.pause(session, bob.id or 0, interview.id or 0)) == "not_found"
    assert code_of(lambda: interviews.resume(session, bob.id or 0, interview.id or 0)) == "not_found"
    interviews.end_early(session, ada.id or 0, interview.id or 0, enqueue=lambda *_: None)
    assert code_of(lambda: interviews.pause(session, ada.id or 0, interview.id or 0)) == "session_over"


# --- drafts and answers ---------------------------------------------------------------------------


def test_save_draft_stores_the_text(session, bank, ada, clock):
    interview = start(session, ada)
    sq = current(session, interview)
    saved = interviews.save_draft(session, ada.id or 0, sq.id or 0, "First thoughts")
    session.commit()
    assert saved == clock.now
    session.refresh(sq)
    assert sq.draft == "First thoughts"


def test_save_draft_rejects_too_long_text_and_other_users(session, bank, ada, bob):
    interview = start(session, ada)
    sq = current(session, interview)
    assert code_of(lambda: interviews.save_draft(session, ada.id or 0, sq.id or 0, "x" * 8001)) == "too_long"
    assert code_of(lambda: interviews.save_draft(session, bob.id or 0, sq.id or 0, "mine now")) == "not_found"
    assert sq.draft == ""


def test_save_draft_only_on_the_current_question(session, bank, ada):
    interview = start(session, ada)
    later = sqs_of(session, interview)[1]
    assert code_of(lambda: interviews.save_draft(session, ada.id or 0, later.id or 0, "early")) == "not_current"


def test_save_draft_is_one_statement_when_it_can_save(session, bank, ada):
    interview = start(session, ada)
    sq = current(session, interview)
    session.commit()
    statements: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", note)
    try:
        interviews.save_draft(session, ada.id or 0, sq.id or 0, "Typed while others type")
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert len(statements) == 1 and statements[0].lstrip().upper().startswith("UPDATE")
    assert sq.draft == "Typed while others type"  # the copy this session holds is brought up to date
    session.commit()
    session.expire_all()
    stored = session.get(SessionQuestion, sq.id)
    assert stored is not None and stored.draft == "Typed while others type"


def test_save_draft_refuses_after_the_answer_and_once_the_session_has_run_out(session, bank, ada, clock):
    interview = start(session, ada)
    sq = current(session, interview)
    interviews.save_draft(session, ada.id or 0, sq.id or 0, "kept")
    clock.advance(get_settings().interview_max_minutes * 60 + 1)
    assert code_of(lambda: interviews.save_draft(session, ada.id or 0, sq.id or 0, "too late")) == "session_over"
    clock.advance(-(get_settings().interview_max_minutes * 60 + 1))
    submit(session, ada, sq, "My answer, handed in before the time ran out.")
    assert code_of(lambda: interviews.save_draft(session, ada.id or 0, sq.id or 0, "after")) == "already_answered"
    session.commit()
    session.expire_all()
    stored = session.get(SessionQuestion, sq.id)
    assert stored is not None and stored.draft not in ("too late", "after")


def test_submit_answer_rejects_empty_and_too_long(session, bank, ada):
    interview = start(session, ada)
    sq = current(session, interview)
    assert code_of(lambda: submit(session, ada, sq, "")) == "empty"
    assert code_of(lambda: submit(session, ada, sq, " \n\t ")) == "empty"
    assert code_of(lambda: submit(session, ada, sq, "word " * 2000)) == "too_long"
    assert count(session, Answer) == 0
    assert sq.status == "active"


def test_submit_answer_twice_is_refused(session, bank, ada):
    interview = start(session, ada)
    sq = current(session, interview)
    submit(session, ada, sq, question_of(session, sq).model_answer)
    assert code_of(lambda: submit(session, ada, sq, "Another go")) == "already_answered"
    assert count(session, Answer) == 1


def test_submit_answer_to_another_users_question_is_not_found(session, bank, ada, bob):
    interview = start(session, ada)
    sq = current(session, interview)
    assert code_of(lambda: submit(session, bob, sq, "Hijack")) == "not_found"
    assert code_of(lambda: interviews.submit_answer(session, ada.id or 0, 999_999, "Nothing here")) == "not_found"
    assert count(session, Answer) == 0


def test_submit_answer_while_paused_is_refused(session, bank, ada):
    interview = start(session, ada)
    sq = current(session, interview)
    interviews.pause(session, ada.id or 0, interview.id or 0)
    assert code_of(lambda: submit(session, ada, sq, "An answer")) == "paused"
    interviews.resume(session, ada.id or 0, interview.id or 0)
    submit(session, ada, sq, question_of(session, sq).model_answer)
    assert sq.status == "answered"


def test_submit_answer_saves_moves_on_and_queues_scoring_after_commit(session, bank, ada, clock):
    interview = start(session, ada, question_count="3")
    first, second, _ = sqs_of(session, interview)
    clock.advance(42)
    calls: list[tuple[str, int]] = []
    outcome = interviews.submit_answer(
        session,
        ada.id or 0,
        first.id or 0,
        "  " + question_of(session, first).model_answer + "  ",
        enqueue=lambda name, answer_id: calls.append((name, answer_id)),
    )
    assert calls == []  # nothing is queued before the commit
    run_after_commit(session)
    assert calls == [("prepare_next", outcome.answer_id)]  # the priority lane, which then queues the scoring
    answer = session.get(Answer, outcome.answer_id)
    assert answer is not None
    assert answer.text == question_of(session, first).model_answer
    assert (answer.status, answer.mode, answer.user_id) == ("submitted", "text", ada.id)
    assert answer.duration_seconds == pytest.approx(42, abs=0.1)
    assert first.status == "answered" and first.running_since is None and first.finished_at == clock.now
    # The follow-up is decided by the job: until then the interview waits on the answered question.
    assert outcome.preparing and not outcome.finished and outcome.follow_up is None
    assert interview.current_position == first.position and second.status == "pending"
    assert interviews.awaits_next(session, interview, first)
    assert interviews.next_step(session, ada.id or 0, first.id or 0) is None
    clock.advance(1)
    decided = interviews.prepare_next(session, outcome.answer_id)
    assert decided is not None and decided.follow_up is None  # the model answer covers every key point
    assert second.status == "active" and second.running_since == clock.now
    assert interview.current_position == second.position
    assert interviews.prepare_next(session, outcome.answer_id) is None  # decided once
    later = interviews.next_step(session, ada.id or 0, first.id or 0)
    assert later is not None and later.answer_id == outcome.answer_id and not later.finished
    answer = session.get(Answer, outcome.answer_id)
    assert answer is not None and answer.key_point_verdicts  # the scoring reads the same verdicts


@dataclass
class _Verdict:
    point: str
    covered: bool
    confidence: float
    evidence: str | None


@dataclass
class _Analysis:
    key_points: list[_Verdict]
    content: float
    coverage: float


def open_points(question: Question) -> list[str]:
    """The key points `leave_open` marks as not covered: the second and the last."""
    return [question.key_points[1], question.key_points[-1]]


def leave_open(monkeypatch: pytest.MonkeyPatch) -> None:
    """The offline analysis says every key point but two is covered (a partial, on-topic answer)."""

    def analyse(question: Question, answer: str, known: object = None) -> _Analysis:
        missing = open_points(question)
        verdicts = [
            _Verdict(p, p not in missing, 0.2 if p in missing else 0.8, None if p in missing else answer[:60])
            for p in question.key_points
        ]
        return _Analysis(verdicts, 0.55, 0.6)

    monkeypatch.setattr(interviews, "analyse_answer", analyse)


def test_a_partial_answer_gets_exactly_one_probe_right_after_its_question(session, bank, ada, monkeypatch):
    interview = start(session, ada, question_count="3")
    first = current(session, interview)
    question = question_of(session, first)
    leave_open(monkeypatch)
    outcome = submit(session, ada, first, PARTIAL_ANSWER)
    assert outcome.follow_up is not None
    assert outcome.missed_points == open_points(question)
    assert follow_ups.grounding_problems(outcome.follow_up, question.prompt, PARTIAL_ANSWER) == []
    sqs = sqs_of(session, interview)
    follow = [sq for sq in sqs if sq.kind == "follow_up"]
    assert len(follow) == 1
    assert follow[0].position == first.position + 1
    assert follow[0].parent_id == first.id and follow[0].question_id == first.question_id
    assert follow[0].prompt == outcome.follow_up
    assert len(follow[0].key_points) == 1 and follow[0].key_points[0] in open_points(question)
    assert follow[0].status == "active"
    assert follow[0].time_limit_seconds == max(60, first.time_limit_seconds // 2)
    assert [sq.position for sq in sqs] == [0, 1, 10, 20]
    assert current(session, interview).id == follow[0].id
    # The answer to the follow-up does not get a follow-up of its own.
    again = submit(session, ada, follow[0], WEAK_ANSWER)
    assert again.follow_up is None
    assert sum(sq.kind == "follow_up" for sq in sqs_of(session, interview)) == 1
    assert current(session, interview).position == 10
    assert interviews.question_number(session, current(session, interview)) == (2, 3)


def test_a_follow_up_has_its_main_questions_number(session, bank, ada, monkeypatch):
    interview = start(session, ada, question_count="3")
    first = current(session, interview)
    assert interviews.question_number(session, first) == (1, 3)
    leave_open(monkeypatch)
    submit(session, ada, first, PARTIAL_ANSWER)
    follow = current(session, interview)
    assert follow.kind == "follow_up" and interviews.question_number(session, follow) == (1, 3)


def test_an_off_topic_answer_is_redirected_to_the_question(session, bank, ada):
    interview = start(session, ada, question_count="3")
    first = current(session, interview)
    question = question_of(session, first)
    outcome = submit(session, ada, first, OFF_TOPIC_ANSWER)
    assert outcome.follow_up is not None
    assert outcome.follow_up.startswith("Let's come back to the question: ")
    follow = current(session, interview)
    assert follow.kind == "follow_up" and follow.key_points == question.key_points


def test_each_main_question_gets_at_most_one_follow_up(session, bank, ada):
    interview = start(session, ada, question_count="3")
    for _ in range(10):
        sq = interviews.current_question(session, interview)
        if sq is None:
            break
        submit(session, ada, sq, WEAK_ANSWER)
    assert interview.status == "completed"
    sqs = sqs_of(session, interview)
    mains = [sq for sq in sqs if sq.kind == "main"]
    follows = [sq for sq in sqs if sq.kind == "follow_up"]
    assert len(mains) == 3
    assert len(follows) <= 3
    assert len({sq.parent_id for sq in follows}) == len(follows)
    assert all(sq.parent_id in {m.id for m in mains} for sq in follows)
    assert all(sq.status == "answered" for sq in sqs)


def test_a_strong_answer_gets_no_follow_up(session, bank, ada):
    interview = start(session, ada, question_count="3")
    first = current(session, interview)
    outcome = submit(session, ada, first, question_of(session, first).model_answer)
    assert outcome.follow_up is None
    assert not any(sq.kind == "follow_up" for sq in sqs_of(session, interview))
    assert current(session, interview).position == 10


def test_a_failing_analysis_costs_only_the_follow_up(session, bank, ada, monkeypatch):
    interview = start(session, ada, question_count="3")
    first = current(session, interview)

    def broken(question: Question, answer: str, known: object = None) -> _Analysis:
        raise RuntimeError("scorer down")

    monkeypatch.setattr(interviews, "analyse_answer", broken)
    outcome = submit(session, ada, first, PARTIAL_ANSWER)
    assert outcome.follow_up is None and not outcome.finished
    assert session.get(Answer, outcome.answer_id) is not None
    assert current(session, interview).position == 10


def test_a_written_follow_up_is_used_only_when_it_is_grounded(session, bank, ada, monkeypatch):
    interview = start(session, ada, question_count="3")
    first = current(session, interview)
    leave_open(monkeypatch)
    seen: list[list[str]] = []

    def writer(prompt: str, answer: str, missed: list[str]) -> str | None:
        seen.append(missed)
        return "What would you measure first?"

    outcome = submit(session, ada, first, PARTIAL_ANSWER, writer=writer)
    assert outcome.follow_up == "What would you measure first?"
    assert len(seen[0]) == 1 and seen[0][0] in open_points(question_of(session, first))  # the point to probe
    second = interviews.current_question(session, interview)
    assert second is not None and second.kind == "follow_up"
    submit(session, ada, second, question_of(session, second).model_answer)
    third = current(session, interview)
    invented = submit(
        session, ada, third, PARTIAL_ANSWER, writer=lambda *_: "What would you have done if Dana had refused?"
    )
    assert invented.follow_up and "Dana" not in invented.follow_up  # the planned follow-up instead
    assert current(session, interview).prompt == invented.follow_up


def test_without_a_written_follow_up_the_planned_one_is_asked(session, bank, ada, monkeypatch):
    interview = start(session, ada, question_count="3")
    first = current(session, interview)
    question = question_of(session, first)
    leave_open(monkeypatch)
    outcome = submit(session, ada, first, PARTIAL_ANSWER, writer=lambda *_: None)
    plan = follow_ups.plan_follow_up(
        interviews.asked_question(question), PARTIAL_ANSWER, interviews.analyse_answer(question, PARTIAL_ANSWER)
    )
    assert outcome.follow_up == plan.prompt and plan.kind == "probe"


def test_skip_moves_on_and_the_last_skip_ends_the_session(session, bank, ada):
    interview = start(session, ada, question_count="3")
    sqs = sqs_of(session, interview)
    assert interviews.skip_question(session, ada.id or 0, sqs[0].id or 0) is False
    assert sqs[0].status == "skipped" and sqs[1].status == "active"
    assert code_of(lambda: interviews.skip_question(session, ada.id or 0, sqs[0].id or 0)) == "already_answered"
    assert interviews.skip_question(session, ada.id or 0, sqs[1].id or 0) is False
    assert interviews.skip_question(session, ada.id or 0, sqs[2].id or 0) is True
    assert interview.status == "completed" and interview.ended_at is not None
    assert count(session, Answer) == 0
    assert code_of(lambda: interviews.skip_question(session, ada.id or 0, sqs[2].id or 0)) == "session_over"


def test_end_early_keeps_a_typed_draft_as_the_answer(session, bank, ada):
    interview = start(session, ada, question_count="4")
    sqs = sqs_of(session, interview)
    submit(session, ada, sqs[0], question_of(session, sqs[0]).model_answer)
    interviews.save_draft(session, ada.id or 0, sqs[1].id or 0, "  Half an answer, typed but not sent.  ")
    calls: list[tuple[str, int]] = []
    ended = interviews.end_early(session, ada.id or 0, interview.id or 0, enqueue=lambda n, a: calls.append((n, a)))
    run_after_commit(session)
    assert ended.status == "completed" and ended.paused_at is None
    assert [sq.status for sq in sqs_of(session, interview)] == ["answered", "answered", "skipped", "skipped"]
    draft_answer = session.exec(select(Answer).where(Answer.session_question_id == sqs[1].id)).one()
    assert draft_answer.text == "Half an answer, typed but not sent."
    assert calls == [("score_answer", draft_answer.id)]
    assert code_of(lambda: interviews.end_early(session, ada.id or 0, interview.id or 0)) == "session_over"


def test_end_early_without_a_draft_skips_the_rest(session, bank, ada, bob):
    interview = start(session, ada, question_count="3")
    assert code_of(lambda: interviews.end_early(session, bob.id or 0, interview.id or 0)) == "not_found"
    interviews.end_early(session, ada.id or 0, interview.id or 0, enqueue=lambda *_: None)
    assert all(sq.status == "skipped" for sq in sqs_of(session, interview))
    assert interview.overall_score == 0
    assert interview.breakdown["skipped"] == 3


# --- scoring and results ----------------------------------------------------------------------------


def test_score_answer_stores_feedback_and_is_idempotent(session, bank, ada):
    interview = start(session, ada, question_count="3")
    sq = current(session, interview)
    outcome = submit(session, ada, sq, question_of(session, sq).model_answer)
    feedback = interviews.write_feedback(session, outcome.answer_id, scorer=offline.score)
    session.commit()
    assert feedback is not None
    assert (feedback.engine, feedback.model, feedback.rubric_version) == (
        "offline",
        f"{MODEL_NAME} int8 + {judge.MODEL_NAME}",
        RUBRIC_VERSION,
    )
    assert feedback.user_id == ada.id
    assert set(feedback.dimensions) == {"relevance", "structure", "specificity", "impact"}
    assert feedback.total == sum(feedback.dimensions.values())
    assert feedback.total >= 50
    assert feedback.result["total"] == feedback.total
    assert feedback.result["strengths"] and feedback.result["improvements"]
    answer = session.get(Answer, outcome.answer_id)
    assert answer is not None and answer.status == "scored" and answer.scored_at is not None
    assert interviews.write_feedback(session, outcome.answer_id, scorer=offline.score) is None
    assert count(session, Feedback) == 1
    assert interviews.write_feedback(session, 999_999, scorer=offline.score) is None


def test_score_answer_judges_a_follow_up_on_its_own_key_points(session, bank, ada, monkeypatch):
    interview = start(session, ada, question_count="3")
    first = current(session, interview)
    question = question_of(session, first)
    leave_open(monkeypatch)
    submit(session, ada, first, PARTIAL_ANSWER)
    follow = current(session, interview)
    assert follow.kind == "follow_up"
    outcome = submit(session, ada, follow, question.model_answer)
    seen = []

    def scorer(inp):
        seen.append(inp)
        return offline.score(inp)

    feedback = interviews.write_feedback(session, outcome.answer_id, scorer=scorer)
    assert feedback is not None
    assert seen[0].question == follow.prompt
    assert seen[0].key_points == follow.key_points and follow.key_points[0] in open_points(question)
    assert seen[0].reference_answer == follow_ups.relevant_reference(question.model_answer, seen[0].key_points)
    assert len(seen[0].reference_answer) < len(question.model_answer)


def test_a_redirect_is_judged_on_all_the_questions_key_points(session, bank, ada):
    interview = start(session, ada, question_count="3")
    first = current(session, interview)
    question = question_of(session, first)
    submit(session, ada, first, OFF_TOPIC_ANSWER)
    follow = current(session, interview)
    outcome = submit(session, ada, follow, question.model_answer)
    seen = []
    interviews.write_feedback(session, outcome.answer_id, scorer=lambda inp: seen.append(inp) or offline.score(inp))
    assert seen[0].key_points == question.key_points and seen[0].reference_answer == question.model_answer


def fixed_scorer(totals: dict[str, int]) -> Callable[[ScoringInput], ScoreResult]:
    """A scorer that gives each answer text the total in `totals` (dimensions a quarter each)."""

    def score(inp: ScoringInput) -> ScoreResult:
        total = totals[inp.answer]
        return ScoreResult(
            total=total,
            dimensions={d: total // 4 for d in DIMENSIONS},
            checklist={},
            key_points=[KeyPointResult(point=p, covered=False, confidence=0.0) for p in inp.key_points],
            strengths=[],
            improvements=[],
            summary="",
            engine="offline",
            model="fixed",
        )

    return score


def test_a_weaker_follow_up_never_lowers_the_questions_score(session, bank, ada, monkeypatch):
    interview = start(session, ada, question_count="3")
    sqs = sqs_of(session, interview)
    leave_open(monkeypatch)
    ids = [submit(session, ada, sqs[0], PARTIAL_ANSWER).answer_id]
    ids.append(submit(session, ada, current(session, interview), WEAK_ANSWER).answer_id)
    for sq in sqs[1:]:
        interviews.skip_question(session, ada.id or 0, sq.id or 0)
    scorer = fixed_scorer({PARTIAL_ANSWER: 60, WEAK_ANSWER: 10})
    for answer_id in ids:
        interviews.write_feedback(session, answer_id, scorer=scorer)
    assert interview.status == "completed"
    assert interview.breakdown["questions"] == {str(sqs[0].id): 60}
    assert interview.overall_score == round(60 / 3)
    assert interview.breakdown["dimensions"]["relevance"] == 15


def test_a_better_follow_up_raises_the_questions_score_by_its_share(session, bank, ada, monkeypatch):
    interview = start(session, ada, question_count="3")
    sqs = sqs_of(session, interview)
    question = question_of(session, sqs[0])
    leave_open(monkeypatch)
    ids = [submit(session, ada, sqs[0], PARTIAL_ANSWER).answer_id]
    ids.append(submit(session, ada, current(session, interview), question.model_answer).answer_id)
    for sq in sqs[1:]:
        interviews.skip_question(session, ada.id or 0, sq.id or 0)
    scorer = fixed_scorer({PARTIAL_ANSWER: 40, question.model_answer: 80})
    for answer_id in ids:
        interviews.write_feedback(session, answer_id, scorer=scorer)
    expected = 40 + (80 - 40) / len(question.key_points)
    assert interview.breakdown["questions"] == {str(sqs[0].id): round(expected)}
    assert interview.overall_score == round(expected / 3)
    assert interview.breakdown["skipped"] == 2
    # The report says what the headline counted: the chart's answered average is given beside it.
    report = reports.build(session, ada.id or 0, interview.id or 0)
    assert (report["counted"], report["answered"], report["skipped"]) == (3, 1, 2)
    assert report["answered_average"] == round(expected) and report["overall"] == round(expected / 3)
    assert round(sum(report["dimensions"].values())) == pytest.approx(round(expected), abs=2)


def test_summarise_waits_for_every_answer_and_counts_skips_as_zero(session, bank, ada):
    interview = start(session, ada, question_count="3")
    sqs = sqs_of(session, interview)
    answer_ids = [submit(session, ada, sqs[0], question_of(session, sqs[0]).model_answer).answer_id]
    interviews.skip_question(session, ada.id or 0, sqs[1].id or 0)
    answer_ids.append(submit(session, ada, sqs[2], question_of(session, sqs[2]).model_answer).answer_id)
    assert interview.status == "completed"
    assert interview.overall_score is None  # nothing scored yet
    first = interviews.write_feedback(session, answer_ids[0], scorer=offline.score)
    assert first is not None
    assert interview.overall_score is None  # one answer still waits
    last = interviews.write_feedback(session, answer_ids[1], scorer=offline.score)
    assert last is not None
    session.commit()
    assert interview.overall_score == round((first.total + 0 + last.total) / 3)
    assert interview.breakdown["skipped"] == 1
    assert interview.breakdown["answered"] == 2
    assert set(interview.breakdown["dimensions"]) == {"relevance", "structure", "specificity", "impact"}
    assert interview.breakdown["competencies"]
    assert 1 <= len(interview.recommendations) <= 5
    assert any("Attempt every question" in r for r in interview.recommendations)


def test_session_is_summed_up_when_answers_were_scored_at_the_same_time(session, bank, ada):
    # Two jobs scored the last two answers concurrently: each saw the other unscored, so neither summed up.
    interview = start(session, ada, question_count="3")
    sqs = sqs_of(session, interview)
    answer_ids = [
        submit(session, ada, sq, question_of(session, sq).model_answer).answer_id for sq in sqs if sq.kind == "main"
    ]
    session.commit()
    assert interview.status == "completed"
    for answer_id in answer_ids:
        interviews.write_feedback(session, answer_id, scorer=offline.score)
    interview.overall_score = None
    session.commit()
    # The job's second transaction sums it up...
    interviews.summarise_answer_session(session, answer_ids[-1])
    assert interview.overall_score is not None
    # ...and the report does too if that step was lost (e.g. a crash between the two).
    interview.overall_score = None
    session.commit()
    report = reports.build(session, ada.id or 0, interview.id or 0)
    assert report["overall"] is not None and report["pending"] == 0


def test_recommendations_are_never_empty():
    strong = {"dimensions": {"relevance": 24, "structure": 23, "specificity": 22, "impact": 24}, "competencies": {}}
    assert interviews.recommendations(strong, {}, [], 0)
    weak = {"dimensions": {"relevance": 5, "structure": 3, "specificity": 8, "impact": 2}, "competencies": {"x": 10}}
    advice = interviews.recommendations(weak, {"result": 3, "task": 1}, ["Quantify the impact."], 2)
    assert 3 <= len(advice) <= 5
    assert len(set(advice)) == len(advice)


def test_delete_session_removes_everything_and_its_media(session, bank, ada, tmp_path: Path):
    interview = start(session, ada, question_count="3")
    sqs = sqs_of(session, interview)
    submit(session, ada, sqs[0], WEAK_ANSWER)  # adds a follow-up
    outcome = submit(session, ada, current(session, interview), question_of(session, sqs[0]).model_answer)
    interviews.write_feedback(session, outcome.answer_id, scorer=offline.score)
    media = tmp_path / "media" / "ada" / "answer.webm"
    media.parent.mkdir(parents=True)
    media.write_bytes(b"fake video")
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me")
    answers = session.exec(select(Answer)).all()
    answers[0].media_path, answers[1].media_path = "ada/answer.webm", "../outside.txt"
    session.add_all(answers)
    session.commit()
    other = start(session, ada, seed=3, question_count="3")
    interviews.delete_session(session, ada.id or 0, interview.id or 0, media_root=tmp_path / "media")
    run_after_commit(session)
    assert session.get(InterviewSession, interview.id) is None
    assert count(session, Answer) == 0 and count(session, Feedback) == 0
    remaining = session.exec(select(SessionQuestion)).all()
    assert {sq.session_id for sq in remaining} == {other.id}
    assert len(remaining) == 3
    assert not media.exists()
    assert outside.read_text() == "keep me"  # nothing outside the media root is touched


def test_delete_session_refuses_another_users_session(session, bank, ada, bob):
    interview = start(session, ada)
    assert code_of(lambda: interviews.delete_session(session, bob.id or 0, interview.id or 0)) == "not_found"
    session.rollback()
    assert session.get(InterviewSession, interview.id) is not None


def test_history_is_newest_first_and_filters(session, bank, ada, bob, clock):
    older = start(session, ada, interview_type="technical")
    clock.advance(60)
    interviews.end_early(session, ada.id or 0, older.id or 0, enqueue=lambda *_: None)
    session.commit()
    newer = start(session, ada, seed=4, interview_type="behavioural")
    start(session, bob, interview_type="technical")
    assert [s.id for s in interviews.history(session, ada.id or 0)] == [newer.id, older.id]
    assert [s.id for s in interviews.history(session, ada.id or 0, status="completed")] == [older.id]
    assert [s.id for s in interviews.history(session, ada.id or 0, status="in_progress")] == [newer.id]
    assert [s.id for s in interviews.history(session, ada.id or 0, interview_type="behavioural")] == [newer.id]
    assert [s.id for s in interviews.history(session, ada.id or 0, interview_type="bogus")] == [newer.id, older.id]


def test_start_practice_runs_one_question(session, bank, ada):
    question = session.exec(select(Question).where(col(Question.slug) == "backend-rate-limiter-design")).one()
    interview = interviews.start_practice(session, ada.id or 0, question.id or 0)
    session.commit()
    sqs = sqs_of(session, interview)
    assert interview.practice and interview.question_count == 1
    assert [(sq.question_id, sq.status) for sq in sqs] == [(question.id, "active")]
    assert code_of(lambda: interviews.start_practice(session, ada.id or 0, 999_999)) == "not_found"
