"""Code systems and codes the FHIR mapping uses, each with where it was checked.

Pure data: no Flask, no database. External codes appear here only when their source was
checked (DOMAIN.md "Interoperability"); anything without a published code uses the project's
own code system under ``PROJECT_BASE``, whose URLs never change once published.
"""

from __future__ import annotations

FHIR_VERSION = "4.0.1"
PROJECT_BASE = "https://fhir.ptplan.org"
"""Stable base of the project's own code systems and identifier systems."""

LOINC = "http://loinc.org"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
CPT = "http://www.ama-assn.org/go/cpt"
UCUM = "http://unitsofmeasure.org"
NPI = "http://hl7.org/fhir/sid/us-npi"
V2_IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
CONSENT_CATEGORY = "http://terminology.hl7.org/CodeSystem/consentcategorycodes"
CAREPLAN_CATEGORY = "http://hl7.org/fhir/us/core/CodeSystem/careplan-category"
DOCUMENT_CATEGORY = "http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category"
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"

MEASURE_SYSTEM = f"{PROJECT_BASE}/CodeSystem/outcome-measure"
EXAM_SYSTEM = f"{PROJECT_BASE}/CodeSystem/physical-exam"
BODY_SITE_SYSTEM = f"{PROJECT_BASE}/CodeSystem/body-site"
MUSCLE_SYSTEM = f"{PROJECT_BASE}/CodeSystem/muscle"
INTERVENTION_SYSTEM = f"{PROJECT_BASE}/CodeSystem/intervention-kind"
DOCUMENT_TYPE_SYSTEM = f"{PROJECT_BASE}/CodeSystem/document-type"
ADVERSE_EVENT_SYSTEM = f"{PROJECT_BASE}/CodeSystem/dry-needling-adverse-event"
GOAL_TERM_SYSTEM = f"{PROJECT_BASE}/CodeSystem/goal-term"
QUESTIONNAIRE_BASE = f"{PROJECT_BASE}/Questionnaire"
PRACTITIONER_SYSTEM = f"{PROJECT_BASE}/NamingSystem/user"
ORGANIZATION_SYSTEM = f"{PROJECT_BASE}/NamingSystem/clinic"


def mrn_system(clinic_id: int) -> str:
    """MRNs are unique within one clinic, so each clinic has its own identifier system."""
    return f"{PROJECT_BASE}/NamingSystem/clinic/{clinic_id}/mrn"


# LOINC codes verified on LOINC's own pages (DOMAIN.md): NPRS 72514-3, ODI score 97909-6
# (displays are LOINC's long common names; the ODI score is "reported as a percent").
# PSFS, LEFS, FABQ, NDI and QuickDASH have no code we could verify: they use the project system.
MEASURE_LOINC = {
    "nprs": ("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported"),
    "odi": ("97909-6", "Oswestry disability index score ODI"),
}
MEASURE_UNITS = {
    "nprs": ("{score}", "score"),
    "odi": ("%", "%"),
    "psfs": ("{score}", "score"),
    "lefs": ("{score}", "score"),
    "fabq": ("{score}", "score"),
    "ndi": ("%", "%"),
    "quickdash": ("{score}", "score"),
    "quickdash_work": ("{score}", "score"),
    "quickdash_sports": ("{score}", "score"),
}
MEASURE_NAMES = {
    "nprs": "Numeric Pain Rating Scale",
    "odi": "Oswestry Disability Index v2.1a",
    "psfs": "Patient-Specific Functional Scale",
    "lefs": "Lower Extremity Functional Scale",
    "fabq": "Fear-Avoidance Beliefs Questionnaire",
    "ndi": "Neck Disability Index",
    "quickdash": "QuickDASH (Disabilities of the Arm, Shoulder and Hand)",
    "quickdash_work": "QuickDASH work module",
    "quickdash_sports": "QuickDASH sports and performing-arts module",
}

SEX_TO_GENDER = {"female": "female", "male": "male", "other": "other", "unknown": "unknown"}
GENDER_TO_SEX = {value: key for key, value in SEX_TO_GENDER.items()}

DOCUMENT_TYPES = {
    "initial": "Initial evaluation",
    "reevaluation": "Re-evaluation",
    "discharge-evaluation": "Discharge evaluation",
    "daily": "Daily note",
    "progress": "Progress note",
    "discharge": "Discharge summary",
    "plan-of-care": "Plan of care",
    "home-plan": "Home exercise plan (patient copy)",
}

US_CORE = "http://hl7.org/fhir/us/core/StructureDefinition"
PROFILES = {
    # Claimed only where every element the profile requires is filled (see tests/test_fhir_*).
    "Patient": f"{US_CORE}/us-core-patient",
    "Practitioner": f"{US_CORE}/us-core-practitioner",
    "Condition": f"{US_CORE}/us-core-condition-problems-health-concerns",
    "Goal": f"{US_CORE}/us-core-goal",
    "CarePlan": f"{US_CORE}/us-core-careplan",
    "Procedure": f"{US_CORE}/us-core-procedure",
}
"""Organization (needs an NPI or CLIA identifier we do not hold), DocumentReference (needs a
LOINC document type we have not verified), Observation, QuestionnaireResponse and Consent
claim no profile."""

RESOURCE_TYPES = (
    "Patient",
    "Practitioner",
    "Organization",
    "Condition",
    "Observation",
    "QuestionnaireResponse",
    "Goal",
    "CarePlan",
    "Procedure",
    "Consent",
    "DocumentReference",
)
