"""The one writer and reader of outcome scores (ptplan.outcomes.services), and its layering."""

from __future__ import annotations

import ast
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from ptplan.audit.models import AuditEvent
from ptplan.evaluations.models import Evaluation
from ptplan.exceptions import SignedRecordError
from ptplan.extensions import db
from ptplan.outcomes import services as outcomes
from ptplan.outcomes.models import OutcomeScore
from ptplan.records import services as records
from ptplan.sessions.models import VisitNote

PTPLAN = Path(__file__).resolve().parents[1] / "ptplan"
D0 = date(2026, 8, 3)
ODI_16_OF_10 = [2, 2, 2, 2, 2, 2, 2, 2, 0, 0]  # DOMAIN.md: 16 over 10 sections = 32%
ODI_16_OF_9 = [2, 2, 2, 2, 2, 2, 2, 2, 0, None]  # 16 over 9 sections = 35.6%


@pytest.fixture()
def world(clinic_with_plan):
    return clinic_with_plan()


def draft_evaluation(world, on: date = D0) -> Evaluation:
    evaluation = Evaluation(
        clinic_id=world.patient.clinic_id,
        patient_id=world.patient.id,
        therapist_id=world.therapist.id,
        date_of_service=on,
    )
    db.session.add(evaluation)
    db.session.flush()
    return evaluation


def draft_note(world, on: date = D0) -> VisitNote:
    note = VisitNote(
        clinic_id=world.patient.clinic_id,
        patient_id=world.patient.id,
        plan_id=world.plan.id,
        therapist_id=world.therapist.id,
        date_of_service=on,
    )
    db.session.add(note)
    db.session.flush()
    return note


def odi(answers=ODI_16_OF_10, value=32.0, band="moderate disability") -> outcomes.ScoreEntry:
    return outcomes.ScoreEntry(code="odi", value=value, band=band, answers=answers)


def score_audits() -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.category == outcomes.CATEGORY).order_by(AuditEvent.id)
        )
    )


def audit_details() -> list[str]:
    db.session.commit()  # audit rows are sealed and written with the request's commit
    return [event.detail for event in score_audits()]


# ---------------------------------------------------------------- the evaluation writer


def test_evaluation_scores_are_written_updated_and_removed_in_place(world):
    evaluation = draft_evaluation(world)
    nprs = outcomes.ScoreEntry(code="nprs", value=7, band="severe", answers=[7], subscores={"best": 4.0})
    outcomes.save_evaluation_scores(evaluation, [odi(), nprs], recorded_by=world.therapist)
    rows = {s.code: s for s in db.session.scalars(select(OutcomeScore))}
    assert set(rows) == {"odi", "nprs"}
    assert (rows["odi"].value, rows["odi"].band, rows["odi"].answers) == (
        32.0,
        "moderate disability",
        ODI_16_OF_10,
    )
    assert rows["nprs"].subscores == {"best": 4.0}
    for row in rows.values():
        assert row.source == "evaluation" and row.evaluation_id == evaluation.id
        assert (row.patient_id, row.clinic_id) == (world.patient.id, world.patient.clinic_id)
        assert row.taken_on == D0 and row.recorded_by_id == world.therapist.id
    odi_id = rows["odi"].id

    # DOMAIN.md: 16 over 9 sections = 35.6% (unrounded in storage); NPRS no longer scored
    outcomes.save_evaluation_scores(
        evaluation, [odi(ODI_16_OF_9, 16 / 45 * 100, "moderate disability")], recorded_by=world.therapist
    )
    rows = list(db.session.scalars(select(OutcomeScore)))
    assert [(r.id, r.code) for r in rows] == [(odi_id, "odi")]  # updated in place, NPRS removed
    assert rows[0].value == pytest.approx(35.5555, abs=1e-4)
    assert audit_details() == ["scored nprs, odi", "scored odi; removed nprs"]


