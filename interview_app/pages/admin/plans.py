"""Admin: the plans: what each costs and allows; create, edit, archive, offer again, delete (each audited).

The form is typed as text (prices in major units, a blank quota is unlimited) and `services/billing/plans.py`
checks it, reporting every problem by field. With PLANS_ENABLED off the page still works (plans can be
prepared) and says that nobody sees them yet.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from interview_app import routes
from interview_app.components.admin_ui import empty, error_callout, intro, meta, row_card
from interview_app.components.dialogs import confirm_dialog
from interview_app.components.i18n import tr
from interview_app.i18n import t
from interview_app.layouts.admin_shell import admin_shell
from interview_app.models import Plan, User
from interview_app.pages.billing.pricing import FEATURE_KEYS
from interview_app.services.billing import plans
from interview_app.services.billing.plans import PlanError, PlanForm
from interview_app.settings import get_settings
from interview_app.state.admin import AdminState, with_admin

# Field labels of the quota inputs (what the number counts).
QUOTA_FIELD_LABELS = {
    "interviews_per_day": "billing.meter.interviews_per_day",
    "interviews_per_month": "billing.meter.interviews_per_month",
    "voice_minutes_per_month": "billing.meter.voice_minutes_per_month",
    "llm_answers_per_month": "billing.meter.llm_answers_per_month",
    "exports_per_day": "billing.meter.exports_per_day",
}
INTERVAL_WORDS = {"month": "billing.admin.plans.month", "year": "billing.admin.plans.year"}
PROVIDER_NAMES = {"stripe": "Stripe", "razorpay": "Razorpay"}
ERROR_KEYS = {
    "invalid": "billing.error.invalid",
    "plan_not_found": "billing.error.plan_not_found",
    "default_needed": "billing.error.default_needed",
    "default_inactive": "billing.error.default_inactive",
    "default_delete": "billing.error.default_delete",
    "plan_in_use": "billing.error.plan_in_use",
}
PROBLEM_KEYS = (
    "billing.error.price",
    "billing.error.quota",
    "billing.error.slug",
    "billing.error.slug_taken",
    "billing.error.name",
    "billing.error.description",
    "billing.error.features",
    "billing.error.sort_order",
    "billing.error.default_has_prices",
    "billing.error.default_inactive",
    "billing.error.no_price",
)


def _quota_text(value: int | None, lang: str) -> str:
    return t("billing.admin.plans.unlimited", lang) if value is None else f"{value:,}"


def plan_row(plan: Plan, subscribers: int, lang: str) -> dict[str, Any]:
    """A plan as the list shows it."""
    prices = [
        f"{plans.price_text(amount, currency)} / {t(INTERVAL_WORDS[interval], lang)}"
        for currency, amounts in sorted(plan.prices.items())
        for interval, amount in sorted(amounts.items(), key=lambda kv: kv[0] != "month")
    ]
    quotas = [f"{t(QUOTA_FIELD_LABELS[q], lang)}: {_quota_text(getattr(plan, q), lang)}" for q in plans.QUOTAS]
    return {
        "id": plan.id,
        "slug": plan.slug,
        "name": plan.name,
        "description": plan.description,
        "prices": " · ".join(prices) if prices else t("billing.pricing.free", lang),
        "quotas": quotas,
        "features": [t(FEATURE_KEYS[f], lang) for f in plan.features if f in FEATURE_KEYS],
        "default": plan.is_default,
        "active": plan.active,
        "subscribers": t("billing.admin.plans.subscribers", lang, count=subscribers),
        "deletable": subscribers == 0 and not plan.is_default,
        "delete_text": t("billing.admin.plans.delete_confirm", lang, plan=plan.name),
    }


def form_currencies(all_plans: list[Plan]) -> list[str]:
    """The currencies the form offers prices in: the default one and every one a plan is sold in."""
    found = {c for p in all_plans for c in p.prices} | {get_settings().billing_default_currency}
    return sorted(found, key=lambda c: (c != get_settings().billing_default_currency, c))


class PlansState(AdminState):
    """The plans, and the form of the plan being created or edited."""

    rows: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    form_open: bool = False
    editing_id: int = 0
    form_title: str = ""
    f_slug: str = ""
    f_name: str = ""
    f_description: str = ""
    f_sort: str = "0"
    f_default: bool = False
    f_active: bool = True
    # One row per currency: currency, month, year (typed, major units).
    f_prices: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    # One row per quota: name, label, value (typed; blank: unlimited).
    f_quotas: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    # One row per feature: name, label, on ("1" or "").
    f_features: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    # provider_interval -> price id, e.g. {"stripe_month": "price_..."}.
    f_provider: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    # field -> the problem in words.
    problems: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    form_error: str = ""
    plans_off: bool = False

    @rx.event
    @with_admin
    def load(self, session: Session, admin: User):
        """Read every plan with its number of subscribers."""
        self.plans_off = not get_settings().plans_enabled
        counts = plans.subscriber_counts(session)
        self.rows = [plan_row(p, counts.get(p.id or 0, 0), self.lang) for p in plans.all_plans(session)]

    def _fill_form(self, session: Session, form: PlanForm) -> None:
        currencies = form_currencies(plans.all_plans(session))
        prices = form.prices or {}
        self.f_slug, self.f_name, self.f_description = form.slug, form.name, form.description
        self.f_sort, self.f_default, self.f_active = form.sort_order, form.is_default, form.active
        self.f_prices = [
            {"currency": c, "month": prices.get(c, {}).get("month", ""), "year": prices.get(c, {}).get("year", "")}
            for c in currencies
        ]
        quotas = form.quotas or {}
        self.f_quotas = [
            {"name": q, "label": self.t(QUOTA_FIELD_LABELS[q]), "value": quotas.get(q, "")} for q in plans.QUOTAS
        ]
        features = set(form.features or [])
        self.f_features = [
            {"name": f, "label": self.t(FEATURE_KEYS[f]), "on": "1" if f in features else ""} for f in plans.FEATURES
        ]
        ids = form.provider_prices or {}
        self.f_provider = {f"{p}_{i}": ids.get(p, {}).get(i, "") for p in plans.PROVIDERS for i in plans.INTERVALS}
        self.problems, self.form_error, self.form_open = {}, "", True

    @rx.event
    @with_admin
    def new_plan(self, session: Session, admin: User):
        """Open an empty form."""
        self.editing_id, self.form_title = 0, self.t("billing.admin.plans.form_new")
        self._fill_form(session, PlanForm(quotas={q: "" for q in plans.QUOTAS}))

    @rx.event
    @with_admin
    def edit_plan(self, session: Session, admin: User, plan_id: int):
        """Open the form of one plan."""
        plan = session.get(Plan, int(plan_id))
        if plan is None:
            return rx.toast.error(self.t("billing.error.plan_not_found"))
        self.editing_id, self.form_title = plan.id or 0, self.t("billing.admin.plans.form_edit", plan=plan.name)
        self._fill_form(session, plans.form_of(plan))
        return None

    @rx.event
    def close_form(self):
        """Leave the form without saving."""
        if not self._is_admin("close_form"):
            return self._denied()
        self.form_open, self.problems, self.form_error = False, {}, ""

    @rx.event
    def form_open_changed(self, is_open: bool):
        """The dialog closed (Escape, a click outside): as Cancel."""
        if not self._is_admin("form_open_changed"):
            return self._denied()
        if not is_open:
            self.form_open, self.problems, self.form_error = False, {}, ""

    @rx.event
    def set_text(self, name: str, value: str):
        """A text field of the form changed."""
        if not self._is_admin("set_text"):
            return self._denied()
        limits = {"f_slug": 40, "f_name": 80, "f_description": 600, "f_sort": 6}
        if name in limits:
            setattr(self, name, str(value)[: limits[name]])

    @rx.event
    def set_flag(self, name: str, value: bool):
        """The default / on-offer switches."""
        if not self._is_admin("set_flag"):
            return self._denied()
        if name in ("f_default", "f_active"):
            setattr(self, name, bool(value))

    @rx.event
    def set_price(self, currency: str, interval: str, value: str):
        """A price changed."""
        if not self._is_admin("set_price"):
            return self._denied()
        if interval not in plans.INTERVALS:
            return
        self.f_prices = [
            {**row, interval: str(value)[:20]} if row["currency"] == currency else row for row in self.f_prices
        ]

    @rx.event
    def set_quota(self, name: str, value: str):
        """A quota changed."""
        if not self._is_admin("set_quota"):
            return self._denied()
        self.f_quotas = [{**row, "value": str(value)[:12]} if row["name"] == name else row for row in self.f_quotas]

    @rx.event
    def set_feature(self, name: str, on: bool):
        """A feature switched on or off."""
        if not self._is_admin("set_feature"):
            return self._denied()
        self.f_features = [{**row, "on": "1" if on else ""} if row["name"] == name else row for row in self.f_features]

    @rx.event
    def set_provider(self, key: str, value: str):
        """A payment provider's price id changed."""
        if not self._is_admin("set_provider"):
            return self._denied()
        if key in self.f_provider:
            self.f_provider = {**self.f_provider, key: str(value)[:120]}

    def _form(self) -> PlanForm:
        return PlanForm(
            slug=self.f_slug,
            name=self.f_name,
            description=self.f_description,
            prices={row["currency"]: {"month": row["month"], "year": row["year"]} for row in self.f_prices},
            quotas={row["name"]: row["value"] for row in self.f_quotas},
            features=[row["name"] for row in self.f_features if row["on"]],
            provider_prices={
                p: {i: self.f_provider.get(f"{p}_{i}", "") for i in plans.INTERVALS} for p in plans.PROVIDERS
            },
            is_default=self.f_default,
            active=self.f_active,
            sort_order=self.f_sort,
        )

    @rx.event
    @with_admin
    def save(self, session: Session, admin: User):
        """Save the form (every problem is shown by its field; nothing is saved while there is one)."""
        try:
            plan = plans.save(session, admin.id or 0, self._form(), self.editing_id or None, ip=self._client().ip)
        except PlanError as exc:
            session.rollback()
            self.problems = {field: self.t(key) for field, key in exc.problems.items() if key in PROBLEM_KEYS}
            self.form_error = self.t(ERROR_KEYS.get(exc.code, "billing.error.invalid"))
            return None
        name = plan.name
        session.commit()
        self.form_open, self.problems, self.form_error = False, {}, ""
        return [PlansState.load, rx.toast.success(self.t("billing.admin.plans.saved", plan=name))]

    @rx.event
    @with_admin
    def set_offered(self, session: Session, admin: User, plan_id: int, active: bool):
        """Archive a plan (off the pricing page; subscribers keep it) or offer it again."""
        try:
            plan = plans.set_active(session, admin.id or 0, int(plan_id), bool(active), ip=self._client().ip)
        except PlanError as exc:
            return rx.toast.error(self.t(ERROR_KEYS.get(exc.code, "billing.error.invalid")))
        done = "billing.admin.plans.restored_done" if active else "billing.admin.plans.archived_done"
        message = self.t(done, plan=plan.name)
        session.commit()
        return [PlansState.load, rx.toast.success(message)]

    @rx.event
    @with_admin
    def delete_plan(self, session: Session, admin: User, plan_id: int):
        """Delete a plan nobody subscribed to."""
        plan = session.get(Plan, int(plan_id))
        name = plan.name if plan is not None else ""
        try:
            plans.delete(session, admin.id or 0, int(plan_id), ip=self._client().ip)
        except PlanError as exc:
            return rx.toast.error(self.t(ERROR_KEYS.get(exc.code, "billing.error.invalid")))
        session.commit()
        return [PlansState.load, rx.toast.success(self.t("billing.admin.plans.deleted", plan=name))]


