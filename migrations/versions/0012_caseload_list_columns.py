"""The caseload read model keeps what its drill-down lists sort by and show per row.

``caseload_plan_status`` and ``caseload_patient_outcome`` get the patient's last and first name
(the lists' default order: a page of 25 is picked from the read model instead of walking every
patient of the clinic in name order), and ``caseload_patient_outcome`` the first and latest NPRS
and ODI scores behind its stored changes (read before by eight index probes per listed patient).
"Active patients" in name order gets an index that serves a page as an index range.

The note lists' default order (newest first, then the note id) becomes an index order: the
clinic/date index of visit notes gets the note id as its third column, and unsigned notes get
a partial index of their own (only unsigned notes are in it).

Existing rows are filled here with the same definitions the application uses
(``ptplan.caseload.summary``): the patient's current name, and a measure's first and latest
score (by date taken, then id) only when the patient has at least two scores of it.

Revision ID: 0012_caseload_list_columns
Revises: 0011_plan_lineage_not_null
Create Date: 2026-12-02

"""

import sqlalchemy as sa
from alembic import op

revision = "0012_caseload_list_columns"
down_revision = "0011_plan_lineage_not_null"
branch_labels = None
depends_on = None

# ix_caseload_visit_note_clinic_date as 0001 created it (the note id goes in third).
_NOTE_DATE = (
    "clinic_id",
    "date_of_service",
    "therapist_id",
    "kind",
    "has_dry_needling",
    "has_adverse_event",
    "has_urgent_adverse_event",
    "visit_number",
)
FILL_NAMES = {
    "caseload_plan_status": """
UPDATE caseload_plan_status SET
    last_name = (SELECT patient.last_name FROM patient WHERE patient.id = caseload_plan_status.patient_id),
    first_name = (SELECT patient.first_name FROM patient WHERE patient.id = caseload_plan_status.patient_id)
""",
    "caseload_patient_outcome": """
UPDATE caseload_patient_outcome SET
    last_name = (SELECT patient.last_name FROM patient WHERE patient.id = caseload_patient_outcome.patient_id),
    first_name = (SELECT patient.first_name FROM patient WHERE patient.id = caseload_patient_outcome.patient_id)
""",
}
# A measure's first and latest score, only with at least two scores of it (else NULL).
FILL_SCORES = """
UPDATE caseload_patient_outcome SET
    nprs_first = CASE WHEN (SELECT count(*) FROM outcome_score AS score
        WHERE score.patient_id = caseload_patient_outcome.patient_id AND score.code = 'nprs') >= 2
        THEN (SELECT score.value FROM outcome_score AS score
              WHERE score.patient_id = caseload_patient_outcome.patient_id AND score.code = 'nprs'
              ORDER BY score.taken_on ASC, score.id ASC LIMIT 1) END,
    nprs_latest = CASE WHEN (SELECT count(*) FROM outcome_score AS score
        WHERE score.patient_id = caseload_patient_outcome.patient_id AND score.code = 'nprs') >= 2
        THEN (SELECT score.value FROM outcome_score AS score
              WHERE score.patient_id = caseload_patient_outcome.patient_id AND score.code = 'nprs'
              ORDER BY score.taken_on DESC, score.id DESC LIMIT 1) END,
    odi_first = CASE WHEN (SELECT count(*) FROM outcome_score AS score
        WHERE score.patient_id = caseload_patient_outcome.patient_id AND score.code = 'odi') >= 2
        THEN (SELECT score.value FROM outcome_score AS score
              WHERE score.patient_id = caseload_patient_outcome.patient_id AND score.code = 'odi'
              ORDER BY score.taken_on ASC, score.id ASC LIMIT 1) END,
    odi_latest = CASE WHEN (SELECT count(*) FROM outcome_score AS score
        WHERE score.patient_id = caseload_patient_outcome.patient_id AND score.code = 'odi') >= 2
        THEN (SELECT score.value FROM outcome_score AS score
              WHERE score.patient_id = caseload_patient_outcome.patient_id AND score.code = 'odi'
              ORDER BY score.taken_on DESC, score.id DESC LIMIT 1) END
"""


def upgrade():
    for table in ("caseload_plan_status", "caseload_patient_outcome"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("last_name", sa.String(length=80), nullable=True))
            batch_op.add_column(sa.Column("first_name", sa.String(length=80), nullable=True))
        op.execute(FILL_NAMES[table])
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("last_name", existing_type=sa.String(length=80), nullable=False)
            batch_op.alter_column("first_name", existing_type=sa.String(length=80), nullable=False)
    with op.batch_alter_table("caseload_plan_status", schema=None) as batch_op:
        batch_op.create_index(
            "ix_caseload_plan_status_names",
            ["clinic_id", "patient_count", "last_name", "first_name", "patient_id"],
            unique=False,
        )

    with op.batch_alter_table("caseload_patient_outcome", schema=None) as batch_op:
        for name in ("nprs_first", "nprs_latest", "odi_first", "odi_latest"):
            batch_op.add_column(sa.Column(name, sa.Double(), nullable=True))
    op.execute(FILL_SCORES)

    with op.batch_alter_table("visit_note", schema=None) as batch_op:
        batch_op.drop_index("ix_caseload_visit_note_clinic_date")
        batch_op.create_index("ix_caseload_visit_note_clinic_date", [*_NOTE_DATE[:2], "id", *_NOTE_DATE[2:]])
        batch_op.create_index(
            "ix_caseload_visit_note_unsigned_date",
            ["clinic_id", "date_of_service", "id", "created_at"],
            unique=False,
            postgresql_where=sa.text("signed_at IS NULL"),
            sqlite_where=sa.text("signed_at IS NULL"),
        )


def downgrade():
    with op.batch_alter_table("visit_note", schema=None) as batch_op:
        batch_op.drop_index("ix_caseload_visit_note_unsigned_date")
        batch_op.drop_index("ix_caseload_visit_note_clinic_date")
        batch_op.create_index("ix_caseload_visit_note_clinic_date", list(_NOTE_DATE))
    with op.batch_alter_table("caseload_patient_outcome", schema=None) as batch_op:
        for name in ("odi_latest", "odi_first", "nprs_latest", "nprs_first", "first_name", "last_name"):
            batch_op.drop_column(name)
    with op.batch_alter_table("caseload_plan_status", schema=None) as batch_op:
        batch_op.drop_index("ix_caseload_plan_status_names")
        batch_op.drop_column("first_name")
        batch_op.drop_column("last_name")
