"""Create an account; the answer is the same whether or not the e-mail is known."""

import reflex as rx

from interview_app import routes
from interview_app.components.buttons import link_button
from interview_app.components.forms import form_alert, new_password_fields, submit_button, text_field
from interview_app.components.i18n import tr
from interview_app.components.oauth_buttons import oauth_buttons
from interview_app.i18n import error_text
from interview_app.layouts.public import auth_card
from interview_app.services.accounts import accounts
from interview_app.services.shared.rate_limit import RateLimited
from interview_app.state.auth import AuthState


class RegisterState(AuthState):
    """The registration form."""

    # Errors per field, shown under each input.
    name_error: str = ""
    email_error: str = ""
    password_error: str = ""
    # General message above the form.
    error: str = ""
    # The confirmation shown after a successful submit.
    sent_message: str = ""
    # True while the request runs.
    busy: bool = False
    # OAuth providers offered above the form.
    providers: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)

    def _clear(self) -> None:
        self.name_error = self.email_error = self.password_error = self.error = ""

    @rx.event
    def start(self):
        """Reset the form; a signed-in user goes to the dashboard."""
        self.lang = self._visitor_language()
        self._clear()
        self.sent_message = ""
        self.providers = self._oauth_providers()
        return RegisterState.redirect_if_signed_in

    @rx.event
    async def submit(self, form: dict[str, str]):
        """Validate and register; then tell the user to check their inbox.

        The password is hashed on a thread (`_in_thread`): a class registering at once must not stop every other
        tab of the process while the hashes wait for their slots.
        """
        self._clear()
        password = form.get("password", "")
        if password != form.get("password_confirm", ""):
            self.password_error = self.t("account.error.password_mismatch")
            return
        self.busy = True
        yield
        open_session, client = self._session, self._client()
        name, address = str(form.get("name", "")), str(form.get("email", ""))

        def register() -> str:
            with open_session() as session:
                return accounts.register(session, name=name, email=address, password=password, client=client)

        try:
            email = await self._in_thread(register)
        except RateLimited as exc:
            self.error = self.t("account.error.rate_limited", wait=exc.retry_text(self.lang))
            return
        except accounts.AccountError as exc:
            setattr(self, f"{exc.field}_error" if exc.field else "error", error_text(exc.code, self.lang))
            return
        finally:
            self.busy = False
        self.sent_message = self.t("account.notice.register_sent", email=email)


@rx.page(route=routes.REGISTER, title=tr("register.page_title"), on_load=RegisterState.start)
def register_page() -> rx.Component:
    return auth_card(
        tr("register.title"),
        tr("register.subtitle"),
        rx.cond(
            RegisterState.sent_message != "",
            rx.vstack(
                rx.callout(RegisterState.sent_message, icon="mail-check", color_scheme="green", id="register-sent"),
                rx.text(
                    tr("register.sent_hint"),
                    size="2",
                    color_scheme="gray",
                ),
                link_button(tr("register.go_to_sign_in"), href=routes.SIGN_IN, width="100%", variant="soft"),
                spacing="3",
                width="100%",
            ),
            rx.vstack(
                form_alert(RegisterState.error),
                oauth_buttons(RegisterState.providers),
                rx.form(
                    rx.vstack(
                        text_field(
                            tr("field.name"),
                            "name",
                            autocomplete="name",
                            error=RegisterState.name_error,
                            max_length=120,
                        ),
                        text_field(
                            tr("field.email"),
                            "email",
                            type="email",
                            autocomplete="email",
                            placeholder=tr("field.email_placeholder"),
                            error=RegisterState.email_error,
                        ),
                        new_password_fields(
                            tr("field.password"),
                            tr("register.repeat_password"),
                            RegisterState.password_error,
                            tr("register.password_hint"),
                        ),
                        submit_button(tr("register.submit"), RegisterState.busy, "register-submit"),
                        spacing="3",
                        width="100%",
                    ),
                    on_submit=RegisterState.submit,
                    width="100%",
                ),
                rx.text(tr("register.have_account"), rx.link(tr("common.sign_in"), href=routes.SIGN_IN), size="2"),
                spacing="4",
                width="100%",
            ),
        ),
    )
