"""Per-clinic audit chains anchored to the legacy trail; one MRN per clinic whatever its case.

Adds ``chain_id`` (the clinic, 0 for events without one) and ``chain_seq`` to audit_event with
a unique index on the pair, so a chain cannot fork. Existing rows keep ``chain_seq`` NULL and
their hashes untouched: they are the legacy trail. When there are legacy rows, an anchor row
opens each chain (every clinic, and 0): its prev_hash is the legacy head and its detail names
the number of legacy rows, the last legacy id and a SHA-256 over every legacy row hash in id
order. A legacy trail that had already forked is anchored as it stands; the forks are counted
here and listed by `flask --app wsgi audit-verify`.

Patients get ``mrn_key`` (the MRN stripped and case-folded) with a unique index per clinic.
MRNs that already collide (``demo-0001`` beside ``DEMO-0001``) are not changed and do not stop
the upgrade: the later patient's key gets a ``~duplicate-<id>`` suffix, each conflict is
printed here, and `flask --app wsgi mrn-conflicts` lists them for a manager until one patient
of each pair has its correct MRN.

The hash below repeats ptplan.audit.services' canonical form on purpose: migrations import no
app code.

Revision ID: 0004_sturdy_under_load
Revises: 0003_caseload_read_model
Create Date: 2026-12-02

"""
import hashlib
import json
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_sturdy_under_load'
down_revision = "0003_caseload_read_model"
branch_labels = None
depends_on = None

GENESIS = "0" * 64


def _row_hash(prev_hash, row):
    canonical = json.dumps(row, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256((prev_hash + canonical).encode()).hexdigest()


def upgrade():
    op.add_column('audit_event', sa.Column('chain_id', sa.Integer(), server_default='0', nullable=False))
    op.add_column('audit_event', sa.Column('chain_seq', sa.Integer(), nullable=True))
    op.create_index('uq_audit_event_chain', 'audit_event', ['chain_id', 'chain_seq'], unique=True)
    _anchor_legacy_trail(op.get_bind())
    op.add_column('patient', sa.Column('mrn_key', sa.String(length=64), nullable=True))
    _fill_mrn_keys(op.get_bind())
    with op.batch_alter_table('patient', schema=None) as batch_op:
        batch_op.alter_column('mrn_key', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint('uq_patient_clinic_mrn_key', ['clinic_id', 'mrn_key'])


def _fill_mrn_keys(connection):
    seen = {}
    conflicts = []
    rows = connection.execute(sa.text("SELECT id, clinic_id, mrn FROM patient ORDER BY clinic_id, id")).all()
    for patient_id, clinic_id, mrn in rows:
        key = (mrn or "").strip().casefold()
        if (clinic_id, key) in seen:
            conflicts.append((clinic_id, seen[(clinic_id, key)], patient_id, mrn))
            key = f"{key}~duplicate-{patient_id}"
        else:
            seen[(clinic_id, key)] = patient_id
        connection.execute(sa.text("UPDATE patient SET mrn_key = :key WHERE id = :id"), {"key": key, "id": patient_id})
    for clinic_id, kept, other, mrn in conflicts:
        print(f"MRN conflict in clinic {clinic_id}: patient {other} ({mrn!r}) has the MRN of patient {kept}")
    if conflicts:
        print(f"{len(conflicts)} MRN conflicts kept apart: run `flask --app wsgi mrn-conflicts` and resolve them.")


def _anchor_legacy_trail(connection):
    digest = hashlib.sha256()
    rows, last_id, head, forks = 0, 0, GENESIS, 0
    result = connection.execute(sa.text("SELECT id, prev_hash, row_hash FROM audit_event ORDER BY id"))
    for row_id, prev_hash, row_hash in result:
        if prev_hash != head:
            forks += 1
        rows, last_id, head = rows + 1, row_id, row_hash
        digest.update(row_hash.encode())
    if not rows:
        return  # a new database: every chain starts from the genesis hash
    detail = f"legacy anchor rows={rows} last_id={last_id} digest={digest.hexdigest()}"
    clinics = [0] + [r[0] for r in connection.execute(sa.text("SELECT id FROM clinic ORDER BY id"))]
    now = datetime.now(UTC).replace(microsecond=0)
    stored = now.replace(tzinfo=None) if connection.dialect.name == "sqlite" else now
    for clinic_id in clinics:
        row = {
            "occurred_at": now.isoformat(),
            "clinic_id": clinic_id or None,
            "user_id": None,
            "patient_id": None,
            "action": "anchor",
            "category": "audit",
            "entity_type": "",
            "entity_id": None,
            "outcome": "success",
            "source_ip": "cli",
            "detail": detail,
            "chain_id": clinic_id,
            "chain_seq": 1,
        }
        connection.execute(
            sa.text(
                "INSERT INTO audit_event (occurred_at, clinic_id, user_id, patient_id, action, category,"
                " entity_type, entity_id, outcome, source_ip, detail, prev_hash, row_hash, chain_id, chain_seq)"
                " VALUES (:at, :clinic_id, NULL, NULL, 'anchor', 'audit', '', NULL, 'success', 'cli', :detail,"
                " :prev, :hash, :chain_id, 1)"
            ),
            {
                "at": stored,
                "clinic_id": clinic_id or None,
                "detail": detail,
                "prev": head,
                "hash": _row_hash(head, row),
                "chain_id": clinic_id,
            },
        )
    print(
        f"Audit: {rows} legacy rows anchored in {len(clinics)} chains"
        + (f"; {forks} rows do not continue the row before them (forks or breaks):"
           " run `flask --app wsgi audit-verify` for the list" if forks else ".")
    )


def downgrade():
    with op.batch_alter_table('patient', schema=None) as batch_op:
        batch_op.drop_constraint('uq_patient_clinic_mrn_key', type_='unique')
        batch_op.drop_column('mrn_key')
    # The trail is append-only: anchor and per-clinic rows stay. The old single-chain verifier
    # will report the first of them as a break, which is what they are to it.
    op.drop_index('uq_audit_event_chain', table_name='audit_event')
    op.execute('ALTER TABLE audit_event DROP COLUMN chain_seq')
    op.execute('ALTER TABLE audit_event DROP COLUMN chain_id')
