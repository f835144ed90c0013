"""answers.key_point_verdicts: an answer's key points are matched once, for the follow-up and the score

Revision ID: f2a9c4e7b1d5
Revises: d4f1a7c2e9b3
Create Date: 2026-12-07 02:45:00.000000

"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "f2a9c4e7b1d5"
down_revision: Union[str, Sequence[str], None] = "d4f1a7c2e9b3"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Add the column, empty for every existing row (their key points are matched again when scored)."""
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("key_point_verdicts", sa.JSON(), server_default="{}", nullable=False))


def downgrade() -> None:
    """Drop the column."""
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.drop_column("key_point_verdicts")
