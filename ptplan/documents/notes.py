"""Signed notes as PDF: daily, progress and discharge notes, with addenda beneath the original.

Only signed notes print (a draft is not part of the record): ``DraftNotPrintable`` (409).
Evaluations live in ``evaluation_note``; both share the signature and addenda mapping here.
"""

from __future__ import annotations

from ptplan.amendments import services as amendment_services
from ptplan.auth.models import User
from ptplan.clinics.models import Clinic
from ptplan.db import Signable
from ptplan.documents.common import DraftNotPrintable, clinic_info, local_time_text
from ptplan.extensions import db
from ptplan.measures import display
from ptplan.patients.models import Patient
from ptplan.pdf import Addendum, AmendmentEntry, NoteDoc, NoteSection, NoteSignature, NoteTable
from ptplan.records.services import addenda_for
from ptplan.sessions.models import DN_TECHNIQUES, TOLERANCES, TWITCH_GRADES, VisitNote
from ptplan.sessions.progress import comparison_from_json

DRAFT_MESSAGE = "This {what} is a draft. Only signed notes are printed: sign it first, then download the PDF."


def require_signed(record: Signable, what: str) -> None:
    if not record.is_signed:
        raise DraftNotPrintable(DRAFT_MESSAGE.format(what=what))


def number(value: float | int | None, suffix: str = "") -> str:
    return "—" if value is None else f"{value:g}{suffix}"


def signature(record: Signable, clinic: Clinic) -> NoteSignature:
    signer = db.session.get(User, record.signed_by_id)
    return NoteSignature(
        signed_by=signer.display_name if signer else "Unknown signer",
        signed_at=local_time_text(clinic, record.signed_at),
        content_sha256=record.content_hash or "",
    )


def addenda(record_type: str, record_id: int, clinic: Clinic) -> list[Addendum]:
    return [
        Addendum(
            author=a.author.display_name,
            written_at=local_time_text(clinic, a.created_at),
            reason=a.reason,
            text=a.body,
        )
        for a in addenda_for(record_type, [record_id])[record_id]
    ]


def amendments(record_type: str, record_id: int, clinic: Clinic) -> list[AmendmentEntry]:
    """Patients' amendment requests naming this record, with their status (HIPAA §164.526)."""
    entries = []
    for request in amendment_services.for_record(record_type, record_id):
        if request.status == "open":
            due = request.effective_due_on.isoformat()
            status = f"Open, decision due {due}" + (" (extended once)" if request.extended_due_on else "")
        else:
            decided = f"{request.decided_by.display_name}, {local_time_text(clinic, request.decided_at)}"
            status = (
                "Accepted: appended as an addendum above" if request.status == "accepted" else "Denied"
            ) + (f" by {decided}")
        appended = []
        if request.extension_reason:
            appended.append(("Extension to " + request.extended_due_on.isoformat(), request.extension_reason))
        if request.status == "denied":
            appended.append(("Reason for denial", request.decision_reason))
        if request.disagreement:
            appended.append(("Patient's statement of disagreement", request.disagreement))
        if request.rebuttal:
            appended.append(("Rebuttal", request.rebuttal))
        entries.append(
            AmendmentEntry(
                number=request.id,
                status=status,
                requested_by=request.requested_by,
                received_on=request.received_on,
                requested_change=request.requested_change,
                reason=request.request_reason,
                appended=appended,
            )
        )
    return entries


def _text(title: str, *paragraphs: str) -> list[NoteSection]:
    kept = [p for p in paragraphs if p and p.strip()]
    return [NoteSection(title, paragraphs=kept)] if kept else []


def _interventions(note: VisitNote) -> NoteSection:
    tables = []
    if note.interventions:
        rows = [[i.description, i.cpt_code, str(i.minutes)] for i in note.interventions]
        tables.append(NoteTable(["Intervention", "CPT", "Minutes"], rows, caption="Delivered"))
    if note.billing_lines:
        rows = [
            [f"{b.cpt_code}" + ("" if b.is_timed else " (untimed)"), str(b.minutes), str(b.units)]
            for b in note.billing_lines
        ]
        rule = "CMS 8-minute rule" if note.payer_rule == "cms" else "AMA rule of eights"
        tables.append(NoteTable(["CPT code", "Minutes", "Units"], rows, caption=f"Units billed ({rule})"))
    rows = [
        ("Total timed minutes", str(note.total_timed_minutes)),
        ("Total treatment time", f"{note.total_treatment_minutes} minutes"),
        ("Total units", str(note.total_units)),
    ]
    paragraphs = [] if note.interventions else ["No timed interventions recorded."]
    return NoteSection("Interventions and billing", paragraphs=paragraphs, rows=rows, tables=tables)


