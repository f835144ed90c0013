"""The 404 page and the page shown offline."""

import reflex as rx

from interview_app import routes
from interview_app.layouts.public import public_layout
from interview_app.state.auth import AuthState


def not_found_page() -> rx.Component:
    return public_layout(
        rx.center(
            rx.vstack(
                rx.text("404", size="9", weight="bold", color=rx.color("accent", 9)),
                rx.heading("We could not find that page", size="6", as_="h1"),
                rx.text("The link may be old or mistyped.", color_scheme="gray"),
                rx.hstack(
                    rx.link(rx.button("Go home", variant="soft"), href=routes.LANDING),
                    rx.cond(AuthState.signed_in, rx.link(rx.button("Open dashboard"), href=routes.DASHBOARD)),
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


@rx.page(route=routes.OFFLINE, title="Offline · Interview Coach")
def offline_page() -> rx.Component:
    return public_layout(
        rx.center(
            rx.vstack(
                rx.icon("wifi-off", size=40, color=rx.color("accent", 9)),
                rx.heading("You are offline", size="6", as_="h1"),
                rx.text("Your answers are saved as you type; reconnect to continue.", color_scheme="gray"),
                rx.button("Try again", on_click=rx.call_script("window.location.reload()")),
                align="center",
                spacing="3",
                padding_y="5rem",
                padding_x="1rem",
                text_align="center",
            )
        )
    )
