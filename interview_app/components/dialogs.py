"""A confirmation dialog for actions that cannot be undone."""

from typing import Any

import reflex as rx

from interview_app.components.i18n import tr


def confirm_dialog(
    trigger: rx.Component,
    title: str | rx.Var,
    text: str | rx.Var,
    confirm: str | rx.Var,
    on_confirm: Any,
    **confirm_props: Any,
) -> rx.Component:
    """`trigger` opens a dialog that explains the action; only the red button runs `on_confirm`."""
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(trigger),
        rx.alert_dialog.content(
            rx.alert_dialog.title(title),
            rx.alert_dialog.description(text),
            rx.flex(
                rx.alert_dialog.cancel(rx.button(tr("common.cancel"), variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button(confirm, color_scheme="red", on_click=on_confirm, **confirm_props)),
                spacing="3",
                justify="end",
                margin_top="1rem",
            ),
        ),
    )
