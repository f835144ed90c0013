"""The local outbox: the e-mails the app stored instead of sending, readable by admins only.

Without SMTP the outbox is the mail service itself: its messages hold confirmation and
password-reset links, so whoever reads it can take over any account. The handler resolves
the user on the server and shows the messages to an active admin only; visitors and
candidates get an explanation instead. On the machine itself the owner can read the same
messages with `python -m interview_app outbox`.
"""

from typing import Any

import reflex as rx

from interview_app import routes, styles
from interview_app.components.buttons import link_button
from interview_app.components.i18n import tr
from interview_app.layouts.public import public_layout
from interview_app.services.notifications import mail
from interview_app.settings import get_settings
from interview_app.state.admin import AdminState

# How the machine's owner reads the same messages (a command, so not translated).
CLI_COMMAND = "python -m interview_app outbox --to you@example.com"


class OutboxState(AdminState):
    """The newest messages in the local outbox, for an admin."""

    # Who is looking: "visitor", "candidate", "admin", or "production" (the page is off).
    access: str = "visitor"
    # Each message: id, to, subject, body, time, status and the links found in the body.
    messages: rx.Field[list[dict[str, str | list[str]]]] = rx.field(default_factory=list)
    # Whether a signed-in user finds the mail sent to their own address in their inbox instead.
    own_in_inbox: bool = False

    @rx.event
    def load(self):
        """Read the outbox for an admin; anyone else gets no messages."""
        self.messages = []
        self.own_in_inbox = mail.own_mail_in_app()
        if get_settings().is_production:
            self.access = "production"
            return
        with self._session() as session:
            user = self._signed_in_user(session)
            self._show_user(user)
            if user is None:
                self.access = "visitor"
                return
            if self._admin(session, "load") is None:
                if self._needs_two_factor:  # an admin who must turn on two-factor sign-in first
                    self.access = "visitor"
                    return self._denied()
                self.access = "candidate"
                return
            self.access = "admin"
            rows = mail.recent_outbox(session)
            self.messages = [mail.as_row(m, self.lang) for m in rows]


def _message(m: Any) -> rx.Component:
    return rx.box(
        rx.hstack(rx.text(m["subject"], weight="bold"), rx.spacer(), rx.badge(m["status"]), wrap="wrap"),
        rx.text(tr("outbox.to"), m["to"], tr("outbox.separator"), m["time"], size="1", color_scheme="gray"),
        rx.text(m["body"], white_space="pre-wrap", size="2", margin_y="0.5rem", class_name="outbox-body"),
        rx.flex(
            rx.foreach(
                m["links"].to(list[str]),
                lambda u: rx.link(
                    tr("outbox.open_link"), u, href=u, size="2", class_name="outbox-link", word_break="break-all"
                ),
            ),
            direction="column",
            spacing="1",
        ),
        style=styles.card,
        class_name="outbox-message",
    )


def _messages() -> rx.Component:
    return rx.fragment(
        rx.text(tr("outbox.intro"), color_scheme="gray"),
        rx.button(tr("outbox.refresh"), on_click=OutboxState.load, variant="soft", id="outbox-refresh"),
        rx.cond(OutboxState.messages.length() == 0, rx.text(tr("outbox.empty"))),
        rx.foreach(OutboxState.messages, _message),
    )


def _refused() -> rx.Component:
    return rx.callout(
        rx.match(
            OutboxState.access,
            ("production", tr("outbox.disabled")),
            ("candidate", tr("outbox.admins_only")),
            tr("outbox.sign_in_as_admin"),
        ),
        color_scheme="amber",
        id="outbox-refused",
        width="100%",
    )


@rx.page(route=routes.DEV_OUTBOX, title=tr("outbox.page_title"), on_load=OutboxState.load)
def outbox_page() -> rx.Component:
    return public_layout(
        rx.vstack(
            rx.heading(tr("outbox.heading"), size="6", as_="h1"),
            rx.cond(OutboxState.access == "admin", _messages(), _refused()),
            rx.cond(
                OutboxState.access == "visitor",
                link_button(tr("common.sign_in"), href=routes.sign_in_then(routes.DEV_OUTBOX), size="2"),
            ),
            rx.cond(
                (OutboxState.access == "candidate") & OutboxState.own_in_inbox,
                rx.vstack(
                    rx.text(tr("outbox.own_in_inbox"), size="2"),
                    link_button(tr("outbox.open_inbox"), href=routes.NOTIFICATIONS, id="outbox-own-inbox", size="2"),
                    spacing="2",
                ),
            ),
            rx.text(
                tr("outbox.cli_hint"), rx.code(CLI_COMMAND, size="1", variant="soft"), size="1", color_scheme="gray"
            ),
            spacing="4",
            width="100%",
            max_width=styles.CONTENT_MAX_WIDTH,
            margin_x="auto",
            padding="1rem",
        )
    )
