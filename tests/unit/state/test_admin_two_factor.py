"""Admins must have two-factor sign-in (issue 18): without it every admin page and handler sends them to set it
up on the security settings, and nothing of the admin's work runs."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx
from sqlmodel import Session, select

from interview_app.models import AuditEvent, User
from interview_app.state.admin import AdminState, with_admin
from interview_app.state.auth import TWO_FACTOR_SETUP
from tests.support.handlers import new_state, redirect_path
from tests.support.handlers import session_token as _token
from tests.support.two_factor import enrol

MakeUser = Callable[..., User]


class TwoFactorProbeState(AdminState):
    """An admin page state with one decorated handler."""

    ran: int = 0

    @rx.event
    @with_admin
    def load(self, session: Session, admin: User):
        """Count the runs."""
        self.ran += 1


def _paths(result: object) -> list[str]:
    specs = result if isinstance(result, list) else [result]
    return [redirect_path(spec) for spec in specs if "redirect" in str(spec)]


def test_an_admin_without_two_factor_is_sent_to_set_it_up(session: Session, make_user: MakeUser) -> None:
    admin = make_user("root@example.com", "Root Admin", role="admin", two_factor=False)
    state = new_state(TwoFactorProbeState)
    state.session_token = _token(session, admin)
    assert TWO_FACTOR_SETUP.startswith("/settings/security")
    # The page guard and the handler both send the admin to the security settings; the handler does not run.
    assert _paths(state.require_admin()) == [TWO_FACTOR_SETUP]
    assert _paths(state.load()) == [TWO_FACTOR_SETUP]
    assert state.ran == 0
    # Not a refusal of a non-admin: no admin.denied event.
    assert session.exec(select(AuditEvent).where(AuditEvent.event == "admin.denied")).all() == []
    # With two-factor sign-in on, the same admin gets in.
    enrol(session, admin)
    assert state.require_admin() is None
    assert state.load() is None and state.ran == 1
