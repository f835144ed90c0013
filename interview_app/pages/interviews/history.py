"""Past and unfinished interviews, with filters and delete."""

from typing import Any

import reflex as rx
from sqlmodel import Session

from interview_app import routes, styles
from interview_app.components.buttons import link_button
from interview_app.components.dialogs import confirm_dialog
from interview_app.components.i18n import tr
from interview_app.i18n import formats, keys
from interview_app.layouts.app_shell import app_shell
from interview_app.models import User
from interview_app.pages.interviews.report import type_and_level
from interview_app.services.accounts import profiles
from interview_app.services.interviews import interviews
from interview_app.state.auth import AuthState, with_user

STATUS_OPTIONS = [
    ("all", tr("history.filter.all")),
    ("in_progress", tr("history.status.in_progress")),
    ("completed", tr("history.status.completed")),
    ("abandoned", tr("history.status.abandoned")),
]
TYPE_OPTIONS = [("all", tr("history.filter.all_types"))] + [
    (k, tr(keys.INTERVIEW_TYPE[k])) for k in interviews.INTERVIEW_TYPES
]


class HistoryState(AuthState):
    """The list of sessions."""

    rows: rx.Field[list[dict]] = rx.field(default_factory=list)
    status: str = "all"
    kind: str = "all"
    message: str = ""
    loaded: bool = False

    @rx.event
    @with_user
    def load(self, session: Session, user: User):
        """Read the user's sessions with the chosen filters."""
        found = interviews.history(
            session,
            user.id or 0,
            "" if self.status == "all" else self.status,
            "" if self.kind == "all" else self.kind,
        )
        self.rows = [
            {
                "id": s.id,
                "title": profiles.shown_role_title(s.role_slug, s.role_title, self.lang)
                or self.t("interview.report.untitled"),
                "meta": type_and_level(s.interview_type, s.difficulty, self.lang) + " · "
                f"{s.question_count} {self.t('history.questions')}",
                "date": formats.date_time(profiles.local_time(session, user.id or 0, s.started_at), self.lang),
                "status": s.status,
                "score": str(s.overall_score) if s.overall_score is not None else "",
                "href": routes.interview_report(s.id or 0)
                if s.status in interviews.ENDED
                else routes.interview(s.id or 0),
            }
            for s in found
        ]
        self.loaded = True
        return None

    @rx.event
    def set_status(self, value: str):
        """Filter by status."""
        self.status = value
        return HistoryState.load

    @rx.event
    def set_kind(self, value: str):
        """Filter by type."""
        self.kind = value
        return HistoryState.load

    @rx.event
    @with_user
    def delete(self, session: Session, user: User, interview_id: int):
        """Delete one session with its answers and media."""
        try:
            interviews.delete_session(session, user.id or 0, int(interview_id))
        except interviews.InterviewError:
            self.message = self.t("interview.error.not_found")
            return None
        self.message = self.t("history.deleted")
        return HistoryState.load


def _select(value, on_change, options, label: str | rx.Var, test_id: str) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(id=test_id, aria_label=label),
        rx.select.content(*[rx.select.item(text, value=k) for k, text in options]),
        value=value,
        on_change=on_change,
    )


def _delete_dialog(row: Any) -> rx.Component:
    return confirm_dialog(
        rx.icon_button(
            rx.icon("trash-2", size=16), variant="ghost", color_scheme="red", aria_label=tr("history.delete")
        ),
        tr("history.delete_title"),
        tr("history.delete_text"),
        tr("history.delete_confirm"),
        HistoryState.delete(row["id"]),
        class_name="history-delete-confirm",
    )


def _row(row: Any) -> rx.Component:
    return rx.flex(
        rx.link(
            rx.box(
                rx.text(row["title"], weight="bold", size="3"),
                rx.text(row["meta"], size="2", color_scheme="gray"),
                rx.text(row["date"], size="1", color_scheme="gray"),
            ),
            href=row["href"],
            underline="none",
            color="inherit",
            flex="1",
        ),
        rx.cond(
            row["status"] == "in_progress",
            rx.badge(tr("history.status.in_progress"), color_scheme="blue"),
            rx.flex(
                # Ended by itself after INTERVIEW_MAX_MINUTES: said in words, beside the score of what was answered.
                rx.cond(
                    row["status"] == "abandoned",
                    rx.badge(tr("history.status.abandoned"), color_scheme="gray", class_name="history-abandoned"),
                ),
                rx.cond(
                    row["score"] != "",
                    rx.badge(row["score"], "/100", size="3"),
                    rx.badge(tr("interview.report.scoring"), color_scheme="amber"),
                ),
                spacing="2",
                align="center",
                wrap="wrap",
                justify="end",
            ),
        ),
        _delete_dialog(row),
        align="center",
        spacing="3",
        style=styles.card,
        width="100%",
        class_name="history-row",
    )


@rx.page(route=routes.HISTORY, title=tr("history.page_title"), on_load=[HistoryState.require_user, HistoryState.load])
def history_page() -> rx.Component:
    return app_shell(
        tr("history.title"),
        routes.HISTORY,
        rx.vstack(
            rx.flex(
                _select(
                    HistoryState.status,
                    HistoryState.set_status,
                    STATUS_OPTIONS,
                    tr("history.filter.status"),
                    "history-status",
                ),
                _select(
                    HistoryState.kind, HistoryState.set_kind, TYPE_OPTIONS, tr("history.filter.type"), "history-type"
                ),
                rx.spacer(),
                link_button(rx.icon("plus", size=16), tr("interview.report.again"), href=routes.INTERVIEW_NEW),
                spacing="3",
                wrap="wrap",
                width="100%",
            ),
            rx.cond(HistoryState.message != "", rx.callout(HistoryState.message, icon="info", size="1", width="100%")),
            rx.cond(
                HistoryState.rows.length() > 0,
                rx.vstack(rx.foreach(HistoryState.rows, _row), width="100%", spacing="3"),
                rx.cond(
                    HistoryState.loaded,
                    rx.box(rx.text(tr("history.empty"), size="3"), style=styles.card, width="100%", id="history-empty"),
                ),
            ),
            spacing="4",
            width="100%",
        ),
    )
