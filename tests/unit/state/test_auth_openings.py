"""The one opening of every handler: `with_user` and `with_admin` (interview_app/state/).

A decorated handler gets the database session and the signed-in user (or admin); anyone else gets the redirect
and the handler does not run. Reflex must still see only the handler's own event arguments.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import reflex as rx
from reflex_base.event.processor.base_state_processor import _prepare_event_payload
from sqlmodel import Session, select

from interview_app.models import AuditEvent, User
from interview_app.state.admin import AdminState, with_admin
from interview_app.state.auth import AuthState, with_user
from tests.support.handlers import new_state, run_coroutine
from tests.support.handlers import session_token as _token

MakeUser = Callable[..., User]


class OpeningProbeState(AuthState):
    """A candidate page state with one decorated handler of each kind."""

    seen_user: str = ""
    seen_count: int = 0

    @rx.event
    @with_user
    def load(self, session: Session, user: User, count: int):
        """Remember who called and with what."""
        assert session.get(User, user.id) is user
        self.seen_user, self.seen_count = user.email, count

    @rx.event
    @with_user
    async def load_async(self, session: Session, user: User, count: int):
        """The same, as a coroutine (upload handlers are)."""
        self.seen_user, self.seen_count = user.email, count


class AdminOpeningProbeState(AdminState):
    """An admin page state with one decorated handler."""

    seen_admin: str = ""

    @rx.event
    @with_admin
    def load(self, session: Session, admin: User):
        """Remember the admin."""
        self.seen_admin = admin.email


def _path(result: object) -> str:
    spec = result[0] if isinstance(result, list) else result
    args = dict((name._js_expr, value) for name, value in spec.args)  # type: ignore[union-attr]
    return str(args["path"]._var_value)


def test_a_signed_out_call_redirects_to_sign_in_and_runs_nothing(session: Session, forged_tokens: list[str]):
    for token in forged_tokens:
        state = new_state(OpeningProbeState)
        state.session_token, state.signed_in = token, True
        assert _path(state.load(3)).startswith("/sign-in")
        assert _path(run_coroutine(state.load_async(3))).startswith("/sign-in")  # type: ignore[arg-type]
        assert state.seen_user == "" and state.seen_count == 0
        assert state.signed_in is False and state.session_token == ""  # the session is forgotten


def test_a_signed_in_call_gets_its_user(session: Session, make_user: MakeUser):
    user = make_user("dana@example.com")
    state = new_state(OpeningProbeState)
    state.session_token = _token(session, user)
    assert state.load(3) is None
    assert (state.seen_user, state.seen_count) == ("dana@example.com", 3)
    run_coroutine(state.load_async(4))  # type: ignore[arg-type]
    assert state.seen_count == 4


def test_an_admin_only_handler_denies_a_candidate(session: Session, make_user: MakeUser):
    candidate = make_user("casey@example.com")
    state = new_state(AdminOpeningProbeState)
    state.session_token = _token(session, candidate)
    assert _path(state.load()) == "/dashboard"
    assert state.seen_admin == ""
    denied = session.exec(select(AuditEvent).where(AuditEvent.event == "admin.denied")).one()
    assert denied.detail["action"] == "AdminOpeningProbeState.load" and denied.actor_user_id == candidate.id
    admin = make_user("root@example.com", role="admin")
    state.session_token = _token(session, admin)
    assert state.load() is None and state.seen_admin == "root@example.com"


def _toasts(result: object) -> int:
    specs = result if isinstance(result, list) else [result]
    return sum("toast" in str(spec) for spec in specs)


def test_a_candidate_opening_an_admin_page_gets_one_message(session: Session, make_user: MakeUser):
    """The page guard says why; the page's own load (run next by on_load) only redirects again."""
    candidate = make_user("casey@example.com")
    state = new_state(AdminOpeningProbeState)
    state.session_token = _token(session, candidate)
    guard = state.require_admin()
    assert _toasts(guard) == 1 and state.is_admin is False
    assert _toasts(state.load()) == 0
    # A browser still shown as an admin (demoted meanwhile) hears it from the handler, once.
    state.is_admin = True
    assert _toasts(state.load()) == 1 and state.is_admin is False


def test_reflex_sees_only_the_event_arguments(session: Session, make_user: MakeUser):
    handler = OpeningProbeState.event_handlers["load"]
    assert list(handler.get_parameters()) == ["self", "count"]
    assert handler._get_type_hints() == {"count": int}
    assert list(AdminOpeningProbeState.event_handlers["load"].get_parameters()) == ["self"]
    assert OpeningProbeState.event_handlers["load_async"]._is_coroutine_function
    rx.button(on_click=OpeningProbeState.load(2))  # an event spec with the one argument builds
    user = make_user("dana@example.com")
    state = new_state(OpeningProbeState)
    state.session_token = _token(session, user)
    # As the server calls it: the payload by name, "7" converted to int from the type hint.
    payload = _prepare_event_payload(handler, {"count": "7"})
    assert payload == {"count": 7}
    handler.fn(state, **payload)  # type: ignore[misc]
    assert (state.seen_user, state.seen_count) == ("dana@example.com", 7)


def test_a_generator_handler_is_refused():
    def stream(self, session: Session, user: User):
        yield None

    with pytest.raises(TypeError, match="generator"):
        with_user(stream)
