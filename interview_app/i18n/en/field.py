"""English text of the `field.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "field.name": "Name",
    "field.email": "E-mail",
    "field.email_placeholder": "you@example.com",
    "field.password": "Password",
    "field.new_password": "New password",
    "field.repeat_new_password": "Repeat new password",
    "field.password_hint_short": "At least 10 characters.",
}
