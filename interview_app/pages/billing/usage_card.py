"""The usage card on the settings page (plans on): the candidate's plan, a meter per quota, and the upgrade.

Each meter says what is used of the quota, what is left and when it resets, from the same counting that
refuses (`services/billing/usage.py`). The Upgrade button (`upgrade_button`) is also what the set-up, interview
and data pages show when one of the plan's quotas stops the candidate. Nothing here is built without
PLANS_ENABLED.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from interview_app import routes, styles
from interview_app.components.i18n import tr
from interview_app.i18n import t
from interview_app.models import User
from interview_app.services.billing import usage
from interview_app.services.shared import limits, rate_limit
from interview_app.settings import get_settings
from interview_app.state.auth import AuthState, with_user

METER_LABELS = {
    "interviews_per_month": "billing.meter.interviews_per_month",
    "interviews_per_day": "billing.meter.interviews_per_day",
    "voice_minutes_per_month": "billing.meter.voice_minutes_per_month",
    "llm_answers_per_month": "billing.meter.llm_answers_per_month",
    "exports_per_day": "billing.meter.exports_per_day",
}


def plans_on() -> bool:
    """Whether the pages are built with plans (PLANS_ENABLED at start-up)."""
    return get_settings().plans_enabled


def meter_row(meter: usage.Meter, lang: str) -> dict[str, Any]:
    """One meter as the card shows it: label, used/left in words, the reset in words, the bar's share."""
    if meter.limit is None:
        amount = t("billing.meter.unlimited", lang, used=meter.used)
    else:
        amount = t("billing.meter.used_of", lang, used=meter.used, limit=meter.limit, left=meter.left or 0)
    if meter.resets_at is not None:
        reset = t("billing.meter.resets_on", lang, day=limits.month_day_text(meter.resets_at))
    elif meter.resets_in:
        reset = t("billing.meter.next_in", lang, wait=rate_limit.RateLimited(meter.resets_in).retry_text())
    else:
        reset = ""
    return {
        "rule": meter.rule,
        "label": t(METER_LABELS[meter.rule], lang),
        "amount": amount,
        "reset": reset if meter.limit is not None else "",
        "percent": meter.percent,
        "limited": meter.limit is not None,
        "full": meter.full,
    }


class UsageState(AuthState):
    """The plan and its meters, loaded when the settings page opens."""

    usage_plan: str = ""
    usage_note: str = ""
    usage_full: bool = False
    usage_paid: bool = False
    usage_meters: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)

    @rx.event
    @with_user
    def load_usage(self, session: Session, user: User):
        """Read the plan and every meter (nothing with plans off)."""
        if not get_settings().plans_enabled:
            self.usage_meters = []
            return
        summary = usage.summary(session, user.id or 0)
        self.usage_plan = self.t("billing.usage.plan", plan=summary.plan.name)
        self.usage_paid = not summary.plan.is_default
        sub = summary.subscription
        note = ""
        if sub is not None and sub.status == "past_due" and sub.grace_until is not None:
            note = self.t("billing.usage.grace", plan=summary.plan.name, day=limits.month_day_text(sub.grace_until))
        elif sub is not None and sub.status == "active" and not sub.cancel_at_period_end and sub.current_period_end:
            note = self.t("billing.usage.renews", day=limits.month_day_text(sub.current_period_end))
        self.usage_note = note
        self.usage_full = summary.any_full
        self.usage_meters = [meter_row(m, self.lang) for m in summary.meters]


def upgrade_button(element_id: str, **props: Any) -> rx.Component:
    """The Upgrade button: to the pricing page (only built with plans on)."""
    if not plans_on():
        return rx.fragment()
    return rx.link(
        rx.button(rx.icon("sparkles", size=16), tr("billing.upgrade"), size="2", **props),
        href=routes.PRICING,
        id=element_id,
        underline="none",
    )


def _meter(row: Any) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.text(row["label"], size="2", weight="medium"),
            rx.spacer(),
            rx.text(row["amount"], size="2", color_scheme=rx.cond(row["full"], "red", "gray")),
            width="100%",
            wrap="wrap",
            spacing="2",
        ),
        rx.cond(
            row["limited"],
            rx.progress(
                value=row["percent"],
                max=100,
                color_scheme=rx.cond(row["full"], "red", "teal"),
                aria_label=row["label"],
                margin_top="0.35rem",
            ),
        ),
        rx.cond(row["reset"] != "", rx.text(row["reset"], size="1", color_scheme="gray", margin_top="0.25rem")),
        width="100%",
        class_name="usage-meter",
        data_rule=row["rule"],
    )


def usage_card() -> rx.Component:
    """The card (only built with plans on)."""
    if not plans_on():
        return rx.fragment()
    return rx.box(
        rx.heading(tr("billing.usage.title"), size="4", as_="h2"),
        rx.text(UsageState.usage_plan, size="2", margin_top="0.25rem", id="usage-plan"),
        rx.cond(UsageState.usage_note != "", rx.text(UsageState.usage_note, size="2", color_scheme="gray")),
        rx.vstack(rx.foreach(UsageState.usage_meters, _meter), spacing="3", width="100%", margin_top="1rem"),
        rx.cond(
            UsageState.usage_full,
            rx.callout(
                tr("billing.usage.full"), icon="gauge", color_scheme="amber", margin_top="1rem", id="usage-full"
            ),
        ),
        rx.hstack(
            rx.cond(
                UsageState.usage_paid,
                rx.link(tr("billing.usage.see_plans"), href=routes.PRICING, size="2", id="usage-see-plans"),
                upgrade_button("usage-upgrade"),
            ),
            margin_top="1rem",
        ),
        style=styles.card,
        id="usage-card",
        max_width="40rem",
    )
