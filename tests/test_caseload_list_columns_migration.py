"""Migration 0012 fills the read model's list columns exactly as the application computes them.

The migration's UPDATE statements run on a generated clinic whose new columns were blanked, on
SQLite and on PostgreSQL alike (the suite's database), and the read model must then equal a
from-scratch computation (``summary.differences``).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from sqlalchemy import select, text, update

from ptplan.caseload import summary
from ptplan.clinics.models import Clinic
from ptplan.extensions import db

MIGRATION = (
    Path(__file__).resolve().parent.parent / "migrations" / "versions" / "0012_caseload_list_columns.py"
)


def _migration():
    spec = importlib.util.spec_from_file_location("caseload_list_columns", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_migration_fills_names_and_scores_as_the_read_model_does(app, runner):
    result = runner.invoke(args=["generate-data", "--therapists", "2", "--patients", "40", "--quiet"])
    assert result.exit_code == 0, result.output
    clinic = db.session.scalar(select(Clinic).order_by(Clinic.id.desc()))
    plans, outcomes = summary.CaseloadPlanStatus.__table__, summary.CaseloadPatientOutcome.__table__
    assert db.session.scalar(select(outcomes.c.nprs_first).where(outcomes.c.nprs_first.is_not(None)).limit(1))
    db.session.execute(update(plans).values(last_name="", first_name=""))
    blank = dict.fromkeys(("nprs_first", "nprs_latest", "odi_first", "odi_latest"))
    db.session.execute(update(outcomes).values(last_name="", first_name="", **blank))
    blanked = summary.differences(clinic.id)
    assert blanked["plans"] and blanked["outcomes"]

    migration = _migration()
    for table in ("caseload_plan_status", "caseload_patient_outcome"):
        db.session.execute(text(migration.FILL_NAMES[table]))
    db.session.execute(text(migration.FILL_SCORES))
    db.session.commit()
    assert summary.differences(clinic.id) == {"plans": [], "outcomes": [], "note_days": []}
