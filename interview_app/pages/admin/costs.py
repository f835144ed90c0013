"""Admin: what the paid engines cost, per day, per user and per interview, over a chosen span of days.

The numbers are the `usage_costs` rows written where Whisper transcribes and where the LLM scores
(`services/billing/costs.py`), priced when they were used.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import reflex as rx
from sqlmodel import Session

from interview_app import clock, routes
from interview_app.components.admin_ui import empty, error_callout, filters, intro, section, stat_card, stat_grid
from interview_app.components.i18n import tr
from interview_app.i18n import t
from interview_app.layouts.admin_shell import admin_shell
from interview_app.models import User
from interview_app.services.billing import costs
from interview_app.settings import get_settings
from interview_app.state.admin import AdminState, with_admin

DEFAULT_DAYS = 30
MAX_DAYS = 366


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def line_row(line: costs.CostLine, label: str, lang: str) -> dict[str, Any]:
    """One line of a table: what it is about and its sums in words."""
    return {
        "key": "" if line.key is None else str(line.key),
        "label": label,
        "audio": t("billing.admin.costs.seconds", lang, seconds=line.whisper_seconds),
        "tokens": f"{line.prompt_tokens:,} + {line.completion_tokens:,}",
        "calls": f"{line.llm_calls:,}",
        "cost": costs.money_text(line.cost_micros),
        "zero": line.cost_micros == 0 and line.llm_calls == 0 and line.whisper_seconds == 0,
    }


class CostsState(AdminState):
    """The chosen days and the three tables."""

    start: str = ""
    end: str = ""
    range_error: str = ""
    total_cost: str = ""
    total_audio: str = ""
    total_tokens: str = ""
    total_calls: str = ""
    prices_text: str = ""
    days: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    users: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    sessions: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)

    @rx.event
    @with_admin
    def load(self, session: Session, admin: User):
        """Sum the chosen days (the last 30 by default)."""
        today = clock.utcnow().date()
        start = _day(self.start) or today - timedelta(days=DEFAULT_DAYS - 1)
        end = _day(self.end) or today
        if start > end or (end - start).days >= MAX_DAYS:
            self.range_error = self.t("billing.admin.costs.bad_range")
            return
        self.range_error, self.start, self.end = "", start.isoformat(), end.isoformat()
        total = costs.totals(session, start, end)
        self.total_cost = costs.money_text(total.cost_micros)
        self.total_audio = self.t("billing.admin.costs.seconds", seconds=total.whisper_seconds)
        self.total_tokens = f"{total.prompt_tokens + total.completion_tokens:,}"
        self.total_calls = f"{total.llm_calls:,}"
        s = get_settings()
        self.prices_text = self.t(
            "billing.admin.costs.prices",
            prompt=costs.money_text(int(s.billing_price_per_million_prompt_tokens * 1_000_000)),
            completion=costs.money_text(int(s.billing_price_per_million_completion_tokens * 1_000_000)),
            whisper=costs.money_text(int(s.billing_price_per_whisper_second * 1_000_000)),
        )
        self.days = [line_row(d, d.label, self.lang) for d in reversed(costs.per_day(session, start, end))]
        self.users = [
            line_row(u, u.label or self.t("billing.admin.costs.deleted_user"), self.lang)
            for u in costs.per_user(session, start, end)
        ]
        self.sessions = [
            line_row(
                x,
                " · ".join(
                    p
                    for p in (
                        x.label,
                        x.extra["email"] or self.t("billing.admin.costs.deleted_user"),
                        x.extra["started_at"].strftime("%Y-%m-%d") if x.extra["started_at"] else "",
                    )
                    if p
                ),
                self.lang,
            )
            for x in costs.per_session(session, start, end)
        ]

    @rx.event
    def set_range(self, name: str, value: str):
        """The first or last day changed."""
        if not self._is_admin("set_range"):
            return self._denied()
        if name in ("start", "end"):
            setattr(self, name, str(value)[:10])
        return CostsState.load


def _table(rows: Any, first: str | rx.Var, table_id: str, link: bool = False) -> rx.Component:
    def row(r: Any) -> rx.Component:
        label = (
            rx.cond(
                r["key"] != "",
                rx.link(r["label"], href=routes.admin_user(r["key"]), overflow_wrap="anywhere"),
                rx.text(r["label"]),
            )
            if link
            else rx.text(r["label"], overflow_wrap="anywhere")
        )
        return rx.table.row(
            rx.table.cell(label),
            rx.table.cell(r["audio"]),
            rx.table.cell(r["tokens"]),
            rx.table.cell(r["calls"]),
            rx.table.cell(rx.text(r["cost"], weight="medium")),
            color=rx.cond(r["zero"], rx.color("gray", 11), None),
        )

    return rx.cond(
        rows.length() > 0,
        rx.box(
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell(first),
                        rx.table.column_header_cell(tr("billing.admin.costs.col_audio")),
                        rx.table.column_header_cell(tr("billing.admin.costs.col_tokens")),
                        rx.table.column_header_cell(tr("billing.admin.costs.col_calls")),
                        rx.table.column_header_cell(tr("billing.admin.costs.col_cost")),
                    )
                ),
                rx.table.body(rx.foreach(rows, row)),
                size="1",
                width="100%",
                id=table_id,
            ),
            overflow_x="auto",
            width="100%",
        ),
        empty(tr("billing.admin.costs.none")),
    )


@rx.page(
    route=routes.ADMIN_COSTS,
    title=tr("billing.admin.costs.page_title"),
    on_load=[CostsState.require_admin, CostsState.load],
)
def admin_costs_page() -> rx.Component:
    return admin_shell(
        tr("billing.admin.costs.title"),
        routes.ADMIN_COSTS,
        rx.vstack(
            intro(tr("billing.admin.costs.intro")),
            filters(
                rx.text(tr("billing.admin.costs.from"), size="2"),
                rx.input(
                    type="date",
                    value=CostsState.start,
                    on_change=lambda v: CostsState.set_range("start", v),
                    aria_label=tr("billing.admin.costs.from"),
                    id="costs-start",
                ),
                rx.text(tr("billing.admin.costs.to"), size="2"),
                rx.input(
                    type="date",
                    value=CostsState.end,
                    on_change=lambda v: CostsState.set_range("end", v),
                    aria_label=tr("billing.admin.costs.to"),
                    id="costs-end",
                ),
            ),
            error_callout(CostsState.range_error, "costs-range-error"),
            stat_grid(
                stat_card(tr("billing.admin.costs.total"), CostsState.total_cost, id="costs-total"),
                stat_card(tr("billing.admin.costs.col_audio"), CostsState.total_audio),
                stat_card(tr("billing.admin.costs.col_tokens"), CostsState.total_tokens),
                stat_card(tr("billing.admin.costs.col_calls"), CostsState.total_calls),
            ),
            rx.text(CostsState.prices_text, size="1", color_scheme="gray"),
            section(
                tr("billing.admin.costs.per_day"),
                _table(CostsState.days, tr("billing.admin.costs.col_day"), "costs-days"),
            ),
            section(
                tr("billing.admin.costs.per_user"),
                _table(CostsState.users, tr("billing.admin.costs.col_user"), "costs-users", link=True),
            ),
            section(
                tr("billing.admin.costs.per_session"),
                _table(CostsState.sessions, tr("billing.admin.costs.col_session"), "costs-sessions"),
            ),
            spacing="4",
            width="100%",
        ),
    )
