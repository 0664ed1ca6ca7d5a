"""The plan of care on the patient chart: one section, the dry-needling badges, two actions,
and the plan step a signed evaluation leads to (registered with ``ptplan.charting``).

Everything is loaded once per request (``_facts``) with a fixed number of statements whatever
the plan's size: ONE statement reads the patient's active and draft plans with their goals and
interventions and the latest DN screening and consent. Goal progress reads the outcome scores
that the evaluations section loads anyway (shared through ``ptplan.charting.memo``). The
active plan is shared the same way; the visit figures and the physician-certification badge
that depends on them belong to the sessions provider, which owns the visits.
"""

from __future__ import annotations

from flask import current_app, url_for
from sqlalchemy import and_, bindparam, literal, select, true, union_all
from sqlalchemy.orm import aliased, contains_eager, lazyload

from ptplan import charting
from ptplan.charting import Action, Badge, ChartSection, memo
from ptplan.db import built_once
from ptplan.dry_needling import rules as dn_rules
from ptplan.dry_needling.models import DryNeedlingConsent, DryNeedlingScreening
from ptplan.extensions import db
from ptplan.outcomes import services as outcomes
from ptplan.patients.models import Patient
from ptplan.plans import kinds
from ptplan.plans.models import PlanGoal, PlanIntervention, PlanOfCare
from ptplan.plans.progress import progress_to_target


@built_once
def _aliases():
    """The screening and consent aliases, built once on first use: creating an alias costs about
    a millisecond, far more than the statement itself, and building them at import would
    configure every mapper at start."""
    return aliased(DryNeedlingScreening), aliased(DryNeedlingConsent)


