"""The public pricing page (/pricing, plans on): every plan on offer, monthly or yearly, in the chosen currency.

A visitor is sent to register (and back here); a signed-in candidate's "Choose" starts the provider's hosted
checkout (`services/billing/checkout.start`) and the browser goes there. The candidate's own plan is marked.
Without PLANS_ENABLED the page is the 404 page.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from interview_app import routes, styles
from interview_app.components import browser
from interview_app.components.i18n import tr
from interview_app.i18n import t
from interview_app.layouts.public import public_layout
from interview_app.models import Plan, User
from interview_app.pages.billing.subscription_card import error_text
from interview_app.pages.billing.usage_card import plans_on
from interview_app.pages.errors import not_found_page
from interview_app.services.billing import checkout, plans
from interview_app.services.billing.subscriptions import BillingError
from interview_app.settings import get_settings
from interview_app.state.auth import AuthState, with_user

QUOTA_KEYS = {
    "interviews_per_month": "billing.plan.interviews_per_month",
    "interviews_per_day": "billing.plan.interviews_per_day",
    "voice_minutes_per_month": "billing.plan.voice_minutes_per_month",
    "llm_answers_per_month": "billing.plan.llm_answers_per_month",
    "exports_per_day": "billing.plan.exports_per_day",
}
UNLIMITED_KEYS = {
    "interviews_per_month": "billing.plan.unlimited_interviews_per_month",
    "interviews_per_day": "billing.plan.unlimited_interviews_per_day",
    "voice_minutes_per_month": "billing.plan.unlimited_voice_minutes_per_month",
    "llm_answers_per_month": "billing.plan.unlimited_llm_answers_per_month",
    "exports_per_day": "billing.plan.unlimited_exports_per_day",
}
NONE_KEYS = {
    "voice_minutes_per_month": "billing.plan.none_voice_minutes_per_month",
    "llm_answers_per_month": "billing.plan.none_llm_answers_per_month",
}
FEATURE_KEYS = {
    "tailored_interviews": "billing.feature.tailored_interviews",
    "pdf_reports": "billing.feature.pdf_reports",
}
# The order the quotas are listed in on a plan's card.
SHOWN = (
    "interviews_per_month",
    "interviews_per_day",
    "voice_minutes_per_month",
    "llm_answers_per_month",
    "exports_per_day",
)


def quota_lines(plan: Plan, lang: str) -> list[str]:
    """What a plan allows, a line per quota, then its features."""
    lines = []
    for name in SHOWN:
        value = getattr(plan, name)
        if value is None:
            lines.append(t(UNLIMITED_KEYS[name], lang))
        elif value == 0 and name in NONE_KEYS:
            lines.append(t(NONE_KEYS[name], lang))
        else:
            lines.append(t(QUOTA_KEYS[name], lang, count=value))
    return lines + [t(FEATURE_KEYS[f], lang) for f in plan.features if f in FEATURE_KEYS]


def currencies_of(offered: list[Plan]) -> list[str]:
    """The currencies some plan on offer is sold in, the default currency first."""
    found = sorted({c for p in offered for c in p.prices})
    default = get_settings().billing_default_currency
    return sorted(found, key=lambda c: c != default)


def card_of(plan: Plan, interval: str, currency: str, current_slug: str, lang: str) -> dict[str, Any]:
    """One plan's card in the chosen interval and currency."""
    amounts = plan.prices.get(currency, {})
    amount = amounts.get(interval)
    saving = ""
    if interval == "year" and amount and amounts.get("month"):
        percent = round(100 - 100 * amount / (12 * amounts["month"]))
        saving = t("billing.pricing.yearly_saving", lang, percent=percent) if percent > 0 else ""
    if plan.is_default:
        price, period, note = t("billing.pricing.free", lang), t("billing.pricing.free_forever", lang), ""
    elif amount:
        price = plans.price_text(amount, currency)
        period = t("billing.pricing.per_year" if interval == "year" else "billing.pricing.per_month", lang)
        note = saving
    elif amounts:
        price, period, note = "", "", t("billing.pricing.no_yearly", lang)
    else:
        price, period, note = "", "", t("billing.pricing.not_in_currency", lang, currency=currency)
    return {
        "slug": plan.slug,
        "name": plan.name,
        "description": plan.description,
        "price": price,
        "period": period,
        "note": note,
        "lines": quota_lines(plan, lang),
        "free": plan.is_default,
        "current": plan.slug == current_slug,
        "buyable": bool(amount) and not plan.is_default,
        "choose": t("billing.pricing.choose", lang, plan=plan.name),
    }


