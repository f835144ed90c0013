"""Sessions and failures across users, retrying failed answers, job runs and the audit log."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from interview_app import background
from interview_app.clock import utcnow
from interview_app.jobs import recorded, runner
from interview_app.models import (
    Answer,
    AuditEvent,
    Feedback,
    InterviewSession,
    JobRun,
    QuizAttempt,
    SessionQuestion,
    User,
)
from interview_app.services.admin import activity as admin_activity
from interview_app.services.admin import audit_log as admin_audit
from interview_app.services.admin.activity import ActivityError
from interview_app.services.admin.audit_log import AuditFilter
from interview_app.services.shared import audit, job_runs
from tests.support.handlers import events


@pytest.fixture
def admin(make_user) -> User:
    return make_user("root@example.com", "Root Admin", role="admin")


def interview_with_answers(session: Session, user: User, *answers: tuple[str, str | None, bool]) -> InterviewSession:
    """An interview whose answers have (status, engine, fell back) as given."""
    interview = InterviewSession(user_id=user.id or 0, interview_type="mixed", difficulty="medium", answer_mode="audio")
    session.add(interview)
    session.flush()
    for position, (status, engine, fallback) in enumerate(answers):
        sq = SessionQuestion(session_id=interview.id or 0, position=position, prompt=f"Question {position}?")
        session.add(sq)
        session.flush()
        answer = Answer(
            session_question_id=sq.id or 0,
            user_id=user.id or 0,
            mode="audio",
            status=status,
            media_path=f"answers/{position}.webm",
            last_error="no_speech" if status == "failed" else "",
            attempts=3 if status == "failed" else 1,
        )
        session.add(answer)
        session.flush()
        if engine:
            result = {"flags": ["llm_fallback"]} if fallback else {"flags": []}
            session.add(
                Feedback(
                    answer_id=answer.id or 0,
                    user_id=user.id or 0,
                    total=50,
                    engine=engine,
                    rubric_version="1",
                    result=result,
                )
            )
    session.commit()
    return interview


def test_recent_interviews_show_answers_failures_and_engines(session: Session, make_user):
    user = make_user()
    interview = interview_with_answers(
        session, user, ("scored", "llm", False), ("scored", "offline", True), ("failed", None, False)
    )
    old = InterviewSession(
        user_id=user.id or 0, interview_type="mixed", difficulty="easy", started_at=utcnow() - timedelta(days=60)
    )
    session.add(old)
    session.commit()
    rows, total = admin_activity.recent_interviews(session)
    assert total == 1
    (row,) = rows
    assert row.session.id == interview.id and row.user_email == user.email
    assert (row.answers, row.failed, row.engines, row.fallbacks) == (3, 1, {"llm": 1, "offline": 1}, 1)
    assert admin_activity.recent_interviews(session, days=90)[1] == 2
    assert admin_activity.recent_interviews(session, status="completed")[1] == 0
    assert admin_activity.recent_interviews(session, mode="text")[1] == 0
    assert admin_activity.engine_summary(rows) == {"llm": 1, "offline": 1, "fallback": 1}
    session.add(QuizAttempt(user_id=user.id or 0, local_date=date.today(), total=5, answered=2))
    session.commit()
    quizzes, total = admin_activity.recent_quizzes(session)
    assert total == 1 and quizzes[0].user_name == user.name and quizzes[0].attempt.answered == 2


def test_a_failed_answer_is_retried_from_the_right_stage(session: Session, admin: User, make_user):
    user = make_user()
    interview_with_answers(session, user, ("failed", None, False), ("scored", "offline", False))
    (failed,) = admin_activity.failed_answers(session)
    assert failed.stage == "transcription" and failed.answer.last_error == "no_speech" and failed.position == 0
    job = admin_activity.retry_answer(session, admin, failed.answer.id or 0, ip="198.51.100.7")
    assert job == ("transcribe_answer", (failed.answer.id, True))
    answer = session.get(Answer, failed.answer.id)
    assert answer is not None and (answer.status, answer.attempts, answer.last_error) == ("uploaded", 0, "")
    (event,) = events(session, "answer.retried")
    assert event.detail["stage"] == "transcription" and event.detail["error"] == "no_speech"
    with pytest.raises(ActivityError) as err:
        admin_activity.retry_answer(session, admin, failed.answer.id or 0)
    assert err.value.code == "answer_not_failed"
    # Transcribed already (or typed): scoring again.
    answer.status, answer.transcribed_at, answer.transcript = "failed", utcnow(), "I fixed the query."
    assert admin_activity.retry_answer(session, admin, answer.id or 0) == ("score_answer", (answer.id,))
    assert answer.status == "submitted"
    # A recording that was deleted cannot be transcribed again.
    answer.status, answer.transcribed_at, answer.media_deleted_at = "failed", None, utcnow()
    with pytest.raises(ActivityError) as err:
        admin_activity.retry_answer(session, admin, answer.id or 0)
    assert err.value.code == "recording_gone"


def test_job_runs_are_recorded_pruned_and_counted(session: Session):
    def works(x: int) -> int:
        return x * 2

    def breaks() -> None:
        raise RuntimeError("disk full")

    assert recorded.run("double", works, (21,)) == 42
    with pytest.raises(RuntimeError):
        recorded.run("breaks", breaks, ())
    runs = session.exec(select(JobRun).order_by(JobRun.id)).all()  # type: ignore[arg-type]
    assert [(r.name, r.ok, r.error) for r in runs] == [
        ("double", True, ""),
        ("breaks", False, "RuntimeError: disk full"),
    ]
    assert all(r.seconds >= 0 for r in runs)
    assert [j.name for j in admin_activity.failed_jobs(session)] == ["breaks"]
    assert admin_activity.counts(session)["failed_jobs"] == 1
    session.add(JobRun(name="old", started_at=utcnow() - timedelta(days=31)))
    session.commit()
    assert job_runs.prune(session) == 1
    assert {r.name for r in session.exec(select(JobRun)).all()} == {"double", "breaks"}


def test_the_in_process_runner_reports_its_depth_and_records_runs(session: Session, monkeypatch):
    import threading

    gate = threading.Event()
    monkeypatch.setitem(background.TASKS, "wait_for_gate", lambda: gate.wait(5))
    pool = runner.InProcessRunner(workers=1)
    try:
        first = pool.enqueue("wait_for_gate")
        pool.enqueue("wait_for_gate")
        assert pool.depth() == 2
        gate.set()
        first.result(5)
    finally:
        pool.shutdown()
    assert pool.depth() == 0
    assert [r.name for r in session.exec(select(JobRun)).all()] == ["wait_for_gate", "wait_for_gate"]
    assert runner.queue_depth()["backend"] == "inprocess"


def test_the_audit_log_filters_by_event_person_and_day_and_exports_csv(session: Session, admin: User, make_user):
    user = make_user("=cmd@example.com", "Eve")
    audit.record(session, "role.changed", actor_user_id=admin.id, subject_user_id=user.id, old="candidate", new="admin")
    audit.record(session, "question.edited", actor_user_id=admin.id, slug="q-1")
    audit.record(session, "question.retired", actor_user_id=admin.id, slug="q-2")
    old = audit.record(session, "signin.failure", email="nobody@example.com")
    old.created_at = utcnow() - timedelta(days=10)
    session.commit()

    def names(flt: AuditFilter) -> list[str]:
        return [r.event.event for r in admin_audit.search(session, flt)[0]]

    assert names(AuditFilter(event="question.")) == ["question.retired", "question.edited"]
    assert names(AuditFilter(event="role.changed")) == ["role.changed"]
    assert names(AuditFilter(person="eve")) == ["role.changed"]
    assert names(AuditFilter(person="nobody")) == ["signin.failure"]
    today = utcnow().date()
    assert "signin.failure" not in names(AuditFilter(start=today - timedelta(days=1)))
    assert names(AuditFilter(end=today - timedelta(days=5))) == ["signin.failure"]
    rows, total = admin_audit.search(session, AuditFilter(event="role.changed"))
    assert total == 1 and rows[0].actor == admin.email and rows[0].subject == user.email
    assert admin_audit.detail_text(rows[0].event) == "new=admin, old=candidate"
    assert {"question.edited", "role.changed", "signin.failure"} <= set(admin_audit.event_names(session))

    text, count = admin_audit.export_csv(session, admin.id, AuditFilter(event="role.changed"))
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert count == 1 and parsed[0]["event"] == "role.changed"
    assert parsed[0]["subject_email"] == "'=cmd@example.com"  # not a spreadsheet formula
    exported = session.exec(select(AuditEvent).where(AuditEvent.event == "audit.exported")).one()
    assert exported.actor_user_id == admin.id and exported.detail["rows"] == 1


def test_the_transcription_backlog_sums_the_audio_not_yet_transcribed(session: Session, make_user) -> None:
    user = make_user("backlog@example.com")
    assert admin_activity.transcription_backlog(session) == admin_activity.TranscriptionBacklog(0, 0.0)
    seconds = {
        "transcribing": (30.0, 18.0),  # 12 s behind
        "recording": (9.0, 0.0),  # 9 s not yet read
        "scored": (40.0, 40.0),  # done
        "failed": (20.0, 5.0),  # given up: not waiting any more
    }
    interview = interview_with_answers(session, user, *[(status, None, False) for status in seconds])
    for sq in session.exec(select(SessionQuestion).where(SessionQuestion.session_id == interview.id)).all():
        answer = session.exec(select(Answer).where(Answer.session_question_id == sq.id)).one()
        answer.media_seconds, answer.transcribed_seconds = seconds[answer.status]
        session.add(answer)
    session.commit()
    assert admin_activity.transcription_backlog(session) == admin_activity.TranscriptionBacklog(2, 21.0)
