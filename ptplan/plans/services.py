"""Plan-of-care business rules: create, edit drafts, sign, revise, end, certify.

Services take domain objects plus plain data, flush, and write the audit entry; the request
commits once (ptplan/web.py). Plan content per Medicare BPM ch.15 §220.1.2.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from ptplan import measures
from ptplan.audit import services as audit
from ptplan.db import utcnow
from ptplan.dry_needling.services import dry_needling_clearance
from ptplan.exceptions import ConflictError, DomainError, SignedRecordError
from ptplan.extensions import db
from ptplan.outcomes import services as outcomes
from ptplan.plans import kinds, rules
from ptplan.plans.certification import cert_end_for, physician_cert_missing
from ptplan.plans.models import PlanGoal, PlanIntervention, PlanOfCare, intervention_goal
from ptplan.records.services import sign

CATEGORY = "plan_of_care"
PLAN_FIELDS = (
    "title",
    "diagnoses",
    "frequency_per_week",
    "duration_weeks",
    "start_date",
    "cert_start_date",
    "cert_end_date",
)
GOAL_FIELDS = (
    "term",
    "description",
    "patient_wording",
    "measure_code",
    "baseline_value",
    "target_value",
    "due_date",
)


def _plan_options():
    return (selectinload(PlanOfCare.goals), selectinload(PlanOfCare.interventions))


def _with_links(plans: list[PlanOfCare]) -> list[PlanOfCare]:
    """Both sides of the goal <-> intervention links (``goal.interventions`` and
    ``intervention.goals``) from ONE read of the link table, set on the loaded goals and
    interventions in their relationships' order (position). Loading each side through the
    ORM read every intervention twice, with its exercise and technique."""
    goals = {g.id: g for plan in plans for g in plan.goals}
    interventions = {i.id: i for plan in plans for i in plan.interventions}
    served: dict[int, list[PlanIntervention]] = {goal_id: [] for goal_id in goals}
    serving: dict[int, list[PlanGoal]] = {intervention_id: [] for intervention_id in interventions}
    if goals and interventions:
        links = db.session.execute(
            select(intervention_goal.c.intervention_id, intervention_goal.c.goal_id).where(
                intervention_goal.c.goal_id.in_(list(goals))
            )
        )
        for intervention_id, goal_id in links:
            if intervention_id in interventions:
                served[goal_id].append(interventions[intervention_id])
                serving[intervention_id].append(goals[goal_id])
    for goal_id, items in served.items():
        set_committed_value(goals[goal_id], "interventions", sorted(items, key=lambda i: (i.position, i.id)))
    for intervention_id, items in serving.items():
        set_committed_value(
            interventions[intervention_id], "goals", sorted(items, key=lambda g: (g.position, g.id))
        )
    return plans


def active_plan(patient_id: int) -> PlanOfCare | None:
    """The patient's active plan with goals and interventions loaded (a fixed 4 queries, whatever its size)."""
    plan = db.session.scalar(PlanOfCare.active_for(patient_id).options(*_plan_options()))
    return _with_links([plan])[0] if plan is not None else None


def current_plan(patient_id: int) -> PlanOfCare | None:
    """The plan a new one would compete with: the active plan (or its newest draft), else any draft."""
    return db.session.scalar(
        select(PlanOfCare)
        .where(PlanOfCare.patient_id == patient_id, PlanOfCare.status.in_(("active", "draft")))
        .order_by((PlanOfCare.status == "active").desc(), PlanOfCare.id.desc())
        .limit(1)
    )


def starting_diagnoses(patient, evaluation=None) -> list[dict]:
    """A new plan's diagnoses: the evaluation's, then any others on the patient's list.

    Medicare's plan of care holds the diagnoses (BPM ch.15 §220.1.2); the evaluation that
    the plan answers is where the therapist established them.
    """
    rows = [
        dict(code=d["code"], text=d.get("text", "")) for d in (evaluation.diagnoses if evaluation else [])
    ]
    seen = {r["code"] for r in rows}
    rows += [
        {"code": d.icd10_code, "text": d.description} for d in patient.diagnoses if d.icd10_code not in seen
    ]
    return rows


