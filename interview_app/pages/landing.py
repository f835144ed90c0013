"""The page visitors see first: what Interview Coach does and how to start."""

import reflex as rx

from interview_app import routes, styles
from interview_app.components.buttons import link_button
from interview_app.components.cards import icon_card
from interview_app.components.i18n import tr
from interview_app.layouts.public import public_layout
from interview_app.state.auth import AuthState

FEATURES = (
    ("mic", tr("landing.feature.voice.title"), tr("landing.feature.voice.text")),
    ("message-square-text", tr("landing.feature.feedback.title"), tr("landing.feature.feedback.text")),
    ("calendar-check", tr("landing.feature.trainer.title"), tr("landing.feature.trainer.text")),
    ("chart-line", tr("landing.feature.progress.title"), tr("landing.feature.progress.text")),
    ("shield-check", tr("landing.feature.privacy.title"), tr("landing.feature.privacy.text")),
    ("smartphone", tr("landing.feature.devices.title"), tr("landing.feature.devices.text")),
)

STEPS = (
    ("1", tr("landing.step.role.title"), tr("landing.step.role.text")),
    ("2", tr("landing.step.practise.title"), tr("landing.step.practise.text")),
    ("3", tr("landing.step.coached.title"), tr("landing.step.coached.text")),
)


def _step(number: str, title: str | rx.Var, text: str | rx.Var) -> rx.Component:
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
        rx.badge(tr("landing.badge"), size="2", radius="full", variant="soft"),
        rx.heading(
            tr("landing.headline"),
            size=rx.breakpoints(initial="8", md="9"),
            as_="h1",
            text_align="center",
            max_width="40rem",
        ),
        rx.text(
            tr("landing.lead"),
            size="4",
            color_scheme="gray",
            text_align="center",
            max_width="38rem",
        ),
        rx.cond(
            AuthState.signed_in,
            link_button(tr("landing.open_your_dashboard"), href=routes.DASHBOARD, size="4"),
            rx.flex(
                link_button(tr("landing.start_free"), href=routes.REGISTER, size="4", id="hero-register"),
                link_button(tr("landing.have_account"), href=routes.SIGN_IN, size="4", variant="soft"),
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
    title=tr("landing.page_title"),
    description=tr("landing.page_description"),
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
            rx.heading(tr("landing.how_it_works"), size="6", as_="h2"),
            rx.grid(
                *[_step(*s) for s in STEPS], columns=rx.breakpoints(initial="1", md="3"), spacing="5", width="100%"
            ),
            max_width=styles.CONTENT_MAX_WIDTH,
            margin_x="auto",
            padding="3rem 1rem",
            spacing="5",
        ),
    )
