"""A link that looks like a button: one focusable `<a>`, never a button inside a link."""

from __future__ import annotations

from typing import Any, Literal

import reflex as rx

ButtonVariant = Literal["classic", "solid", "soft", "surface", "outline", "ghost"]
ButtonSize = Literal["1", "2", "3", "4"]


def link_button(
    *children: Any,
    href: str | rx.Var[str],
    variant: ButtonVariant = "solid",
    size: ButtonSize = "2",
    icon: str = "",
    **props: Any,
) -> rx.Component:
    """A navigation link styled as a Radix button (screen readers hear one link, not "link, button").

    Args:
        *children: The label.
        href: Where it goes.
        variant: The button look.
        size: The button size.
        icon: A Lucide icon before the label (none when empty).
        **props: More props for the link (id, width, ...).

    """
    content = [rx.icon(icon, size=16)] if icon else []
    return rx.button(
        rx.link(*content, *children, href=href, underline="none", **props),
        as_child=True,
        variant=variant,
        size=size,
    )
