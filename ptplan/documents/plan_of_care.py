"""The plan of care for physician certification (Medicare BPM ch.15 §220.1.2-3), any version.

Clinical language and CPT codes belong here: the reader is a physician or payer. A draft
prints with the "Unsigned draft" box instead of the therapist's signature.
"""

from __future__ import annotations

from ptplan import measures
from ptplan.auth.models import User
from ptplan.clinics.models import Clinic
from ptplan.documents.common import clinic_info
from ptplan.documents.notes import addenda, amendments
from ptplan.evaluations.models import Evaluation
from ptplan.extensions import db
from ptplan.patients.models import Patient
from ptplan.pdf import Diagnosis, GoalLine, InterventionLine, PlanOfCareDoc, Signatory
from ptplan.plans import kinds
from ptplan.plans.kinds import DN_TECHNIQUES
from ptplan.plans.models import PlanGoal, PlanIntervention, PlanOfCare


def goal_line(goal: PlanGoal) -> GoalLine:
    measure, baseline, target = "", "", ""
    if goal.measure_code:
        m = measures.get(goal.measure_code)
        measure = m.abbreviation
        if goal.baseline_value is not None:
            baseline = m.display(goal.baseline_value)
        if goal.target_value is not None:
            target = f"{m.target_bound} {m.display(goal.target_value)}"
    return GoalLine(goal.description, measure, baseline, target, goal.due_date)


def _times(n: int) -> str:
    return f"{n}x"


def intervention_line(intervention: PlanIntervention, plan: PlanOfCare) -> InterventionLine:
    """Type, amount, frequency and duration of one service, with its CPT code."""
    p = intervention.params or {}
    kind = kinds.get(intervention.kind)
    duration = f"{plan.duration_weeks} weeks"
    visits = f"{plan.frequency_per_week}x/week"
    code = f"CPT {intervention.cpt_code}" if intervention.cpt_code else ""
    if intervention.kind == "dry_needling":
        count = kinds.DryNeedling.muscle_count(p)
        muscles = kind.summary(intervention).split(";")[0]
        technique = DN_TECHNIQUES.get(p.get("technique", ""), "")
        name = f"Dry needling: {muscles}" + (f" ({technique.lower()})" if technique else "")
        amount = f"{count} muscle{'s' if count != 1 else ''} per visit"
        return InterventionLine(name, code, amount, p.get("frequency") or visits, duration)
    if intervention.kind == "manual_therapy":
        grade = f", grade {p['grade']}" if p.get("grade") else ""
        name = f"Manual therapy: {p.get('technique', '')}, {p.get('region', '')}{grade}"
        return InterventionLine(name, code, f"{p.get('minutes', '')} min", visits, duration)
    if intervention.kind == "home_exercise":
        name = f"Home exercise: {p.get('exercise', '') or (intervention.exercise.name if intervention.exercise else '')}"
        hold = f", hold {p['hold_seconds']} s" if p.get("hold_seconds") else ""
        side = {"left": ", left", "right": ", right", "both": ", both sides"}.get(p.get("side", ""), "")
        amount = f"{p.get('sets', 1)} x {p.get('reps', 1)}{hold}{side}"
        frequency = f"{_times(p.get('times_per_day', 1))}/day, {p.get('days_per_week', 7)} days/week"
        return InterventionLine(name, code, amount, frequency, duration)
    return InterventionLine(f"{kind.label}: {kind.summary(intervention)}", code, "", visits, duration)


def plan_of_care_doc(plan: PlanOfCare, patient: Patient, clinic: Clinic) -> PlanOfCareDoc:
    """A fixed handful of statements: signer, the opening evaluation, the logo."""
    signer = db.session.get(User, plan.signed_by_id) if plan.signed_by_id else plan.author
    evaluation = db.session.get(Evaluation, plan.evaluation_id) if plan.evaluation_id else None
    signed_on = clinic.local(plan.signed_at).date() if plan.signed_at else None
    goals = plan.goals
    return PlanOfCareDoc(
        clinic=clinic_info(clinic),
        patient_name=patient.full_name,
        date_of_birth=patient.date_of_birth,
        mrn=patient.mrn,
        diagnoses=[Diagnosis(d.get("code", ""), d.get("text", "")) for d in plan.diagnoses or []],
        long_term_goals=[goal_line(g) for g in goals if g.term == "long"],
        short_term_goals=[goal_line(g) for g in goals if g.term == "short"],
        interventions=[intervention_line(i, plan) for i in plan.interventions],
        visits_per_week=plan.frequency_per_week,
        duration_weeks=plan.duration_weeks,
        certification_start=plan.cert_start_date,
        certification_end=plan.cert_end_date,
        onset_on=evaluation.onset_date if evaluation else None,
        assessment=evaluation.impression if evaluation else "",
        therapist=Signatory(signer.full_name, signer.credentials, signer.licence_number, signed_on=signed_on),
        physician_name=plan.physician_name or patient.referring_physician_name,
        physician_npi=plan.physician_npi or patient.referring_physician_npi,
        physician_signed_on=plan.physician_signed_on,
        addenda=addenda("plan_of_care", plan.id, clinic),
        amendments=amendments("plan_of_care", plan.id, clinic),
    )
