"""user_stats.history: each finished interview's scores in one row for the progress page

Revision ID: 7c41d9e2b6a0
Revises: e51c86f1633f
Create Date: 2026-12-02 02:45:00.000000

"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "7c41d9e2b6a0"
down_revision: Union[str, Sequence[str], None] = "e51c86f1633f"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Add the column; rows are filled as sessions are summed up, or on the next page load."""
    with op.batch_alter_table("user_stats", schema=None) as batch_op:
        batch_op.add_column(sa.Column("history", sa.JSON(), server_default="[]", nullable=False))
    # Existing rows are rebuilt on first read (an empty history with sessions > 0 is treated as stale).


def downgrade() -> None:
    """Drop the column."""
    with op.batch_alter_table("user_stats", schema=None) as batch_op:
        batch_op.drop_column("history")
