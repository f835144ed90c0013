"""Chart figures for the analytics page: pure functions of the analytics data (no state, no database)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import plotly.graph_objects as go

from interview_app.i18n import formats, t
from interview_app.services.admin.platform_analytics import NO_ROLE, OTHER_ROLES, Cohort, JobStat

TEAL, AMBER, BLUE, RED, GRAY = "#12a594", "#f5a524", "#3e63dd", "#e5484d", "#8b8d98"


def _layout(fig: go.Figure, height: int = 260, **extra: Any) -> go.Figure:
    layout: dict[str, Any] = {
        "height": height,
        "margin": {"l": 40, "r": 10, "t": 10, "b": 40},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "font": {"size": 12, "color": GRAY},
        "legend": {"orientation": "h", "y": -0.2},
        "hovermode": "x unified",
    }
    fig.update_layout(**(layout | extra))
    fig.update_xaxes(gridcolor="rgba(128,128,128,0.15)")
    fig.update_yaxes(gridcolor="rgba(128,128,128,0.15)", rangemode="tozero")
    return fig


def _days_axis(fig: go.Figure, lang: str) -> go.Figure:
    # A date axis and its unified hover header in the reader's language (plotly's own month names are English).
    fig.update_xaxes(type="date", tickformat=formats.chart_day_format(lang), hoverformat=formats.chart_day_format(lang))
    return fig


def active_users_figure(days: Sequence[date], daily: Sequence[int], weekly: Sequence[int], lang: str) -> go.Figure:
    """Daily active users as bars, weekly (trailing seven days) as a line."""
    fig = go.Figure(
        [
            go.Bar(x=list(days), y=list(daily), name=t("admin.chart.daily", lang), marker_color=TEAL),
            go.Scatter(
                x=list(days), y=list(weekly), name=t("admin.chart.weekly", lang), mode="lines", line={"color": BLUE}
            ),
        ]
    )
    return _days_axis(_layout(fig), lang)


def sessions_figure(days: Sequence[date], started: Sequence[int], completed: Sequence[int], lang: str) -> go.Figure:
    """Interviews started and completed per day."""
    fig = go.Figure(
        [
            go.Bar(x=list(days), y=list(started), name=t("admin.chart.started", lang), marker_color=GRAY),
            go.Bar(x=list(days), y=list(completed), name=t("admin.chart.completed", lang), marker_color=TEAL),
        ]
    )
    return _days_axis(_layout(fig, barmode="overlay"), lang)


def _role_label(role: str, lang: str) -> str:
    if role == NO_ROLE:
        return t("admin.chart.no_role", lang)
    return t("admin.chart.other_roles", lang) if role == OTHER_ROLES else role


def scores_figure(by_role: dict[str, list[int]], lang: str) -> go.Figure:
    """One box of overall scores per role (0-100)."""
    fig = go.Figure(
        [
            go.Box(y=scores, name=_role_label(role, lang), boxpoints="outliers", marker_color=TEAL, showlegend=False)
            for role, scores in by_role.items()
        ]
    )
    fig = _layout(fig, height=300, hovermode="closest")
    fig.update_yaxes(range=[0, 100], title=None)
    return fig


def retention_figure(cohorts: Sequence[Cohort], lang: str) -> go.Figure:
    """Share of each weekly cohort still answering 1-4 weeks later, one line per cohort."""
    fig = go.Figure()
    for cohort in cohorts:
        weeks = [
            t("admin.chart.week", lang, n=k) for k, value in enumerate(cohort.retained, start=1) if value is not None
        ]
        values = [round(100 * v) for v in cohort.retained if v is not None]
        fig.add_trace(
            go.Scatter(
                x=weeks,
                y=values,
                mode="lines+markers",
                name=t("admin.chart.cohort", lang, week=formats.day_month(cohort.week, lang), users=cohort.users),
            )
        )
    fig = _layout(fig, hovermode="closest")
    fig.update_yaxes(range=[0, 100], ticksuffix="%")
    return fig


def jobs_figure(stats: Sequence[JobStat], lang: str) -> go.Figure:
    """Mean and 95th-percentile duration per job, in seconds."""
    names = [s.name for s in stats]
    fig = go.Figure(
        [
            go.Bar(
                y=names,
                x=[s.average for s in stats],
                name=t("admin.chart.mean", lang),
                orientation="h",
                marker_color=TEAL,
            ),
            go.Bar(
                y=names, x=[s.p95 for s in stats], name=t("admin.chart.p95", lang), orientation="h", marker_color=AMBER
            ),
        ]
    )
    fig = _layout(fig, height=max(220, 40 + 34 * len(stats)), barmode="group", hovermode="y unified")
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(ticksuffix=" s")
    return fig


def engines_figure(
    days: Sequence[date], offline: Sequence[int], llm: Sequence[int], fallback: Sequence[int], lang: str
) -> go.Figure:
    """Answers scored per day by engine, stacked; fallbacks are offline scores that stood in for the LLM."""
    fig = go.Figure(
        [
            go.Bar(x=list(days), y=list(offline), name=t("admin.chart.offline", lang), marker_color=TEAL),
            go.Bar(x=list(days), y=list(llm), name=t("admin.chart.llm", lang), marker_color=BLUE),
            go.Bar(x=list(days), y=list(fallback), name=t("admin.chart.fallback", lang), marker_color=RED),
        ]
    )
    return _days_axis(_layout(fig, barmode="stack"), lang)
