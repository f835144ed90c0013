"""/billing/return: where the payment provider's hosted page sends the candidate after paying.

The plan changes only when the provider's webhook confirms the payment, which can arrive a moment after the
browser does. The page says "processing" and looks again every few seconds (a background task, for up to
two minutes; after 20 seconds it says that the confirmation is slow and that leaving is safe), then
"You're on Premium". Razorpay's return says more first (`?payment=`, set by `api/billing.py` once it has
checked the signature): a failed payment is shown at once with why it failed (`?why=`: the bank, the
candidate's own confirmation, the payment network, or other), and a return that did not verify gets a note.
With plans switched off the page is not there.
"""

from __future__ import annotations

import asyncio

import reflex as rx
from sqlmodel import Session

from interview_app import routes, styles
from interview_app.components.i18n import tr
from interview_app.i18n import t
from interview_app.layouts.app_shell import app_shell
from interview_app.models import User
from interview_app.services.billing import checkout
from interview_app.settings import get_settings
from interview_app.state.auth import AuthState, with_user

NOT_FOUND = "/404"
POLL_SECONDS = 2.0
SLOW_AFTER_SECONDS = 20.0
GIVE_UP_AFTER_SECONDS = 120.0
# What the return page says about each cause of a failed payment (checkout.FAILURE_CAUSES).
FAILURE_TEXTS = {
    "bank": "billing.return.why.bank",
    "customer": "billing.return.why.customer",
    "provider": "billing.return.why.provider",
    "other": "billing.return.why.other",
}


def _state_of(session: Session, user_id: int, lang: str) -> tuple[str, str]:
    """The state and, once the plan is on, the heading that names it (in the page's language)."""
    found = checkout.return_state(session, user_id)
    return found.state, t("billing.return.premium", lang, plan=found.plan_name) if found.plan_name else ""


class CheckoutReturnState(AuthState):
    """What the provider's confirmation has done so far."""

    # "" while loading, then "processing", "premium" or "none".
    payment_state: str = ""
    # "You're on Premium." once it is.
    premium_title: str = ""
    slow: bool = False
    watching: bool = False

    @rx.event
    def require_plans(self):
        """Page guard after `require_user`: with plans switched off the page is not there."""
        return None if get_settings().plans_enabled else rx.redirect(NOT_FOUND)

    # What the hosted page said when it sent the candidate back (`?payment=`, Razorpay): "paid", "failed",
    # "unverified" or "".
    returned: str = ""
    # Why a failed payment failed (`?why=`, one of checkout.FAILURE_CAUSES), or "".
    failure_cause: str = ""

    @rx.event
    @with_user
    def load(self, session: Session, user: User):
        """Read the state now; keep looking while the payment is being confirmed."""
        if not get_settings().plans_enabled:
            return None
        said = self.router.url.query_parameters.get("payment", "")
        self.returned = said if said in ("paid", "failed", "unverified") else ""
        why = self.router.url.query_parameters.get("why", "")
        self.failure_cause = why if self.returned == "failed" and why in checkout.FAILURE_CAUSES else ""
        self.payment_state, self.premium_title = _state_of(session, user.id or 0, self.lang)
        self.slow = False
        if self.returned == "failed" and self.payment_state == "processing":
            self.payment_state = "failed"  # the provider said so: nothing to wait for
            return None
        if self.payment_state == "processing" and not self.watching:
            return CheckoutReturnState.watch
        return None

    @rx.event(background=True)
    async def watch(self):
        """Look again every POLL_SECONDS until the plan is on (or GIVE_UP_AFTER_SECONDS have passed)."""
        async with self:
            if self.watching:
                return
            self.watching = True
        waited = 0.0
        try:
            while waited < GIVE_UP_AFTER_SECONDS:
                await asyncio.sleep(POLL_SECONDS)
                waited += POLL_SECONDS
                async with self:
                    with self._session() as session:
                        user = self._signed_in_user(session)
                        if user is None:
                            return
                        self.payment_state, self.premium_title = _state_of(session, user.id or 0, self.lang)
                    self.slow = waited >= SLOW_AFTER_SECONDS
                    if self.payment_state != "processing":
                        return
        finally:
            async with self:
                self.watching = False


def _processing() -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.spinner(size="3"), rx.heading(tr("billing.return.title"), size="5", as_="h2"), align="center"),
        rx.text(tr("billing.return.processing"), size="3"),
        rx.cond(CheckoutReturnState.slow, rx.callout(tr("billing.return.slow"), icon="clock", color_scheme="amber")),
        spacing="3",
    )


def _premium() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.icon("circle-check", size=28, color="var(--green-10)"),
            rx.heading(CheckoutReturnState.premium_title, size="6", as_="h2"),
            align="center",
        ),
        rx.text(tr("billing.return.premium_text"), size="3"),
        rx.link(
            rx.button(tr("billing.return.dashboard"), size="3"), href=routes.DASHBOARD, id="billing-return-dashboard"
        ),
        spacing="3",
    )


def _failed() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.icon("circle-x", size=28, color="var(--red-11)"),
            rx.heading(tr("billing.return.failed"), size="5", as_="h2"),
            align="center",
        ),
        rx.match(
            CheckoutReturnState.failure_cause,
            *[
                (cause, rx.text(tr(key), size="3", weight="medium", id="billing-return-why"))
                for cause, key in FAILURE_TEXTS.items()
            ],
            rx.fragment(),
        ),
        rx.text(tr("billing.return.failed_text"), size="3"),
        rx.link(tr("billing.return.pricing"), href=routes.PRICING, size="3", id="billing-return-pricing"),
        spacing="3",
    )


def _none() -> rx.Component:
    return rx.vstack(
        rx.heading(tr("billing.return.none"), size="5", as_="h2"),
        rx.text(tr("billing.return.none_text"), size="3"),
        rx.link(tr("billing.return.pricing"), href=routes.PRICING, size="3"),
        spacing="3",
    )


@rx.page(
    route=routes.BILLING_RETURN,
    title=tr("billing.return.page_title"),
    on_load=[CheckoutReturnState.require_user, CheckoutReturnState.require_plans, CheckoutReturnState.load],
)
def checkout_return_page() -> rx.Component:
    return app_shell(
        tr("billing.return.title"),
        routes.SETTINGS,
        rx.box(
            rx.match(
                CheckoutReturnState.payment_state,
                ("processing", _processing()),
                ("premium", _premium()),
                ("failed", _failed()),
                ("none", _none()),
                rx.spinner(size="3"),
            ),
            rx.cond(
                CheckoutReturnState.returned == "unverified",
                rx.callout(
                    tr("billing.return.unverified"), icon="shield-alert", color_scheme="amber", margin_top="1rem"
                ),
            ),
            style=styles.card,
            max_width="40rem",
            role="status",
            aria_live="polite",
            id="billing-return",
        ),
    )
