"""``probes.in_probed``: ``IN (subquery)`` everywhere, ``= ANY(ARRAY(subquery))`` on PostgreSQL,
with the same rows either way (on the suite's database, SQLite or PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from ptplan.caseload.probes import in_probed
from ptplan.extensions import db
from ptplan.patients.models import Patient


def _statement(clinic_id: int, prefix: str):
    chosen = select(Patient.id).where(Patient.clinic_id == clinic_id, Patient.last_name.startswith(prefix))
    return select(Patient.id).where(Patient.clinic_id == clinic_id, in_probed(Patient.id, chosen))


def test_renders_an_array_probe_on_postgresql_and_in_elsewhere():
    statement = _statement(1, "A")
    assert "= ANY(ARRAY((SELECT patient.id" in str(statement.compile(dialect=postgresql.dialect()))
    rendered = str(statement.compile(dialect=sqlite.dialect()))
    assert "patient.id IN (SELECT patient.id" in rendered and "= 1" not in rendered


def test_same_rows_as_in_and_cached_by_shape(make_clinic, make_patient):
    clinic = make_clinic()
    ids = {name: make_patient(clinic=clinic, last_name=name).id for name in ("Abel", "Ames", "Brown")}
    db.session.commit()
    probed = set(db.session.scalars(_statement(clinic.id, "A")))
    plain = set(
        db.session.scalars(
            select(Patient.id).where(
                Patient.id.in_(
                    select(Patient.id).where(
                        Patient.clinic_id == clinic.id, Patient.last_name.startswith("A")
                    )
                )
            )
        )
    )
    assert probed == plain == {ids["Abel"], ids["Ames"]}
    assert set(db.session.scalars(_statement(clinic.id, "Z"))) == set()  # an empty array matches nothing
    one, other = _statement(1, "A")._generate_cache_key(), _statement(2, "B")._generate_cache_key()
    assert one.key == other.key  # the same compiled SQL, other parameters
