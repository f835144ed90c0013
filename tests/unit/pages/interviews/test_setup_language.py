"""The set-up page in the candidate's language: it says when the chosen role falls back to English."""

from __future__ import annotations

from sqlmodel import Session, select

from interview_app.i18n import t
from interview_app.models import Question
from interview_app.pages.interviews.setup import SetupState
from interview_app.services.accounts import profiles
from interview_app.services.bank import questions
from tests.support.handlers import new_state, signed_in_user


def test_the_setup_page_says_when_a_korean_interview_falls_back_to_english(session: Session) -> None:
    profiles.seed_job_roles(session)
    questions.seed_questions(session)
    for row in session.exec(select(Question).where(Question.language == "ko")).all():
        if "sales" in row.roles:
            row.status = "retired"
            session.add(row)
    _user, token = signed_in_user(session, email="minji@example.com", name="김민지", language="ko")
    session.commit()
    page = new_state(SetupState)
    page.session_token = token
    page.load()
    assert page.language_name == "한국어"
    page.role_slug, page.interview_type = "backend-engineer", "mixed"
    assert page.language_note == ""
    page.role_slug = "sales"
    # Said in the profile's language (Korean), naming the language the bank lacks questions in.
    assert page.language_note == t("interview.setup.language_fallback", "ko", language="한국어")
    assert page.language_note != t("interview.setup.language_fallback", "en", language="한국어")


def test_an_english_profile_sees_no_language_note(session: Session) -> None:
    profiles.seed_job_roles(session)
    questions.seed_questions(session)
    _user, token = signed_in_user(session, email="ada@example.com", name="Ada Lovelace")
    session.commit()
    page = new_state(SetupState)
    page.session_token = token
    page.load()
    for role in ("sales", "backend-engineer"):
        page.role_slug = role
        assert page.language_note == ""
