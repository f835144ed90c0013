"""The admin shell: admin navigation (sidebar on desktop, a menu on phones), the bell and the account menu."""

from __future__ import annotations

import reflex as rx

from interview_app import routes
from interview_app.components.brand import logo, ready_marker
from interview_app.components.i18n import language_menu, tr
from interview_app.components.sidebar import NavItem, sidebar
from interview_app.layouts.app_shell import bell, user_menu
from interview_app.settings import get_settings
from interview_app.state.auth import AuthState
from interview_app.state.notifications import BellState

ADMIN_CONTENT_WIDTH = "76rem"
ADMIN_NAV = (
    NavItem(tr("admin.nav.overview"), "layout-grid", routes.ADMIN),
    NavItem(tr("admin.nav.users"), "users", routes.ADMIN_USERS),
    NavItem(tr("admin.nav.questions"), "library", routes.ADMIN_QUESTIONS),
    NavItem(tr("admin.nav.import"), "file-up", routes.ADMIN_IMPORT),
    NavItem(tr("admin.nav.generate"), "sparkles", routes.ADMIN_GENERATE),
    NavItem(tr("admin.nav.reports"), "flag", routes.ADMIN_REPORTS),
    NavItem(tr("admin.nav.sessions"), "activity", routes.ADMIN_SESSIONS),
    NavItem(tr("admin.nav.analytics"), "chart-column", routes.ADMIN_ANALYTICS),
    NavItem(tr("admin.nav.audit"), "scroll-text", routes.ADMIN_AUDIT),
    NavItem(tr("billing.admin.nav_costs"), "receipt-text", routes.ADMIN_COSTS),
    NavItem(tr("admin.nav.settings"), "sliders-horizontal", routes.ADMIN_SETTINGS),
    # Plans on (PLANS_ENABLED): who pays and what it adds up to.
    *(
        (
            NavItem(tr("billing.admin.nav_plans"), "package", routes.ADMIN_PLANS),
            NavItem(tr("revenue.nav.subscribers"), "credit-card", routes.ADMIN_SUBSCRIBERS),
            NavItem(tr("revenue.nav.revenue"), "chart-no-axes-combined", routes.ADMIN_REVENUE),
        )
        if get_settings().plans_enabled
        else ()
    ),
)


def _back_to_app() -> rx.Component:
    return rx.link(
        rx.hstack(rx.icon("arrow-left", size=16), rx.text(tr("admin.nav.back"), size="2"), align="center", spacing="2"),
        href=routes.DASHBOARD,
        color=rx.color("gray", 11),
        underline="none",
        padding="0.5rem 0.75rem",
        id="admin-back",
    )


def admin_sidebar(active: str) -> rx.Component:
    """Desktop admin navigation on the left, with the way back to the app at the bottom."""
    return sidebar(
        rx.hstack(
            logo(href=routes.ADMIN, show_name=False),
            rx.text(tr("nav.admin"), weight="bold", size="4"),
            rx.badge(tr("admin.badge"), color_scheme="amber", variant="soft"),
            align="center",
            spacing="2",
            padding="0.5rem 0.75rem 1rem",
        ),
        ADMIN_NAV,
        active,
        label=tr("admin.nav.label"),
        footer=_back_to_app(),
    )


def phone_menu(active: str) -> rx.Component:
    """On phones and tablets: the admin sections in a menu next to the title."""
    return rx.box(
        rx.menu.root(
            rx.menu.trigger(
                rx.button(rx.icon("menu", size=18), variant="soft", aria_label=tr("admin.nav.open"), id="admin-menu")
            ),
            rx.menu.content(
                *[
                    rx.menu.item(
                        rx.hstack(rx.icon(item.icon, size=16), rx.text(item.label), spacing="2", align="center"),
                        on_click=rx.redirect(item.href),
                        color=rx.color("accent", 11) if item.href == active else None,
                    )
                    for item in ADMIN_NAV
                ],
                rx.menu.separator(),
                rx.menu.item(tr("admin.nav.back"), on_click=rx.redirect(routes.DASHBOARD)),
            ),
        ),
        display=["block", "block", "none"],
    )


def admin_top_bar(title: str | rx.Var, active: str) -> rx.Component:
    """Page title, the phone menu, bell, theme switch and account menu."""
    return rx.hstack(
        phone_menu(active),
        rx.heading(title, size="5", as_="h1", id="admin-title"),
        rx.spacer(),
        bell(),
        language_menu(),
        rx.color_mode.button(aria_label=tr("common.theme_toggle"), variant="ghost"),
        user_menu(),
        align="center",
        width="100%",
        padding="0.75rem 1rem",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        as_="header",
    )


def admin_shell(title: str | rx.Var, active: str, *children: rx.Component) -> rx.Component:
    """The admin layout around a page's content; `active` is the page's section route."""
    return rx.hstack(
        admin_sidebar(active),
        rx.box(
            admin_top_bar(title, active),
            rx.el.main(
                rx.box(*children, max_width=ADMIN_CONTENT_WIDTH, margin_x="auto", width="100%"),
                id="main",
                padding="1.25rem 1rem 2rem",
            ),
            flex="1",
            min_width="0",
        ),
        ready_marker(),
        rx.moment(interval=20_000, on_change=AuthState.check_session, display="none"),
        rx.moment(interval=60_000, on_change=BellState.refresh, display="none"),
        spacing="0",
        align="stretch",
        width="100%",
        min_height="100vh",
        lang=AuthState.lang,
    )
