"""The logo and the product name."""

import reflex as rx

from interview_app import routes
from interview_app.components.i18n import tr


def logo(
    size: str = "2rem", show_name: bool = True, href: str = routes.LANDING, name_on_phone: bool = True
) -> rx.Component:
    """The app icon with the name, linking home; `name_on_phone=False` hides the name on narrow screens."""
    return rx.link(
        rx.hstack(
            rx.image(src="/icons/icon.svg", width=size, height=size, alt=""),
            rx.text(
                tr("common.app_name"),
                weight="bold",
                size="4",
                color=rx.color("gray", 12),
                display="inline" if name_on_phone else ["none", "inline"],
                white_space="nowrap",
            )
            if show_name
            else rx.fragment(),
            align="center",
            spacing="2",
        ),
        href=href,
        underline="none",
        aria_label=tr("common.home_label"),
    )


def ready_marker() -> rx.Component:
    """A hidden element whose `data-ready` turns true once the page is connected (used by tests)."""
    return rx.el.div(id="app-ready", data_ready=rx.State.is_hydrated, hidden=True)
