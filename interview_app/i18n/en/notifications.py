"""English text of the `notifications.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    # notifications
    "notifications.page_title": "Notifications · Interview Coach",
    "notifications.title": "Notifications",
    "notifications.count": "{count, plural, one {# notification} other {# notifications}}",
    "notifications.empty": "Nothing here yet.",
    "notifications.unread": "Unread",
    "notifications.open": "Open",
    "notifications.mark_all": "Mark all read",
    "notifications.see_all": "See all notifications",
    "notifications.newer": "Newer",
    "notifications.older": "Older",
    "notifications.mail_title": "E-mails sent to you",
    "notifications.mail_intro": "This installation has no mail server, so the e-mails it sends to your address are kept here instead.",
    "notifications.mail_open": "Open {page}",
}