def _latest_signed_ids():
    """Scalar subqueries: the latest signed DN screening and consent of the patient
    (bind parameter ``patient_id``)."""
    patient_id = bindparam("patient_id")
    screening_id = (
        select(DryNeedlingScreening.id)
        .where(DryNeedlingScreening.patient_id == patient_id, DryNeedlingScreening.signed_at.is_not(None))
        .order_by(DryNeedlingScreening.screened_on.desc(), DryNeedlingScreening.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    consent_id = (
        select(DryNeedlingConsent.id)
        .where(DryNeedlingConsent.patient_id == patient_id, DryNeedlingConsent.signed_at.is_not(None))
        .order_by(DryNeedlingConsent.consented_on.desc(), DryNeedlingConsent.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    return screening_id, consent_id


@built_once
def _plans_statement():
    """The patient's active and draft plans with their goals, interventions and the latest DN
    screening and consent; built once per process (bind parameter ``patient_id``): building it
    costs more than running it.

    Goals and interventions are read side by side, not multiplied: each plan row is repeated
    once per branch (0: its goals, 1: its interventions), and each branch joins one child
    table, so a plan with 3 goals and 7 interventions gives 10 rows, not 21. The author,
    exercise and technique that the models join by default are left out (the chart shows
    none of them); accessed later, they load lazily.
    """
    screening_id, consent_id = _latest_signed_ids()
    dn_screening, dn_consent = _aliases()
    branch = union_all(select(literal(0).label("n")), select(literal(1).label("n"))).subquery("branch")
    interventions = contains_eager(PlanOfCare.interventions)
    return (
        select(PlanOfCare, dn_screening, dn_consent)
        .select_from(PlanOfCare)
        .join(branch, true())
        .outerjoin(PlanGoal, and_(branch.c.n == 0, PlanGoal.plan_id == PlanOfCare.id))
        .outerjoin(PlanIntervention, and_(branch.c.n == 1, PlanIntervention.plan_id == PlanOfCare.id))
        .outerjoin(dn_screening, dn_screening.id == screening_id)
        .outerjoin(dn_consent, dn_consent.id == consent_id)
        .where(PlanOfCare.patient_id == bindparam("patient_id"), PlanOfCare.status.in_(("active", "draft")))
        .order_by(
            PlanOfCare.created_at.desc(),
            PlanOfCare.id.desc(),
            branch.c.n,
            PlanGoal.position,
            PlanGoal.id,
            PlanIntervention.position,
            PlanIntervention.id,
        )
        .options(
            lazyload(PlanOfCare.author),
            contains_eager(PlanOfCare.goals),
            interventions,
            interventions.lazyload(PlanIntervention.exercise),
            interventions.lazyload(PlanIntervention.technique),
        )
    )


def current_plans(patient_id: int):
    """The active plan (newest version), the drafts (newest first), the latest DN screening and
    consent: ``(plan, drafts, screening, consent)``, in ONE statement when there is a plan.

    Goals and interventions come with the plans (``_plans_statement``). Same active plan as
    ``services.active_plan``. Without any plan, the screening and consent take one more.
    """
    rows = db.session.execute(_plans_statement(), {"patient_id": patient_id}).unique().all()
    if not rows:
        return None, [], *latest_screening_and_consent(patient_id)
    plans = [row[0] for row in rows]
    active = [p for p in plans if p.status == "active"]
    plan = max(active, key=lambda p: (p.version_number, p.id)) if active else None
    return plan, [p for p in plans if p.status == "draft"], rows[0][1], rows[0][2]


@built_once
def _screening_and_consent_statement():
    screening_id, consent_id = _latest_signed_ids()
    dn_screening, dn_consent = _aliases()
    return (
        select(dn_screening, dn_consent)
        .select_from(Patient)
        .outerjoin(dn_screening, dn_screening.id == screening_id)
        .outerjoin(dn_consent, dn_consent.id == consent_id)
        .where(Patient.id == bindparam("patient_id"))
    )


def latest_screening_and_consent(patient_id: int):
    """``safety.latest_screening`` and ``safety.latest_consent`` in ONE statement."""
    row = db.session.execute(_screening_and_consent_statement(), {"patient_id": patient_id}).first()
    return (row[0], row[1]) if row else (None, None)


def _goal_scores(patient_id: int, codes: set[str]) -> dict:
    """``outcomes.latest_scores``, taken from the patient's scores that the chart loads once."""
    if not codes:
        return {}
    scores = memo(("outcome_scores", patient_id), lambda: outcomes.patient_scores(patient_id))
    return outcomes.latest_by_code(scores, codes)


def _load_facts(patient, user) -> dict:
    plan, others, screening, consent = current_plans(patient.id)
    memo(("active_plan", patient.id), lambda: plan)
    latest = _goal_scores(patient.id, {g.measure_code for g in plan.goals if g.measure_code}) if plan else {}
    return {
        "plan": plan,
        "others": others,
        "progress": {goal.id: progress_to_target(goal, latest) for goal in plan.goals} if plan else {},
        "screening": screening,
        "consent": consent,
        "needs_dn": bool(plan and plan.has_dry_needling) or any(p.has_dry_needling for p in others),
    }


def _facts(patient, user) -> dict:
    return memo(("plans_chart", patient.id), lambda: _load_facts(patient, user))


def sections(patient, user) -> list[ChartSection]:
    if not user.can("clinical.read"):
        return []
    facts = _facts(patient, user)
    plan = facts["plan"]
    by_kind = []
    if plan:
        for key, kind in kinds.REGISTRY.items():
            items = plan.interventions_of(key)
            if items:
                by_kind.append((kind.label, [kind.summary(i) for i in items]))
    return [
        ChartSection(
            key="plan-of-care",
            title="Plan of care",
            template="plans/_chart_section.html",
            order=20,
            context={
                "plan": plan,
                "progress": facts["progress"],
                "by_kind": by_kind,
                "others": facts["others"],
                "patient_id": patient.id,
                "can_write": user.can("clinical.write"),
            },
        )
    ]


def badges(patient, user) -> list[Badge]:
    if not user.can("clinical.read"):
        return []
    facts = _facts(patient, user)
    out: list[Badge] = []
    screening, consent = facts["screening"], facts["consent"]
    if facts["needs_dn"] or screening is not None or consent is not None:
        ok, reasons = dn_rules.clearance_from(screening, consent)
        if ok:
            out.append(Badge("DN consent & screening on file", "success"))
        elif screening is not None and screening.absolute:
            out.append(Badge("DN contraindicated", "danger", title=reasons[0]))
        else:
            if screening is None:
                out.append(Badge("DN screening missing", "warning"))
            if consent is None or not consent.is_current:
                out.append(Badge("DN consent missing", "warning"))
    return out


def actions(patient, user) -> list[Action]:
    out: list[Action] = []
    facts = _facts(patient, user) if user.can("clinical.read") else {"plan": None}
    if (
        facts["plan"] is not None
        and "documents.patient_plan_pdf" in current_app.view_functions
        and user.can("clinical.print")
    ):
        out.append(
            Action(
                "Print home plan", url_for("documents.patient_plan_pdf", patient_id=patient.id), primary=True
            )
        )
    if facts["plan"] is None and user.can("clinical.write") and patient.status == "active":
        out.append(Action("New plan of care", url_for("plans.new_plan", patient_id=patient.id)))
    return out


def next_step(patient, user, *, evaluation_id: int | None = None) -> Action | None:
    """What a signed evaluation leads to: start the plan, continue its draft, or revise it.

    Never a second parallel draft (issue #13): an active plan is revised into its next
    version, and an existing draft is continued.
    """
    if not (user.can("clinical.read") and user.can("clinical.write")) or patient.status != "active":
        return None
    facts = _facts(patient, user)
    plan, drafts = facts["plan"], facts["others"]
    if plan is not None:
        revision = next((d for d in drafts if d.lineage_id == plan.lineage_id), None)
        if revision is not None:
            return Action("Continue the plan revision", url_for("plans.view", plan_id=revision.id))
        return Action(
            "Revise the plan (new version)", url_for("plans.revise", plan_id=plan.id), method="post"
        )
    if drafts:
        return Action("Continue the draft plan", url_for("plans.view", plan_id=drafts[0].id))
    return Action(
        "Start plan of care", url_for("plans.new_plan", patient_id=patient.id, evaluation_id=evaluation_id)
    )


charting.register(
    "plans", order=10, sections=sections, badges=badges, actions=actions, after_evaluation=next_step
)
