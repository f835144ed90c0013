"""Every notification of the signed-in user, newest first, with paging and mark-as-read."""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from interview_app import routes, styles
from interview_app.components.i18n import tr
from interview_app.layouts.app_shell import app_shell
from interview_app.models import Profile, User
from interview_app.services.notifications import inbox as notifications
from interview_app.services.notifications import mail
from interview_app.state.auth import with_user
from interview_app.state.notifications import BellState, notification_row

PAGE_SIZE = 20


class InboxState(BellState):
    """One page of the inbox."""

    rows: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    offset: int = 0
    total: int = 0
    loaded: bool = False
    # E-mails to the user's own address kept in the local outbox (see mail.own_mail_in_app), newest first.
    mail: rx.Field[list[dict[str, str | list[str]]]] = rx.field(default_factory=list)

    @rx.event
    @with_user
    def load(self, session: Session, user: User):
        """Read the current page."""
        page = notifications.page(session, user.id or 0, self.offset, PAGE_SIZE)
        profile = session.get(Profile, user.id)
        self.rows = [notification_row(n, profile) for n in page.items]
        self.total = page.total
        self.mail = [mail.as_row(m, self.lang, profile) for m in mail.own_messages(session, user)]
        self.loaded = True
        self.refresh()
        return None

    @rx.event
    def read_all(self):
        """Mark everything read and show it."""
        self.mark_all_read()
        return InboxState.load

    @rx.event
    def more(self, step: int):
        """Next or previous page."""
        self.offset = max(0, min(self.offset + step * PAGE_SIZE, max(0, self.total - 1)))
        return InboxState.load


def _row(row: Any) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.cond(
                row["unread"],
                rx.box(
                    width="0.5rem",
                    height="0.5rem",
                    border_radius="50%",
                    background=rx.color("accent", 9),
                    flex_shrink="0",
                    margin_top="0.45rem",
                    role="img",  # a div may carry a name only with a role (axe aria-prohibited-attr)
                    aria_label=tr("notifications.unread"),
                ),
            ),
            rx.vstack(
                rx.text(row["title"], size="3", weight=rx.cond(row["unread"], "bold", "regular")),
                rx.text(row["body"], size="2", color_scheme="gray"),
                rx.text(row["when"], size="1", color_scheme="gray"),
                spacing="1",
            ),
            rx.spacer(),
            rx.cond(
                row["link"] != "",
                rx.button(
                    tr("notifications.open"),
                    size="1",
                    variant="soft",
                    on_click=InboxState.open_item(row["id"], row["link"]),
                ),
            ),
            align="start",
            width="100%",
            spacing="3",
        ),
        style=styles.card,
        padding="1rem",
    )


def _mail(message: Any) -> rx.Component:
    return rx.box(
        rx.text(message["subject"], size="3", weight="bold"),
        rx.text(message["time"], size="1", color_scheme="gray"),
        rx.text(message["body"], white_space="pre-wrap", size="2", margin_y="0.5rem"),
        rx.flex(
            rx.foreach(
                message["links"].to(list[str]),
                lambda u: rx.link(
                    tr("notifications.mail_open", page=u.split("?")[0]),  # the page, not its token
                    href=u,
                    size="2",
                    class_name="inbox-mail-link",
                    word_break="break-all",
                ),
            ),
            direction="column",
            spacing="1",
        ),
        style=styles.card,
        padding="1rem",
        class_name="inbox-mail",
    )


def _own_mail() -> rx.Component:
    return rx.cond(
        InboxState.mail.length() > 0,
        rx.vstack(
            rx.heading(tr("notifications.mail_title"), size="4", as_="h2"),
            rx.text(tr("notifications.mail_intro"), size="2", color_scheme="gray"),
            rx.foreach(InboxState.mail, _mail),
            spacing="2",
            width="100%",
            id="inbox-mail",
        ),
    )


@rx.page(route=routes.NOTIFICATIONS, title=tr("notifications.page_title"),
         on_load=[InboxState.require_user, InboxState.load])  # fmt: skip
def notifications_page() -> rx.Component:
    return app_shell(
        tr("notifications.title"),
        routes.NOTIFICATIONS,
        rx.vstack(
            rx.hstack(
                rx.text(
                    tr("notifications.count", count=InboxState.total),
                    size="2",
                    color_scheme="gray",
                ),
                rx.spacer(),
                rx.button(
                    tr("notifications.mark_all"),
                    on_click=InboxState.read_all,
                    variant="soft",
                    size="2",
                    disabled=InboxState.unread == 0,
                    id="inbox-mark-all",
                ),
                width="100%",
                align="center",
            ),
            rx.cond(
                InboxState.rows.length() > 0,
                rx.vstack(rx.foreach(InboxState.rows, _row), spacing="2", width="100%", id="inbox-list"),
                rx.cond(InboxState.loaded, rx.text(tr("notifications.empty"), size="3", color_scheme="gray")),
            ),
            rx.cond(
                InboxState.total > PAGE_SIZE,
                rx.hstack(
                    rx.button(
                        tr("notifications.newer"),
                        on_click=InboxState.more(-1),
                        variant="soft",
                        size="2",
                        disabled=InboxState.offset == 0,
                    ),
                    rx.button(
                        tr("notifications.older"),
                        on_click=InboxState.more(1),
                        variant="soft",
                        size="2",
                        disabled=InboxState.offset + PAGE_SIZE >= InboxState.total,
                    ),
                    spacing="3",
                ),
            ),
            _own_mail(),
            spacing="4",
            width="100%",
        ),
    )
