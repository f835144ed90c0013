"""Development only: read the e-mails the app would have sent (local outbox)."""

import re
from typing import Any

import reflex as rx

from interview_app import db, routes, styles
from interview_app.layouts.public import public_layout
from interview_app.services import mail
from interview_app.settings import get_settings
from interview_app.strings import t

_LINK = re.compile(r"https?://[^\s]+")


class OutboxState(rx.State):
    """The newest messages in the local outbox."""

    # Each message: id, to, subject, body, time and the links found in the body.
    messages: rx.Field[list[dict[str, str | list[str]]]] = rx.field(default_factory=list)
    enabled: bool = True

    @rx.event
    def load(self):
        """Read the outbox; refused in production."""
        self.enabled = not get_settings().is_production
        if not self.enabled:
            self.messages = []
            return
        with db.session_scope() as session:
            rows = mail.recent_outbox(session)
        self.messages = [
            {
                "id": str(m.id),
                "to": m.to_email,
                "subject": m.subject,
                "body": m.body_text,
                "time": m.created_at.strftime("%Y-%m-%d %H:%M:%S UTC"),
                "status": m.status,
                # Paths only, so links work whatever host and port the app runs on.
                "links": [re.sub(r"^https?://[^/]+", "", u) for u in _LINK.findall(m.body_text)],
            }
            for m in rows
        ]


def _message(m: Any) -> rx.Component:
    return rx.box(
        rx.hstack(rx.text(m["subject"], weight="bold"), rx.spacer(), rx.badge(m["status"]), wrap="wrap"),
        rx.text(t("outbox.to"), m["to"], t("outbox.separator"), m["time"], size="1", color_scheme="gray"),
        rx.text(m["body"], white_space="pre-wrap", size="2", margin_y="0.5rem", class_name="outbox-body"),
        rx.flex(
            rx.foreach(
                m["links"].to(list[str]),
                lambda u: rx.link(
                    t("outbox.open_link"), u, href=u, size="2", class_name="outbox-link", word_break="break-all"
                ),
            ),
            direction="column",
            spacing="1",
        ),
        style=styles.card,
        class_name="outbox-message",
    )


@rx.page(route=routes.DEV_OUTBOX, title=t("outbox.page_title"), on_load=OutboxState.load)
def outbox_page() -> rx.Component:
    return public_layout(
        rx.vstack(
            rx.heading(t("outbox.heading"), size="6", as_="h1"),
            rx.cond(
                OutboxState.enabled,
                rx.text(
                    t("outbox.intro"),
                    color_scheme="gray",
                ),
                rx.callout(t("outbox.disabled"), color_scheme="amber"),
            ),
            rx.button(t("outbox.refresh"), on_click=OutboxState.load, variant="soft", id="outbox-refresh"),
            rx.cond(OutboxState.messages.length() == 0, rx.text(t("outbox.empty"))),
            rx.foreach(OutboxState.messages, _message),
            spacing="4",
            width="100%",
            max_width=styles.CONTENT_MAX_WIDTH,
            margin_x="auto",
            padding="1rem",
        )
    )
