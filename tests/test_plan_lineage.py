"""Plan lineage on the model: every plan is in a lineage from its INSERT, and one active-plan query."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from ptplan.extensions import db
from ptplan.plans import services
from ptplan.plans.models import PlanOfCare


def _plan(patient, author, **fields) -> PlanOfCare:
    values = {
        "clinic_id": patient.clinic_id,
        "patient_id": patient.id,
        "author_id": author.id,
        "status": "draft",
        "start_date": date(2026, 1, 5),
        "cert_start_date": date(2026, 1, 5),
        "cert_end_date": date(2026, 2, 1),
    }
    values.update(fields)
    return PlanOfCare(**values)


def test_a_first_version_heads_its_lineage_in_the_insert_itself(app, make_clinic, make_user, make_patient):
    clinic = make_clinic()
    author = make_user(clinic=clinic)
    patient = make_patient(clinic=clinic)
    statements: list[str] = []

    def remember(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    from sqlalchemy import event

    engine = db.engine
    event.listen(engine, "before_cursor_execute", remember)
    try:
        first, second = _plan(patient, author), _plan(patient, author)
        db.session.add_all([first, second])
        db.session.flush()
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    assert first.lineage_id == first.id and second.lineage_id == second.id != first.id
    # No UPDATE fills the lineage in afterwards: the row was never without one.
    assert not [s for s in statements if s.lstrip().upper().startswith("UPDATE PLAN_OF_CARE")]
    db.session.commit()


def test_a_later_version_keeps_its_lineage_and_the_column_refuses_none(
    app, make_clinic, make_user, make_patient
):
    clinic = make_clinic()
    author = make_user(clinic=clinic)
    patient = make_patient(clinic=clinic)
    v1 = _plan(patient, author, status="superseded")
    db.session.add(v1)
    db.session.flush()
    v2 = _plan(patient, author, lineage_id=v1.lineage_id, version_number=2, status="active")
    db.session.add(v2)
    db.session.commit()
    assert v2.lineage_id == v1.id
    members = set(db.session.scalars(PlanOfCare.lineage_members(v1.lineage_id)))
    assert members == {v1.id, v2.id}
    assert services.active_plan(patient.id).id == v2.id
    assert db.session.scalar(PlanOfCare.active_for(patient.id)).id == v2.id
    with pytest.raises(IntegrityError):
        db.session.execute(text("UPDATE plan_of_care SET lineage_id = NULL WHERE id = :id"), {"id": v2.id})
    db.session.rollback()
    assert db.session.scalar(select(PlanOfCare.lineage_id).where(PlanOfCare.id == v2.id)) == v1.id
