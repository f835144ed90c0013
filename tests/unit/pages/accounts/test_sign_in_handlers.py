"""The sign-in page's handlers: known devices, the code step, and the same answer for unknown e-mails.

As in test_handlers_authz.py, the state's handlers are called directly; the database and the outbox show
what happened.
"""

from __future__ import annotations

import asyncio
import inspect
import re
from collections.abc import Callable

import pytest
from sqlmodel import Session

from interview_app.i18n import error_text
from interview_app.models import User
from interview_app.pages.accounts.sign_in import SignInState
from interview_app.services.accounts import accounts, passwords
from interview_app.settings import get_settings
from tests.support.handlers import PASSWORD, new_state, outbox, run_coroutine, run_handler

EMAIL = "ada@example.com"
WRONG = "not the password at all"


def _redirect_path(event: object) -> str:
    spec = event[0] if isinstance(event, list) else event
    args = dict((name._js_expr, value) for name, value in spec.args)  # type: ignore[union-attr]
    return str(args["path"]._var_value)


def submit(state: SignInState, email: str = EMAIL, password: str = WRONG) -> list[object]:
    """Run the (async generator) submit handler to its end; returns what it yielded."""
    return [e for e in run_handler(state, SignInState.submit, {"email": email, "password": password}) if e is not None]


def lock_out(email: str = EMAIL) -> None:
    """An attacker's browser spends the free failures."""
    attacker = new_state(SignInState)
    for _ in range(get_settings().signin_account_free_failures):
        submit(attacker, email)
        assert attacker.error == error_text("bad_credentials")


@pytest.fixture
def ada(make_user: Callable[..., User]) -> User:
    return make_user(EMAIL)


def test_a_sign_in_gives_the_browser_a_device_id_that_lets_it_in_during_an_attack(session: Session, ada):
    laptop = new_state(SignInState)
    (redirect,) = submit(laptop, password=PASSWORD)
    assert _redirect_path(redirect) == "/onboarding" and laptop.session_token and laptop.device_id
    device = laptop.device_id
    lock_out()
    laptop.session_token = ""  # signed out since
    (redirect,) = submit(laptop, password=PASSWORD)
    assert _redirect_path(redirect) == "/onboarding" and laptop.session_token
    assert laptop.device_id == device and not laptop.code_step and laptop.error == ""
    session.expire_all()
    assert accounts.resolve_session(session, laptop.session_token).id == ada.id  # type: ignore[union-attr]


def test_the_password_is_checked_off_the_event_loop(session: Session, ada, monkeypatch: pytest.MonkeyPatch):
    """Waiting for a hash slot and hashing on the loop would stop every other tab of the process meanwhile."""
    real_verify = passwords.verify_password
    on_loop: list[bool] = []

    def verify(password_hash: str | None, password: str) -> bool:
        try:
            asyncio.get_running_loop()
            on_loop.append(True)
        except RuntimeError:
            on_loop.append(False)
        return real_verify(password_hash, password)

    async def as_the_server_runs_it(state: SignInState) -> list[object]:
        # Reflex's event processor steps a plain generator on the loop, and awaits an async one there.
        events = SignInState.submit.fn(state, {"email": EMAIL, "password": PASSWORD})
        if inspect.isasyncgen(events):
            return [e async for e in events if e is not None]
        return [e for e in events if e is not None]

    monkeypatch.setattr(passwords, "verify_password", verify)
    (redirect,) = run_coroutine(as_the_server_runs_it(new_state(SignInState)))
    assert on_loop == [False] and _redirect_path(redirect).startswith("/")


def test_an_admin_made_from_the_command_line_goes_to_the_admin_area(session: Session):
    """`create-admin` makes no profile to fill in: no candidate onboarding, the admin pages instead."""
    accounts.create_admin(session, email="root@example.com", name="Root Admin", password=PASSWORD)
    session.commit()
    browser = new_state(SignInState)
    (redirect,) = submit(browser, "root@example.com", PASSWORD)
    assert _redirect_path(redirect) == "/admin"
    assert browser.require_user() is None  # and the dashboard does not send an admin to onboarding


def test_an_unknown_browser_gets_the_code_step_and_the_code_signs_it_in(session: Session, ada):
    lock_out()
    phone = new_state(SignInState)
    assert submit(phone, password=PASSWORD) == []
    assert phone.code_step and phone.error == "" and phone.session_token == ""
    assert phone.code_notice == error_text("signin_code_required") and "sign in with your password" in phone.code_hint
    sent = str(phone.dict())  # what the browser receives
    assert phone.code_notice in sent and phone._challenge and phone._challenge not in sent
    (message,) = outbox(session, kind="signin_code", to=EMAIL)
    code = re.findall(r"\b\d{6}\b", message.body_text)[0]
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    assert phone.submit_code({"code": wrong}) is None
    assert phone.error == error_text("signin_code_wrong") and phone.code_step
    redirect = phone.submit_code({"code": f" {code} "})
    assert _redirect_path(redirect) == "/onboarding" and phone.session_token and phone.device_id
    assert not phone.code_step and phone.error == ""
    again = new_state(SignInState)  # the code works once
    again._challenge, again.code_step = "x" * 43, True
    assert again.submit_code({"code": code}) is None and again.error == error_text("signin_code_expired")
    assert not again.code_step  # back to the password form


def test_an_unknown_email_gets_exactly_the_same_page(session: Session, ada):
    ghost = "nobody@example.com"
    lock_out()
    lock_out(ghost)
    seen = []
    for email in (EMAIL, ghost):
        state = new_state(SignInState)
        submit(state, email, WRONG)
        state.submit_code({"code": "000000"})
        seen.append((state.code_step, state.code_notice, state.code_hint[:40], state.error, state.session_token))
    assert seen[0] == seen[1] and seen[0][0] is True
    assert outbox(session, to=ghost) == [] and outbox(session, kind="signin_code") == []


def test_back_leaves_the_code_step_and_the_code_handler_needs_one(session: Session, ada):
    state = new_state(SignInState)
    assert state.submit_code({"code": "123456"}) is None and state.error == ""  # no code step: nothing happens
    lock_out()
    submit(state, password=PASSWORD)
    assert state.code_step
    state.back_to_password()
    assert not state.code_step and state.code_notice == "" and state._challenge == ""
