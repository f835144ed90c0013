"""Sign in with e-mail and password."""

import reflex as rx
from sqlmodel import Session

from interview_app import routes
from interview_app.components.forms import form_alert, submit_button, text_field
from interview_app.components.i18n import tr
from interview_app.components.oauth_buttons import oauth_buttons
from interview_app.i18n import error_text
from interview_app.layouts.public import card_page
from interview_app.models import User
from interview_app.pages.accounts.two_factor_step import TwoFactorStepState, second_step_form
from interview_app.services.accounts import accounts
from interview_app.services.shared.rate_limit import RateLimited


class SignInState(TwoFactorStepState):
    """The sign-in form and its second steps.

    The code step runs while someone else is guessing the account's password; the two-factor step asks an
    account that has it on for the code from the app (`TwoFactorStepState`).
    """

    # Message shown above the form after a failed attempt.
    error: str = ""
    # True while the request runs, so the button cannot submit twice.
    busy: bool = False
    # OAuth providers offered above the form.
    providers: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    # Random id of this browser, given at its first sign-in: the server knows it (hashed) as a known device.
    device_id: str = rx.LocalStorage("", name="ic_device")
    # True while the page asks for the code e-mailed to the owner (the account's back-off runs).
    code_step: bool = False
    # Explanation above the code field, and what to do when no e-mail comes.
    code_notice: str = ""
    code_hint: str = ""
    # The pending challenge, sent back with the code (never shown to the browser).
    _challenge: str = ""

    @rx.event
    def start(self):
        """Clear the form state; a signed-in user goes to the dashboard."""
        self.lang = self._visitor_language()
        oauth_error = self.router.url.query_parameters.get("oauth_error", "")
        self.error = error_text(oauth_error, self.lang) if oauth_error.startswith(("oauth_", "account_")) else ""
        self.busy = False
        self._leave_code_step()
        self._leave_second_step()
        self.providers = self._oauth_providers()
        return SignInState.redirect_if_signed_in

    def _leave_code_step(self) -> None:
        self.code_step, self.code_notice, self.code_hint, self._challenge = False, "", "", ""

    def _signed_in(self, session: Session, user: User, token: str):
        """Keep the session and this browser's device id; go on to where the user was heading."""
        return self._signed_in_as(user, token, accounts.remember_device(session, user, self.device_id))

    def _signed_in_as(self, user: User, token: str, device_id: str):
        self.device_id = device_id
        self._show_user(user)
        self.session_token = token
        self._leave_code_step()
        return rx.redirect(
            routes.after_sign_in(user.role, user.onboarded_at is not None, self.router.url.query_parameters.get("next"))
        )

    def _finish_second_step(self, session: Session, user: User, token: str):
        return self._signed_in(session, user, token)

    @rx.event
    def submit_second_step(self, form: dict[str, str | bool]):
        """Check the code from the app (or a recovery code) and finish the sign-in."""
        return self._submit_second_step(form)

    @rx.event
    async def submit(self, form: dict[str, str]):
        """Check the credentials and start a session (or ask for the e-mailed code).

        The password check waits for a hash slot and hashes on a thread (`_in_thread`), not on the event loop:
        sign-ins at once would otherwise stop every tab of the process for as long as the queue of hashes.
        """
        self.error = ""
        self.busy = True
        yield
        open_session, client = self._session, self._client()
        email, password = str(form.get("email", "")), str(form.get("password", ""))
        device, remembered = self.device_id, self.remembered_device

        def check() -> tuple[User, str, str]:
            with open_session() as session:
                user, token = accounts.sign_in(
                    session, email=email, password=password, client=client, device=device, remembered=remembered
                )
                return user, token, accounts.remember_device(session, user, device)

        try:
            user, token, device_id = await self._in_thread(check)
            done = self._signed_in_as(user, token, device_id)
        except accounts.TwoFactorRequired as exc:
            self._enter_second_step(exc.challenge)
            return
        except accounts.CodeRequired as exc:
            self._challenge, self.code_step = exc.challenge, True
            self.code_notice = error_text(exc.code, self.lang)
            self.code_hint = self.t("signin.code.no_mail", wait=RateLimited(exc.retry_after).retry_text(self.lang))
            return
        except RateLimited as exc:
            self.error = self.t("account.error.rate_limited_signin", wait=exc.retry_text(self.lang))
            return
        except accounts.AccountError as exc:
            self.error = error_text(exc.code, self.lang)
            return
        finally:
            self.busy = False
        yield done

    @rx.event
    def submit_code(self, form: dict[str, str]):
        """Finish the sign-in with the code from the e-mail."""
        if not self.code_step:
            return None
        self.error = ""
        try:
            with self._session() as session:
                user, token = accounts.sign_in_with_code(
                    session,
                    challenge=self._challenge,
                    code=str(form.get("code", ""))[:20],
                    client=self._client(),
                    remembered=self.remembered_device,
                )
                return self._signed_in(session, user, token)
        except accounts.TwoFactorRequired as exc:
            self._leave_code_step()
            self._enter_second_step(exc.challenge)
        except RateLimited as exc:
            self.error = self.t("account.error.rate_limited_signin", wait=exc.retry_text(self.lang))
        except accounts.AccountError as exc:
            self.error = error_text(exc.code, self.lang)
            if exc.code == "signin_code_expired":
                self._leave_code_step()
        return None

    @rx.event
    def back_to_password(self):
        """Leave the code step (or the two-factor step) for the password form."""
        self.error = ""
        self._leave_code_step()
        self._leave_second_step()


