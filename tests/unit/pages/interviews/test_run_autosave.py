"""The interview page's draft autosave: saved for its owner, its database work off the event loop on a server DB."""

from __future__ import annotations

from sqlmodel import Session

from interview_app import db
from interview_app.models import SessionQuestion
from interview_app.pages.interviews.run.state import RunState
from interview_app.services.bank import questions
from interview_app.services.interviews import interviews
from tests.support.handlers import new_state, run_coroutine, signed_in_user


def _running_interview(session: Session) -> tuple[str, int, int]:
    questions.seed_questions(session)
    user, token = signed_in_user(session, email="dora@example.com", name="Dora Draft")
    options = interviews.validate_setup({"interview_type": "behavioural", "difficulty": "medium", "question_count": 3})
    interview = interviews.start_session(session, user.id or 0, options)
    first = interviews.current_question(session, interview)
    assert first is not None and first.id is not None
    session.commit()
    return token, interview.id or 0, first.id


def test_the_autosave_stores_the_draft_through_the_off_loop_runner(session, monkeypatch):
    token, interview_id, sq_id = _running_interview(session)
    page = new_state(RunState)
    page.session_token, page.interview_id, page.sq_id, page.loaded = token, interview_id, sq_id, True
    offloaded: list[str] = []
    run_off_loop = db.run_off_loop

    async def watched(fn, *args):
        offloaded.append(fn.__name__)
        return await run_off_loop(fn, *args)

    monkeypatch.setattr(db, "run_off_loop", watched)
    run_coroutine(RunState.change_draft.fn(page, "I would start by asking who uses it."))
    assert offloaded == ["_save_draft"]  # on PostgreSQL, in a pool thread (tests/unit/test_db.py)
    session.expire_all()
    stored = session.get(SessionQuestion, sq_id)
    assert stored is not None and stored.draft == "I would start by asking who uses it."
    assert page.error == "" and page.saved_note != ""


def test_a_visitor_autosave_stores_nothing_and_goes_to_sign_in(session):
    _token, interview_id, sq_id = _running_interview(session)
    page = new_state(RunState)
    page.session_token, page.interview_id, page.sq_id, page.loaded = "forged", interview_id, sq_id, True
    outcome = run_coroutine(RunState.change_draft.fn(page, "not mine"))
    assert "sign-in" in repr(outcome)
    session.expire_all()
    stored = session.get(SessionQuestion, sq_id)
    assert stored is not None and stored.draft in ("", None)
