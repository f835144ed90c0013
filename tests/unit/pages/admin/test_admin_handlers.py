"""Every admin event handler checks the role on the server, every time.

Any client can call any handler by name over the websocket. These tests find every handler of every
admin page state (so a new handler without the check fails here), call it with forged, revoked and
candidate tokens, and check that the caller got nothing (no state change, no database change, a redirect
away) and that an `admin.denied` audit event names the handler. A few handlers then run for a real admin.
"""

from __future__ import annotations

import copy
import importlib
import inspect
import pkgutil
import typing
from collections.abc import Callable
from typing import Any

import pytest
import reflex as rx
from sqlmodel import Session, select

import interview_app.pages.admin as admin_pages
from interview_app.models import AuditEvent, Question, QuestionRevision, User
from interview_app.pages.admin.generate import GenerateState
from interview_app.pages.admin.question_edit import QuestionEditState
from interview_app.pages.admin.question_import import ImportState
from interview_app.pages.admin.user_detail import UserDetailState
from interview_app.pages.admin.users import UsersState
from interview_app.services.bank import questions
from interview_app.state.admin import AdminState
from tests.support.handlers import new_state, outbox, redirect_path, run_coroutine, run_handler
from tests.support.handlers import session_token as _token

MakeUser = Callable[..., User]


def admin_states() -> list[type[AdminState]]:
    """Every state class defined in the admin page modules."""
    found: dict[str, type] = {}
    for info in pkgutil.iter_modules(admin_pages.__path__):
        module = importlib.import_module(f"{admin_pages.__name__}.{info.name}")
        for value in vars(module).values():
            if inspect.isclass(value) and issubclass(value, rx.State) and value.__module__ == module.__name__:
                found[value.__name__] = value
    return [cls for name, cls in sorted(found.items()) if name != "AdminState"]


def handlers(cls: type) -> list[tuple[str, Any]]:
    """The class's own event handlers (the built-in generic `setvar` only sets client-side vars)."""
    return sorted((name, h) for name, h in cls.event_handlers.items() if name != "setvar")  # type: ignore[attr-defined]


def dummy_args(fn: Callable[..., Any]) -> list[Any]:
    """A plausible value for each parameter of a handler, from its annotations."""
    hints = typing.get_type_hints(fn)
    values: list[Any] = []
    for name in list(inspect.signature(fn).parameters)[1:]:
        hint = hints.get(name, str)
        origin = typing.get_origin(hint) or hint
        values.append({int: 1, bool: True, list: [], dict: {}}.get(origin, "admin"))
    return values


def call(state: Any, handler: Any) -> Any:
    """Run a handler as the server would (background and async ones too)."""
    return run_handler(state, handler, *dummy_args(handler.fn))


def snapshot(state: Any) -> dict[str, Any]:
    return {name: copy.deepcopy(getattr(state, name)) for name in type(state).base_vars}


def test_every_admin_page_state_derives_from_the_checking_base():
    states = admin_states()
    assert {cls.__name__ for cls in states} >= {
        "AdminHomeState",
        "AnalyticsState",
        "AuditState",
        "GenerateState",
        "ImportState",
        "QuestionEditState",
        "QuestionsState",
        "ReportsState",
        "SessionsState",
        "UserDetailState",
        "UsersState",
    }
    assert all(issubclass(cls, AdminState) for cls in states)
    assert sum(len(handlers(cls)) for cls in states) >= 50


