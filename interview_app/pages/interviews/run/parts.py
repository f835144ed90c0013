"""What the typed and the spoken answer panels share: the action row, its buttons, the error line."""

from typing import Any

import reflex as rx

from interview_app.components.dialogs import confirm_dialog
from interview_app.components.forms import form_alert
from interview_app.components.i18n import tr
from interview_app.pages.interviews.run.state import RunState


def action_button(
    icon: str, label: Any, on_click: Any, id: str, *, loading: Any = False, disabled: Any = False, **props: Any
) -> rx.Component:
    """A large answer action with an icon (hand in, record, retry, ...).

    While `loading`, a spinner takes the icon's place and the button is disabled: Radix's own loading state
    keeps a hidden copy of the label that screen readers announce too ("Record Record").
    """
    busy = rx.Var.create(loading).to(bool)
    return rx.button(
        rx.cond(busy, rx.spinner(size="2"), rx.icon(icon, size=16)),
        label,
        on_click=on_click,
        size="3",
        id=id,
        disabled=busy | rx.Var.create(disabled).to(bool),
        aria_busy=rx.cond(busy, "true", "false"),
        **props,
    )


def skip_button() -> rx.Component:
    """Skip the current question."""
    return rx.button(tr("interview.run.skip"), on_click=RunState.skip, variant="soft", size="3", id="run-skip")


def end_dialog() -> rx.Component:
    """'End interview', confirmed in a dialog."""
    return confirm_dialog(
        rx.button(tr("interview.run.end"), variant="ghost", color_scheme="red", id="run-end"),
        tr("interview.run.end_title"),
        tr("interview.run.end_text"),
        tr("interview.run.end_confirm"),
        RunState.end_now,
        id="run-end-confirm",
    )


def action_row(*buttons: rx.Component) -> rx.Component:
    """The panel's buttons from the left, 'End interview' on the right."""
    return rx.flex(*buttons, rx.spacer(), end_dialog(), spacing="3", wrap="wrap", width="100%", align="center")


def error_alert() -> rx.Component:
    """The last refusal or failure, when there is one."""
    return rx.cond(RunState.error != "", form_alert(RunState.error))


def note(text: Any, **props: Any) -> rx.Component:
    """A small grey line under a panel."""
    return rx.text(text, size="1", color_scheme="gray", **props)
