"""FHIR R4 resources for care: Goal, CarePlan, Procedure, Consent and DocumentReference.

Plain dicts from already-loaded model objects; no queries here. Mapping per DOMAIN.md
"Interoperability": plan of care -> CarePlan (activities with schedule and quantity, links to
goals and conditions), goals -> Goal, dry needling and manual therapy delivered -> Procedure
(bodySite per muscle, complications), consent -> Consent, signed notes and the printed plan
-> DocumentReference with the PDF attached.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape

from ptplan.fhir import codes
from ptplan.fhir.mapping_people import Resource, instant, measure_code, meta, ref, score_quantity
from ptplan.plans import kinds

GOAL_STATUS = {
    # ptplan goal status -> (Goal.lifecycleStatus, Goal.achievementStatus)
    "active": ("active", "in-progress"),
    "progressing": ("active", "improving"),
    "met": ("completed", "achieved"),
    "not_met": ("active", "not-achieved"),
    "discontinued": ("cancelled", None),
}
PLAN_STATUS = {
    "draft": "draft",
    "active": "active",
    "completed": "completed",
    "superseded": "revoked",
    "discontinued": "revoked",
}
ACTIVITY_STATUS = {
    "draft": "not-started",
    "active": "in-progress",
    "completed": "completed",
    "superseded": "stopped",
    "discontinued": "stopped",
}
SIDE_WORDS = {"left": "left", "right": "right", "both": "both sides", "none": ""}


def goal_resource(goal, plan) -> Resource:
    """A goal with its measure, target value and due date (US Core Goal)."""
    lifecycle, achievement = GOAL_STATUS[goal.status]
    if plan.status in ("superseded", "discontinued") and lifecycle == "active":
        lifecycle = "cancelled"
    resource: Resource = {
        "resourceType": "Goal",
        "id": str(goal.id),
        **meta("Goal"),
        "lifecycleStatus": lifecycle,
        "category": [
            {
                "coding": [
                    {
                        "system": codes.GOAL_TERM_SYSTEM,
                        "code": goal.term,
                        "display": "Short-term goal" if goal.term == "short" else "Long-term goal",
                    }
                ]
            }
        ],
        "description": {"text": goal.description},
        "subject": ref("Patient", plan.patient_id),
        "startDate": plan.start_date.isoformat(),
        "expressedBy": ref("Practitioner", plan.author_id),
    }
    if achievement:
        resource["achievementStatus"] = {
            "coding": [
                {"system": "http://terminology.hl7.org/CodeSystem/goal-achievement", "code": achievement}
            ]
        }
    target: dict = {}
    if goal.measure_code:
        target["measure"] = measure_code(goal.measure_code)
        if goal.target_value is not None:
            target["detailQuantity"] = score_quantity(goal.measure_code, goal.target_value)
    if goal.due_date:
        target["dueDate"] = goal.due_date.isoformat()
    if target:
        resource["target"] = [target]
    if goal.patient_wording:
        resource["note"] = [{"text": goal.patient_wording}]
    return resource


def _activity(intervention, plan, condition_refs: list[dict]) -> dict:
    kind = kinds.get(intervention.kind)
    params = intervention.params or {}
    detail: dict = {
        "kind": "ServiceRequest",
        "code": {
            "coding": [
                {"system": codes.INTERVENTION_SYSTEM, "code": intervention.kind, "display": kind.label},
                {"system": codes.CPT, "code": intervention.cpt_code},
            ],
            "text": kind.summary(intervention),
        },
        "status": ACTIVITY_STATUS[plan.status],
        "description": kind.patient_description(intervention),
        "performer": [ref("Practitioner", plan.author_id)],
    }
    if condition_refs:
        detail["reasonReference"] = condition_refs
    if intervention.goals:
        detail["goal"] = [ref("Goal", goal.id) for goal in intervention.goals]
    bounds = {"value": plan.duration_weeks, "unit": "weeks", "system": codes.UCUM, "code": "wk"}
    if intervention.kind == "home_exercise":
        detail["scheduledTiming"] = {
            "repeat": {
                "boundsDuration": bounds,
                "frequency": int(params.get("times_per_day", 1)),
                "period": 1,
                "periodUnit": "d",
            },
            "code": {"text": f"{params.get('days_per_week', 7)} days a week"},
        }
        detail["quantity"] = {
            "value": int(params.get("sets", 1)),
            "unit": "sets",
            "system": codes.UCUM,
            "code": "1",
        }
        detail["description"] = (
            f"{detail['description']} Repetitions per set: {params.get('reps')};"
            f" hold {params.get('hold_seconds', 0)} seconds."
        )
    else:
        detail["scheduledTiming"] = {
            "repeat": {
                "boundsDuration": bounds,
                "frequency": plan.frequency_per_week,
                "period": 1,
                "periodUnit": "wk",
            }
        }
        if intervention.kind == "manual_therapy" and params.get("minutes"):
            detail["quantity"] = {
                "value": int(params["minutes"]),
                "unit": "minutes",
                "system": codes.UCUM,
                "code": "min",
            }
        elif intervention.kind == "dry_needling":
            sites = sum(2 if m.get("side") == "both" else 1 for m in params.get("muscles", []))
            detail["quantity"] = {"value": sites, "unit": "muscle sites", "system": codes.UCUM, "code": "1"}
    return {"detail": detail}


def careplan_resource(plan, condition_ids_by_code: dict[str, int]) -> Resource:
    """One plan version (US Core CarePlan: narrative, status, intent, assess-plan category)."""
    condition_refs = [
        ref("Condition", condition_ids_by_code[d["code"]])
        for d in plan.diagnoses or []
        if d.get("code") in condition_ids_by_code
    ]
    activities = [_activity(i, plan, condition_refs) for i in plan.interventions]
    lines = [
        f"<p><b>{escape(plan.title)}</b> (version {plan.version_number}), {plan.frequency_per_week} visits a"
        f" week for {plan.duration_weeks} weeks from {plan.start_date.isoformat()}.</p>"
    ]
    if plan.goals:
        lines.append(
            "<p>Goals:</p><ul>" + "".join(f"<li>{escape(g.description)}</li>" for g in plan.goals) + "</ul>"
        )
    if activities:
        lines.append(
            "<p>Interventions:</p><ul>"
            + "".join(f"<li>{escape(a['detail']['code']['text'])}</li>" for a in activities)
            + "</ul>"
        )
    resource: Resource = {
        "resourceType": "CarePlan",
        "id": str(plan.id),
        **meta("CarePlan"),
        "text": {
            "status": "generated",
            "div": '<div xmlns="http://www.w3.org/1999/xhtml">' + "".join(lines) + "</div>",
        },
        "status": PLAN_STATUS[plan.status],
        "intent": "plan",
        "category": [{"coding": [{"system": codes.CAREPLAN_CATEGORY, "code": "assess-plan"}]}],
        "title": plan.title,
        "subject": ref("Patient", plan.patient_id),
        "period": {
            "start": plan.start_date.isoformat(),
            "end": (plan.ended_on or plan.cert_end_date).isoformat(),
        },
        "author": ref("Practitioner", plan.author_id),
    }
    if plan.signed_at:
        resource["created"] = instant(plan.signed_at)
    if plan.previous_version_id:
        resource["replaces"] = [ref("CarePlan", plan.previous_version_id)]
    if condition_refs:
        resource["addresses"] = condition_refs
    if plan.goals:
        resource["goal"] = [ref("Goal", g.id) for g in plan.goals]
    if activities:
        resource["activity"] = activities
    return resource


def _procedure_base(resource_id: str, note, cpt_code: str, kind_code: str, kind_label: str) -> Resource:
    return {
        "resourceType": "Procedure",
        "id": resource_id,
        **meta("Procedure"),
        "basedOn": [ref("CarePlan", note.plan_id)],
        "status": "completed",
        "category": {
            "coding": [{"system": codes.INTERVENTION_SYSTEM, "code": kind_code, "display": kind_label}]
        },
        "code": {"coding": [{"system": codes.CPT, "code": cpt_code}], "text": kind_label},
        "subject": ref("Patient", note.patient_id),
        "performedDateTime": note.date_of_service.isoformat(),
        "performer": [{"actor": ref("Practitioner", note.therapist_id)}],
        "report": [ref("DocumentReference", f"note-{note.id}")],
    }


def dry_needling_procedure(needling, note) -> Resource:
    """Dry needling at one visit: each muscle and side as bodySite, adverse events as complications."""
    from ptplan.sessions.models import ADVERSE_EVENTS, DN_TECHNIQUES

    resource = _procedure_base(f"dn-{needling.id}", note, needling.cpt_code, "dry_needling", "Dry needling")
    sites = []
    for muscle in needling.muscles:
        side = SIDE_WORDS.get(muscle.side, "")
        sites.append(
            {
                "coding": [
                    {"system": codes.MUSCLE_SYSTEM, "code": muscle.muscle.slug, "display": muscle.muscle.name}
                ],
                "text": f"{muscle.muscle.name} ({side})" if side else muscle.muscle.name,
            }
        )
    if sites:
        resource["bodySite"] = sites
    events = [code for code in needling.adverse_events if code != "none"]
    if events:
        resource["complication"] = [
            {"coding": [{"system": codes.ADVERSE_EVENT_SYSTEM, "code": code}], "text": ADVERSE_EVENTS[code]}
            for code in events
        ]
    resource["note"] = [
        {
            "text": (
                f"{DN_TECHNIQUES[needling.technique]}; {needling.needles_in} needles of"
                f" {needling.needle_gauge_mm} x {needling.needle_length_mm} mm; {needling.minutes} minutes."
            )
        }
    ]
    return resource


def manual_therapy_procedure(delivered, note, region: str) -> Resource:
    """Manual therapy at one visit (CPT 97140), with the treated region as bodySite."""
    resource = _procedure_base(
        f"mt-{delivered.id}", note, delivered.cpt_code, "manual_therapy", "Manual therapy"
    )
    resource["code"]["text"] = delivered.description
    if region:
        resource["bodySite"] = [{"text": region}]
    resource["note"] = [{"text": f"{delivered.minutes} minutes."}]
    return resource


def consent_resource(consent) -> Resource:
    """Written informed consent to dry needling; a withdrawal ends the provision period."""
    provision: dict = {"type": "permit", "period": {"start": consent.consented_on.isoformat()}}
    if consent.withdrawn_on:
        provision["period"]["end"] = consent.withdrawn_on.isoformat()
    provision["code"] = [
        {"coding": [{"system": codes.INTERVENTION_SYSTEM, "code": "dry_needling"}], "text": "Dry needling"}
    ]
    return {
        "resourceType": "Consent",
        "id": str(consent.id),
        "status": "inactive" if consent.withdrawn_on else "active",
        "scope": {"coding": [{"system": codes.CONSENT_SCOPE, "code": "treatment"}]},
        "category": [
            {
                "coding": [
                    {"system": f"{codes.PROJECT_BASE}/CodeSystem/consent-category", "code": "dry-needling"}
                ],
                "text": "Dry needling informed consent",
            }
        ],
        "patient": ref("Patient", consent.patient_id),
        "dateTime": consent.consented_on.isoformat(),
        "performer": [ref("Patient", consent.patient_id)],
        "organization": [ref("Organization", consent.clinic_id)],
        "policyRule": {"text": f"Clinic dry-needling consent form, version {consent.form_version}"},
        "verification": [
            {
                "verified": True,
                "verifiedWith": ref("Patient", consent.patient_id),
                "verificationDate": consent.consented_on.isoformat(),
            }
        ],
        "provision": provision,
    }


def document_reference(
    resource_id: str,
    *,
    type_code: str,
    patient_id: int,
    clinic_id: int,
    author_id: int,
    signed_at,
    title: str,
    pdf: bytes | None,
    period_start=None,
) -> Resource:
    """A signed note or printed plan with its PDF attached (no profile claimed: see codes.PROFILES)."""
    attachment: dict = {"contentType": "application/pdf", "title": title}
    if pdf is not None:
        attachment["data"] = base64.b64encode(pdf).decode("ascii")
        attachment["size"] = len(pdf)
        attachment["hash"] = base64.b64encode(hashlib.sha1(pdf, usedforsecurity=False).digest()).decode(
            "ascii"
        )
    if signed_at is not None:
        attachment["creation"] = instant(signed_at)
    resource: Resource = {
        "resourceType": "DocumentReference",
        "id": resource_id,
        "status": "current",
        "docStatus": "final" if signed_at is not None else "preliminary",
        "type": {
            "coding": [
                {
                    "system": codes.DOCUMENT_TYPE_SYSTEM,
                    "code": type_code,
                    "display": codes.DOCUMENT_TYPES[type_code],
                }
            ],
            "text": codes.DOCUMENT_TYPES[type_code],
        },
        "category": [{"coding": [{"system": codes.DOCUMENT_CATEGORY, "code": "clinical-note"}]}],
        "subject": ref("Patient", patient_id),
        "author": [ref("Practitioner", author_id)],
        "custodian": ref("Organization", clinic_id),
        "description": title,
        "content": [{"attachment": attachment}],
    }
    if signed_at is not None:
        resource["date"] = instant(signed_at)
        resource["authenticator"] = ref("Practitioner", author_id)
    if period_start is not None:
        resource["context"] = {"period": {"start": period_start.isoformat()}}
    return resource
