"""Pieces of an admin user page: profile facts, the account actions, a sign-in session, an audit event."""

from __future__ import annotations

from typing import Any

import reflex as rx

from interview_app.components.admin_ui import error_callout, meta, row_card, section
from interview_app.components.dialogs import confirm_dialog
from interview_app.components.i18n import tr


def _fact(label: str | rx.Var, value: Any, **props: Any) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="1", color_scheme="gray"),
        rx.text(value, size="2", overflow_wrap="anywhere"),
        spacing="0",
        min_width="0",
        **props,
    )


def profile_facts(info: Any) -> rx.Component:
    """E-mail, dates, target role, level and time zone."""
    return section(
        tr("admin.user.profile"),
        rx.grid(
            _fact(
                tr("admin.user.email"), info["email"].to(str), grid_column=rx.breakpoints(initial="span 2", md="auto")
            ),
            _fact(tr("admin.user.verified"), info["verified"].to(str)),
            _fact(tr("admin.user.joined"), info["joined"].to(str)),
            _fact(tr("admin.user.seen"), info["seen"].to(str)),
            _fact(tr("admin.user.onboarded"), info["onboarded"].to(str)),
            _fact(tr("admin.user.target"), info["target"].to(str)),
            _fact(tr("admin.user.level"), info["level"].to(str)),
            _fact(tr("admin.user.timezone"), info["timezone"].to(str)),
            columns=rx.breakpoints(initial="2", md="4"),
            spacing="3",
        ),
    )


def account_actions(info: Any, error: Any, on_role: Any, on_revoke_all: Any, on_reset: Any, on_active: Any):
    """Change role, sign out everywhere, send a password reset, deactivate or reactivate (each confirmed)."""
    is_admin = info["role"].to(str) == "admin"
    active = info["active"].to(bool)
    return section(
        tr("admin.user.actions"),
        rx.flex(
            confirm_dialog(
                rx.button(
                    rx.icon("user-cog", size=16),
                    rx.cond(is_admin, tr("admin.user.make_candidate"), tr("admin.user.make_admin")),
                    variant="soft",
                    id="user-role",
                ),
                tr("admin.user.role_title"),
                tr("admin.user.role_text"),
                tr("admin.user.role_confirm"),
                on_role(rx.cond(is_admin, "candidate", "admin")),
                id="user-role-confirm",
            ),
            confirm_dialog(
                rx.button(rx.icon("log-out", size=16), tr("admin.user.revoke_all"), variant="soft", id="user-revoke"),
                tr("admin.user.revoke_title"),
                tr("admin.user.revoke_text"),
                tr("admin.user.revoke_all"),
                on_revoke_all,
                id="user-revoke-confirm",
            ),
            confirm_dialog(
                rx.button(rx.icon("key-round", size=16), tr("admin.user.send_reset"), variant="soft", id="user-reset"),
                tr("admin.user.reset_title"),
                tr("admin.user.reset_text"),
                tr("admin.user.send_reset"),
                on_reset,
                id="user-reset-confirm",
            ),
            rx.cond(
                active,
                confirm_dialog(
                    rx.button(
                        rx.icon("user-x", size=16),
                        tr("admin.user.deactivate"),
                        color_scheme="red",
                        variant="soft",
                        id="user-deactivate",
                    ),
                    tr("admin.user.deactivate_title"),
                    tr("admin.user.deactivate_text"),
                    tr("admin.user.deactivate"),
                    on_active(False),
                    id="user-deactivate-confirm",
                ),
                rx.button(
                    rx.icon("user-check", size=16),
                    tr("admin.user.reactivate"),
                    variant="soft",
                    color_scheme="green",
                    on_click=on_active(True),
                    id="user-reactivate",
                ),
            ),
            spacing="2",
            wrap="wrap",
        ),
        error_callout(error, "user-error"),
    )


def session_row(s: Any, on_revoke: Any) -> rx.Component:
    """One sign-in session: when, where from, and a button to end it while it is live."""
    return row_card(
        rx.flex(
            rx.vstack(
                rx.text(s["ip"], size="2", weight="medium"),
                rx.text(
                    tr("admin.user.session_started"),
                    " ",
                    s["started"],
                    " · ",
                    tr("admin.user.session_used"),
                    " ",
                    s["used"],
                    size="1",
                    color_scheme="gray",
                ),
                rx.text(s["agent"], size="1", color_scheme="gray", word_break="break-all"),
                spacing="1",
                flex="1",
                min_width="14rem",
            ),
            rx.cond(
                s["live"],
                rx.button(
                    tr("admin.user.end_session"),
                    size="1",
                    variant="soft",
                    color_scheme="red",
                    on_click=on_revoke(s["id"]),
                ),
                rx.badge(tr("admin.user.session_ended"), variant="soft", color_scheme="gray"),
            ),
            justify="between",
            align="center",
            wrap="wrap",
            gap="0.5rem",
        )
    )


def event_row(e: Any) -> rx.Component:
    """One audit event about the user, on one line."""
    return meta(rx.text(e["when"]), rx.code(e["event"], size="1"), rx.text(e["detail"]), padding_y="0.2rem")
