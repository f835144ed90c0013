"""Chart figures for the admin revenue page: pure functions of `revenue.RevenueReport` (no state, no database)."""

from __future__ import annotations

from decimal import Decimal

import plotly.graph_objects as go
from babel.numbers import get_currency_precision

from interview_app.components.admin_charts import AMBER, BLUE, GRAY, RED, TEAL, _layout
from interview_app.i18n import formats, t
from interview_app.services.billing.revenue import RevenueReport

COLOURS = (TEAL, BLUE, AMBER, GRAY, RED)


def _major(amount: int, currency: str) -> float:
    return float(Decimal(amount).scaleb(-int(get_currency_precision(currency))))


def _months(report: RevenueReport, lang: str) -> list[str]:
    """The months as the axis names them ("Dec 2026"): one label per month, none left out."""
    return [formats.month_year(m.month, lang) for m in report.months]


def _month_axis(fig: go.Figure) -> go.Figure:
    # A category axis names every month; plotly turns the labels when they would overlap (phones).
    fig.update_xaxes(type="category")
    return fig


def _money_lines(report: RevenueReport, field: str, lang: str) -> go.Figure:
    months = _months(report, lang)
    traces = []
    for i, currency in enumerate(report.currencies):
        values = [_major(getattr(m, field).get(currency, 0), currency) for m in report.months]
        traces.append(
            go.Scatter(
                x=months,
                y=values,
                name=currency,
                mode="lines+markers",
                line={"color": COLOURS[i % len(COLOURS)]},
                hovertemplate=f"%{{y:,.2f}} {currency}<extra></extra>",
            )
        )
    fig = _layout(go.Figure(traces or [go.Scatter(x=months, y=[0] * len(months), showlegend=False)]))
    return _month_axis(fig)


def mrr_figure(report: RevenueReport, lang: str = "en") -> go.Figure:
    """MRR at each month's end, one line per currency (one line when converted)."""
    return _money_lines(report, "mrr", lang)


def arpu_figure(report: RevenueReport, lang: str = "en") -> go.Figure:
    """Revenue per paying subscriber at each month's end, one line per currency."""
    return _money_lines(report, "arpu", lang)


def subscribers_figure(report: RevenueReport, lang: str = "en") -> go.Figure:
    """New subscribers up, lost ones down, per month."""
    months = _months(report, lang)
    fig = go.Figure(
        [
            go.Bar(x=months, y=[m.new for m in report.months], name=t("revenue.chart.new", lang), marker_color=TEAL),
            go.Bar(
                x=months, y=[-m.churned for m in report.months], name=t("revenue.chart.lost", lang), marker_color=RED
            ),
        ]
    )
    fig = _layout(fig, barmode="relative")
    biggest = max([m.new for m in report.months] + [m.churned for m in report.months] + [1])
    fig.update_yaxes(rangemode="normal", zeroline=True, dtick=1 if biggest <= 8 else None, tickformat="d")
    return _month_axis(fig)


def churn_figure(report: RevenueReport, lang: str = "en") -> go.Figure:
    """The churn rate per month in percent (a gap where nobody paid at the month's start)."""
    months = _months(report, lang)
    values = [None if m.churn is None else round(m.churn * 100, 1) for m in report.months]
    fig = go.Figure(
        [
            go.Scatter(
                x=months,
                y=values,
                name=t("revenue.chart.churn_rate", lang),
                mode="lines+markers",
                line={"color": AMBER},
                hovertemplate="%{y:.1f}%<extra></extra>",
            )
        ]
    )
    fig = _layout(fig)
    fig.update_yaxes(ticksuffix="%")
    return _month_axis(fig)
