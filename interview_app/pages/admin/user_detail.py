"""Admin: one user's profile, sign-in sessions and scores, and the actions on the account (all audited)."""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from interview_app import routes
from interview_app.components.admin_ui import section, stat_card, stat_grid, status_badge
from interview_app.components.admin_user import account_actions, event_row, profile_facts, session_row
from interview_app.components.i18n import tr
from interview_app.i18n import keys
from interview_app.layouts.admin_shell import admin_shell
from interview_app.models import User
from interview_app.pages.admin.users import when
from interview_app.services.admin import audit_log as admin_audit
from interview_app.services.admin import users as admin_users
from interview_app.services.admin.users import AdminError
from interview_app.state.address import route_id
from interview_app.state.admin import AdminState, with_admin


class UserDetailState(AdminState):
    """The user shown and what can be done to the account."""

    user_id: int = 0
    found: bool = False
    # Profile and account facts: name, email, role, active, verified, joined, seen, target, level, timezone.
    info: rx.Field[dict[str, Any]] = rx.field(default_factory=dict)
    # Score summary as label -> value text.
    scores: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    # Sign-in sessions: id, started, used, ip, agent, live.
    sessions: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    # Latest audit events about the user: when, event, detail.
    events: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    error: str = ""

    def _user_id(self) -> int:
        return route_id(self.router, "user_id")

    @rx.event
    @with_admin
    def load(self, session: Session, admin: User):
        """Read the user from the address."""
        self.user_id, self.error = self._user_id(), ""
        try:
            details = admin_users.user_details(session, self.user_id)
        except AdminError:
            self.found = False
            return None
        self._show_details(details)
        return None

    def _show_details(self, d: admin_users.UserDetails) -> None:
        user, profile, s = d.user, d.profile, d.scores
        self.found = True
        self.info = {
            "name": user.name,
            "email": user.email,
            "role": user.role,
            "active": user.is_active,
            "verified": when(user.email_verified_at) if user.email_verified_at else self.t("admin.user.unverified"),
            "joined": when(user.created_at),
            "seen": when(user.last_seen_at),
            "target": (profile.target_role_text or profile.target_role_slug or "—") if profile else "—",
            "level": self.t(keys.LEVEL[profile.level]) if profile and profile.level else "—",
            "timezone": profile.timezone if profile else "—",
            "onboarded": when(user.onboarded_at),
            "two_factor": d.two_factor,
        }
        accuracy = f"{round(100 * s.quiz_correct / s.quiz_answered)}%" if s.quiz_answered else "—"
        self.scores = [
            {
                "label": self.t("admin.user.interviews"),
                "value": str(s.interviews),
                "hint": self.t("admin.user.completed", n=s.completed),
            },
            {
                "label": self.t("admin.user.average"),
                "value": f"{s.average:.0f}" if s.average is not None else "—",
                "hint": self.t("admin.user.best", n=s.best) if s.best is not None else "",
            },
            {
                "label": self.t("admin.user.quiz"),
                "value": str(s.quiz_answered),
                "hint": self.t("admin.user.accuracy", pct=accuracy),
            },
            {
                "label": self.t("admin.user.streak"),
                "value": str(s.streak),
                "hint": self.t("admin.user.trainer_days", n=s.trainer_days),
            },
        ]
        self.sessions = [
            {
                "id": a.id,
                "started": when(a.created_at),
                "used": when(a.last_used_at),
                "ip": a.ip or "—",
                "agent": (a.user_agent or "—")[:90],
                "live": admin_users.session_is_live(a),
            }
            for a in d.sessions
        ]
        self.events = [
            {"when": when(e.created_at), "event": e.event, "detail": admin_audit.detail_text(e)[:140]} for e in d.events
        ]

    def _act(self, action: str, run: Any, done: str):
        """Check the admin, run one account action, reload; errors show on the page."""
        with self._session() as session:
            admin = self._admin(session, action)
            if admin is None:
                return self._denied()
            try:
                run(session, admin)
            except AdminError as exc:
                self.error = self.t(keys.ADMIN_ERRORS[exc.code])
                return None
            self._show_details(admin_users.user_details(session, self.user_id))
        self.error = ""
        return rx.toast.success(done)

    @rx.event
    def set_role(self, role: str):
        """Make the user a candidate or an admin."""
        ip = self._client().ip
        return self._act(
            "set_role",
            lambda s, a: admin_users.change_role(s, a, self.user_id, str(role), ip),
            self.t("admin.user.role_changed"),
        )

    @rx.event
    def set_active(self, active: bool):
        """Deactivate or reactivate the account."""
        ip = self._client().ip
        return self._act(
            "set_active",
            lambda s, a: admin_users.set_active(s, a, self.user_id, bool(active), ip),
            self.t("admin.user.reactivated") if active else self.t("admin.user.deactivated"),
        )

    @rx.event
    def revoke_all(self):
        """Sign the user out on every device."""
        ip = self._client().ip
        return self._act(
            "revoke_all", lambda s, a: admin_users.revoke_sessions(s, a, self.user_id, ip), self.t("admin.user.revoked")
        )

    @rx.event
    def revoke_one(self, auth_session_id: int):
        """End one of the user's sessions."""
        ip = self._client().ip
        return self._act(
            "revoke_one",
            lambda s, a: admin_users.revoke_session(s, a, self.user_id, int(auth_session_id), ip),
            self.t("admin.user.revoked_one"),
        )

    @rx.event
    def send_reset(self):
        """E-mail the user a password reset link."""
        ip = self._client().ip
        return self._act(
            "send_reset",
            lambda s, a: admin_users.send_password_reset(s, a, self.user_id, ip),
            self.t("admin.user.reset_sent"),
        )


