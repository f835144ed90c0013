"""The signed-in shell: sidebar on desktop, bottom bar on phones, session watch."""

from __future__ import annotations

from typing import Any

import reflex as rx

from interview_app import routes, styles
from interview_app.components.brand import logo, ready_marker
from interview_app.components.i18n import language_menu, tr
from interview_app.components.sidebar import NavItem, sidebar, sidebar_link
from interview_app.state.auth import AuthState
from interview_app.state.notifications import BellState

NAV_ITEMS = (
    NavItem(tr("nav.dashboard"), "layout-dashboard", routes.DASHBOARD),
    NavItem(tr("nav.interview"), "mic", routes.INTERVIEW_NEW),
    NavItem(tr("nav.tailor"), "target", routes.TAILOR, phone=False),
    NavItem(tr("nav.trainer"), "calendar-check", routes.TRAINER),
    NavItem(tr("nav.progress"), "chart-line", routes.PROGRESS),
    NavItem(tr("nav.questions"), "library", routes.QUESTIONS, phone=False),
    NavItem(tr("nav.history"), "history", routes.HISTORY, phone=False),
    NavItem(tr("nav.settings"), "settings", routes.SETTINGS, phone=False),
    NavItem(tr("nav.security"), "shield-check", routes.SETTINGS_SECURITY, phone=False),
)


def user_menu() -> rx.Component:
    """The account menu: who is signed in, and the two ways to sign out."""
    return rx.menu.root(
        rx.menu.trigger(
            # Named by its text: the user's name where it shows, then "Account menu" for screen readers only
            # (an aria-label would hide the visible name from voice control).
            rx.button(
                rx.icon("circle-user", size=22),
                rx.text(AuthState.user_name, size="2", display=["none", "none", "inline"]),
                rx.el.span(tr("nav.account_menu"), class_name="ic-sr-only"),
                rx.icon("chevron-down", size=14),
                variant="ghost",
                id="user-menu",
            )
        ),
        rx.menu.content(
            rx.box(rx.text(AuthState.user_email, size="1", color_scheme="gray"), padding="0.25rem 0.75rem"),
            rx.menu.separator(),
            rx.menu.item(tr("nav.menu.settings"), on_click=rx.redirect(routes.SETTINGS)),
            rx.cond(
                AuthState.is_admin, rx.menu.item(tr("nav.admin"), on_click=rx.redirect(routes.ADMIN), id="menu-admin")
            ),
            rx.menu.item(tr("nav.menu.sign_out"), on_click=AuthState.sign_out, id="menu-sign-out"),
            rx.menu.item(tr("nav.menu.sign_out_everywhere"), on_click=AuthState.sign_out_everywhere, color="red"),
        ),
    )


def app_sidebar(active: str) -> rx.Component:
    """Desktop navigation on the left: the candidate's pages, and Admin for admins."""
    return sidebar(
        rx.box(logo(href=routes.DASHBOARD), padding="0.5rem 0.75rem 1rem"),
        NAV_ITEMS,
        active,
        label=tr("nav.main_label"),
        more_links=[rx.cond(AuthState.is_admin, sidebar_link(NavItem(tr("nav.admin"), "shield", routes.ADMIN), False))],
    )


def bottom_link(item: NavItem, current: bool) -> rx.Component:
    """A bottom-bar entry: icon over label."""
    return rx.link(
        rx.vstack(rx.icon(item.icon, size=22), rx.text(item.label, size="1"), align="center", spacing="1"),
        href=item.href,
        underline="none",
        color=rx.color("accent", 11) if current else rx.color("gray", 11),
        aria_current="page" if current else None,
        flex="1",
        padding_y="0.5rem",
    )


def _more_link(item: NavItem, current: bool) -> rx.Component:
    return rx.link(
        rx.hstack(rx.icon(item.icon, size=18), rx.text(item.label, size="3"), align="center", spacing="3"),
        href=item.href,
        underline="none",
        color=rx.color("accent", 11) if current else rx.color("gray", 12),
        font_weight="600" if current else "400",
        aria_current="page" if current else None,
        padding="0.6rem 0.5rem",
        width="100%",
    )


def more_menu(active: str) -> rx.Component:
    """The bottom bar's last entry: the pages that do not fit in it (history, questions, settings, security)."""
    rest = [item for item in NAV_ITEMS if not item.phone]
    current = any(item.href == active for item in rest)
    return rx.popover.root(
        rx.popover.trigger(
            rx.button(
                rx.vstack(
                    rx.icon("ellipsis", size=22),
                    rx.text(tr("nav.more"), size="1"),
                    align="center",
                    spacing="1",
                ),
                variant="ghost",
                color=rx.color("accent", 11) if current else rx.color("gray", 11),
                flex="1",
                height="auto",
                padding_y="0.5rem",
                margin="0",
                id="bottom-more",
            )
        ),
        rx.popover.content(
            rx.el.nav(
                rx.vstack(*[_more_link(item, item.href == active) for item in rest], spacing="0", width="100%"),
                aria_label=tr("nav.more_label"),
            ),
            side="top",
            align="end",
            width="14rem",
            id="bottom-more-menu",
        ),
    )


