"""Sign in with e-mail and password."""

import reflex as rx

from interview_app import db, routes
from interview_app.components.forms import form_alert, submit_button, text_field
from interview_app.components.oauth_buttons import oauth_buttons
from interview_app.layouts.public import auth_card
from interview_app.services import accounts
from interview_app.services.rate_limit import RateLimited
from interview_app.state.auth import AuthState
from interview_app.strings import error_text, t


class SignInState(AuthState):
    """The sign-in form."""

    # Message shown above the form after a failed attempt.
    error: str = ""
    # True while the request runs, so the button cannot submit twice.
    busy: bool = False
    # OAuth providers offered above the form.
    providers: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)

    @rx.event
    def start(self):
        """Clear the form state; a signed-in user goes to the dashboard."""
        oauth_error = self.router.url.query_parameters.get("oauth_error", "")
        self.error = error_text(oauth_error) if oauth_error.startswith(("oauth_", "account_")) else ""
        self.busy = False
        self.providers = self._oauth_providers()
        return SignInState.redirect_if_signed_in

    @rx.event
    def submit(self, form: dict[str, str]):
        """Check the credentials and start a session."""
        self.error = ""
        self.busy = True
        yield
        try:
            with db.session_scope() as session:
                user, token = accounts.sign_in(
                    session, email=form.get("email", ""), password=form.get("password", ""), client=self._client()
                )
                onboarded = user.onboarded_at is not None
                self._show_user(user)
        except RateLimited as exc:
            self.error = t("rate_limited_signin", wait=exc.retry_text())
            return
        except accounts.AccountError as exc:
            self.error = error_text(exc.code)
            return
        finally:
            self.busy = False
        self.session_token = token
        next_path = routes.safe_next(self.router.url.query_parameters.get("next"))
        yield rx.redirect(next_path if onboarded else routes.ONBOARDING)


@rx.page(route=routes.SIGN_IN, title=t("signin.page_title"), on_load=SignInState.start)
def sign_in_page() -> rx.Component:
    return auth_card(
        t("signin.title"),
        t("signin.subtitle"),
        form_alert(SignInState.error),
        oauth_buttons(SignInState.providers),
        rx.form(
            rx.vstack(
                text_field(
                    t("field.email"),
                    "email",
                    type="email",
                    autocomplete="username",
                    placeholder=t("field.email_placeholder"),
                ),
                text_field(
                    t("field.password"),
                    "password",
                    type="password",
                    autocomplete="current-password",
                    max_length=256,
                ),
                rx.link(t("common.forgot_password"), href=routes.FORGOT_PASSWORD, size="2", align_self="end"),
                submit_button(t("common.sign_in"), SignInState.busy, "sign-in-submit"),
                spacing="3",
                width="100%",
            ),
            on_submit=SignInState.submit,
            width="100%",
        ),
        rx.text(t("signin.new_here"), rx.link(t("signin.create_account"), href=routes.REGISTER), size="2"),
    )
