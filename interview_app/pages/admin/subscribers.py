"""Admin: who is on which plan (filters, paging), every payment, and refunds through the provider.

A refund takes two steps: the form (amount, reason, whether the subscription ends) is checked on the server,
then a confirmation says exactly what will happen; only that button reaches the provider. With plans
switched off the page is not there (it sends admins to the 404 page).
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from interview_app import routes
from interview_app.components.admin_ui import (
    dynamic_select,
    empty,
    error_callout,
    filters,
    intro,
    meta,
    native_select,
    pager,
    row_card,
    search_box,
    section,
    stat_card,
)
from interview_app.components.i18n import tr
from interview_app.components.payment_line import payment_line
from interview_app.i18n import t
from interview_app.layouts.admin_shell import admin_shell
from interview_app.models import Payment, User
from interview_app.pages.admin.users import when
from interview_app.services.billing import plans, subscribers
from interview_app.services.billing.subscribers import RefundError, SubscriberFilter
from interview_app.settings import get_settings
from interview_app.state.admin import AdminState, with_admin

PAGE_SIZE = 25
NOT_FOUND = "/404"
STATUS_KEYS = {
    "incomplete": "revenue.status.incomplete",
    "active": "revenue.status.active",
    "past_due": "revenue.status.past_due",
    "cancelled": "revenue.status.cancelled",
    "refunded": "revenue.status.refunded",
    "cancelling": "revenue.status.cancelling",
}
STATUS_COLORS = {
    "incomplete": "gray",
    "active": "green",
    "past_due": "amber",
    "cancelled": "gray",
    "refunded": "red",
    "cancelling": "orange",
}
PAYMENT_STATUS_KEYS = {
    "paid": "revenue.payments.status.paid",
    "partly_refunded": "revenue.payments.status.partly_refunded",
    "refunded": "revenue.payments.status.refunded",
    "failed": "revenue.payments.status.failed",
}
PAYMENT_COLORS = {"paid": "green", "partly_refunded": "orange", "refunded": "red", "failed": "gray"}
PROVIDER_KEYS = {
    "stripe": "revenue.provider.stripe",
    "razorpay": "revenue.provider.razorpay",
    "manual": "revenue.provider.manual",
}
INTERVAL_KEYS = {"month": "revenue.interval.month", "year": "revenue.interval.year"}
REFUND_ERRORS = {
    "not_found": "revenue.refund.error.not_found",
    "not_refundable": "revenue.refund.error.not_refundable",
    "amount_invalid": "revenue.refund.error.amount_invalid",
    "reason_required": "revenue.refund.error.reason_required",
    "reason_too_long": "revenue.refund.error.reason_too_long",
    "card_declined": "revenue.refund.error.card_declined",
    "auth": "revenue.refund.error.auth",
    "rate_limited": "revenue.refund.error.rate_limited",
    "rejected": "revenue.refund.error.rejected",
    "unavailable": "revenue.refund.error.unavailable",
    "not_configured": "revenue.refund.error.not_configured",
    "refund_failed": "revenue.refund.error.refund_failed",
    "refund_invalid": "revenue.refund.error.refund_invalid",
}
STATUS_OPTIONS = [(k, tr(STATUS_KEYS[k])) for k in (*subscribers.STATUSES, subscribers.CANCELLING)]
PROVIDER_OPTIONS = [(k, tr(PROVIDER_KEYS[k])) for k in PROVIDER_KEYS]
PAYMENT_OPTIONS = [(k, tr(PAYMENT_STATUS_KEYS[k])) for k in PAYMENT_STATUS_KEYS]


def money(amount: int, currency: str, lang: str = "en") -> str:
    """An amount in minor units as admins read it ("$12.00")."""
    return plans.price_text(amount, currency, lang)


def refund_error_text(exc: RefundError, left: str = "", lang: str = "en") -> str:
    """The words for a refused refund."""
    key = REFUND_ERRORS.get(exc.code, "revenue.refund.error.rejected")
    return t(key, lang, left=left) if exc.code == "amount_invalid" else t(key, lang)


def provider_name(provider: str, lang: str = "en") -> str:
    """Stripe, Razorpay or Manual."""
    return t(PROVIDER_KEYS[provider], lang) if provider in PROVIDER_KEYS else provider


def payment_row(row: subscribers.PaymentRow, lang: str = "en") -> dict[str, Any]:
    """One payment as the page shows it."""
    p = row.payment
    status = "partly_refunded" if p.status == "paid" and p.refunded_amount > 0 else p.status
    return {
        "id": p.id,
        "when": when(p.paid_at or p.created_at),
        "person": row.email or t("revenue.payments.deleted_account", lang),
        "invoice": p.invoice_number or f"#{p.id}",
        "plan": row.plan_name,
        "amount": money(p.amount, p.currency, lang),
        "refunded": t("revenue.payments.refunded", lang, amount=money(p.refunded_amount, p.currency, lang))
        if p.refunded_amount
        else "",
        "status": status,
        "status_label": t(PAYMENT_STATUS_KEYS.get(status, "revenue.payments.status.paid"), lang),
        "color": PAYMENT_COLORS.get(status, "gray"),
        "provider": provider_name(p.provider, lang),
        "refundable": row.refundable > 0 and p.status == "paid",
        "refund_label": t("revenue.refund.button_label", lang, invoice=p.invoice_number or f"#{p.id}"),
    }


class SubscribersState(AdminState):
    """The subscriptions list, the payments list and the refund dialog."""

    person: str = ""
    status: str = ""
    plan: str = ""
    provider: str = ""
    page: int = 1
    total: int = 0
    # One page of subscriptions: id, person, name, plan, interval, status, status_label, color, period, provider.
    rows: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    plan_options: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    # Key numbers: label, value.
    counts: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    pay_person: str = ""
    pay_status: str = ""
    pay_page: int = 1
    pay_total: int = 0
    payments: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    # The refund dialog: the payment, its summary, the form, then the confirmation step.
    refund_open: bool = False
    refund_step: str = "form"
    refund_payment_id: int = 0
    refund_summary: str = ""
    refund_currency: str = ""
    refund_amount: str = ""
    refund_reason: str = ""
    refund_end: bool = False
    refund_full: bool = False
    refund_error: str = ""
    confirm_title: str = ""
    confirm_text: str = ""
    confirm_button: str = ""

    @rx.var
    def pages(self) -> int:
        """How many pages the subscriptions fill."""
        return max(1, -(-self.total // PAGE_SIZE))

    @rx.var
    def pay_pages(self) -> int:
        """How many pages the payments fill."""
        return max(1, -(-self.pay_total // PAGE_SIZE))

    @rx.event
    def require_plans(self):
        """Page guard after `require_admin`: with plans switched off the page is not there."""
        if not self._is_admin("require_plans"):
            return self._denied()
        return None if get_settings().plans_enabled else rx.redirect(NOT_FOUND)

    @rx.event
    @with_admin
    def load(self, session: Session, admin: User):
        """Read one page of subscriptions and one of payments with the current filters."""
        if not get_settings().plans_enabled:
            return None
        flt = SubscriberFilter(status=self.status, plan=self.plan, provider=self.provider, person=self.person[:80])
        found, self.total = subscribers.search(session, flt, limit=PAGE_SIZE, offset=(self.page - 1) * PAGE_SIZE)
        self.rows = [self._subscription(r, self.lang) for r in found]
        self.plan_options = [{"value": slug, "label": name} for slug, name in subscribers.plan_choices(session)]
        counts = subscribers.counts(session)
        self.counts = [
            {"label": self.t("revenue.subscribers.count_active"), "value": str(counts["active"])},
            {"label": self.t("revenue.subscribers.count_past_due"), "value": str(counts["past_due"])},
            {"label": self.t("revenue.subscribers.count_cancelling"), "value": str(counts["cancelling"])},
            {
                "label": self.t("revenue.subscribers.count_ended"),
                "value": str(counts["cancelled"] + counts["refunded"]),
            },
        ]
        paid, self.pay_total = subscribers.payments(
            session,
            person=self.pay_person[:80],
            status=self.pay_status,
            limit=PAGE_SIZE,
            offset=(self.pay_page - 1) * PAGE_SIZE,
        )
        self.payments = [payment_row(r, self.lang) for r in paid]
        return None

    @staticmethod
    def _subscription(row: subscribers.SubscriberRow, lang: str) -> dict[str, Any]:
        s = row.subscription
        status = "cancelling" if s.status == "active" and s.cancel_at_period_end else s.status
        period = ""
        if s.status == "past_due" and s.grace_until:
            period = t("revenue.subscribers.grace", lang, day=when(s.grace_until)[:10])
        elif s.current_period_end:
            key = "revenue.subscribers.renews" if status == "active" else "revenue.subscribers.ends"
            period = t(key, lang, day=when(s.current_period_end)[:10])
        return {
            "id": s.id,
            "person": row.email,
            "name": row.name,
            "href": routes.admin_user(s.user_id),
            "plan": row.plan_name,
            "interval": t(INTERVAL_KEYS[s.interval], lang) if s.interval in INTERVAL_KEYS else s.interval,
            "currency": s.currency,
            "status": status,
            "status_label": t(STATUS_KEYS.get(status, "revenue.status.incomplete"), lang),
            "color": STATUS_COLORS.get(status, "gray"),
            "period": period or "—",
            "provider": provider_name(s.provider, lang),
        }

    @rx.event
    def set_filter(self, name: str, value: str):
        """A filter of the subscriptions changed: person, status, plan or provider."""
        if not self._is_admin("set_filter"):
            return self._denied()
        value = str(value)[:80]
        allowed = {
            "status": ("", *subscribers.STATUSES, subscribers.CANCELLING),
            "provider": ("", *PROVIDER_KEYS),
        }
        if name == "person" or name == "plan" or (name in allowed and value in allowed[name]):
            setattr(self, name, value)
        self.page = 1
        return SubscribersState.load

    @rx.event
    def set_payment_filter(self, name: str, value: str):
        """A filter of the payments changed: person or status."""
        if not self._is_admin("set_payment_filter"):
            return self._denied()
        value = str(value)[:80]
        if name == "person":
            self.pay_person = value
        elif name == "status" and value in ("", *PAYMENT_STATUS_KEYS):
            self.pay_status = value
        self.pay_page = 1
        return SubscribersState.load

    @rx.event
    def turn_page(self, step: int):
        """Subscriptions: the previous (-1) or next (+1) page."""
        if not self._is_admin("turn_page"):
            return self._denied()
        self.page = max(1, min(self.pages, self.page + (1 if int(step) > 0 else -1)))
        return SubscribersState.load

    @rx.event
    def turn_payments_page(self, step: int):
        """Payments: the previous (-1) or next (+1) page."""
        if not self._is_admin("turn_payments_page"):
            return self._denied()
        self.pay_page = max(1, min(self.pay_pages, self.pay_page + (1 if int(step) > 0 else -1)))
        return SubscribersState.load

    @rx.event
    @with_admin
    def open_refund(self, session: Session, admin: User, payment_id: int):
        """Open the refund form for one payment, with all that is left as the amount."""
        payment = session.get(Payment, int(payment_id))
        left = subscribers.remaining(payment) if payment is not None else 0
        if payment is None or left <= 0 or payment.status != "paid":
            return rx.toast.error(self.t("revenue.refund.error.not_refundable"))
        person = session.get(User, payment.user_id) if payment.user_id else None
        self.refund_payment_id = payment.id or 0
        self.refund_currency = payment.currency
        lang = self.lang
        self.refund_summary = self.t(
            "revenue.refund.of",
            invoice=payment.invoice_number or f"#{payment.id}",
            amount=money(payment.amount, payment.currency, lang),
            person=person.email if person else self.t("revenue.payments.deleted_account"),
            provider=provider_name(payment.provider, lang),
            left=money(left, payment.currency, lang),
        )
        self.refund_amount = plans.major_units(left, payment.currency)
        self.refund_reason, self.refund_end, self.refund_error, self.refund_step = "", False, "", "form"
        self.refund_open = True
        return None

    @rx.event
    def close_refund(self):
        """Close the refund dialog without refunding."""
        if not self._is_admin("close_refund"):
            return self._denied()
        self.refund_open, self.refund_step, self.refund_error = False, "form", ""
        return None

    @rx.event
    def set_refund_field(self, name: str, value: str):
        """The amount or the reason of the refund form changed."""
        if not self._is_admin("set_refund_field"):
            return self._denied()
        if name == "amount":
            self.refund_amount = str(value)[:20]
        elif name == "reason":
            self.refund_reason = str(value)[: subscribers.REASON_MAX + 50]
        self.refund_error = ""
        return None

    @rx.event
    def set_refund_end(self, value: bool):
        """Whether a full refund also ends the subscription now."""
        if not self._is_admin("set_refund_end"):
            return self._denied()
        self.refund_end = bool(value)
        return None

    @rx.event
    def back_to_form(self):
        """From the confirmation back to the form."""
        if not self._is_admin("back_to_form"):
            return self._denied()
        self.refund_step = "form"
        return None

    @rx.event
    @with_admin
    def check_refund(self, session: Session, admin: User):
        """Check the form on the server and show the confirmation step."""
        try:
            plan = subscribers.plan_refund(
                session, self.refund_payment_id, self.refund_amount, self.refund_reason, self.refund_end
            )
        except RefundError as exc:
            payment = session.get(Payment, self.refund_payment_id)
            left = money(subscribers.remaining(payment), payment.currency, self.lang) if payment else ""
            self.refund_error = refund_error_text(exc, left, self.lang)
            return None
        p = plan.payment
        amount = money(plan.amount, p.currency, self.lang)
        person = plan.email or self.t("revenue.payments.deleted_account")
        self.refund_full = plan.amount == plan.left
        self.refund_end = plan.end_subscription
        self.confirm_title = self.t("revenue.refund.confirm_title", amount=amount)
        parts = [
            self.t(
                "revenue.refund.confirm_text",
                amount=amount,
                person=person,
                provider=provider_name(p.provider, self.lang),
                reason=plan.reason,
            )
        ]
        if self.refund_full:
            parts.append(self.t("revenue.refund.confirm_full"))
        if p.subscription_id:
            parts.append(
                self.t("revenue.refund.confirm_ends" if plan.end_subscription else "revenue.refund.confirm_keeps")
            )
        self.confirm_text = " ".join(parts)
        self.confirm_button = self.t("revenue.refund.confirm", amount=amount)
        self.refund_error, self.refund_step = "", "confirm"
        return None

    @rx.event
    @with_admin
    def confirm_refund(self, session: Session, admin: User):
        """Send the refund to the provider (audited either way) and show the result."""
        if self.refund_step != "confirm":
            return None
        try:
            plan = subscribers.plan_refund(
                session, self.refund_payment_id, self.refund_amount, self.refund_reason, self.refund_end
            )
            subscribers.refund(
                session,
                admin.id or 0,
                plan.payment.id or 0,
                plan.amount,
                plan.reason,
                end_subscription=plan.end_subscription,
                ip=self._client().ip,
            )
        except RefundError as exc:
            self.refund_error, self.refund_step = refund_error_text(exc, lang=self.lang), "form"
            return SubscribersState.load
        self.refund_open, self.refund_step = False, "form"
        person = plan.email or self.t("revenue.payments.deleted_account")
        done = money(plan.amount, plan.payment.currency, self.lang)
        return [
            rx.toast.success(self.t("revenue.refund.done", amount=done, person=person)),
            SubscribersState.load,
        ]


def _subscription_row(row: Any) -> rx.Component:
    return row_card(
        rx.flex(
            rx.vstack(
                rx.link(row["person"], href=row["href"], weight="bold", size="3"),
                rx.text(row["name"], size="2", color_scheme="gray"),
                spacing="0",
                min_width="14rem",
                flex="1",
            ),
            rx.hstack(
                rx.badge(row["plan"], variant="surface"),
                rx.badge(row["status_label"], color_scheme=row["color"], variant="soft"),
                spacing="2",
                wrap="wrap",
            ),
            justify="between",
            align="center",
            wrap="wrap",
            gap="0.5rem",
        ),
        meta(
            rx.text(row["interval"], " · ", row["currency"]),
            "·",
            rx.text(row["period"]),
            "·",
            rx.text(row["provider"]),
            margin_top="0.35rem",
        ),
        class_name="subscriber-row",
    )


def _payment_row(row: Any) -> rx.Component:
    about = rx.vstack(
        rx.text(row["person"], weight="bold", size="2", overflow_wrap="anywhere"),
        meta(rx.text(row["invoice"]), "·", rx.text(row["when"]), "·", rx.text(row["provider"])),
        spacing="1",
        min_width="14rem",
        flex="1",
    )
    refund = rx.cond(
        row["refundable"],
        rx.button(
            rx.icon("undo-2", size=14),
            tr("revenue.refund.button"),
            size="1",
            variant="soft",
            color_scheme="red",
            aria_label=row["refund_label"],
            on_click=SubscribersState.open_refund(row["id"]),
            class_name="refund-open",
        ),
    )
    return row_card(payment_line(row, about=about, action=refund), class_name="payment-row")


def _refund_dialog() -> rx.Component:
    form = rx.vstack(
        rx.el.label(
            tr("revenue.refund.amount"),
            rx.text(" (", SubscribersState.refund_currency, ")", as_="span"),
            html_for="refund-amount",
            font_size="var(--font-size-2)",
            font_weight="500",
        ),
        rx.input(
            value=SubscribersState.refund_amount,
            on_change=lambda v: SubscribersState.set_refund_field("amount", v),
            input_mode="decimal",
            id="refund-amount",
            width="100%",
        ),
        rx.text(tr("revenue.refund.amount_hint"), size="1", color_scheme="gray"),
        rx.el.label(
            tr("revenue.refund.reason"),
            html_for="refund-reason",
            font_size="var(--font-size-2)",
            font_weight="500",
        ),
        rx.text_area(
            value=SubscribersState.refund_reason,
            on_change=lambda v: SubscribersState.set_refund_field("reason", v),
            placeholder=tr("revenue.refund.reason_placeholder"),
            id="refund-reason",
            width="100%",
            rows="3",
        ),
        rx.checkbox(
            tr("revenue.refund.end_subscription"),
            checked=SubscribersState.refund_end,
            on_change=SubscribersState.set_refund_end,
            id="refund-end",
        ),
        error_callout(SubscribersState.refund_error, "refund-error"),
        rx.flex(
            rx.button(tr("common.cancel"), variant="soft", color_scheme="gray", on_click=SubscribersState.close_refund),
            rx.button(tr("revenue.refund.continue"), on_click=SubscribersState.check_refund, id="refund-continue"),
            spacing="3",
            justify="end",
            width="100%",
        ),
        spacing="2",
        width="100%",
    )
    confirm = rx.vstack(
        rx.text(SubscribersState.confirm_text, size="2", id="refund-confirm-text"),
        error_callout(SubscribersState.refund_error, "refund-confirm-error"),
        rx.flex(
            rx.button(
                tr("revenue.refund.back"), variant="soft", color_scheme="gray", on_click=SubscribersState.back_to_form
            ),
            rx.button(
                SubscribersState.confirm_button,
                color_scheme="red",
                on_click=SubscribersState.confirm_refund,
                id="refund-confirm",
            ),
            spacing="3",
            justify="end",
            width="100%",
        ),
        spacing="3",
        width="100%",
    )
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(
                rx.cond(
                    SubscribersState.refund_step == "confirm",
                    SubscribersState.confirm_title,
                    tr("revenue.refund.title"),
                )
            ),
            rx.dialog.description(
                SubscribersState.refund_summary, size="2", id="refund-summary", margin_bottom="0.75rem"
            ),
            rx.cond(SubscribersState.refund_step == "confirm", confirm, form),
            max_width="32rem",
            id="refund-dialog",
        ),
        open=SubscribersState.refund_open,
        on_open_change=lambda _open: SubscribersState.close_refund(),
    )


@rx.page(
    route=routes.ADMIN_SUBSCRIBERS,
    title=tr("revenue.subscribers.page_title"),
    on_load=[SubscribersState.require_admin, SubscribersState.require_plans, SubscribersState.load],
)
def admin_subscribers_page() -> rx.Component:
    return admin_shell(
        tr("revenue.subscribers.title"),
        routes.ADMIN_SUBSCRIBERS,
        rx.vstack(
            intro(tr("revenue.subscribers.intro")),
            rx.grid(
                rx.foreach(SubscribersState.counts, lambda c: stat_card(c["label"], c["value"])),
                columns=rx.breakpoints(initial="2", sm="4"),
                spacing="3",
                width="100%",
            ),
            section(
                tr("revenue.subscribers.title"),
                rx.vstack(
                    rx.box(
                        search_box(
                            SubscribersState.person,
                            lambda v: SubscribersState.set_filter("person", v),
                            tr("revenue.subscribers.search"),
                            "subscribers-search",
                        ),
                        width="100%",
                    ),
                    filters(
                        native_select(
                            SubscribersState.status,
                            [("", tr("revenue.subscribers.any_status")), *STATUS_OPTIONS],
                            lambda v: SubscribersState.set_filter("status", v),
                            tr("revenue.subscribers.filter_status"),
                            "subscribers-status",
                        ),
                        dynamic_select(
                            SubscribersState.plan,
                            ("", tr("revenue.subscribers.any_plan")),
                            SubscribersState.plan_options,
                            lambda v: SubscribersState.set_filter("plan", v),
                            tr("revenue.subscribers.filter_plan"),
                            "subscribers-plan",
                        ),
                        native_select(
                            SubscribersState.provider,
                            [("", tr("revenue.subscribers.any_provider")), *PROVIDER_OPTIONS],
                            lambda v: SubscribersState.set_filter("provider", v),
                            tr("revenue.subscribers.filter_provider"),
                            "subscribers-provider",
                        ),
                    ),
                    pager(
                        SubscribersState.page,
                        SubscribersState.pages,
                        SubscribersState.total,
                        SubscribersState.turn_page(-1),
                        SubscribersState.turn_page(1),
                        "subscribers-pager",
                    ),
                    rx.cond(
                        SubscribersState.rows.length() > 0,
                        rx.vstack(rx.foreach(SubscribersState.rows, _subscription_row), spacing="2", width="100%"),
                        empty(tr("revenue.subscribers.none")),
                    ),
                    spacing="3",
                    width="100%",
                ),
                width="100%",
            ),
            section(
                tr("revenue.payments.title"),
                rx.vstack(
                    filters(
                        rx.box(
                            search_box(
                                SubscribersState.pay_person,
                                lambda v: SubscribersState.set_payment_filter("person", v),
                                tr("revenue.payments.search"),
                                "payments-search",
                            ),
                            flex="1 1 16rem",
                        ),
                        native_select(
                            SubscribersState.pay_status,
                            [("", tr("revenue.payments.any_status")), *PAYMENT_OPTIONS],
                            lambda v: SubscribersState.set_payment_filter("status", v),
                            tr("revenue.payments.filter_status"),
                            "payments-status",
                        ),
                    ),
                    pager(
                        SubscribersState.pay_page,
                        SubscribersState.pay_pages,
                        SubscribersState.pay_total,
                        SubscribersState.turn_payments_page(-1),
                        SubscribersState.turn_payments_page(1),
                        "payments-pager",
                    ),
                    rx.cond(
                        SubscribersState.payments.length() > 0,
                        rx.vstack(rx.foreach(SubscribersState.payments, _payment_row), spacing="2", width="100%"),
                        empty(tr("revenue.payments.none")),
                    ),
                    spacing="3",
                    width="100%",
                ),
                width="100%",
            ),
            _refund_dialog(),
            spacing="4",
            width="100%",
        ),
    )
