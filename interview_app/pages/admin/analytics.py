"""Admin: platform analytics with date ranges: activity, interviews, scores, retention, jobs, scoring engines."""

from __future__ import annotations

import datetime as dt
from typing import Any

import plotly.graph_objects as go
import reflex as rx
from sqlmodel import Session

from interview_app import routes
from interview_app.components import admin_charts as charts
from interview_app.components.admin_ui import intro, native_select, note_box, section, stat_card
from interview_app.components.figures import BLANK_FIGURE
from interview_app.components.i18n import tr
from interview_app.i18n import keys, t
from interview_app.jobs import runner
from interview_app.layouts.admin_shell import admin_shell
from interview_app.models import User
from interview_app.pages.admin.questions import percent
from interview_app.services.admin import platform_analytics
from interview_app.state.admin import AdminState, with_admin

PRESETS = [
    ("7", tr("admin.analytics.last", n=7)),
    ("30", tr("admin.analytics.last", n=30)),
    ("90", tr("admin.analytics.last", n=90)),
    ("custom", tr("admin.analytics.custom")),
]
CHART_CONFIG = {"displayModeBar": False, "responsive": True}


def queue_text(depth: dict[str, Any], lang: str) -> str:
    """The job queue's depth in words."""
    if depth.get("backend") == "redis":
        return t("admin.analytics.queue_redis", lang, **{k: depth.get(k, 0) for k in ("waiting", "running", "delayed")})
    return t("admin.analytics.queue_inprocess", lang, waiting=depth.get("waiting", 0))


class AnalyticsState(AdminState):
    """The date range, the key numbers and the chart figures."""

    preset: str = "30"
    start: str = ""
    end: str = ""
    # Key numbers: label, value, hint.
    kpis: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    active_fig: go.Figure = BLANK_FIGURE
    sessions_fig: go.Figure = BLANK_FIGURE
    scores_fig: go.Figure = BLANK_FIGURE
    retention_fig: go.Figure = BLANK_FIGURE
    jobs_fig: go.Figure = BLANK_FIGURE
    engines_fig: go.Figure = BLANK_FIGURE
    # Job table: name, runs, failures, mean, p95, longest.
    jobs: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    queue: str = ""
    has_scores: bool = False
    has_retention: bool = False

    @rx.event
    @with_admin
    def load(self, session: Session, admin: User):
        """Compute every aggregate for the chosen range."""
        rng = platform_analytics.parse_range(self.preset, self.start, self.end)
        depth = runner.queue_depth()
        data = platform_analytics.overview(session, rng, depth, self.lang)
        self.start, self.end = rng.start.isoformat(), rng.end.isoformat()
        self._show(data)
        return None

    def _show(self, data: platform_analytics.Overview) -> None:
        active, sessions, engines = data.active, data.sessions, data.engines
        scored = sum(engines.offline) + sum(engines.llm) + sum(engines.fallback)
        self.kpis = [
            {
                "label": self.t("admin.analytics.dau"),
                "value": str(active.daily[-1]),
                "hint": self.t("admin.analytics.on", day=dt.date.fromisoformat(self.end)),
            },
            {
                "label": self.t("admin.analytics.wau"),
                "value": str(active.weekly[-1]),
                "hint": self.t("admin.analytics.seven_days"),
            },
            {
                "label": self.t("admin.analytics.sessions"),
                "value": str(sum(sessions.started)),
                "hint": self.t("admin.analytics.completed", pct=percent(sessions.completion_rate)),
            },
            {
                "label": self.t("admin.analytics.avg_score"),
                "value": f"{data.average_score:.0f}" if data.average_score is not None else "—",
                "hint": "",
            },
            {
                "label": self.t("admin.analytics.scored"),
                "value": str(scored),
                "hint": self.t("admin.analytics.llm_share", llm=sum(engines.llm), fallback=sum(engines.fallback)),
            },
            {
                "label": self.t("admin.analytics.jobs"),
                "value": str(sum(j.runs for j in data.jobs)),
                "hint": self.t("admin.analytics.failed_runs", n=sum(j.failures for j in data.jobs)),
            },
        ]
        self.active_fig = charts.active_users_figure(active.days, active.daily, active.weekly, self.lang)
        self.sessions_fig = charts.sessions_figure(sessions.days, sessions.started, sessions.completed, self.lang)
        self.scores_fig = charts.scores_figure(data.scores, self.lang)
        self.retention_fig = charts.retention_figure(data.retention, self.lang)
        self.jobs_fig = charts.jobs_figure(data.jobs, self.lang)
        self.engines_fig = charts.engines_figure(
            engines.days, engines.offline, engines.llm, engines.fallback, self.lang
        )
        self.has_scores, self.has_retention = bool(data.scores), bool(data.retention)
        self.jobs = [
            {
                "name": j.name,
                "runs": str(j.runs),
                "failures": str(j.failures),
                "mean": f"{j.average:.2f} s",
                "p95": f"{j.p95:.2f} s",
                "longest": f"{j.longest:.2f} s",
            }
            for j in data.jobs
        ]
        self.queue = queue_text(data.queue, self.lang)

    @rx.event
    def set_preset(self, preset: str):
        """Choose a range (the last 7, 30 or 90 days, or custom dates)."""
        if not self._is_admin("set_preset"):
            return self._denied()
        if preset in dict(PRESETS):
            self.preset = preset
        return AnalyticsState.load

    @rx.event
    def set_date(self, name: str, value: str):
        """A custom start or end date changed."""
        if not self._is_admin("set_date"):
            return self._denied()
        if name in ("start", "end"):
            setattr(self, name, str(value)[:10])
            self.preset = "custom"
        return AnalyticsState.load


