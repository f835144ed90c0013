"""The subscription card on the settings page: the provider's customer portal and cancelling at period end.

Shown only with plans on and a paid subscription. "Manage billing" opens Stripe's customer portal (cards,
invoices, plan changes; Razorpay has none). "Cancel subscription" asks first, then asks the provider to end
the subscription when the paid period ends; the plan stays until then and nothing of the candidate's goes.
"""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from interview_app import routes, styles
from interview_app.components.dialogs import confirm_dialog
from interview_app.components.i18n import tr
from interview_app.i18n import t
from interview_app.models import Plan, User
from interview_app.services.billing import plans, subscriptions
from interview_app.services.billing.invoices import day_text
from interview_app.services.billing.subscriptions import BillingError
from interview_app.settings import get_settings
from interview_app.state.auth import AuthState, with_user

# A refusal's code -> its words (every code `subscriptions` and the providers raise).
ERROR_KEYS = {
    "plans_off": "billing.error.plans_off",
    "plan_unavailable": "billing.error.plan_unavailable",
    "already_subscribed": "billing.error.already_subscribed",
    "payment_due": "billing.error.payment_due",
    "no_subscription": "billing.error.no_subscription",
    "payment_not_found": "billing.error.payment_not_found",
    "refund_invalid": "billing.error.refund_invalid",
    "refund_failed": "billing.error.refund_failed",
    "card_declined": "billing.error.card_declined",
    "auth": "billing.error.auth",
    "rate_limited": "billing.error.rate_limited",
    "rejected": "billing.error.rejected",
    "unavailable": "billing.error.unavailable",
    "not_configured": "billing.error.not_configured",
}


def error_text(exc: BillingError, lang: str = "en") -> str:
    """The words for a refused billing action, in `lang`."""
    return t(ERROR_KEYS.get(exc.code, "billing.error.unavailable"), lang)


class SubscriptionState(AuthState):
    """The candidate's paid subscription as the card shows it."""

    sub_shown: bool = False
    sub_has_portal: bool = False
    sub_can_cancel: bool = False
    # "Cancelling is set: Premium ends on 7 Jan 2027 ..." when it is.
    sub_notice: str = ""
    sub_error: str = ""
    sub_busy: bool = False

    def _show(self, session: Session, user_id: int) -> None:
        on = get_settings().plans_enabled
        # The subscription that gives the plan, or one past due beyond its grace (to update the card or cancel).
        live = (plans.subscription_for(session, user_id) or subscriptions.current(session, user_id)) if on else None
        plan = session.get(Plan, live.plan_id) if live is not None else None
        self.sub_shown = live is not None and plan is not None and live.provider in ("stripe", "razorpay")
        if live is None or plan is None:
            self.sub_notice, self.sub_can_cancel, self.sub_has_portal = "", False, False
            return
        self.sub_has_portal = live.provider == "stripe"
        self.sub_can_cancel = not live.cancel_at_period_end and live.status in subscriptions.LIVE
        day = day_text(live.current_period_end, self.lang) if live.current_period_end else ""
        self.sub_notice = (
            self.t("billing.manage.cancelling", plan=plan.name, day=day)
            if live.cancel_at_period_end
            else self.t("billing.manage.past_due")
            if live.status == "past_due"
            else ""
        )

    @rx.event
    @with_user
    def load_subscription(self, session: Session, user: User):
        """Show the card when the page opens."""
        self.sub_error = ""
        self._show(session, user.id or 0)

    @rx.event
    @with_user
    def open_portal(self, session: Session, user: User):
        """Send the browser to the provider's customer portal (it comes back to the settings page)."""
        return_url = f"{get_settings().public_url.rstrip('/')}{routes.SETTINGS}"
        try:
            url = subscriptions.portal_url(session, user.id or 0, return_url)
        except BillingError as exc:
            self.sub_error = error_text(exc, self.lang)
            return None
        return rx.redirect(url) if url else None

    @rx.event
    @with_user
    def cancel(self, session: Session, user: User):
        """Cancel at the end of the paid period."""
        self.sub_error = ""
        try:
            row = subscriptions.cancel_at_period_end(session, user.id or 0)
        except BillingError as exc:
            self.sub_error = error_text(exc, self.lang)
            return None
        self._show(session, user.id or 0)
        plan = session.get(Plan, row.plan_id)
        day = day_text(row.current_period_end, self.lang) if row.current_period_end else ""
        return rx.toast.success(self.t("billing.manage.cancelled", plan=plan.name if plan else "", day=day))


def subscription_card() -> rx.Component:
    """The card (nothing without a paid subscription)."""
    return rx.cond(
        SubscriptionState.sub_shown,
        rx.box(
            rx.heading(tr("billing.manage.title"), size="4", as_="h2"),
            rx.cond(
                SubscriptionState.sub_notice != "",
                rx.text(SubscriptionState.sub_notice, size="2", margin_top="0.5rem", id="subscription-notice"),
            ),
            rx.cond(
                SubscriptionState.sub_error != "",
                rx.callout(SubscriptionState.sub_error, icon="triangle-alert", color_scheme="red", margin_top="0.5rem"),
            ),
            rx.flex(
                rx.cond(
                    SubscriptionState.sub_has_portal,
                    rx.vstack(
                        rx.button(
                            tr("billing.manage.portal"),
                            on_click=SubscriptionState.open_portal,
                            variant="soft",
                            id="subscription-portal",
                        ),
                        rx.text(tr("billing.manage.portal_hint"), size="1", color_scheme="gray"),
                        spacing="1",
                    ),
                ),
                rx.cond(
                    SubscriptionState.sub_can_cancel,
                    confirm_dialog(
                        rx.button(
                            tr("billing.manage.cancel"), variant="outline", color_scheme="red", id="subscription-cancel"
                        ),
                        tr("billing.manage.cancel_title"),
                        tr("billing.manage.cancel_text"),
                        tr("billing.manage.cancel_confirm"),
                        SubscriptionState.cancel,
                        id="subscription-cancel-confirm",
                    ),
                ),
                gap="1rem",
                wrap="wrap",
                margin_top="1rem",
            ),
            style=styles.card,
            id="subscription-card",
        ),
    )