def bottom_bar(active: str) -> rx.Component:
    """Phone navigation fixed to the bottom of the screen."""
    return rx.el.nav(
        rx.hstack(
            *[bottom_link(item, item.href == active) for item in NAV_ITEMS if item.phone],
            more_menu(active),
            width="100%",
            justify="between",
        ),
        aria_label=tr("nav.main_label"),
        id="bottom-bar",
        position="fixed",
        bottom="0",
        left="0",
        right="0",
        height=styles.BOTTOM_BAR_HEIGHT,
        background=rx.color("gray", 1),
        border_top=f"1px solid {rx.color('gray', 5)}",
        display=["flex", "flex", "none"],
        align_items="center",
        padding_bottom="env(safe-area-inset-bottom)",
        z_index="10",
    )


def _bell_item(item: Any) -> rx.Component:
    return rx.box(
        rx.text(item["title"], size="2", weight=rx.cond(item["unread"], "bold", "regular")),
        rx.text(item["body"], size="1", color_scheme="gray"),
        rx.text(item["when"], size="1", color_scheme="gray"),
        on_click=BellState.open_item(item["id"], item["link"]),
        cursor="pointer",
        padding="0.5rem",
        border_radius="var(--radius-2)",
        _hover={"background": rx.color("gray", 3)},
        role="button",
        tab_index=0,
    )


def bell() -> rx.Component:
    """Notifications: unread count on the bell; the newest in a popover, with links to all of them."""
    return rx.popover.root(
        rx.popover.trigger(
            rx.button(
                rx.icon("bell", size=18),
                rx.cond(
                    BellState.unread > 0,
                    rx.badge(BellState.unread, color_scheme="red", radius="full", size="1", id="bell-count"),
                ),
                variant="ghost",
                # The visible count is part of the name (axe label-content-name-mismatch): "Notifications 2".
                aria_label=rx.cond(
                    BellState.unread > 0,
                    tr("nav.notifications") + " " + BellState.unread.to(str),  # type: ignore[attr-defined]
                    tr("nav.notifications"),
                ),
                id="bell",
            )
        ),
        rx.popover.content(
            rx.vstack(
                rx.hstack(
                    rx.text(tr("nav.notifications"), size="2", weight="bold"),
                    rx.spacer(),
                    rx.cond(
                        BellState.unread > 0,
                        rx.button(
                            tr("notifications.mark_all"), size="1", variant="ghost", on_click=BellState.mark_all_read
                        ),
                    ),
                    width="100%",
                    align="center",
                ),
                rx.cond(
                    BellState.latest.length() > 0,
                    rx.vstack(rx.foreach(BellState.latest, _bell_item), spacing="1", width="100%"),
                    rx.text(tr("notifications.empty"), size="2", color_scheme="gray"),
                ),
                rx.link(tr("notifications.see_all"), href=routes.NOTIFICATIONS, size="2", id="bell-see-all"),
                spacing="2",
                width="100%",
            ),
            width="20rem",
            max_width="90vw",
        ),
    )


def top_bar(title: str | rx.Var) -> rx.Component:
    """Page title, theme switch and account menu."""
    return rx.hstack(
        rx.box(logo(size="1.75rem", show_name=False, href=routes.DASHBOARD), display=["block", "block", "none"]),
        rx.heading(title, size="5", as_="h1"),
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


def verify_banner() -> rx.Component:
    """A reminder while the e-mail address is unconfirmed."""
    return rx.cond(
        AuthState.email_verified,
        rx.fragment(),
        rx.callout(
            rx.hstack(
                rx.text(tr("shell.verify_banner")),
                rx.button(tr("shell.verify_resend"), size="1", variant="soft", on_click=AuthState.resend_verification),
                wrap="wrap",
                align="center",
            ),
            icon="mail",
            color_scheme="amber",
            margin="1rem 1rem 0",
        ),
    )


def app_shell(title: str | rx.Var, active: str, *children: rx.Component) -> rx.Component:
    """The signed-in layout around a page's content; `active` is the page's route."""
    return rx.hstack(
        app_sidebar(active),
        rx.box(
            top_bar(title),
            verify_banner(),
            rx.el.main(
                rx.box(*children, max_width=styles.CONTENT_MAX_WIDTH, margin_x="auto", width="100%"),
                id="main",
                padding="1.25rem 1rem",
                padding_bottom=[f"calc({styles.BOTTOM_BAR_HEIGHT} + 1.5rem)", None, "2rem"],
            ),
            flex="1",
            min_width="0",
        ),
        bottom_bar(active),
        ready_marker(),
        rx.moment(interval=20_000, on_change=AuthState.check_session, display="none"),
        # Also fires once when the page mounts: the bell's count is read then, and every minute after.
        rx.moment(interval=60_000, on_change=BellState.refresh, display="none"),
        spacing="0",
        align="stretch",
        width="100%",
        min_height="100vh",
        lang=AuthState.lang,
    )