def _chart(title: str | rx.Var, figure: Any, note: str | rx.Var = "", shown: Any = True, **props: Any) -> rx.Component:
    body = rx.plotly(data=figure, config=CHART_CONFIG, width="100%")
    return section(
        title,
        rx.text(note, size="1", color_scheme="gray") if isinstance(note, rx.Var) or note else rx.fragment(),
        rx.cond(shown, body, rx.text(tr("admin.analytics.no_data"), size="2", color_scheme="gray")),
        min_width="0",
        **props,
    )


def _jobs_table() -> rx.Component:
    headers = [tr(keys.ADMIN_ANALYTICS_JOB_COLUMN[k]) for k in ("name", "runs", "failures", "mean", "p95", "longest")]
    return rx.box(
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
            rx.table.body(
                rx.foreach(
                    AnalyticsState.jobs,
                    lambda j: rx.table.row(
                        rx.table.cell(rx.code(j["name"], size="1")),
                        *[
                            rx.table.cell(j[k], white_space="nowrap")
                            for k in ("runs", "failures", "mean", "p95", "longest")
                        ],
                    ),
                )
            ),
            size="1",
            width="100%",
        ),
        overflow_x="auto",
        width="100%",
    )


@rx.page(
    route=routes.ADMIN_ANALYTICS,
    title=tr("admin.analytics.page_title"),
    on_load=[AnalyticsState.require_admin, AnalyticsState.load],
)
def admin_analytics_page() -> rx.Component:
    return admin_shell(
        tr("admin.analytics.title"),
        routes.ADMIN_ANALYTICS,
        rx.vstack(
            intro(tr("admin.analytics.intro")),
            rx.flex(
                native_select(
                    AnalyticsState.preset,
                    PRESETS,
                    AnalyticsState.set_preset,
                    tr("admin.analytics.range"),
                    "analytics-range",
                ),
                rx.hstack(
                    rx.input(
                        type="date",
                        value=AnalyticsState.start,
                        on_change=lambda v: AnalyticsState.set_date("start", v),
                        aria_label=tr("admin.analytics.from"),
                        id="analytics-start",
                    ),
                    rx.text("–"),
                    rx.input(
                        type="date",
                        value=AnalyticsState.end,
                        on_change=lambda v: AnalyticsState.set_date("end", v),
                        aria_label=tr("admin.analytics.to"),
                        id="analytics-end",
                    ),
                    spacing="2",
                    align="center",
                ),
                spacing="2",
                align="center",
                wrap="wrap",
            ),
            rx.grid(
                rx.foreach(AnalyticsState.kpis, lambda k: stat_card(k["label"], k["value"], k["hint"])),
                columns=rx.breakpoints(initial="2", sm="3"),
                spacing="3",
                width="100%",
            ),
            rx.grid(
                _chart(
                    tr("admin.analytics.active_chart"), AnalyticsState.active_fig, tr("admin.analytics.active_note")
                ),
                _chart(tr("admin.analytics.sessions_chart"), AnalyticsState.sessions_fig),
                _chart(tr("admin.analytics.scores_chart"), AnalyticsState.scores_fig, shown=AnalyticsState.has_scores),
                _chart(
                    tr("admin.analytics.retention_chart"),
                    AnalyticsState.retention_fig,
                    tr("admin.analytics.retention_note"),
                    AnalyticsState.has_retention,
                ),
                _chart(
                    tr("admin.analytics.engines_chart"),
                    AnalyticsState.engines_fig,
                    tr("admin.analytics.engines_note"),
                    grid_column=rx.breakpoints(initial="auto", lg="span 2"),
                ),
                columns=rx.breakpoints(initial="1", lg="2"),
                spacing="3",
                width="100%",
            ),
            section(
                tr("admin.analytics.jobs_title"),
                note_box(
                    "list-ordered",
                    "gray",
                    rx.text(
                        rx.text(tr("admin.analytics.queue_title"), ": ", as_="span", weight="bold"),
                        AnalyticsState.queue,
                        size="2",
                        id="analytics-queue",
                    ),
                    rx.text(tr("admin.analytics.queue_note"), size="1"),
                    margin_bottom="0.5rem",
                ),
                rx.plotly(data=AnalyticsState.jobs_fig, config=CHART_CONFIG, width="100%"),
                _jobs_table(),
            ),
            spacing="4",
            width="100%",
        ),
    )