def load_full(plan_id: int) -> PlanOfCare | None:
    plan = db.session.scalar(select(PlanOfCare).where(PlanOfCare.id == plan_id).options(*_plan_options()))
    return _with_links([plan])[0] if plan is not None else None


def lineage(plan: PlanOfCare) -> list[PlanOfCare]:
    return _with_links(
        list(
            db.session.scalars(
                select(PlanOfCare)
                .where(PlanOfCare.lineage_id == plan.lineage_id)
                .order_by(PlanOfCare.version_number)
                .options(*_plan_options())
            )
        )
    )


def first_visit(plan: PlanOfCare) -> date:
    """The first treatment of the plan lineage, or the plan's start date before any visit."""
    from ptplan.sessions.models import VisitNote

    earliest = db.session.scalar(
        select(func.min(VisitNote.date_of_service)).where(
            VisitNote.plan_id.in_(PlanOfCare.lineage_members(plan.lineage_id))
        )
    )
    return earliest or plan.start_date


def physician_cert_is_missing(plan: PlanOfCare, today: date) -> bool:
    """Flag the physician's certification still missing 30 days after the first visit (BPM ch.15 §220.1.3)."""
    if plan.status != "active":
        return False
    return physician_cert_missing(first_visit(plan), plan.physician_signed_on, today)


def _require_draft(plan: PlanOfCare) -> None:
    if plan.status != "draft":
        raise SignedRecordError("This plan is signed and locked. Start a new version to change it.")