def _problem(field: str) -> rx.Component:
    return rx.cond(
        PlansState.problems.contains(field),
        rx.text(PlansState.problems[field], size="1", color_scheme="red", role="alert"),
    )


def _labelled(label: str | rx.Var, control: rx.Component, field: str) -> rx.Component:
    return rx.vstack(rx.text(label, size="2", weight="medium"), control, _problem(field), spacing="1", width="100%")


def _price_row(row: Any) -> rx.Component:
    def box(interval: str) -> rx.Component:
        return rx.vstack(
            rx.input(
                value=row[interval],
                on_change=lambda v: PlansState.set_price(row["currency"], interval, v),
                inputmode="decimal",
                placeholder="0.00",
                aria_label=row["currency"] + " " + tr(INTERVAL_WORDS[interval]),
                class_name=f"plan-price-{interval}",
                width="9rem",
            ),
            rx.cond(
                PlansState.problems.contains("price_" + row["currency"] + "_" + interval),
                rx.text(tr("billing.error.price"), size="1", color_scheme="red", role="alert"),
            ),
            spacing="1",
        )

    return rx.hstack(
        rx.text(row["currency"], weight="medium", width="3rem"),
        box("month"),
        rx.text("/", color_scheme="gray"),
        box("year"),
        align="start",
        spacing="2",
        wrap="wrap",
        data_currency=row["currency"],
        class_name="plan-price-row",
    )


