"""FHIR R4 resources for people, places and findings: Patient, Practitioner, Organization,
Condition, Observation and QuestionnaireResponse.

Each function takes already-loaded, clinic-checked model objects and returns a plain dict in
FHIR JSON form. No Flask and no queries here (the caller loads); mapping follows DOMAIN.md
"Interoperability (HL7 FHIR R4)".
"""

from __future__ import annotations

from typing import Any

from ptplan.fhir import codes
from ptplan.measures.special_tests import slr_positive

Resource = dict[str, Any]


def ref(resource_type: str, resource_id: str | int) -> dict[str, str]:
    return {"reference": f"{resource_type}/{resource_id}"}


def meta(resource_type: str) -> dict:
    """``meta.profile`` only for the types whose US Core profile we fill (codes.PROFILES)."""
    profile = codes.PROFILES.get(resource_type)
    return {"meta": {"profile": [profile]}} if profile else {}


def instant(moment) -> str:
    """An aware UTC datetime as a FHIR instant (seconds precision, ``Z``)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def patient_resource(patient) -> Resource:
    """Patient with the MRN as an ``MR`` identifier (US Core Patient)."""
    resource: Resource = {
        "resourceType": "Patient",
        "id": str(patient.id),
        **meta("Patient"),
        "identifier": [
            {
                "use": "usual",
                "type": {"coding": [{"system": codes.V2_IDENTIFIER_TYPE, "code": "MR"}], "text": "MRN"},
                "system": codes.mrn_system(patient.clinic_id),
                "value": patient.mrn,
            }
        ],
        "active": patient.status != "archived",
        "name": [{"use": "official", "family": patient.last_name, "given": [patient.first_name]}],
        "gender": codes.SEX_TO_GENDER[patient.sex],
        "birthDate": patient.date_of_birth.isoformat(),
        "managingOrganization": ref("Organization", patient.clinic_id),
    }
    if not patient.first_name:
        resource["name"][0].pop("given")
    telecom = []
    if patient.phone:
        telecom.append({"system": "phone", "value": patient.phone})
    if patient.email:
        telecom.append({"system": "email", "value": patient.email})
    if telecom:
        resource["telecom"] = telecom
    if patient.address:
        resource["address"] = [{"text": patient.address}]
    if patient.preferred_language and patient.preferred_language != "other":
        resource["communication"] = [
            {
                "language": {"coding": [{"system": "urn:ietf:bcp:47", "code": patient.preferred_language}]},
                "preferred": True,
            }
        ]
    if patient.primary_therapist_id:
        resource["generalPractitioner"] = [ref("Practitioner", patient.primary_therapist_id)]
    return resource


def practitioner_resource(user) -> Resource:
    """A therapist or manager named on the record (US Core Practitioner)."""
    identifiers = [{"system": codes.PRACTITIONER_SYSTEM, "value": str(user.id)}]
    resource: Resource = {
        "resourceType": "Practitioner",
        "id": str(user.id),
        **meta("Practitioner"),
        "identifier": identifiers,
        "active": bool(user.is_active_user),
        "name": [{"text": user.display_name, **_split_name(user.full_name)}],
    }
    if user.licence_number:
        resource["qualification"] = [
            {
                "identifier": [{"value": user.licence_number}],
                "code": {"text": user.credentials or "Licensed physical therapist"},
            }
        ]
    return resource


def _split_name(full_name: str) -> dict:
    parts = full_name.split()
    if len(parts) < 2:
        return {"family": full_name}
    return {"family": parts[-1], "given": parts[:-1]}


def organization_resource(clinic) -> Resource:
    resource: Resource = {
        "resourceType": "Organization",
        "id": str(clinic.id),
        "identifier": [{"system": codes.ORGANIZATION_SYSTEM, "value": str(clinic.id)}],
        "active": True,
        "type": [
            {
                "coding": [
                    {"system": "http://terminology.hl7.org/CodeSystem/organization-type", "code": "prov"}
                ],
                "text": "Physical therapy clinic",
            }
        ],
        "name": clinic.name,
    }
    if clinic.phone:
        resource["telecom"] = [{"system": "phone", "value": clinic.phone}]
    if clinic.address:
        resource["address"] = [{"text": clinic.address}]
    return resource


def condition_resource(diagnosis, patient) -> Resource:
    """A diagnosis in ICD-10-CM (US Core Condition Problems and Health Concerns)."""
    return {
        "resourceType": "Condition",
        "id": str(diagnosis.id),
        **meta("Condition"),
        "clinicalStatus": {
            "coding": [
                {
                    "system": codes.CONDITION_CLINICAL,
                    "code": "resolved" if patient.status == "discharged" else "active",
                }
            ]
        },
        "verificationStatus": {"coding": [{"system": codes.CONDITION_VERIFICATION, "code": "confirmed"}]},
        "category": [{"coding": [{"system": codes.CONDITION_CATEGORY, "code": "problem-list-item"}]}],
        "code": {
            "coding": [
                {"system": codes.ICD10CM, "code": diagnosis.icd10_code, "display": diagnosis.description}
            ],
            "text": diagnosis.description,
        },
        "subject": ref("Patient", patient.id),
    }


def measure_code(code: str) -> dict:
    """LOINC first where verified (codes.MEASURE_LOINC), always the project's own code too."""
    coding = []
    if code in codes.MEASURE_LOINC:
        loinc, display = codes.MEASURE_LOINC[code]
        coding.append({"system": codes.LOINC, "code": loinc, "display": display})
    coding.append({"system": codes.MEASURE_SYSTEM, "code": code, "display": codes.MEASURE_NAMES[code]})
    return {"coding": coding, "text": codes.MEASURE_NAMES[code]}


