"""Links that arrive by e-mail (verify, reset, confirm a new e-mail) and the reset request form."""

import reflex as rx

from interview_app import routes
from interview_app.components.forms import form_alert, new_password_fields, submit_button, text_field
from interview_app.components.i18n import tr
from interview_app.i18n import error_text
from interview_app.layouts.public import auth_card
from interview_app.services.accounts import accounts
from interview_app.services.shared.rate_limit import RateLimited
from interview_app.state.auth import AuthState


class EmailLinkState(AuthState):
    """Outcome of opening a verification or e-mail-change link."""

    # "pending", "ok" or "error".
    outcome: str = "pending"
    # What to tell the user.
    message: str = ""
    # Where "Continue" leads a signed-in user (onboarding until it is done).
    next_page: str = routes.DASHBOARD

    def _token(self) -> str:
        return self.router.url.query_parameters.get("token", "")

    @rx.event
    def verify(self):
        """Consume a verification token from the link and sign this browser in as its owner."""
        self.next_page = routes.DASHBOARD
        try:
            with self._session() as session:
                user, token = accounts.verify_email_and_sign_in(
                    session, self._token(), current_token=self.session_token, client=self._client()
                )
                if token is not None:
                    self._show_user(user)
                    self.session_token = token
                    self.next_page = routes.after_sign_in(user.role, user.onboarded_at is not None)
        except accounts.AccountError as exc:
            self.outcome, self.message = "error", error_text(exc.code, self.lang)
            return
        self.email_verified = True
        self.outcome = "ok"
        self.message = self.t("link.email_confirmed_signed_in") if token is not None else self.t("link.email_confirmed")

    @rx.event
    def confirm_change(self):
        """Consume an e-mail-change token from the link."""
        self.next_page = routes.DASHBOARD
        try:
            with self._session() as session:
                user = accounts.confirm_email_change(session, self._token())
                email = user.email
        except accounts.AccountError as exc:
            self.outcome, self.message = "error", error_text(exc.code, self.lang)
            return
        self.outcome, self.message = "ok", self.t("link.email_changed", email=email)


def _link_outcome() -> rx.Component:
    return rx.fragment(
        rx.match(
            EmailLinkState.outcome,
            ("ok", rx.callout(EmailLinkState.message, icon="circle-check", color_scheme="green", id="link-outcome")),
            ("error", rx.callout(EmailLinkState.message, icon="triangle-alert", color_scheme="red", id="link-outcome")),
            rx.hstack(rx.spinner(), rx.text(tr("link.checking"))),
        )
    )


def _continue_links() -> rx.Component:
    return rx.cond(
        EmailLinkState.signed_in,
        rx.button(
            rx.link(tr("common.continue"), href=EmailLinkState.next_page, underline="none", id="continue"),
            as_child=True,
            width="100%",
        ),
        rx.button(
            rx.link(tr("common.sign_in"), href=routes.SIGN_IN, underline="none", id="continue"),
            as_child=True,
            width="100%",
        ),
    )


@rx.page(
    route=routes.VERIFY_EMAIL,
    title=tr("verify.page_title"),
    on_load=[EmailLinkState.load_visitor, EmailLinkState.verify],
)
def verify_email_page() -> rx.Component:
    return auth_card(tr("verify.title"), "", _link_outcome(), _continue_links())


@rx.page(
    route=routes.CONFIRM_EMAIL_CHANGE,
    title=tr("confirm_change.page_title"),
    on_load=[EmailLinkState.load_visitor, EmailLinkState.confirm_change],
)
def confirm_email_page() -> rx.Component:
    return auth_card(tr("confirm_change.title"), "", _link_outcome(), _continue_links())


class ForgotPasswordState(AuthState):
    """The reset request form."""

    # Field error, general error and the neutral confirmation.
    email_error: str = ""
    error: str = ""
    sent_message: str = ""
    busy: bool = False

    @rx.event
    def start(self):
        """Reset the form."""
        self.email_error = self.error = self.sent_message = ""

    @rx.event
    def submit(self, form: dict[str, str]):
        """Send a reset link if the address has an account; same answer either way."""
        self.email_error = self.error = ""
        self.busy = True
        yield
        try:
            with self._session() as session:
                email = accounts.request_password_reset(session, email=form.get("email", ""), client=self._client())
        except RateLimited as exc:
            self.error = self.t("account.error.rate_limited_reset", wait=exc.retry_text())
            return
        except accounts.AccountError as exc:
            self.email_error = error_text(exc.code, self.lang)
            return
        finally:
            self.busy = False
        self.sent_message = self.t("account.notice.reset_sent", email=email)