def _password_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            text_field(
                tr("field.email"),
                "email",
                type="email",
                autocomplete="username",
                placeholder=tr("field.email_placeholder"),
            ),
            text_field(
                tr("field.password"),
                "password",
                type="password",
                autocomplete="current-password",
                max_length=256,
            ),
            rx.link(tr("common.forgot_password"), href=routes.FORGOT_PASSWORD, size="2", align_self="end"),
            submit_button(tr("common.sign_in"), SignInState.busy, "sign-in-submit"),
            spacing="3",
            width="100%",
        ),
        on_submit=SignInState.submit,
        width="100%",
    )


def _code_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            form_alert(SignInState.code_notice, "amber"),
            text_field(
                tr("signin.code.field"),
                "code",
                autocomplete="one-time-code",
                placeholder="123456",
                max_length=6,
            ),
            rx.text(SignInState.code_hint, size="2", color_scheme="gray"),
            submit_button(tr("signin.code.submit"), SignInState.busy, "sign-in-code-submit"),
            rx.button(
                tr("signin.code.back"),
                type="button",
                variant="ghost",
                on_click=SignInState.back_to_password,
                id="sign-in-code-back",
                align_self="center",
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=SignInState.submit_code,
        reset_on_submit=False,
        width="100%",
    )


@rx.page(route=routes.SIGN_IN, title=tr("signin.page_title"), on_load=SignInState.start)
def sign_in_page() -> rx.Component:
    # The code steps have their own title and only their form (no other ways in, no sign-up link).
    step = SignInState.code_step | SignInState.two_factor_step
    return card_page(
        rx.cond(
            SignInState.two_factor_step,
            tr("two_factor.step.title"),
            rx.cond(SignInState.code_step, tr("signin.code.title"), tr("signin.title")),
        ),
        "",
        rx.cond(step, rx.fragment(), rx.text(tr("signin.subtitle"), color_scheme="gray", size="3")),
        form_alert(SignInState.error),
        rx.cond(
            SignInState.two_factor_step,
            second_step_form(SignInState, back=SignInState.back_to_password),
            rx.cond(SignInState.code_step, _code_form(), rx.fragment()),
        ),
        rx.cond(
            step,
            rx.fragment(),
            rx.fragment(
                oauth_buttons(SignInState.providers),
                _password_form(),
                rx.text(tr("signin.new_here"), rx.link(tr("signin.create_account"), href=routes.REGISTER), size="2"),
            ),
        ),
    )