def _needling(note: VisitNote) -> list[NoteSection]:
    dn = note.needling
    if dn is None:
        return []
    technique = DN_TECHNIQUES.get(dn.technique, dn.technique)
    if dn.technique == "electrical_stimulation":
        technique += (
            f": {number(dn.estim_frequency_hz)} Hz, {number(dn.estim_intensity_ma)} mA, "
            f"{number(dn.estim_duration_min)} min"
        )
    out = "not counted" if dn.needles_out is None else str(dn.needles_out)
    rows = [
        ("Technique", technique),
        ("Needles", f"{dn.needle_gauge_mm:.2f} × {dn.needle_length_mm} mm; in {dn.needles_in} / out {out}"),
        ("Local twitch response", TWITCH_GRADES.get(dn.twitch_grade, dn.twitch_grade)),
        (
            "Tolerance and response",
            TOLERANCES.get(dn.tolerance, dn.tolerance) + (f". {dn.response}" if dn.response else ""),
        ),
        ("Adverse events", ", ".join(dn.adverse_event_labels) or "None"),
        ("Sharps disposed", ("Yes" if dn.sharps_disposed else "No") + "; no injectate"),
        ("Billing", f"CPT {dn.cpt_code}, untimed, {dn.minutes} min"),
    ]
    muscles = NoteTable(
        ["Muscle", "Side"], [[m.muscle.name, m.side_label] for m in dn.muscles], caption="Muscles needled"
    )
    return [NoteSection("Dry-needling procedure record", rows=rows, tables=[muscles])]


def _score(code: str | None, value: float | None) -> str:
    return number(value) if value is None or not code else display(code, value)


def _goal_reviews(note: VisitNote) -> list[NoteSection]:
    if not note.goal_reviews:
        return []
    rows = [
        [
            g.description,
            (g.measure_code or "—").upper(),
            _score(g.measure_code, g.baseline_value),
            _score(g.measure_code, g.target_value),
            _score(g.measure_code, g.latest_value) + (f" ({g.latest_on.isoformat()})" if g.latest_on else ""),
            (g.change or "not judged").capitalize(),
            g.status_label,
        ]
        for g in note.goal_reviews
    ]
    columns = ["Goal", "Measure", "Baseline", "Target", "Latest", "Change vs MCID", "Status"]
    return [NoteSection("Goals", tables=[NoteTable(columns, rows)])]


def _outcomes(note: VisitNote) -> list[NoteSection]:
    if note.kind != "discharge":
        return []
    comparisons = comparison_from_json(note.outcome_summary or [])
    rows = [
        [
            c.label,
            f"{display(c.code, c.initial)} ({c.initial_on.isoformat()})",
            f"{display(c.code, c.final)} ({c.final_on.isoformat()})",
            c.change.capitalize() + (" (MCID met)" if c.mcid_met else ""),
        ]
        for c in comparisons
    ]
    tables = [NoteTable(["Measure", "Initial", "Final", "Change"], rows)] if rows else []
    paragraphs = [] if rows else ["No outcome measures were recorded at both ends of the episode."]
    if note.discharge_reason:
        paragraphs.append(f"Reason for discharge: {note.discharge_reason}")
    return [NoteSection("Outcomes, initial and final", paragraphs=paragraphs, tables=tables)]


def visit_note_doc(note: VisitNote, patient: Patient, clinic: Clinic) -> NoteDoc:
    require_signed(note, "note")
    subjective = NoteSection(
        "Subjective",
        paragraphs=[note.subjective] if note.subjective.strip() else [],
        rows=[("Pain (NPRS) before / after", f"{number(note.nprs_before)} / {number(note.nprs_after)}")],
        tables=[
            NoteTable(
                ["Exercise", "Adherence", "Reason"],
                [[a.exercise_name, a.status_label, a.reason or "—"] for a in note.adherence],
                caption="Home program adherence",
            )
        ]
        if note.adherence
        else [],
    )
    sections = [
        subjective,
        *_text("Objective", note.objective),
        _interventions(note),
        *_needling(note),
        *_goal_reviews(note),
        *_outcomes(note),
        *_text("Assessment", note.assessment),
        *_text("Plan", note.plan_next),
    ]
    return NoteDoc(
        clinic=clinic_info(clinic),
        patient_name=patient.full_name,
        mrn=patient.mrn,
        date_of_birth=patient.date_of_birth,
        note_type=f"{note.kind_label} (visit {note.visit_number})",
        date_of_service=note.date_of_service,
        therapist_name=note.therapist.display_name,
        sections=sections,
        signature=signature(note, clinic),
        addenda=addenda("visit_note", note.id, clinic),
        amendments=amendments("visit_note", note.id, clinic),
    )