def test_saving_the_same_scores_again_writes_no_audit_row(world):
    evaluation = draft_evaluation(world)
    outcomes.save_evaluation_scores(evaluation, [odi()], recorded_by=world.therapist)
    outcomes.save_evaluation_scores(evaluation, [odi()], recorded_by=world.therapist)
    assert audit_details() == ["scored odi"]
    event = score_audits()[0]
    assert (event.action, event.entity_type, event.entity_id, event.patient_id) == (
        "update",
        "evaluation",
        evaluation.id,
        world.patient.id,
    )
    assert "32" not in event.detail  # codes only, never the values (SECURITY.md AUD-02)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (outcomes.ScoreEntry(code="xyz", value=3), "Unknown outcome measure"),
        (outcomes.ScoreEntry(code="odi", value=101), "between 0 and 100"),
        (outcomes.ScoreEntry(code="nprs", value=float("nan")), "must be a number"),
        (outcomes.ScoreEntry(code="odi", value=40, answers=ODI_16_OF_10), "answers score 32%, not 40%"),
        (outcomes.ScoreEntry(code="odi", value=32, answers=[9] * 10), "between 0 and 5"),
        (outcomes.ScoreEntry(code="odi", value=32, band="minimal disability"), "not in the band"),
    ],
)
def test_a_score_its_measure_refuses_changes_nothing(world, entry, message):
    evaluation = draft_evaluation(world)
    outcomes.save_evaluation_scores(evaluation, [odi()], recorded_by=world.therapist)
    with pytest.raises(outcomes.ScoreError, match=message):
        outcomes.save_evaluation_scores(evaluation, [entry], recorded_by=world.therapist)
    assert [(s.code, s.value) for s in evaluation.scores] == [("odi", 32.0)]


def test_a_measure_scored_twice_on_one_note_is_refused(world):
    evaluation = draft_evaluation(world)
    with pytest.raises(outcomes.ScoreError, match="scored twice"):
        outcomes.save_evaluation_scores(evaluation, [odi(), odi()], recorded_by=world.therapist)
    assert evaluation.scores == []


def test_a_signed_evaluation_is_refused_before_anything_changes(world):
    evaluation = draft_evaluation(world)
    outcomes.save_evaluation_scores(evaluation, [odi()], recorded_by=world.therapist)
    evaluation.chief_complaint = "Sciatica"
    records.sign(
        evaluation,
        world.therapist,
        record_type="evaluation",
        category="evaluation",
        patient_id=world.patient.id,
    )
    db.session.commit()
    with pytest.raises(SignedRecordError, match="Add an addendum"):
        outcomes.save_evaluation_scores(evaluation, [], recorded_by=world.therapist)
    assert [s.code for s in evaluation.scores] == ["odi"] and evaluation.verify_content_hash()


# ---------------------------------------------------------------- the visit-note writer


def test_a_visit_note_score_is_set_changed_and_removed(world):
    note = draft_note(world)
    first = outcomes.save_visit_note_score(note, "nprs", 6, recorded_by=world.therapist)
    assert (first.source, first.visit_note_id, first.evaluation_id, first.value) == (
        "visit_note",
        note.id,
        None,
        6.0,
    )
    assert first.taken_on == D0 and first.band is None  # as before: a daily note stores no band
    again = outcomes.save_visit_note_score(note, "nprs", 4, recorded_by=world.therapist)
    assert again.id == first.id and again.value == 4.0
    outcomes.save_visit_note_score(note, "nprs", 4, recorded_by=world.therapist)  # unchanged: no audit
    assert outcomes.save_visit_note_score(note, "nprs", None, recorded_by=world.therapist) is None
    assert db.session.scalar(select(OutcomeScore)) is None
    assert audit_details() == ["scored nprs", "scored nprs", "removed nprs"]
    assert {e.entity_type for e in score_audits()} == {"visit_note"}


def test_a_visit_note_score_off_the_scale_is_refused(world):
    note = draft_note(world)
    with pytest.raises(outcomes.ScoreError, match="between 0 and 10"):
        outcomes.save_visit_note_score(note, "nprs", 11, recorded_by=world.therapist)
    assert db.session.scalar(select(OutcomeScore)) is None


