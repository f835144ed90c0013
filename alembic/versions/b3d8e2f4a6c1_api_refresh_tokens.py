"""api_token_families and api_refresh_tokens: the public API's refresh tokens, rotated on use, revoked by family

Revision ID: b3d8e2f4a6c1
Revises: a7c3e91d5b20
Create Date: 2026-12-07 10:45:00.000000

"""

from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "b3d8e2f4a6c1"
down_revision: Union[str, Sequence[str], None] = "a7c3e91d5b20"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Create both tables."""
    op.create_table(
        "api_token_families",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("last_used_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("revoked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("revoked_reason", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("via", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("user_agent", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("ip", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_api_token_families_user_id"), "api_token_families", ["user_id"], unique=False)
    op.create_index(op.f("ix_api_token_families_expires_at"), "api_token_families", ["expires_at"], unique=False)
    op.create_table(
        "api_refresh_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("used_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["family_id"], ["api_token_families.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_api_refresh_tokens_family_id"), "api_refresh_tokens", ["family_id"], unique=False)
    op.create_index(op.f("ix_api_refresh_tokens_token_hash"), "api_refresh_tokens", ["token_hash"], unique=True)


def downgrade() -> None:
    """Drop both tables."""
    op.drop_index(op.f("ix_api_refresh_tokens_token_hash"), table_name="api_refresh_tokens")
    op.drop_index(op.f("ix_api_refresh_tokens_family_id"), table_name="api_refresh_tokens")
    op.drop_table("api_refresh_tokens")
    op.drop_index(op.f("ix_api_token_families_expires_at"), table_name="api_token_families")
    op.drop_index(op.f("ix_api_token_families_user_id"), table_name="api_token_families")
    op.drop_table("api_token_families")
