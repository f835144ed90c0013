"""Plans and payments: the plans on offer, who is subscribed to which, what the providers told us, and costs.

Prices are in minor units (cents, paise). A quota of `None` means unlimited. Payment rows are kept for
accounting when an account is deleted (their `user_id` becomes empty); usage costs are kept the same way,
so the platform's spending per day stays true.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from interview_app.clock import utcnow


class Plan(SQLModel, table=True):
    """A plan a candidate can be on: its prices per currency and interval, its quotas and its features.

    `prices` is `{"USD": {"month": 1200, "year": 12000}, "INR": {"month": 99900}}`; `provider_prices` holds
    each payment provider's own price ids, `{"stripe": {"month": "price_..."}, "razorpay": {"month": "plan_..."}}`.
    The one plan with `is_default` is the plan of everyone without a subscription.
    """

    __tablename__ = "plans"  # pyright: ignore[reportAssignmentType]

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=40, unique=True)
    name: str = Field(max_length=80)
    description: str = Field(default="", max_length=500)
    prices: dict[str, dict[str, int]] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    interviews_per_day: int | None = None
    interviews_per_month: int | None = None
    voice_minutes_per_month: int | None = None
    llm_answers_per_month: int | None = None
    exports_per_day: int | None = None
    features: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    provider_prices: dict[str, dict[str, str]] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    is_default: bool = False
    active: bool = True
    sort_order: int = 0
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Subscription(SQLModel, table=True):
    """A candidate's subscription to a plan, as the payment provider's events left it.

    `last_event_at` is the provider's time of the last event applied, so an older event arriving late
    changes nothing. `provider_subscription_id` is empty until the provider has created the subscription.
    """

    __tablename__ = "subscriptions"  # pyright: ignore[reportAssignmentType]
    __table_args__ = (UniqueConstraint("provider", "provider_subscription_id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    plan_id: int = Field(foreign_key="plans.id", index=True)
    provider: str = Field(max_length=20)
    provider_customer_id: str = Field(default="", max_length=120)
    provider_subscription_id: str | None = Field(default=None, max_length=120)
    status: str = Field(default="incomplete", max_length=20, index=True)
    interval: str = Field(default="month", max_length=10)
    currency: str = Field(default="USD", max_length=3)
    current_period_end: datetime | None = None
    cancel_at_period_end: bool = False
    grace_until: datetime | None = None
    last_event_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class BillingEvent(SQLModel, table=True):
    """A webhook event from a payment provider, stored once (a replay finds it and does nothing)."""

    __tablename__ = "billing_events"  # pyright: ignore[reportAssignmentType]
    __table_args__ = (UniqueConstraint("provider", "event_id"),)

    id: int | None = Field(default=None, primary_key=True)
    provider: str = Field(max_length=20)
    event_id: str = Field(max_length=120)
    type: str = Field(max_length=80, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    received_at: datetime = Field(default_factory=utcnow)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    processed_at: datetime | None = None
    outcome: str = Field(default="", max_length=200)


class Payment(SQLModel, table=True):
    """Money received (or refused, or given back) for a subscription, with its invoice number."""

    __tablename__ = "payments"  # pyright: ignore[reportAssignmentType]
    __table_args__ = (UniqueConstraint("provider", "provider_payment_id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int | None = Field(default=None, foreign_key="users.id", index=True, ondelete="SET NULL")
    subscription_id: int | None = Field(default=None, foreign_key="subscriptions.id", index=True, ondelete="SET NULL")
    provider: str = Field(max_length=20)
    provider_payment_id: str = Field(max_length=120)
    amount: int = 0
    currency: str = Field(default="USD", max_length=3)
    status: str = Field(default="paid", max_length=12, index=True)
    paid_at: datetime | None = None
    refunded_at: datetime | None = None
    refunded_amount: int = 0
    invoice_number: str | None = Field(default=None, max_length=30, unique=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)


class UsageCost(SQLModel, table=True):
    """What one call to a paid engine cost: Whisper seconds or LLM tokens, priced in micro-units.

    `cost_micros` is in millionths of BILLING_COST_CURRENCY, priced when the row was written.
    """

    __tablename__ = "usage_costs"  # pyright: ignore[reportAssignmentType]

    id: int | None = Field(default=None, primary_key=True)
    user_id: int | None = Field(default=None, foreign_key="users.id", index=True, ondelete="SET NULL")
    interview_session_id: int | None = Field(
        default=None, foreign_key="interview_sessions.id", index=True, ondelete="SET NULL"
    )
    kind: str = Field(max_length=10, index=True)
    seconds: float = 0.0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    model: str = Field(default="", max_length=80)
    cost_micros: int = 0
    created_at: datetime = Field(default_factory=utcnow, index=True)
