"""The base of every admin page state: the server-side admin check each handler starts with."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

import reflex as rx
from sqlmodel import Session

from interview_app import routes
from interview_app.models import User
from interview_app.services.accounts import two_factor
from interview_app.services.admin import users as admin_users
from interview_app.state.auth import TWO_FACTOR_SETUP, AuthState, handler_opened_by

P = ParamSpec("P")
R = TypeVar("R")
A = TypeVar("A", bound="AdminState")


class AdminState(AuthState):
    """Shared by the admin page states; it has no handlers of its own."""

    # Set when the last check refused an admin only because two-factor sign-in is off (`_denied` says so).
    _needs_two_factor: bool = False

    def _admin(self, session: Session, action: str) -> User | None:
        """The signed-in admin with two-factor sign-in on, or None.

        Anyone but an admin also leaves an `admin.denied` audit event; an admin without two-factor sign-in is
        sent to set it up (`_denied`).
        """
        admin = admin_users.admin_guard(
            session, self._signed_in_user(session), action=f"{type(self).__name__}.{action}", ip=self._client().ip
        )
        self._needs_two_factor = admin is not None and two_factor.needs_enrolment(session, admin)
        return None if self._needs_two_factor else admin

    def _is_admin(self, action: str) -> bool:
        """Whether the signed-in user is an admin, for handlers that need no database work of their own."""
        with self._session() as session:
            return self._admin(session, action) is not None

    def _denied(self) -> list[rx.event.EventSpec]:
        """What a non-admin gets back: no data, only the way out.

        When this browser was not shown as an admin, the page guard (`require_admin`, first in every admin
        page's `on_load`) has already said why it is sent away, so the page's load adds no second message.
        A browser that was shown as an admin (the role or the session ended meanwhile) gets the message here.
        An admin without two-factor sign-in goes to set it up.
        """
        if self._needs_two_factor:
            self._needs_two_factor = False
            return [rx.redirect(TWO_FACTOR_SETUP), rx.toast.info(self.t("two_factor.admin_redirect"))]
        if not self.is_admin:
            return [rx.redirect(routes.DASHBOARD)]
        self.is_admin = False
        return [rx.redirect(routes.DASHBOARD), rx.toast.error(self.t("admin.denied"))]


def with_admin(handler: Callable[Concatenate[A, Session, User, P], R]) -> Callable[Concatenate[A, P], R | Any]:
    """The opening of every admin handler, as one decorator under `@rx.event`.

        @rx.event
        @with_admin
        def load(self, session: Session, admin: User, page: int): ...

    Like `with_user`, for admins only: anyone else gets `_denied()` (the dashboard and a toast) and an
    `admin.denied` audit event naming the state and the handler (`UsersState.load`); the handler does not run.
    An admin without two-factor sign-in is sent to set it up instead (`TWO_FACTOR_SETUP`).
    """
    action = handler.__name__

    def opening(state: AdminState, session: Session) -> User | Any:
        admin = state._admin(session, action)
        return state._denied() if admin is None else admin

    return handler_opened_by(opening, handler)
