"""Large practice: indexed infix patient search, and the per-clinic PDF cache.

- patient.search_text holds "first last mrn" in lower case (the app keeps it on every write);
  existing rows are filled here. PostgreSQL gets a trigram GIN index on it (pg_trgm, which
  ships with PostgreSQL) so LIKE '%ana%' is an index scan; SQLite has no trigram index (the
  same index is a plain one there, and search scans the clinic's rows).
- document_cache keeps rendered PDFs (PHI) per clinic, one per patient, kind and variant,
  with the fingerprint of everything that shaped them (ptplan/documents/cache.py).

Revision ID: 0005_large_practice
Revises: 0004_sturdy_under_load
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_large_practice'
down_revision = "0004_sturdy_under_load"
branch_labels = None
depends_on = None


def upgrade():
    postgresql = op.get_bind().dialect.name == 'postgresql'
    with op.batch_alter_table('patient', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.String(length=200), nullable=False, server_default=''))
    # The same value as ptplan.patients.models.search_text_of (SQL lower() is ASCII-only on
    # SQLite; names outside ASCII are refreshed by the app's next write of the row).
    op.execute("UPDATE patient SET search_text = lower(first_name || ' ' || last_name || ' ' || mrn)")
    with op.batch_alter_table('patient', schema=None) as batch_op:
        batch_op.alter_column('search_text', server_default=None)
    if postgresql:
        op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
    op.create_index('ix_patient_search', 'patient', ['search_text'], unique=False,
                    postgresql_using='gin', postgresql_ops={'search_text': 'gin_trgm_ops'})

    op.create_table('document_cache',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('variant', sa.String(length=64), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('filename', sa.String(length=300), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('clinic_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinic.id'], name=op.f('fk_document_cache_clinic_id_clinic')),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_document_cache_patient_id_patient')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_cache')),
    sa.UniqueConstraint('clinic_id', 'patient_id', 'kind', 'variant', name='uq_document_cache_slot')
    )
    with op.batch_alter_table('document_cache', schema=None) as batch_op:
        batch_op.create_index('ix_document_cache_patient', ['patient_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_cache_clinic_id'), ['clinic_id'], unique=False)


def downgrade():
    with op.batch_alter_table('document_cache', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_cache_clinic_id'))
        batch_op.drop_index('ix_document_cache_patient')
    op.drop_table('document_cache')
    op.drop_index('ix_patient_search', table_name='patient')
    with op.batch_alter_table('patient', schema=None) as batch_op:
        batch_op.drop_column('search_text')