def test_a_signed_visit_note_is_refused(world):
    note = draft_note(world)
    outcomes.save_visit_note_score(note, "nprs", 6, recorded_by=world.therapist)
    note.signing_content()  # load the children first, as sessions' sign_note does
    records.sign(
        note, world.therapist, record_type="visit_note", category="visit_note", patient_id=world.patient.id
    )
    db.session.commit()
    with pytest.raises(SignedRecordError):
        outcomes.save_visit_note_score(note, "nprs", 2, recorded_by=world.therapist)
    assert db.session.scalar(select(OutcomeScore.value)) == 6.0


# ---------------------------------------------------------------- readers


def test_latest_scores_take_the_newest_per_measure_up_to_a_date(world):
    evaluation = draft_evaluation(world, D0)
    outcomes.save_evaluation_scores(
        evaluation,
        [odi(), outcomes.ScoreEntry(code="nprs", value=7, answers=[7])],
        recorded_by=world.therapist,
    )
    for days, value in ((7, 5), (14, 3)):
        outcomes.save_visit_note_score(
            draft_note(world, D0 + timedelta(days)), "nprs", value, recorded_by=world.therapist
        )
    same_day = draft_note(world, D0 + timedelta(14))  # two notes on one day: the later entry wins
    outcomes.save_visit_note_score(same_day, "nprs", 4, recorded_by=world.therapist)
    db.session.commit()
    patient = world.patient.id

    latest = outcomes.latest_scores(patient, {"nprs", "odi", "lefs"})
    assert {code: s.value for code, s in latest.items()} == {"nprs": 4.0, "odi": 32.0}
    latest = outcomes.latest_scores(patient, {"nprs"}, on_or_before=D0 + timedelta(10))
    assert latest["nprs"].value == 5.0
    assert outcomes.latest_scores(patient, set()) == {}

    scores = outcomes.patient_scores(patient)
    assert [(s.code, s.value) for s in scores][-3:] == [("nprs", 5.0), ("nprs", 3.0), ("nprs", 4.0)]
    assert outcomes.latest_by_code(scores, {"nprs"})["nprs"].value == 4.0
    window = outcomes.patient_scores(patient, since=D0 + timedelta(1), until=D0 + timedelta(7))
    assert [s.value for s in window] == [5.0]
    assert outcomes.evaluation_scores(evaluation.id) == {"odi": 32.0, "nprs": 7.0}


def test_series_points_are_named_by_the_caller_or_by_their_source(world):
    evaluation = draft_evaluation(world)
    outcomes.save_evaluation_scores(
        evaluation, [outcomes.ScoreEntry(code="nprs", value=7, answers=[7])], recorded_by=world.therapist
    )
    outcomes.save_visit_note_score(
        draft_note(world, D0 + timedelta(7)), "nprs", 4, recorded_by=world.therapist
    )
    (series,) = outcomes.patient_series(world.patient.id)
    assert [p.point.label for p in series.points] == ["Evaluation", "Daily note"]
    assert [p.display for p in series.points] == ["7", "4"] and series.points[-1].change == "improved"
    (named,) = outcomes.series_from(outcomes.patient_scores(world.patient.id), label=lambda s: f"#{s.id}")
    assert all(p.point.label.startswith("#") for p in named.points)


# ---------------------------------------------------------------- layering


def imports_of(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted((PTPLAN / "outcomes").glob("*.py")), ids=lambda p: p.name)
def test_outcomes_imports_none_of_the_packages_that_write_scores(path):
    """Evaluations and sessions write scores through outcomes, so outcomes sits below them."""
    assert not {name for name in imports_of(path) if name.split(".")[1:2] in (["evaluations"], ["sessions"])}


def test_plans_services_does_not_import_plans_progress():
    """progress reads services (lineage); services re-exporting progress made a cycle."""
    assert "ptplan.plans.progress" not in imports_of(PTPLAN / "plans" / "services.py")


def test_only_outcomes_builds_score_rows():
    """No package but outcomes constructs OutcomeScore (the bulk load-test generator aside)."""
    builders = []
    for path in PTPLAN.rglob("*.py"):
        if path.parent.name == "outcomes" or path.name == "generator.py":
            continue
        if "OutcomeScore(" in path.read_text():
            builders.append(str(path.relative_to(PTPLAN)))
    assert builders == []
