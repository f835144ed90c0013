"""English text of the `delete.*` keys."""

from __future__ import annotations

STRINGS: dict[str, str] = {
    # the danger zone
    "delete.title": "Delete my account",
    "delete.text": "This deletes your account and everything in it, at once and for good:",
    "delete.item.account": "your profile, settings and ways to sign in (password, Google, GitHub, LinkedIn)",
    "delete.item.interviews": "every interview with its questions, answers, transcripts, feedback and scores",
    "delete.item.media": "your recordings and your data exports",
    "delete.item.trainer": "trainer quizzes, review cards, streaks, your own topics and their questions",
    "delete.item.rest": "your study plan, progress, notifications, reminders and question reports",
    "delete.after": (
        "You are signed out on every device and cannot sign in again. The security log keeps its records of "
        "what happened on the account, with no name, e-mail or IP address. Want a copy first? Export your "
        "data above."
    ),
    "delete.open": "Delete my account…",
    "delete.confirm_title": "Delete your account for good?",
    "delete.confirm_text": "This cannot be undone: your data is gone the moment you confirm.",
    "delete.password": "Your password",
    "delete.email": "Type your e-mail address to confirm",
    "delete.email_hint": "Your account has no password, so confirm with its address: ",
    "delete.confirm": "Delete my account",
    "delete.error.email_mismatch": "That is not the e-mail address of this account.",
    "delete.error.last_admin": "You are the only active admin. Make another account an admin first (Admin → Users), then delete this one.",
    "delete.error.subscription": "Your paid subscription could not be stopped at the payment provider just now, so nothing was deleted. Try again in a few minutes, or cancel the subscription in your settings first.",
    "delete.goodbye.title": "Your account is deleted",
    "delete.goodbye.text": (
        "Everything of yours is gone from Interview Coach, and every device is signed out. "
        "Thank you for practising with us, and good luck with your interviews."
    ),
    "delete.goodbye.home": "Back to the home page",
}
