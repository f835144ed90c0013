"""The reported-questions queue: fix, retire and dismiss, with the reporters notified."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from interview_app.models import Notification, QuizQuestion, User
from interview_app.services.admin import questions as admin_questions
from interview_app.services.admin import reports as admin_reports
from interview_app.services.admin.reports import ReportError
from interview_app.services.trainer import quiz, topics
from tests.support.handlers import events

SLUG = "sql-null-equality-comparison"


@pytest.fixture
def reported(session: Session, make_user) -> tuple[User, list[User], QuizQuestion]:
    """An admin, three reporters and the quiz question they reported (flagged after the third report)."""
    topics.seed_quiz_bank(session)
    admin = make_user("root@example.com", "Root Admin", role="admin")
    reporters = [make_user(f"r{i}@example.com", f"Reporter {i}") for i in range(3)]
    question = session.exec(select(QuizQuestion).where(QuizQuestion.slug == SLUG)).one()
    for user, reason in zip(reporters, ("typo", "wrong_answer", "other"), strict=True):
        quiz.report_question(session, user.id or 0, question.id or 0, reason, "Option B says x where it means y.")
    session.commit()
    assert question.status == "flagged"
    return admin, reporters, question


def notes_of(session: Session, user: User) -> list[Notification]:
    return list(session.exec(select(Notification).where(Notification.user_id == user.id)).all())


def test_the_queue_shows_reasons_comments_reporters_and_counts(session: Session, reported):
    _admin, _reporters, question = reported
    views, total = admin_reports.queue(session)
    assert total == 3 and [v.reporter for v in views] == ["Reporter 0", "Reporter 1", "Reporter 2"]
    assert [v.report.reason for v in views] == ["typo", "wrong_answer", "other"]
    assert {v.open_for_question for v in views} == {3} and views[0].topic == "SQL"
    assert views[0].report.comment == "Option B says x where it means y." and views[0].question.id == question.id
    assert admin_reports.open_count(session) == 3


def test_fixing_resolves_every_open_report_of_the_question_and_notifies_each_reporter(session: Session, reported):
    admin, reporters, question = reported
    content = admin_questions.content_of(session, question)
    content["explanation"] += " Corrected after reports."
    admin_questions.save_question(session, admin, "quiz", content, question_id=question.id)
    views, _ = admin_reports.queue(session)
    resolved = admin_reports.resolve(session, admin, views[0].report.id or 0, "fix", "  Thanks,   fixed.  ")
    session.commit()
    assert len(resolved) == 3 and {r.status for r in resolved} == {"fixed"}
    assert {r.resolution_note for r in resolved} == {"Thanks, fixed."} and {r.resolved_by for r in resolved} == {
        admin.id
    }
    session.refresh(question)
    assert question.status == "active"  # back in quizzes
    for user in reporters:
        (note,) = notes_of(session, user)
        assert note.kind == "report_resolved" and note.link == "/trainer"
        assert "corrected" in note.body and "Thanks, fixed." in note.body
    (event,) = events(session, "report.resolved")
    assert event.actor_user_id == admin.id and event.detail["action"] == "fix" and event.detail["reports"] == 3
    with pytest.raises(ReportError) as err:
        admin_reports.resolve(session, admin, views[1].report.id or 0, "dismiss")
    assert err.value.code == "already_resolved"
    assert admin_reports.queue(session, "fixed")[1] == 3


def test_retiring_takes_the_question_out_of_quizzes(session: Session, reported):
    admin, reporters, question = reported
    views, _ = admin_reports.queue(session)
    admin_reports.resolve(session, admin, views[1].report.id or 0, "retire")
    session.refresh(question)
    assert question.status == "retired" and question.source == "admin"
    assert "removed the question" in notes_of(session, reporters[0])[0].body
    assert [r.action for r, _ in admin_questions.history(session, "quiz", question.id or 0)][:1] == ["retired"]


def test_dismissing_resolves_one_report_and_unflags_the_question_when_none_is_left(session: Session, reported):
    admin, reporters, question = reported
    views, _ = admin_reports.queue(session)
    admin_reports.resolve(session, admin, views[0].report.id or 0, "dismiss")
    session.refresh(question)
    assert question.status == "flagged" and admin_reports.open_count(session) == 2
    assert "left it as it is" in notes_of(session, reporters[0])[0].body and notes_of(session, reporters[1]) == []
    for view in views[1:]:
        admin_reports.resolve(session, admin, view.report.id or 0, "dismiss")
    session.refresh(question)
    assert question.status == "active" and admin_reports.open_count(session) == 0


def test_bad_requests_are_refused(session: Session, reported):
    admin, _reporters, _question = reported
    views, _ = admin_reports.queue(session)
    for report_id, action, note, code in (
        (views[0].report.id or 0, "burn", "", "action_invalid"),
        (999_999, "fix", "", "report_not_found"),
        (views[0].report.id or 0, "fix", "x" * 1001, "note_too_long"),
    ):
        with pytest.raises(ReportError) as err:
            admin_reports.resolve(session, admin, report_id, action, note)
        assert err.value.code == code
