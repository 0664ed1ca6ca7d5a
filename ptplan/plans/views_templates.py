"""The clinic's plan templates: list and archive (saving a plan as a template is in views_lifecycle)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from ptplan.auth.access import clinic_object_or_404, requires
from ptplan.forms import ConfirmForm
from ptplan.plans.blueprint import bp
from ptplan.plans.models import PlanTemplate
from ptplan.plans.templates import archive_template, clinic_templates, ensure_clinic_content


@bp.get("/plans/templates")
@requires("library.read")
def templates():
    # Lazy, idempotent provisioning: a new clinic starts with the guideline templates.
    ensure_clinic_content(current_user.clinic)
    return render_template(
        "plans/templates.html", templates=clinic_templates(current_user.clinic_id), confirm=ConfirmForm()
    )


@bp.post("/plans/templates/<int:template_id>/archive")
@requires("library.manage")
def archive_plan_template(template_id: int):
    template = clinic_object_or_404(PlanTemplate, template_id, category="library")
    if not ConfirmForm().validate_on_submit():
        abort(400)
    archive_template(template)
    flash(f"Template “{template.name}” archived.", "success")
    return redirect(url_for("plans.templates"))
