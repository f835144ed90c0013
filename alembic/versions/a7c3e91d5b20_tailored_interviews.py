"""Tailored interviews: candidates' job descriptions and CVs, tailored interviews, candidates' own questions

Revision ID: a7c3e91d5b20
Revises: a7c3e9f1b2d4
Create Date: 2026-12-07 05:40:00.000000

"""

from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "a7c3e91d5b20"
down_revision: Union[str, Sequence[str], None] = "a7c3e9f1b2d4"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Two new tables and questions.owner_id (empty for every bank question)."""
    op.create_table(
        "candidate_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("filename", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("media_type", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), server_default="", nullable=False),
        sa.Column("extracted", sa.JSON(), nullable=False),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("candidate_documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_candidate_documents_user_id"), ["user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_candidate_documents_kind"), ["kind"], unique=False)
    op.create_table(
        "tailored_interviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=True),
        sa.Column("cv_id", sa.Integer(), nullable=True),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("company", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("picks", sa.JSON(), nullable=False),
        sa.Column("fit", sa.JSON(), nullable=False),
        sa.Column("fit_from_answers", sa.Boolean(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["session_id"], ["interview_sessions.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["job_id"], ["candidate_documents.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["cv_id"], ["candidate_documents.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("session_id"),
    )
    with op.batch_alter_table("tailored_interviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tailored_interviews_user_id"), ["user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tailored_interviews_job_id"), ["job_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tailored_interviews_cv_id"), ["cv_id"], unique=False)
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_questions_owner_id"), ["owner_id"], unique=False)
        batch_op.create_foreign_key("fk_questions_owner_id_users", "users", ["owner_id"], ["id"], ondelete="CASCADE")


def downgrade() -> None:
    """Drop the candidates' own questions, the column and the two tables."""
    op.execute("DELETE FROM questions WHERE owner_id IS NOT NULL")
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.drop_constraint("fk_questions_owner_id_users", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_questions_owner_id"))
        batch_op.drop_column("owner_id")
    with op.batch_alter_table("tailored_interviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tailored_interviews_cv_id"))
        batch_op.drop_index(batch_op.f("ix_tailored_interviews_job_id"))
        batch_op.drop_index(batch_op.f("ix_tailored_interviews_user_id"))
    op.drop_table("tailored_interviews")
    with op.batch_alter_table("candidate_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_candidate_documents_kind"))
        batch_op.drop_index(batch_op.f("ix_candidate_documents_user_id"))
    op.drop_table("candidate_documents")
