"""Plan drafts follow the authorship rule of notes and evaluations (SECURITY.md NOTE-01, AUTHZ).

A draft plan belongs to its author: only the author changes it or signs it. Another therapist
continuing the work takes the draft over explicitly (one audited step, ``take_over``), and
is then its author. Signed plans are not drafts: revising, certifying or ending an active plan
is open to any clinician with the permission, as before.

The rule is enforced once, for every plan endpoint, before the view runs: deny by default,
so a new draft-editing page is covered without remembering to call a check.
"""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user

from ptplan.audit import services as audit
from ptplan.auth.access import deny, requires
from ptplan.exceptions import ConflictError
from ptplan.extensions import db
from ptplan.forms import ConfirmForm
from ptplan.plans.blueprint import bp, load_plan
from ptplan.plans.models import PlanOfCare

# Endpoints that act on a plan_id but do not change the draft (or change it by the rule itself).
OPEN_TO_ANY_CLINICIAN = frozenset(
    {"plans.view", "plans.history", "plans.take_over", "plans.revise", "plans.save_template"}
)
NOT_THE_AUTHOR = (
    "Only the therapist who drafted this plan can change or sign it. "
    "If you are continuing it, take the draft over from the plan page first."
)


def is_draft_author(plan: PlanOfCare, user) -> bool:
    return plan.author_id == user.id


@bp.before_request
def only_the_author_changes_a_draft():
    plan_id = (request.view_args or {}).get("plan_id")
    if plan_id is None or request.endpoint in OPEN_TO_ANY_CLINICIAN or not current_user.is_authenticated:
        return None  # the view's own @requires and load (404) come next
    plan = db.session.get(PlanOfCare, plan_id)
    if plan is None or plan.clinic_id != current_user.clinic_id or plan.status != "draft":
        return None  # 404 across clinics and rules for signed plans are the view's job
    if is_draft_author(plan, current_user):
        return None
    deny(
        403,
        "plan_of_care",
        f"{request.endpoint}: draft by another author",
        message=NOT_THE_AUTHOR,
        patient_id=plan.patient_id,
        entity_type="plan_of_care",
        entity_id=plan.id,
    )


@bp.post("/plans/<int:plan_id>/take-over")
@requires("clinical.write", "clinical.sign")
def take_over(plan_id: int):
    """Make the current therapist the author of a draft; audited with the previous author."""
    plan = load_plan(plan_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    if plan.status != "draft":
        raise ConflictError("Only a draft can be taken over. This plan is signed.")
    if not is_draft_author(plan, current_user):
        previous = plan.author_id
        plan.author_id = current_user.id
        db.session.flush()
        audit.record(
            "take_over",
            "plan_of_care",
            patient_id=plan.patient_id,
            entity_type="plan_of_care",
            entity_id=plan.id,
            detail=f"draft taken over from user {previous}",
        )
        flash("You are now the author of this draft plan.", "success")
    return redirect(url_for("plans.view", plan_id=plan.id))
