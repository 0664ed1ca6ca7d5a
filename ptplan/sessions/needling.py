"""The dry-needling part of a visit note: the procedure record, written once the checks in
``ptplan.dry_needling.procedure`` pass."""

from __future__ import annotations

from ptplan.dry_needling.procedure import check_procedure
from ptplan.sessions.models import URGENT_ADVERSE_EVENTS, NeedledMuscle, NeedlingRecord, VisitNote


def save_needling(note: VisitNote, *, patient, plan, data: dict) -> tuple[str | None, int]:
    """Record the procedure on the note from the form's ``dn`` data; (CPT code, minutes) to bill."""
    note.has_dry_needling = note.has_adverse_event = note.has_urgent_adverse_event = False
    checked = check_procedure(data, patient=patient, plan_has_dry_needling=plan.has_dry_needling)
    if checked is None:
        return None, 0
    record = NeedlingRecord(
        technique=data["technique"],
        needle_gauge_mm=float(data["needle_gauge_mm"]),
        needle_length_mm=int(data["needle_length_mm"]),
        needles_in=data.get("needles_in"),
        needles_out=data.get("needles_out"),
        twitch_grade=data["twitch_grade"],
        tolerance=data["tolerance"],
        response=data.get("response") or "",
        adverse_events=checked.adverse_events,
        sharps_disposed=bool(data.get("sharps_disposed")),
        no_injectate=True,
        lung_field_technique_confirmed=checked.over_lung_field_confirmed,
        minutes=data.get("minutes") or 0,
        cpt_code=checked.cpt_code,
        muscles=[NeedledMuscle(muscle_id=m, side=s, position=i) for i, (m, s) in enumerate(checked.muscles)],
    )
    if record.technique == "electrical_stimulation":
        record.estim_frequency_hz = float(data["estim_frequency_hz"])
        record.estim_intensity_ma = float(data["estim_intensity_ma"])
        record.estim_duration_min = data["estim_duration_min"]
    note.needling = record
    note.has_dry_needling = True
    note.has_adverse_event = checked.adverse_events != ["none"]
    note.has_urgent_adverse_event = bool(URGENT_ADVERSE_EVENTS.intersection(checked.adverse_events))
    return record.cpt_code, record.minutes
