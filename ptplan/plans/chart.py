"""The plan of care on the patient chart: one section, two badges, two actions.

Everything is loaded once per request (``_facts``), so sections, badges and actions together
cost a fixed number of queries whatever the plan's size.
"""

from __future__ import annotations

from flask import current_app, has_request_context, request, url_for

from ptplan.patients.chart import Action, Badge, ChartSection
from ptplan.plans import kinds, safety, services


def _facts(patient, user) -> dict:
    # Cached on the request (not ``g``, which outlives a request inside an app context).
    cache: dict = {}
    if has_request_context():
        cache = request.environ.setdefault("ptplan.plans_chart", {})
    if patient.id in cache:
        return cache[patient.id]
    plan = services.active_plan(patient.id)
    others = [p for p in services.patient_plans(patient.id) if p.status == "draft"]
    latest = (
        services.latest_scores(patient.id, {goal.measure_code for goal in plan.goals if goal.measure_code})
        if plan
        else {}
    )
    screening = safety.latest_screening(patient.id)
    consent = safety.latest_consent(patient.id)
    today = user.clinic.today()
    facts = {
        "plan": plan,
        "others": others,
        "progress": {goal.id: services.goal_progress(goal, latest) for goal in plan.goals} if plan else {},
        "screening": screening,
        "consent": consent,
        "cert_missing": services.physician_cert_is_missing(plan, today) if plan else False,
        "needs_dn": bool(plan and plan.has_dry_needling) or any(p.has_dry_needling for p in others),
    }
    cache[patient.id] = facts
    return facts


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
        ok, reasons = safety.clearance_from(screening, consent)
        if ok:
            out.append(Badge("DN consent & screening on file", "success"))
        elif screening is not None and screening.absolute:
            out.append(Badge("DN contraindicated", "danger", title=reasons[0]))
        else:
            if screening is None:
                out.append(Badge("DN screening missing", "warning"))
            if consent is None or not consent.is_current:
                out.append(Badge("DN consent missing", "warning"))
    if facts["cert_missing"]:
        out.append(
            Badge(
                "Physician certification missing", "danger", title="More than 30 days after the first visit"
            )
        )
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