def _check_version(plan: PlanOfCare, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != plan.version:
        raise ConflictError("Someone else saved this plan while you were editing.")


def _flush_versioned() -> None:
    try:
        db.session.flush()
    except StaleDataError:
        raise ConflictError("Someone else saved this plan while you were editing.") from None


def _audit(action: str, plan: PlanOfCare, detail: str = "") -> None:
    audit.record(
        action,
        CATEGORY,
        patient_id=plan.patient_id,
        entity_type="plan_of_care",
        entity_id=plan.id,
        detail=detail,
    )


# ------------------------------------------------------------------ create and edit


def default_dates(start: date, duration_weeks: int) -> tuple[date, date]:
    return start, cert_end_for(start, duration_weeks)


def create_plan(patient, author, data: dict, *, evaluation=None, template=None) -> PlanOfCare:
    plan = PlanOfCare(
        clinic_id=patient.clinic_id,
        patient_id=patient.id,
        author_id=author.id,
        evaluation_id=evaluation.id if evaluation is not None else None,
        status="draft",
        version_number=1,
    )
    _apply_plan_fields(plan, data)
    db.session.add(plan)
    db.session.flush()  # the first version heads its lineage (PlanOfCare's before-insert)
    scores = outcomes.evaluation_scores(evaluation.id) if evaluation is not None else {}
    if template is not None:
        from ptplan.plans.templates import apply_template

        apply_template(plan, template, scores)
    elif scores:
        _goals_from_scores(plan, scores)
    db.session.flush()
    _audit("create", plan, detail="from template" if template is not None else "")
    return plan


def _apply_plan_fields(plan: PlanOfCare, data: dict) -> None:
    for name in PLAN_FIELDS:
        if name in data:
            setattr(plan, name, data[name])
    problem = rules.cert_period_problem(plan.cert_start_date, plan.cert_end_date)
    if problem:
        raise DomainError(problem)


def update_plan(plan: PlanOfCare, data: dict, *, expected_version: int | None) -> None:
    _require_draft(plan)
    _check_version(plan, expected_version)
    _apply_plan_fields(plan, data)
    _flush_versioned()
    _audit("update", plan)


def _goals_from_scores(plan: PlanOfCare, scores: dict[str, float]) -> None:
    due = plan.start_date + timedelta(weeks=plan.duration_weeks)
    for position, (code, baseline) in enumerate(sorted(scores.items())):
        measure = measures.get(code)
        target = rules.suggested_target(
            baseline,
            score_range=measure.score_range,
            higher_is_better=measure.higher_is_better,
            mcid_points=measure.mcid.points if measure.mcid else None,
        )
        plan.goals.append(
            PlanGoal(
                term="long",
                description=f"Improve {measure.abbreviation} from {baseline:g} to {target:g}",
                measure_code=code,
                baseline_value=baseline,
                target_value=target,
                due_date=due,
                position=position,
            )
        )


def add_goal(plan: PlanOfCare, data: dict) -> PlanGoal:
    _require_draft(plan)
    position = max((g.position for g in plan.goals), default=-1) + 1
    goal = PlanGoal(position=position, **{k: data.get(k) for k in GOAL_FIELDS})
    goal.patient_wording = goal.patient_wording or ""
    plan.goals.append(goal)
    db.session.flush()
    _audit("update", plan, detail="goal added")
    return goal


def update_goal(goal: PlanGoal, data: dict, *, expected_version: int | None) -> None:
    plan = goal.plan
    _require_draft(plan)
    _check_version(plan, expected_version)
    for name in GOAL_FIELDS:
        setattr(goal, name, data.get(name))
    goal.patient_wording = goal.patient_wording or ""
    _touch(plan)  # the plan's version moves too, so a concurrent edit of this draft is caught
    _flush_versioned()
    _audit("update", plan, detail="goal changed")


def _touch(plan: PlanOfCare) -> None:
    plan.updated_at = utcnow()


def delete_goal(goal: PlanGoal) -> None:
    plan = goal.plan
    _require_draft(plan)
    plan.goals.remove(goal)
    db.session.flush()
    _audit("update", plan, detail="goal removed")


def add_intervention(
    plan: PlanOfCare, kind_key: str, built: kinds.Built, goal_ids: list[int]
) -> PlanIntervention:
    _require_draft(plan)
    kinds.get(kind_key)
    goals = [g for g in plan.goals if g.id in set(goal_ids)]
    if not goals or len(goals) != len(set(goal_ids)):
        raise DomainError("Link this intervention to at least one goal of this plan.")
    position = max((i.position for i in plan.interventions), default=-1) + 1
    intervention = PlanIntervention(
        kind=kind_key,
        params=built.params,
        cpt_code=built.cpt_code,
        exercise=built.exercise,
        technique=built.technique,
        position=position,
        goals=goals,
    )
    plan.interventions.append(intervention)
    db.session.flush()
    _audit("update", plan, detail=f"{kind_key} added")
    return intervention


def remove_intervention(intervention: PlanIntervention) -> None:
    plan = intervention.plan
    _require_draft(plan)
    plan.interventions.remove(intervention)
    db.session.flush()
    _audit("update", plan, detail="intervention removed")


def home_exercise_count(plan: PlanOfCare) -> int:
    return len(plan.interventions_of("home_exercise"))


# ------------------------------------------------------------------ signing and lifecycle


def sign_blockers(plan: PlanOfCare) -> list[str]:
    """Every reason, in plain words, that stops this plan being signed now."""
    reasons: list[str] = []
    if plan.status != "draft":
        return ["Only a draft plan can be signed."]
    if not any(g.term == "long" for g in plan.goals):
        reasons.append("Add at least one long-term goal (Medicare requires measurable long-term goals).")
    if not plan.diagnoses:
        reasons.append(
            "Add at least one diagnosis under “Edit details” (Medicare's plan of care lists the diagnoses)."
        )
    if not plan.interventions:
        reasons.append("Add at least one intervention.")
    for intervention in plan.interventions:
        if not intervention.goals:
            reasons.append(f"Link “{kinds.get(intervention.kind).summary(intervention)}” to a goal.")
    problem = rules.cert_period_problem(plan.cert_start_date, plan.cert_end_date)
    if problem:
        reasons.append(problem)
    if plan.has_dry_needling:
        ok, why = dry_needling_clearance(plan.patient_id)
        if not ok:
            reasons.extend(why)
    other = db.session.scalar(
        select(PlanOfCare.id).where(
            PlanOfCare.patient_id == plan.patient_id,
            PlanOfCare.status == "active",
            PlanOfCare.lineage_id != plan.lineage_id,
        )
    )
    if other is not None:
        reasons.append("This patient already has another active plan. Complete or discontinue it first.")
    return reasons


def sign_plan(plan: PlanOfCare, user, *, today: date) -> None:
    reasons = sign_blockers(plan)
    if reasons:
        raise DomainError(" ".join(reasons))
    previous = [
        p
        for p in db.session.scalars(
            select(PlanOfCare).where(
                PlanOfCare.lineage_id == plan.lineage_id,
                PlanOfCare.status == "active",
                PlanOfCare.id != plan.id,
            )
        )
    ]
    plan.status = "active"
    sign(plan, user, record_type="plan_of_care", category=CATEGORY, patient_id=plan.patient_id)
    for old in previous:
        old.status = "superseded"
        old.ended_on = today
        old.end_reason = f"Replaced by version {plan.version_number}"
        # The physician's certification covers the episode; carry it forward.
        if plan.physician_signed_on is None and old.physician_signed_on is not None:
            plan.physician_name = old.physician_name
            plan.physician_npi = old.physician_npi
            plan.physician_signed_on = old.physician_signed_on
        db.session.flush()
        _audit("update", old, detail="superseded")


def revise(plan: PlanOfCare, user) -> PlanOfCare:
    """A change to an active plan starts a new draft version, copied from it."""
    if plan.status != "active":
        raise DomainError("Only the active plan can be revised.")
    existing = db.session.scalar(
        select(PlanOfCare).where(PlanOfCare.lineage_id == plan.lineage_id, PlanOfCare.status == "draft")
    )
    if existing is not None:
        return existing
    new = PlanOfCare(
        clinic_id=plan.clinic_id,
        patient_id=plan.patient_id,
        author_id=user.id,
        evaluation_id=plan.evaluation_id,
        lineage_id=plan.lineage_id,
        version_number=plan.version_number + 1,
        previous_version_id=plan.id,
        status="draft",
        **{name: getattr(plan, name) for name in PLAN_FIELDS if name != "diagnoses"},
        diagnoses=list(plan.diagnoses),
    )
    goal_map: dict[int, PlanGoal] = {}
    for goal in plan.goals:
        copy = PlanGoal(
            **{name: getattr(goal, name) for name in GOAL_FIELDS},
            status=goal.status,
            position=goal.position,
            origin_id=goal.id,
        )
        goal_map[goal.id] = copy
        new.goals.append(copy)
    for intervention in plan.interventions:
        new.interventions.append(
            PlanIntervention(
                kind=intervention.kind,
                params=dict(intervention.params),
                cpt_code=intervention.cpt_code,
                exercise_id=intervention.exercise_id,
                technique_id=intervention.technique_id,
                position=intervention.position,
                origin_id=intervention.id,
                goals=[goal_map[g.id] for g in intervention.goals],
            )
        )
    db.session.add(new)
    db.session.flush()
    _audit("create", new, detail=f"version {new.version_number} from {plan.id}")
    return new


END_OUTCOMES = {"completed": "Completed", "discontinued": "Discontinued"}


def end_plan(plan: PlanOfCare, outcome: str, reason: str, *, today: date) -> None:
    if outcome not in END_OUTCOMES:
        raise DomainError("Choose completed or discontinued.")
    if plan.status == "draft" and outcome == "discontinued":
        pass  # a draft nobody will sign is set aside, not deleted
    elif plan.status != "active":
        raise DomainError("Only the active plan (or a draft, to discard it) can be ended.")
    plan.status = outcome
    plan.ended_on = today
    plan.end_reason = reason
    db.session.flush()
    _audit("update", plan, detail=outcome)


def record_certification(plan: PlanOfCare, *, name: str, npi: str, signed_on: date, today: date) -> None:
    """The physician's certification: allowed on an active plan without a new version."""
    if plan.status not in ("draft", "active"):
        raise DomainError("Certification is recorded on the current plan only.")
    if signed_on > today:
        raise DomainError("The physician's signature date cannot be in the future.")
    plan.physician_name = name
    plan.physician_npi = npi
    plan.physician_signed_on = signed_on
    db.session.flush()
    _audit("update", plan, detail="physician certification")
