"""known_devices and signin_challenges: the owner gets in while someone guesses their password

Revision ID: b5d2e8c41f07
Revises: 7c41d9e2b6a0
Create Date: 2026-12-06 20:40:00.000000

"""

from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "b5d2e8c41f07"
down_revision: Union[str, Sequence[str], None] = "7c41d9e2b6a0"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Create the two tables (empty: every browser becomes known at its next sign-in)."""
    op.create_table(
        "known_devices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("last_used_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("known_devices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_known_devices_last_used_at"), ["last_used_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_known_devices_token_hash"), ["token_hash"], unique=False)
        batch_op.create_index(batch_op.f("ix_known_devices_user_id"), ["user_id"], unique=False)

    op.create_table(
        "signin_challenges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("code_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("password_ok", sa.Boolean(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("used_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("signin_challenges", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_signin_challenges_expires_at"), ["expires_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_signin_challenges_token_hash"), ["token_hash"], unique=True)
        batch_op.create_index(batch_op.f("ix_signin_challenges_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    """Drop the two tables."""
    with op.batch_alter_table("signin_challenges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signin_challenges_user_id"))
        batch_op.drop_index(batch_op.f("ix_signin_challenges_token_hash"))
        batch_op.drop_index(batch_op.f("ix_signin_challenges_expires_at"))
    op.drop_table("signin_challenges")
    with op.batch_alter_table("known_devices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_known_devices_user_id"))
        batch_op.drop_index(batch_op.f("ix_known_devices_token_hash"))
        batch_op.drop_index(batch_op.f("ix_known_devices_last_used_at"))
    op.drop_table("known_devices")
