"""Clinic review of translated patient documents: reviewed texts with corrections, and reviewers.

translation_review holds one row per clinic, language and English text (keyed by its SHA-256)
once a reviewer corrected or approved it; shipped translations without a row are "not yet
reviewed". translation_reviewer marks which users review which language.

Revision ID: 0008_translation_review
Revises: 0007_body_regions_library
Create Date: 2026-12-02

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0008_translation_review'
down_revision = "0007_body_regions_library"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('translation_review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('message_key', sa.String(length=64), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('override_text', sa.Text(), nullable=True),
    sa.Column('reviewed_text', sa.Text(), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('clinic_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('(reviewed_text IS NULL AND reviewed_by_id IS NULL AND reviewed_at IS NULL) OR (reviewed_text IS NOT NULL AND reviewed_by_id IS NOT NULL AND reviewed_at IS NOT NULL)', name=op.f('ck_translation_review_review_complete')),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinic.id'], name=op.f('fk_translation_review_clinic_id_clinic')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['user.id'], name=op.f('fk_translation_review_reviewed_by_id_user')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_translation_review_updated_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_translation_review')),
    sa.UniqueConstraint('clinic_id', 'language', 'message_key', name='uq_translation_review_text')
    )
    with op.batch_alter_table('translation_review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_translation_review_clinic_id'), ['clinic_id'], unique=False)

    op.create_table('translation_reviewer',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_translation_reviewer_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'language', name=op.f('pk_translation_reviewer'))
    )


def downgrade():
    op.drop_table('translation_reviewer')
    with op.batch_alter_table('translation_review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_translation_review_clinic_id'))

    op.drop_table('translation_review')
