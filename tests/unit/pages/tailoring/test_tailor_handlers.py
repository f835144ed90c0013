"""The /tailor and fit-matrix handlers: each step for the signed-in candidate, clear messages for bad input."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import reflex as rx
from sqlmodel import Session, select

from interview_app.i18n import formats, t
from interview_app.models import CandidateDocument, InterviewSession, User
from interview_app.pages.tailoring.fit import FitState
from interview_app.pages.tailoring.tailor import TailorState
from interview_app.services.trainer import topics as trainer_topics
from tests.support import tailoring_data as data
from tests.support.handlers import new_state, redirect_path, run_handler, session_token
from tests.support.mock_interviews import seed_bank


@pytest.fixture
def ada(session: Session, make_user, monkeypatch: pytest.MonkeyPatch) -> User:
    seed_bank(session, monkeypatch)
    return make_user()


def _state(session: Session, user: User) -> TailorState:
    state = new_state(TailorState)
    state.session_token, state.signed_in = session_token(session, user), True
    return state


def _upload(state: TailorState, name: str, raw: bytes) -> object:
    file = rx.UploadFile(file=io.BytesIO(raw), path=Path(name), size=len(raw))
    return run_handler(state, TailorState.upload_cv, [file])


def test_the_three_steps(session: Session, ada: User) -> None:
    state = _state(session, ada)
    run_handler(state, TailorState.load)
    assert not state.has_job and state.editing_job and not state.has_cv
    state.job_text = "Engineer"
    run_handler(state, TailorState.read_job)
    assert state.job_error == t("tailor.error.job_too_short") and not state.has_job
    state.job_text = data.JOB_DESCRIPTION
    run_handler(state, TailorState.read_job)
    assert state.job_error == "" and state.has_job and not state.editing_job
    assert (state.job_title, state.job_company, state.job_seniority) == (
        "Senior Backend Engineer",
        "Northwind Pay",
        "senior",
    )
    assert state.job_requirements[0]["kind"] == t("tailor.job.kind.required")
    run_handler(state, TailorState.set_job_field, "job_title", "Payments Engineer")
    run_handler(state, TailorState.save_job)
    assert state.job_title == "Payments Engineer"

    _upload(state, "jane.pdf", data.encrypted_pdf())
    assert state.cv_error == t("tailor.error.cv_encrypted") and not state.has_cv
    _upload(state, "jane.docx", data.zip_bomb_docx())
    assert state.cv_error == t("tailor.error.cv_zip_bomb")
    assert session.exec(select(CandidateDocument).where(CandidateDocument.kind == "cv")).all() == []
    _upload(state, "jane.pdf", data.two_column_pdf())
    assert state.cv_error == "" and state.has_cv and state.cv_filename == "jane.pdf"
    assert state.cv_roles.startswith("Senior Backend Engineer | Acme Pay | Mar 2021 \u2013 Present\n- Led the payment")
    run_handler(state, TailorState.set_cv_field, "cv_skills", "Python, Go, Terraform")
    run_handler(state, TailorState.save_cv)
    assert state.cv_confirmed and state.cv_skills == "Python, Go, Terraform"

    state.count = "6"
    run_handler(state, TailorState.make_preview)
    assert len(state.plan) == 6 and state.plan[0]["written"] == "yes"
    assert state.plan[0]["why"].startswith(t("tailor.source.cv"))
    assert all(item["quote"] for item in state.plan)
    event = run_handler(state, TailorState.make_interview)
    run = session.exec(select(InterviewSession).where(InterviewSession.user_id == ada.id)).one()
    run_id = run.id
    assert redirect_path(event) == f"/interview/{run_id}"
    assert run.question_count == 6 and run.role_title == "Payments Engineer"

    run_handler(state, TailorState.load)
    assert [p["fit_url"] for p in state.past] == [f"/tailor/fit/{run.id}"]
    assert state.past[0]["when"] == formats.date(run.started_at, "en")  # `7 Dec 2026`; `2026. 12. 7.` in Korean

    fit_state = new_state(FitState)
    fit_state.session_token, fit_state.signed_in = state.session_token, True
    fit_state._fill(session, ada, str(run.id))
    assert fit_state.fit_found and fit_state.fit_rows[0]["level"] == "strong"
    assert fit_state.fit_summary.startswith(fit_state.fit_summary.split(" ")[0])
    gap = next(r for r in fit_state.fit_rows if r["gap"])
    event = run_handler(fit_state, FitState.practise, gap["index"])
    assert redirect_path(event).startswith("/interview/")

    run_handler(state, TailorState.delete_cv)
    assert not state.has_cv and state.past == []
    session.expire_all()
    assert session.get(InterviewSession, run_id) is None


def test_another_candidate_sees_no_fit_matrix(session: Session, ada: User, make_user) -> None:
    state = _state(session, ada)
    state.job_text = data.JOB_DESCRIPTION
    run_handler(state, TailorState.read_job)
    state.count = "5"
    run_handler(state, TailorState.make_interview)
    run = session.exec(select(InterviewSession).where(InterviewSession.user_id == ada.id)).one()
    bob = make_user("bob@example.com", "Bob")
    fit_state = new_state(FitState)
    fit_state.session_token, fit_state.signed_in = session_token(session, bob), True
    fit_state._fill(session, bob, str(run.id))
    assert not fit_state.fit_found and fit_state.fit_rows == []
    fit_state.fit_interview_id = run.id or 0
    assert run_handler(fit_state, FitState.practise, 0) is None
    assert fit_state.fit_error == t("tailor.error.no_practice")


def test_gaps_are_followed_in_the_trainer_from_the_fit_matrix(session: Session, ada: User, make_user) -> None:
    trainer_topics.seed_quiz_bank(session)
    state = _state(session, ada)
    state.job_text = data.JOB_DESCRIPTION
    run_handler(state, TailorState.read_job)
    state.count = "5"
    run_handler(state, TailorState.make_interview)
    run = session.exec(select(InterviewSession).where(InterviewSession.user_id == ada.id)).one()
    fit_state = new_state(FitState)
    fit_state.session_token, fit_state.signed_in = state.session_token, True
    fit_state._fill(session, ada, str(run.id))
    # Without a CV every requirement is a gap: PostgreSQL is trained under SQL, Kafka under system design.
    assert "SQL" in fit_state.fit_topics and not fit_state.fit_topics_following
    event = run_handler(fit_state, FitState.follow_topics)
    assert fit_state.fit_topics_following and fit_state.fit_error == ""
    assert event is not None
    fit_state._fill(session, ada, str(run.id))
    assert fit_state.fit_topics_following

    bob = make_user("bob@example.com", "Bob")
    other = new_state(FitState)
    other.session_token, other.signed_in = session_token(session, bob), True
    other.fit_interview_id = run.id or 0
    assert run_handler(other, FitState.follow_topics) is None
    assert other.fit_error == t("fit.not_found")


def test_an_advert_fetched_by_address(session: Session, ada: User, override_settings, monkeypatch) -> None:
    from interview_app.services.tailoring import fetch

    state = _state(session, ada)
    state.job_url = "https://jobs.example.com/42"
    chained = run_handler(state, TailorState.fetch_job)
    assert state.fetching and chained is not None  # the button is busy while the next step fetches
    override_settings(job_url_fetch=False)
    run_handler(state, TailorState.fetch_job_text)
    assert not state.fetching and state.job_error == t("tailor.error.url_disabled") and state.job_text == ""

    override_settings(job_url_fetch=True)
    monkeypatch.setattr(fetch, "fetch_job_text", lambda url: data.JOB_DESCRIPTION if url.endswith("/42") else "")
    run_handler(state, TailorState.fetch_job_text)
    assert state.job_error == "" and state.job_text == data.JOB_DESCRIPTION
    state.job_url = "ftp://jobs.example.com/42"
    monkeypatch.undo()
    override_settings(job_url_fetch=True)
    run_handler(state, TailorState.fetch_job_text)
    assert state.job_error == t("tailor.error.url_bad") and state.job_text == data.JOB_DESCRIPTION  # kept
