"""github_profiles and github_cache: a candidate's public GitHub profile and GitHub's answers kept with their ETags

Revision ID: a7c3e9f1b2d4
Revises: f2a9c4e7b1d5
Create Date: 2026-12-07 05:40:00.000000

"""

from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "a7c3e9f1b2d4"
down_revision: Union[str, Sequence[str], None] = "f2a9c4e7b1d5"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Create both tables."""
    op.create_table(
        "github_profiles",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("username", sqlmodel.sql.sqltypes.AutoString(length=39), nullable=False),
        sa.Column("github_id", sa.Integer(), nullable=True),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("fetched_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id"),
    )
    op.create_table(
        "github_cache",
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("etag", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("link", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("body", sa.JSON(), nullable=True),
        sa.Column("fetched_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("url"),
    )


def downgrade() -> None:
    """Drop both tables."""
    op.drop_table("github_cache")
    op.drop_table("github_profiles")
