"""Profile and preferences, editable any time."""

import reflex as rx

from interview_app import routes, styles
from interview_app.layouts.app_shell import app_shell
from interview_app.pages.candidate.profile_form import ProfileState, practice_fields, role_fields, skill_fields


def _section(title: str, description: str, body: rx.Component) -> rx.Component:
    return rx.box(
        rx.heading(title, size="4", as_="h2"),
        rx.text(description, size="2", color_scheme="gray", margin_bottom="1rem"),
        rx.box(body, max_width="36rem"),
        style=styles.card,
    )


@rx.page(
    route=routes.SETTINGS, title="Settings · Interview Coach", on_load=[ProfileState.require_user, ProfileState.load]
)
def settings_page() -> rx.Component:
    return app_shell(
        "Settings",
        routes.SETTINGS,
        rx.vstack(
            _section("Your goal", "The role and level your interviews are built for.", role_fields()),
            _section("Your skills", "Questions and the study plan lean on these.", skill_fields()),
            _section("Practice and reminders", "Timer, daily trainer and how we remind you.", practice_fields()),
            rx.hstack(
                rx.spacer(),
                rx.button("Save settings", on_click=ProfileState.save_settings, size="3", id="settings-save"),
                width="100%",
            ),
            spacing="4",
            width="100%",
        ),
    )
