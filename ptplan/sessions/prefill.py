"""Copy-forward: the new note opens filled from the last note of the plan, or from the plan.

JOURNEYS.md: the usual visit is edit-two-numbers-and-sign. The pain scores are left blank on
purpose (they must be asked each visit), and so are the subjective and assessment texts
(cloned narrative is a documentation red flag). Interventions with their minutes, adherence
and the dry-needling set-up are carried forward, but dry needling starts unticked: the
therapist ticks it, or confirms "Same as last visit" in one click. Needles out and sharps
disposal are never carried, as they must be confirmed at every treatment. Adherence is asked
only about exercises prescribed before the visit.
"""

from __future__ import annotations

from datetime import date

from ptplan.plans.models import PlanIntervention, PlanOfCare
from ptplan.sessions.models import NeedlingRecord, VisitNote

DEFAULT_EXERCISE_MINUTES = 15
DEFAULT_MANUAL_MINUTES = 10
DEFAULT_DN_MINUTES = 10


def _gauge(value: float) -> str:
    return f"{value:.2f}"


def _manual_description(intervention: PlanIntervention) -> str:
    params = intervention.params or {}
    parts = [
        intervention.technique.name if intervention.technique else str(params.get("name") or "Manual therapy")
    ]
    if params.get("region"):
        parts.append(str(params["region"]))
    if params.get("grade"):
        parts.append(f"grade {params['grade']}")
    return ", ".join(parts)[:200]


def exercise_name(intervention: PlanIntervention) -> str:
    if intervention.exercise is not None:
        return intervention.exercise.name
    return str((intervention.params or {}).get("name") or "Home exercise")


def interventions_from_plan(plan: PlanOfCare) -> list[dict]:
    rows = []
    for intervention in plan.interventions_of("manual_therapy"):
        params = intervention.params or {}
        default = intervention.technique.default_minutes if intervention.technique else DEFAULT_MANUAL_MINUTES
        rows.append(
            {
                "plan_intervention_id": str(intervention.id),
                "description": _manual_description(intervention),
                "cpt_code": intervention.cpt_code or "97140",
                "minutes": int(params.get("minutes") or default),
            }
        )
    exercises = plan.interventions_of("home_exercise")
    if exercises:
        names = ", ".join(exercise_name(i) for i in exercises)
        rows.append(
            {
                "plan_intervention_id": "",
                "description": f"Therapeutic exercise: {names}"[:200],
                "cpt_code": "97110",
                "minutes": DEFAULT_EXERCISE_MINUTES,
            }
        )
    return rows


def was_prescribed_before(
    intervention: PlanIntervention, visit_on: date, prescribed_on: date | None, last: VisitNote | None
) -> bool:
    """Adherence is asked only about exercises the patient had before this visit (issue #13).

    An exercise of a plan signed on the day of the visit (or later) was only just prescribed;
    one carried from an earlier version that the last visit already saw was prescribed before.
    """
    if prescribed_on is not None and prescribed_on < visit_on:
        return True
    return intervention.origin_id is not None and last is not None and last.date_of_service < visit_on


def adherence_rows(
    plan: PlanOfCare,
    last: VisitNote | None,
    *,
    visit_on: date | None = None,
    prescribed_on: date | None = None,
) -> list[dict]:
    """One row per home exercise prescribed before the visit; last visit's answer when there was one.

    Without ``visit_on`` every exercise of the plan is listed.
    """
    previous_by_plan = {a.plan_intervention_id: a for a in last.adherence} if last else {}
    previous_by_exercise = {a.exercise_id: a for a in last.adherence if a.exercise_id} if last else {}
    rows = []
    for intervention in plan.interventions_of("home_exercise"):
        before = previous_by_plan.get(intervention.id) or previous_by_exercise.get(intervention.exercise_id)
        # An exercise rated before (at the last visit, or in this draft) was prescribed before.
        if (
            visit_on is not None
            and before is None
            and not was_prescribed_before(intervention, visit_on, prescribed_on, last)
        ):
            continue
        rows.append(
            {
                "plan_intervention_id": str(intervention.id),
                "status": before.status if before else "done",
                "reason": before.reason if before else "",
            }
        )
    return rows


PLAN_DN_TECHNIQUES = {"static": "static", "pistoning": "pistoning", "electrical": "electrical_stimulation"}


def needling_from_plan(plan: PlanOfCare) -> dict:
    """A first dry-needling record set up from the plan's muscles and technique (not ticked)."""
    data = needling_data(None, carry=True)
    for intervention in plan.interventions_of("dry_needling"):
        params = intervention.params or {}
        data["technique"] = PLAN_DN_TECHNIQUES.get(params.get("technique"), "static")
        data["muscles"] = [
            {"muscle_id": str(m["muscle_id"]), "side": m.get("side") or "none"}
            for m in params.get("muscles", [])
            if m.get("muscle_id")
        ]
        break
    return data


