"""Pure dry-needling safety rules: contraindications, pre-ticking and clearance (DOMAIN.md).

No Flask, no database: data in, data out. Absolute contraindications block dry needling; each
relative one needs a documented clinical reason. Written consent (dated, form version,
signature, witness, copy given) must be on file. Over the lung field the consent names
pneumothorax and the procedure asks to confirm the technique; a nerve or vessel at risk is named
in the record (DOMAIN.md "Dry needling by region", Halle & Halle 2016).
"""

from __future__ import annotations

from datetime import date

ABSOLUTE = {
    "needle_phobia": "Needle phobia",
    "unwilling": "Patient unwilling",
    "unable_to_consent": "Patient unable to consent",
    "medical_emergency": "Acute medical emergency",
    "lymphedema": "Needling over a lymphedematous limb",
}
RELATIVE = {
    "bleeding": "Abnormal bleeding tendency or anticoagulants",
    "immunity": "Compromised immunity",
    "vascular": "Vascular disease",
    "diabetes": "Diabetes",
    "pregnancy": "Pregnancy",
    "child": "Child (under 18)",
    "frailty": "Frailty",
    "epilepsy": "Epilepsy",
    "metal_allergy": "Metal allergy",
    "implant": "Implant near the site",
    "psychological": "Psychological state",
}
# Patient precautions (ptplan.patients.models.PRECAUTIONS) that pre-tick the screening.
PRECAUTION_TO_ABSOLUTE = {
    "needle_phobia": "needle_phobia",
    "lymphedema_left": "lymphedema",
    "lymphedema_right": "lymphedema",
}
PRECAUTION_TO_RELATIVE = {
    "anticoagulants": "bleeding",
    "pregnancy": "pregnancy",
    "diabetes": "diabetes",
    "epilepsy": "epilepsy",
    "metal_allergy": "metal_allergy",
    "immunocompromised": "immunity",
    "pacemaker": "implant",
    "fall_risk": "frailty",
}


def pretick(patient, today: date) -> tuple[set[str], set[str]]:
    """Absolute and relative codes suggested by the patient's recorded precautions and age."""
    codes = patient.precaution_codes
    absolute = {PRECAUTION_TO_ABSOLUTE[c] for c in codes if c in PRECAUTION_TO_ABSOLUTE}
    relative = {PRECAUTION_TO_RELATIVE[c] for c in codes if c in PRECAUTION_TO_RELATIVE}
    if patient.age_on(today) < 18:
        relative.add("child")
    return absolute, relative


def clearance_from(screening, consent) -> tuple[bool, list[str]]:
    """The gate on already-loaded records, so the chart can reuse its own queries."""
    reasons: list[str] = []
    if screening is None:
        reasons.append("No signed dry-needling screening is on file. Record the screening first.")
    else:
        for code in screening.absolute:
            reasons.append(
                f"Dry needling is contraindicated: {ABSOLUTE.get(code, code).lower()} "
                "(an absolute contraindication in the latest screening)."
            )
        for code, why in screening.relative.items():
            if not (why or "").strip():
                reasons.append(
                    f"The screening gives no clinical reason for going ahead despite {RELATIVE.get(code, code).lower()}."
                )
    if consent is None or consent.withdrawn_on is not None:
        reasons.append("No signed dry-needling consent is on file. Record the patient's written consent.")
    elif not consent.copy_given:
        reasons.append("The patient was not given a copy of the consent form.")
    return (not reasons, reasons)


def needling_precautions(muscles) -> tuple[list[str], list[tuple[str, str]]]:
    """(names over the lung field, [(name, structure at risk)]) of the muscles to be needled.

    DOMAIN.md "Dry needling by region": the consent names pneumothorax when a plan includes a
    lung-field muscle, and the record names the nerve or vessel at risk.
    """
    lung = [m.name for m in muscles if m.is_over_lung_field]
    structures = [(m.name, m.structure_at_risk) for m in muscles if m.structure_at_risk]
    return lung, structures
