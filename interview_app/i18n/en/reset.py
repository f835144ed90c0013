"""English text of the `reset.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "reset.page_title": "Choose a new password · Interview Coach",
    "reset.title": "Choose a new password",
    "reset.done": "Your password is changed. Every device was signed out; sign in with the new password.",
    "reset.submit": "Save new password",
    "reset.ask_new_link": "Ask for a new link",
}
