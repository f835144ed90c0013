"""The admin home: what needs attention now, and the latest admin actions."""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from interview_app import routes
from interview_app.components.admin_ui import intro, row_card, section, stat_card, stat_grid
from interview_app.components.i18n import tr
from interview_app.jobs import runner
from interview_app.layouts.admin_shell import admin_shell
from interview_app.models import User
from interview_app.services.admin import audit_log as admin_audit
from interview_app.services.admin import overview as admin_overview
from interview_app.state.admin import AdminState, with_admin


class AdminHomeState(AdminState):
    """The overview numbers."""

    # Counts from each admin area (see services/admin_overview.py).
    numbers: rx.Field[dict[str, int]] = rx.field(default_factory=dict)
    # Jobs waiting in the queue right now.
    queue: int = 0
    # The latest admin actions: when, event, detail.
    events: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)

    @rx.event
    @with_admin
    def load(self, session: Session, admin: User):
        """Read the overview numbers."""
        self.numbers = admin_overview.counts(session)
        self.events = [
            {
                "when": e.created_at.strftime("%Y-%m-%d %H:%M"),
                "event": e.event,
                "detail": admin_audit.detail_text(e)[:160],
            }
            for e in admin_overview.recent_events(session)
        ]
        depth = runner.queue_depth()
        self.queue = int(depth.get("waiting", 0))  # type: ignore[call-overload]
        return None


def _n(key: str) -> rx.Var:
    return AdminHomeState.numbers.get(key, 0).to(int)


def _tile(label: str | rx.Var, key: str, href: str, hint: str | rx.Var = "") -> rx.Component:
    return rx.link(stat_card(label, _n(key), hint, height="100%"), href=href, underline="none", color="inherit")


def _event(e: Any) -> rx.Component:
    return row_card(
        rx.hstack(
            rx.code(e["event"], size="1"),
            rx.text(e["when"], size="1", color_scheme="gray"),
            wrap="wrap",
            align="center",
        ),
        rx.text(e["detail"], size="1", color_scheme="gray", margin_top="0.25rem"),
    )


@rx.page(
    route=routes.ADMIN,
    title=tr("admin.overview.page_title"),
    on_load=[AdminHomeState.require_admin, AdminHomeState.load],
)
def admin_overview_page() -> rx.Component:
    return admin_shell(
        tr("admin.overview.title"),
        routes.ADMIN,
        rx.vstack(
            intro(tr("admin.overview.intro")),
            stat_grid(
                _tile(tr("admin.overview.users"), "users", routes.ADMIN_USERS),
                _tile(tr("admin.overview.seen_today"), "seen_today", routes.ADMIN_ANALYTICS),
                _tile(
                    tr("admin.overview.reports"),
                    "open_reports",
                    routes.ADMIN_REPORTS,
                    tr("admin.overview.reports_hint"),
                ),
                _tile(tr("admin.overview.drafts"), "questions_drafts", routes.ADMIN_GENERATE),
                _tile(tr("admin.overview.interview_questions"), "questions_interview", routes.ADMIN_QUESTIONS),
                _tile(tr("admin.overview.quiz_questions"), "questions_quiz", routes.ADMIN_QUESTIONS),
                _tile(tr("admin.overview.failed_answers"), "failed_answers", routes.ADMIN_SESSIONS),
                rx.link(
                    stat_card(tr("admin.overview.queue"), AdminHomeState.queue, tr("admin.overview.queue_hint")),
                    href=routes.ADMIN_ANALYTICS,
                    underline="none",
                    color="inherit",
                ),
            ),
            section(
                tr("admin.overview.recent"),
                rx.cond(
                    AdminHomeState.events.length() > 0,
                    rx.vstack(rx.foreach(AdminHomeState.events, _event), spacing="2", width="100%"),
                    rx.text(tr("admin.overview.no_events"), size="2", color_scheme="gray"),
                ),
                rx.link(tr("admin.overview.all_events"), href=routes.ADMIN_AUDIT, size="2", margin_top="0.75rem"),
            ),
            spacing="4",
            width="100%",
        ),
    )
