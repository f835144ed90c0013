"""Your data: export everything as a ZIP (status, progress, download, earlier exports) and delete the account."""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from interview_app import routes, styles
from interview_app.components.buttons import link_button
from interview_app.components.forms import text_field
from interview_app.components.i18n import tr
from interview_app.i18n import error_text, formats, keys
from interview_app.layouts.app_shell import app_shell
from interview_app.layouts.public import card_page
from interview_app.models import DataExport, User
from interview_app.pages.billing.usage_card import upgrade_button
from interview_app.services.accounts import accounts, profiles
from interview_app.services.privacy import privacy
from interview_app.services.shared import limits
from interview_app.services.shared.rate_limit import RateLimited
from interview_app.settings import get_settings
from interview_app.state.auth import AuthState, with_user
from interview_app.state.notifications import BellState

EARLIER = 9


def size_text(size: int) -> str:
    """A file size for people: 812 KB, 3.4 MB."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


class DataState(AuthState):
    """The newest export and the earlier ones, and the delete-account dialog."""

    # The newest export: its id, status ("" for none), percent built, signed link, size, expiry, failure reason.
    export_id: int = 0
    export_status: str = ""
    export_progress: int = 0
    export_url: str = ""
    export_size: str = ""
    export_until: str = ""
    export_error: str = ""
    # Older exports as display rows: when, status label, size, and the link while one is still ready.
    earlier: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    # Why a new export cannot start now (the daily limit, one already on its way).
    request_error: str = ""
    # The request was refused by the plan's exports a day: the Upgrade button is shown with the message.
    request_upgrade: bool = False
    # False for accounts without a password (OAuth only): they confirm deletion with their e-mail.
    has_password: bool = True
    delete_open: bool = False
    delete_error: str = ""
    # True once the account is gone: the page shows the goodbye card.
    deleted: bool = False
    loaded: bool = False

    @rx.var
    def busy(self) -> bool:
        """An export is queued or being built (the page polls)."""
        return self.export_status in privacy.IN_FLIGHT

    def _show(self, session: Session, user_id: int) -> None:
        rows = privacy.list_exports(session, user_id, EARLIER + 1)

        def when(moment: Any) -> str:
            return formats.date_time(profiles.local_time(session, user_id, moment), self.lang)

        latest: DataExport | None = rows[0] if rows else None
        self.export_id = (latest.id or 0) if latest else 0
        self.export_status = latest.status if latest else ""
        self.export_progress = latest.progress if latest else 0
        self.export_url = privacy.download_url(latest) if latest else ""
        self.export_size = size_text(latest.size_bytes) if latest and latest.size_bytes else ""
        self.export_until = when(latest.expires_at) if latest and latest.expires_at else ""
        self.export_error = latest.error if latest else ""
        self.earlier = [
            {
                "when": when(row.created_at),
                "status": self.t(keys.DATA_STATUS[row.status]),
                "size": size_text(row.size_bytes) if row.size_bytes else "",
                "url": privacy.download_url(row),
            }
            for row in rows[1:]
        ]

    @rx.event
    def load(self):
        """Read the user's exports and whether the account has a password."""
        self.request_error = self.delete_error = ""
        self.delete_open = self.deleted = False
        return self._load()

    @with_user
    def _load(self, session: Session, user: User):
        self.has_password = bool(user.password_hash)
        self._show(session, user.id or 0)
        self.loaded = True
        return None

    @rx.event
    def request_export(self):
        """Ask for a new export; it is built in the background."""
        self.request_error, self.request_upgrade = "", False
        try:
            return self._request_export()
        except limits.LimitExceeded as exc:  # EXPORTS_PER_HOUR or EXPORT_LIMIT_PER_DAY, with the time to retry
            self.request_error, self.request_upgrade = exc.message(self.lang), exc.by_plan
            return None
        except privacy.PrivacyError as exc:
            self.request_error = self.t(exc.code)
            return None

    @with_user
    def _request_export(self, session: Session, user: User):
        privacy.request_export(session, user, self._client())
        self._show(session, user.id or 0)
        return rx.toast.info(self.t("data.export.started_toast"))

    @rx.event
    def retry_export(self, export_id: int):
        """Build a failed export again."""
        self.request_error = ""
        try:
            return self._retry_export(export_id)
        except privacy.PrivacyError as exc:
            self.request_error = self.t(exc.code)
        return None

    @with_user
    def _retry_export(self, session: Session, user: User, export_id: int):
        privacy.retry_export(session, user.id or 0, int(export_id))
        self._show(session, user.id or 0)
        return None

    @rx.event
    def poll(self):
        """While an export is being built: show its progress, and say so when it is ready."""
        if not self.busy:
            return None
        return self._poll()

    @with_user
    def _poll(self, session: Session, user: User):
        self._show(session, user.id or 0)
        if self.export_status == "ready":
            return [rx.toast.success(self.t("data.export.ready_toast")), BellState.refresh]
        return None

    @rx.event
    def open_delete(self, open_: bool):
        """Open or close the delete-account dialog."""
        self.delete_open, self.delete_error = open_, ""

    @rx.event
    async def delete_account(self, form: dict[str, str]):
        """Delete the account after the password (or e-mail) check, then sign this browser out.

        On a thread (`_in_thread`): the password's hash never holds the event loop, nor does the erasure.
        """
        self.delete_error = ""
        try:
            return await self._in_thread(self._delete_account, form)
        except RateLimited as exc:
            self.delete_error = self.t("account.error.rate_limited", wait=exc.retry_text())
            return None
        except (accounts.AccountError, privacy.PrivacyError) as exc:
            self.delete_error = error_text(exc.code, self.lang)
            return None

    @with_user
    def _delete_account(self, session: Session, user: User, form: dict[str, str]):
        privacy.delete_account(
            session,
            user,
            password=form.get("password", ""),
            email=form.get("email", ""),
            client=self._client(),
        )
        self._forget_session()
        self.delete_open, self.deleted, self.loaded = False, True, False
        self.export_id, self.export_status, self.export_url, self.earlier = 0, "", "", []
        return None


