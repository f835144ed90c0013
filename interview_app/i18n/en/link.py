"""English text of the `link.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    # links from e-mails and password reset
    "link.checking": "Checking your link…",
    "link.email_confirmed": "Your e-mail address is confirmed.",
    "link.email_confirmed_signed_in": "Your e-mail address is confirmed and you are signed in.",
    "link.email_changed": "Your e-mail address is now {email}.",
}
