"""The caseload read model: always equal to a from-scratch computation, and to the live figures.

The dashboard adds up per-plan, per-patient and per-day rows that the flush keeps current
(ptplan.caseload.summary, ptplan.caseload.daily). These tests write through the ORM the way
the services do, in many small steps, and compare after each step.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select

from ptplan.caseload import daily, metrics, services, summary
from ptplan.caseload.metrics import UNASSIGNED, Scope
from ptplan.caseload.periods import week_of
from ptplan.db import utcnow
from ptplan.extensions import db
from ptplan.outcomes.models import OutcomeScore
from ptplan.sessions.models import VisitNote
from tests.factories.outcomes import AT_REEVALUATION
from tests.factories.plans import BARE_PLAN
from tests.factories.sessions import visits


def _no_differences(clinic_id: int) -> None:
    assert summary.differences(clinic_id) == {"plans": [], "outcomes": [], "note_days": []}


def _figures(scope: Scope, aggregates) -> dict:
    saved = services.AGGREGATES
    services.AGGREGATES = aggregates
    try:
        board = services.dashboard(scope)
    finally:
        services.AGGREGATES = saved
    return {row.therapist_id: row.raw for row in [*board.rows, board.total]}


def _assert_live_equals_read_model(clinic, today, therapist_ids) -> None:
    start, end = week_of(today)
    for therapist_id in (None, UNASSIGNED, *therapist_ids):
        for first, last in ((start, end), (today - timedelta(days=60), today)):
            scope = Scope(clinic.id, first, last, today, utcnow(), therapist_id)
            assert _figures(scope, services.AGGREGATES) == _figures(scope, metrics.LIVE_AGGREGATES)


@pytest.fixture()
def clinic(make_clinic, make_user, make_patient):
    clinic = make_clinic()
    t1 = make_user("therapist", clinic=clinic)
    t2 = make_user("therapist", clinic=clinic)
    return clinic, t1, t2


def test_read_model_follows_every_kind_of_write(clinic, make_patient, make_note, make_plan, make_score):
    clinic, t1, t2 = clinic
    today = clinic.today()
    day = lambda n: today - timedelta(days=n)  # noqa: E731
    checks = 0

    def check():
        nonlocal checks
        db.session.commit()
        _no_differences(clinic.id)
        _assert_live_equals_read_model(clinic, today, (t1.id, t2.id))
        checks += 1

    p1 = make_patient(clinic=clinic, therapist=t1)
    p2 = make_patient(clinic=clinic, therapist=t2)
    p3 = make_patient(clinic=clinic, therapist=None)
    check()

    plan1 = make_plan(p1, t1, day(45), cert_end=today + timedelta(days=3), **BARE_PLAN)
    visits(plan1, t1, day(40), 12)  # progress note overdue
    make_score(p1, "nprs", 8, day(40), **AT_REEVALUATION)
    check()
    make_score(p1, "nprs", 4, day(5), **AT_REEVALUATION)  # a second score: now a change
    make_score(p1, "odi", 40, day(40), **AT_REEVALUATION)
    make_score(p1, "odi", 20, today, **AT_REEVALUATION)
    check()
    make_note(plan1, t1, day(1), 13, kind="progress")  # resets the progress count
    make_note(
        plan1,
        t2,
        today,
        14,
        dry_needling=True,
        adverse=True,
        signed=False,
        created_at=utcnow() - timedelta(days=2),
    )
    check()

    # A new version of the plan: the lineage carries the visit count and the first visit.
    plan1.status = "superseded"
    revision = make_plan(p1, t1, day(2), cert_end=today + timedelta(days=30), **BARE_PLAN)
    revision.lineage_id = plan1.lineage_id
    revision.version_number = 2
    check()
    make_note(revision, t1, today, 15)
    check()

    plan2 = make_plan(p2, t2, day(35), **BARE_PLAN)  # no physician signature, first visit 31 days ago
    visits(plan2, t2, day(31), 3)
    check()
    plan2.physician_signed_on = day(1)
    check()

    plan3 = make_plan(p3, t2, day(9), **BARE_PLAN)
    visits(plan3, t2, day(8), 2)
    make_score(p3, "nprs", 7, day(8), therapist_id=t2.id, **AT_REEVALUATION)
    make_score(p3, "nprs", 2, today, therapist_id=t2.id, **AT_REEVALUATION)
    check()
    p3.primary_therapist_id = t1.id  # reassigned: the patient's figures move to t1
    check()
    p1.last_name, p3.first_name = "Renamed", "Changed"  # the lists' names follow the patient
    check()

    # Edits that move a note to another day, therapist or kind; a deleted draft note.
    moved = make_note(plan3, t2, day(6), 3, signed=False, kind="progress")  # drafts can still change
    check()
    moved.date_of_service = day(7)
    moved.therapist_id = t1.id
    moved.kind = "daily"
    check()
    db.session.delete(moved)
    check()

    # Discharge: the plan ends, the patient leaves the active cohort but stays in the range's.
    make_note(plan3, t1, today, 3, kind="discharge")
    plan3.status = "completed"
    check()
    score = db.session.scalar(
        select(OutcomeScore).where(OutcomeScore.patient_id == p3.id).order_by(OutcomeScore.id)
    )
    score.value = 9
    check()
    assert checks == 16


def test_dashboard_reads_the_read_model_not_the_clinical_tables(
    clinic, make_patient, count_queries, make_plan
):
    clinic, t1, _t2 = clinic
    today = clinic.today()
    patient = make_patient(clinic=clinic, therapist=t1)
    plan = make_plan(patient, t1, today - timedelta(days=20), **BARE_PLAN)
    visits(plan, t1, today - timedelta(days=12), 11)
    db.session.commit()
    start, end = week_of(today)
    scope = Scope(clinic.id, start, end, today, utcnow())
    with count_queries() as q:
        board = services.dashboard(scope)
    assert board.total.value("active_patients") == 1 and board.total.value("progress_overdue") == 1
    reads = " ".join(q.statements)
    assert "plan_of_care" not in reads and "outcome_score" not in reads
    assert "caseload_plan_status" in reads and "caseload_note_day" in reads


def test_rebuild_command_restores_a_wiped_read_model(clinic, make_patient, runner, make_plan, make_score):
    clinic, t1, _t2 = clinic
    today = clinic.today()
    patient = make_patient(clinic=clinic, therapist=t1)
    plan = make_plan(patient, t1, today - timedelta(days=20), **BARE_PLAN)
    visits(plan, t1, today - timedelta(days=12), 4)
    make_score(patient, "nprs", 7, today - timedelta(days=12), **AT_REEVALUATION)
    make_score(patient, "nprs", 3, today, **AT_REEVALUATION)
    db.session.commit()
    for table in (summary.CaseloadPlanStatus, summary.CaseloadPatientOutcome, daily.CaseloadNoteDay):
        db.session.execute(delete(table))
    db.session.commit()
    assert summary.differences(clinic.id)["plans"]
    result = runner.invoke(args=["rebuild-caseload-summary"])
    assert result.exit_code == 0, result.output
    assert "1 active plans, 1 patients with outcome changes" in result.output
    db.session.expire_all()
    _no_differences(clinic.id)


def test_generated_clinic_has_its_read_model(app, runner):
    result = runner.invoke(
        args=[
            "generate-data",
            "--therapists",
            "2",
            "--patients",
            "40",
            "--notes-per-patient",
            "12",
            "--quiet",
        ]
    )
    assert result.exit_code == 0, result.output
    from ptplan.clinics.models import Clinic

    clinic = db.session.scalar(select(Clinic).order_by(Clinic.id.desc()))
    assert db.session.scalar(select(summary.CaseloadPlanStatus.plan_id).limit(1)) is not None
    _no_differences(clinic.id)
    _assert_live_equals_read_model(clinic, clinic.today(), ())


def test_generating_into_an_existing_clinic_adds_to_its_day_counts(app, runner):
    """A second run in the same clinic lands notes on days already counted: the day rows grow by
    the new notes (an upsert), and the read model still equals a recount; the audit chain
    continues the clinic's own."""
    from ptplan.clinics.models import Clinic

    days_before, last_note = set(), 0
    for seed in (1, 2):
        if seed == 2:
            days_before = set(db.session.scalars(select(VisitNote.date_of_service)))
            last_note = db.session.scalar(select(func.max(VisitNote.id)))
        result = runner.invoke(
            args=["generate-data", "--therapists", "1", "--patients", "15", "--clinic", "Upsert clinic",
                  "--seed", str(seed), "--quiet"]
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    clinic = db.session.scalar(select(Clinic).where(Clinic.name == "Upsert clinic"))
    new_days = set(db.session.scalars(select(VisitNote.date_of_service).where(VisitNote.id > last_note)))
    assert new_days & days_before  # the upsert's conflict path is exercised
    stored = db.session.scalar(select(func.sum(daily.CaseloadNoteDay.visits)).where(
        daily.CaseloadNoteDay.clinic_id == clinic.id))  # fmt: skip
    assert stored == db.session.scalar(
        select(func.count(VisitNote.id)).where(VisitNote.clinic_id == clinic.id)
    )
    _no_differences(clinic.id)
    verified = runner.invoke(args=["audit-verify"])
    assert verified.exit_code == 0, verified.output


def test_rows_built_in_a_child_process_are_the_same_clinic(app, runner, monkeypatch):
    """Large runs build rows in a forked process while this one writes them: the same seed
    gives the same clinic as one process, with its read model and audit chain intact."""
    from ptplan.clinics.models import Clinic
    from ptplan.demo import generator

    summaries = {}
    for name, parallel_from in (("One process", 10**9), ("Two processes", 1)):
        monkeypatch.setattr(generator, "PARALLEL_FROM", parallel_from)
        result = runner.invoke(
            args=["generate-data", "--therapists", "2", "--patients", "30", "--clinic", name, "--seed", "7",
                  "--quiet"]
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        summaries[name] = result.output.split(":", 1)[1].split(" in ")[0]
        clinic = db.session.scalar(select(Clinic).where(Clinic.name == name))
        _no_differences(clinic.id)
    assert summaries["One process"] == summaries["Two processes"]
    verified = runner.invoke(args=["audit-verify"])
    assert verified.exit_code == 0, verified.output


def test_a_failure_while_building_rows_in_the_child_stops_the_run(app, monkeypatch):
    from ptplan.demo import generator

    monkeypatch.setattr(generator, "PARALLEL_FROM", 1)

    def broken(*args, **kwargs):
        raise ValueError("no such exercise")

    monkeypatch.setattr(generator, "_note", broken)
    with pytest.raises(RuntimeError, match="no such exercise"):
        generator.generate(therapists=1, patients=3, notes_per_patient=4)
    db.session.rollback()
