"""Admin: candidates' reports of quiz questions: fix, retire or dismiss, and the reporters hear back."""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from interview_app import routes
from interview_app.components.admin_ui import empty, intro, meta, pager, row_card, status_badge
from interview_app.components.buttons import link_button
from interview_app.components.i18n import tr
from interview_app.i18n import keys
from interview_app.layouts.admin_shell import admin_shell
from interview_app.models import User
from interview_app.pages.admin.users import when
from interview_app.services.admin import reports as admin_reports
from interview_app.services.admin.reports import ReportError
from interview_app.state.admin import AdminState, with_admin

PAGE_SIZE = 20
TABS = [(s, tr(keys.ADMIN_REPORTS_TAB[s])) for s in admin_reports.STATUSES]


class ReportsState(AdminState):
    """The queue of one status, and the report being resolved (with the admin's note)."""

    status: str = "open"
    page: int = 1
    total: int = 0
    # Reports: id, prompt, topic, question status, reason, comment, reporter, when, others, edit link, note.
    rows: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    resolve_id: int = 0
    resolve_action: str = ""
    note: str = ""
    error: str = ""

    @rx.var
    def pages(self) -> int:
        """How many pages the queue fills."""
        return max(1, -(-self.total // PAGE_SIZE))

    @rx.event
    @with_admin
    def load(self, session: Session, admin: User):
        """Read one page of the queue."""
        views, self.total = admin_reports.queue(
            session, self.status, limit=PAGE_SIZE, offset=(self.page - 1) * PAGE_SIZE
        )
        self.rows = [
            {
                "id": v.report.id,
                "prompt": v.question.prompt,
                "topic": v.topic,
                "question_status": v.question.status,
                "question_status_label": self.t(keys.ADMIN_STATUS[v.question.status]),
                "reason": self.t(keys.TRAINER_REPORT_REASON[v.report.reason]),
                "comment": v.report.comment,
                "reporter": f"{v.reporter} <{v.reporter_email}>" if v.reporter else self.t("admin.reports.deleted"),
                "when": when(v.report.created_at),
                "others": max(0, v.open_for_question - 1),
                "edit": routes.admin_question("quiz", v.question.id or 0),
                "resolution": self.t(keys.ADMIN_REPORTS_TAB[v.report.status]),
                "note": v.report.resolution_note,
                "resolved": when(v.report.resolved_at),
            }
            for v in views
        ]
        return None

    @rx.event
    def set_status(self, status: str | list[str]):
        """Show another part of the queue (the segmented control sends one value)."""
        if not self._is_admin("set_status"):
            return self._denied()
        if isinstance(status, str) and status in admin_reports.STATUSES:
            self.status, self.page = status, 1
        return ReportsState.load

    @rx.event
    def turn_page(self, step: int):
        """Go to the previous (-1) or next (+1) page."""
        if not self._is_admin("turn_page"):
            return self._denied()
        self.page = max(1, min(self.pages, self.page + (1 if int(step) > 0 else -1)))
        return ReportsState.load

    @rx.event
    def start_resolve(self, report_id: int, action: str):
        """Open the dialog to resolve a report with an action (fix, retire, dismiss)."""
        if not self._is_admin("start_resolve"):
            return self._denied()
        if action in admin_reports.ACTIONS:
            self.resolve_id, self.resolve_action, self.note, self.error = int(report_id), action, "", ""
        return None

    @rx.event
    def set_note(self, value: str):
        """The note to the reporter changed."""
        if not self._is_admin("set_note"):
            return self._denied()
        self.note = str(value)[: admin_reports.MAX_NOTE + 1]
        return None

    @rx.event
    def close_dialog(self, open_: bool):
        """Close the resolve dialog without doing anything."""
        if not self._is_admin("close_dialog"):
            return self._denied()
        if not open_:
            self.resolve_id = 0
        return None

    @rx.event
    @with_admin
    def resolve(self, session: Session, admin: User):
        """Resolve the report with the chosen action; the reporters are notified."""
        try:
            resolved = admin_reports.resolve(session, admin, self.resolve_id, self.resolve_action, self.note)
        except ReportError as exc:
            self.error = self.t(keys.ADMIN_ERRORS[exc.code])
            return None
        self.resolve_id = 0
        return [ReportsState.load, rx.toast.success(self.t("admin.reports.resolved", n=len(resolved)))]


def _open_actions(row: Any) -> rx.Component:
    return rx.flex(
        link_button(rx.icon("pencil", size=14), tr("admin.reports.edit"), href=row["edit"], size="1", variant="soft"),
        rx.button(
            rx.icon("check", size=14),
            tr("admin.reports.fix"),
            size="1",
            color_scheme="green",
            on_click=ReportsState.start_resolve(row["id"], "fix"),
            class_name="report-fix",
        ),
        rx.button(
            rx.icon("archive", size=14),
            tr("admin.reports.retire"),
            size="1",
            variant="soft",
            color_scheme="red",
            on_click=ReportsState.start_resolve(row["id"], "retire"),
            class_name="report-retire",
        ),
        rx.button(
            rx.icon("x", size=14),
            tr("admin.reports.dismiss"),
            size="1",
            variant="soft",
            color_scheme="gray",
            on_click=ReportsState.start_resolve(row["id"], "dismiss"),
            class_name="report-dismiss",
        ),
        spacing="2",
        wrap="wrap",
        margin_top="0.5rem",
    )


def _row(row: Any) -> rx.Component:
    return row_card(
        rx.text(row["prompt"], size="2", weight="medium"),
        meta(
            rx.text(row["topic"]),
            status_badge(row["question_status"], row["question_status_label"]),
            rx.cond(row["others"].to(int) > 0, rx.text(tr("admin.reports.others", count=row["others"].to(int)))),
            margin_top="0.3rem",
        ),
        rx.box(
            rx.hstack(
                rx.badge(row["reason"], color_scheme="amber", variant="soft"),
                rx.text(row["reporter"], " · ", row["when"], size="1", color_scheme="gray"),
                wrap="wrap",
            ),
            rx.cond(row["comment"] != "", rx.text("“", row["comment"], "”", size="2", margin_top="0.25rem")),
            background=rx.color("gray", 2),
            border_radius="var(--radius-2)",
            padding="0.5rem 0.75rem",
            margin_top="0.5rem",
        ),
        rx.cond(
            ReportsState.status == "open",
            _open_actions(row),
            meta(
                rx.text(row["resolution"], " · ", row["resolved"]),
                rx.cond(row["note"] != "", rx.text("“", row["note"], "”")),
                margin_top="0.5rem",
            ),
        ),
        class_name="report-row",
    )


def _dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(
                rx.match(
                    ReportsState.resolve_action,
                    ("fix", tr("admin.reports.fix_title")),
                    ("retire", tr("admin.reports.retire_title")),
                    tr("admin.reports.dismiss_title"),
                )
            ),
            rx.dialog.description(
                rx.match(
                    ReportsState.resolve_action,
                    ("fix", tr("admin.reports.fix_text")),
                    ("retire", tr("admin.reports.retire_text")),
                    tr("admin.reports.dismiss_text"),
                ),
                size="2",
            ),
            rx.text_area(
                value=ReportsState.note,
                on_change=ReportsState.set_note,
                placeholder=tr("admin.reports.note"),
                rows="3",
                width="100%",
                margin_top="0.75rem",
                id="report-note",
            ),
            rx.cond(ReportsState.error != "", rx.text(ReportsState.error, color="var(--red-11)", size="2")),
            rx.flex(
                rx.dialog.close(rx.button(tr("common.cancel"), variant="soft", color_scheme="gray")),
                rx.button(tr("admin.reports.confirm"), on_click=ReportsState.resolve, id="report-confirm"),
                spacing="3",
                justify="end",
                margin_top="1rem",
            ),
        ),
        open=ReportsState.resolve_id > 0,
        on_open_change=ReportsState.close_dialog,
    )


