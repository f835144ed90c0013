"""English text of the `reminder.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    # reminders: in the app, by e-mail (with one-click unsubscribe) and by web push
    "reminder.in_app.title": "Your daily quiz is ready",
    "reminder.in_app.body": "A few questions, a few minutes: answer today's quiz to keep your practice going.",
    "reminder.email.subject": "Your daily Interview Coach quiz is waiting",
    "reminder.email.body": (
        "Hello {name},\n\nToday's quiz is ready and takes a few minutes:\n\n{link}\n\n"
        "You get this e-mail because reminders by e-mail are on. Stop them with one click:\n\n{unsubscribe}\n\n"
        "Or choose how and when you are reminded in Settings:\n\n{settings}\n"
    ),
    "reminder.push.title": "Your daily quiz is ready",
    "reminder.push.body": "A few questions, a few minutes. Tap to start.",
    "reminder.unsubscribe.title": "Reminder e-mails turned off",
    "reminder.unsubscribe.done": "You will no longer get reminder e-mails from Interview Coach.",
    "reminder.unsubscribe.settings": "Changed your mind? Turn them back on in Settings",
    "reminder.unsubscribe.invalid_title": "This unsubscribe link does not work",
    "reminder.error.unsubscribe_invalid": (
        "The link is incomplete or was changed. Open it again from the e-mail, or turn reminder e-mails off "
        "in Settings."
    ),
}
