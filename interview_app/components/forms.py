"""Labelled form fields with inline errors."""

from typing import Literal

import reflex as rx


def field_error(message: rx.Var[str] | str, field_id: str) -> rx.Component:
    """The error under a field, announced to screen readers."""
    text: rx.Var = rx.Var.create(message)
    return rx.cond(
        text != "",
        rx.text(text, color="var(--red-11)", size="2", id=f"{field_id}-error", role="alert"),
    )


def labelled(
    label: str | rx.Var,
    field_id: str,
    control: rx.Component,
    error: rx.Var[str] | str | None = None,
    hint: str | rx.Var = "",
) -> rx.Component:
    """A label above `control`, an optional hint and the field's error."""
    return rx.vstack(
        rx.el.label(rx.text(label, size="2", weight="medium"), html_for=field_id),
        control,
        rx.text(hint, size="1", color_scheme="gray") if isinstance(hint, rx.Var) or hint else rx.fragment(),
        field_error(error, field_id) if error is not None else rx.fragment(),
        spacing="1",
        width="100%",
    )


def text_field(
    label: str | rx.Var,
    name: str,
    *,
    type: Literal["text", "email", "password", "date", "time", "number"] = "text",
    autocomplete: str = "off",
    placeholder: str | rx.Var = "",
    error: rx.Var[str] | str | None = None,
    hint: str | rx.Var = "",
    default_value: rx.Var[str] | str = "",
    required: bool = True,
    max_length: int = 254,
) -> rx.Component:
    """A labelled text input for an uncontrolled form (values arrive in on_submit)."""
    field_id = f"field-{name}"
    return labelled(
        label,
        field_id,
        rx.input(
            name=name,
            id=field_id,
            type=type,
            auto_complete=autocomplete,
            placeholder=placeholder,
            default_value=default_value,
            required=required,
            max_length=max_length,
            size="3",
            width="100%",
            aria_describedby=f"{field_id}-error",
        ),
        error,
        hint,
    )


def submit_button(label: str | rx.Var, loading: rx.Var[bool] | bool, test_id: str) -> rx.Component:
    """The form's submit button, disabled while the request runs (no double submits)."""
    return rx.button(label, type="submit", size="3", width="100%", loading=loading, id=test_id)


def form_alert(message: rx.Var[str] | str, tone: Literal["red", "green", "amber"] = "red") -> rx.Component:
    """A callout above a form for errors (red) or confirmations (green)."""
    text: rx.Var = rx.Var.create(message)
    return rx.cond(
        text != "",
        rx.callout(
            text, icon="info" if tone != "red" else "triangle_alert", color_scheme=tone, width="100%", role="status"
        ),
    )


def new_password_fields(
    label: str | rx.Var, repeat_label: str | rx.Var, error: rx.Var[str] | str, hint: str | rx.Var
) -> rx.Component:
    """The "new password" and "repeat it" inputs (named `password` and `password_confirm`)."""
    return rx.fragment(
        text_field(
            label,
            "password",
            type="password",
            autocomplete="new-password",
            error=error,
            max_length=256,
            hint=hint,
        ),
        text_field(repeat_label, "password_confirm", type="password", autocomplete="new-password", max_length=256),
    )
