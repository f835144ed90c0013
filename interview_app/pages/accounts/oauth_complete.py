"""Where a Google, GitHub or LinkedIn sign-in lands: the one-time code becomes a session."""

import reflex as rx

from interview_app import routes
from interview_app.components.buttons import link_button
from interview_app.layouts.public import auth_card
from interview_app.services.accounts import accounts
from interview_app.state.auth import AuthState
from interview_app.strings import error_text, t


class OAuthCompleteState(AuthState):
    """Redeems the login code from the URL."""

    # Why the sign-in failed, if it did.
    error: str = ""

    @rx.event
    def redeem(self):
        """Start this browser's session and continue to the app."""
        self.error = ""
        params = self.router.url.query_parameters
        try:
            with self._session() as session:
                user, token = accounts.redeem_login_code(session, params.get("code", ""), self._client())
                onboarded = user.onboarded_at is not None
                self._show_user(user)
        except accounts.AccountError as exc:
            self.error = error_text(exc.code)
            return None
        self.session_token = token
        return rx.redirect(routes.safe_next(params.get("next")) if onboarded else routes.ONBOARDING)


@rx.page(route=routes.OAUTH_COMPLETE, title=t("oauth_complete.page_title"), on_load=OAuthCompleteState.redeem)
def oauth_complete_page() -> rx.Component:
    return auth_card(
        t("oauth_complete.title"),
        "",
        rx.cond(
            OAuthCompleteState.error != "",
            rx.vstack(
                rx.callout(OAuthCompleteState.error, icon="triangle-alert", color_scheme="red", id="oauth-error"),
                link_button(t("common.back_to_sign_in"), href=routes.SIGN_IN, width="100%"),
                width="100%",
            ),
            rx.hstack(rx.spinner(), rx.text(t("oauth_complete.waiting"))),
        ),
    )
