"""Plotly figures for the progress page, as pure functions of the analytics data (no database access).

Every figure is written in the reader's language: trace names, axis titles, hover texts and dates (plotly
itself writes only numbers: the page hides its mode bar).
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

import plotly.graph_objects as go

from interview_app.i18n import formats, keys, t
from interview_app.services.progress.analytics import (
    FORECAST_DAYS,
    TREND_MIN_POINTS,
    SessionPoint,
    TopicMastery,
    Trend,
)
from interview_app.services.scoring.rubric import DIMENSIONS

ACCENT = "#12a594"
COLOURS = {"relevance": "#3e63dd", "structure": "#8e4ec6", "specificity": "#e5484d", "impact": "#f76b15"}


def _layout(fig: go.Figure, height: int = 300, **extra: Any) -> go.Figure:
    base: dict[str, Any] = {
        "height": height,
        "margin": {"l": 40, "r": 16, "t": 16, "b": 40},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "font": {"size": 12},
        "legend": {"orientation": "h", "y": -0.2},
    }
    fig.update_layout(**{**base, **extra})
    return fig


def dimension_name(dimension: str, lang: str) -> str:
    """A rubric dimension's name (`relevance` -> "Relevance") in `lang`."""
    return t(keys.RUBRIC[dimension], lang)


def trend_hover(trend: Trend, lang: str) -> str:
    """The method behind a trend label, for hover text."""
    if trend.label == "not_enough":
        return t("progress.chart.trend_not_enough", lang, need=TREND_MIN_POINTS, n=trend.points)
    word = t(keys.READINESS_TREND[trend.label], lang)
    return t("progress.chart.trend_method", lang, trend=word, slope=f"{trend.slope:+.2f}", n=trend.points)


# An axis of days written out as categories (weeks, calendar columns): at most four labels, level, so they neither
# turn sideways nor run into the legend on a phone (18 Korean dates "9월 21일" did both at 390 px).
_DAY_CATEGORIES: dict[str, Any] = {"nticks": 4, "tickangle": 0}


def _date_axis(lang: str, **extra: Any) -> dict[str, Any]:
    return {"type": "date", "tickformat": formats.chart_day_format(lang), **extra}


def scores_over_time(points: list[SessionPoint], trends: dict[str, Trend], lang: str) -> go.Figure:
    """Overall score (0-100) and each dimension (as a share of its 25 points) per session."""
    days = [p.day.isoformat() for p in points]
    shown = [formats.date(p.day, lang) for p in points]
    overall = trend_hover(trends["overall"], lang)
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=days,
            y=[p.overall for p in points],
            name=t("readiness.overall", lang),
            mode="lines+markers",
            line={"color": ACCENT, "width": 3},
            text=[f"{day}: {p.overall}/100<br>{overall}" for day, p in zip(shown, points, strict=True)],
            hovertemplate="%{text}<extra></extra>",
        )
    )
    for d in DIMENSIONS:
        name, trend = dimension_name(d, lang), trend_hover(trends[d], lang)
        fig.add_trace(
            go.Scatter(
                x=days,
                y=[round(p.dimensions.get(d, 0) * 4, 1) for p in points],
                name=name,
                mode="lines",
                line={"color": COLOURS[d], "width": 1.5, "dash": "dot"},
                text=[
                    f"{day}: {name} {p.dimensions.get(d, 0):g}/25<br>{trend}"
                    for day, p in zip(shown, points, strict=True)
                ],
                hovertemplate="%{text}<extra></extra>",
            )
        )
    return _layout(
        fig, xaxis=_date_axis(lang), yaxis={"range": [0, 100], "title": t("progress.chart.score_axis", lang)}
    )


def skill_radar(levels: dict[str, float], lang: str) -> go.Figure:
    """Average score per competency over recent sessions."""
    names = [t(keys.COMPETENCY[c], lang) if c in keys.COMPETENCY else c for c in levels]
    values = list(levels.values())
    fig = go.Figure(
        go.Scatterpolar(
            r=[*values, values[0]] if values else [],
            theta=[*names, names[0]] if names else [],
            fill="toself",
            line={"color": ACCENT},
            hovertemplate="%{theta}: %{r:.0f}/100<extra></extra>",
        )
    )
    return _layout(
        fig,
        height=340,
        margin={"l": 70, "r": 70, "t": 30, "b": 30},
        polar={"radialaxis": {"range": [0, 100], "tickfont": {"size": 9}}, "angularaxis": {"tickfont": {"size": 10}}},
        showlegend=False,
    )


