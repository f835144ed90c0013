"""The Your data page's handlers act only for the signed-in user, on their own exports and account.

As in test_handlers_authz.py: every handler of DataState is called directly with forged, revoked and other
users' tokens, and the database shows that nothing happened to anyone else.
"""

from __future__ import annotations

import re
import shutil
from urllib.parse import parse_qs, urlparse

import pytest
from sqlmodel import Session, func, select

from interview_app import background
from interview_app.models import AuditEvent, DataExport, User
from interview_app.pages.privacy.settings_data import DataState
from interview_app.services.privacy import privacy
from interview_app.settings import get_settings
from tests.support.handlers import PASSWORD, new_state, run_handler
from tests.support.handlers import session_token as _token


@pytest.fixture(autouse=True)
def _jobs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, ...]]:
    """No job runner: queued exports are remembered (tests build them by hand)."""
    shutil.rmtree(get_settings().data_dir / "exports", ignore_errors=True)
    calls: list[tuple[object, ...]] = []
    monkeypatch.setattr(background, "enqueue", lambda *args: calls.append(args))
    return calls


def _redirect_path(event: object) -> str:
    spec = event[0] if isinstance(event, list) else event
    args = dict((name._js_expr, value) for name, value in spec.args)  # type: ignore[union-attr]
    return str(args["path"]._var_value)


@pytest.fixture
def victim(session: Session, make_user) -> tuple[User, DataExport]:
    """A candidate with a failed export (retry-able) and a live session."""
    user = make_user("victim@example.com")
    row = DataExport(user_id=user.id or 0, status="failed", error="disk full")
    session.add(row)
    session.commit()
    _token(session, user)
    return user, row


def _count(session: Session, model: type) -> int:
    session.expire_all()
    return session.exec(select(func.count()).select_from(model)).one()


def test_every_handler_refuses_without_a_valid_session(session, forged_tokens, victim, _jobs):
    user, row = victim
    for token in forged_tokens:
        state = new_state(DataState)
        state.session_token, state.signed_in = token, True
        state.export_status = "building"  # a client can claim anything about itself
        assert _redirect_path(state.load()).startswith("/sign-in")
        assert _redirect_path(state.request_export()).startswith("/sign-in")
        assert _redirect_path(state.retry_export(row.id or 0)).startswith("/sign-in")
        state.export_status = "building"
        assert _redirect_path(state.poll()).startswith("/sign-in")
        state.open_delete(True)
        form = {"password": PASSWORD, "email": user.email}
        assert _redirect_path(run_handler(state, DataState.delete_account, form)).startswith("/sign-in")
        assert state.export_url == "" and not state.deleted
    assert _count(session, DataExport) == 1 and _jobs == []
    assert session.get(DataExport, row.id).status == "failed"  # type: ignore[union-attr]
    assert session.get(User, user.id) is not None


def test_another_user_never_sees_or_retries_the_victims_export(session, make_user, victim, _jobs):
    user, row = victim
    intruder = make_user("intruder@example.com")
    victim_id, intruder_id = user.id, intruder.id
    state = new_state(DataState)
    state.session_token = _token(session, intruder)
    assert state.load() is None
    assert (state.export_id, state.export_status, state.earlier) == (0, "", [])
    assert state.retry_export(row.id or 0) is None
    assert state.request_error == "That export is not yours or no longer exists."
    assert state.export_status == "" and _jobs == []
    assert run_handler(state, DataState.delete_account, {"password": PASSWORD}) is None  # deletes the intruder only
    assert state.deleted and state.session_token == ""
    session.expire_all()
    assert session.get(DataExport, row.id).status == "failed"  # type: ignore[union-attr]
    assert session.get(User, victim_id) is not None and session.get(User, intruder_id) is None


def test_request_progress_and_download_link_for_the_owner(session, victim, _jobs):
    user, failed = victim
    state = new_state(DataState)
    state.session_token = _token(session, user)
    state.load()
    assert (state.export_status, state.export_error, state.has_password) == ("failed", "disk full", True)
    state.retry_export(failed.id or 0)
    assert state.export_status == "queued" and state.busy and _jobs == [("export_user_data", failed.id)]
    assert state.request_export() is None  # one at a time
    assert state.request_error == "An export of yours is already on its way. Wait for it to finish."
    assert privacy.build_export(failed.id or 0) == "ready"
    events = state.poll()
    assert isinstance(events, list) and len(events) == 2  # a toast and the bell's refresh
    assert state.export_status == "ready" and not state.busy and state.export_size.endswith("KB")
    query = parse_qs(urlparse(state.export_url).query)
    assert query["u"] == [str(user.id)] and state.export_until
    state.lang = "ko"
    state.load()
    assert re.fullmatch(r"\d{4}\. \d{1,2}\. \d{1,2}\. 오[전후] \d{1,2}:\d{2}", state.export_until)  # the reader's form
    state.lang = "en"
    assert state.poll() is None  # nothing to poll once ready
    state.request_export()
    assert state.export_status == "queued" and state.request_error == ""
    assert [e["status"] for e in state.earlier] == ["Ready"]


def test_the_daily_limit_is_explained(session, victim, override_settings):
    override_settings(export_limit_per_day=1)
    user, _ = victim
    state = new_state(DataState)
    state.session_token = _token(session, user)
    state.request_export()
    privacy.build_export(state.export_id)
    state.request_export()
    assert state.request_error.startswith("Exports are limited to 1 a day. Try again in ")
    assert _count(session, DataExport) == 2


def test_delete_account_needs_the_password_then_signs_out(session, victim):
    user, _ = victim
    user_id = user.id
    state = new_state(DataState)
    state.session_token = _token(session, user)
    state.load()
    state.open_delete(True)
    assert run_handler(state, DataState.delete_account, {"password": "wrong password here"}) is None
    assert state.delete_error == "Your current password is not correct." and not state.deleted
    assert state.delete_open and state.session_token != ""
    run_handler(state, DataState.delete_account, {"password": PASSWORD})
    assert state.deleted and not state.delete_open and state.session_token == "" and not state.signed_in
    session.expire_all()
    assert session.get(User, user_id) is None
    assert session.exec(select(AuditEvent).where(AuditEvent.event == "account.deleted")).one().email == ""
    state.session_token = "anything"
    assert _redirect_path(state.load()).startswith("/sign-in") and not state.deleted


def test_an_account_without_a_password_confirms_with_its_address(session, make_user):
    user = make_user("oauth@example.com")
    user.password_hash = None
    session.add(user)
    session.commit()
    user_id = user.id
    state = new_state(DataState)
    state.session_token = _token(session, user)
    state.load()
    assert not state.has_password
    run_handler(state, DataState.delete_account, {"email": "other@example.com"})
    assert state.delete_error == "That is not the e-mail address of this account."
    run_handler(state, DataState.delete_account, {"email": "oauth@example.com"})
    assert state.deleted
    session.expire_all()
    assert session.get(User, user_id) is None


def test_the_last_admin_is_told_to_name_another_admin_before_deleting(session, make_user):
    admin = make_user("root@example.com", "Root Admin", role="admin")
    state = new_state(DataState)
    state.session_token = _token(session, admin)
    state.load()
    state.open_delete(True)
    assert run_handler(state, DataState.delete_account, {"password": PASSWORD}) is None
    assert state.delete_error.startswith("You are the only active admin. Make another account an admin first")
    assert not state.deleted and state.session_token != ""
    session.expire_all()
    assert session.get(User, admin.id) is not None
