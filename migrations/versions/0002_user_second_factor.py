"""Second factor for users: TOTP secret, enabled flag, last accepted time step (AUTH-06).

Revision ID: 0002_second_factor
Revises: 0001_initial
Create Date: 2026-11-26

"""

import sqlalchemy as sa
from alembic import op

revision = "0002_second_factor"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN on every backend: a batch rebuild of "user" on SQLite would have to
    # drop a table that every clinical row references.
    op.add_column("user", sa.Column("totp_secret", sa.String(length=64), nullable=True))
    op.add_column("user", sa.Column("mfa_enabled", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("user", sa.Column("totp_last_step", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("totp_last_step")
        batch_op.drop_column("mfa_enabled")
        batch_op.drop_column("totp_secret")