def _quota_row(row: Any) -> rx.Component:
    return rx.vstack(
        rx.text(row["label"], size="2"),
        rx.input(
            value=row["value"],
            on_change=lambda v: PlansState.set_quota(row["name"], v),
            inputmode="numeric",
            placeholder=tr("billing.admin.plans.unlimited"),
            aria_label=row["label"],
            id="plan-quota-" + row["name"],
        ),
        rx.cond(
            PlansState.problems.contains(row["name"]),
            rx.text(tr("billing.error.quota"), size="1", color_scheme="red", role="alert"),
        ),
        spacing="1",
    )


def _feature_row(row: Any) -> rx.Component:
    return rx.el.label(
        rx.checkbox(
            checked=row["on"] != "",
            on_change=lambda v: PlansState.set_feature(row["name"], v),
            id="plan-feature-" + row["name"],
        ),
        rx.text(row["label"], size="2"),
        display="flex",
        gap="0.5rem",
        align_items="center",
    )


def _form() -> rx.Component:
    provider_inputs = [
        rx.input(
            value=PlansState.f_provider[f"{p}_{i}"],
            on_change=lambda v, key=f"{p}_{i}": PlansState.set_provider(key, v),
            placeholder=tr(
                "billing.admin.plans.provider_label", provider=PROVIDER_NAMES[p], interval=tr(INTERVAL_WORDS[i])
            ),
            aria_label=tr(
                "billing.admin.plans.provider_label", provider=PROVIDER_NAMES[p], interval=tr(INTERVAL_WORDS[i])
            ),
            id=f"plan-provider-{p}-{i}",
        )
        for p in plans.PROVIDERS
        for i in plans.INTERVALS
    ]
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(PlansState.form_title),
            rx.vstack(
                error_callout(PlansState.form_error, "plan-form-error"),
                rx.grid(
                    _labelled(
                        tr("billing.admin.plans.name"),
                        rx.input(
                            value=PlansState.f_name,
                            on_change=lambda v: PlansState.set_text("f_name", v),
                            id="plan-name",
                        ),
                        "name",
                    ),
                    _labelled(
                        tr("billing.admin.plans.slug"),
                        rx.input(
                            value=PlansState.f_slug,
                            on_change=lambda v: PlansState.set_text("f_slug", v),
                            id="plan-slug",
                        ),
                        "slug",
                    ),
                    columns=rx.breakpoints(initial="1", sm="2"),
                    gap="0.75rem",
                    width="100%",
                ),
                _labelled(
                    tr("billing.admin.plans.description"),
                    rx.text_area(
                        value=PlansState.f_description,
                        on_change=lambda v: PlansState.set_text("f_description", v),
                        id="plan-description",
                        rows="2",
                    ),
                    "description",
                ),
                rx.text(tr("billing.admin.plans.prices"), size="2", weight="medium"),
                rx.vstack(rx.foreach(PlansState.f_prices, _price_row), spacing="2"),
                _problem("prices"),
                rx.text(tr("billing.admin.plans.quotas"), size="2", weight="medium"),
                rx.grid(
                    rx.foreach(PlansState.f_quotas, _quota_row),
                    columns=rx.breakpoints(initial="1", sm="2"),
                    gap="0.75rem",
                ),
                rx.text(tr("billing.admin.plans.features"), size="2", weight="medium"),
                rx.vstack(rx.foreach(PlansState.f_features, _feature_row), spacing="1"),
                _problem("features"),
                rx.text(tr("billing.admin.plans.provider_prices"), size="2", weight="medium"),
                rx.grid(*provider_inputs, columns=rx.breakpoints(initial="1", sm="2"), gap="0.5rem", width="100%"),
                rx.el.label(
                    rx.switch(
                        checked=PlansState.f_default,
                        on_change=lambda v: PlansState.set_flag("f_default", v),
                        id="plan-default",
                    ),
                    rx.text(tr("billing.admin.plans.is_default"), size="2"),
                    display="flex",
                    gap="0.5rem",
                    align_items="center",
                ),
                rx.el.label(
                    rx.switch(
                        checked=PlansState.f_active,
                        on_change=lambda v: PlansState.set_flag("f_active", v),
                        id="plan-active",
                    ),
                    rx.text(tr("billing.admin.plans.active"), size="2"),
                    display="flex",
                    gap="0.5rem",
                    align_items="center",
                ),
                _problem("active"),
                _labelled(
                    tr("billing.admin.plans.sort_order"),
                    rx.input(
                        value=PlansState.f_sort,
                        on_change=lambda v: PlansState.set_text("f_sort", v),
                        inputmode="numeric",
                        width="8rem",
                        id="plan-sort",
                    ),
                    "sort_order",
                ),
                rx.hstack(
                    rx.button(
                        tr("billing.admin.plans.cancel"),
                        variant="soft",
                        color_scheme="gray",
                        on_click=PlansState.close_form,
                    ),
                    rx.button(tr("billing.admin.plans.save"), on_click=PlansState.save, id="plan-save"),
                    justify="end",
                    width="100%",
                    spacing="3",
                ),
                spacing="3",
                width="100%",
            ),
            max_width="44rem",
            id="plan-form",
        ),
        open=PlansState.form_open,
        on_open_change=PlansState.form_open_changed,
    )


