"""Initial schema: clinics, users and sessions, patients, the audit trail, evaluations,
outcome scores, plans of care with goals/interventions/libraries, dry-needling screening and
consent, visit notes with billing lines and procedure records, addenda.

Reviewed by hand:
- clinic.logo_file_id -> stored_file is circular with stored_file.clinic_id -> clinic, so on
  PostgreSQL the foreign key is added after both tables exist (SQLite accepts it inline).
- The audit trail is append-only in the database itself: triggers refuse UPDATE and DELETE
  (and TRUNCATE on PostgreSQL), SECURITY.md AUD-04.
- Every clinical invariant from the models is a CHECK constraint here too.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-26

"""
from alembic import op
import sqlalchemy as sa

# A frozen copy of ptplan.audit.models' trigger SQL: migrations must not change with the app.
SQLITE_TRIGGERS = ["CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event\n       BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END", "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event\n       BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END"]
POSTGRES_TRIGGERS = ["CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$\n       BEGIN RAISE EXCEPTION 'audit_event is append-only'; END; $$ LANGUAGE plpgsql", 'CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event\n       FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()', 'CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event\n       FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()']

# revision identifiers, used by Alembic.
revision = '0001_initial'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    dialect = op.get_bind().dialect.name
    # SQLite checks foreign keys at write time, so the circular one can be declared inline.
    clinic_logo_fk = (
        [sa.ForeignKeyConstraint(['logo_file_id'], ['stored_file.id'], name=op.f('fk_clinic_logo_file_id_stored_file'))]
        if dialect == 'sqlite' else []
    )
    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('clinic_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('patient_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=24), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('entity_type', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.String(length=8), nullable=False),
    sa.Column('source_ip', sa.String(length=45), nullable=False),
    sa.Column('detail', sa.String(length=200), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('row_hash', sa.String(length=64), nullable=False),
    sa.CheckConstraint("outcome IN ('success', 'denied', 'failure')", name=op.f('ck_audit_event_outcome')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index('ix_audit_event_occurred_at', ['occurred_at'], unique=False)
        batch_op.create_index('ix_audit_event_patient', ['patient_id', 'occurred_at'], unique=False)
        batch_op.create_index('ix_audit_event_user', ['user_id', 'occurred_at'], unique=False)

    op.create_table('clinic',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=400), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('default_payer_rule', sa.String(length=8), nullable=False),
    sa.Column('page_size', sa.String(length=8), nullable=False),
    sa.Column('logo_file_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("default_payer_rule IN ('cms', 'ama')", name=op.f('ck_clinic_payer_rule')),
    sa.CheckConstraint("page_size IN ('A4', 'LETTER')", name=op.f('ck_clinic_page_size')),
    sa.CheckConstraint('length(name) > 0', name=op.f('ck_clinic_name_not_empty')),
    *clinic_logo_fk,
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clinic'))
    )
    op.create_table('login_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_ip', sa.String(length=45), nullable=False),
    sa.Column('attempted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('succeeded', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_attempt'))
    )
    with op.batch_alter_table('login_attempt', schema=None) as batch_op:
        batch_op.create_index('ix_login_attempt_ip_time', ['source_ip', 'attempted_at'], unique=False)

    op.create_table('manual_technique',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('grade_applies', sa.Boolean(), nullable=False),
    sa.Column('default_minutes', sa.Integer(), nullable=False),
    sa.Column('patient_description', sa.String(length=400), nullable=False),
    sa.Column('is_builtin', sa.Boolean(), nullable=False),
    sa.Column('is_archived', sa.Boolean(), nullable=False),
    sa.Column('clinic_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('default_minutes BETWEEN 1 AND 60', name=op.f('ck_manual_technique_minutes')),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinic.id'], name=op.f('fk_manual_technique_clinic_id_clinic')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_manual_technique')),
    sa.UniqueConstraint('clinic_id', 'slug', name='uq_manual_technique_clinic_slug')
    )
    with op.batch_alter_table('manual_technique', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_manual_technique_clinic_id'), ['clinic_id'], unique=False)

    op.create_table('muscle',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('region', sa.String(length=60), nullable=False),
    sa.Column('has_laterality', sa.Boolean(), nullable=False),
    sa.Column('is_builtin', sa.Boolean(), nullable=False),
    sa.Column('is_archived', sa.Boolean(), nullable=False),
    sa.Column('clinic_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinic.id'], name=op.f('fk_muscle_clinic_id_clinic')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_muscle')),
    sa.UniqueConstraint('clinic_id', 'slug', name='uq_muscle_clinic_slug')
    )
    with op.batch_alter_table('muscle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_muscle_clinic_id'), ['clinic_id'], unique=False)

    op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('clinic_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('full_name', sa.String(length=120), nullable=False),
    sa.Column('credentials', sa.String(length=60), nullable=False),
    sa.Column('licence_number', sa.String(length=40), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('failed_login_count', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('password_changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role IN ('therapist', 'manager', 'admin')", name=op.f('ck_user_role')),
    sa.CheckConstraint('email = lower(email)', name=op.f('ck_user_email_lowercase')),
    sa.CheckConstraint('failed_login_count >= 0', name=op.f('ck_user_failed_login_count')),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinic.id'], name=op.f('fk_user_clinic_id_clinic')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user')),
    sa.UniqueConstraint('email', name=op.f('uq_user_email'))
    )
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_clinic_id'), ['clinic_id'], unique=False)

    op.create_table('patient',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mrn', sa.String(length=32), nullable=False),
    sa.Column('first_name', sa.String(length=80), nullable=False),
    sa.Column('last_name', sa.String(length=80), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=False),
    sa.Column('sex', sa.String(length=8), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('address', sa.String(length=400), nullable=False),
    sa.Column('preferred_language', sa.String(length=8), nullable=False),
    sa.Column('primary_therapist_id', sa.Integer(), nullable=True),
    sa.Column('referring_physician_name', sa.String(length=120), nullable=False),
    sa.Column('referring_physician_npi', sa.String(length=10), nullable=False),
    sa.Column('payer_name', sa.String(length=120), nullable=False),
    sa.Column('payer_rule', sa.String(length=8), nullable=False),
    sa.Column('precaution_notes', sa.String(length=1000), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('clinic_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("payer_rule IN ('cms', 'ama')", name=op.f('ck_patient_payer_rule')),
    sa.CheckConstraint("referring_physician_npi = '' OR length(referring_physician_npi) = 10", name=op.f('ck_patient_npi_length')),
    sa.CheckConstraint("sex IN ('female', 'male', 'other', 'unknown')", name=op.f('ck_patient_sex')),
    sa.CheckConstraint("status IN ('active', 'discharged', 'archived')", name=op.f('ck_patient_status')),
    sa.CheckConstraint('length(mrn) > 0 AND length(last_name) > 0', name=op.f('ck_patient_required_text')),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinic.id'], name=op.f('fk_patient_clinic_id_clinic')),
    sa.ForeignKeyConstraint(['primary_therapist_id'], ['user.id'], name=op.f('fk_patient_primary_therapist_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_patient')),
    sa.UniqueConstraint('clinic_id', 'mrn', name='uq_patient_clinic_mrn')
    )
    with op.batch_alter_table('patient', schema=None) as batch_op:
        batch_op.create_index('ix_patient_clinic_dob', ['clinic_id', 'date_of_birth'], unique=False)
        batch_op.create_index(batch_op.f('ix_patient_clinic_id'), ['clinic_id'], unique=False)
        batch_op.create_index('ix_patient_clinic_name', ['clinic_id', 'last_name', 'first_name'], unique=False)
        batch_op.create_index('ix_patient_clinic_status_therapist', ['clinic_id', 'status', 'primary_therapist_id'], unique=False)

    op.create_table('plan_template',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('is_archived', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('clinic_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinic.id'], name=op.f('fk_plan_template_clinic_id_clinic')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_plan_template_created_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_template')),
    sa.UniqueConstraint('clinic_id', 'name', name='uq_plan_template_clinic_name')
    )
    with op.batch_alter_table('plan_template', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_template_clinic_id'), ['clinic_id'], unique=False)

    op.create_table('stored_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=43), nullable=False),
    sa.Column('mime_type', sa.String(length=40), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('clinic_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("mime_type IN ('image/png', 'image/jpeg', 'application/pdf')", name=op.f('ck_stored_file_mime')),
    sa.CheckConstraint('size_bytes > 0 AND size_bytes <= 10485760', name=op.f('ck_stored_file_size')),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinic.id'], name=op.f('fk_stored_file_clinic_id_clinic')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user.id'], name=op.f('fk_stored_file_uploaded_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stored_file')),
    sa.UniqueConstraint('token', name=op.f('uq_stored_file_token'))
    )
    with op.batch_alter_table('stored_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stored_file_clinic_id'), ['clinic_id'], unique=False)
    if dialect != 'sqlite':
        op.create_foreign_key(op.f('fk_clinic_logo_file_id_stored_file'), 'clinic', 'stored_file', ['logo_file_id'], ['id'])

    op.create_table('user_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('end_reason', sa.String(length=20), nullable=True),
    sa.Column('source_ip', sa.String(length=45), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_user_session_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_user_session_token_hash'))
    )
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.create_index('ix_user_session_user_active', ['user_id', 'ended_at'], unique=False)

    op.create_table('addendum',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('record_type', sa.String(length=20), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('clinic_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("record_type IN ('evaluation', 'visit_note', 'plan_of_care', 'dn_screening', 'dn_consent')", name=op.f('ck_addendum_record_type')),
    sa.CheckConstraint('length(reason) > 0 AND length(body) > 0', name=op.f('ck_addendum_not_empty')),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_addendum_author_id_user')),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinic.id'], name=op.f('fk_addendum_clinic_id_clinic')),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_addendum_patient_id_patient')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_addendum'))
    )
    with op.batch_alter_table('addendum', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_addendum_clinic_id'), ['clinic_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_addendum_patient_id'), ['patient_id'], unique=False)
        batch_op.create_index('ix_addendum_record', ['record_type', 'record_id'], unique=False)

    op.create_table('dn_consent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('consented_on', sa.Date(), nullable=False),
    sa.Column('form_version', sa.String(length=40), nullable=False),
    sa.Column('patient_signature_name', sa.String(length=120), nullable=False),
    sa.Column('witness_name', sa.String(length=120), nullable=False),
    sa.Column('copy_given', sa.Boolean(), nullable=False),
    sa.Column('withdrawn_on', sa.Date(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('clinic_id', sa.Integer(), nullable=False),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('signed_by_id', sa.Integer(), nullable=True),
    sa.Column('content_hash', sa.String(), nullable=True),
    sa.CheckConstraint('length(patient_signature_name) > 0', name=op.f('ck_dn_consent_signature_name')),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinic.id'], name=op.f('fk_dn_consent_clinic_id_clinic')),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_dn_consent_patient_id_patient')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_dn_consent_recorded_by_id_user')),
    sa.ForeignKeyConstraint(['signed_by_id'], ['user.id'], name=op.f('fk_dn_consent_signed_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dn_consent'))
    )
    with op.batch_alter_table('dn_consent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dn_consent_clinic_id'), ['clinic_id'], unique=False)
        batch_op.create_index('ix_dn_consent_patient', ['patient_id', 'consented_on'], unique=False)

    op.create_table('dn_screening',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('screened_on', sa.Date(), nullable=False),
    sa.Column('screened_by_id', sa.Integer(), nullable=False),
    sa.Column('absolute', sa.JSON(), nullable=False),
    sa.Column('relative', sa.JSON(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('clinic_id', sa.Integer(), nullable=False),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('signed_by_id', sa.Integer(), nullable=True),
    sa.Column('content_hash', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinic.id'], name=op.f('fk_dn_screening_clinic_id_clinic')),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_dn_screening_patient_id_patient')),
    sa.ForeignKeyConstraint(['screened_by_id'], ['user.id'], name=op.f('fk_dn_screening_screened_by_id_user')),
    sa.ForeignKeyConstraint(['signed_by_id'], ['user.id'], name=op.f('fk_dn_screening_signed_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dn_screening'))
    )
    with op.batch_alter_table('dn_screening', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dn_screening_clinic_id'), ['clinic_id'], unique=False)
        batch_op.create_index('ix_dn_screening_patient', ['patient_id', 'screened_on'], unique=False)

    op.create_table('evaluation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('therapist_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=14), nullable=False),
    sa.Column('date_of_service', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('chief_complaint', sa.String(length=500), nullable=False),
    sa.Column('onset_date', sa.Date(), nullable=True),
    sa.Column('onset_mechanism', sa.String(length=1000), nullable=False),
    sa.Column('aggravating_factors', sa.String(length=1000), nullable=False),
    sa.Column('easing_factors', sa.String(length=1000), nullable=False),
    sa.Column('patient_goals', sa.String(length=1000), nullable=False),
    sa.Column('red_flag_cauda_equina', sa.Boolean(), nullable=False),
    sa.Column('red_flag_weight_loss', sa.Boolean(), nullable=False),
    sa.Column('red_flag_fever', sa.Boolean(), nullable=False),
    sa.Column('red_flag_cancer_history', sa.Boolean(), nullable=False),
    sa.Column('red_flag_trauma', sa.Boolean(), nullable=False),
    sa.Column('red_flag_notes', sa.String(length=1000), nullable=False),
    sa.Column('pain_regions', sa.JSON(), nullable=False),
    sa.Column('nprs_current', sa.Integer(), nullable=True),
    sa.Column('nprs_best', sa.Integer(), nullable=True),
    sa.Column('nprs_worst', sa.Integer(), nullable=True),
    sa.Column('slr_left_angle', sa.Integer(), nullable=True),
    sa.Column('slr_left_below_knee', sa.Boolean(), nullable=False),
    sa.Column('slr_left_differentiation', sa.String(length=8), nullable=False),
    sa.Column('slr_left_crossed', sa.Boolean(), nullable=False),
    sa.Column('slr_right_angle', sa.Integer(), nullable=True),
    sa.Column('slr_right_below_knee', sa.Boolean(), nullable=False),
    sa.Column('slr_right_differentiation', sa.String(length=8), nullable=False),
    sa.Column('slr_right_crossed', sa.Boolean(), nullable=False),
    sa.Column('rom_flexion', sa.Integer(), nullable=True),
    sa.Column('rom_extension', sa.Integer(), nullable=True),
    sa.Column('rom_side_bend_left', sa.Integer(), nullable=True),
    sa.Column('rom_side_bend_right', sa.Integer(), nullable=True),
    sa.Column('rom_rotation_left', sa.Integer(), nullable=True),
    sa.Column('rom_rotation_right', sa.Integer(), nullable=True),
    sa.Column('neuro_screen', sa.JSON(), nullable=False),
    sa.Column('odi_answers', sa.JSON(), nullable=True),
    sa.Column('fabq_answers', sa.JSON(), nullable=True),
    sa.Column('lefs_answers', sa.JSON(), nullable=True),
    sa.Column('impression', sa.Text(), nullable=False),
    sa.Column('diagnoses', sa.JSON(), nullable=False),
    sa.Column('prognosis', sa.String(length=4), nullable=False),
    sa.Column('prognosis_text', sa.String(length=1000), nullable=False),
    sa.Column('problem_list', sa.Text(), nullable=False),
    sa.Column('clinic_id', sa.Integer(), nullable=False),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('signed_by_id', sa.Integer(), nullable=True),
    sa.Column('content_hash', sa.String(), nullable=True),
    sa.CheckConstraint("kind IN ('initial', 'reevaluation', 'discharge')", name=op.f('ck_evaluation_kind')),
    sa.CheckConstraint("prognosis IN ('', 'good', 'fair', 'poor')", name=op.f('ck_evaluation_prognosis')),
    sa.CheckConstraint("slr_left_differentiation IN ('', 'positive', 'negative')", name=op.f('ck_evaluation_slr_left_diff')),
    sa.CheckConstraint("slr_right_differentiation IN ('', 'positive', 'negative')", name=op.f('ck_evaluation_slr_right_diff')),
    sa.CheckConstraint('nprs_best IS NULL OR nprs_best BETWEEN 0 AND 10', name=op.f('ck_evaluation_nprs_best')),
    sa.CheckConstraint('nprs_current IS NULL OR nprs_current BETWEEN 0 AND 10', name=op.f('ck_evaluation_nprs_current')),
    sa.CheckConstraint('nprs_worst IS NULL OR nprs_worst BETWEEN 0 AND 10', name=op.f('ck_evaluation_nprs_worst')),
    sa.CheckConstraint('rom_extension IS NULL OR rom_extension BETWEEN 0 AND 100', name=op.f('ck_evaluation_rom_extension')),
    sa.CheckConstraint('rom_flexion IS NULL OR rom_flexion BETWEEN 0 AND 100', name=op.f('ck_evaluation_rom_flexion')),
    sa.CheckConstraint('rom_rotation_left IS NULL OR rom_rotation_left BETWEEN 0 AND 100', name=op.f('ck_evaluation_rom_rotation_left')),
    sa.CheckConstraint('rom_rotation_right IS NULL OR rom_rotation_right BETWEEN 0 AND 100', name=op.f('ck_evaluation_rom_rotation_right')),
    sa.CheckConstraint('rom_side_bend_left IS NULL OR rom_side_bend_left BETWEEN 0 AND 100', name=op.f('ck_evaluation_rom_side_bend_left')),
    sa.CheckConstraint('rom_side_bend_right IS NULL OR rom_side_bend_right BETWEEN 0 AND 100', name=op.f('ck_evaluation_rom_side_bend_right')),
    sa.CheckConstraint('slr_left_angle IS NULL OR slr_left_angle BETWEEN 0 AND 120', name=op.f('ck_evaluation_slr_left_angle')),
    sa.CheckConstraint('slr_right_angle IS NULL OR slr_right_angle BETWEEN 0 AND 120', name=op.f('ck_evaluation_slr_right_angle')),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinic.id'], name=op.f('fk_evaluation_clinic_id_clinic')),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_evaluation_patient_id_patient')),
    sa.ForeignKeyConstraint(['signed_by_id'], ['user.id'], name=op.f('fk_evaluation_signed_by_id_user')),
    sa.ForeignKeyConstraint(['therapist_id'], ['user.id'], name=op.f('fk_evaluation_therapist_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation'))
    )
    with op.batch_alter_table('evaluation', schema=None) as batch_op:
        batch_op.create_index('ix_caseload_evaluation_clinic_kind_date', ['clinic_id', 'kind', 'date_of_service', 'therapist_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evaluation_clinic_id'), ['clinic_id'], unique=False)
        batch_op.create_index('ix_evaluation_clinic_therapist_date', ['clinic_id', 'therapist_id', 'date_of_service'], unique=False)
        batch_op.create_index('ix_evaluation_patient_date', ['patient_id', 'date_of_service'], unique=False)

    op.create_table('exercise',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('region', sa.String(length=60), nullable=False),
    sa.Column('steps', sa.JSON(), nullable=False),
    sa.Column('cautions', sa.JSON(), nullable=False),
    sa.Column('default_sets', sa.Integer(), nullable=False),
    sa.Column('default_reps', sa.Integer(), nullable=False),
    sa.Column('default_hold_seconds', sa.Integer(), nullable=False),
    sa.Column('default_times_per_day', sa.Integer(), nullable=False),
    sa.Column('default_days_per_week', sa.Integer(), nullable=False),
    sa.Column('default_side', sa.String(length=8), nullable=False),
    sa.Column('purpose', sa.String(length=300), nullable=False),
    sa.Column('pose', sa.JSON(), nullable=True),
    sa.Column('is_builtin', sa.Boolean(), nullable=False),
    sa.Column('photo_file_id', sa.Integer(), nullable=True),
    sa.Column('is_archived', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('clinic_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("default_side IN ('left', 'right', 'both', 'none')", name=op.f('ck_exercise_side')),
    sa.CheckConstraint('default_days_per_week BETWEEN 1 AND 7', name=op.f('ck_exercise_days_per_week')),
    sa.CheckConstraint('default_hold_seconds BETWEEN 0 AND 300', name=op.f('ck_exercise_hold')),
    sa.CheckConstraint('default_reps BETWEEN 1 AND 100', name=op.f('ck_exercise_reps')),
    sa.CheckConstraint('default_sets BETWEEN 1 AND 10', name=op.f('ck_exercise_sets')),
    sa.CheckConstraint('default_times_per_day BETWEEN 1 AND 10', name=op.f('ck_exercise_times_per_day')),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinic.id'], name=op.f('fk_exercise_clinic_id_clinic')),
    sa.ForeignKeyConstraint(['photo_file_id'], ['stored_file.id'], name=op.f('fk_exercise_photo_file_id_stored_file')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exercise')),
    sa.UniqueConstraint('clinic_id', 'slug', name='uq_exercise_clinic_slug')
    )
    with op.batch_alter_table('exercise', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exercise_clinic_id'), ['clinic_id'], unique=False)

    op.create_table('patient_diagnosis',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('icd10_code', sa.String(length=8), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_patient_diagnosis_patient_id_patient')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_patient_diagnosis')),
    sa.UniqueConstraint('patient_id', 'icd10_code', name='uq_patient_diagnosis_code')
    )
    with op.batch_alter_table('patient_diagnosis', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_patient_diagnosis_patient_id'), ['patient_id'], unique=False)

    op.create_table('patient_precaution',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=24), nullable=False),
    sa.CheckConstraint("code IN ('anticoagulants', 'pregnancy', 'pacemaker', 'needle_phobia', 'lymphedema_left', 'lymphedema_right', 'diabetes', 'immunocompromised', 'epilepsy', 'metal_allergy', 'osteoporosis', 'fall_risk')", name=op.f('ck_patient_precaution_code')),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_patient_precaution_patient_id_patient')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_patient_precaution')),
    sa.UniqueConstraint('patient_id', 'code', name='uq_patient_precaution_code')
    )
    with op.batch_alter_table('patient_precaution', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_patient_precaution_patient_id'), ['patient_id'], unique=False)

    op.create_table('evaluation_psfs_activity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('activity', sa.String(length=120), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.CheckConstraint('length(activity) > 0', name=op.f('ck_evaluation_psfs_activity_activity_not_empty')),
    sa.CheckConstraint('position BETWEEN 0 AND 4', name=op.f('ck_evaluation_psfs_activity_position')),
    sa.CheckConstraint('rating IS NULL OR rating BETWEEN 0 AND 10', name=op.f('ck_evaluation_psfs_activity_rating')),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluation.id'], name=op.f('fk_evaluation_psfs_activity_evaluation_id_evaluation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_psfs_activity'))
    )
    with op.batch_alter_table('evaluation_psfs_activity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_psfs_activity_evaluation_id'), ['evaluation_id'], unique=False)

    op.create_table('evaluation_trigger_point',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('muscle_id', sa.Integer(), nullable=False),
    sa.Column('side', sa.String(length=9), nullable=False),
    sa.Column('reproduces_symptoms', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint("side IN ('left', 'right', 'bilateral', 'midline')", name=op.f('ck_evaluation_trigger_point_side')),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluation.id'], name=op.f('fk_evaluation_trigger_point_evaluation_id_evaluation')),
    sa.ForeignKeyConstraint(['muscle_id'], ['muscle.id'], name=op.f('fk_evaluation_trigger_point_muscle_id_muscle')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_trigger_point'))
    )
    with op.batch_alter_table('evaluation_trigger_point', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_trigger_point_evaluation_id'), ['evaluation_id'], unique=False)

    op.create_table('plan_of_care',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=True),
    sa.Column('lineage_id', sa.Integer(), nullable=True),
    sa.Column('version_number', sa.Integer(), nullable=False),
    sa.Column('previous_version_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=14), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('diagnoses', sa.JSON(), nullable=False),
    sa.Column('frequency_per_week', sa.Integer(), nullable=False),
    sa.Column('duration_weeks', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('cert_start_date', sa.Date(), nullable=False),
    sa.Column('cert_end_date', sa.Date(), nullable=False),
    sa.Column('physician_name', sa.String(length=120), nullable=False),
    sa.Column('physician_npi', sa.String(length=10), nullable=False),
    sa.Column('physician_signed_on', sa.Date(), nullable=True),
    sa.Column('change_summary', sa.Text(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('end_reason', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('clinic_id', sa.Integer(), nullable=False),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('signed_by_id', sa.Integer(), nullable=True),
    sa.Column('content_hash', sa.String(), nullable=True),
    sa.CheckConstraint("physician_npi = '' OR length(physician_npi) = 10", name=op.f('ck_plan_of_care_physician_npi_length')),
    sa.CheckConstraint("status IN ('draft', 'active', 'superseded', 'completed', 'discontinued')", name=op.f('ck_plan_of_care_status')),
    sa.CheckConstraint('cert_end_date >= cert_start_date', name=op.f('ck_plan_of_care_cert_order')),
    sa.CheckConstraint('duration_weeks BETWEEN 1 AND 52', name=op.f('ck_plan_of_care_duration')),
    sa.CheckConstraint('frequency_per_week BETWEEN 1 AND 7', name=op.f('ck_plan_of_care_frequency')),
    sa.CheckConstraint('version_number >= 1', name=op.f('ck_plan_of_care_version_number')),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_plan_of_care_author_id_user')),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinic.id'], name=op.f('fk_plan_of_care_clinic_id_clinic')),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluation.id'], name=op.f('fk_plan_of_care_evaluation_id_evaluation')),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_plan_of_care_patient_id_patient')),
    sa.ForeignKeyConstraint(['previous_version_id'], ['plan_of_care.id'], name=op.f('fk_plan_of_care_previous_version_id_plan_of_care')),
    sa.ForeignKeyConstraint(['signed_by_id'], ['user.id'], name=op.f('fk_plan_of_care_signed_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_of_care')),
    sa.UniqueConstraint('lineage_id', 'version_number', name='uq_plan_of_care_lineage_version')
    )
    with op.batch_alter_table('plan_of_care', schema=None) as batch_op:
        batch_op.create_index('ix_caseload_plan_of_care_clinic_status', ['clinic_id', 'status', 'patient_id', 'lineage_id', 'cert_end_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_of_care_clinic_id'), ['clinic_id'], unique=False)
        batch_op.create_index('ix_plan_of_care_clinic_status', ['clinic_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_of_care_lineage_id'), ['lineage_id'], unique=False)
        batch_op.create_index('ix_plan_of_care_patient_status', ['patient_id', 'status'], unique=False)

    op.create_table('plan_goal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('term', sa.String(length=5), nullable=False),
    sa.Column('description', sa.String(length=400), nullable=False),
    sa.Column('patient_wording', sa.String(length=400), nullable=False),
    sa.Column('measure_code', sa.String(length=8), nullable=True),
    sa.Column('baseline_value', sa.Double(), nullable=True),
    sa.Column('target_value', sa.Double(), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('origin_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("measure_code IS NULL OR measure_code IN ('nprs', 'odi', 'psfs', 'lefs', 'fabq')", name=op.f('ck_plan_goal_measure_code')),
    sa.CheckConstraint("status IN ('active', 'met', 'progressing', 'not_met', 'discontinued')", name=op.f('ck_plan_goal_status')),
    sa.CheckConstraint("term IN ('short', 'long')", name=op.f('ck_plan_goal_term')),
    sa.ForeignKeyConstraint(['plan_id'], ['plan_of_care.id'], name=op.f('fk_plan_goal_plan_id_plan_of_care')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_goal'))
    )
    with op.batch_alter_table('plan_goal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_goal_plan_id'), ['plan_id'], unique=False)

    op.create_table('plan_intervention',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('cpt_code', sa.String(length=8), nullable=False),
    sa.Column('exercise_id', sa.Integer(), nullable=True),
    sa.Column('technique_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('origin_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('dry_needling', 'manual_therapy', 'home_exercise')", name=op.f('ck_plan_intervention_kind')),
    sa.ForeignKeyConstraint(['exercise_id'], ['exercise.id'], name=op.f('fk_plan_intervention_exercise_id_exercise')),
    sa.ForeignKeyConstraint(['plan_id'], ['plan_of_care.id'], name=op.f('fk_plan_intervention_plan_id_plan_of_care')),
    sa.ForeignKeyConstraint(['technique_id'], ['manual_technique.id'], name=op.f('fk_plan_intervention_technique_id_manual_technique')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_intervention'))
    )
    with op.batch_alter_table('plan_intervention', schema=None) as batch_op:
        batch_op.create_index('ix_plan_intervention_plan_kind', ['plan_id', 'kind'], unique=False)

    op.create_table('visit_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('therapist_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('date_of_service', sa.Date(), nullable=False),
    sa.Column('visit_number', sa.Integer(), nullable=False),
    sa.Column('nprs_before', sa.Integer(), nullable=True),
    sa.Column('nprs_after', sa.Integer(), nullable=True),
    sa.Column('total_timed_minutes', sa.Integer(), nullable=False),
    sa.Column('total_treatment_minutes', sa.Integer(), nullable=False),
    sa.Column('payer_rule', sa.String(length=8), nullable=False),
    sa.Column('has_dry_needling', sa.Boolean(), nullable=False),
    sa.Column('has_adverse_event', sa.Boolean(), nullable=False),
    sa.Column('has_urgent_adverse_event', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('subjective', sa.Text(), nullable=False),
    sa.Column('objective', sa.Text(), nullable=False),
    sa.Column('assessment', sa.Text(), nullable=False),
    sa.Column('plan_next', sa.Text(), nullable=False),
    sa.Column('discharge_reason', sa.String(length=300), nullable=False),
    sa.Column('outcome_summary', sa.JSON(), nullable=False),
    sa.Column('clinic_id', sa.Integer(), nullable=False),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('signed_by_id', sa.Integer(), nullable=True),
    sa.Column('content_hash', sa.String(), nullable=True),
    sa.CheckConstraint("kind IN ('daily', 'progress', 'discharge')", name=op.f('ck_visit_note_kind')),
    sa.CheckConstraint('nprs_after IS NULL OR nprs_after BETWEEN 0 AND 10', name=op.f('ck_visit_note_nprs_after')),
    sa.CheckConstraint('nprs_before IS NULL OR nprs_before BETWEEN 0 AND 10', name=op.f('ck_visit_note_nprs_before')),
    sa.CheckConstraint('total_timed_minutes >= 0 AND total_treatment_minutes >= total_timed_minutes', name=op.f('ck_visit_note_minutes')),
    sa.CheckConstraint('visit_number >= 1', name=op.f('ck_visit_note_visit_number')),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinic.id'], name=op.f('fk_visit_note_clinic_id_clinic')),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_visit_note_patient_id_patient')),
    sa.ForeignKeyConstraint(['plan_id'], ['plan_of_care.id'], name=op.f('fk_visit_note_plan_id_plan_of_care')),
    sa.ForeignKeyConstraint(['signed_by_id'], ['user.id'], name=op.f('fk_visit_note_signed_by_id_user')),
    sa.ForeignKeyConstraint(['therapist_id'], ['user.id'], name=op.f('fk_visit_note_therapist_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_note'))
    )
    with op.batch_alter_table('visit_note', schema=None) as batch_op:
        batch_op.create_index('ix_caseload_visit_note_clinic_date', ['clinic_id', 'date_of_service', 'therapist_id', 'kind', 'has_dry_needling', 'has_adverse_event', 'has_urgent_adverse_event', 'visit_number'], unique=False)
        batch_op.create_index('ix_caseload_visit_note_plan_kind', ['plan_id', 'kind', 'visit_number', 'date_of_service'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_note_clinic_id'), ['clinic_id'], unique=False)
        batch_op.create_index('ix_visit_note_clinic_signed', ['clinic_id', 'signed_at', 'created_at'], unique=False)
        batch_op.create_index('ix_visit_note_clinic_therapist_date', ['clinic_id', 'therapist_id', 'date_of_service'], unique=False)
        batch_op.create_index('ix_visit_note_patient_date', ['patient_id', 'date_of_service'], unique=False)
        batch_op.create_index('ix_visit_note_plan', ['plan_id', 'visit_number'], unique=False)

    op.create_table('dn_procedure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('note_id', sa.Integer(), nullable=False),
    sa.Column('technique', sa.String(length=24), nullable=False),
    sa.Column('estim_frequency_hz', sa.Double(), nullable=True),
    sa.Column('estim_intensity_ma', sa.Double(), nullable=True),
    sa.Column('estim_duration_min', sa.Integer(), nullable=True),
    sa.Column('needle_gauge_mm', sa.Double(), nullable=False),
    sa.Column('needle_length_mm', sa.Integer(), nullable=False),
    sa.Column('needles_in', sa.Integer(), nullable=False),
    sa.Column('needles_out', sa.Integer(), nullable=True),
    sa.Column('twitch_grade', sa.String(length=8), nullable=False),
    sa.Column('tolerance', sa.String(length=8), nullable=False),
    sa.Column('response', sa.String(length=1000), nullable=False),
    sa.Column('adverse_events', sa.JSON(), nullable=False),
    sa.Column('sharps_disposed', sa.Boolean(), nullable=False),
    sa.Column('no_injectate', sa.Boolean(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('cpt_code', sa.String(length=8), nullable=False),
    sa.CheckConstraint("cpt_code IN ('20560', '20561')", name=op.f('ck_dn_procedure_cpt_code')),
    sa.CheckConstraint("technique <> 'electrical_stimulation' OR (estim_frequency_hz IS NOT NULL AND estim_intensity_ma IS NOT NULL AND estim_duration_min IS NOT NULL)", name=op.f('ck_dn_procedure_estim_parameters')),
    sa.CheckConstraint("technique IN ('static', 'pistoning', 'electrical_stimulation')", name=op.f('ck_dn_procedure_technique')),
    sa.CheckConstraint("tolerance IN ('good', 'fair', 'poor')", name=op.f('ck_dn_procedure_tolerance')),
    sa.CheckConstraint("twitch_grade IN ('none', 'weak', 'strong')", name=op.f('ck_dn_procedure_twitch_grade')),
    sa.CheckConstraint('minutes BETWEEN 0 AND 120', name=op.f('ck_dn_procedure_minutes')),
    sa.CheckConstraint('needle_gauge_mm > 0 AND needle_gauge_mm < 1', name=op.f('ck_dn_procedure_gauge')),
    sa.CheckConstraint('needle_length_mm BETWEEN 7 AND 150', name=op.f('ck_dn_procedure_length')),
    sa.CheckConstraint('needles_in >= 1 AND (needles_out IS NULL OR needles_out >= 0)', name=op.f('ck_dn_procedure_needles')),
    sa.CheckConstraint('no_injectate', name=op.f('ck_dn_procedure_no_injectate')),
    sa.ForeignKeyConstraint(['note_id'], ['visit_note.id'], name=op.f('fk_dn_procedure_note_id_visit_note')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dn_procedure')),
    sa.UniqueConstraint('note_id', name=op.f('uq_dn_procedure_note_id'))
    )
    op.create_table('intervention_goal',
    sa.Column('intervention_id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['goal_id'], ['plan_goal.id'], name=op.f('fk_intervention_goal_goal_id_plan_goal'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['intervention_id'], ['plan_intervention.id'], name=op.f('fk_intervention_goal_intervention_id_plan_intervention'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('intervention_id', 'goal_id', name=op.f('pk_intervention_goal'))
    )
    op.create_table('note_adherence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('note_id', sa.Integer(), nullable=False),
    sa.Column('plan_intervention_id', sa.Integer(), nullable=True),
    sa.Column('exercise_id', sa.Integer(), nullable=True),
    sa.Column('exercise_name', sa.String(length=120), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint("status = 'done' OR length(reason) > 0", name=op.f('ck_note_adherence_reason_given')),
    sa.CheckConstraint("status IN ('done', 'partly', 'not')", name=op.f('ck_note_adherence_status')),
    sa.ForeignKeyConstraint(['exercise_id'], ['exercise.id'], name=op.f('fk_note_adherence_exercise_id_exercise')),
    sa.ForeignKeyConstraint(['note_id'], ['visit_note.id'], name=op.f('fk_note_adherence_note_id_visit_note')),
    sa.ForeignKeyConstraint(['plan_intervention_id'], ['plan_intervention.id'], name=op.f('fk_note_adherence_plan_intervention_id_plan_intervention')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_note_adherence'))
    )
    with op.batch_alter_table('note_adherence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_note_adherence_note_id'), ['note_id'], unique=False)

    op.create_table('note_billing_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('note_id', sa.Integer(), nullable=False),
    sa.Column('cpt_code', sa.String(length=8), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('units', sa.Integer(), nullable=False),
    sa.Column('is_timed', sa.Boolean(), nullable=False),
    sa.CheckConstraint('minutes >= 0 AND units >= 0', name=op.f('ck_note_billing_line_non_negative')),
    sa.ForeignKeyConstraint(['note_id'], ['visit_note.id'], name=op.f('fk_note_billing_line_note_id_visit_note')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_note_billing_line')),
    sa.UniqueConstraint('note_id', 'cpt_code', name='uq_note_billing_line_code')
    )
    with op.batch_alter_table('note_billing_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_note_billing_line_note_id'), ['note_id'], unique=False)

    op.create_table('note_goal_review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('note_id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.String(length=400), nullable=False),
    sa.Column('measure_code', sa.String(length=8), nullable=True),
    sa.Column('baseline_value', sa.Double(), nullable=True),
    sa.Column('target_value', sa.Double(), nullable=True),
    sa.Column('latest_value', sa.Double(), nullable=True),
    sa.Column('latest_on', sa.Date(), nullable=True),
    sa.Column('change', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('met', 'progressing', 'not_met')", name=op.f('ck_note_goal_review_status')),
    sa.ForeignKeyConstraint(['goal_id'], ['plan_goal.id'], name=op.f('fk_note_goal_review_goal_id_plan_goal')),
    sa.ForeignKeyConstraint(['note_id'], ['visit_note.id'], name=op.f('fk_note_goal_review_note_id_visit_note')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_note_goal_review'))
    )
    with op.batch_alter_table('note_goal_review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_note_goal_review_note_id'), ['note_id'], unique=False)

    op.create_table('note_intervention',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('note_id', sa.Integer(), nullable=False),
    sa.Column('plan_intervention_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('cpt_code', sa.String(length=8), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint('minutes BETWEEN 0 AND 240', name=op.f('ck_note_intervention_minutes')),
    sa.ForeignKeyConstraint(['note_id'], ['visit_note.id'], name=op.f('fk_note_intervention_note_id_visit_note')),
    sa.ForeignKeyConstraint(['plan_intervention_id'], ['plan_intervention.id'], name=op.f('fk_note_intervention_plan_intervention_id_plan_intervention')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_note_intervention'))
    )
    with op.batch_alter_table('note_intervention', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_note_intervention_note_id'), ['note_id'], unique=False)

    op.create_table('outcome_score',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('value', sa.Double(), nullable=False),
    sa.Column('band', sa.String(length=40), nullable=True),
    sa.Column('answers', sa.JSON(), nullable=True),
    sa.Column('subscores', sa.JSON(), nullable=True),
    sa.Column('taken_on', sa.Date(), nullable=False),
    sa.Column('source', sa.String(length=12), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=True),
    sa.Column('visit_note_id', sa.Integer(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('clinic_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("(code = 'nprs' AND value BETWEEN 0 AND 10) OR (code = 'odi' AND value BETWEEN 0 AND 100) OR (code = 'psfs' AND value BETWEEN 0 AND 10) OR (code = 'lefs' AND value BETWEEN 0 AND 80) OR (code = 'fabq' AND value BETWEEN 0 AND 42)", name=op.f('ck_outcome_score_value_range')),
    sa.CheckConstraint("(source = 'evaluation' AND evaluation_id IS NOT NULL AND visit_note_id IS NULL) OR (source = 'visit_note' AND visit_note_id IS NOT NULL AND evaluation_id IS NULL)", name=op.f('ck_outcome_score_source_link')),
    sa.CheckConstraint("code IN ('nprs', 'odi', 'psfs', 'lefs', 'fabq')", name=op.f('ck_outcome_score_code')),
    sa.CheckConstraint("source IN ('evaluation', 'visit_note')", name=op.f('ck_outcome_score_source')),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinic.id'], name=op.f('fk_outcome_score_clinic_id_clinic')),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluation.id'], name=op.f('fk_outcome_score_evaluation_id_evaluation')),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_outcome_score_patient_id_patient')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_outcome_score_recorded_by_id_user')),
    sa.ForeignKeyConstraint(['visit_note_id'], ['visit_note.id'], name=op.f('fk_outcome_score_visit_note_id_visit_note')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome_score'))
    )
    with op.batch_alter_table('outcome_score', schema=None) as batch_op:
        batch_op.create_index('ix_caseload_outcome_score_patient_code', ['patient_id', 'code', 'taken_on', 'id', 'value'], unique=False)
        batch_op.create_index(batch_op.f('ix_outcome_score_clinic_id'), ['clinic_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outcome_score_evaluation_id'), ['evaluation_id'], unique=False)
        batch_op.create_index('ix_outcome_score_patient_code_date', ['patient_id', 'code', 'taken_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_outcome_score_visit_note_id'), ['visit_note_id'], unique=False)

    op.create_table('dn_procedure_muscle',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('procedure_id', sa.Integer(), nullable=False),
    sa.Column('muscle_id', sa.Integer(), nullable=False),
    sa.Column('side', sa.String(length=6), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint("side IN ('left', 'right', 'both', 'none')", name=op.f('ck_dn_procedure_muscle_side')),
    sa.ForeignKeyConstraint(['muscle_id'], ['muscle.id'], name=op.f('fk_dn_procedure_muscle_muscle_id_muscle')),
    sa.ForeignKeyConstraint(['procedure_id'], ['dn_procedure.id'], name=op.f('fk_dn_procedure_muscle_procedure_id_dn_procedure')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dn_procedure_muscle')),
    sa.UniqueConstraint('procedure_id', 'muscle_id', 'side', name='uq_dn_procedure_muscle_side')
    )
    with op.batch_alter_table('dn_procedure_muscle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dn_procedure_muscle_procedure_id'), ['procedure_id'], unique=False)

    for statement in SQLITE_TRIGGERS if dialect == 'sqlite' else POSTGRES_TRIGGERS:
        op.execute(statement)
    # ### end Alembic commands ###


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('DROP TRIGGER IF EXISTS audit_event_no_update')
        op.execute('DROP TRIGGER IF EXISTS audit_event_no_delete')
    else:
        op.execute('DROP TRIGGER IF EXISTS audit_event_no_change ON audit_event')
        op.execute('DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event')
        op.execute('DROP FUNCTION IF EXISTS audit_event_append_only()')
        op.drop_constraint(op.f('fk_clinic_logo_file_id_stored_file'), 'clinic', type_='foreignkey')
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table('dn_procedure_muscle', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dn_procedure_muscle_procedure_id'))

    op.drop_table('dn_procedure_muscle')
    with op.batch_alter_table('outcome_score', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outcome_score_visit_note_id'))
        batch_op.drop_index('ix_outcome_score_patient_code_date')
        batch_op.drop_index(batch_op.f('ix_outcome_score_evaluation_id'))
        batch_op.drop_index(batch_op.f('ix_outcome_score_clinic_id'))
        batch_op.drop_index('ix_caseload_outcome_score_patient_code')

    op.drop_table('outcome_score')
    with op.batch_alter_table('note_intervention', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_note_intervention_note_id'))

    op.drop_table('note_intervention')
    with op.batch_alter_table('note_goal_review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_note_goal_review_note_id'))

    op.drop_table('note_goal_review')
    with op.batch_alter_table('note_billing_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_note_billing_line_note_id'))

    op.drop_table('note_billing_line')
    with op.batch_alter_table('note_adherence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_note_adherence_note_id'))

    op.drop_table('note_adherence')
    op.drop_table('intervention_goal')
    op.drop_table('dn_procedure')
    with op.batch_alter_table('visit_note', schema=None) as batch_op:
        batch_op.drop_index('ix_visit_note_plan')
        batch_op.drop_index('ix_visit_note_patient_date')
        batch_op.drop_index('ix_visit_note_clinic_therapist_date')
        batch_op.drop_index('ix_visit_note_clinic_signed')
        batch_op.drop_index(batch_op.f('ix_visit_note_clinic_id'))
        batch_op.drop_index('ix_caseload_visit_note_plan_kind')
        batch_op.drop_index('ix_caseload_visit_note_clinic_date')

    op.drop_table('visit_note')
    with op.batch_alter_table('plan_intervention', schema=None) as batch_op:
        batch_op.drop_index('ix_plan_intervention_plan_kind')

    op.drop_table('plan_intervention')
    with op.batch_alter_table('plan_goal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_goal_plan_id'))

    op.drop_table('plan_goal')
    with op.batch_alter_table('plan_of_care', schema=None) as batch_op:
        batch_op.drop_index('ix_plan_of_care_patient_status')
        batch_op.drop_index(batch_op.f('ix_plan_of_care_lineage_id'))
        batch_op.drop_index('ix_plan_of_care_clinic_status')
        batch_op.drop_index(batch_op.f('ix_plan_of_care_clinic_id'))
        batch_op.drop_index('ix_caseload_plan_of_care_clinic_status')

    op.drop_table('plan_of_care')
    with op.batch_alter_table('evaluation_trigger_point', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_trigger_point_evaluation_id'))

    op.drop_table('evaluation_trigger_point')
    with op.batch_alter_table('evaluation_psfs_activity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_psfs_activity_evaluation_id'))

    op.drop_table('evaluation_psfs_activity')
    with op.batch_alter_table('patient_precaution', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_patient_precaution_patient_id'))

    op.drop_table('patient_precaution')
    with op.batch_alter_table('patient_diagnosis', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_patient_diagnosis_patient_id'))

    op.drop_table('patient_diagnosis')
    with op.batch_alter_table('exercise', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exercise_clinic_id'))

    op.drop_table('exercise')
    with op.batch_alter_table('evaluation', schema=None) as batch_op:
        batch_op.drop_index('ix_evaluation_patient_date')
        batch_op.drop_index('ix_evaluation_clinic_therapist_date')
        batch_op.drop_index(batch_op.f('ix_evaluation_clinic_id'))
        batch_op.drop_index('ix_caseload_evaluation_clinic_kind_date')

    op.drop_table('evaluation')
    with op.batch_alter_table('dn_screening', schema=None) as batch_op:
        batch_op.drop_index('ix_dn_screening_patient')
        batch_op.drop_index(batch_op.f('ix_dn_screening_clinic_id'))

    op.drop_table('dn_screening')
    with op.batch_alter_table('dn_consent', schema=None) as batch_op:
        batch_op.drop_index('ix_dn_consent_patient')
        batch_op.drop_index(batch_op.f('ix_dn_consent_clinic_id'))

    op.drop_table('dn_consent')
    with op.batch_alter_table('addendum', schema=None) as batch_op:
        batch_op.drop_index('ix_addendum_record')
        batch_op.drop_index(batch_op.f('ix_addendum_patient_id'))
        batch_op.drop_index(batch_op.f('ix_addendum_clinic_id'))

    op.drop_table('addendum')
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.drop_index('ix_user_session_user_active')

    op.drop_table('user_session')
    with op.batch_alter_table('stored_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stored_file_clinic_id'))

    op.drop_table('stored_file')
    with op.batch_alter_table('plan_template', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_template_clinic_id'))

    op.drop_table('plan_template')
    with op.batch_alter_table('patient', schema=None) as batch_op:
        batch_op.drop_index('ix_patient_clinic_status_therapist')
        batch_op.drop_index('ix_patient_clinic_name')
        batch_op.drop_index(batch_op.f('ix_patient_clinic_id'))
        batch_op.drop_index('ix_patient_clinic_dob')

    op.drop_table('patient')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_clinic_id'))

    op.drop_table('user')
    with op.batch_alter_table('muscle', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_muscle_clinic_id'))

    op.drop_table('muscle')
    with op.batch_alter_table('manual_technique', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_manual_technique_clinic_id'))

    op.drop_table('manual_technique')
    with op.batch_alter_table('login_attempt', schema=None) as batch_op:
        batch_op.drop_index('ix_login_attempt_ip_time')

    op.drop_table('login_attempt')
    op.drop_table('clinic')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_event_user')
        batch_op.drop_index('ix_audit_event_patient')
        batch_op.drop_index('ix_audit_event_occurred_at')

    op.drop_table('audit_event')
    # ### end Alembic commands ###
