"""What the REST API answers, apart from HTTP: locating a resource by its FHIR id inside the
user's clinic, search parameters, the CapabilityStatement and OperationOutcome.

A resource id names the row it came from (``score-12``, ``note-7``, ``dn-3``...). Each is
located, checked against the clinic (another clinic's id is "not found", never "forbidden",
which would reveal that it exists), and then mapped by the same record loader as the export.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select

from ptplan.auth.models import User
from ptplan.clinics.models import Clinic
from ptplan.dry_needling.models import DryNeedlingConsent
from ptplan.evaluations.models import Evaluation
from ptplan.extensions import db
from ptplan.fhir import codes
from ptplan.outcomes.models import OutcomeScore
from ptplan.patients.models import Patient, PatientDiagnosis
from ptplan.plans.models import PlanGoal, PlanOfCare
from ptplan.sessions.models import NeedlingRecord, NoteIntervention, VisitNote

ID_PATTERN = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")
SEARCH_PARAMETERS = {
    "Patient": {"identifier"},
    "Observation": {"patient", "code"},
    **{name: {"patient"} for name in codes.RESOURCE_TYPES if name not in ("Patient", "Observation")},
}
"""Anything else is refused with 400, never silently ignored. Practitioner and Organization
have no search: they are read by id or reached through a patient."""
SEARCH_PARAMETERS["Practitioner"] = set()
SEARCH_PARAMETERS["Organization"] = set()
FORMAT_VALUES = {"json", "application/json", "application/fhir+json"}


class SearchError(ValueError):
    """A search the API does not support; the message goes into the OperationOutcome."""


def outcome(severity: str, code: str, text: str) -> dict:
    return {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": severity, "code": code, "diagnostics": text}],
    }


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) < 12 else None


def _patient_of(model, key: int | None):
    return db.session.get(model, key) if key is not None else None


@dataclass
class Located:
    """Where a FHIR id points: the patient whose record holds it, or a clinic-level resource."""

    clinic_id: int
    patient: Patient | None = None
    user: User | None = None
    clinic: Clinic | None = None


def locate(resource_type: str, resource_id: str) -> Located | None:
    """Find the row behind a FHIR id; None when there is none. The caller checks the clinic."""
    if not ID_PATTERN.match(resource_id):
        return None
    prefix, _, rest = resource_id.rpartition("-") if "-" in resource_id else ("", "", resource_id)
    if resource_type in ("Observation", "QuestionnaireResponse") and resource_id.startswith("slr-"):
        parts = resource_id.split("-")
        if len(parts) != 3 or parts[2] not in ("left", "right") or resource_type != "Observation":
            return None
        prefix, rest = "slr", parts[1]
    key = _int(rest)
    row_patient_id = None
    if resource_type == "Patient" and not prefix:
        patient = _patient_of(Patient, key)
        return Located(patient.clinic_id, patient=patient) if patient else None
    if resource_type == "Practitioner" and not prefix:
        user = _patient_of(User, key)
        return Located(user.clinic_id, user=user) if user and user.role != "admin" else None
    if resource_type == "Organization" and not prefix:
        clinic = _patient_of(Clinic, key)
        return Located(clinic.id, clinic=clinic) if clinic else None
    lookups = {
        ("Condition", ""): lambda: _patient_id(PatientDiagnosis, key),
        ("Observation", "score"): lambda: _patient_id(OutcomeScore, key),
        ("QuestionnaireResponse", "score"): lambda: _patient_id(OutcomeScore, key),
        ("Observation", "slr"): lambda: _patient_id(Evaluation, key),
        ("Goal", ""): lambda: _goal_patient_id(key),
        ("CarePlan", ""): lambda: _patient_id(PlanOfCare, key),
        ("Procedure", "dn"): lambda: _needling_patient_id(key),
        ("Procedure", "mt"): lambda: _delivered_patient_id(key),
        ("Consent", ""): lambda: _patient_id(DryNeedlingConsent, key),
        ("DocumentReference", "evaluation"): lambda: _patient_id(Evaluation, key),
        ("DocumentReference", "note"): lambda: _patient_id(VisitNote, key),
        ("DocumentReference", "plan"): lambda: _patient_id(PlanOfCare, key),
        ("DocumentReference", "home-plan"): lambda: _patient_id(PlanOfCare, key),
    }
    lookup = lookups.get((resource_type, prefix))
    if lookup is None or key is None:
        return None
    row_patient_id = lookup()
    patient = _patient_of(Patient, row_patient_id)
    return Located(patient.clinic_id, patient=patient) if patient else None


def _patient_id(model, key: int) -> int | None:
    return db.session.scalar(select(model.patient_id).where(model.id == key))


def _goal_patient_id(key: int) -> int | None:
    return db.session.scalar(select(PlanOfCare.patient_id).join(PlanGoal).where(PlanGoal.id == key))


def _needling_patient_id(key: int) -> int | None:
    return db.session.scalar(
        select(VisitNote.patient_id).join(NeedlingRecord).where(NeedlingRecord.id == key)
    )


def _delivered_patient_id(key: int) -> int | None:
    return db.session.scalar(
        select(VisitNote.patient_id).join(NoteIntervention).where(NoteIntervention.id == key)
    )


def check_search(resource_type: str, args) -> dict[str, str]:
    """The search parameters, each known and given once; raises SearchError otherwise."""
    allowed = SEARCH_PARAMETERS[resource_type]
    params: dict[str, str] = {}
    for name in args:
        values = args.getlist(name)
        if name == "_format":
            if any(v not in FORMAT_VALUES for v in values):
                raise SearchError("Only JSON is served (_format=json).")
            continue
        if name not in allowed:
            known = ", ".join(sorted(allowed)) or "none (read by id)"
            raise SearchError(f"Unknown search parameter {name!r} for {resource_type}; supported: {known}.")
        if len(values) != 1 or not values[0].strip():
            raise SearchError(f"Give the search parameter {name!r} exactly once, with a value.")
        params[name] = values[0].strip()
    if resource_type == "Patient" and "identifier" not in params:
        raise SearchError("Search patients by identifier (the MRN), or read one by id.")
    if resource_type not in ("Patient",) and allowed and "patient" not in params:
        raise SearchError(f"Search {resource_type} by patient (patient=<id>).")
    if not allowed:
        raise SearchError(f"{resource_type} has no search; read it by id.")
    return params


def patient_key(value: str) -> int:
    """``patient=123`` or ``patient=Patient/123``."""
    raw = value.removeprefix("Patient/")
    key = _int(raw)
    if key is None:
        raise SearchError("The patient parameter takes a patient id, such as patient=12.")
    return key


def find_by_identifier(value: str, clinic_id: int) -> Patient | None:
    """``identifier=MRN`` or ``identifier=system|MRN``; MRNs match case-insensitively."""
    system, bar, mrn = value.rpartition("|")
    if not bar:
        system, mrn = "", value
    if system and system != codes.mrn_system(clinic_id):
        return None
    return db.session.scalar(
        select(Patient).where(Patient.clinic_id == clinic_id, func.lower(Patient.mrn) == mrn.strip().lower())
    )


def code_matches(resource: dict, wanted: str) -> bool:
    """Token search on ``code``: ``code``, ``system|code``, ``|code`` or a comma-separated list."""
    codings = resource.get("code", {}).get("coding", [])
    for token in wanted.split(","):
        system, bar, code = token.rpartition("|")
        for coding in codings:
            if coding.get("code") == code and (not bar or not system or coding.get("system") == system):
                return True
    return False


def capability_statement(base_url: str, software_version: str = "1") -> dict:
    """The server's CapabilityStatement: read and search per type, $everything on Patient."""
    resources = []
    for name in codes.RESOURCE_TYPES:
        entry: dict = {"type": name, "interaction": [{"code": "read"}]}
        if name in codes.PROFILES:
            entry["supportedProfile"] = [codes.PROFILES[name]]
        params = sorted(SEARCH_PARAMETERS[name])
        if params:
            entry["interaction"].append({"code": "search-type"})
            entry["searchParam"] = [
                {"name": p, "type": "reference" if p == "patient" else "token"} for p in params
            ]
        if name == "Patient":
            entry["operation"] = [
                {
                    "name": "everything",
                    "definition": "http://hl7.org/fhir/OperationDefinition/Patient-everything",
                }
            ]
        resources.append(entry)
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": "2026-12-02",
        "kind": "instance",
        "software": {"name": "ptplan", "version": software_version},
        "implementation": {"description": "ptplan read-only FHIR API", "url": base_url},
        "fhirVersion": codes.FHIR_VERSION,
        "format": ["json"],
        "rest": [
            {
                "mode": "server",
                "security": {
                    "description": "Bearer token from the account page or `flask create-api-token`;"
                    " it reads with the user's own clinic and role."
                },
                "resource": resources,
            }
        ],
    }
