"""Every plan belongs to a lineage: plan_of_care.lineage_id becomes NOT NULL.

A first version's lineage id is its own id. Rows written before the application set it in the
same INSERT (older code set it after the first flush, so a failed request could leave it empty)
get their own id, which is what every reader already assumed (``coalesce(lineage_id, id)``).

Revision ID: 0011_plan_lineage_not_null
Revises: 0010_recovery_amendments
Create Date: 2026-12-02

"""

import sqlalchemy as sa
from alembic import op

revision = "0011_plan_lineage_not_null"
down_revision = "0010_recovery_amendments"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("UPDATE plan_of_care SET lineage_id = id WHERE lineage_id IS NULL")
    with op.batch_alter_table("plan_of_care", schema=None) as batch_op:
        batch_op.alter_column("lineage_id", existing_type=sa.Integer(), nullable=False)


def downgrade():
    with op.batch_alter_table("plan_of_care", schema=None) as batch_op:
        batch_op.alter_column("lineage_id", existing_type=sa.Integer(), nullable=True)