def _status() -> rx.Component:
    """The newest export: waiting, building with progress, ready with the link, or failed with the reason."""
    s = DataState
    progress = rx.vstack(
        rx.text(
            rx.cond(s.export_status == "queued", tr("data.export.queued"), tr("data.export.building")),
            rx.cond(s.export_status == "building", f"{s.export_progress}%", ""),
            size="2",
            id="export-status",
        ),
        rx.progress(
            value=s.export_progress,
            max=100,
            width="100%",
            aria_label=tr("data.export.progress_label"),
            id="export-progress",
            custom_attrs={"data-progress": s.export_progress},
        ),
        rx.moment(interval=1000, on_change=DataState.poll, display="none"),
        width="100%",
        spacing="2",
    )
    ready = rx.callout.root(
        rx.callout.icon(rx.icon("circle-check")),
        rx.vstack(
            rx.text(tr("data.export.ready"), " (", s.export_size, ")", weight="bold", size="2", id="export-ready"),
            rx.text(tr("data.export.ready_until", time=s.export_until), size="2", id="export-until"),
            # A full page load (not a client-side route): the API answers with the file as an attachment.
            rx.button(
                rx.link(
                    rx.icon("download", size=16),
                    tr("data.export.download"),
                    href=s.export_url,
                    reload_document=True,
                    underline="none",
                    custom_attrs={"download": ""},
                    id="export-download",
                ),
                as_child=True,
                size="2",
            ),
            spacing="2",
            align="start",
        ),
        color_scheme="green",
        width="100%",
    )
    failed = rx.callout.root(
        rx.callout.icon(rx.icon("triangle-alert")),
        rx.vstack(
            rx.text(tr("data.export.failed"), size="2", weight="bold"),
            rx.text(tr("data.export.reason"), s.export_error, size="1", id="export-error"),
            rx.button(
                tr("data.export.retry"), on_click=DataState.retry_export(s.export_id), size="2", id="export-retry"
            ),
            spacing="2",
            align="start",
        ),
        color_scheme="red",
        width="100%",
    )
    return rx.box(
        rx.match(s.export_status, ("queued", progress), ("building", progress), ("ready", ready), ("failed", failed)),
        width="100%",
    )


def _earlier_row(row: Any) -> rx.Component:
    return rx.hstack(
        rx.text(row["when"], size="2"),
        rx.badge(row["status"], color_scheme="gray", variant="soft"),
        rx.text(row["size"], size="2", color_scheme="gray"),
        rx.cond(
            row["url"] != "",
            rx.link(
                tr("data.export.download_short"),
                href=row["url"],
                reload_document=True,
                custom_attrs={"download": ""},
                size="2",
            ),
        ),
        spacing="3",
        align="center",
        wrap="wrap",
        padding_y="0.35rem",
        border_top=f"1px solid {rx.color('gray', 4)}",
        width="100%",
    )