@rx.page(
    route=routes.ADMIN_REPORTS,
    title=tr("admin.reports.page_title"),
    on_load=[ReportsState.require_admin, ReportsState.load],
)
def admin_reports_page() -> rx.Component:
    return admin_shell(
        tr("admin.reports.title"),
        routes.ADMIN_REPORTS,
        rx.vstack(
            intro(tr("admin.reports.intro")),
            # A segmented control, not tabs: it filters the one list below (tabs would point at panels).
            rx.segmented_control.root(
                *[rx.segmented_control.item(label, value=key) for key, label in TABS],
                value=ReportsState.status,
                on_change=ReportsState.set_status,
                # four Korean labels at size 2 were wider than a phone (사용 중지됨 does not break)
                size=rx.breakpoints(initial="1", sm="2"),
                max_width="100%",
                id="reports-tabs",
            ),
            pager(
                ReportsState.page,
                ReportsState.pages,
                ReportsState.total,
                ReportsState.turn_page(-1),
                ReportsState.turn_page(1),
                "reports-pager",
            ),
            rx.cond(
                ReportsState.rows.length() > 0,
                rx.vstack(rx.foreach(ReportsState.rows, _row), spacing="2", width="100%", id="reports-list"),
                empty(tr("admin.reports.none")),
            ),
            _dialog(),
            spacing="3",
            width="100%",
        ),
    )
