"""The desktop sidebar both shells use: a header, a list of links (the current page's highlighted), a footer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import reflex as rx

from interview_app import styles


@dataclass(frozen=True)
class NavItem:
    """One destination in the navigation."""

    label: str | rx.Var  # tr(key): the text in the page's language
    icon: str
    href: str
    # Shown in the phone's bottom bar too (the rest are in the account menu there).
    phone: bool = True


def sidebar_link(item: NavItem, current: bool) -> rx.Component:
    """A sidebar entry, highlighted on its own page."""
    return rx.link(
        rx.hstack(rx.icon(item.icon, size=18), rx.text(item.label, size="3"), align="center", spacing="3"),
        href=item.href,
        underline="none",
        color=rx.color("accent", 11) if current else rx.color("gray", 11),
        background=rx.color("accent", 3) if current else "transparent",
        font_weight="600" if current else "400",
        border_radius="var(--radius-3)",
        padding="0.55rem 0.75rem",
        width="100%",
        aria_current="page" if current else None,
        _hover={"background": rx.color("gray", 3)},
    )


def sidebar(
    header: rx.Component,
    items: Sequence[NavItem],
    active: str,
    *,
    label: str | rx.Var,
    more_links: Sequence[rx.Component] = (),
    footer: rx.Component | None = None,
) -> rx.Component:
    """Desktop navigation on the left (hidden on phones and tablets, where each shell has its own).

    Args:
        header: The logo line at the top.
        items: The links, in order; the one whose `href` is `active` is highlighted.
        active: The current page's route.
        label: The navigation's accessible name.
        more_links: Entries after `items` (e.g. the admin link, shown only to admins).
        footer: Pinned to the bottom of the screen (e.g. the way back to the app).

    """
    return rx.box(
        rx.vstack(
            header,
            rx.el.nav(
                rx.vstack(
                    *[sidebar_link(item, item.href == active) for item in items],
                    *more_links,
                    spacing="1",
                    width="100%",
                ),
                aria_label=label,
                width="100%",
            ),
            *([rx.spacer(), footer] if footer is not None else []),
            height="100vh",
            position="sticky",
            top="0",
            padding="1rem 0.75rem",
        ),
        width=styles.SIDEBAR_WIDTH,
        align_self="stretch",
        border_right=f"1px solid {rx.color('gray', 5)}",
        background=rx.color("gray", 2),
        display=["none", "none", "block"],
        flex_shrink="0",
    )