def test_no_admin_handler_does_anything_for_a_candidate_or_a_forged_token(
    session: Session, make_user: MakeUser, forged_tokens: list[str]
):
    questions.seed_questions(session)
    victim = make_user("victim@example.com", "Victim")
    candidate = make_user("candidate@example.com", "Casey Candidate")
    candidate_token = _token(session, candidate)
    revisions_before = len(session.exec(select(QuestionRevision)).all())
    for token in [*forged_tokens, candidate_token]:
        for cls in admin_states():
            for name, handler in handlers(cls):
                state = new_state(cls)
                state.session_token = token
                if isinstance(state, UserDetailState):
                    state.user_id = victim.id or 0
                before = snapshot(state)
                result = call(state, handler)
                assert redirect_path(result) == "/dashboard", f"{cls.__name__}.{name} returned {result!r}"
                assert snapshot(state) == before, f"{cls.__name__}.{name} changed its state for a non-admin"
                session.expire_all()
                denied = session.exec(
                    select(AuditEvent).where(AuditEvent.event == "admin.denied").order_by(AuditEvent.id.desc())  # type: ignore[union-attr]
                ).first()
                assert denied is not None and denied.detail["action"] == f"{cls.__name__}.{name}"
                expected_actor = candidate.id if token == candidate_token else None
                assert denied.actor_user_id == expected_actor
    session.expire_all()
    assert session.get(User, victim.id).is_active and session.get(User, victim.id).role == "candidate"  # type: ignore[union-attr]
    assert session.get(User, candidate.id).role == "candidate"  # type: ignore[union-attr]
    assert len(session.exec(select(QuestionRevision)).all()) == revisions_before
    assert outbox(session) == []


def test_handlers_work_for_an_admin(session: Session, make_user: MakeUser):
    questions.seed_questions(session)
    admin = make_user("root@example.com", "Root Admin", role="admin")
    victim = make_user("victim@example.com", "Victim")
    token = _token(session, admin)

    users = new_state(UsersState)
    users.session_token = token
    users.set_text("victim")
    users.load()
    assert [r["email"] for r in users.rows] == ["victim@example.com"]

    detail = new_state(UserDetailState)
    detail.session_token, detail.user_id = token, victim.id or 0
    detail.set_active(False)
    session.expire_all()
    assert not session.get(User, victim.id).is_active  # type: ignore[union-attr]
    assert detail.info["active"] is False and detail.error == ""
    detail.user_id = admin.id or 0
    detail.set_active(False)
    assert detail.error == "You cannot do that to your own account here. Ask another admin."

    row = session.exec(select(Question).where(Question.status == "active")).first()
    assert row is not None
    edit = new_state(QuestionEditState)
    edit.session_token, edit.kind, edit.question_id = token, "interview", row.id or 0
    edit.form = {"prompt": "Too short?"}
    edit.set_field("prompt", "Still too short")
    assert "prompt" in edit.field_errors

    upload = new_state(ImportState)
    upload.session_token = token

    class FakeUpload:
        filename = "bank.json"

        async def read(self, size: int = -1) -> bytes:
            return b'{"questions": [{"id": "x"}]}'[:size]

    run_coroutine(ImportState.event_handlers["upload"].fn(upload, [FakeUpload()]))  # type: ignore[attr-defined]
    assert upload.checked and upload.rows[0]["action"] == "error"

    generate = new_state(GenerateState)
    generate.session_token = token
    generate.load()
    assert generate.llm_enabled is False and generate.drafts == []
    run_coroutine(GenerateState.event_handlers["generate"].fn(generate))  # type: ignore[attr-defined]
    assert generate.error == "No AI endpoint is configured." and not generate.generating
    assert not session.exec(select(AuditEvent).where(AuditEvent.event == "admin.denied")).all()


@pytest.mark.parametrize("cls", admin_states(), ids=lambda c: c.__name__)
def test_each_page_loads_for_an_admin(session: Session, make_user: MakeUser, cls: type):
    admin = make_user("root@example.com", "Root Admin", role="admin")
    state = new_state(cls)
    state.session_token = _token(session, admin)
    result = cls.event_handlers["load"].fn(state)  # type: ignore[attr-defined]
    # Nothing, or a follow-up event of the page itself (the review queue's duplicate search): never a redirect.
    assert result is None or type(result).__name__ == "EventHandler", result
    assert not session.exec(select(AuditEvent).where(AuditEvent.event == "admin.denied")).all()