def _found() -> rx.Component:
    info = UserDetailState.info
    return rx.vstack(
        rx.flex(
            rx.heading(info["name"].to(str), size="6", as_="h2", id="user-name"),
            rx.cond(info["role"].to(str) == "admin", rx.badge(tr("admin.users.role.admin"), color_scheme="amber")),
            status_badge(
                rx.cond(info["active"].to(bool), "active", "retired"),
                rx.cond(info["active"].to(bool), tr("admin.users.is_active"), tr("admin.users.is_inactive")),
            ),
            rx.cond(
                info["two_factor"].to(bool),
                rx.badge(tr("two_factor.admin.on"), color_scheme="green", id="user-two-factor"),
                rx.badge(tr("two_factor.admin.off"), color_scheme="gray", id="user-two-factor"),
            ),
            spacing="2",
            align="center",
            wrap="wrap",
            id="user-badges",
        ),
        stat_grid(rx.foreach(UserDetailState.scores, lambda s: stat_card(s["label"], s["value"], s["hint"]))),
        profile_facts(info),
        account_actions(
            info,
            UserDetailState.error,
            UserDetailState.set_role,
            UserDetailState.revoke_all,
            UserDetailState.send_reset,
            UserDetailState.set_active,
        ),
        section(
            tr("admin.user.sessions"),
            rx.cond(
                UserDetailState.sessions.length() > 0,
                rx.vstack(
                    rx.foreach(UserDetailState.sessions, lambda s: session_row(s, UserDetailState.revoke_one)),
                    spacing="2",
                    width="100%",
                ),
                rx.text(tr("admin.user.no_sessions"), size="2", color_scheme="gray"),
            ),
        ),
        section(
            tr("admin.user.events"),
            rx.vstack(rx.foreach(UserDetailState.events, event_row), spacing="0", width="100%"),
            rx.link(
                tr("admin.user.all_events"),
                href=routes.ADMIN_AUDIT + "?person=" + info["email"].to(str),
                size="2",
                id="user-audit-link",
            ),
        ),
        spacing="4",
        width="100%",
    )


@rx.page(
    route=routes.ADMIN_USER,
    title=tr("admin.user.page_title"),
    on_load=[UserDetailState.require_admin, UserDetailState.load],
)
def admin_user_page() -> rx.Component:
    return admin_shell(
        tr("admin.user.title"),
        routes.ADMIN_USERS,
        rx.vstack(
            rx.link(
                rx.hstack(rx.icon("arrow-left", size=16), rx.text(tr("admin.user.back")), align="center"),
                href=routes.ADMIN_USERS,
                size="2",
            ),
            rx.cond(UserDetailState.found, _found(), rx.text(tr("admin.user.not_found"), color_scheme="gray")),
            spacing="3",
            width="100%",
        ),
    )
