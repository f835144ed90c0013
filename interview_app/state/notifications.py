"""The bell in the top bar: unread count and the latest notifications, read for the signed-in user."""

from __future__ import annotations

from typing import Any

import reflex as rx

from interview_app import db
from interview_app.clock import local_now
from interview_app.i18n import formats
from interview_app.models import Notification, Profile
from interview_app.services.notifications import inbox as notifications
from interview_app.state.auth import AuthState

BELL_ITEMS = 6


def notification_row(item: Notification, profile: Profile | None) -> dict[str, Any]:
    """A notification as plain values for the bell and the inbox page."""
    lang = profile.language if profile else "en"
    return {
        "id": item.id or 0,
        "title": item.title,
        "body": item.body,
        "link": item.link,
        "when": formats.date_time(local_now(profile, item.created_at), lang, year=False),
        "unread": item.read_at is None,
    }


class BellState(AuthState):
    """Unread count and the newest notifications for the bell."""

    unread: int = 0
    latest: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)

    @rx.event
    def refresh(self):
        """Re-read the unread count and the newest notifications."""
        with db.session_scope() as session:
            user = self._signed_in_user(session)
            if user is None or user.id is None:
                self.unread, self.latest = 0, []
                return
            profile = session.get(Profile, user.id)
            self.unread = notifications.unread_count(session, user.id)
            self.latest = [notification_row(n, profile) for n in notifications.recent(session, user.id, BELL_ITEMS)]

    @rx.event
    def open_item(self, notification_id: int, link: str):
        """Mark one notification read and follow its link."""
        with db.session_scope() as session:
            user = self._signed_in_user(session)
            if user is None or user.id is None:
                return self._to_sign_in()
            notifications.mark_read(session, user.id, notification_id)
        self.refresh()
        return rx.redirect(link) if link.startswith("/") and not link.startswith("//") else None

    @rx.event
    def mark_all_read(self):
        """Mark every notification read."""
        with db.session_scope() as session:
            user = self._signed_in_user(session)
            if user is None or user.id is None:
                return self._to_sign_in()
            notifications.mark_all_read(session, user.id)
        self.refresh()
        return None
