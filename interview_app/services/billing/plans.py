"""Plans: what each offers and costs, which one a user is on, the admins' edits, and the quotas they set.

Plans come from a JSON file (PLANS_FILE, else `interview_app/data/plans.json`: Free and Premium), created by
`seed` when their slug is missing; from then on admins edit them in the app (every change in the audit log)
and the file never overwrites them. With PLANS_ENABLED the plan override (`install_quotas`) gives each user
their plan's quotas through `services/shared/limits.py`; without it nothing here changes any limit.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

from babel.numbers import format_currency, get_currency_precision
from pydantic import BaseModel, Field, field_validator, model_validator
from sqlalchemy import func
from sqlmodel import Session, col, select

from interview_app import clock
from interview_app.i18n import t
from interview_app.models import Plan, Subscription
from interview_app.services.shared import audit, limits
from interview_app.services.shared.data_files import validate
from interview_app.settings import ROOT_DIR, get_settings

log = logging.getLogger(__name__)

BUILT_IN_FILE = ROOT_DIR / "interview_app" / "data" / "plans.json"
# What a plan may unlock beyond its quotas (the pricing page names them: strings `billing.feature.<name>`).
FEATURES = ("tailored_interviews", "pdf_reports")
INTERVALS = ("month", "year")
QUOTAS = (
    "interviews_per_day",
    "interviews_per_month",
    "voice_minutes_per_month",
    "llm_answers_per_month",
    "exports_per_day",
)
PROVIDERS = ("stripe", "razorpay")
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
# The largest price an admin may type (in major units) and the largest quota: beyond them it is a typo.
MAX_PRICE = Decimal(1_000_000)
MAX_QUOTA = 1_000_000
# A subscription in these states may still give its plan (see `_gives_plan`).
LIVE_STATUSES = ("active", "past_due", "cancelled")


class PlanError(ValueError):
    """A plan the admin cannot save as it is: `code` (strings `billing.error.<code>`) and per-field problems."""

    def __init__(self, code: str, problems: dict[str, str] | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.problems = problems or {}


class PlanSpec(BaseModel):
    """One plan as the JSON file (or the admin's form) gives it; prices in minor units (cents, paise)."""

    slug: str = Field(pattern=_SLUG.pattern.join("^$"))
    name: str = Field(min_length=1, max_length=80)
    description: str = Field(default="", max_length=500)
    prices: dict[str, dict[Literal["month", "year"], int]] = Field(default_factory=dict)
    interviews_per_day: int | None = Field(default=None, ge=0, le=MAX_QUOTA)
    interviews_per_month: int | None = Field(default=None, ge=0, le=MAX_QUOTA)
    voice_minutes_per_month: int | None = Field(default=None, ge=0, le=MAX_QUOTA)
    llm_answers_per_month: int | None = Field(default=None, ge=0, le=MAX_QUOTA)
    exports_per_day: int | None = Field(default=None, ge=0, le=MAX_QUOTA)
    features: list[Literal["tailored_interviews", "pdf_reports"]] = Field(default_factory=list)
    provider_prices: dict[Literal["stripe", "razorpay"], dict[Literal["month", "year"], str]] = Field(
        default_factory=dict
    )
    is_default: bool = False
    active: bool = True
    sort_order: int = Field(default=0, ge=-1000, le=1000)

    @field_validator("prices")
    @classmethod
    def _prices(cls, value: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
        for currency, amounts in value.items():
            if len(currency) != 3 or not currency.isalpha() or not currency.isupper():
                raise ValueError(f"{currency!r} is not a currency code such as USD")
            if any(amount <= 0 for amount in amounts.values()):
                raise ValueError(f"{currency}: a price must be more than 0")
        return {c: dict(a) for c, a in value.items() if a}

    @model_validator(mode="after")
    def _free_default(self) -> PlanSpec:
        if self.is_default and self.prices:
            raise ValueError("the default plan is everyone's without a subscription: it cannot have prices")
        if self.is_default and not self.active:
            raise ValueError("the default plan must be active")
        if not self.is_default and not self.prices:
            raise ValueError("a plan other than the default needs at least one price")
        return self


def definitions(path: Path | None = None) -> list[PlanSpec]:
    """The plans of PLANS_FILE (or the built-in file), validated.

    Raises:
        PlanError: `file_invalid` with one problem per line, when the file is unreadable or a plan is wrong.

    """
    source = path or (Path(get_settings().plans_file) if get_settings().plans_file else BUILT_IN_FILE)
    problems: list[str] = []
    try:
        raw = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise PlanError("file_invalid", {"file": f"{source}: not readable JSON ({exc})"}) from exc
    if not isinstance(raw, list):
        raise PlanError("file_invalid", {"file": f"{source}: the file must hold a list of plans"})
    specs = [spec for i, item in enumerate(raw) if (spec := validate(PlanSpec, item, f"{source.name}: #{i}", problems))]
    slugs = [s.slug for s in specs]
    if len(set(slugs)) != len(slugs):
        problems.append(f"{source.name}: a slug is used twice")
    if sum(s.is_default for s in specs) != 1:
        problems.append(f"{source.name}: exactly one plan must be the default (is_default)")
    if problems:
        raise PlanError("file_invalid", {str(i): p for i, p in enumerate(problems)})
    return specs


def seed(session: Session, path: Path | None = None) -> int:
    """Create the file's plans whose slug is missing (plans already here are the admins' and stay); how many.

    A file's default plan becomes the default only when no plan is the default yet.
    """
    existing = {p.slug for p in session.exec(select(Plan)).all()}
    has_default = default_plan_row(session) is not None
    created = 0
    for spec in definitions(path):
        if spec.slug in existing:
            continue
        plan = Plan(**_row_values(spec))
        plan.is_default = spec.is_default and not has_default
        has_default = has_default or plan.is_default
        session.add(plan)
        created += 1
    session.flush()
    return created


def _row_values(spec: PlanSpec) -> dict[str, Any]:
    return spec.model_dump()


# ---------------------------------------------------------------- which plan a user is on


def default_plan_row(session: Session) -> Plan | None:
    """The stored default plan (None before `seed`)."""
    query = select(Plan).where(col(Plan.is_default).is_(True)).order_by(col(Plan.id))
    return session.exec(query).first()


def default_plan(session: Session) -> Plan:
    """The plan of everyone without a subscription: the stored default, or the file's (not stored) before `seed`."""
    row = default_plan_row(session)
    if row is not None:
        return row
    spec = next(s for s in definitions() if s.is_default)
    return Plan(**_row_values(spec))


def _gives_plan(sub: Subscription, now: datetime) -> bool:
    """Whether a subscription still gives its plan at `now`.

    Active: yes, unless it was to end at the period's end and that has passed. Past due: until the grace period
    ends. Cancelled (at the period's end): until then. Incomplete and refunded: no.
    """
    period_end = clock.aware(sub.current_period_end) if sub.current_period_end else None
    if sub.status == "active":
        return not (sub.cancel_at_period_end and period_end is not None and period_end <= now)
    if sub.status == "past_due":
        return sub.grace_until is None or clock.aware(sub.grace_until) > now
    if sub.status == "cancelled":
        return period_end is not None and period_end > now
    return False


def subscription_for(session: Session, user_id: int, now: datetime | None = None) -> Subscription | None:
    """The subscription that gives the user their plan now, if any (the newest, when several do)."""
    now = clock.aware(now or clock.utcnow())
    query = (
        select(Subscription)
        .where(Subscription.user_id == user_id, col(Subscription.status).in_(LIVE_STATUSES))
        .order_by(col(Subscription.updated_at).desc(), col(Subscription.id).desc())
    )
    return next((s for s in session.exec(query).all() if _gives_plan(s, now)), None)


def plan_for(session: Session, user_id: int, now: datetime | None = None) -> Plan:
    """The plan the user is on: their live subscription's, else the default plan."""
    sub = subscription_for(session, user_id, now)
    plan = session.get(Plan, sub.plan_id) if sub is not None else None
    return plan or default_plan(session)


def has_feature(session: Session, user_id: int, feature: str) -> bool:
    """Whether the user's plan unlocks `feature` (always, when plans are off)."""
    if not get_settings().plans_enabled:
        return True
    return feature in plan_for(session, user_id).features


# The sentence of a feature the candidate's plan does not include.
_LOCKED_TEXT = {
    "tailored_interviews": "billing.locked.tailored_interviews",
    "pdf_reports": "billing.locked.pdf_reports",
}


class FeatureLocked(Exception):
    """The user's plan does not include `feature`; `plan` is its name. `message()` says so, for people."""

    def __init__(self, feature: str, plan: str) -> None:
        super().__init__(f"{feature} is not part of the {plan} plan")
        self.feature, self.plan = feature, plan

    @property
    def code(self) -> str:
        """The stable code for programs: `plan_feature`."""
        return "plan_feature"

    def message(self, lang: str = "en") -> str:
        """E.g. "Tailored interviews are part of Premium, not of your Free plan. Upgrade to build one."."""
        return t(_LOCKED_TEXT[self.feature], lang, plan=self.plan)


def require_feature(session: Session, user_id: int, feature: str) -> None:
    """Refuse what the user's plan does not include (nothing is refused with plans off).

    Raises:
        FeatureLocked: the plan lacks `feature`.

    """
    if get_settings().plans_enabled:
        plan = plan_for(session, user_id)
        if feature not in plan.features:
            raise FeatureLocked(feature, plan.name)


# ---------------------------------------------------------------- quotas through the limits


def plan_limits(session: Session, user_id: int, base: limits.Limits) -> limits.Limits:
    """The user's limits with their plan's quotas (None: unlimited); the per-minute and hourly rules stay."""
    plan = plan_for(session, user_id)
    return base.replace(**{q: getattr(plan, q) for q in QUOTAS}, source=plan.name)


def install_quotas() -> bool:
    """Register the plans' quotas with the limits when PLANS_ENABLED is on (at start-up); whether it did."""
    enabled = get_settings().plans_enabled
    limits.set_plan_override(plan_limits if enabled else None)
    return enabled


# ---------------------------------------------------------------- listing and the admins' edits


def active_plans(session: Session) -> list[Plan]:
    """The plans on offer (the pricing page), in their order."""
    query = select(Plan).where(col(Plan.active).is_(True)).order_by(col(Plan.sort_order), col(Plan.id))
    return list(session.exec(query).all())


def all_plans(session: Session) -> list[Plan]:
    """Every plan, archived ones too (the admin page)."""
    return list(session.exec(select(Plan).order_by(col(Plan.sort_order), col(Plan.id))).all())


def subscriber_counts(session: Session) -> dict[int, int]:
    """How many subscriptions that give a plan each plan has (by plan id)."""
    query = (
        select(Subscription.plan_id, func.count())
        .where(col(Subscription.status).in_(LIVE_STATUSES))
        .group_by(col(Subscription.plan_id))
    )
    return {int(plan_id): int(n) for plan_id, n in session.exec(query).all()}


@dataclass
class PlanForm:
    """The admin's form as typed: every field a string; prices in major units ("12.00"), blank quota: unlimited.

    `prices` is `{"USD": {"month": "12.00", "year": ""}}`, `provider_prices` `{"stripe": {"month": "price_..."}}`.
    """

    slug: str = ""
    name: str = ""
    description: str = ""
    prices: dict[str, dict[str, str]] | None = None
    quotas: dict[str, str] | None = None
    features: list[str] | None = None
    provider_prices: dict[str, dict[str, str]] | None = None
    is_default: bool = False
    active: bool = True
    sort_order: str = "0"


def minor_units(text: str, currency: str) -> int | None:
    """A typed price ("12", "12.5", "1,200.00") in minor units of `currency`; None when blank.

    Raises:
        ValueError: not a price (negative, too many decimals for the currency, too large).

    """
    cleaned = text.strip().replace(",", "").replace(" ", "")
    if not cleaned:
        return None
    try:
        amount = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError("not a number") from exc
    digits = get_currency_precision(currency)
    scaled = amount.scaleb(digits)
    if not amount.is_finite() or amount <= 0 or amount > MAX_PRICE or scaled != scaled.to_integral_value():
        raise ValueError("not a price")
    return int(scaled)


def major_units(amount: int, currency: str) -> str:
    """Minor units as the admin's form shows them ("12.00")."""
    digits = get_currency_precision(currency)
    return f"{Decimal(amount).scaleb(-digits):.{digits}f}"


def price_text(amount: int, currency: str, locale: str = "en") -> str:
    """A price in words for the pricing page: "$12.00", "₹999.00"."""
    digits = get_currency_precision(currency)
    return format_currency(Decimal(amount).scaleb(-digits), currency, locale=locale)


def parse_form(form: PlanForm) -> PlanSpec:
    """The admin's form as a plan, or every problem at once, by field.

    Raises:
        PlanError: `invalid` with `problems` {field: string key}.

    """
    problems: dict[str, str] = {}
    prices: dict[str, dict[str, int]] = {}
    for currency, amounts in (form.prices or {}).items():
        for interval in INTERVALS:
            try:
                value = minor_units(amounts.get(interval, ""), currency)
            except ValueError:
                problems[f"price_{currency}_{interval}"] = "billing.error.price"
                continue
            if value is not None:
                prices.setdefault(currency, {})[interval] = value
    quotas: dict[str, int | None] = {}
    for name in QUOTAS:
        text = (form.quotas or {}).get(name, "").strip().replace(",", "")
        if not text:
            quotas[name] = None
        elif text.isdigit() and int(text) <= MAX_QUOTA:
            quotas[name] = int(text)
        else:
            problems[name] = "billing.error.quota"
    slug, name = form.slug.strip().lower(), form.name.strip()
    if not _SLUG.fullmatch(slug):
        problems["slug"] = "billing.error.slug"
    if not 1 <= len(name) <= 80:
        problems["name"] = "billing.error.name"
    if len(form.description.strip()) > 500:
        problems["description"] = "billing.error.description"
    features = [f for f in (form.features or []) if f]
    if any(f not in FEATURES for f in features):
        problems["features"] = "billing.error.features"
    order = form.sort_order.strip() or "0"
    if not order.lstrip("-").isdigit() or not -1000 <= int(order) <= 1000:
        problems["sort_order"] = "billing.error.sort_order"
    provider_prices = {
        p: {i: v.strip()[:120] for i, v in ids.items() if i in INTERVALS and v.strip()}
        for p, ids in (form.provider_prices or {}).items()
        if p in PROVIDERS
    }
    if not problems and form.is_default and prices:
        problems["prices"] = "billing.error.default_has_prices"
    if not problems and form.is_default and not form.active:
        problems["active"] = "billing.error.default_inactive"
    if not problems and not form.is_default and not prices:
        problems["prices"] = "billing.error.no_price"
    if problems:
        raise PlanError("invalid", problems)
    return PlanSpec.model_validate(
        {
            "slug": slug,
            "name": name,
            "description": form.description.strip(),
            "prices": prices,
            "features": features,
            "provider_prices": {p: ids for p, ids in provider_prices.items() if ids},
            "is_default": form.is_default,
            "active": form.active,
            "sort_order": int(order),
            **quotas,
        }
    )


def form_of(plan: Plan) -> PlanForm:
    """A stored plan as the admin's form shows it."""
    return PlanForm(
        slug=plan.slug,
        name=plan.name,
        description=plan.description,
        prices={c: {i: major_units(a, c) for i, a in amounts.items()} for c, amounts in plan.prices.items()},
        quotas={q: "" if getattr(plan, q) is None else str(getattr(plan, q)) for q in QUOTAS},
        features=list(plan.features),
        provider_prices={p: dict(ids) for p, ids in plan.provider_prices.items()},
        is_default=plan.is_default,
        active=plan.active,
        sort_order=str(plan.sort_order),
    )


def _snapshot(plan: Plan) -> dict[str, Any]:
    return {
        "slug": plan.slug,
        "name": plan.name,
        "description": plan.description,
        "prices": plan.prices,
        **{q: getattr(plan, q) for q in QUOTAS},
        "features": plan.features,
        "provider_prices": plan.provider_prices,
        "is_default": plan.is_default,
        "active": plan.active,
        "sort_order": plan.sort_order,
    }


def save(session: Session, admin_id: int, form: PlanForm, plan_id: int | None = None, ip: str = "") -> Plan:
    """Create a plan (no `plan_id`) or change one; the change is in the audit log with what changed.

    Making a plan the default takes that from the plan that was; the default plan cannot be archived or made
    not the default directly (make another plan the default instead).

    Raises:
        PlanError: `invalid` (with problems), `plan_not_found`, `slug_taken`, `default_needed`.

    """
    spec = parse_form(form)
    plan = session.get(Plan, plan_id) if plan_id is not None else Plan(slug=spec.slug, name=spec.name)
    if plan is None:
        raise PlanError("plan_not_found")
    taken = session.exec(select(Plan).where(Plan.slug == spec.slug, col(Plan.id) != (plan_id or -1))).first()
    if taken is not None:
        raise PlanError("invalid", {"slug": "billing.error.slug_taken"})
    if plan_id is not None and plan.is_default and not spec.is_default:
        raise PlanError("default_needed")
    before = _snapshot(plan) if plan_id is not None else {}
    for key, value in spec.model_dump().items():
        setattr(plan, key, value)
    plan.updated_at = clock.utcnow()
    if spec.is_default:
        for other in session.exec(select(Plan).where(col(Plan.is_default).is_(True))).all():
            if other.id != plan.id:
                other.is_default, other.updated_at = False, plan.updated_at
                session.add(other)
    session.add(plan)
    session.flush()
    after = _snapshot(plan)
    changed = sorted(k for k in after if before.get(k) != after[k]) if before else []
    if plan_id is None:
        audit.record(session, "plan.created", actor_user_id=admin_id, ip=ip, plan=plan.slug, values=after)
    elif changed:
        audit.record(
            session,
            "plan.updated",
            actor_user_id=admin_id,
            ip=ip,
            plan=plan.slug,
            changed=changed,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return plan


def set_active(session: Session, admin_id: int, plan_id: int, active: bool, ip: str = "") -> Plan:
    """Offer a plan again or archive it (its subscribers keep it; it leaves the pricing page).

    Raises:
        PlanError: `plan_not_found`, `default_inactive` (the default plan stays on offer).

    """
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise PlanError("plan_not_found")
    if plan.is_default and not active:
        raise PlanError("default_inactive")
    if plan.active != active:
        plan.active, plan.updated_at = active, clock.utcnow()
        session.add(plan)
        audit.record(
            session, "plan.restored" if active else "plan.archived", actor_user_id=admin_id, ip=ip, plan=plan.slug
        )
    return plan


def delete(session: Session, admin_id: int, plan_id: int, ip: str = "") -> None:
    """Delete a plan nobody ever subscribed to (otherwise archive it: payments and history point at it).

    Raises:
        PlanError: `plan_not_found`, `default_delete`, `plan_in_use`.

    """
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise PlanError("plan_not_found")
    if plan.is_default:
        raise PlanError("default_delete")
    used = session.exec(select(func.count()).where(Subscription.plan_id == plan_id)).one()
    if used:
        raise PlanError("plan_in_use")
    audit.record(session, "plan.deleted", actor_user_id=admin_id, ip=ip, plan=plan.slug, values=_snapshot(plan))
    session.delete(plan)
    session.flush()
