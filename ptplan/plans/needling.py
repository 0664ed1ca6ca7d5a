"""What the patient's plans will needle: the muscles of planned dry needling that carry a precaution.

The rule (lung field, nerve or vessel at risk) is ``ptplan.dry_needling.rules``; this module
reads the plans it applies to.
"""

from __future__ import annotations

from sqlalchemy import select

from ptplan.dry_needling.rules import needling_precautions
from ptplan.extensions import db
from ptplan.library.models import Muscle
from ptplan.plans.models import PlanIntervention, PlanOfCare


def planned_needling_precautions(patient_id: int) -> tuple[list[str], list[tuple[str, str]]]:
    """Muscles the patient's draft or active plans will needle that carry a precaution.

    Returns (names over the lung field, [(name, structure at risk)]), DOMAIN.md "Dry
    needling by region": the consent names pneumothorax when a plan includes a lung-field
    muscle, and the record names the nerve or vessel at risk.
    """
    rows = db.session.scalars(
        select(PlanIntervention.params)
        .join(PlanOfCare, PlanOfCare.id == PlanIntervention.plan_id)
        .where(
            PlanOfCare.patient_id == patient_id,
            PlanOfCare.status.in_(("draft", "active")),
            PlanIntervention.kind == "dry_needling",
        )
    )
    ids = {
        int(m["muscle_id"])
        for params in rows
        for m in (params or {}).get("muscles", [])
        if m.get("muscle_id")
    }
    if not ids:
        return [], []
    muscles = list(db.session.scalars(select(Muscle).where(Muscle.id.in_(ids)).order_by(Muscle.name)))
    return needling_precautions(muscles)
