"""Caseload CSV exports (streamed, formula-safe, audited), charts, and the generate-data CLI."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from sqlalchemy import func, select

from ptplan.audit.models import AuditEvent
from ptplan.caseload import lists, paging
from ptplan.evaluations.models import Evaluation
from ptplan.extensions import db
from ptplan.outcomes.models import OutcomeScore
from ptplan.patients.models import Patient
from ptplan.plans.models import PlanOfCare
from ptplan.sessions.models import VisitNote
from tests.factories.outcomes import AT_REEVALUATION, make_score
from tests.factories.plans import BARE_PLAN, make_plan
from tests.factories.sessions import visits


def _clinic(make_clinic, make_user, make_patient, name='=HYPERLINK("http://evil")'):
    clinic = make_clinic()
    therapist = make_user("therapist", clinic=clinic, full_name="<script>alert(1)</script> Therapist")
    manager = make_user("manager", clinic=clinic)
    today = clinic.today()
    patient = make_patient(
        clinic=clinic, therapist=therapist, last_name=name, first_name="+cmd|' /C calc'!A0"
    )
    plan = make_plan(patient, therapist, today - timedelta(days=20), **BARE_PLAN)
    visits(plan, therapist, today - timedelta(days=14), 12)
    make_score(patient, "odi", 40, today - timedelta(days=14), **AT_REEVALUATION)
    make_score(patient, "odi", 20, today, **AT_REEVALUATION)
    db.session.commit()
    return clinic, therapist, manager, patient


def _last_event():
    return db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()


def test_list_csv_is_streamed_formula_safe_and_audited(client, login, make_clinic, make_user, make_patient):
    _, _, manager, _ = _clinic(make_clinic, make_user, make_patient)
    login(manager)
    response = client.get("/caseload/list/visits_30d.csv", buffered=False)
    assert response.status_code == 200
    assert "Content-Length" not in response.headers  # streamed: the length is unknown up front
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:3] == ["Patient", "MRN", "Date of service"]
    assert len(rows) == 1 + 12
    assert all(row[0].startswith("'=HYPERLINK") for row in rows[1:])
    assert _last_event().action == "export"


def test_dashboard_csv_has_a_row_per_therapist_and_the_total(
    client, login, make_clinic, make_user, make_patient
):
    _, therapist, manager, _ = _clinic(make_clinic, make_user, make_patient, name="Plain")
    make_user("therapist", clinic=therapist.clinic, full_name="@SUM(A1) Other")
    login(manager)
    response = client.get("/caseload/export.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][0] == "Therapist" and "Progress notes overdue" in rows[0]
    names = [row[0] for row in rows[1:]]
    assert names == ["<script>alert(1)</script> Therapist", "'@SUM(A1) Other", "Clinic total"]
    overdue = rows[0].index("Progress notes overdue")
    assert rows[1][overdue] == "1" and rows[3][overdue] == "1"
    assert _last_event().action == "export"


def test_stream_rows_reads_in_batches(make_clinic, make_user, make_patient):
    clinic, therapist, _, _ = _clinic(make_clinic, make_user, make_patient)
    from ptplan.caseload.metrics import Scope
    from ptplan.db import utcnow

    today = clinic.today()
    scope = Scope(clinic.id, today, today, today, utcnow())
    statement = lists.LISTS["visits_30d"].build(scope)
    rows = paging.stream_rows(statement, batch=5)
    assert iter(rows) is rows  # a generator, not a list
    assert sum(1 for _ in rows) == 12


def test_charts_page_escapes_names_and_offers_tables(client, login, make_clinic, make_user, make_patient):
    _, _, manager, _ = _clinic(make_clinic, make_user, make_patient)
    login(manager)
    response = client.get("/caseload/charts")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Therapist" in html
    assert html.count("<svg") >= 3  # weekly bars, a sparkline, the ODI histogram
    assert "<caption>Visits per week per therapist</caption>" in html
    assert "ODI change: number of patients per band" in html
    assert "-20 to under -10" in html


def test_generate_data_cli_builds_a_valid_clinic(app, runner):
    result = runner.invoke(
        args=[
            "generate-data",
            "--therapists",
            "3",
            "--patients",
            "40",
            "--notes-per-patient",
            "12",
            "--quiet",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "40 patient" in result.output
    assert db.session.scalar(select(func.count(Patient.id))) == 40
    notes = db.session.scalar(select(func.count(VisitNote.id)))
    assert 40 * 4 < notes < 40 * 20
    assert db.session.scalar(select(func.count(Evaluation.id)).where(Evaluation.kind == "initial")) == 40
    assert db.session.scalar(select(func.count(PlanOfCare.id))) == 40
    statuses = set(db.session.scalars(select(PlanOfCare.status)))
    assert statuses <= {"active", "completed"}
    assert db.session.scalar(select(func.count(OutcomeScore.id))) >= 80
    # signed notes carry a hash that verifies against the model's own signing content
    for model in (VisitNote, Evaluation, PlanOfCare):
        signed = db.session.scalars(select(model).where(model.signed_at.is_not(None)).limit(20)).all()
        assert signed and all(record.verify_content_hash() for record in signed), model.__name__
    # progress notes every 10th visit, discharge summaries for ended episodes
    assert (
        db.session.scalar(
            select(func.count()).where(VisitNote.kind == "progress", VisitNote.visit_number % 10 != 0)
        )
        == 0
    )
    # a second run adds a second clinic rather than touching the first
    again = runner.invoke(args=["generate-data", "--therapists", "1", "--patients", "3", "--quiet"])
    assert again.exit_code == 0, again.output
    assert db.session.scalar(select(func.count(func.distinct(Patient.clinic_id)))) == 2
    # each run continues its clinic's audit chain: the whole trail verifies
    verified = runner.invoke(args=["audit-verify"])
    assert verified.exit_code == 0, verified.output
    assert "2 chains" in verified.output
    assert db.session.scalar(select(func.count()).where(AuditEvent.chain_seq.is_(None))) == 0
