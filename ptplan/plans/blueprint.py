"""The plans blueprint and what every plan page shares: loading a plan or its patient inside the
clinic boundary (404, audited reads), the form status and the clinic's today.

The pages themselves live in ``views`` (the plan builder), ``views_lifecycle`` (sign, revise,
end, certify), ``views_authorship``, ``views_exercises`` and ``views_templates``; ``routes``
gathers them for the app factory. None imports another's private names.
"""

from __future__ import annotations

from flask import Blueprint, request
from flask_login import current_user

from ptplan.audit import services as audit
from ptplan.auth.access import clinic_object_or_404
from ptplan.patients import loading as patients_loading
from ptplan.patients.models import Patient
from ptplan.plans import services
from ptplan.plans.models import PlanOfCare

bp = Blueprint("plans", __name__)


def load_plan(plan_id: int, *, detail: str = "") -> PlanOfCare:
    """Load (404 across clinics); a page that shows the plan audits the read (AUD-01)."""
    plan = clinic_object_or_404(PlanOfCare, plan_id, category="plan_of_care")
    if request.method == "GET":
        audit.record(
            "read",
            "plan_of_care",
            patient_id=plan.patient_id,
            entity_type="plan_of_care",
            entity_id=plan.id,
            detail=detail,
        )
    return services.load_full(plan.id)


def load_patient(patient_id: int, *, category: str = "plan_of_care") -> Patient:
    """The patient of a plan page (404 across clinics; a GET audits the read)."""
    return patients_loading.load_patient(patient_id, category=category)


def form_status(form) -> int:
    return 422 if form.errors or form.form_errors else 200


def clinic_today():
    return current_user.clinic.today()
