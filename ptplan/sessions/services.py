"""Visit notes against the active plan: copy-forward, save, bill, sign, progress and discharge.

Services flush; the request commits. Visits are counted per plan lineage (all versions of
one plan), so a new plan version does not restart the progress-report count.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ptplan.audit import services as audit
from ptplan.auth.models import User
from ptplan.billing import visit as billing_visit
from ptplan.clinics.models import Clinic
from ptplan.dry_needling.procedure import check_before_signing
from ptplan.exceptions import DomainError, SignedRecordError
from ptplan.extensions import db
from ptplan.outcomes import services as outcomes
from ptplan.patients.models import Patient
from ptplan.patients.services import set_status
from ptplan.plans.models import PlanOfCare
from ptplan.plans.services import end_plan
from ptplan.records import services as records
from ptplan.sessions import alerts, prefill, progress
from ptplan.sessions.models import (
    NoteAdherence,
    NoteBillingLine,
    NoteGoalReview,
    NoteIntervention,
    VisitNote,
)
from ptplan.sessions.needling import save_needling

CATEGORY = "visit_note"


class NotePermissionError(DomainError):
    """The user may not do this to this note (answered 403)."""

    status_code = 403


# ---------------------------------------------------------------- plan lookups


def last_note(plan: PlanOfCare, *, before_id: int | None = None) -> VisitNote | None:
    """The most recent note of the plan lineage, with its children (copy-forward source)."""
    statement = (
        select(VisitNote)
        .where(VisitNote.plan_id.in_(PlanOfCare.lineage_members(plan.lineage_id)))
        .options(
            selectinload(VisitNote.interventions),
            selectinload(VisitNote.adherence),
            selectinload(VisitNote.needling),
        )
        .order_by(VisitNote.date_of_service.desc(), VisitNote.id.desc())
        .limit(1)
    )
    if before_id is not None:
        statement = statement.where(VisitNote.id != before_id)
    return db.session.scalar(statement)


def next_visit_number(plan: PlanOfCare) -> int:
    highest, _last_progress, _first = alerts.lineage_stats(plan.lineage_id)
    return highest + 1


def visits_since_progress(plan: PlanOfCare) -> int:
    """Treatment days documented since the last progress note (or since the plan began)."""
    highest, last_progress, _first = alerts.lineage_stats(plan.lineage_id)
    return highest - last_progress


def load_note(note_id: int) -> VisitNote | None:
    return db.session.scalar(
        select(VisitNote)
        .where(VisitNote.id == note_id)
        .options(
            selectinload(VisitNote.interventions),
            selectinload(VisitNote.billing_lines),
            selectinload(VisitNote.adherence),
            selectinload(VisitNote.goal_reviews),
            selectinload(VisitNote.needling),
        )
    )


# ---------------------------------------------------------------- save and sign


def check_can_edit(note: VisitNote, user: User) -> None:
    if note.is_signed:
        raise SignedRecordError("This note is signed and locked. Add an addendum to correct it.")
    if note.therapist_id != user.id:
        raise NotePermissionError("Only the note's author can edit or sign it.")


def save_note(
    note: VisitNote | None,
    *,
    patient: Patient,
    plan: PlanOfCare,
    user: User,
    kind: str,
    data: dict[str, Any],
    sign: bool = False,
) -> VisitNote:
    """Create or update a draft note from validated form data; sign it when asked.

    `data` is NoteForm.data. Billing is recomputed here: the server is authoritative.
    """
    if not user.can("clinical.write"):
        raise NotePermissionError("Your role cannot write clinical notes.")
    creating = note is None
    if note is None:
        note = VisitNote(
            clinic_id=patient.clinic_id,
            patient_id=patient.id,
            plan_id=plan.id,
            therapist_id=user.id,
            kind=kind,
            visit_number=next_visit_number(plan),
        )
        db.session.add(note)
    else:
        check_can_edit(note, user)
        # clear the children first so that replacements never meet unique constraints
        note.interventions.clear()
        note.billing_lines.clear()
        note.adherence.clear()
        note.goal_reviews.clear()
        note.needling = None
        db.session.flush()

    note.date_of_service = data["date_of_service"]
    note.nprs_before = data["nprs_before"]
    note.nprs_after = data["nprs_after"]
    for name in ("subjective", "objective", "assessment", "plan_next"):
        setattr(note, name, data.get(name) or "")
    note.discharge_reason = (data.get("discharge_reason") or "") if kind == "discharge" else ""
    note.payer_rule = patient.payer_rule

    plan_ids = {i.id: i for i in plan.interventions}
    minutes_by_code: dict[str, int] = {}
    for position, row in enumerate(data.get("interventions") or []):
        minutes = row.get("minutes") or 0
        description = (row.get("description") or "").strip()
        if not description and not minutes:
            continue
        if not description:
            raise DomainError("Describe each intervention that has minutes.")
        linked = _int_or_none(row.get("plan_intervention_id"))
        note.interventions.append(
            NoteIntervention(
                description=description,
                cpt_code=row["cpt_code"],
                minutes=minutes,
                position=position,
                plan_intervention_id=linked if linked in plan_ids else None,
            )
        )
        minutes_by_code[row["cpt_code"]] = minutes_by_code.get(row["cpt_code"], 0) + minutes

    exercises = {i.id: i for i in plan.interventions_of("home_exercise")}
    for position, row in enumerate(data.get("adherence") or []):
        intervention = exercises.get(_int_or_none(row.get("plan_intervention_id")))
        if intervention is None:
            continue  # only the plan's own exercises are rated
        note.adherence.append(
            NoteAdherence(
                plan_intervention_id=intervention.id,
                exercise_id=intervention.exercise_id,
                exercise_name=prefill.exercise_name(intervention)[:120],
                status=row["status"],
                reason=(row.get("reason") or "") if row["status"] != "done" else "",
                position=position,
            )
        )

    dn = data.get("dn") or {}
    if dn.get("delivered") and not user.can("clinical.sign"):
        raise NotePermissionError("Only a licensed therapist may document dry needling.")
    dn_code, dn_minutes = save_needling(note, patient=patient, plan=plan, data=dn)
    billing = billing_visit.visit_billing(
        minutes_by_code, dn_code=dn_code, dn_minutes=dn_minutes, rule=note.payer_rule
    )
    note.billing_lines.extend(
        NoteBillingLine(
            cpt_code=line.cpt_code, minutes=line.minutes, units=line.units, is_timed=line.is_timed
        )
        for line in billing.lines
    )
    note.total_timed_minutes = billing.total_timed_minutes
    note.total_treatment_minutes = billing.total_treatment_minutes
    db.session.flush()

    _record_pain_score(note, user)
    if kind in ("progress", "discharge"):
        _save_goal_reviews(note, plan, data.get("goal_reviews") or [])
    if kind == "discharge":
        since = plan.start_date
        note.outcome_summary = [
            c.as_json() for c in progress.outcome_comparison(patient.id, since, note.date_of_service)
        ]
    db.session.flush()
    audit.record(
        "create" if creating else "update",
        CATEGORY,
        patient_id=patient.id,
        entity_type="visit_note",
        entity_id=note.id,
        detail=f"{kind} note",
    )
    if sign:
        sign_note(note, user, patient=patient, plan=plan)
    return note


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _record_pain_score(note: VisitNote, user: User) -> None:
    """NPRS from the note joins the outcome chart (written by ptplan.outcomes).

    Decision: the score stored is the pain on arrival (nprs_before; nprs_after when only it
    is given), because the evaluation's baseline is also taken before treatment, so the
    series compares like with like; the after-treatment score is a short-lived response.
    """
    value = note.nprs_before if note.nprs_before is not None else note.nprs_after
    outcomes.save_visit_note_score(note, "nprs", value, recorded_by=user)


def _save_goal_reviews(note: VisitNote, plan: PlanOfCare, rows: list[dict]) -> None:
    statuses = {_int_or_none(r.get("goal_id")): r.get("status") for r in rows}
    for position, item in enumerate(progress.goal_progress(plan, note.patient_id, note.date_of_service)):
        note.goal_reviews.append(
            NoteGoalReview(
                goal_id=item.goal_id,
                description=item.description,
                measure_code=item.measure_code,
                baseline_value=item.baseline,
                target_value=item.target,
                latest_value=item.latest,
                latest_on=item.latest_on,
                change=item.change,
                status=statuses.get(item.goal_id) or "progressing",
                position=position,
            )
        )


def sign_note(note: VisitNote, user: User, *, patient: Patient, plan: PlanOfCare) -> None:
    """Sign and lock; a discharge summary also closes the plan and the episode."""
    check_can_edit(note, user)
    check_before_signing(note.needling)
    if note.date_of_service > db.session.get(Clinic, patient.clinic_id).today():
        raise DomainError("A note cannot be signed for a future date.")
    note.signing_content()  # load every child now: no lazy load (and autoflush) while hashing
    records.sign(note, user, record_type="visit_note", category=CATEGORY, patient_id=patient.id)
    if note.kind == "discharge":
        discharge(plan, patient, note, user)


def discharge(plan: PlanOfCare, patient: Patient, note: VisitNote, user: User) -> None:
    """The discharge summary closes the plan (status 'completed') and the episode."""
    reason = (note.discharge_reason or "Discharged")[:300]
    # the plans package lets a signed plan change its lifecycle columns only
    end_plan(plan, "completed", reason, today=note.date_of_service)
    # the patients package owns the status and its audit row ("update", demographics)
    set_status(patient, "discharged", actor=user)
    db.session.flush()


def add_addendum(note: VisitNote, user: User, *, reason: str, body: str):
    return records.add_addendum(
        note,
        user,
        record_type="visit_note",
        category=CATEGORY,
        patient_id=note.patient_id,
        reason=reason,
        body=body,
    )
