"""The checks a visit note's dry-needling procedure must pass, before it is recorded and before the
note is signed (DOMAIN.md "Dry needling", SECURITY.md NOTE-01).

- The plan of care must include dry needling, and the patient must be cleared (signed screening
  and consent: ``ptplan.dry_needling.services.dry_needling_clearance``).
- Every muscle needled is named from the clinic's muscle list.
- Over the lung field the technique must be confirmed (Halle & Halle 2016, pneumothorax risk).
- Needles out must equal needles in, and the sharps must be disposed of, before signing.

The procedure record itself belongs to the visit note (``ptplan.sessions``), which writes it
from the ``CheckedProcedure`` returned here. Who may document it is checked by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ptplan.billing.visit import dry_needling_code_for
from ptplan.dry_needling.services import dry_needling_clearance
from ptplan.exceptions import DomainError
from ptplan.extensions import db
from ptplan.library.models import Muscle


@dataclass(frozen=True)
class CheckedProcedure:
    """A delivered procedure that passed every check: what the note records and bills."""

    muscles: list[tuple[int, str]]  # (muscle id, side), in the order given
    adverse_events: list[str]  # ["none"] when there were none
    over_lung_field_confirmed: bool
    cpt_code: str


def check_procedure(data: dict, *, patient, plan_has_dry_needling: bool) -> CheckedProcedure | None:
    """Check the form's ``dn`` data; None when no dry needling was delivered. Refusals raise."""
    if not data.get("delivered"):
        return None
    if not plan_has_dry_needling:
        raise DomainError("The plan of care does not include dry needling; update the plan first.")
    cleared, reasons = dry_needling_clearance(patient)
    if not cleared:
        raise DomainError("Dry needling cannot be recorded: " + " ".join(reasons))
    rows = [(int(r["muscle_id"]), r["side"]) for r in data.get("muscles") or [] if r.get("muscle_id")]
    ids = [m for m, _ in rows]
    known = dict(
        db.session.execute(
            select(Muscle.id, Muscle.is_over_lung_field).where(
                Muscle.clinic_id == patient.clinic_id, Muscle.id.in_(ids)
            )
        ).all()
    )
    if not rows or any(muscle_id not in known for muscle_id in ids):
        raise DomainError("Name each muscle needled from the clinic's muscle list.")
    over_lung = any(known[muscle_id] for muscle_id in ids)
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
    return CheckedProcedure(
        muscles=rows,
        adverse_events=events,
        over_lung_field_confirmed=confirmed and over_lung,
        cpt_code=dry_needling_code_for([side for _, side in rows]),
    )


def check_before_signing(needling) -> None:
    """A note's procedure record (or None) may be signed only when the count and sharps check out."""
    if needling is None:
        return
    if needling.needles_out != needling.needles_in:
        raise DomainError("Needles out must equal needles in before the note is signed.")
    if not needling.sharps_disposed:
        raise DomainError("Confirm the sharps were disposed of before signing.")