@rx.page(route=routes.FORGOT_PASSWORD, title=tr("forgot.page_title"), on_load=ForgotPasswordState.start)
def forgot_password_page() -> rx.Component:
    return auth_card(
        tr("forgot.title"),
        tr("forgot.subtitle"),
        form_alert(ForgotPasswordState.error),
        rx.cond(
            ForgotPasswordState.sent_message != "",
            rx.callout(ForgotPasswordState.sent_message, icon="mail-check", color_scheme="green", id="reset-sent"),
            rx.form(
                rx.vstack(
                    text_field(
                        tr("field.email"),
                        "email",
                        type="email",
                        autocomplete="email",
                        error=ForgotPasswordState.email_error,
                    ),
                    submit_button(tr("forgot.submit"), ForgotPasswordState.busy, "forgot-submit"),
                    spacing="3",
                    width="100%",
                ),
                on_submit=ForgotPasswordState.submit,
                width="100%",
            ),
        ),
        rx.link(tr("common.back_to_sign_in"), href=routes.SIGN_IN, size="2"),
    )


class ResetPasswordState(AuthState):
    """Choosing a new password from a reset link."""

    # Whether the link's token can still be used.
    token_ok: bool = True
    password_error: str = ""
    error: str = ""
    done: bool = False
    busy: bool = False

    @rx.event
    def start(self):
        """Check the token before showing the form."""
        self.password_error = self.error = ""
        self.done = False
        with self._session() as session:
            self.token_ok = accounts.check_reset_token(session, self.router.url.query_parameters.get("token", ""))

    @rx.event
    async def submit(self, form: dict[str, str]):
        """Set the new password; every session of the account ends.

        The new password is hashed on a thread (`_in_thread`), never on the event loop.
        """
        self.password_error = self.error = ""
        password = form.get("password", "")
        if password != form.get("password_confirm", ""):
            self.password_error = self.t("account.error.password_mismatch")
            return
        self.busy = True
        yield
        open_session, client = self._session, self._client()
        token = self.router.url.query_parameters.get("token", "")

        def reset() -> None:
            with open_session() as session:
                accounts.reset_password(session, token=token, new_password=password, client=client)

        try:
            await self._in_thread(reset)
        except accounts.AccountError as exc:
            if exc.code == "token_invalid":
                self.token_ok = False
            self.password_error = error_text(exc.code, self.lang)
            return
        finally:
            self.busy = False
        self._forget_session()
        self.done = True


@rx.page(route=routes.RESET_PASSWORD, title=tr("reset.page_title"), on_load=ResetPasswordState.start)
def reset_password_page() -> rx.Component:
    return auth_card(
        tr("reset.title"),
        "",
        rx.cond(
            ResetPasswordState.done,
            rx.vstack(
                rx.callout(
                    tr("reset.done"),
                    icon="circle-check",
                    color_scheme="green",
                    id="reset-done",
                ),
                rx.link(rx.button(tr("common.sign_in"), width="100%"), href=routes.SIGN_IN, width="100%"),
                width="100%",
            ),
            rx.cond(
                ResetPasswordState.token_ok,
                rx.form(
                    rx.vstack(
                        new_password_fields(
                            tr("field.new_password"),
                            tr("field.repeat_new_password"),
                            ResetPasswordState.password_error,
                            tr("field.password_hint_short"),
                        ),
                        submit_button(tr("reset.submit"), ResetPasswordState.busy, "reset-submit"),
                        spacing="3",
                        width="100%",
                    ),
                    on_submit=ResetPasswordState.submit,
                    width="100%",
                ),
                rx.vstack(
                    form_alert(tr("account.error.token_invalid")),
                    rx.link(
                        rx.button(tr("reset.ask_new_link"), width="100%"), href=routes.FORGOT_PASSWORD, width="100%"
                    ),
                    width="100%",
                ),
            ),
        ),
    )
