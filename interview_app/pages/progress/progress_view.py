"""The layout of the progress page (its state is in progress.py)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from interview_app import routes, styles
from interview_app.components.i18n import tr
from interview_app.components.progress import chart_card, numbers_table, trend_badge
from interview_app.layouts.app_shell import app_shell


def _readiness(S: Any) -> rx.Component:
    return rx.box(
        rx.heading(tr("progress.readiness.title"), size="4", as_="h2"),
        rx.text(S.readiness_text, size="3", margin_top="0.5rem", id="progress-readiness"),
        rx.cond(
            S.readiness_rows.length() > 0,
            numbers_table(
                [
                    tr("progress.col.skill"),
                    tr("progress.col.level"),
                    tr("progress.col.band"),
                    tr("progress.col.trend"),
                    tr("progress.col.projected"),
                ],
                S.readiness_rows,
                ["skill", "level", "band", "trend", "projected"],
            ),
        ),
        style=styles.card,
    )


def _peers(S: Any) -> rx.Component:
    return rx.box(
        rx.heading(tr("progress.peers.title"), size="4", as_="h2"),
        rx.text(S.percentile_text, size="3", margin_top="0.5rem", id="progress-percentile"),
        rx.el.label(
            rx.hstack(
                rx.switch(checked=S.share_progress, on_change=S.set_sharing, id="progress-share"),
                rx.text(tr("progress.peers.share"), size="2"),
                align="center",
            ),
            html_for="progress-share",
            margin_top="0.75rem",
            display="block",
        ),
        rx.text(tr("progress.peers.privacy"), size="1", color_scheme="gray", margin_top="0.35rem"),
        style=styles.card,
    )


def _recommendations(S: Any) -> rx.Component:
    return rx.box(
        rx.heading(tr("progress.next.title"), size="4", as_="h2"),
        rx.cond(
            S.recommendations.length() > 0,
            rx.vstack(
                rx.foreach(
                    S.recommendations,
                    lambda r: rx.flex(
                        rx.vstack(
                            rx.text(r["title"], size="3", weight="medium"),
                            rx.text(r["reason"], size="2", color_scheme="gray"),
                            spacing="0",
                        ),
                        rx.spacer(),
                        rx.button(
                            rx.match(
                                r["action"],
                                ("interview", tr("progress.next.interview")),
                                ("trainer", tr("progress.next.trainer")),
                                tr("progress.next.practice"),
                            ),
                            on_click=S.start(r["action"], r["target"]),
                            loading=S.busy,
                            size="2",
                            class_name="progress-start",
                        ),
                        align="center",
                        gap="0.75rem",
                        wrap="wrap",
                        width="100%",
                    ),
                ),
                spacing="3",
                margin_top="0.75rem",
                width="100%",
                id="progress-recommendations",
            ),
            rx.text(tr("progress.next.none"), size="2", color_scheme="gray", margin_top="0.5rem"),
        ),
        style=styles.card,
    )


def _trends(S: Any) -> rx.Component:
    return rx.flex(
        rx.foreach(
            S.trend_rows,
            lambda r: rx.hstack(
                rx.text(r["skill"], size="1"), trend_badge(r["label"], r["hover"]), spacing="1", align="center"
            ),
        ),
        gap="0.75rem",
        wrap="wrap",
        margin_y="0.5rem",
        id="progress-trends",
    )


def _charts(S: Any) -> rx.Component:
    dims = [
        tr("progress.col.date"),
        tr("progress.col.overall"),
        tr("rubric.relevance"),
        tr("rubric.structure"),
        tr("rubric.specificity"),
        tr("rubric.impact"),
    ]
    return rx.grid(
        chart_card(
            tr("progress.scores.title"),
            tr("progress.scores.text"),
            S.scores_fig,
            S.summaries["scores"],
            numbers_table(dims, S.scores_rows, ["date", "overall", "relevance", "structure", "specificity", "impact"]),
            "chart-scores",
            ~S.has_sessions,
            tr("progress.empty.sessions"),
            extra=_trends(S),
        ),
        chart_card(
            tr("progress.radar.title"),
            tr("progress.radar.text"),
            S.radar_fig,
            S.summaries["radar"],
            numbers_table(
                [tr("progress.col.skill"), tr("progress.col.score"), tr("progress.col.trend")],
                S.radar_rows,
                ["skill", "score", "trend"],
            ),
            "chart-radar",
            ~S.has_sessions,
            tr("progress.empty.sessions"),
        ),
        chart_card(
            tr("progress.mastery.title"),
            tr("progress.mastery.text"),
            S.mastery_fig,
            S.summaries["mastery"],
            numbers_table(
                [
                    tr("progress.col.topic"),
                    tr("progress.col.cards"),
                    tr("progress.col.now"),
                    tr("progress.col.in7"),
                    tr("progress.col.in30"),
                ],
                S.mastery_rows,
                ["topic", "cards", "d0", "d7", "d30"],
            ),
            "chart-mastery",
            ~S.has_mastery,
            tr("progress.empty.mastery"),
        ),
        chart_card(
            tr("progress.speaking.title"),
            tr("progress.speaking.text"),
            S.speaking_fig,
            S.summaries["speaking"],
            numbers_table(
                [
                    tr("progress.col.date"),
                    tr("progress.col.wpm"),
                    tr("progress.col.fillers"),
                    tr("progress.col.pauses"),
                ],
                S.speaking_rows,
                ["date", "wpm", "fillers", "pauses"],
            ),
            "chart-speaking",
            ~S.has_speaking,
            tr("progress.empty.speaking"),
        ),
        chart_card(
            tr("progress.calendar.title"),
            tr("progress.calendar.text"),
            S.calendar_fig,
            S.summaries["calendar"],
            numbers_table(
                [tr("progress.col.date"), tr("progress.col.interview"), tr("progress.col.trainer")],
                S.calendar_rows,
                ["date", "interview", "trainer"],
            ),
            "chart-calendar",
        ),
        chart_card(
            tr("progress.weekly.title"),
            tr("progress.weekly.text"),
            S.weekly_fig,
            S.summaries["weekly"],
            numbers_table(
                [
                    tr("progress.col.week"),
                    tr("progress.col.sessions"),
                    tr("progress.col.interview"),
                    tr("progress.col.trainer"),
                ],
                S.weekly_rows,
                ["week", "sessions", "interview", "trainer"],
            ),
            "chart-weekly",
        ),
        columns=rx.breakpoints(initial="1", lg="2"),
        spacing="4",
        width="100%",
    )


def _week(S: Any, w: Any) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.text(tr("progress.plan.week", n=w["index"]), size="2", weight="bold"),
            rx.text(w["dates"], size="1", color_scheme="gray"),
            rx.spacer(),
            rx.button(
                tr("progress.plan.edit"),
                size="1",
                variant="ghost",
                on_click=S.open_edit(w["index"], w["sessions"], w["note"]),
            ),
            width="100%",
            align="center",
        ),
        rx.text(tr("progress.plan.sessions", count=w["sessions"], focus=w["focus"]), size="2"),
        rx.text(tr("progress.plan.topics"), w["topics"], ".", size="2", color_scheme="gray"),
        rx.cond(w["checkpoint"] != "", rx.text(w["checkpoint"], size="2", color_scheme="amber")),
        rx.cond(w["tip"] != "", rx.text(w["tip"], size="2", style={"font_style": "italic"})),
        rx.cond(w["note"] != "", rx.text(tr("progress.plan.your_note"), w["note"], size="2")),
        padding="0.75rem",
        border=f"1px solid {rx.color('gray', 5)}",
        border_radius="var(--radius-3)",
        width="100%",
    )


def _edit_dialog(S: Any) -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(tr("progress.plan.edit_title"), " ", S.edit_index),
            rx.el.label(rx.text(tr("progress.plan.edit_sessions"), size="2"), html_for="plan-sessions"),
            rx.el.select(
                *[rx.el.option(str(n), value=str(n)) for n in range(8)],
                value=S.edit_sessions,
                on_change=S.set_edit_sessions,
                id="plan-sessions",
                class_name="ic-native-select",
            ),
            rx.el.label(rx.text(tr("progress.plan.edit_note"), size="2"), html_for="plan-note"),
            rx.text_area(value=S.edit_note, on_change=S.set_edit_note, id="plan-note", rows="3", width="100%"),
            rx.cond(S.plan_error != "", rx.text(S.plan_error, color="var(--red-11)", size="2", role="alert")),
            rx.flex(
                rx.dialog.close(rx.button(tr("common.cancel"), variant="soft", color_scheme="gray")),
                rx.button(tr("progress.plan.save"), on_click=S.save_week, id="plan-save"),
                spacing="3",
                justify="end",
                margin_top="1rem",
            ),
        ),
        open=S.edit_index > 0,
        on_open_change=S.close_edit,
    )


def _plan(S: Any) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.heading(tr("progress.plan.title"), size="4", as_="h2"),
            rx.cond(S.plan_status == "accepted", rx.badge(tr("progress.plan.status_accepted"), color_scheme="grass")),
            rx.cond(S.plan_status == "draft", rx.badge(tr("progress.plan.status_draft"), color_scheme="amber")),
            rx.cond(S.plan_edited, rx.badge(tr("progress.plan.status_edited"), variant="outline")),
            align="center",
            spacing="2",
            wrap="wrap",
        ),
        rx.cond(
            S.plan_exists,
            rx.vstack(
                rx.text(S.plan_summary, size="3", id="plan-summary"),
                rx.cond(S.plan_by_llm, rx.text(tr("progress.plan.by_llm"), size="1", color_scheme="gray")),
                rx.grid(
                    rx.foreach(S.plan_weeks, lambda w: _week(S, w)),
                    columns=rx.breakpoints(initial="1", md="2"),
                    spacing="3",
                    width="100%",
                ),
                spacing="3",
                margin_top="0.5rem",
                width="100%",
            ),
            rx.text(tr("progress.plan.none"), size="2", color_scheme="gray", margin_top="0.5rem"),
        ),
        rx.flex(
            rx.cond(
                S.plan_exists & (S.plan_status != "accepted"),
                rx.button(tr("progress.plan.accept"), on_click=S.accept_plan, id="plan-accept"),
            ),
            rx.button(
                rx.cond(S.plan_exists, tr("progress.plan.regenerate"), tr("progress.plan.make")),
                on_click=S.make_plan,
                variant=rx.cond(S.plan_exists, "soft", "solid"),
                id="plan-make",
            ),
            rx.button(
                rx.icon("file-down", size=16),
                tr("progress.pdf"),
                on_click=S.download_pdf,
                variant="soft",
                id="progress-pdf",
            ),
            spacing="3",
            wrap="wrap",
            margin_top="1rem",
        ),
        _edit_dialog(S),
        style=styles.card,
        id="progress-plan",
    )


def page_body(S: Any) -> rx.Component:
    """The whole page inside the signed-in shell."""
    return app_shell(
        tr("progress.title"),
        routes.PROGRESS,
        rx.cond(
            S.loaded,
            rx.vstack(
                rx.grid(
                    _readiness(S), _peers(S), columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%"
                ),
                _recommendations(S),
                _charts(S),
                _plan(S),
                spacing="4",
                width="100%",
            ),
            rx.center(rx.spinner(size="3"), padding="3rem"),
        ),
    )
