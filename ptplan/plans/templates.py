"""Clinic plan templates ("Sciatica: acute"): a plan's goals and interventions as plain data.

Library entries are stored by slug, not id, so a template survives library edits and a
template's entries are always resolved inside the clinic that uses it.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from ptplan import measures
from ptplan.audit import services as audit
from ptplan.exceptions import DomainError
from ptplan.extensions import db
from ptplan.library import services as library
from ptplan.library.models import Exercise, ManualTechnique, Muscle
from ptplan.plans import kinds
from ptplan.plans.models import PlanGoal, PlanIntervention, PlanOfCare, PlanTemplate


def clinic_templates(clinic_id: int) -> list[PlanTemplate]:
    return list(
        db.session.scalars(
            select(PlanTemplate)
            .where(PlanTemplate.clinic_id == clinic_id, PlanTemplate.is_archived.is_(False))
            .order_by(PlanTemplate.name)
        )
    )


def seed_guideline_templates(clinic_id: int) -> int:
    """Add each guideline template (ptplan.catalogue.templates) the clinic lacks, by name.

    A clinic that archived or renamed one is not given it again under the same name.
    """
    from ptplan.catalogue.templates import TEMPLATES as GUIDELINE_TEMPLATES  # seeding only: not at start

    taken = set(db.session.scalars(select(PlanTemplate.name).where(PlanTemplate.clinic_id == clinic_id)))
    added = 0
    for template in GUIDELINE_TEMPLATES:
        if template.name not in taken:
            db.session.add(PlanTemplate(clinic_id=clinic_id, name=template.name, payload=template.payload()))
            added += 1
    return added


def seed_clinic(clinic) -> dict[str, int]:
    """Seed a clinic's library from the catalogue, then the guideline templates that use it.

    Idempotent by slug (``ptplan.library.services.seed_libraries``). Returns counts added.
    """
    added = library.seed_libraries(clinic)
    added["templates"] = seed_guideline_templates(clinic.id)
    return added


def ensure_clinic_content(clinic) -> None:
    """Lazy, idempotent provisioning before plan building: the library, then the templates."""
    library.ensure_libraries(clinic)
    if not db.session.scalar(select(PlanTemplate.id).where(PlanTemplate.clinic_id == clinic.id).limit(1)):
        seed_guideline_templates(clinic.id)


def payload_from_plan(plan: PlanOfCare) -> dict:
    goal_index = {g.id: n for n, g in enumerate(plan.goals)}
    goals = []
    for goal in plan.goals:
        due_weeks = None
        if goal.due_date:
            due_weeks = max(1, round((goal.due_date - plan.start_date).days / 7))
        goals.append(
            {
                "term": goal.term,
                "description": goal.description,
                "patient_wording": goal.patient_wording,
                "measure_code": goal.measure_code,
                "target_value": goal.target_value,
                "due_weeks": due_weeks,
            }
        )
    interventions = []
    for iv in plan.interventions:
        params = dict(iv.params)
        if iv.kind == "dry_needling":
            params["muscles"] = [{"slug": m["slug"], "side": m["side"]} for m in params.get("muscles", [])]
        interventions.append(
            {
                "kind": iv.kind,
                "params": params,
                "exercise_slug": iv.exercise.slug if iv.exercise else None,
                "technique_slug": iv.technique.slug if iv.technique else None,
                "goals": [goal_index[g.id] for g in iv.goals if g.id in goal_index],
            }
        )
    return {
        "title": plan.title,
        "frequency_per_week": plan.frequency_per_week,
        "duration_weeks": plan.duration_weeks,
        "goals": goals,
        "interventions": interventions,
    }


def save_template(plan: PlanOfCare, name: str, user) -> PlanTemplate:
    taken = db.session.scalar(
        select(PlanTemplate.id).where(PlanTemplate.clinic_id == plan.clinic_id, PlanTemplate.name == name)
    )
    if taken:
        raise DomainError(f"A template called “{name}” already exists. Choose another name.")
    template = PlanTemplate(
        clinic_id=plan.clinic_id, name=name, payload=payload_from_plan(plan), created_by_id=user.id
    )
    db.session.add(template)
    db.session.flush()
    audit.record("create", "library", entity_type="plan_template", entity_id=template.id)
    return template


def apply_template(plan: PlanOfCare, template: PlanTemplate, baselines: dict[str, float]) -> list[str]:
    """Add the template's goals and interventions to a new draft. Returns what was skipped."""
    payload = template.payload
    clinic_id = plan.clinic_id
    skipped: list[str] = []
    goals: list[PlanGoal] = []
    for position, g in enumerate(payload.get("goals", [])):
        code = g.get("measure_code")
        if code and code not in measures.MEASURES:
            code = None
        goal = PlanGoal(
            term=g.get("term", "long"),
            description=g["description"],
            patient_wording=g.get("patient_wording", ""),
            measure_code=code,
            baseline_value=baselines.get(code) if code else None,
            target_value=g.get("target_value") if code else None,
            due_date=plan.start_date + timedelta(weeks=g["due_weeks"]) if g.get("due_weeks") else None,
            position=position,
        )
        goals.append(goal)
        plan.goals.append(goal)
    slugs = _library_by_slug(clinic_id)
    for position, item in enumerate(payload.get("interventions", [])):
        kind = item.get("kind")
        if kind not in kinds.REGISTRY:
            continue
        params = dict(item.get("params", {}))
        exercise = technique = None
        if kind == "home_exercise":
            exercise = slugs["exercise"].get(item.get("exercise_slug"))
            if exercise is None:
                skipped.append(params.get("exercise", "an exercise"))
                continue
        if kind == "manual_therapy":
            technique = slugs["technique"].get(item.get("technique_slug"))
            if technique is None:
                skipped.append(params.get("technique", "a technique"))
                continue
        if kind == "dry_needling":
            muscles = []
            for m in params.get("muscles", []):
                muscle = slugs["muscle"].get(m.get("slug"))
                if muscle is not None:
                    muscles.append(
                        {"muscle_id": muscle.id, "slug": muscle.slug, "name": muscle.name, "side": m["side"]}
                    )
            if not muscles:
                skipped.append("dry needling")
                continue
            params["muscles"] = muscles
        linked = [goals[n] for n in item.get("goals", []) if 0 <= n < len(goals)]
        plan.interventions.append(
            PlanIntervention(
                kind=kind,
                params=params,
                cpt_code=kinds.get(kind).cpt_code(params),
                exercise=exercise,
                technique=technique,
                position=position,
                goals=linked,
            )
        )
    return skipped


def _library_by_slug(clinic_id: int) -> dict[str, dict]:
    def index(model):
        rows = db.session.scalars(
            select(model).where(model.clinic_id == clinic_id, model.is_archived.is_(False))
        )
        return {r.slug: r for r in rows}

    return {"exercise": index(Exercise), "technique": index(ManualTechnique), "muscle": index(Muscle)}


def archive_template(template: PlanTemplate) -> None:
    template.is_archived = True
    db.session.flush()
    audit.record("archive", "library", entity_type="plan_template", entity_id=template.id)
