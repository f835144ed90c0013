"""The base of every admin page state: the server-side admin check each handler starts with."""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from interview_app import db, routes
from interview_app.models import User
from interview_app.services.admin import users as admin_users
from interview_app.state.auth import AuthState
from interview_app.strings import t


class AdminState(AuthState):
    """Shared by the admin page states; it has no handlers of its own."""

    def _admin(self, session: Session, action: str) -> User | None:
        """The signed-in admin, or None (and an `admin.denied` audit event) for anyone else."""
        return admin_users.admin_guard(
            session, self._signed_in_user(session), action=f"{type(self).__name__}.{action}", ip=self._client().ip
        )

    def _is_admin(self, action: str) -> bool:
        """Whether the signed-in user is an admin, for handlers that need no database work of their own."""
        with db.session_scope() as session:
            return self._admin(session, action) is not None

    def _denied(self) -> list[rx.event.EventSpec]:
        """What a non-admin gets back: no data, only the way out."""
        return [rx.redirect(routes.DASHBOARD), rx.toast.error(t("admin.denied"))]
