"""English text of the `outbox.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    # development outbox
    "outbox.page_title": "Outbox (administrators) · Interview Coach",
    "outbox.heading": "Local outbox",
    "outbox.intro": (
        "E-mails go here while no SMTP server is configured (development only). Set SMTP_HOST to send real e-mail. "
        "Only administrators can read this page: the messages hold sign-in and password-reset links."
    ),
    "outbox.disabled": "The outbox page is turned off in production.",
    "outbox.sign_in_as_admin": (
        "Only administrators can read the outbox, because its messages hold password-reset links. "
        "Sign in with an administrator account to read it."
    ),
    "outbox.admins_only": "Only administrators can read the outbox, because its messages hold other people's password-reset links.",
    "outbox.own_in_inbox": "The e-mails sent to your own address are on your notifications page.",
    "outbox.open_inbox": "Open notifications",
    "outbox.cli_hint": "On the machine running the app: ",
    "outbox.refresh": "Refresh",
    "outbox.empty": "No messages yet.",
    "outbox.to": "To ",
    "outbox.separator": " · ",
    "outbox.open_link": "Open ",
}
