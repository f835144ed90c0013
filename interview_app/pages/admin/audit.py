"""Admin: the audit log of security and admin events, filterable, with a CSV export."""

from __future__ import annotations

from datetime import date
from typing import Any

import reflex as rx
from sqlmodel import Session

from interview_app import routes
from interview_app.components.admin_ui import dynamic_select, empty, filters, intro, meta, pager, row_card
from interview_app.components.i18n import tr
from interview_app.i18n import keys, t
from interview_app.layouts.admin_shell import admin_shell
from interview_app.models import User
from interview_app.pages.admin.users import when
from interview_app.services.admin import audit_log as admin_audit
from interview_app.services.admin.audit_log import AuditFilter
from interview_app.state.admin import AdminState, with_admin

PAGE_SIZE = 50
GROUPS = (
    "admin.",
    "question",
    "questions.",
    "report.",
    "user.",
    "role.",
    "signin.",
    "password.",
    "account.",
    "billing.",
    "plan.",
)


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def who_text(actor: str, subject: str, lang: str) -> str:
    """Who acted and whom the event is about, e.g. "By a@x.org · About b@x.org" (one name when it is the same)."""
    parts = [f"{t('admin.audit.col_actor', lang)} {actor}" if actor else ""]
    if subject and subject != actor:
        parts.append(f"{t('admin.audit.col_subject', lang)} {subject}")
    return " · ".join(p for p in parts if p)


