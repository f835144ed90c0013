"""questions.language, quiz_questions.language, interview_sessions.language: content in English or Korean

Revision ID: ebb2fff58a66
Revises: c5f1a7d3e9b2
Create Date: 2026-12-07 10:40:00.000000

"""

from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "ebb2fff58a66"
down_revision: Union[str, Sequence[str], None] = "c5f1a7d3e9b2"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Add the language columns; every existing row is English."""
    for table in ("questions", "quiz_questions"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False, server_default="en")
            )
            batch.create_index(f"ix_{table}_language", ["language"], unique=False)
    with op.batch_alter_table("interview_sessions") as batch:
        batch.add_column(
            sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False, server_default="en")
        )


def downgrade() -> None:
    """Drop the language columns."""
    with op.batch_alter_table("interview_sessions") as batch:
        batch.drop_column("language")
    for table in ("quiz_questions", "questions"):
        with op.batch_alter_table(table) as batch:
            batch.drop_index(f"ix_{table}_language")
            batch.drop_column("language")
