"""Small building blocks shared by the admin pages: headers, stat cards, filters, pager, badges."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import reflex as rx

from interview_app import styles
from interview_app.components.i18n import tr

# Filters share a row: two per row on phones, growing to fill the row on wider screens.
FILTER_STYLE = {"flex": "1 1 9rem", "min_width": "9rem", "max_width": "18rem"}
STATUS_COLORS = {
    "active": "green",
    "draft": "amber",
    "flagged": "orange",
    "retired": "gray",
    "rejected": "red",
    "open": "amber",
    "fixed": "green",
    "dismissed": "gray",
    "in_progress": "blue",
    "completed": "green",
    "abandoned": "gray",
    "failed": "red",
    "scored": "green",
    "ready": "blue",
}


def intro(text: str | rx.Var) -> rx.Component:
    """One or two sentences under the page title."""
    return rx.text(text, size="2", color_scheme="gray", max_width="48rem")


def section(title: Any, *children: rx.Component, **props: Any) -> rx.Component:
    """A card with a heading."""
    return rx.box(
        rx.heading(title, size="4", as_="h2", margin_bottom="0.75rem"),
        *children,
        style=styles.card,
        **props,
    )


def stat_card(label: str | rx.Var, value: Any, hint: Any = "", **props: Any) -> rx.Component:
    """A number with its label and a small hint below (empty hints take no space)."""
    return rx.vstack(
        rx.text(label, size="2", color_scheme="gray"),
        rx.text(value, size="7", weight="bold", line_height="1.1"),
        rx.text(hint, size="1", color_scheme="gray"),
        spacing="1",
        style=styles.card,
        padding="1rem",
        **props,
    )


def stat_grid(*cards: rx.Component) -> rx.Component:
    """Stat cards side by side, two per row on phones."""
    return rx.grid(*cards, columns=rx.breakpoints(initial="2", sm="3", lg="4"), spacing="3", width="100%")


def native_select(
    value: Any,
    options: Sequence[tuple[str, str | rx.Var]],
    on_change: Any,
    label: str | rx.Var,
    select_id: str,
    **props: Any,
) -> rx.Component:
    """A native <select> (keyboard- and phone-friendly) with fixed options as (value, label)."""
    return rx.el.select(
        *[rx.el.option(text, value=key) for key, text in options],
        value=value,
        on_change=on_change,
        aria_label=label,
        id=select_id,
        class_name="ic-native-select",
        style=FILTER_STYLE,
        **props,
    )


def dynamic_select(
    value: Any, first: tuple[str, Any], options: Any, on_change: Any, label: str | rx.Var, select_id: str
) -> rx.Component:
    """A native <select> whose options (dicts with "value" and "label") come from state, after a fixed first one."""
    return rx.el.select(
        rx.el.option(first[1], value=first[0]),
        rx.foreach(options, lambda o: rx.el.option(o["label"], value=o["value"])),
        value=value,
        on_change=on_change,
        aria_label=label,
        id=select_id,
        class_name="ic-native-select",
        style=FILTER_STYLE,
    )


def search_box(value: Any, on_change: Any, placeholder: str | rx.Var, box_id: str) -> rx.Component:
    """A debounced search input with a magnifier."""
    return rx.input(
        rx.input.slot(rx.icon("search", size=16)),
        value=value,
        on_change=on_change,
        debounce_timeout=350,
        placeholder=placeholder,
        aria_label=placeholder,
        size="3",
        width="100%",
        id=box_id,
    )


def filters(*controls: rx.Component) -> rx.Component:
    """A wrapping row of filter controls."""
    return rx.flex(*controls, spacing="2", wrap="wrap", width="100%", align="center")


def pager(page: Any, pages: Any, total: Any, on_prev: Any, on_next: Any, pager_id: str) -> rx.Component:
    """The number found, "page X / Y", and previous and next buttons (arrows only on phones)."""
    return rx.hstack(
        rx.text(
            total,
            " ",
            tr("admin.found"),
            " · ",
            tr("admin.page"),
            " ",
            page,
            " / ",
            pages,
            size="2",
            color_scheme="gray",
            white_space="nowrap",
            id=f"{pager_id}-count",
        ),
        rx.spacer(),
        rx.button(
            rx.icon("chevron-left", size=16),
            rx.text(tr("admin.previous"), as_="span", display=["none", "inline"]),
            variant="soft",
            size="2",
            disabled=page <= 1,
            on_click=on_prev,
            aria_label=tr("admin.previous"),
            id=f"{pager_id}-prev",
        ),
        rx.button(
            rx.text(tr("admin.next"), as_="span", display=["none", "inline"]),
            rx.icon("chevron-right", size=16),
            variant="soft",
            size="2",
            disabled=page >= pages,
            on_click=on_next,
            aria_label=tr("admin.next"),
            id=f"{pager_id}-next",
        ),
        width="100%",
        align="center",
        spacing="2",
    )


def status_badge(status: Any, label: Any = None) -> rx.Component:
    """A coloured badge for a status value (active, draft, retired, open, failed, ...)."""
    return rx.match(
        status,
        *[
            (key, rx.badge(label if label is not None else key, color_scheme=color, variant="soft"))  # type: ignore[arg-type]
            for key, color in STATUS_COLORS.items()
        ],
        rx.badge(label if label is not None else status, variant="soft"),
    )


def empty(text: str | rx.Var, **props: Any) -> rx.Component:
    """What a list shows when nothing matches."""
    return rx.center(
        rx.text(text, size="2", color_scheme="gray"),
        padding="2rem 1rem",
        border=f"1px dashed {rx.color('gray', 6)}",
        border_radius="var(--radius-3)",
        width="100%",
        **props,
    )


def row_card(*children: rx.Component, **props: Any) -> rx.Component:
    """A list row as a compact card (lists wrap instead of scrolling sideways on phones)."""
    return rx.box(*children, style=styles.card, padding="0.85rem 1rem", **props)


def meta(*parts: rx.Component | rx.Var | str, **props: Any) -> rx.Component:
    """A wrapping line of small grey details."""
    return rx.flex(
        *parts,
        spacing="2",
        wrap="wrap",
        align="center",
        font_size="var(--font-size-1)",
        color=rx.color("gray", 11),
        **props,
    )


def error_callout(message: Any, callout_id: str) -> rx.Component:
    """A red callout shown while `message` is not empty."""
    return rx.cond(
        message != "",
        rx.callout(message, icon="triangle-alert", color_scheme="red", width="100%", id=callout_id, role="alert"),
    )


def note_box(icon: str, color: str, *children: rx.Component, **props: Any) -> rx.Component:
    """A callout holding several blocks (a heading, a list, code), not just one line of text."""
    return rx.callout.root(
        rx.callout.icon(rx.icon(icon, size=18)),
        rx.box(*children, display="flex", flex_direction="column", gap="0.4rem", min_width="0"),
        color_scheme=color,  # type: ignore[arg-type]
        width="100%",
        **props,
    )
