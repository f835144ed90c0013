"""Admin: find users by name or e-mail, role, activity and when they were last seen."""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from interview_app import routes
from interview_app.components.admin_ui import (
    empty,
    filters,
    intro,
    meta,
    native_select,
    pager,
    row_card,
    search_box,
    status_badge,
)
from interview_app.components.i18n import tr
from interview_app.i18n import keys
from interview_app.layouts.admin_shell import admin_shell
from interview_app.models import User
from interview_app.services.admin import users as admin_users
from interview_app.services.admin.users import UserFilter
from interview_app.state.admin import AdminState, with_admin

PAGE_SIZE = 25
ROLE_OPTIONS = [(k, tr(keys.ADMIN_USERS_ROLE[k])) for k in admin_users.ROLE_FILTERS]
ACTIVE_OPTIONS = [(k, tr(keys.ADMIN_USERS_ACTIVE[k])) for k in admin_users.ACTIVE_FILTERS]
SEEN_OPTIONS = [(k, tr(keys.ADMIN_USERS_SEEN[k])) for k in admin_users.SEEN_FILTERS]


def when(moment: Any) -> str:
    """A time as admin pages show it (UTC), or a dash."""
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "—"


class UsersState(AdminState):
    """The search, the filters and one page of users."""

    text: str = ""
    role: str = "all"
    active: str = "all"
    seen: str = "any"
    page: int = 1
    total: int = 0
    # One page of users: id, name, email, role, active, seen, joined.
    rows: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)

    @rx.var
    def pages(self) -> int:
        """How many pages the results fill."""
        return max(1, -(-self.total // PAGE_SIZE))

    @rx.event
    @with_admin
    def load(self, session: Session, admin: User):
        """Run the search with the current filters."""
        flt = UserFilter(text=self.text[:100], role=self.role, active=self.active, seen=self.seen)
        users, self.total = admin_users.search_users(session, flt, limit=PAGE_SIZE, offset=(self.page - 1) * PAGE_SIZE)
        self.rows = [
            {
                "id": u.id,
                "name": u.name,
                "email": u.email,
                "role": u.role,
                "status": "active" if u.is_active else "retired",
                "status_label": self.t("admin.users.is_active") if u.is_active else self.t("admin.users.is_inactive"),
                "seen": when(u.last_seen_at),
                "joined": u.created_at.strftime("%Y-%m-%d"),
                "href": routes.admin_user(u.id or 0),
            }
            for u in users
        ]
        return None

    @rx.event
    def set_text(self, value: str):
        """The search text changed (debounced)."""
        if not self._is_admin("set_text"):
            return self._denied()
        self.text, self.page = str(value)[:100], 1
        return UsersState.load

    @rx.event
    def set_filter(self, name: str, value: str):
        """One of the filters changed."""
        if not self._is_admin("set_filter"):
            return self._denied()
        allowed = {
            "role": admin_users.ROLE_FILTERS,
            "active": admin_users.ACTIVE_FILTERS,
            "seen": admin_users.SEEN_FILTERS,
        }
        if name in allowed and value in allowed[name]:
            setattr(self, name, value)
        self.page = 1
        return UsersState.load

    @rx.event
    def turn_page(self, step: int):
        """Go to the previous (-1) or next (+1) page."""
        if not self._is_admin("turn_page"):
            return self._denied()
        self.page = max(1, min(self.pages, self.page + (1 if int(step) > 0 else -1)))
        return UsersState.load


def _user_row(row: Any) -> rx.Component:
    return rx.link(
        row_card(
            rx.flex(
                rx.vstack(
                    rx.text(row["name"], weight="bold", size="3"),
                    rx.text(row["email"], size="2", color_scheme="gray"),
                    spacing="0",
                    min_width="14rem",
                    flex="1",
                ),
                rx.hstack(
                    rx.cond(row["role"] == "admin", rx.badge(tr("admin.users.role.admin"), color_scheme="amber")),
                    status_badge(row["status"], row["status_label"]),
                    spacing="2",
                ),
                justify="between",
                align="center",
                wrap="wrap",
                gap="0.5rem",
            ),
            meta(
                rx.text(tr("admin.users.last_seen"), " ", row["seen"]),
                "·",
                rx.text(tr("admin.users.joined"), " ", row["joined"]),
                margin_top="0.35rem",
            ),
            _hover={"background": rx.color("gray", 2)},
        ),
        href=row["href"],
        underline="none",
        color="inherit",
        width="100%",
        display="block",
        class_name="admin-user-row",
    )


@rx.page(
    route=routes.ADMIN_USERS, title=tr("admin.users.page_title"), on_load=[UsersState.require_admin, UsersState.load]
)
def admin_users_page() -> rx.Component:
    return admin_shell(
        tr("admin.users.title"),
        routes.ADMIN_USERS,
        rx.vstack(
            intro(tr("admin.users.intro")),
            search_box(UsersState.text, UsersState.set_text, tr("admin.users.search"), "users-search"),
            filters(
                native_select(
                    UsersState.role,
                    ROLE_OPTIONS,
                    lambda v: UsersState.set_filter("role", v),
                    tr("admin.users.filter_role"),
                    "users-role",
                ),
                native_select(
                    UsersState.active,
                    ACTIVE_OPTIONS,
                    lambda v: UsersState.set_filter("active", v),
                    tr("admin.users.filter_active"),
                    "users-active",
                ),
                native_select(
                    UsersState.seen,
                    SEEN_OPTIONS,
                    lambda v: UsersState.set_filter("seen", v),
                    tr("admin.users.filter_seen"),
                    "users-seen",
                ),
            ),
            pager(
                UsersState.page,
                UsersState.pages,
                UsersState.total,
                UsersState.turn_page(-1),
                UsersState.turn_page(1),
                "users-pager",
            ),
            rx.cond(
                UsersState.rows.length() > 0,
                rx.vstack(rx.foreach(UsersState.rows, _user_row), spacing="2", width="100%", id="users-list"),
                empty(tr("admin.users.none")),
            ),
            spacing="3",
            width="100%",
        ),
    )
