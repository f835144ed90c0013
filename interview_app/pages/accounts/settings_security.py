"""Password, e-mail address, two-factor sign-in (settings_two_factor) and sessions."""

import datetime as dt

import reflex as rx
from reflex.vars import ObjectVar
from sqlmodel import Session

from interview_app import routes, styles
from interview_app.clock import aware, utcnow
from interview_app.components.forms import form_alert, text_field
from interview_app.components.i18n import tr
from interview_app.i18n import error_text, formats, t
from interview_app.layouts.app_shell import app_shell
from interview_app.models import User
from interview_app.pages.accounts.settings_two_factor import TwoFactorSettingsState, two_factor_card
from interview_app.services.accounts import accounts, two_factor
from interview_app.services.shared.rate_limit import RateLimited
from interview_app.state.auth import AuthState, with_user


class SecurityState(AuthState):
    """The password and e-mail forms."""

    password_error: str = ""
    current_error: str = ""
    password_done: str = ""
    email_error: str = ""
    email_current_error: str = ""
    email_done: str = ""
    # False for accounts created with Google, GitHub or LinkedIn that never set a password.
    has_password: bool = True
    # The account's signed-in API clients (apps, integrations): id, device, address, and when it was last used.
    api_sign_ins: list[dict[str, str]] = []
    api_sign_ins_done: str = ""

    @rx.event
    def start(self):
        """Clear messages when the page opens and see whether the account has a password."""
        self.password_error = self.current_error = self.password_done = ""
        self.email_error = self.email_current_error = self.email_done = ""
        self.api_sign_ins_done = ""
        with self._session() as session:
            user = self._signed_in_user(session)
            self.has_password = bool(user and user.password_hash)
            self.api_sign_ins = _api_sign_ins(session, user, self.lang) if user is not None else []

    @rx.event
    def revoke_api_sign_in(self, sign_in_id: str):
        """Sign one API client out: its refresh and access tokens stop working at once."""
        self.api_sign_ins_done = ""
        return self._revoke_api_sign_in(sign_in_id)

    @with_user
    def _revoke_api_sign_in(self, session: Session, user: User, sign_in_id: str):
        if accounts.revoke_api_sign_in(session, user, sign_in_id[:32], self._client()):
            self.api_sign_ins_done = self.t("security.api.signed_out")
        self.api_sign_ins = _api_sign_ins(session, user, self.lang)

    @rx.event
    async def change_password(self, form: dict[str, str]):
        """Change the password; other devices are signed out, this one stays in.

        Both hashes (the current password's check and the new one) wait for a hash slot on a thread
        (`_in_thread`), never on the event loop that serves every other tab of the process.
        """
        self.password_error = self.current_error = self.password_done = ""
        if form.get("new_password", "") != form.get("new_password_confirm", ""):
            self.password_error = self.t("account.error.password_mismatch")
            return None
        try:
            return await self._in_thread(self._change_password, form)
        except RateLimited as exc:
            self.current_error = self.t("account.error.rate_limited", wait=exc.retry_text())
            return None
        except accounts.AccountError as exc:
            if exc.field == "current":
                self.current_error = error_text(exc.code, self.lang)
            else:
                self.password_error = error_text(exc.code, self.lang)
            return None

    @with_user
    def _change_password(self, session: Session, user: User, form: dict[str, str]):
        self.session_token = accounts.change_password(
            session,
            user=user,
            current=form.get("current_password", ""),
            new_password=form.get("new_password", ""),
            client=self._client(),
        )
        self.password_done = self.t("security.password_changed")
        return rx.toast.success(self.t("security.password_changed_toast"))

    @rx.event
    async def change_email(self, form: dict[str, str]):
        """Send a confirmation link to the new address (the password is checked on a thread: `_in_thread`)."""
        self.email_error = self.email_current_error = self.email_done = ""
        try:
            return await self._in_thread(self._change_email, form)
        except RateLimited as exc:
            self.email_current_error = self.t("account.error.rate_limited", wait=exc.retry_text())
            return None
        except accounts.AccountError as exc:
            if exc.field == "current":
                self.email_current_error = error_text(exc.code, self.lang)
            else:
                self.email_error = error_text(exc.code, self.lang)
            return None

    @with_user
    def _change_email(self, session: Session, user: User, form: dict[str, str]):
        email = accounts.request_email_change(
            session,
            user=user,
            new_email=form.get("new_email", ""),
            password=form.get("password", ""),
            client=self._client(),
        )
        self.email_done = self.t("account.notice.email_change_sent", email=email)
        return None


def _api_sign_ins(session: Session, user: User, lang: str) -> list[dict[str, str]]:
    """The rows of the API sign-ins card, newest first; when each was last used is written as a time ago."""
    now = utcnow()
    return [
        {
            "id": family.id,
            "device": two_factor.device_label(family.user_agent),
            "ip": family.ip,
            "meta": t(
                "security.api.meta",
                lang,
                when=formats.relative(min(aware(family.last_used_at) - now, dt.timedelta(0)), lang),
                ip=family.ip,
            ),
        }
        for family in accounts.api_sign_ins(session, user)
    ]


