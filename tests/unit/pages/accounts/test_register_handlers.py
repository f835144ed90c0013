"""The registration form's handler: it checks, hashes off the event loop and says what happened."""

from __future__ import annotations

import asyncio

import pytest
from sqlmodel import Session, select

from interview_app.models import User
from interview_app.pages.accounts.register import RegisterState
from interview_app.services.accounts import passwords
from tests.support.handlers import PASSWORD, new_state, outbox, run_coroutine, run_handler


def form(**changes: str) -> dict[str, str]:
    values = {"name": "Grace Hopper", "email": "grace@example.com", "password": PASSWORD, "password_confirm": PASSWORD}
    return values | changes


def test_a_new_account_is_stored_and_told_to_check_the_inbox(session: Session):
    state = new_state(RegisterState)
    run_handler(state, RegisterState.submit, form())
    assert "grace@example.com" in state.sent_message and not state.busy
    assert session.exec(select(User).where(User.email == "grace@example.com")).one()
    assert outbox(session, to="grace@example.com")


def test_a_mismatched_confirmation_is_refused_before_anything_is_stored(session: Session):
    state = new_state(RegisterState)
    run_handler(state, RegisterState.submit, form(password_confirm="something else entirely"))
    assert state.password_error and not state.sent_message
    assert session.exec(select(User).where(User.email == "grace@example.com")).first() is None


def test_a_bad_address_is_explained_under_its_field(session: Session):
    state = new_state(RegisterState)
    run_handler(state, RegisterState.submit, form(email="not an address"))
    assert state.email_error and not state.sent_message and not state.busy


def test_the_password_is_hashed_off_the_event_loop(session: Session, monkeypatch: pytest.MonkeyPatch):
    """A class registering at once must not stop every other tab of the process while the hashes run."""
    real_hash = passwords.hash_password
    on_loop: list[bool] = []

    def hash_password(password: str) -> str:
        try:
            asyncio.get_running_loop()
            on_loop.append(True)
        except RuntimeError:
            on_loop.append(False)
        return real_hash(password)

    async def as_the_server_runs_it(state: RegisterState) -> None:
        async for _ in RegisterState.submit.fn(state, form()):
            pass

    monkeypatch.setattr(passwords, "hash_password", hash_password)
    state = new_state(RegisterState)
    run_coroutine(as_the_server_runs_it(state))
    assert on_loop and not any(on_loop) and state.sent_message
