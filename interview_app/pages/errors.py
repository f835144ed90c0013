"""The 404 page and the page shown offline."""

import reflex as rx

from interview_app import routes
from interview_app.components import browser
from interview_app.components.buttons import link_button
from interview_app.components.i18n import tr
from interview_app.layouts.public import public_layout
from interview_app.state.auth import AuthState


def not_found_page() -> rx.Component:
    return public_layout(
        rx.center(
            rx.vstack(
                rx.text("404", size="9", weight="bold", color=rx.color("accent", 9)),
                rx.heading(tr("not_found.heading"), size="6", as_="h1"),
                rx.text(tr("not_found.text"), color_scheme="gray"),
                rx.hstack(
                    link_button(tr("not_found.go_home"), href=routes.LANDING, variant="soft"),
                    rx.cond(AuthState.signed_in, link_button(tr("common.open_dashboard"), href=routes.DASHBOARD)),
                    spacing="3",
                ),
                align="center",
                spacing="3",
                padding_y="5rem",
                padding_x="1rem",
                text_align="center",
            ),
        )
    )


@rx.page(route=routes.OFFLINE, title=tr("offline.page_title"))
def offline_page() -> rx.Component:
    return public_layout(
        rx.center(
            rx.vstack(
                rx.icon("wifi-off", size=40, color=rx.color("accent", 9)),
                rx.heading(tr("offline.heading"), size="6", as_="h1"),
                rx.text(tr("offline.text"), color_scheme="gray"),
                rx.button(tr("offline.retry"), on_click=browser.call("location.reload")),
                align="center",
                spacing="3",
                padding_y="5rem",
                padding_x="1rem",
                text_align="center",
            )
        )
    )