def _api_sign_in_row(row: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(row["device"], weight="medium", size="2"),
            rx.text(row["meta"], size="1", color_scheme="gray"),
            spacing="0",
        ),
        rx.spacer(),
        rx.button(
            tr("security.api.sign_out"),
            size="1",
            variant="soft",
            color_scheme="red",
            on_click=SecurityState.revoke_api_sign_in(row["id"]),
            class_name="api-sign-in-revoke",
        ),
        width="100%",
        align="center",
        class_name="api-sign-in",
    )


def _card(title: str | rx.Var, description: str | rx.Var, *children: rx.Component) -> rx.Component:
    return rx.vstack(
        rx.heading(title, size="4", as_="h2"),
        rx.text(description, size="2", color_scheme="gray"),
        *children,
        style=styles.card,
        spacing="3",
    )


def _no_password_note(element_id: str) -> rx.Component:
    return rx.callout(
        rx.text(
            tr("security.no_password.before"),
            rx.link(tr("common.forgot_password"), href=routes.FORGOT_PASSWORD),
            tr("security.no_password.after"),
        ),
        icon="info",
        color_scheme="gray",
        id=element_id,
    )


def _password_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            text_field(
                tr("security.current_password"),
                "current_password",
                type="password",
                autocomplete="current-password",
                error=SecurityState.current_error,
            ),
            text_field(
                tr("field.new_password"),
                "new_password",
                type="password",
                autocomplete="new-password",
                error=SecurityState.password_error,
                hint=tr("field.password_hint_short"),
                max_length=256,
            ),
            text_field(
                tr("field.repeat_new_password"),
                "new_password_confirm",
                type="password",
                autocomplete="new-password",
                max_length=256,
            ),
            rx.button(tr("security.change_password"), type="submit", id="change-password-submit"),
            spacing="3",
            width="100%",
            max_width="26rem",
        ),
        on_submit=SecurityState.change_password,
        reset_on_submit=False,
        width="100%",
    )


def _email_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            text_field(
                tr("security.new_email"),
                "new_email",
                type="email",
                autocomplete="email",
                error=SecurityState.email_error,
            ),
            text_field(
                tr("field.password"),
                "password",
                type="password",
                autocomplete="current-password",
                error=SecurityState.email_current_error,
            ),
            rx.button(tr("security.send_confirmation"), type="submit", id="change-email-submit"),
            spacing="3",
            width="100%",
            max_width="26rem",
        ),
        on_submit=SecurityState.change_email,
        width="100%",
    )


@rx.page(
    route=routes.SETTINGS_SECURITY,
    title=tr("security.page_title"),
    on_load=[SecurityState.require_user, SecurityState.start, TwoFactorSettingsState.load],
)
def security_page() -> rx.Component:
    return app_shell(
        tr("security.title"),
        routes.SETTINGS_SECURITY,
        rx.vstack(
            two_factor_card(),
            _card(
                tr("security.password.title"),
                tr("security.password.text"),
                form_alert(SecurityState.password_done, tone="green"),
                rx.cond(SecurityState.has_password, _password_form(), _no_password_note("no-password-note")),
            ),
            _card(
                tr("security.email.title"),
                tr("security.email.text"),
                rx.text(tr("security.email.current"), rx.text.strong(SecurityState.user_email), size="2"),
                form_alert(SecurityState.email_done, tone="green"),
                rx.cond(SecurityState.has_password, _email_form(), _no_password_note("no-password-email-note")),
            ),
            _card(
                tr("security.sessions.title"),
                tr("security.sessions.text"),
                rx.alert_dialog.root(
                    rx.alert_dialog.trigger(
                        rx.button(
                            tr("common.sign_out_everywhere"),
                            color_scheme="red",
                            variant="soft",
                            id="sign-out-everywhere",
                        )
                    ),
                    rx.alert_dialog.content(
                        rx.alert_dialog.title(tr("security.sessions.confirm_title")),
                        rx.alert_dialog.description(tr("security.sessions.confirm_text")),
                        rx.hstack(
                            rx.alert_dialog.cancel(
                                rx.button(tr("security.sessions.cancel"), variant="soft", color_scheme="gray")
                            ),
                            rx.alert_dialog.action(
                                rx.button(
                                    tr("common.sign_out_everywhere"),
                                    color_scheme="red",
                                    on_click=SecurityState.sign_out_everywhere,
                                    id="confirm-sign-out-everywhere",
                                )
                            ),
                            justify="end",
                            spacing="3",
                            margin_top="1rem",
                        ),
                    ),
                ),
            ),
            _card(
                tr("security.api.title"),
                tr("security.api.text"),
                form_alert(SecurityState.api_sign_ins_done, tone="green"),
                rx.cond(
                    SecurityState.api_sign_ins,
                    rx.vstack(rx.foreach(SecurityState.api_sign_ins, _api_sign_in_row), spacing="2", width="100%"),
                    rx.text(tr("security.api.none"), size="2", color_scheme="gray", id="api-sign-ins-empty"),
                ),
            ),
            rx.callout.root(
                rx.callout.icon(rx.icon("file-archive")),
                rx.callout.text(
                    tr("data.link.security"), " ", rx.link(tr("data.link.open"), href=routes.SETTINGS_DATA)
                ),
                color_scheme="gray",
                width="100%",
                id="security-data-link",
            ),
            spacing="4",
            width="100%",
        ),
    )
