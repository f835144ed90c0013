"""Event handlers resolve the user from the session token on the server, every time.

Any client can call any public handler by name with any state, so these tests call the
handlers directly (Reflex allows that under pytest) with a forged, a revoked and a valid
token, and check what reached the database.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlmodel import Session, select

from interview_app.models import AuthSession, OutboxMessage, Profile, User
from interview_app.pages.accounts.profile_form import ProfileState
from interview_app.pages.accounts.settings_security import SecurityState
from interview_app.pages.progress.dashboard import DashboardState
from interview_app.state.auth import AuthState
from tests.support.handlers import PASSWORD, new_state, redirect_path, run_handler
from tests.support.handlers import session_token as _token

MakeUser = Callable[..., User]


def test_profile_handlers_refuse_without_a_valid_session(session, make_user, forged_tokens):
    victim = make_user()
    for token in forged_tokens:
        state = new_state(ProfileState)
        state.session_token = token
        state.signed_in = True  # a client can claim anything about itself
        state.target_role_text = "Hijacked"
        state.skills_text = "evil"
        assert redirect_path(state.load()).startswith("/sign-in")
        state.signed_in = True
        state.save_settings()
        state.finish_onboarding()
    session.expire_all()
    profile = session.get(Profile, victim.id)
    assert profile is not None and profile.skills == [] and profile.target_role_text == ""
    assert session.get(User, victim.id).onboarded_at is None  # type: ignore[union-attr]


def test_profile_handlers_save_for_the_signed_in_user(session, make_user):
    user = make_user()
    state = new_state(ProfileState)
    state.session_token = _token(session, user)
    state.load()
    state.target_role = "backend-engineer"
    state.skills_text = "Python, SQL"
    result = state.finish_onboarding()
    assert redirect_path(result) == "/dashboard"
    session.expire_all()
    profile = session.get(Profile, user.id)
    assert profile is not None and profile.skills == ["Python", "SQL"]
    assert session.get(User, user.id).onboarded_at is not None  # type: ignore[union-attr]


def test_security_handlers_refuse_without_a_valid_session(session, make_user, forged_tokens):
    victim = make_user(verified=False)
    before = victim.password_hash
    for token in forged_tokens:
        state = new_state(SecurityState)
        state.session_token = token
        form = {"current_password": PASSWORD, "new_password": "x" * 20, "new_password_confirm": "x" * 20}
        assert redirect_path(run_handler(state, SecurityState.change_password, form)).startswith("/sign-in")
        assert redirect_path(
            run_handler(state, SecurityState.change_email, {"new_email": "evil@example.com", "password": PASSWORD})
        )
        shell = new_state(AuthState)  # the signed-in shell's banner offers the resend
        shell.session_token = token
        assert redirect_path(shell.resend_verification()).startswith("/sign-in")
    session.expire_all()
    assert session.get(User, victim.id).password_hash == before  # type: ignore[union-attr]
    assert session.exec(select(OutboxMessage)).all() == []


def test_dashboard_reveals_nothing_without_a_valid_session(session, make_user, forged_tokens):
    make_user()
    for token in forged_tokens:
        state = new_state(DashboardState)
        state.session_token = token
        assert redirect_path(state.load()).startswith("/sign-in")
        assert state.first_name == "" and state.skills == []


def test_sign_out_everywhere_with_a_forged_token_ends_no_one_elses_sessions(session, make_user, forged_tokens):
    victim = make_user()
    _token(session, victim)
    for token in forged_tokens:
        state = new_state(AuthState)
        state.session_token = token
        state.sign_out_everywhere()
    session.expire_all()
    live = session.exec(
        select(AuthSession).where(AuthSession.user_id == victim.id, AuthSession.revoked_at.is_(None))  # type: ignore[union-attr]
    ).all()
    assert len(live) == 1


def test_page_guards_redirect_visitors_and_candidates(session, make_user):
    state = new_state(AuthState)
    state.session_token = "forged"
    assert redirect_path(state.require_user()).startswith("/sign-in")
    candidate = make_user()
    state.session_token = _token(session, candidate)
    assert redirect_path(state.require_user()) == "/onboarding"  # not onboarded yet
    assert redirect_path(state.require_admin()) == "/dashboard"
    admin = make_user("root@example.com", role="admin")
    state.session_token = _token(session, admin)
    assert state.require_admin() is None and state.is_admin


def test_pages_guard_and_load_in_one_event(session, make_user):
    """`open_page` (the dashboard's on_load): the guard's redirects as before; for a candidate, one event fills
    in both the shell's user and the page's values (one state update reaches the browser, rendered once)."""
    from interview_app.clock import utcnow

    state = new_state(DashboardState)
    state.session_token = "forged"
    assert redirect_path(state.open_page()).startswith("/sign-in")
    assert not state.loaded and state.first_name == ""
    candidate = make_user(name="Grace Hopper")
    state.session_token = _token(session, candidate)
    assert redirect_path(state.open_page()) == "/onboarding"  # not onboarded: the page's values are not read
    assert state.user_name == "Grace Hopper" and not state.loaded
    candidate.onboarded_at = utcnow()
    session.add(candidate)
    session.commit()
    assert state.open_page() is None
    assert state.signed_in and state.loaded and state.first_name == "Grace"


@pytest.fixture
def victims_interview(session: Session, make_user: MakeUser):
    """A running interview of another user, with a draft typed into its first question."""
    from interview_app.services.bank import questions
    from interview_app.services.interviews import interviews

    questions.seed_questions(session)
    victim = make_user("victim@example.com")
    options = interviews.validate_setup(
        {"interview_type": "behavioural", "difficulty": "medium", "question_count": "3"}
    )
    interview = interviews.start_session(session, victim.id or 0, options)
    first = interviews.current_question(session, interview)
    assert first is not None
    interviews.save_draft(session, victim.id or 0, first.id or 0, "the victim's own draft")
    session.commit()
    return victim, interview.id or 0, first.id or 0


def test_interview_handlers_never_touch_another_users_session(session, make_user, forged_tokens, victims_interview):
    from interview_app.models import Answer, InterviewSession, SessionQuestion
    from interview_app.pages.interviews.history import HistoryState
    from interview_app.pages.interviews.report import ReportState
    from interview_app.pages.interviews.run import RunState

    _victim, interview_id, sq_id = victims_interview
    intruder = make_user("intruder@example.com")
    for token in [*forged_tokens, _token(session, intruder)]:
        run = new_state(RunState)
        run.session_token, run.interview_id, run.sq_id, run.loaded = token, interview_id, sq_id, True
        run.draft = "overwritten by someone else"
        run_handler(run, RunState.change_draft, "overwritten by someone else")
        run_handler(run, RunState.submit)  # a background event: it runs to the end here
        run.skip()
        run.toggle_pause()
        run.end_now()
        history = new_state(HistoryState)
        history.session_token = token
        history.delete(interview_id)
        report = new_state(ReportState)
        report.session_token, report.interview_id = token, interview_id
        outcome = report.download_pdf()
        assert "rx.download" not in repr(outcome) and "application/pdf" not in repr(outcome)
    session.expire_all()
    interview = session.get(InterviewSession, interview_id)
    sq = session.get(SessionQuestion, sq_id)
    assert interview is not None and interview.status == "in_progress" and interview.paused_at is None
    assert sq is not None and sq.status == "active" and sq.draft == "the victim's own draft"
    assert session.exec(select(Answer)).all() == []


def test_interview_handlers_explain_refusals_to_a_signed_in_intruder(session, make_user, victims_interview):
    from interview_app.pages.interviews.run import RunState

    _victim, interview_id, sq_id = victims_interview
    intruder = make_user("intruder@example.com")
    run = new_state(RunState)
    run.session_token, run.interview_id, run.sq_id, run.loaded = _token(session, intruder), interview_id, sq_id, True
    run.draft = "an answer to someone else's question"
    run_handler(run, RunState.submit)
    assert run.error == "That interview was not found."


def test_the_owner_downloads_the_report_as_pdf(session, victims_interview):
    from interview_app.pages.interviews.report import ReportState

    victim, interview_id, _sq_id = victims_interview
    report = new_state(ReportState)
    report.session_token, report.interview_id = _token(session, victim), interview_id
    outcome = report.download_pdf()
    assert "application/pdf" in repr(outcome)  # the same check that finds nothing for anyone else


def test_spoken_answer_handlers_never_touch_another_users_recording(session, make_user, forged_tokens):
    """Continue, retry and the recording refresh refuse a question of someone else's voice interview."""
    from interview_app.models import Answer, SessionQuestion
    from interview_app.pages.interviews.run import RunState
    from interview_app.services.bank import questions
    from interview_app.services.interviews import interviews

    questions.seed_questions(session)
    victim = make_user("voice-victim@example.com")
    options = interviews.validate_setup(
        {"interview_type": "behavioural", "difficulty": "medium", "question_count": "3", "answer_mode": "audio"}
    )
    interview = interviews.start_session(session, victim.id or 0, options)
    sq = interviews.current_question(session, interview)
    assert sq is not None
    # The victim handed in a recording whose transcription failed.
    sq.status = "answered"
    answer = Answer(
        session_question_id=sq.id or 0,
        user_id=victim.id or 0,
        mode="audio",
        status="failed",
        last_error="boom",
        transcript="the victim's words",
    )
    session.add_all([sq, answer])
    session.commit()
    intruder = make_user("voice-intruder@example.com")
    for token in [*forged_tokens, _token(session, intruder)]:
        run = new_state(RunState)
        run.session_token, run.interview_id, run.sq_id, run.loaded = token, interview.id or 0, sq.id or 0, True
        run.answer_mode, run.handed_in = "audio", True
        run_handler(run, RunState.continue_on)
        run.retry_recording()
        run.poll()
        assert run.transcript == ""  # nothing of the victim's answer reaches the intruder's page
    session.expire_all()
    kept = session.get(Answer, answer.id)
    moved = session.get(SessionQuestion, sq.id)
    assert kept is not None and kept.status == "failed" and kept.last_error == "boom"
    assert moved is not None and moved.status == "answered"
    assert interviews.current_question(session, interview) is not None
    assert interviews.current_question(session, interview).id == sq.id  # type: ignore[union-attr]
