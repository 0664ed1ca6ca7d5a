"""Caseload outcomes count every region: a neck or arm patient reaches the MCID on the NDI or
QuickDASH, as a back patient does on the ODI (ptplan.caseload.metrics.OUTCOME_CODES)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import literal, select

from ptplan.caseload import metrics
from ptplan.extensions import db
from ptplan.patients.models import Patient
from tests.factories.outcomes import AT_REEVALUATION


@pytest.mark.parametrize(
    ("code", "first", "latest", "improved"),
    [
        ("ndi", 48.0, 32.0, 1),  # 16 points >= MCID 15 (7.5 raw)
        ("ndi", 48.0, 36.0, 0),
        ("quickdash", 45.5, 36.0, 1),  # 9.5 >= MCID 8
        ("quickdash", 45.5, 40.0, 0),
    ],
)
def test_regional_disability_measures_reach_the_mcid(
    make_patient, therapist, code, first, latest, improved, make_score
):
    patient = make_patient(therapist=therapist)
    today = date.today()
    make_score(patient, code, first, today - timedelta(days=30), **AT_REEVALUATION)
    make_score(patient, code, latest, today, **AT_REEVALUATION)
    db.session.commit()
    cohort = (
        select(Patient.id.label("patient_id"), literal(0).label("discharged"))
        .where(Patient.id == patient.id)
        .subquery("cohort")
    )
    per_patient = metrics.outcome_changes(cohort)
    row = db.session.execute(
        select(
            per_patient.c[f"{code}_change"],
            per_patient.c[f"{code}_improved"],
            metrics.reached_mcid(per_patient),
        )
    ).one()
    assert row[0] == pytest.approx(latest - first)
    assert row[1] == improved
    assert bool(row[2]) == bool(improved)
