"""session_questions.key_points: a follow-up is scored on its own key points

Revision ID: d4f1a7c2e9b3
Revises: b5d2e8c41f07
Create Date: 2026-12-06 23:40:00.000000

"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "d4f1a7c2e9b3"
down_revision: Union[str, Sequence[str], None] = "b5d2e8c41f07"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Add the column, empty for every existing row (older follow-ups are scored as before)."""
    with op.batch_alter_table("session_questions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("key_points", sa.JSON(), server_default="[]", nullable=False))


def downgrade() -> None:
    """Drop the column."""
    with op.batch_alter_table("session_questions", schema=None) as batch_op:
        batch_op.drop_column("key_points")
