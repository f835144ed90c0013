"""The pages and the product's limits: the set-up page says when the next interview can start, the interview
page keeps the draft and says when to send it, and warns before an interview ends by itself."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from interview_app.models import InterviewSession, Question
from interview_app.pages.interviews.run import state as run_state
from interview_app.pages.interviews.run.state import RunState
from interview_app.pages.interviews.setup import SetupState
from interview_app.services.shared import limits
from interview_app.services.shared.limits import LimitExceeded
from tests.support.handlers import new_state, signed_in_user


def _bank(session: Session) -> None:
    session.add_all(
        Question(
            slug=f"page-limits-{i}",
            type="behavioural",
            difficulty="medium",
            roles=["any"],
            competencies=["communication"],
            prompt=f"Tell me about a deadline you missed ({i}).",
            key_points=["What happened", "What you changed"],
            model_answer="I missed it, told them early, and changed how I plan.",
            follow_ups=[],
        )
        for i in range(4)
    )


def test_the_setup_page_says_when_the_next_interview_can_start(session: Session, override_settings):
    override_settings(interviews_per_day=1)
    _bank(session)
    _user, token = signed_in_user(session, email="lim@example.com", name="Lim It")
    session.commit()
    page = new_state(SetupState)
    page.session_token, page.interview_type, page.question_count = token, "behavioural", "3"
    first = page.start()
    assert "/interview/" in repr(first) and page.error == ""
    assert page.start() is None
    assert page.error.startswith("Interviews are limited to 1 a day, and you have started that many")
    assert page.error.endswith("You can start the next one in 24 hours.")
    session.expire_all()
    assert len(session.exec(select(InterviewSession)).all()) == 1


def test_the_interview_page_keeps_the_draft_and_says_when_to_send():
    page = new_state(RunState)
    page.submitting, page.draft = True, "My answer, not lost."
    refused = LimitExceeded(limits.ANSWERS_PER_MINUTE, 2, 2, 35)
    assert page._show_next(1, refused, reread=lambda code: True) is False
    assert page.error == "Answers are limited to 2 a minute. Send this one in 35 seconds: it is kept here."
    assert page.draft == "My answer, not lost." and page.submitting is False


def test_the_warning_appears_ten_minutes_before_the_end(session: Session, monkeypatch):
    interview = InterviewSession(user_id=1, interview_type="mixed", difficulty="medium")
    began = interview.started_at
    monkeypatch.setattr(run_state.interviews, "utcnow", lambda: began + timedelta(minutes=109))
    assert run_state._ending_note(interview, "en") == ""
    monkeypatch.setattr(run_state.interviews, "utcnow", lambda: began + timedelta(minutes=111, seconds=30))
    assert run_state._ending_note(interview, "en") == (
        "This interview ends in 9 minutes: interviews close 2 hours after they start. "
        "Your answers so far are kept, and the report covers what you answered."
    )


def test_the_page_checks_the_server_only_from_the_warning_time():
    page = new_state(RunState)
    page.loaded, page.interview_id = True, 7
    page._warn_at = 1e12  # far ahead: nothing is read
    assert page.check_end() is None


def test_the_page_opens_the_report_once_the_interview_is_over():
    page = new_state(RunState)
    page.loaded, page.interview_id, page.finished = True, 7, True
    assert "/interview/7/report" in repr(page.check_end())
