"""Cards used on several pages."""

from typing import Literal

import reflex as rx

from interview_app import styles


def icon_card(
    icon: str,
    title: str | rx.Var,
    text: str | rx.Var,
    heading_size: Literal["3", "4"] = "3",
    level: Literal["h2", "h3"] = "h3",
) -> rx.Component:
    """A card with an icon tile, a heading and a sentence (features, empty states).

    `level`: the heading's level in the page's outline (h2 where the cards come straight under the h1).
    """
    return rx.vstack(
        rx.center(
            rx.icon(icon, size=22),
            width="2.5rem",
            height="2.5rem",
            border_radius="var(--radius-3)",
            background=rx.color("accent", 3),
            color=rx.color("accent", 11),
        ),
        rx.heading(title, size=heading_size, as_=level),
        rx.text(text, size="2", color_scheme="gray"),
        style=styles.card,
        spacing="2",
    )