def _export_card() -> rx.Component:
    settings = get_settings()
    return rx.vstack(
        rx.heading(tr("data.export.title"), size="4", as_="h2"),
        rx.text(tr("data.export.text"), size="2", color_scheme="gray"),
        _status(),
        rx.flex(
            rx.button(
                rx.icon("file-archive", size=16),
                tr("data.export.start"),
                on_click=DataState.request_export,
                disabled=DataState.busy | ~DataState.loaded,
                size="3",
                id="export-start",
            ),
            rx.text(
                tr(
                    "data.export.limits",
                    per_hour=settings.exports_per_hour,
                    limit=settings.export_limit_per_day,
                    hours=settings.export_link_hours,
                ),
                size="1",
                color_scheme="gray",
            ),
            spacing="3",
            align="center",
            wrap="wrap",
        ),
        rx.cond(
            DataState.request_error != "",
            rx.text(DataState.request_error, color="var(--red-11)", size="2", role="alert", id="export-request-error"),
        ),
        rx.cond(DataState.request_upgrade & (DataState.request_error != ""), upgrade_button("export-upgrade")),
        rx.cond(
            DataState.earlier.length() > 0,
            rx.vstack(
                rx.text(tr("data.export.earlier"), size="2", weight="bold"),
                rx.foreach(DataState.earlier, _earlier_row),
                spacing="1",
                width="100%",
                id="export-earlier",
            ),
            rx.cond(
                DataState.loaded & (DataState.export_status == ""),
                rx.text(tr("data.export.none"), size="2", color_scheme="gray"),
            ),
        ),
        style=styles.card,
        spacing="3",
        id="export-card",
    )


def _delete_dialog() -> rx.Component:
    confirm_field = rx.cond(
        DataState.has_password,
        text_field(
            tr("delete.password"),
            "password",
            type="password",
            autocomplete="current-password",
            error=DataState.delete_error,
            max_length=256,
        ),
        rx.vstack(
            rx.text(tr("delete.email_hint"), rx.text.strong(DataState.user_email), size="2"),
            text_field(tr("delete.email"), "email", type="email", autocomplete="off", error=DataState.delete_error),
            width="100%",
        ),
    )
    return rx.dialog.root(
        rx.dialog.trigger(rx.button(tr("delete.open"), color_scheme="red", variant="soft", size="3", id="delete-open")),
        rx.dialog.content(
            rx.dialog.title(tr("delete.confirm_title")),
            rx.dialog.description(tr("delete.confirm_text"), size="2", margin_bottom="1rem"),
            rx.form(
                rx.vstack(
                    confirm_field,
                    rx.flex(
                        rx.dialog.close(
                            rx.button(tr("common.cancel"), variant="soft", color_scheme="gray", type="button")
                        ),
                        rx.button(tr("delete.confirm"), color_scheme="red", type="submit", id="delete-confirm"),
                        spacing="3",
                        justify="end",
                        width="100%",
                    ),
                    spacing="4",
                    width="100%",
                ),
                on_submit=DataState.delete_account,
                reset_on_submit=False,
                width="100%",
            ),
            max_width="28rem",
        ),
        open=DataState.delete_open,
        on_open_change=DataState.open_delete,
    )


def _delete_card() -> rx.Component:
    items = ("account", "interviews", "media", "trainer", "rest")
    return rx.vstack(
        rx.heading(tr("delete.title"), size="4", as_="h2", color=rx.color("red", 11)),
        rx.text(tr("delete.text"), size="2"),
        rx.el.ul(
            *[rx.el.li(rx.text(tr(keys.DELETE_ITEM[item]), size="2")) for item in items],
            padding_left="1.25rem",
            margin="0",
            list_style_type="disc",
        ),
        rx.text(tr("delete.after"), size="2", color_scheme="gray"),
        _delete_dialog(),
        style={**styles.card, "border": f"1px solid {rx.color('red', 7)}"},
        spacing="3",
        id="delete-card",
    )


def _goodbye() -> rx.Component:
    return card_page(
        tr("delete.goodbye.title"),
        tr("delete.goodbye.text"),
        link_button(tr("delete.goodbye.home"), href=routes.LANDING, id="goodbye-home", size="3", width="100%"),
    )


@rx.page(route=routes.SETTINGS_DATA, title=tr("data.page_title"), on_load=[DataState.require_user, DataState.load])
def data_page() -> rx.Component:
    return rx.cond(
        DataState.deleted,
        _goodbye(),
        app_shell(
            tr("data.title"),
            routes.SETTINGS,
            rx.vstack(_export_card(), _delete_card(), spacing="4", width="100%"),
        ),
    )
