"""The GitHub panel's handlers and the company tracks page's, for the signed-in candidate."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

import pytest
from sqlmodel import Session

from interview_app.i18n import t
from interview_app.models import Profile, User
from interview_app.pages.accounts.profile_form import ProfileState
from interview_app.pages.tailoring.company_tracks import CompanyTracksState
from interview_app.pages.tailoring.github_panel import GitHubState
from interview_app.services.tailoring import github
from interview_app.settings import get_settings
from tests.support import fake_github
from tests.support.fake_github import FakeGitHub
from tests.support.handlers import new_state, redirect_path, run_handler, session_token
from tests.support.mock_interviews import seed_bank


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGitHub]:
    github._LIMITS.blocked_until.clear()
    server = fake_github.start()
    monkeypatch.setattr(get_settings(), "github_api_url", server.url)
    monkeypatch.setattr(get_settings(), "github_token", "")
    server.add_user("ada-l", 4242, name="Ada Lovelace")
    server.add_repo(
        "ada-l",
        "ledgerlite",
        languages={"Python": 5000},
        readme="# ledgerlite\n\nA small double-entry bookkeeping service for freelancers, with a REST API.\n",
        stargazers_count=12,
    )
    yield server
    server.stop()
    github._LIMITS.blocked_until.clear()


@pytest.fixture
def ada(make_user) -> User:
    return make_user()


S = TypeVar("S", GitHubState, CompanyTracksState)


def _state(session: Session, user: User, cls: type[S] = GitHubState) -> S:
    state = new_state(cls)
    state.session_token, state.signed_in = session_token(session, user), True
    return state


def test_fetch_shows_the_profile_and_errors_in_words(session, fake, ada):
    state = _state(session, ada)
    run_handler(state, GitHubState.load_github)
    assert not state.gh_has_profile and not state.gh_linked
    run_handler(state, GitHubState.set_gh_username, "no-such-person")
    run_handler(state, GitHubState.fetch_github)
    assert state.gh_error == t("github.not_found") and not state.gh_busy and not state.gh_has_profile
    run_handler(state, GitHubState.set_gh_username, "bad name!")
    run_handler(state, GitHubState.fetch_github)
    assert state.gh_error == t("github.bad_username")
    run_handler(state, GitHubState.set_gh_username, "ada-l")
    run_handler(state, GitHubState.fetch_github)
    assert state.gh_error == "" and state.gh_has_profile and state.gh_login == "ada-l"
    assert state.gh_repos[0]["name"] == "ledgerlite" and state.gh_repos[0]["stars"] == "12 stars"
    assert state.gh_repos[0]["summary"].startswith("A small double-entry bookkeeping service")
    assert state.gh_languages == ["Python 100 %"] and "Python" in state.gh_new_skills
    assert state.gh_fetched.startswith("Fetched ")


def test_rate_limits_say_when_to_try_again(session, fake, ada):
    fake.remaining["anonymous"] = 0
    state = _state(session, ada)
    run_handler(state, GitHubState.set_gh_username, "ada-l")
    run_handler(state, GitHubState.fetch_github)
    assert state.gh_error.startswith("GitHub's limit of requests for this server is used up. Try again in ")
    assert "GITHUB_TOKEN" in state.gh_error


def test_adopting_skills_updates_the_profile_and_the_settings_form(session, fake, ada, monkeypatch):
    state = _state(session, ada)
    form = new_state(ProfileState)

    async def get_state(self, cls):
        assert cls is ProfileState
        return form

    monkeypatch.setattr(GitHubState, "get_state", get_state)  # the settings form, as the app's state tree has it
    run_handler(state, GitHubState.set_gh_username, "ada-l")
    run_handler(state, GitHubState.fetch_github)
    run_handler(state, GitHubState.adopt_github_skills)
    assert "Python" in (session.get(Profile, ada.id).skills or [])  # type: ignore[union-attr]
    assert "Python" in form.skills_text and state.gh_new_skills == []
    assert state.gh_done.startswith("Added to your skills: ")
    run_handler(state, GitHubState.forget_github)
    assert not state.gh_has_profile and github.stored_profile(session, ada.id or 0) is None


def test_a_visitor_is_sent_to_sign_in(session, fake):
    state = new_state(GitHubState)
    event = run_handler(state, GitHubState.fetch_github)
    assert redirect_path(event).startswith("/sign-in")
    assert fake.requests == []


def test_the_company_tracks_page(session, ada):
    profile = session.get(Profile, ada.id) or Profile(user_id=ada.id or 0)
    profile.target_companies = ["Stripe", "Initech"]
    session.add(profile)
    session.commit()
    state = _state(session, ada, CompanyTracksState)
    run_handler(state, CompanyTracksState.load)
    assert [t_["slug"] for t_ in state.mine] == ["stripe"] and state.unknown == "Initech"
    assert ["startup", "Startup (generic)"] in state.choices and len(state.choices) >= 14
    run_handler(state, CompanyTracksState.pick, "amazon")
    assert state.picked == "amazon" and state.picked_track[0]["name"] == "Amazon"
    run_handler(state, CompanyTracksState.pick, "nope")
    assert state.picked == "" and state.picked_track == []


def test_practising_a_loop_from_the_companies_page(session, ada, monkeypatch):
    seed_bank(session, monkeypatch)
    state = _state(session, ada, CompanyTracksState)
    event = run_handler(state, CompanyTracksState.practise, "amazon")
    assert redirect_path(event).startswith("/interview/") and state.error == ""
    run_handler(state, CompanyTracksState.practise, "initech")
    assert state.error == t("companies.error.unknown")
