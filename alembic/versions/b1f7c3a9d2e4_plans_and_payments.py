"""Plans and payments: plans, subscriptions, provider events, payments and usage costs

Revision ID: b1f7c3a9d2e4
Revises: ebb2fff58a66
Create Date: 2026-12-07 14:05:00.000000

"""

from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "b1f7c3a9d2e4"
down_revision: Union[str, Sequence[str], None] = "ebb2fff58a66"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Five new tables; the plans themselves are seeded by `setup` / `seed` from the settings."""
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("prices", sa.JSON(), nullable=False),
        sa.Column("interviews_per_day", sa.Integer(), nullable=True),
        sa.Column("interviews_per_month", sa.Integer(), nullable=True),
        sa.Column("voice_minutes_per_month", sa.Integer(), nullable=True),
        sa.Column("llm_answers_per_month", sa.Integer(), nullable=True),
        sa.Column("exports_per_day", sa.Integer(), nullable=True),
        sa.Column("features", sa.JSON(), nullable=False),
        sa.Column("provider_prices", sa.JSON(), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("slug"),
    )
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("provider", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("provider_customer_id", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("provider_subscription_id", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("interval", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("currency", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("current_period_end", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("cancel_at_period_end", sa.Boolean(), nullable=False),
        sa.Column("grace_until", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("last_event_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("provider", "provider_subscription_id"),
    )
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_subscriptions_user_id"), ["user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_subscriptions_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_subscriptions_status"), ["status"], unique=False)
    op.create_table(
        "billing_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("event_id", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("type", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("received_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("processed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("provider", "event_id"),
    )
    with op.batch_alter_table("billing_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_billing_events_type"), ["type"], unique=False)
    op.create_table(
        "payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("subscription_id", sa.Integer(), nullable=True),
        sa.Column("provider", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("provider_payment_id", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("currency", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("paid_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("refunded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("refunded_amount", sa.Integer(), nullable=False),
        sa.Column("invoice_number", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["subscription_id"], ["subscriptions.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("invoice_number"),
        sa.UniqueConstraint("provider", "provider_payment_id"),
    )
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payments_user_id"), ["user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_payments_subscription_id"), ["subscription_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_payments_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_payments_created_at"), ["created_at"], unique=False)
    op.create_table(
        "usage_costs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("interview_session_id", sa.Integer(), nullable=True),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("prompt_tokens", sa.Integer(), nullable=False),
        sa.Column("completion_tokens", sa.Integer(), nullable=False),
        sa.Column("model", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("cost_micros", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["interview_session_id"], ["interview_sessions.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("usage_costs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_usage_costs_user_id"), ["user_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_usage_costs_interview_session_id"), ["interview_session_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_usage_costs_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_usage_costs_created_at"), ["created_at"], unique=False)


def downgrade() -> None:
    """Drop the five tables (subscriptions, payments and provider events with them)."""
    with op.batch_alter_table("usage_costs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_usage_costs_created_at"))
        batch_op.drop_index(batch_op.f("ix_usage_costs_kind"))
        batch_op.drop_index(batch_op.f("ix_usage_costs_interview_session_id"))
        batch_op.drop_index(batch_op.f("ix_usage_costs_user_id"))
    op.drop_table("usage_costs")
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payments_created_at"))
        batch_op.drop_index(batch_op.f("ix_payments_status"))
        batch_op.drop_index(batch_op.f("ix_payments_subscription_id"))
        batch_op.drop_index(batch_op.f("ix_payments_user_id"))
    op.drop_table("payments")
    with op.batch_alter_table("billing_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_billing_events_type"))
    op.drop_table("billing_events")
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subscriptions_status"))
        batch_op.drop_index(batch_op.f("ix_subscriptions_plan_id"))
        batch_op.drop_index(batch_op.f("ix_subscriptions_user_id"))
    op.drop_table("subscriptions")
    op.drop_table("plans")