def mastery_heatmap(mastery: list[TopicMastery], lang: str) -> go.Figure:
    """Predicted recall (FSRS) per trainer topic now, in 7 days and in 30 days."""
    columns = [t("progress.chart.in_days", lang, days=d) for d in FORECAST_DAYS]
    z = [[round(100 * m.recall.get(d, 0.0)) for d in FORECAST_DAYS] for m in mastery]
    hover = [
        [
            t("progress.chart.recall_hover", lang, topic=m.topic, when=when, recall=v)
            for when, v in zip(columns, row, strict=True)
        ]
        for m, row in zip(mastery, z, strict=True)
    ]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=columns,
            y=[t("progress.chart.topic_cards", lang, topic=m.topic, cards=m.cards) for m in mastery],
            zmin=0,
            zmax=100,
            colorscale=[[0, "#fff1f0"], [0.6, "#ffe3a3"], [1, ACCENT]],
            text=[[f"{v}%" for v in row] for row in z],
            texttemplate="%{text}",
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
            showscale=False,
        )
    )
    return _layout(
        fig,
        height=max(200, 60 + 32 * len(mastery)),
        yaxis={"autorange": "reversed", "automargin": True},
        xaxis={"side": "top"},
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
    )


def speaking_chart(series: list[dict[str, Any]], lang: str) -> go.Figure:
    """Pace (words per minute) and fillers and pauses per minute of spoken sessions."""
    days = [s["day"].isoformat() for s in series]
    shown = [formats.date(s["day"], lang) for s in series]
    fig = go.Figure()
    for field, key, extra in (
        ("wpm", "progress.col.wpm", {"line": {"color": ACCENT}}),
        ("fillers_per_minute", "progress.col.fillers", {"yaxis": "y2", "line": {"color": "#e5484d"}}),
        ("pauses_per_minute", "progress.col.pauses", {"yaxis": "y2", "line": {"color": "#8e4ec6", "dash": "dot"}}),
    ):
        name = t(key, lang)
        values = [s.get(field, 0) for s in series]
        fig.add_trace(
            go.Scatter(
                x=days,
                y=values,
                name=name,
                mode="lines+markers",
                text=[f"{day}: {name} {formats.number(v, lang)}" for day, v in zip(shown, values, strict=True)],
                hovertemplate="%{text}<extra></extra>",
                **extra,
            )
        )
    return _layout(
        fig,
        xaxis=_date_axis(lang),
        yaxis={"title": t("progress.chart.wpm_axis", lang), "rangemode": "tozero"},
        yaxis2=_right_axis(t("progress.chart.per_minute_axis", lang)),
    )


def _right_axis(title: str, **more: Any) -> dict[str, Any]:
    """A second y axis on the right over the first one, from zero (a chart's second measure)."""
    return {"title": title, "overlaying": "y", "side": "right", "rangemode": "tozero", **more}


def activity_calendar(days: dict[date, dict[str, int]], today: date, lang: str, weeks: int = 18) -> go.Figure:
    """Questions answered per day (interviews and trainer) over the last `weeks` weeks, Monday at the top."""
    first = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    columns = [first + timedelta(weeks=w) for w in range(weeks)]
    z: list[list[float | None]] = []
    text: list[list[str]] = []
    for weekday in range(7):
        row: list[float | None] = []
        labels: list[str] = []
        for start in columns:
            day = start + timedelta(days=weekday)
            counts = days.get(day, {"interview": 0, "trainer": 0})
            total = counts["interview"] + counts["trainer"]
            row.append(None if day > today else total)
            labels.append(
                t(
                    "progress.chart.activity_hover",
                    lang,
                    day=formats.date(day, lang),
                    interview=counts["interview"],
                    trainer=counts["trainer"],
                )
            )
        z.append(row)
        text.append(labels)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[formats.day_month(c, lang) for c in columns],
            y=formats.weekdays(lang),
            colorscale=[[0, "#f1f3f5"], [0.01, "#c4f1e6"], [1, "#0d7a6c"]],
            xgap=3,
            ygap=3,
            text=text,
            hovertemplate="%{text}<extra></extra>",
            showscale=False,
        )
    )
    return _layout(
        fig,
        height=220,
        xaxis=_DAY_CATEGORIES,
        yaxis={"autorange": "reversed"},
        margin={"l": 40, "r": 10, "t": 10, "b": 40},
    )


def weekly_chart(weeks: list[dict[str, Any]], lang: str) -> go.Figure:
    """Sessions finished and questions answered per week."""
    labels = [formats.day_month(w["week"], lang) for w in weeks]
    fig = go.Figure()
    fig.add_trace(go.Bar(x=labels, y=[w["interview_questions"] for w in weeks], name=t("progress.col.interview", lang),
                         marker_color=ACCENT))  # fmt: skip
    fig.add_trace(go.Bar(x=labels, y=[w["trainer_questions"] for w in weeks], name=t("progress.col.trainer", lang),
                         marker_color="#8fd6c8"))  # fmt: skip
    fig.add_trace(go.Scatter(x=labels, y=[w["sessions"] for w in weeks], name=t("progress.col.sessions", lang),
                             mode="lines+markers", yaxis="y2", line={"color": "#3e63dd"}))  # fmt: skip
    return _layout(
        fig,
        barmode="stack",
        xaxis=_DAY_CATEGORIES,
        yaxis={"title": t("progress.chart.questions_axis", lang), "rangemode": "tozero"},
        # Whole interviews: a step of one or more (not 0.81, 1.62, ...).
        yaxis2=_right_axis(
            t("progress.chart.interviews_axis", lang),
            dtick=max(1, math.ceil(max((w["sessions"] for w in weeks), default=0) / 4)),
        ),
    )
