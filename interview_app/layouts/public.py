"""Shells for visitors: the landing layout and the centred card of the auth forms."""

import reflex as rx

from interview_app import routes, styles
from interview_app.components.brand import logo, ready_marker
from interview_app.components.buttons import link_button
from interview_app.components.i18n import language_menu, tr
from interview_app.settings import get_settings
from interview_app.state.auth import AuthState


def public_header() -> rx.Component:
    """Logo, theme switch and the sign-in / dashboard links."""
    return rx.hstack(
        logo(name_on_phone=False),
        rx.spacer(),
        *(
            [
                link_button(
                    tr("billing.pricing.nav"),
                    href=routes.PRICING,
                    variant="ghost",
                    color=rx.color("accent", 11),
                    id="header-pricing",
                )
            ]
            if get_settings().plans_enabled
            else []
        ),
        language_menu(),
        rx.color_mode.button(aria_label=tr("common.theme_toggle"), variant="ghost"),
        rx.cond(
            AuthState.signed_in,
            link_button(tr("common.open_dashboard"), href=routes.DASHBOARD, size="2"),
            rx.hstack(
                link_button(tr("common.sign_in"), href=routes.SIGN_IN, variant="outline", size="2"),
                link_button(tr("public.get_started"), href=routes.REGISTER, size="2"),
                spacing="2",
            ),
        ),
        align="center",
        width="100%",
        max_width=styles.CONTENT_MAX_WIDTH,
        margin_x="auto",
        padding_x="1rem",
        padding_y="0.75rem",
        as_="header",
    )


def footer() -> rx.Component:
    """Small print at the bottom of public pages."""
    return rx.center(
        rx.text(
            tr("public.footer"),
            size="1",
            color_scheme="gray",
            text_align="center",
        ),
        padding="2rem 1rem",
        as_="footer",
    )


def public_layout(*children: rx.Component) -> rx.Component:
    """Header, the page and a footer, for the landing and error pages."""
    return rx.box(
        public_header(),
        rx.el.main(*children, id="main"),
        footer(),
        ready_marker(),
        min_height="100vh",
        lang=AuthState.lang,
    )


def card_page(
    title: str | rx.Component | rx.Var,
    subtitle: str | rx.Var,
    *children: rx.Component | rx.Var,
    max_width: str = styles.FORM_MAX_WIDTH,
    home: str = routes.LANDING,
) -> rx.Component:
    """A page with a small header and one centred card under an h1 (auth forms, onboarding)."""
    return rx.box(
        rx.hstack(
            logo(href=home),
            rx.spacer(),
            language_menu(),
            rx.color_mode.button(aria_label=tr("common.theme_toggle"), variant="ghost"),
            padding="1rem",
            width="100%",
            align="center",
            as_="header",
        ),
        rx.el.main(
            rx.center(
                rx.vstack(
                    rx.heading(title, size="7", as_="h1"),
                    rx.text(subtitle, color_scheme="gray", size="3")
                    if isinstance(subtitle, rx.Var) or subtitle
                    else rx.fragment(),
                    *children,
                    spacing="4",
                    width="100%",
                    max_width=max_width,
                    style=styles.card,
                    padding="1.75rem",
                ),
                padding_x="1rem",
                padding_y="2rem",
            ),
            id="main",
        ),
        ready_marker(),
        min_height="100vh",
        background=rx.color("gray", 2),
        lang=AuthState.lang,
    )


def auth_card(title: str | rx.Var, subtitle: str | rx.Var, *children: rx.Component) -> rx.Component:
    """The card page of sign-in, register and password forms."""
    return card_page(title, subtitle, *children)
