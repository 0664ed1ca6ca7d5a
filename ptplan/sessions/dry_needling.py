"""The dry-needling part of a visit note: the procedure record, its gates and its signing checks.

The plan must include dry needling and the patient must be cleared (ptplan.plans.safety:
signed screening and consent, DOMAIN.md). Needles out must equal needles in and the sharps
must be disposed of before the note is signed. Who may document it is checked by the caller.
"""

from __future__ import annotations

from sqlalchemy import select

from ptplan.db import DomainError
from ptplan.extensions import db
from ptplan.plans.models import Muscle, PlanOfCare
from ptplan.plans.safety import dry_needling_clearance
from ptplan.sessions import rules
from ptplan.sessions.models import URGENT_ADVERSE_EVENTS, NeedledMuscle, NeedlingRecord, VisitNote


def save_needling(note: VisitNote, *, patient, plan: PlanOfCare, data: dict) -> tuple[str | None, int]:
    """Record the procedure on the note from the form's ``dn`` data; (CPT code, minutes) to bill."""
    note.has_dry_needling = note.has_adverse_event = note.has_urgent_adverse_event = False
    if not data.get("delivered"):
        return None, 0
    if not plan.has_dry_needling:
        raise DomainError("The plan of care does not include dry needling; update the plan first.")
    cleared, reasons = dry_needling_clearance(patient)
    if not cleared:
        raise DomainError("Dry needling cannot be recorded: " + " ".join(reasons))
    rows = [(int(r["muscle_id"]), r["side"]) for r in data.get("muscles") or [] if r.get("muscle_id")]
    known = set(
        db.session.scalars(
            select(Muscle.id).where(
                Muscle.clinic_id == patient.clinic_id, Muscle.id.in_([m for m, _ in rows])
            )
        )
    )
    if not rows or any(muscle_id not in known for muscle_id, _ in rows):
        raise DomainError("Name each muscle needled from the clinic's muscle list.")
    over_lung = set(
        db.session.scalars(
            select(Muscle.id).where(Muscle.id.in_([m for m, _ in rows]), Muscle.is_over_lung_field.is_(True))
        )
    )
    confirmed = bool(data.get("lung_field_technique_confirmed"))
    if over_lung and not confirmed:
        # Halle & Halle 2016 (DOMAIN.md): over the lung field the technique must be confirmed.
        raise DomainError(
            "A muscle over the lung field was needled: confirm the technique used (pneumothorax risk)."
        )
    needles_in, needles_out = data.get("needles_in"), data.get("needles_out")
    if needles_in is None or (needles_out is not None and needles_out != needles_in):
        raise DomainError("Needles out must equal needles in.")
    events = [e for e in (data.get("adverse_events") or []) if e != "none"] or ["none"]
    record = NeedlingRecord(
        technique=data["technique"],
        needle_gauge_mm=float(data["needle_gauge_mm"]),
        needle_length_mm=int(data["needle_length_mm"]),
        needles_in=needles_in,
        needles_out=needles_out,
        twitch_grade=data["twitch_grade"],
        tolerance=data["tolerance"],
        response=data.get("response") or "",
        adverse_events=events,
        sharps_disposed=bool(data.get("sharps_disposed")),
        no_injectate=True,
        lung_field_technique_confirmed=confirmed and bool(over_lung),
        minutes=data.get("minutes") or 0,
        cpt_code=rules.dry_needling_code_for([side for _, side in rows]),
        muscles=[NeedledMuscle(muscle_id=m, side=s, position=i) for i, (m, s) in enumerate(rows)],
    )
    if record.technique == "electrical_stimulation":
        record.estim_frequency_hz = float(data["estim_frequency_hz"])
        record.estim_intensity_ma = float(data["estim_intensity_ma"])
        record.estim_duration_min = data["estim_duration_min"]
    note.needling = record
    note.has_dry_needling = True
    note.has_adverse_event = events != ["none"]
    note.has_urgent_adverse_event = bool(URGENT_ADVERSE_EVENTS.intersection(events))
    return record.cpt_code, record.minutes


def check_before_signing(note: VisitNote) -> None:
    if note.needling is None:
        return
    if note.needling.needles_out != note.needling.needles_in:
        raise DomainError("Needles out must equal needles in before the note is signed.")
    if not note.needling.sharps_disposed:
        raise DomainError("Confirm the sharps were disposed of before signing.")