class AuditState(AdminState):
    """The filters and one page of events."""

    event: str = ""
    person: str = ""
    start: str = ""
    end: str = ""
    page: int = 1
    total: int = 0
    # Event names and name groups for the filter: value, label.
    names: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    # One page: id, when, event, actor, subject, email, ip, detail, who (actor and subject in words).
    rows: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)

    @rx.var
    def pages(self) -> int:
        """How many pages the events fill."""
        return max(1, -(-self.total // PAGE_SIZE))

    def _filter(self) -> AuditFilter:
        return AuditFilter(event=self.event, person=self.person[:80], start=_day(self.start), end=_day(self.end))

    @rx.event
    @with_admin
    def load(self, session: Session, admin: User):
        """Read one page of events with the current filters."""
        names = admin_audit.event_names(session)
        groups = [g for g in GROUPS if any(n.startswith(g) for n in names)]
        self.names = [
            {"value": g if g.endswith(".") else g + ".", "label": self.t("admin.audit.group", name=g.rstrip("."))}
            for g in groups
        ] + [{"value": n, "label": n} for n in names]
        rows, self.total = admin_audit.search(
            session, self._filter(), limit=PAGE_SIZE, offset=(self.page - 1) * PAGE_SIZE
        )
        self.rows = [
            {
                "id": r.event.id,
                "when": when(r.event.created_at),
                "event": r.event.event,
                "actor": r.actor or "—",
                "subject": r.subject or "—",
                "email": r.event.email,
                "ip": r.event.ip or "—",
                "detail": admin_audit.detail_text(r.event),
                "who": who_text(r.actor, r.subject or r.event.email, self.lang),
            }
            for r in rows
        ]
        return None

    @rx.event
    def from_link(self):
        """Take the person filter from the address (links from a user's page), before the first load."""
        if not self._is_admin("from_link"):
            return self._denied()
        person = self.router.url.query_parameters.get("person", "")
        if person:
            self.event, self.person, self.start, self.end, self.page = "", str(person)[:80], "", "", 1
        return None

    @rx.event
    def set_filter(self, name: str, value: str):
        """A filter changed: event name, person, from or to day."""
        if not self._is_admin("set_filter"):
            return self._denied()
        if name in ("event", "person", "start", "end"):
            setattr(self, name, str(value)[:80])
        self.page = 1
        return AuditState.load

    @rx.event
    def turn_page(self, step: int):
        """Go to the previous (-1) or next (+1) page."""
        if not self._is_admin("turn_page"):
            return self._denied()
        self.page = max(1, min(self.pages, self.page + (1 if int(step) > 0 else -1)))
        return AuditState.load

    @rx.event
    @with_admin
    def export_csv(self, session: Session, admin: User):
        """Download the filtered events as CSV (the export is itself audited)."""
        text, _count = admin_audit.export_csv(session, admin.id, self._filter(), self._client().ip)
        return [rx.download(data=text, filename="audit-log.csv", mime_type="text/csv"), AuditState.load]


def _row(row: Any) -> rx.Component:
    """One event in the table: wrapping cells, so the five columns fit beside the sidebar at 1280 px."""
    return rx.table.row(
        rx.table.cell(
            rx.text(row["when"]),
            rx.cond(row["ip"] != "—", rx.text(row["ip"], size="1", color_scheme="gray")),
        ),
        rx.table.cell(rx.code(row["event"], size="1", overflow_wrap="anywhere")),
        rx.table.cell(row["actor"], overflow_wrap="anywhere"),
        rx.table.cell(rx.cond(row["subject"] != "—", row["subject"], row["email"]), overflow_wrap="anywhere"),
        rx.table.cell(rx.text(row["detail"], size="1", color_scheme="gray", overflow_wrap="anywhere")),
        class_name="audit-row",
    )


def _card(row: Any) -> rx.Component:
    """One event as a card, for phones (the table needs more width than a phone has)."""
    return row_card(
        meta(
            rx.code(row["event"], size="1"),
            rx.text(row["when"]),
            rx.cond(row["ip"] != "—", rx.text(row["ip"])),
        ),
        rx.cond(
            row["who"] != "",
            rx.text(row["who"], size="1", overflow_wrap="anywhere", margin_top="0.3rem"),
        ),
        rx.cond(
            row["detail"] != "",
            rx.text(row["detail"], size="1", color_scheme="gray", overflow_wrap="anywhere", margin_top="0.2rem"),
        ),
        class_name="audit-card",
    )


@rx.page(
    route=routes.ADMIN_AUDIT,
    title=tr("admin.audit.page_title"),
    on_load=[AuditState.require_admin, AuditState.from_link, AuditState.load],
)
def admin_audit_page() -> rx.Component:
    # Column widths (the details take the rest); the IP sits under the time.
    columns = (("when", "8.5rem"), ("event", "11rem"), ("actor", "17%"), ("subject", "17%"), ("detail", "auto"))
    return admin_shell(
        tr("admin.audit.title"),
        routes.ADMIN_AUDIT,
        rx.vstack(
            intro(tr("admin.audit.intro")),
            filters(
                dynamic_select(
                    AuditState.event,
                    ("", tr("admin.audit.any_event")),
                    AuditState.names,
                    lambda v: AuditState.set_filter("event", v),
                    tr("admin.audit.filter_event"),
                    "audit-event",
                ),
                rx.input(
                    value=AuditState.person,
                    on_change=lambda v: AuditState.set_filter("person", v),
                    debounce_timeout=350,
                    placeholder=tr("admin.audit.person"),
                    aria_label=tr("admin.audit.person"),
                    id="audit-person",
                    flex="1 1 14rem",
                    max_width="22rem",
                ),
                rx.input(
                    type="date",
                    value=AuditState.start,
                    on_change=lambda v: AuditState.set_filter("start", v),
                    aria_label=tr("admin.audit.from"),
                    id="audit-start",
                ),
                rx.input(
                    type="date",
                    value=AuditState.end,
                    on_change=lambda v: AuditState.set_filter("end", v),
                    aria_label=tr("admin.audit.to"),
                    id="audit-end",
                ),
                rx.spacer(),
                rx.button(
                    rx.icon("download", size=16),
                    tr("admin.audit.export"),
                    variant="soft",
                    on_click=AuditState.export_csv,
                    id="audit-export",
                ),
            ),
            pager(
                AuditState.page,
                AuditState.pages,
                AuditState.total,
                AuditState.turn_page(-1),
                AuditState.turn_page(1),
                "audit-pager",
            ),
            rx.cond(
                AuditState.rows.length() > 0,
                rx.box(
                    rx.box(
                        rx.table.root(
                            rx.table.header(
                                rx.table.row(
                                    *[
                                        rx.table.column_header_cell(tr(keys.ADMIN_AUDIT_COLUMN[key]), width=width)
                                        for key, width in columns
                                    ]
                                )
                            ),
                            rx.table.body(rx.foreach(AuditState.rows, _row)),
                            size="1",
                            width="100%",
                            table_layout="fixed",
                            id="audit-table",
                        ),
                        overflow_x="auto",
                        width="100%",
                        display=["none", "none", "block"],
                    ),
                    rx.vstack(
                        rx.foreach(AuditState.rows, _card),
                        spacing="2",
                        width="100%",
                        display=["flex", "flex", "none"],
                    ),
                    width="100%",
                ),
                empty(tr("admin.audit.none")),
            ),
            spacing="3",
            width="100%",
        ),
    )
