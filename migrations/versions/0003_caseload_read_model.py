"""Caseload read model: per-plan status, per-patient outcome change, note counts per day.

Kept current in the same transaction by ptplan.caseload.summary's flush listener; the
dashboard reads these instead of aggregating every note. Existing databases fill them once
with `flask --app wsgi rebuild-caseload-summary` (`make run` does it after migrating).
Also three covering indexes on visit_note for the unsigned, discharge and per-patient reads.

Revision ID: 0003_caseload_read_model
Revises: 0002_second_factor
Create Date: 2026-11-26

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003_caseload_read_model'
down_revision = "0002_second_factor"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('caseload_note_day',
    sa.Column('clinic_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('therapist_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('visits', sa.Integer(), nullable=False),
    sa.Column('discharges', sa.Integer(), nullable=False),
    sa.Column('discharge_visits', sa.Integer(), nullable=False),
    sa.Column('dry_needling', sa.Integer(), nullable=False),
    sa.Column('adverse_events', sa.Integer(), nullable=False),
    sa.Column('urgent_adverse_events', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinic.id'], name=op.f('fk_caseload_note_day_clinic_id_clinic'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('clinic_id', 'day', 'therapist_id', name=op.f('pk_caseload_note_day'))
    )
    op.create_table('caseload_patient_outcome',
    sa.Column('patient_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('clinic_id', sa.Integer(), nullable=False),
    sa.Column('therapist_id', sa.Integer(), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('nprs_change', sa.Double(), nullable=True),
    sa.Column('odi_change', sa.Double(), nullable=True),
    sa.Column('reached_mcid', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinic.id'], name=op.f('fk_caseload_patient_outcome_clinic_id_clinic'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_caseload_patient_outcome_patient_id_patient'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('patient_id', name=op.f('pk_caseload_patient_outcome'))
    )
    with op.batch_alter_table('caseload_patient_outcome', schema=None) as batch_op:
        batch_op.create_index('ix_caseload_patient_outcome_clinic', ['clinic_id', 'is_active', 'therapist_id', 'nprs_change', 'odi_change', 'reached_mcid'], unique=False)

    op.create_table('caseload_plan_status',
    sa.Column('plan_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('clinic_id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('therapist_id', sa.Integer(), nullable=False),
    sa.Column('cert_end_date', sa.Date(), nullable=False),
    sa.Column('physician_signed_on', sa.Date(), nullable=True),
    sa.Column('first_visit', sa.Date(), nullable=True),
    sa.Column('visits_since_progress', sa.Integer(), nullable=False),
    sa.Column('patient_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinic.id'], name=op.f('fk_caseload_plan_status_clinic_id_clinic'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_caseload_plan_status_patient_id_patient'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['plan_id'], ['plan_of_care.id'], name=op.f('fk_caseload_plan_status_plan_id_plan_of_care'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('plan_id', name=op.f('pk_caseload_plan_status'))
    )
    with op.batch_alter_table('caseload_plan_status', schema=None) as batch_op:
        batch_op.create_index('ix_caseload_plan_status_clinic', ['clinic_id', 'therapist_id', 'patient_id', 'cert_end_date', 'physician_signed_on', 'first_visit', 'visits_since_progress', 'patient_count'], unique=False)
        batch_op.create_index('ix_caseload_plan_status_patient_id', ['patient_id'], unique=False)

    with op.batch_alter_table('visit_note', schema=None) as batch_op:
        batch_op.create_index('ix_caseload_visit_note_discharge', ['clinic_id', 'kind', 'date_of_service', 'patient_id'], unique=False)
        batch_op.create_index('ix_caseload_visit_note_unsigned', ['clinic_id', 'signed_at', 'created_at', 'therapist_id'], unique=False)
        batch_op.create_index('ix_visit_note_patient_signed', ['patient_id', 'signed_at', 'created_at'], unique=False)



def downgrade():
    with op.batch_alter_table('visit_note', schema=None) as batch_op:
        batch_op.drop_index('ix_visit_note_patient_signed')
        batch_op.drop_index('ix_caseload_visit_note_unsigned')
        batch_op.drop_index('ix_caseload_visit_note_discharge')

    with op.batch_alter_table('caseload_plan_status', schema=None) as batch_op:
        batch_op.drop_index('ix_caseload_plan_status_patient_id')
        batch_op.drop_index('ix_caseload_plan_status_clinic')

    op.drop_table('caseload_plan_status')
    with op.batch_alter_table('caseload_patient_outcome', schema=None) as batch_op:
        batch_op.drop_index('ix_caseload_patient_outcome_clinic')

    op.drop_table('caseload_patient_outcome')
    op.drop_table('caseload_note_day')
