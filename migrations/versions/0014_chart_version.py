"""Chart versions: patient.chart_version and clinic.chart_version.

Each rises in the same commit as any change the patient's chart shows (the patient's records, or
a clinic-wide row such as a user's name or the exercise library), so a rendered chart can be
kept until its versions move (ptplan.patients.chart_cache). Existing rows start at 0.

Revision ID: 0014_chart_version
Revises: 0012_caseload_list_columns
Create Date: 2026-12-02

"""

import sqlalchemy as sa
from alembic import op

revision = "0014_chart_version"
down_revision = "0012_caseload_list_columns"
branch_labels = None
depends_on = None


def upgrade():
    for table in ("patient", "clinic"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("chart_version", sa.BigInteger(), server_default="0", nullable=False))


def downgrade():
    for table in ("clinic", "patient"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("chart_version")