def _plan_card(row: Any) -> rx.Component:
    return row_card(
        rx.flex(
            rx.vstack(
                rx.hstack(
                    rx.heading(row["name"], size="4", as_="h2"),
                    rx.code(row["slug"], size="1"),
                    rx.cond(row["default"], rx.badge(tr("billing.admin.plans.default"), color_scheme="teal")),
                    rx.cond(~row["active"], rx.badge(tr("billing.admin.plans.archived"), color_scheme="gray")),
                    align="center",
                    spacing="2",
                    wrap="wrap",
                ),
                rx.text(row["description"], size="2", color_scheme="gray"),
                rx.text(row["prices"], size="2", weight="medium", class_name="plan-prices"),
                meta(rx.foreach(row["quotas"].to(list[str]), lambda q: rx.text(q))),
                rx.cond(
                    row["features"].to(list[str]).length() > 0,
                    meta(rx.foreach(row["features"].to(list[str]), lambda f: rx.badge(f, variant="soft"))),
                ),
                rx.text(row["subscribers"], size="1", color_scheme="gray"),
                spacing="1",
                flex="1",
                min_width="14rem",
            ),
            rx.flex(
                rx.button(
                    tr("billing.admin.plans.edit"),
                    variant="soft",
                    on_click=PlansState.edit_plan(row["id"]),
                    class_name="plan-edit",
                ),
                rx.cond(
                    row["default"],
                    rx.fragment(),
                    rx.cond(
                        row["active"],
                        rx.button(
                            tr("billing.admin.plans.archive"),
                            variant="outline",
                            color_scheme="gray",
                            on_click=PlansState.set_offered(row["id"], False),
                            class_name="plan-archive",
                        ),
                        rx.button(
                            tr("billing.admin.plans.restore"),
                            variant="outline",
                            on_click=PlansState.set_offered(row["id"], True),
                            class_name="plan-restore",
                        ),
                    ),
                ),
                rx.cond(
                    row["deletable"],
                    confirm_dialog(
                        rx.button(
                            tr("billing.admin.plans.delete"),
                            variant="outline",
                            color_scheme="red",
                            class_name="plan-delete",
                        ),
                        tr("billing.admin.plans.delete"),
                        row["delete_text"],
                        tr("billing.admin.plans.delete"),
                        PlansState.delete_plan(row["id"]),
                    ),
                ),
                gap="0.5rem",
                wrap="wrap",
                align="start",
            ),
            gap="1rem",
            wrap="wrap",
            justify="between",
            width="100%",
        ),
        class_name="plan-row",
        data_plan=row["slug"],
    )


@rx.page(
    route=routes.ADMIN_PLANS,
    title=tr("billing.admin.plans.page_title"),
    on_load=[PlansState.require_admin, PlansState.load],
)
def admin_plans_page() -> rx.Component:
    return admin_shell(
        tr("billing.admin.plans.title"),
        routes.ADMIN_PLANS,
        rx.vstack(
            rx.flex(
                intro(tr("billing.admin.plans.intro")),
                rx.spacer(),
                rx.button(
                    rx.icon("plus", size=16), tr("billing.admin.plans.new"), on_click=PlansState.new_plan, id="plan-new"
                ),
                gap="1rem",
                width="100%",
                wrap="wrap",
                align="start",
            ),
            rx.cond(
                PlansState.plans_off,
                rx.callout(tr("billing.admin.plans.off"), icon="info", color_scheme="amber", id="plans-off"),
            ),
            rx.cond(
                PlansState.rows.length() > 0,
                rx.vstack(rx.foreach(PlansState.rows, _plan_card), spacing="3", width="100%", id="plan-list"),
                empty(tr("billing.pricing.empty")),
            ),
            _form(),
            spacing="4",
            width="100%",
        ),
    )
