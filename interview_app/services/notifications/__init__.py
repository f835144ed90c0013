"""Reaching a user: mail, the in-app inbox, daily-quiz reminders and web push."""
