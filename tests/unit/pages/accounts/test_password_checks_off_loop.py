"""Every page that checks or sets a password hashes on a thread, never on the event loop (issue 18).

A hash waits for one of PASSWORD_HASH_CONCURRENCY slots and then takes tens of milliseconds of a core; on the
event loop it stops every other tab of the process for as long as the line of hashes. Sign-in and registration
have their own tests; here: changing the password or the e-mail, two-factor off and new recovery codes, deleting
the account, and the reset link's new password.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import Session, select

from interview_app.models import User
from interview_app.pages.accounts.recovery import ResetPasswordState
from interview_app.pages.accounts.settings_security import SecurityState
from interview_app.pages.accounts.settings_two_factor import TwoFactorSettingsState
from interview_app.pages.privacy.settings_data import DataState
from interview_app.services.accounts import accounts, passwords
from tests.support.handlers import PASSWORD, new_state, run_handler, session_token
from tests.support.two_factor import enrol

NEW = "a brand new passphrase 42"


@pytest.fixture
def hashes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Where each hash and check ran: "loop" or "thread"."""
    seen: list[str] = []
    real_verify, real_hash = passwords.verify_password, passwords.hash_password

    def where() -> str:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return "thread"
        return "loop"

    def verify(password_hash: str | None, password: str) -> bool:
        seen.append(where())
        return real_verify(password_hash, password)

    def hash_password(password: str) -> str:
        seen.append(where())
        return real_hash(password)

    monkeypatch.setattr(passwords, "verify_password", verify)
    monkeypatch.setattr(passwords, "hash_password", hash_password)
    yield seen


@pytest.fixture
def ada(make_user: Callable[..., User]) -> User:
    return make_user("ada@example.com")


def signed_in(state_class: type[Any], session: Session, user: User) -> Any:
    state = new_state(state_class)
    state.session_token = session_token(session, user)
    return state


def test_changing_the_password_hashes_both_off_the_loop(session: Session, ada: User, hashes: list[str]):
    state = signed_in(SecurityState, session, ada)
    form = {"current_password": PASSWORD, "new_password": NEW, "new_password_confirm": NEW}
    run_handler(state, SecurityState.change_password, form)
    assert state.password_done and state.current_error == "" and state.password_error == ""
    assert hashes == ["thread", "thread"]  # the current password's check, then the new one's hash
    session.expire_all()
    assert passwords.verify_password(session.get(User, ada.id).password_hash, NEW)  # type: ignore[union-attr]


def test_a_wrong_current_password_is_checked_off_the_loop_and_explained(session: Session, ada: User, hashes: list[str]):
    state = signed_in(SecurityState, session, ada)
    form = {"current_password": "not my password at all", "new_password": NEW, "new_password_confirm": NEW}
    run_handler(state, SecurityState.change_password, form)
    assert state.current_error and not state.password_done and hashes == ["thread"]


def test_changing_the_email_checks_the_password_off_the_loop(session: Session, ada: User, hashes: list[str]):
    state = signed_in(SecurityState, session, ada)
    run_handler(state, SecurityState.change_email, {"new_email": "ada.new@example.com", "password": PASSWORD})
    assert "ada.new@example.com" in state.email_done and hashes == ["thread"]


@pytest.mark.parametrize("which", ["regenerate", "disable"])
def test_two_factor_confirmed_with_the_password_checks_it_off_the_loop(
    session: Session, ada: User, hashes: list[str], which: str
):
    enrol(session, ada)
    state = signed_in(TwoFactorSettingsState, session, ada)
    state._load()
    state.open_manage(which)
    run_handler(state, TwoFactorSettingsState.submit_manage, {"manage_code": "", "manage_password": PASSWORD})
    assert state.manage_error == "" and hashes == ["thread"]
    assert (len(state.recovery_codes) == 10) if which == "regenerate" else not state.enabled


def test_deleting_the_account_checks_the_password_off_the_loop(session: Session, ada: User, hashes: list[str]):
    user_id = ada.id
    state = signed_in(DataState, session, ada)
    state.open_delete(True)
    run_handler(state, DataState.delete_account, {"password": PASSWORD})
    assert state.deleted and hashes == ["thread"]
    session.expire_all()
    assert session.get(User, user_id) is None


def test_the_reset_links_new_password_is_hashed_off_the_loop(
    session: Session, ada: User, hashes: list[str], monkeypatch: pytest.MonkeyPatch
):
    token = accounts._issue_token(session, ada, "reset_password", timedelta(minutes=30))
    session.commit()
    state = new_state(ResetPasswordState)
    monkeypatch.setattr(ResetPasswordState, "router", property(lambda _s: _Router(token)), raising=False)
    run_handler(state, ResetPasswordState.submit, {"password": NEW, "password_confirm": NEW})
    assert state.done and state.password_error == "" and hashes == ["thread"]


class _Router:
    """Just enough of Reflex's router for the reset page: the link's token and where the request came from."""

    def __init__(self, token: str) -> None:
        self.url = type("U", (), {"query_parameters": {"token": token}, "path": "/reset-password"})()
        self.session = type("S", (), {"client_ip": "198.51.100.7"})()
        self.headers = type("H", (), {"user_agent": "pytest", "accept_language": "en"})()


def test_a_check_gives_a_read_only_sessions_connection_back_first(
    session: Session, ada: User, monkeypatch: pytest.MonkeyPatch
):
    """While a check waits for a hash slot it holds no pooled connection (and on SQLite no read snapshot)."""
    real_verify = passwords.verify_password
    holding: list[bool] = []

    def verify(password_hash: str | None, password: str) -> bool:
        holding.append(session.in_transaction())
        return real_verify(password_hash, password)

    monkeypatch.setattr(passwords, "verify_password", verify)
    session.commit()
    user = session.exec(select(User).where(User.id == ada.id)).one()  # a read: the session holds a connection
    assert session.in_transaction()
    assert passwords.check(session, user.password_hash, PASSWORD)
    assert holding == [False]