def score_quantity(code: str, value: float) -> dict:
    unit_code, unit = codes.MEASURE_UNITS[code]
    number = int(value) if float(value).is_integer() else round(float(value), 2)
    return {"value": number, "unit": unit, "system": codes.UCUM, "code": unit_code}


def score_observation(score) -> Resource:
    """One scored outcome measure (NPRS, ODI, PSFS, LEFS, FABQ)."""
    resource: Resource = {
        "resourceType": "Observation",
        "id": f"score-{score.id}",
        "status": "final",
        "category": [{"coding": [{"system": codes.OBSERVATION_CATEGORY, "code": "survey"}]}],
        "code": measure_code(score.code),
        "subject": ref("Patient", score.patient_id),
        "effectiveDateTime": score.taken_on.isoformat(),
        "valueQuantity": score_quantity(score.code, score.value),
    }
    if score.recorded_by_id:
        resource["performer"] = [ref("Practitioner", score.recorded_by_id)]
    if score.band:
        resource["interpretation"] = [{"text": score.band}]
    if has_item_answers(score):
        resource["derivedFrom"] = [ref("QuestionnaireResponse", f"score-{score.id}")]
    return resource


def has_item_answers(score) -> bool:
    """Answers recorded item by item (ODI, LEFS, FABQ and PSFS lists), not only a total."""
    return bool(score.answers) and score.code != "nprs"


def questionnaire_response(score) -> Resource:
    """The item-by-item answers behind a score; skipped items are left out, as FHIR expects."""
    items = []
    for number, answer in enumerate(score.answers, start=1):
        if answer is None:
            continue
        items.append(
            {
                "linkId": str(number),
                "text": f"Item {number}",
                "answer": [_answer_value(answer)],
            }
        )
    resource: Resource = {
        "resourceType": "QuestionnaireResponse",
        "id": f"score-{score.id}",
        "questionnaire": f"{codes.QUESTIONNAIRE_BASE}/{score.code}",
        "status": "completed",
        "subject": ref("Patient", score.patient_id),
        "authored": score.taken_on.isoformat(),
    }
    if score.recorded_by_id:
        resource["author"] = ref("Practitioner", score.recorded_by_id)
    if items:
        resource["item"] = items
    return resource


def _answer_value(answer) -> dict:
    if isinstance(answer, bool):
        return {"valueBoolean": answer}
    if isinstance(answer, int):
        return {"valueInteger": answer}
    if isinstance(answer, float):
        return {"valueDecimal": answer}
    if isinstance(answer, dict):  # PSFS: {"activity": ..., "rating": ...}
        return {"valueString": f"{answer.get('activity', '')}: {answer.get('rating', '')}"}
    return {"valueString": str(answer)}


SIDES = {"left": "Left lower limb", "right": "Right lower limb"}


def slr_observations(evaluation) -> list[Resource]:
    """Straight-leg raise per side, with the side as bodySite (DOMAIN.md special tests)."""
    resources = []
    for side, site in SIDES.items():
        angle = getattr(evaluation, f"slr_{side}_angle")
        if angle is None:
            continue
        below_knee = bool(getattr(evaluation, f"slr_{side}_below_knee"))
        positive = slr_positive(angle, below_knee)
        components = [
            {
                "code": {
                    "coding": [{"system": codes.EXAM_SYSTEM, "code": "slr-angle"}],
                    "text": "Hip flexion angle",
                },
                "valueQuantity": {"value": angle, "unit": "degrees", "system": codes.UCUM, "code": "deg"},
            },
            {
                "code": {
                    "coding": [{"system": codes.EXAM_SYSTEM, "code": "slr-below-knee"}],
                    "text": "Pain radiating below the knee",
                },
                "valueBoolean": below_knee,
            },
            {
                "code": {
                    "coding": [{"system": codes.EXAM_SYSTEM, "code": "slr-crossed"}],
                    "text": "Crossed SLR",
                },
                "valueBoolean": bool(getattr(evaluation, f"slr_{side}_crossed")),
            },
        ]
        differentiation = getattr(evaluation, f"slr_{side}_differentiation")
        if differentiation:
            components.append(
                {
                    "code": {
                        "coding": [{"system": codes.EXAM_SYSTEM, "code": "slr-differentiation"}],
                        "text": "Structural differentiation",
                    },
                    "valueString": differentiation,
                }
            )
        resources.append(
            {
                "resourceType": "Observation",
                "id": f"slr-{evaluation.id}-{side}",
                "status": "final",
                "category": [{"coding": [{"system": codes.OBSERVATION_CATEGORY, "code": "exam"}]}],
                "code": {
                    "coding": [{"system": codes.EXAM_SYSTEM, "code": "slr", "display": "Straight-leg raise"}],
                    "text": "Straight-leg raise",
                },
                "subject": ref("Patient", evaluation.patient_id),
                "effectiveDateTime": evaluation.date_of_service.isoformat(),
                "performer": [ref("Practitioner", evaluation.therapist_id)],
                "valueCodeableConcept": {
                    "coding": [{"system": codes.INTERPRETATION, "code": "POS" if positive else "NEG"}],
                    "text": "Positive" if positive else "Negative",
                },
                "bodySite": {
                    "coding": [
                        {"system": codes.BODY_SITE_SYSTEM, "code": f"{side}-lower-limb", "display": site}
                    ],
                    "text": site,
                },
                "component": components,
            }
        )
    return resources
