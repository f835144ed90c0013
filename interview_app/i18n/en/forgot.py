"""English text of the `forgot.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    "forgot.page_title": "Reset password · Interview Coach",
    "forgot.title": "Reset your password",
    "forgot.subtitle": "Enter the e-mail you signed up with and we will send you a link.",
    "forgot.submit": "Send reset link",
}
