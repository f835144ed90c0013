"""The local outbox page is for admins only: it holds every message the app sent, reset links included."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from interview_app.models import User
from interview_app.pages.dev_outbox import OutboxState
from interview_app.services.accounts import accounts
from tests.support.handlers import CLIENT, events, new_state, session_token

MakeUser = Callable[..., User]


def _reset_requested(session: Session, make_user: MakeUser) -> User:
    victim = make_user("victim@example.com", "Victor Victim")
    accounts.request_password_reset(session, email=victim.email, client=CLIENT)
    session.commit()
    return victim


def test_a_visitor_sees_no_messages_and_is_told_why(session: Session, make_user: MakeUser, forged_tokens: list[str]):
    _reset_requested(session, make_user)
    for token in forged_tokens:
        state = new_state(OutboxState)
        state.session_token = token
        state.load()
        assert state.messages == [] and state.access == "visitor", token


def test_a_candidate_sees_no_messages_not_even_their_own(session: Session, make_user: MakeUser):
    victim = _reset_requested(session, make_user)
    for user in (make_user("casey@example.com", "Casey Candidate"), victim):
        state = new_state(OutboxState)
        state.session_token = session_token(session, user)
        state.load()
        assert state.messages == [] and state.access == "candidate"
        assert state.own_in_inbox  # the page points to the inbox, which shows their own mail on this install
    denied = events(session, "admin.denied")
    assert [e.detail["action"] for e in denied] == ["OutboxState.load", "OutboxState.load"]


def test_an_admin_reads_the_messages_with_their_links(session: Session, make_user: MakeUser):
    _reset_requested(session, make_user)
    admin = make_user("root@example.com", "Root Admin", role="admin")
    state = new_state(OutboxState)
    state.session_token = session_token(session, admin)
    state.load()
    assert state.access == "admin"
    [message] = state.messages
    assert message["to"] == "victim@example.com"
    assert [str(link).split("?")[0] for link in message["links"]] == ["/reset-password"]


def test_a_signed_out_admin_tab_forgets_the_messages(session: Session, make_user: MakeUser):
    _reset_requested(session, make_user)
    admin = make_user("root@example.com", "Root Admin", role="admin")
    state = new_state(OutboxState)
    state.session_token = session_token(session, admin)
    state.load()
    assert len(state.messages) == 1
    accounts.sign_out(session, state.session_token)
    session.commit()
    state.load()
    assert state.messages == [] and state.access == "visitor"


def test_the_page_is_off_in_production_even_for_an_admin(session: Session, make_user: MakeUser, override_settings):
    _reset_requested(session, make_user)
    admin = make_user("root@example.com", "Root Admin", role="admin")
    override_settings(app_env="production", secret_key="s" * 40, public_url="https://coach.example.com")
    state = new_state(OutboxState)
    state.session_token = session_token(session, admin)
    state.load()
    assert state.messages == [] and state.access == "production"
