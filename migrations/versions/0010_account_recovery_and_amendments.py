"""Account recovery and patient amendment requests.

Password-reset links and two-step recovery codes (hashes only), a flag that makes a user enrol
a second factor again after an admin reset it, the browser of each server-side session, and
patients' amendment requests (HIPAA §164.526, SECURITY.md NOTE-04).

Revision ID: 0010_recovery_amendments
Revises: 0009_fhir_api_tokens
Create Date: 2026-12-02

"""

import sqlalchemy as sa
from alembic import op

revision = "0010_recovery_amendments"
down_revision = "0009_fhir_api_tokens"
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN: a batch rebuild of "user" on SQLite would drop a table every row references.
    op.add_column(
        "user", sa.Column("mfa_must_enrol", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.add_column(
        "user_session", sa.Column("user_agent", sa.String(length=200), nullable=False, server_default="")
    )
    op.create_table(
        "password_reset_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "expires_at > created_at", name=op.f("ck_password_reset_link_expires_after_issue")
        ),
        sa.ForeignKeyConstraint(
            ["issued_by_id"], ["user.id"], name=op.f("fk_password_reset_link_issued_by_id_user")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_password_reset_link_user_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_reset_link")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_password_reset_link_token_hash")),
    )
    op.create_index(
        "ix_password_reset_link_user", "password_reset_link", ["user_id", "used_at"], unique=False
    )
    op.create_table(
        "recovery_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_recovery_code_user_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recovery_code")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_recovery_code_code_hash")),
    )
    op.create_index("ix_recovery_code_user", "recovery_code", ["user_id", "used_at"], unique=False)
    op.create_table(
        "amendment_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("record_type", sa.String(length=20), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("requested_by", sa.String(length=120), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("requested_change", sa.Text(), nullable=False),
        sa.Column("request_reason", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("extended_due_on", sa.Date(), nullable=True),
        sa.Column("extension_reason", sa.Text(), nullable=True),
        sa.Column("extended_by_id", sa.Integer(), nullable=True),
        sa.Column("extended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("addendum_id", sa.Integer(), nullable=True),
        sa.Column("disagreement", sa.Text(), nullable=True),
        sa.Column("disagreement_received_on", sa.Date(), nullable=True),
        sa.Column("disagreement_recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("rebuttal", sa.Text(), nullable=True),
        sa.Column("rebuttal_by_id", sa.Integer(), nullable=True),
        sa.Column("rebuttal_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("clinic_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('open', 'accepted', 'denied')", name=op.f("ck_amendment_request_status")
        ),
        sa.CheckConstraint(
            "record_type IN ('evaluation', 'visit_note', 'plan_of_care')",
            name=op.f("ck_amendment_request_record_type"),
        ),
        sa.CheckConstraint("due_on > received_on", name=op.f("ck_amendment_request_due_after_received")),
        sa.CheckConstraint(
            "extended_due_on IS NULL OR extended_due_on > due_on",
            name=op.f("ck_amendment_request_extension_later"),
        ),
        sa.CheckConstraint(
            "(extended_due_on IS NULL) = (extension_reason IS NULL)",
            name=op.f("ck_amendment_request_extension_has_reason"),
        ),
        sa.CheckConstraint(
            "status != 'accepted' OR addendum_id IS NOT NULL",
            name=op.f("ck_amendment_request_accepted_has_addendum"),
        ),
        sa.CheckConstraint(
            "status != 'denied' OR decision_reason IS NOT NULL",
            name=op.f("ck_amendment_request_denied_has_reason"),
        ),
        sa.CheckConstraint(
            "rebuttal IS NULL OR disagreement IS NOT NULL",
            name=op.f("ck_amendment_request_rebuttal_needs_disagreement"),
        ),
        sa.CheckConstraint(
            "length(requested_change) > 0 AND length(request_reason) > 0",
            name=op.f("ck_amendment_request_not_empty"),
        ),
        sa.ForeignKeyConstraint(
            ["addendum_id"], ["addendum.id"], name=op.f("fk_amendment_request_addendum_id_addendum")
        ),
        sa.ForeignKeyConstraint(
            ["clinic_id"], ["clinic.id"], name=op.f("fk_amendment_request_clinic_id_clinic")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["user.id"], name=op.f("fk_amendment_request_decided_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["disagreement_recorded_by_id"],
            ["user.id"],
            name=op.f("fk_amendment_request_disagreement_recorded_by_id_user"),
        ),
        sa.ForeignKeyConstraint(
            ["extended_by_id"], ["user.id"], name=op.f("fk_amendment_request_extended_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patient.id"], name=op.f("fk_amendment_request_patient_id_patient")
        ),
        sa.ForeignKeyConstraint(
            ["rebuttal_by_id"], ["user.id"], name=op.f("fk_amendment_request_rebuttal_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["user.id"], name=op.f("fk_amendment_request_recorded_by_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_amendment_request")),
    )
    op.create_index(
        "ix_amendment_request_open", "amendment_request", ["clinic_id", "status", "due_on"], unique=False
    )
    op.create_index(op.f("ix_amendment_request_clinic_id"), "amendment_request", ["clinic_id"], unique=False)
    op.create_index(
        op.f("ix_amendment_request_patient_id"), "amendment_request", ["patient_id"], unique=False
    )


def downgrade():
    op.drop_index(op.f("ix_amendment_request_patient_id"), table_name="amendment_request")
    op.drop_index(op.f("ix_amendment_request_clinic_id"), table_name="amendment_request")
    op.drop_index("ix_amendment_request_open", table_name="amendment_request")
    op.drop_table("amendment_request")
    op.drop_index("ix_recovery_code_user", table_name="recovery_code")
    op.drop_table("recovery_code")
    op.drop_index("ix_password_reset_link_user", table_name="password_reset_link")
    op.drop_table("password_reset_link")
    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.drop_column("user_agent")
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("mfa_must_enrol")
