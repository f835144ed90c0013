"""Cards of the progress page: a chart with its numbers as a table, and small text cards."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import reflex as rx

from interview_app import styles
from interview_app.components.i18n import tr


def numbers_table(headers: Sequence[str | rx.Var], rows: rx.Var, keys: list[str]) -> rx.Component:
    """The chart's numbers, for screen readers and anyone who prefers them (collapsed by default)."""
    return rx.el.details(
        rx.el.summary(rx.text(tr("progress.show_numbers"), size="2", as_="span"), cursor="pointer"),
        rx.box(
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
                rx.table.body(
                    rx.foreach(rows, lambda r: rx.table.row(*[rx.table.cell(r[k]) for k in keys])),
                ),
                size="1",
                variant="surface",
            ),
            overflow_x="auto",
            margin_top="0.5rem",
        ),
        margin_top="0.5rem",
    )


def chart_card(
    title: str | rx.Var,
    description: str | rx.Var,
    figure: rx.Var,
    summary: rx.Var | str,
    table: rx.Component,
    card_id: str,
    empty: rx.Var | bool = False,
    empty_text: str | rx.Var = "",
    extra: rx.Component | None = None,
) -> rx.Component:
    """A titled chart, a one-line reading of it, its numbers, and `extra` below (e.g. trend badges)."""
    return rx.box(
        rx.heading(title, size="4", as_="h2"),
        rx.text(description, size="2", color_scheme="gray"),
        rx.cond(
            empty,
            rx.text(empty_text, size="2", margin_top="0.75rem", color_scheme="gray"),
            rx.fragment(
                rx.text(summary, size="2", weight="medium", margin_top="0.5rem"),
                rx.box(
                    rx.plotly(data=figure, config={"displayModeBar": False, "responsive": True}, width="100%"),
                    aria_label=summary,
                    role="img",
                    width="100%",
                ),
                extra if extra is not None else rx.fragment(),
                table,
            ),
        ),
        style=styles.card,
        min_width="0",
        id=card_id,
    )


def trend_badge(label: Any, hover: Any) -> rx.Component:
    """Improving / stable / declining, with the method on hover."""
    colour: Any = rx.match(label, ("improving", "grass"), ("declining", "red"), "gray")
    return rx.tooltip(
        rx.badge(
            rx.match(
                label,
                ("improving", tr("progress.trend.improving")),
                ("declining", tr("progress.trend.declining")),
                ("stable", tr("progress.trend.stable")),
                tr("progress.trend.not_enough"),
            ),
            color_scheme=colour,
            variant="soft",
        ),
        content=hover,
    )