class PricingState(AuthState):
    """The plans on offer as cards, the interval and currency chosen, and a refused checkout's message."""

    interval: str = "month"
    currency: str = ""
    currencies: rx.Field[list[str]] = rx.field(default_factory=list)
    cards: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    pricing_error: str = ""
    choosing: str = ""

    def _fill(self, session: Session, user: User | None) -> None:
        offered = plans.active_plans(session)
        self.currencies = currencies_of(offered)
        if self.currency not in self.currencies:
            self.currency = self.currencies[0] if self.currencies else get_settings().billing_default_currency
        current = plans.plan_for(session, user.id).slug if user is not None and user.id else ""
        self.cards = [card_of(p, self.interval, self.currency, current, self.lang) for p in offered]

    @rx.event
    def load_pricing(self):
        """Read the plans on offer (anyone may look; the signed-in candidate's plan is marked)."""
        self.pricing_error, self.choosing = "", ""
        if not get_settings().plans_enabled:
            self.cards = []
            return
        with self._session() as session:
            self._fill(session, self._signed_in_user(session))

    @rx.event
    def set_period(self, interval: str | list[str]):
        """Monthly or yearly prices (the segmented control sends one value)."""
        self.interval = "year" if interval == "year" else "month"
        return PricingState.load_pricing

    @rx.event
    def set_currency(self, currency: str):
        """Prices in another currency (one some plan is sold in)."""
        self.currency = str(currency)[:3].upper()
        return PricingState.load_pricing

    @rx.event
    def choose(self, slug: str):
        """Start the checkout of plan `slug` at the chosen interval (a visitor registers first)."""
        self.pricing_error = ""
        if not self.signed_in:
            return rx.redirect(f"{routes.REGISTER}?next={routes.PRICING}")
        self.choosing = str(slug)[:40]
        return PricingState.start_checkout

    @rx.event
    @with_user
    def start_checkout(self, session: Session, user: User):
        """Create the provider's hosted payment page and go there."""
        slug, self.choosing = self.choosing, ""
        try:
            started = checkout.start(session, user, slug, self.interval)
        except BillingError as exc:
            self.pricing_error = error_text(exc)
            return None
        # A full page load in the same tab (is_external would open a new tab, after a server round trip, which
        # popup blockers stop): the hosted page, or the app's own page that opens one by a form (Razorpay),
        # which is on this host but not one of the app's pages, so rx.redirect's router would not find it.
        return browser.call("location.assign", started.url)


def _toggle() -> rx.Component:
    return rx.flex(
        rx.segmented_control.root(
            rx.segmented_control.item(tr("billing.pricing.monthly"), value="month"),
            rx.segmented_control.item(tr("billing.pricing.yearly"), value="year"),
            value=PricingState.interval,
            on_change=PricingState.set_period,
            aria_label=tr("billing.pricing.billing_period"),
            id="pricing-interval",
        ),
        rx.cond(
            PricingState.currencies.length() > 1,
            rx.select.root(
                rx.select.trigger(id="pricing-currency", aria_label=tr("billing.pricing.currency")),
                rx.select.content(rx.foreach(PricingState.currencies, lambda c: rx.select.item(c, value=c))),
                value=PricingState.currency,
                on_change=PricingState.set_currency,
            ),
        ),
        gap="0.75rem",
        align="center",
        justify="center",
        wrap="wrap",
    )


def _line(text: Any) -> rx.Component:
    return rx.hstack(
        rx.icon("check", size=16, color=rx.color("teal", 10), flex_shrink="0", margin_top="0.15rem"),
        rx.text(text, size="2"),
        align="start",
        spacing="2",
    )


def _action(card: Any) -> rx.Component:
    return rx.cond(
        card["current"],
        rx.badge(tr("billing.pricing.current"), size="2", color_scheme="teal", class_name="pricing-current"),
        rx.cond(
            card["free"],
            rx.cond(
                AuthState.signed_in,
                rx.fragment(),
                rx.link(
                    rx.button(tr("billing.pricing.start_free"), variant="soft", width="100%"),
                    href=routes.REGISTER,
                    width="100%",
                ),
            ),
            rx.button(
                card["choose"],
                on_click=PricingState.choose(card["slug"]),
                disabled=~card["buyable"],
                loading=PricingState.choosing == card["slug"],
                width="100%",
                class_name="pricing-choose",
            ),
        ),
    )


def _card(card: Any) -> rx.Component:
    return rx.vstack(
        rx.heading(card["name"], size="5", as_="h2"),
        rx.text(card["description"], size="2", color_scheme="gray"),
        rx.hstack(
            rx.text(card["price"], size="7", weight="bold", class_name="pricing-price"),
            rx.text(card["period"], size="2", color_scheme="gray"),
            align="baseline",
            spacing="2",
        ),
        rx.cond(card["note"] != "", rx.text(card["note"], size="1", color_scheme="gray")),
        rx.vstack(rx.foreach(card["lines"].to(list[str]), _line), spacing="2", width="100%"),
        rx.spacer(),
        _action(card),
        style=styles.card,
        spacing="3",
        align="start",
        flex="1 1 18rem",
        max_width="24rem",
        border=rx.cond(card["current"], f"2px solid {rx.color('teal', 8)}", None),
        class_name="pricing-card",
        data_plan=card["slug"],
    )


def _pricing() -> rx.Component:
    return public_layout(
        rx.vstack(
            rx.heading(tr("billing.pricing.title"), size="8", as_="h1", text_align="center"),
            rx.text(tr("billing.pricing.intro"), size="3", color_scheme="gray", text_align="center", max_width="40rem"),
            _toggle(),
            rx.cond(
                PricingState.pricing_error != "",
                rx.callout(PricingState.pricing_error, icon="triangle-alert", color_scheme="red", id="pricing-error"),
            ),
            rx.cond(
                PricingState.cards.length() > 0,
                rx.flex(
                    rx.foreach(PricingState.cards, _card),
                    wrap="wrap",
                    justify="center",
                    align="stretch",
                    gap="1.25rem",
                    width="100%",
                    id="pricing-plans",
                ),
                rx.text(tr("billing.pricing.empty"), color_scheme="gray"),
            ),
            rx.cond(
                ~AuthState.signed_in,
                rx.text(tr("billing.pricing.signed_out_note"), size="2", color_scheme="gray", text_align="center"),
            ),
            rx.text(tr("billing.pricing.resets"), size="1", color_scheme="gray", text_align="center"),
            spacing="5",
            align="center",
            max_width="68rem",
            margin="0 auto",
            padding="3rem 1rem",
        )
    )


@rx.page(
    route=routes.PRICING,
    title=tr("billing.pricing.page_title"),
    description=tr("billing.pricing.description"),
    on_load=[PricingState.load_visitor, PricingState.load_pricing],
)
def pricing_page() -> rx.Component:
    return _pricing() if plans_on() else not_found_page()