def needling_data(record: NeedlingRecord | None, *, carry: bool) -> dict:
    """The dry-needling block; `carry` copies the set-up forward without the safety counts."""
    if record is None:
        return {
            "delivered": False,
            "technique": "static",
            "needle_gauge_mm": "0.25",
            "needle_length_mm": "40",
            "twitch_grade": "none",
            "tolerance": "good",
            "adverse_events": ["none"],
            "minutes": DEFAULT_DN_MINUTES,
            "muscles": [],
        }
    data = {
        "delivered": True,
        "technique": record.technique,
        "estim_frequency_hz": record.estim_frequency_hz,
        "estim_intensity_ma": record.estim_intensity_ma,
        "estim_duration_min": record.estim_duration_min,
        "needle_gauge_mm": _gauge(record.needle_gauge_mm),
        "needle_length_mm": str(record.needle_length_mm),
        "needles_in": record.needles_in,
        "needles_out": record.needles_out,
        "twitch_grade": record.twitch_grade,
        "tolerance": record.tolerance,
        "response": record.response,
        "adverse_events": list(record.adverse_events),
        "sharps_disposed": record.sharps_disposed,
        "minutes": record.minutes,
        "muscles": [{"muscle_id": str(m.muscle_id), "side": m.side} for m in record.muscles],
        "lung_field_technique_confirmed": record.lung_field_technique_confirmed,
    }
    if carry:
        # Nothing is asserted that did not happen (issue #13): the set-up is carried so that
        # ticking "delivered" (or "Same as last visit") brings it back, but the procedure
        # itself, the needle count out, the sharps disposal and the lung-field technique are
        # confirmed at every visit.
        data.update(
            delivered=False,
            needles_out=None,
            sharps_disposed=False,
            adverse_events=["none"],
            response="",
            lung_field_technique_confirmed=False,
        )
    return data


def new_note_data(
    plan: PlanOfCare, kind: str, today: date, last: VisitNote | None, *, prescribed_on: date | None
) -> dict:
    """Form data for a new note: today's date, and the last note's (or the plan's) content.

    ``prescribed_on`` is the clinic-local day the plan was signed (its exercises prescribed).
    """
    if last is not None and last.interventions:
        valid_ids = {i.id for i in plan.interventions}
        interventions = [
            {
                "plan_intervention_id": str(i.plan_intervention_id)
                if i.plan_intervention_id in valid_ids
                else "",
                "description": i.description,
                "cpt_code": i.cpt_code,
                "minutes": i.minutes,
            }
            for i in last.interventions
        ]
    else:
        interventions = interventions_from_plan(plan)
    interventions.append(
        {"plan_intervention_id": "", "description": "", "cpt_code": "97110", "minutes": None}
    )
    carry_dn = plan.has_dry_needling and last is not None and last.needling is not None
    return {
        "plan_id": str(plan.id),
        "date_of_service": today,
        "interventions": interventions,
        "adherence": adherence_rows(plan, last, visit_on=today, prescribed_on=prescribed_on),
        "dn": needling_data(last.needling, carry=True) if carry_dn else needling_from_plan(plan),
        "goal_reviews": [{"goal_id": str(g.id), "status": "progressing"} for g in plan.goals]
        if kind in ("progress", "discharge")
        else [],
    }


def draft_data(note: VisitNote, plan: PlanOfCare, *, prescribed_on: date | None) -> dict:
    """Form data to continue a saved draft exactly as it was left."""
    interventions = [
        {
            "plan_intervention_id": str(i.plan_intervention_id or ""),
            "description": i.description,
            "cpt_code": i.cpt_code,
            "minutes": i.minutes,
        }
        for i in note.interventions
    ]
    interventions.append(
        {"plan_intervention_id": "", "description": "", "cpt_code": "97110", "minutes": None}
    )
    reviews = {r.goal_id: r.status for r in note.goal_reviews}
    return {
        "plan_id": str(note.plan_id),
        "version": note.version,
        "date_of_service": note.date_of_service,
        "nprs_before": note.nprs_before,
        "nprs_after": note.nprs_after,
        "subjective": note.subjective,
        "objective": note.objective,
        "assessment": note.assessment,
        "plan_next": note.plan_next,
        "discharge_reason": note.discharge_reason,
        "interventions": interventions,
        "adherence": adherence_rows(plan, note, visit_on=note.date_of_service, prescribed_on=prescribed_on),
        "dn": needling_data(note.needling, carry=False),
        "goal_reviews": [
            {"goal_id": str(g.id), "status": reviews.get(g.id, "progressing")} for g in plan.goals
        ]
        if note.kind in ("progress", "discharge")
        else [],
    }
