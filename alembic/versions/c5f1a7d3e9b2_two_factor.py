"""two_factor, two_factor_recovery_codes, two_factor_devices: two-factor sign-in (TOTP, recovery codes, remembered devices)

Revision ID: c5f1a7d3e9b2
Revises: b3d8e2f4a6c1
Create Date: 2026-12-07 10:50:00.000000

"""

from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "c5f1a7d3e9b2"
down_revision: Union[str, Sequence[str], None] = "b3d8e2f4a6c1"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Create the three tables."""
    op.create_table(
        "two_factor",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("secret", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("enabled_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("last_step", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id"),
    )
    op.create_table(
        "two_factor_recovery_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("used_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_two_factor_recovery_codes_user_id"), "two_factor_recovery_codes", ["user_id"], unique=False
    )
    op.create_index(
        op.f("ix_two_factor_recovery_codes_code_hash"), "two_factor_recovery_codes", ["code_hash"], unique=False
    )
    op.create_table(
        "two_factor_devices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("label", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("ip", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("last_used_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("revoked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_two_factor_devices_user_id"), "two_factor_devices", ["user_id"], unique=False)
    op.create_index(op.f("ix_two_factor_devices_token_hash"), "two_factor_devices", ["token_hash"], unique=False)
    op.create_index(op.f("ix_two_factor_devices_expires_at"), "two_factor_devices", ["expires_at"], unique=False)


def downgrade() -> None:
    """Drop the three tables."""
    op.drop_index(op.f("ix_two_factor_devices_expires_at"), table_name="two_factor_devices")
    op.drop_index(op.f("ix_two_factor_devices_token_hash"), table_name="two_factor_devices")
    op.drop_index(op.f("ix_two_factor_devices_user_id"), table_name="two_factor_devices")
    op.drop_table("two_factor_devices")
    op.drop_index(op.f("ix_two_factor_recovery_codes_code_hash"), table_name="two_factor_recovery_codes")
    op.drop_index(op.f("ix_two_factor_recovery_codes_user_id"), table_name="two_factor_recovery_codes")
    op.drop_table("two_factor_recovery_codes")
    op.drop_table("two_factor")
