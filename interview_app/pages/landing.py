"""The page visitors see first: what Interview Coach does and how to start."""

import reflex as rx

from interview_app import routes, styles
from interview_app.components.buttons import link_button
from interview_app.components.cards import icon_card
from interview_app.i18n import t
from interview_app.layouts.public import public_layout
from interview_app.state.auth import AuthState

FEATURES = (
    ("mic", t("landing.feature.voice.title"), t("landing.feature.voice.text")),
    ("message-square-text", t("landing.feature.feedback.title"), t("landing.feature.feedback.text")),
    ("calendar-check", t("landing.feature.trainer.title"), t("landing.feature.trainer.text")),
    ("chart-line", t("landing.feature.progress.title"), t("landing.feature.progress.text")),
    ("shield-check", t("landing.feature.privacy.title"), t("landing.feature.privacy.text")),
    ("smartphone", t("landing.feature.devices.title"), t("landing.feature.devices.text")),
)

STEPS = (
    ("1", t("landing.step.role.title"), t("landing.step.role.text")),
    ("2", t("landing.step.practise.title"), t("landing.step.practise.text")),
    ("3", t("landing.step.coached.title"), t("landing.step.coached.text")),
)


def _step(number: str, title: str, text: str) -> rx.Component:
    return rx.hstack(
        rx.center(
            number,
            width="2rem",
            height="2rem",
            border_radius="full",
            background=rx.color("accent", 9),
            color="white",
            font_weight="bold",
            flex_shrink="0",
        ),
        rx.vstack(rx.text(title, weight="bold"), rx.text(text, size="2", color_scheme="gray"), spacing="1"),
        align="start",
        spacing="3",
    )


def hero() -> rx.Component:
    """Headline and the two calls to action."""
    return rx.vstack(
        rx.badge(t("landing.badge"), size="2", radius="full", variant="soft"),
        rx.heading(
            t("landing.headline"),
            size=rx.breakpoints(initial="8", md="9"),
            as_="h1",
            text_align="center",
            max_width="40rem",
        ),
        rx.text(
            t("landing.lead"),
            size="4",
            color_scheme="gray",
            text_align="center",
            max_width="38rem",
        ),
        rx.cond(
            AuthState.signed_in,
            link_button(t("landing.open_your_dashboard"), href=routes.DASHBOARD, size="4"),
            rx.flex(
                link_button(t("landing.start_free"), href=routes.REGISTER, size="4", id="hero-register"),
                link_button(t("landing.have_account"), href=routes.SIGN_IN, size="4", variant="soft"),
                spacing="3",
                wrap="wrap",
                justify="center",
            ),
        ),
        align="center",
        spacing="5",
        padding_y=rx.breakpoints(initial="3rem", md="5rem"),
        padding_x="1rem",
    )


@rx.page(
    route=routes.LANDING,
    title=t("landing.page_title"),
    description=t("landing.page_description"),
    on_load=AuthState.load_visitor,
)
def landing_page() -> rx.Component:
    return public_layout(
        hero(),
        rx.box(
            rx.grid(
                *[icon_card(*f, heading_size="4", level="h2") for f in FEATURES],  # straight under the h1
                columns=rx.breakpoints(initial="1", sm="2", lg="3"),
                spacing="4",
                width="100%",
            ),
            max_width=styles.CONTENT_MAX_WIDTH,
            margin_x="auto",
            padding_x="1rem",
        ),
        rx.vstack(
            rx.heading(t("landing.how_it_works"), size="6", as_="h2"),
            rx.grid(
                *[_step(*s) for s in STEPS], columns=rx.breakpoints(initial="1", md="3"), spacing="5", width="100%"
            ),
            max_width=styles.CONTENT_MAX_WIDTH,
            margin_x="auto",
            padding="3rem 1rem",
            spacing="5",
        ),
    )
