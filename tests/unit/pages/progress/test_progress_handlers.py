"""The progress page's handlers act only for the signed-in user (forged and revoked tokens get nothing)."""

from __future__ import annotations

from sqlmodel import Session, select

from interview_app.models import InterviewSession, Profile, QuizAttempt, StudyPlan
from interview_app.pages.progress.progress import ProgressState
from tests.support.handlers import new_state, session_token
from tests.support.history import seed_history


def test_progress_handlers_refuse_without_a_valid_session(session: Session, make_user, forged_tokens) -> None:
    victim = make_user("victim@example.com")
    seed_history(session, victim.id or 0, sessions=3)
    session.commit()
    for token in forged_tokens:
        state = new_state(ProgressState)
        state.session_token = token
        state.load()
        assert state.scores_rows == [] and not state.loaded
        state.set_sharing(True)
        state.start("interview", "communication")
        state.busy = False
        state.start("trainer", "")
        state.make_plan()
        state.accept_plan()
        state.edit_index, state.edit_sessions = 1, "2"
        state.save_week()
        assert "rx.download" not in repr(state.download_pdf())
    session.expire_all()
    profile = session.get(Profile, victim.id)
    assert profile is not None and not profile.share_progress
    assert session.exec(select(StudyPlan)).all() == []
    assert session.exec(select(QuizAttempt)).all() == []
    assert len(session.exec(select(InterviewSession)).all()) == 3


def test_the_owner_sees_their_own_numbers_only(session: Session, make_user) -> None:
    me, other = make_user("me@example.com"), make_user("other@example.com")
    seed_history(session, me.id or 0, sessions=5)
    seed_history(session, other.id or 0, sessions=9, seed=3)
    session.commit()
    state = new_state(ProgressState)
    state.session_token = session_token(session, me)
    state.load()
    assert state.loaded and len(state.scores_rows) == 5
    state.make_plan()
    assert session.exec(select(StudyPlan.user_id)).all() == [me.id]
