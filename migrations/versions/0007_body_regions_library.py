"""Every body region: NDI and QuickDASH scores, region tags, lung-field and nerve flags.

- outcome_score.code, plan_goal.measure_code and note_goal_review.measure_code widen to 16
  characters ("quickdash_sports"), and the code and value-range checks admit the NDI
  (0-100 %), QuickDASH and its work and sports modules (0-100).
- evaluation gains NDI and QuickDASH answer lists, the body regions examined, the special
  tests grid and the regional range of motion (all JSON, validated by the form and rules).
- exercise gains region and equipment tags (the plan builder filters by them).
- muscle gains is_over_lung_field and structure_at_risk (DOMAIN.md "Dry needling by
  region"); dn_procedure gains lung_field_technique_confirmed.

Revision ID: 0007_body_regions_library
Revises: 0005_large_practice
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_body_regions_library'
down_revision = "0005_large_practice"
branch_labels = None
depends_on = None

OLD_CODES = ('nprs', 'odi', 'psfs', 'lefs', 'fabq')
NEW_CODES = OLD_CODES + ('ndi', 'quickdash', 'quickdash_work', 'quickdash_sports')
OLD_RANGES = {'nprs': 10, 'odi': 100, 'psfs': 10, 'lefs': 80, 'fabq': 42}
NEW_RANGES = dict(OLD_RANGES, ndi=100, quickdash=100, quickdash_work=100, quickdash_sports=100)


def _codes(codes):
    return ', '.join(f"'{code}'" for code in codes)


def _ranges(ranges):
    return ' OR '.join(f"(code = '{code}' AND value BETWEEN 0 AND {high})" for code, high in ranges.items())


def _measure_codes(codes, ranges, length):
    with op.batch_alter_table('outcome_score', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_outcome_score_code'), type_='check')
        batch_op.drop_constraint(op.f('ck_outcome_score_value_range'), type_='check')
        batch_op.alter_column('code', existing_type=sa.String(length=16 if length == 8 else 8),
                              type_=sa.String(length=length), existing_nullable=False)
        batch_op.create_check_constraint('code', f"code IN ({_codes(codes)})")
        batch_op.create_check_constraint('value_range', _ranges(ranges))
    with op.batch_alter_table('plan_goal', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_plan_goal_measure_code'), type_='check')
        batch_op.alter_column('measure_code', existing_type=sa.String(length=16 if length == 8 else 8),
                              type_=sa.String(length=length), existing_nullable=True)
        batch_op.create_check_constraint(
            'measure_code', f"measure_code IS NULL OR measure_code IN ({_codes(codes)})")
    with op.batch_alter_table('note_goal_review', schema=None) as batch_op:
        batch_op.alter_column('measure_code', existing_type=sa.String(length=16 if length == 8 else 8),
                              type_=sa.String(length=length), existing_nullable=True)


def upgrade():
    _measure_codes(NEW_CODES, NEW_RANGES, 16)
    with op.batch_alter_table('evaluation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ndi_answers', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('quickdash_answers', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('body_regions', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('special_tests', sa.JSON(), nullable=False, server_default='{}'))
        batch_op.add_column(sa.Column('region_rom', sa.JSON(), nullable=False, server_default='{}'))
    with op.batch_alter_table('exercise', schema=None) as batch_op:
        batch_op.add_column(sa.Column('region_tags', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('equipment', sa.JSON(), nullable=False, server_default='[]'))
    with op.batch_alter_table('muscle', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_over_lung_field', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('structure_at_risk', sa.String(length=120), nullable=False,
                                      server_default=''))
    with op.batch_alter_table('dn_procedure', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lung_field_technique_confirmed', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    # The server defaults only fill existing rows; the models set every value themselves.
    for table, columns in (
        ('evaluation', ('body_regions', 'special_tests', 'region_rom')),
        ('exercise', ('region_tags', 'equipment')),
        ('muscle', ('is_over_lung_field', 'structure_at_risk')),
        ('dn_procedure', ('lung_field_technique_confirmed',)),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.alter_column(column, server_default=None)


def downgrade():
    with op.batch_alter_table('dn_procedure', schema=None) as batch_op:
        batch_op.drop_column('lung_field_technique_confirmed')
    with op.batch_alter_table('muscle', schema=None) as batch_op:
        batch_op.drop_column('structure_at_risk')
        batch_op.drop_column('is_over_lung_field')
    with op.batch_alter_table('exercise', schema=None) as batch_op:
        batch_op.drop_column('equipment')
        batch_op.drop_column('region_tags')
    with op.batch_alter_table('evaluation', schema=None) as batch_op:
        batch_op.drop_column('region_rom')
        batch_op.drop_column('special_tests')
        batch_op.drop_column('body_regions')
        batch_op.drop_column('quickdash_answers')
        batch_op.drop_column('ndi_answers')
    # Scores and goals of the new measures cannot fit the old checks: remove them first.
    new_only = _codes(NEW_CODES[len(OLD_CODES):])
    op.execute(f"UPDATE plan_goal SET measure_code = NULL WHERE measure_code IN ({new_only})")
    op.execute(f"UPDATE note_goal_review SET measure_code = NULL WHERE measure_code IN ({new_only})")
    op.execute(f"DELETE FROM outcome_score WHERE code IN ({new_only})")
    _measure_codes(OLD_CODES, OLD_RANGES, 8)
