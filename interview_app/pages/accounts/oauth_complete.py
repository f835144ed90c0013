"""Where a Google, GitHub or LinkedIn sign-in lands: the one-time code becomes a session.

An account with two-factor sign-in asks for the code from the app here first (unless this is a remembered
device).
"""

import reflex as rx
from sqlmodel import Session

from interview_app import routes
from interview_app.components.buttons import link_button
from interview_app.components.i18n import tr
from interview_app.i18n import error_text
from interview_app.layouts.public import auth_card
from interview_app.models import User
from interview_app.pages.accounts.two_factor_step import TwoFactorStepState, second_step_form
from interview_app.services.accounts import accounts


class OAuthCompleteState(TwoFactorStepState):
    """Redeems the login code from the URL."""

    # Why the sign-in failed, if it did.
    error: str = ""

    @rx.event
    def redeem(self):
        """Start this browser's session and continue to the app."""
        self.error = ""
        self._leave_second_step()
        params = self.router.url.query_parameters
        try:
            with self._session() as session:
                user, token = accounts.redeem_login_code(
                    session, params.get("code", ""), self._client(), remembered=self.remembered_device
                )
                return self._finish_second_step(session, user, token)
        except accounts.TwoFactorRequired as exc:
            self._enter_second_step(exc.challenge)
            return None
        except accounts.AccountError as exc:
            self.error = error_text(exc.code, self.lang)
            return None

    def _finish_second_step(self, session: Session, user: User, token: str):
        self._show_user(user)
        self.session_token = token
        next_path = self.router.url.query_parameters.get("next")
        return rx.redirect(routes.safe_next(next_path) if user.onboarded_at is not None else routes.ONBOARDING)

    @rx.event
    def submit_second_step(self, form: dict[str, str | bool]):
        """Check the code from the app (or a recovery code) and finish the sign-in."""
        return self._submit_second_step(form)


@rx.page(route=routes.OAUTH_COMPLETE, title=tr("oauth_complete.page_title"), on_load=OAuthCompleteState.redeem)
def oauth_complete_page() -> rx.Component:
    return auth_card(
        tr("oauth_complete.title"),
        "",
        rx.cond(
            OAuthCompleteState.two_factor_step,
            rx.vstack(
                rx.heading(tr("two_factor.step.title"), size="4", as_="h2"),
                second_step_form(OAuthCompleteState),
                link_button(tr("common.back_to_sign_in"), href=routes.SIGN_IN, width="100%", variant="soft"),
                width="100%",
                spacing="3",
            ),
            rx.fragment(),
        ),
        rx.cond(
            OAuthCompleteState.two_factor_step,
            rx.fragment(),
            rx.cond(
                OAuthCompleteState.error != "",
                rx.vstack(
                    rx.callout(OAuthCompleteState.error, icon="triangle-alert", color_scheme="red", id="oauth-error"),
                    link_button(tr("common.back_to_sign_in"), href=routes.SIGN_IN, width="100%"),
                    width="100%",
                ),
                rx.hstack(rx.spinner(), rx.text(tr("oauth_complete.waiting"))),
            ),
        ),
    )
