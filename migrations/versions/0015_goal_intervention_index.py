"""An index on intervention_goal.goal_id.

The link table's primary key (intervention_id, goal_id) serves "the goals of an intervention";
the plan page also loads "the interventions of these goals", which without an index on goal_id
scanned the links of every plan in the database: 12 ms at 20,000 patients on SQLite, growing
with the practice (issue #12: every page <= 5x the trivial page at the large scale).

Revision ID: 0015_goal_intervention_index
Revises: 0014_chart_version
Create Date: 2026-12-02

"""

from alembic import op

revision = "0015_goal_intervention_index"
down_revision = "0014_chart_version"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_intervention_goal_goal", "intervention_goal", ["goal_id"])


def downgrade():
    op.drop_index("ix_intervention_goal_goal", table_name="intervention_goal")
