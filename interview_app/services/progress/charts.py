"""Plotly figures for the progress page, as pure functions of the analytics data (no database access)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import plotly.graph_objects as go

from interview_app.services.bank.files import COMPETENCIES
from interview_app.services.progress.analytics import FORECAST_DAYS, SessionPoint, TopicMastery, Trend
from interview_app.services.scoring.rubric import DIMENSIONS

ACCENT = "#12a594"
COLOURS = {"relevance": "#3e63dd", "structure": "#8e4ec6", "specificity": "#e5484d", "impact": "#f76b15"}
DIMENSION_NAMES = {
    "relevance": "Relevance",
    "structure": "Structure",
    "specificity": "Specificity",
    "impact": "Impact and fit",
}
TREND_WORDS = {"improving": "improving", "stable": "stable", "declining": "declining", "not_enough": "too few sessions"}


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


def trend_hover(t: Trend) -> str:
    """The method behind a trend label, for hover text."""
    if t.label == "not_enough":
        return f"Needs 4 sessions with this skill (has {t.points})."
    return f"{TREND_WORDS[t.label]}: Theil-Sen slope {t.slope:+.2f} points per session over the last {t.points}"


def scores_over_time(points: list[SessionPoint], trends: dict[str, Trend]) -> go.Figure:
    """Overall score (0-100) and each dimension (as a share of its 25 points) per session."""
    days = [p.day.isoformat() for p in points]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=days,
            y=[p.overall for p in points],
            name="Overall",
            mode="lines+markers",
            line={"color": ACCENT, "width": 3},
            hovertemplate="%{x}: %{y}/100<br>" + trend_hover(trends["overall"]) + "<extra></extra>",
        )
    )
    for d in DIMENSIONS:
        fig.add_trace(
            go.Scatter(
                x=days,
                y=[round(p.dimensions.get(d, 0) * 4, 1) for p in points],
                name=DIMENSION_NAMES[d],
                mode="lines",
                line={"color": COLOURS[d], "width": 1.5, "dash": "dot"},
                hovertemplate=f"%{{x}}: {DIMENSION_NAMES[d]} %{{customdata}}/25<br>{trend_hover(trends[d])}"
                "<extra></extra>",
                customdata=[p.dimensions.get(d, 0) for p in points],
            )
        )
    return _layout(fig, yaxis={"range": [0, 100], "title": "score"})


def skill_radar(levels: dict[str, float]) -> go.Figure:
    """Average score per competency over recent sessions."""
    names = [COMPETENCIES.get(c, c) for c in levels]
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


def mastery_heatmap(mastery: list[TopicMastery]) -> go.Figure:
    """Predicted recall (FSRS) per trainer topic now, in 7 days and in 30 days."""
    columns = ["Now" if d == 0 else f"In {d} days" for d in FORECAST_DAYS]
    z = [[round(100 * m.recall.get(d, 0.0)) for d in FORECAST_DAYS] for m in mastery]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=columns,
            y=[f"{m.topic} ({m.cards})" for m in mastery],
            zmin=0,
            zmax=100,
            colorscale=[[0, "#fff1f0"], [0.6, "#ffe3a3"], [1, ACCENT]],
            text=[[f"{v}%" for v in row] for row in z],
            texttemplate="%{text}",
            hovertemplate="%{y}, %{x}: %{z}% likely to recall<extra></extra>",
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


def speaking_chart(series: list[dict[str, Any]]) -> go.Figure:
    """Pace (words per minute) and fillers and pauses per minute of spoken sessions."""
    days = [s["day"].isoformat() for s in series]
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=days, y=[s.get("wpm", 0) for s in series], name="Words per minute",
                             mode="lines+markers", line={"color": ACCENT}))  # fmt: skip
    fig.add_trace(go.Scatter(x=days, y=[s.get("fillers_per_minute", 0) for s in series], name="Fillers per minute",
                             mode="lines+markers", yaxis="y2", line={"color": "#e5484d"}))  # fmt: skip
    fig.add_trace(go.Scatter(x=days, y=[s.get("pauses_per_minute", 0) for s in series], name="Long pauses per minute",
                             mode="lines+markers", yaxis="y2", line={"color": "#8e4ec6", "dash": "dot"}))  # fmt: skip
    return _layout(
        fig,
        yaxis={"title": "words per minute", "rangemode": "tozero"},
        yaxis2={"title": "per minute", "overlaying": "y", "side": "right", "rangemode": "tozero"},
    )


def activity_calendar(days: dict[date, dict[str, int]], today: date, weeks: int = 18) -> go.Figure:
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
            labels.append(f"{day.isoformat()}: {counts['interview']} interview, {counts['trainer']} trainer")
        z.append(row)
        text.append(labels)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[c.strftime("%d %b") for c in columns],
            y=["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
            colorscale=[[0, "#f1f3f5"], [0.01, "#c4f1e6"], [1, "#0d7a6c"]],
            xgap=3,
            ygap=3,
            text=text,
            hovertemplate="%{text}<extra></extra>",
            showscale=False,
        )
    )
    return _layout(fig, height=220, yaxis={"autorange": "reversed"}, margin={"l": 40, "r": 10, "t": 10, "b": 40})


def weekly_chart(weeks: list[dict[str, Any]]) -> go.Figure:
    """Sessions finished and questions answered per week."""
    labels = [w["week"].strftime("%d %b") for w in weeks]
    fig = go.Figure()
    fig.add_trace(go.Bar(x=labels, y=[w["interview_questions"] for w in weeks], name="Interview questions",
                         marker_color=ACCENT))  # fmt: skip
    fig.add_trace(go.Bar(x=labels, y=[w["trainer_questions"] for w in weeks], name="Trainer questions",
                         marker_color="#8fd6c8"))  # fmt: skip
    fig.add_trace(go.Scatter(x=labels, y=[w["sessions"] for w in weeks], name="Sessions", mode="lines+markers",
                             yaxis="y2", line={"color": "#3e63dd"}))  # fmt: skip
    return _layout(
        fig,
        barmode="stack",
        yaxis={"title": "questions", "rangemode": "tozero"},
        yaxis2={"title": "sessions", "overlaying": "y", "side": "right", "rangemode": "tozero"},
    )
