"""Admin: revenue per month (MRR, churn, ARPU, new subscribers, money received) as charts and a table.

The numbers are `services/billing/revenue.py`'s (its docstring says how each is counted). With plans
switched off the page is not there (it sends admins to the 404 page).
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import reflex as rx
from sqlmodel import Session

from interview_app import routes
from interview_app.components import revenue_charts as charts
from interview_app.components.admin_ui import intro, native_select, note_box, section, stat_card
from interview_app.components.figures import BLANK_FIGURE
from interview_app.components.i18n import tr
from interview_app.i18n import formats, t
from interview_app.layouts.admin_shell import admin_shell
from interview_app.models import User
from interview_app.pages.admin.questions import percent
from interview_app.services.billing import plans, revenue
from interview_app.settings import get_settings
from interview_app.state.admin import AdminState, with_admin

RANGES = [(str(n), tr("revenue.last_months", count=n)) for n in (6, 12, 24, 36)]
NOT_FOUND = "/404"
CHART_CONFIG = {"displayModeBar": False, "responsive": True}


def amounts_text(amounts: dict[str, int], lang: str = "en") -> str:
    """Amounts in several currencies on one line ("$24.00 · ₹999.00"), or a dash."""
    if not amounts:
        return "—"
    return " · ".join(plans.price_text(amount, currency, lang) for currency, amount in sorted(amounts.items()))


def kpis(report: revenue.RevenueReport, lang: str = "en") -> list[dict[str, str]]:
    """The key numbers of the last month (and the churn of the month before it, which is complete)."""
    if not report.months:
        return []
    now = report.months[-1]
    before = report.months[-2] if len(report.months) > 1 else None
    month = formats.month_year(now.month, lang)
    churn_hint = t("revenue.kpi.churn_hint", lang, churned=before.churned, start=before.paying_start) if before else ""
    return [
        {
            "label": t("revenue.kpi.mrr", lang),
            "value": amounts_text(now.mrr, lang),
            "hint": t("revenue.kpi.mrr_hint", lang, month=month),
        },
        {
            "label": t("revenue.kpi.subscribers", lang),
            "value": str(now.paying_end),
            "hint": t("revenue.kpi.subscribers_hint", lang, count=now.new),
        },
        {
            "label": t("revenue.kpi.churn", lang),
            "value": percent(before.churn) if before else "—",
            "hint": churn_hint,
        },
        {
            "label": t("revenue.kpi.arpu", lang),
            "value": amounts_text(now.arpu, lang),
            "hint": t("revenue.kpi.arpu_hint", lang),
        },
        {
            "label": t("revenue.kpi.cash", lang),
            "value": amounts_text(now.cash, lang),
            "hint": t("revenue.kpi.cash_hint", lang),
        },
    ]


def table_rows(report: revenue.RevenueReport, lang: str = "en") -> list[dict[str, str]]:
    """Month by month, newest first, as text."""
    return [
        {
            "month": m.month.strftime("%Y-%m"),
            "mrr": amounts_text(m.mrr, lang),
            "arpu": amounts_text(m.arpu, lang),
            "paying": str(m.paying_end),
            "new": str(m.new),
            "churn": percent(m.churn),
            "cash": amounts_text(m.cash, lang),
        }
        for m in reversed(report.months)
    ]


def currency_note(report: revenue.RevenueReport, lang: str = "en") -> str:
    """How the amounts are shown: per currency, or converted (and what could not be)."""
    if not report.converted_to:
        return t("revenue.per_currency", lang)
    note = t("revenue.converted", lang, currency=report.converted_to)
    if report.unconverted:
        note += " " + t("revenue.unconverted", lang, currencies=", ".join(report.unconverted))
    return note


class RevenueState(AdminState):
    """The range, the key numbers, the figures and the table."""

    months: str = "12"
    kpis: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    note: str = ""
    has_data: bool = False
    mrr_fig: go.Figure = BLANK_FIGURE
    subscribers_fig: go.Figure = BLANK_FIGURE
    churn_fig: go.Figure = BLANK_FIGURE
    arpu_fig: go.Figure = BLANK_FIGURE

    @rx.event
    def require_plans(self):
        """Page guard after `require_admin`: with plans switched off the page is not there."""
        if not self._is_admin("require_plans"):
            return self._denied()
        return None if get_settings().plans_enabled else rx.redirect(NOT_FOUND)

    @rx.event
    @with_admin
    def load(self, session: Session, admin: User):
        """Compute the report for the chosen number of months."""
        if not get_settings().plans_enabled:
            return None
        report = revenue.report(session, int(self.months) if self.months.isdigit() else 12)
        lang = self.lang
        self.kpis, self.rows, self.note = kpis(report, lang), table_rows(report, lang), currency_note(report, lang)
        self.has_data = bool(report.currencies) or any(m.paying_end or m.churned for m in report.months)
        self.mrr_fig = charts.mrr_figure(report, lang)
        self.subscribers_fig = charts.subscribers_figure(report, lang)
        self.churn_fig = charts.churn_figure(report, lang)
        self.arpu_fig = charts.arpu_figure(report, lang)
        return None

    @rx.event
    def set_months(self, value: str):
        """Show the last 6, 12, 24 or 36 months."""
        if not self._is_admin("set_months"):
            return self._denied()
        if value in dict(RANGES):
            self.months = value
        return RevenueState.load


def _chart(title: str | rx.Var, figure: Any, note: str | rx.Var = "", chart_id: str = "") -> rx.Component:
    return section(
        title,
        rx.text(note, size="1", color_scheme="gray") if isinstance(note, rx.Var) or note else rx.fragment(),
        rx.plotly(data=figure, config=CHART_CONFIG, width="100%"),
        min_width="0",
        id=chart_id,
    )


def _table() -> rx.Component:
    columns = ("month", "mrr", "arpu", "paying", "new", "churn", "cash")
    labels = {
        "month": tr("revenue.table.month"),
        "mrr": tr("revenue.table.mrr"),
        "arpu": tr("revenue.table.arpu"),
        "paying": tr("revenue.table.paying"),
        "new": tr("revenue.table.new"),
        "churn": tr("revenue.table.churn"),
        "cash": tr("revenue.table.cash"),
    }
    return section(
        tr("revenue.table.title"),
        rx.box(
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(labels[c]) for c in columns])),
                rx.table.body(
                    rx.foreach(
                        RevenueState.rows,
                        lambda r: rx.table.row(*[rx.table.cell(r[c], white_space="nowrap") for c in columns]),
                    )
                ),
                size="1",
                width="100%",
                id="revenue-table",
            ),
            overflow_x="auto",
            width="100%",
        ),
        min_width="0",
    )


@rx.page(
    route=routes.ADMIN_REVENUE,
    title=tr("revenue.page_title"),
    on_load=[RevenueState.require_admin, RevenueState.require_plans, RevenueState.load],
)
def admin_revenue_page() -> rx.Component:
    return admin_shell(
        tr("revenue.title"),
        routes.ADMIN_REVENUE,
        rx.vstack(
            intro(tr("revenue.intro")),
            rx.flex(
                native_select(
                    RevenueState.months, RANGES, RevenueState.set_months, tr("revenue.range"), "revenue-range"
                ),
                rx.text(RevenueState.note, size="1", color_scheme="gray", id="revenue-currency-note"),
                spacing="3",
                align="center",
                wrap="wrap",
            ),
            rx.cond(
                RevenueState.has_data,
                rx.fragment(),
                note_box("info", "gray", rx.text(tr("revenue.no_data"), size="2"), id="revenue-empty"),
            ),
            rx.grid(
                rx.foreach(RevenueState.kpis, lambda k: stat_card(k["label"], k["value"], k["hint"])),
                columns=rx.breakpoints(initial="2", sm="3", lg="5"),
                spacing="3",
                width="100%",
                id="revenue-kpis",
            ),
            rx.grid(
                _chart(tr("revenue.chart.mrr"), RevenueState.mrr_fig, tr("revenue.chart.mrr_note"), "revenue-mrr"),
                _chart(tr("revenue.chart.subscribers"), RevenueState.subscribers_fig, chart_id="revenue-subscribers"),
                _chart(
                    tr("revenue.chart.churn"), RevenueState.churn_fig, tr("revenue.chart.churn_note"), "revenue-churn"
                ),
                _chart(tr("revenue.chart.arpu"), RevenueState.arpu_fig, chart_id="revenue-arpu"),
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="3",
                width="100%",
            ),
            _table(),
            spacing="4",
            width="100%",
        ),
    )
