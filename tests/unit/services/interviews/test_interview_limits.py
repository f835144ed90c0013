"""The limits where the services enforce them (interviews a day, answers a minute, AI-scored answers a minute,
exports), and interviews left running: the warning time, ending as "abandoned" with the answers kept, the job."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

import pytest
from sqlmodel import Session, col, select

from interview_app import background
from interview_app.clock import utcnow
from interview_app.jobs import tasks
from interview_app.models import Answer, Feedback, InterviewSession, Question, User
from interview_app.services.accounts.accounts import Client
from interview_app.services.answers import recordings
from interview_app.services.interviews import interviews, report_pdf, reports
from interview_app.services.privacy import privacy
from interview_app.services.scoring import engine, offline
from interview_app.services.scoring.rubric import ScoreResult, ScoringInput
from interview_app.services.shared import limits
from interview_app.services.shared.limits import LimitExceeded
from tests.support.handlers import recording_in_progress
from tests.support.mock_interviews import WEAK_ANSWER, current, run_after_commit

CLIENT = Client(ip="198.51.100.7", user_agent="pytest")


def _nothing(*args: object) -> None:
    """Work queued by a call under test goes nowhere (the test checks the rows)."""


@pytest.fixture
def bank(session: Session) -> list[Question]:
    """A small bank of its own (behavioural questions for any role), so these tests do not read the curated one."""
    rows = [
        Question(
            slug=f"limits-{i}",
            type="behavioural",
            difficulty="medium",
            roles=["any"],
            competencies=["communication"],
            prompt=f"Tell me about a time you disagreed with a colleague about a design ({i}).",
            key_points=["The disagreement", "How you listened", "The outcome"],
            model_answer="We disagreed about the design, I listened to their reasons, and we shipped a better one.",
            follow_ups=[],
        )
        for i in range(8)
    ]
    session.add_all(rows)
    session.commit()
    return rows


def options(**changes: object) -> interviews.SetupOptions:
    setup = {"interview_type": "behavioural", "difficulty": "medium", "question_count": "3", "answer_mode": "text"}
    return interviews.validate_setup({**setup, **changes})


@pytest.fixture
def ada(make_user: Callable[..., User]) -> User:
    return make_user()


class Clock:
    """A controllable `utcnow` for the interview service."""

    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(interviews, "utcnow", fake)
    return fake


@pytest.fixture
def queued() -> Iterator[list[tuple[object, ...]]]:
    """Work queued by name (the job runner's place)."""
    calls: list[tuple[object, ...]] = []
    background.set_dispatcher(lambda *args: calls.append(args))
    yield calls
    background.set_dispatcher(None)


def start(session: Session, user: User, seed: int = 0, **changes) -> InterviewSession:
    interview = interviews.start_session(session, user.id or 0, options(**changes), rng=random.Random(seed))
    session.commit()
    return interview


def submit(session: Session, user: User, interview: InterviewSession, text: str = WEAK_ANSWER):
    outcome = interviews.submit_answer(
        session, user.id or 0, current(session, interview).id or 0, text, enqueue=_nothing
    )
    session.commit()
    if outcome.preparing:  # what the score_answer job does first: the follow-up, then the next question
        outcome = interviews.prepare_next(session, outcome.answer_id) or outcome
        session.commit()
    return outcome


# ---------------------------------------------------------------- interviews a day


def test_the_sixth_interview_of_the_day_is_refused_with_the_time_to_wait(
    session: Session, bank, ada: User, override_settings
):
    override_settings(interviews_per_day=5)
    for seed in range(5):
        start(session, ada, seed)
    with pytest.raises(LimitExceeded) as refused:
        start(session, ada, 9)
    session.rollback()
    assert refused.value.rule == limits.INTERVIEWS_PER_DAY and refused.value.used == 5
    assert 86400 - 60 <= refused.value.retry_after <= 86400
    assert len(session.exec(select(InterviewSession)).all()) == 5  # nothing was made


def test_practising_one_question_is_not_an_interview_of_the_day(session: Session, bank, ada: User, override_settings):
    override_settings(interviews_per_day=1)
    question = session.exec(select(Question)).first()
    assert question is not None
    for _ in range(3):
        interviews.start_practice(session, ada.id or 0, question.id or 0)
    session.commit()
    start(session, ada)  # the day's one interview is still there
    with pytest.raises(LimitExceeded):
        interviews.start_chosen(session, ada.id or 0, options(), [question])  # tailored and company loops count


def test_a_refused_tailored_interview_drafts_nothing(session: Session, bank, ada: User, override_settings):
    from interview_app.services.tailoring import tailoring

    override_settings(interviews_per_day=1)
    start(session, ada)
    before = len(session.exec(select(Question)).all())
    with pytest.raises(LimitExceeded):
        tailoring.start(session, ada.id or 0, count=3)
    assert len(session.exec(select(Question)).all()) == before


# ---------------------------------------------------------------- answers a minute


def test_a_third_answer_within_a_minute_waits_and_keeps_its_draft(
    session: Session, bank, ada: User, clock: Clock, override_settings
):
    override_settings(answers_per_minute=2)
    interview = start(session, ada, question_count=5)
    submit(session, ada, interview)
    clock.advance(seconds=20)
    submit(session, ada, interview)
    clock.advance(seconds=15)
    sq = current(session, interview)
    interviews.save_draft(session, ada.id or 0, sq.id or 0, "My third answer, typed fast.")
    session.commit()
    with pytest.raises(LimitExceeded) as refused:
        interviews.submit_answer(session, ada.id or 0, sq.id or 0, "My third answer, typed fast.", enqueue=_nothing)
    session.rollback()
    # The first answer was handed in at the real time of the test run (answers carry the database's clock).
    assert refused.value.rule == limits.ANSWERS_PER_MINUTE and 1 <= refused.value.retry_after <= 60
    session.expire_all()
    sq = current(session, interview)
    assert sq.status == "active" and sq.draft == "My third answer, typed fast."
    assert "Send this one in" in refused.value.message()


def test_a_recording_is_not_handed_in_over_the_limit_and_stays(session: Session, bank, ada: User, override_settings):
    override_settings(answers_per_minute=1)
    interview = start(session, ada, question_count=3, answer_mode="audio")
    first = interviews.questions_of(session, interview.id or 0)[0]
    # One typed answer handed in a moment ago (as another tab might have).
    other = start(session, ada, seed=1)
    submit(session, ada, other)
    session.add(recording_in_progress(first.id or 0, ada.id or 0, 3))
    session.commit()
    with pytest.raises(LimitExceeded):
        recordings.hand_in(session, ada.id or 0, first.id or 0, 3, enqueue=_nothing)
    session.rollback()
    kept = recordings.recording_of(session, first.id or 0)
    assert kept is not None and kept.status == "recording" and kept.media_pieces == 3


# ---------------------------------------------------------------- AI-scored answers a minute


def test_over_the_llm_limit_the_built_in_scorer_scores_and_says_so(
    session: Session, bank, ada: User, override_settings, monkeypatch: pytest.MonkeyPatch
):
    override_settings(scoring_engine="llm", openai_base_url="http://127.0.0.1:9/v1", llm_scoring_per_minute=2)
    asked: list[str] = []

    def fake_llm(inp: ScoringInput, engine_choice: str | None = None) -> ScoreResult:
        asked.append(inp.answer)
        result = offline.score(inp)
        result.engine = "llm"
        return result

    monkeypatch.setattr(engine, "score_content", fake_llm)
    interview = start(session, ada, question_count=3)
    ids = [submit(session, ada, interview, f"{WEAK_ANSWER} ({i})").answer_id for i in range(3)]
    for answer_id in ids:
        interviews.write_feedback(session, answer_id)
        session.commit()
    feedback = {f.answer_id: f for f in session.exec(select(Feedback)).all()}
    assert len(asked) == 2  # the AI reviewer was asked twice in the minute, not three times
    assert [feedback[i].engine for i in ids] == ["llm", "llm", "offline"]
    third = feedback[ids[2]].result
    assert "llm_fallback" in third["flags"]
    assert third["fallback_reason"].startswith("More answers arrived in a minute than the AI reviewer takes (2 a")
    report = reports.build(session, ada.id or 0, interview.id or 0)
    assert report["fallback"] == third["fallback_reason"]  # the report says so too


def test_the_offline_engine_takes_nothing_from_the_llm_limit(session: Session, bank, ada: User, override_settings):
    override_settings(scoring_engine="offline", llm_scoring_per_minute=1)
    interview = start(session, ada, question_count=3)
    ids = [submit(session, ada, interview).answer_id for _ in range(2)]
    for answer_id in ids:
        interviews.write_feedback(session, answer_id)
    assert all("llm_fallback" not in f.result["flags"] for f in session.exec(select(Feedback)).all())
    assert limits.usage(session, ada.id or 0, limits.LLM_SCORING_PER_MINUTE).used == 0


# ---------------------------------------------------------------- exports


def test_a_third_export_within_the_hour_is_refused_with_the_hour_rule(session: Session, ada: User, override_settings):
    override_settings(exports_per_hour=2, export_limit_per_day=3, limits_store="database")
    for _ in range(2):
        row = privacy.request_export(session, ada, CLIENT, enqueue=_nothing)
        row.status = "ready"  # built: the next may be asked for
        session.add(row)
        session.commit()
    with pytest.raises(LimitExceeded) as refused:
        privacy.request_export(session, ada, CLIENT, enqueue=_nothing)
    assert refused.value.rule == limits.EXPORTS_PER_HOUR
    assert refused.value.message().startswith("Exports are limited to 2 an hour. Try again in")


# ---------------------------------------------------------------- interviews left running


def test_the_warning_comes_ten_minutes_before_the_end(session: Session, bank, ada: User, clock: Clock):
    interview = start(session, ada)
    began = interview.started_at
    assert interviews.ends_at(interview) - began == timedelta(hours=2)
    assert interviews.minutes_left(interview, began + timedelta(minutes=109, seconds=59)) is None
    assert interviews.minutes_left(interview, began + timedelta(minutes=110)) == 10
    assert interviews.minutes_left(interview, began + timedelta(minutes=119, seconds=30)) == 1
    interview.status = "completed"
    assert interviews.minutes_left(interview, began + timedelta(minutes=115)) is None


def test_the_warning_follows_the_settings(session: Session, bank, ada: User, override_settings):
    override_settings(interview_max_minutes=30, interview_warning_minutes=5)
    interview = start(session, ada)
    assert interviews.warns_at(interview) - interview.started_at == timedelta(minutes=25)
    with pytest.raises(ValueError, match="INTERVIEW_WARNING_MINUTES"):
        override_settings(interview_warning_minutes=30)


def test_after_two_hours_the_interview_ends_as_abandoned_with_the_answers_kept(
    session: Session, bank, ada: User, clock: Clock
):
    interview = start(session, ada, question_count=4)
    submit(session, ada, interview)
    second = current(session, interview)
    interviews.save_draft(session, ada.id or 0, second.id or 0, "A draft I never sent, about the rollout.")
    session.commit()
    clock.advance(minutes=119)
    assert interviews.stale_ids(session) == []
    assert interviews.abandon(session, interview.id or 0) is False  # not stale yet
    clock.advance(minutes=1, seconds=1)
    # The page can no longer hand anything in, even before the job has run.
    with pytest.raises(interviews.InterviewError, match="session_over"):
        interviews.submit_answer(session, ada.id or 0, second.id or 0, "late", enqueue=_nothing)
    assert interviews.stale_ids(session) == [interview.id]
    queued: list[tuple[object, ...]] = []
    assert interviews.abandon(session, interview.id or 0, enqueue=lambda *a: queued.append(a)) is True
    run_after_commit(session)
    session.commit()
    session.refresh(interview)
    assert interview.status == "abandoned" and interview.ended_at is not None
    texts = sorted(a.text for a in session.exec(select(Answer)).all())
    assert texts == sorted([WEAK_ANSWER, "A draft I never sent, about the rollout."])
    assert queued and queued[0][0] == background.SCORE_ANSWER
    statuses = [sq.status for sq in interviews.questions_of(session, interview.id or 0)]
    assert statuses.count("answered") == 2 and set(statuses) == {"answered", "skipped"}
    # Running it again changes nothing.
    assert interviews.abandon(session, interview.id or 0) is False
    assert interviews.stale_ids(session) == []
    # Its report covers what was answered, says why it ended, and the history lists it.
    for answer in session.exec(select(Answer)).all():
        interviews.write_feedback(session, answer.id or 0)
    session.commit()
    report = reports.build(session, ada.id or 0, interview.id or 0)
    assert report["status"] == "abandoned" and report["overall"] is not None
    assert report["ended_note"].startswith("This interview ended by itself 2 hours after it started")
    pdf = report_pdf.render(report)
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000
    assert [s.id for s in interviews.history(session, ada.id or 0, "abandoned")] == [interview.id]


def test_the_job_abandons_every_stale_interview_once(
    session: Session, bank, make_user, clock: Clock, queued, monkeypatch: pytest.MonkeyPatch
):
    ada, bob = make_user(), make_user("bob@example.com")
    old = start(session, ada)
    fresh = start(session, bob)
    fresh.started_at = clock.now + timedelta(minutes=90)  # started an hour and a half later
    session.add(fresh)
    session.commit()
    clock.advance(minutes=121)
    assert tasks.abandon_stale_interviews() == 1
    assert tasks.abandon_stale_interviews() == 0  # idempotent: run twice (or by two schedulers) ends it once
    session.expire_all()
    rows = {s.id: s.status for s in session.exec(select(InterviewSession)).all()}
    assert rows == {old.id: "abandoned", fresh.id: "in_progress"}


def test_the_scheduler_runs_the_job_every_minute(monkeypatch: pytest.MonkeyPatch):
    from interview_app.jobs import runner, scheduler

    class Jobs:
        def enqueue(self, name: str, *args: object) -> None: ...

    monkeypatch.setattr(runner, "start", Jobs)
    job = scheduler.build_scheduler().get_job("abandon_stale_interviews")
    assert job is not None and job.args == ("abandon_stale_interviews",)
    assert job.trigger.interval == timedelta(minutes=1)


def test_completed_interviews_are_never_abandoned(session: Session, bank, ada: User, clock: Clock):
    interview = start(session, ada, question_count=3)
    interviews.end_early(session, ada.id or 0, interview.id or 0, enqueue=_nothing)
    session.commit()
    clock.advance(hours=3)
    assert interviews.stale_ids(session) == []
    assert interviews.abandon(session, interview.id or 0) is False
    assert session.exec(select(InterviewSession.status).where(col(InterviewSession.id) == interview.id)).one() == (
        "completed"
    )
