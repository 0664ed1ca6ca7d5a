"""Admins manage users; admins and managers edit clinic settings."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ptplan.admin.forms import ClinicSettingsForm
from ptplan.audit import services as audit
from ptplan.auth import services as auth_services
from ptplan.auth.access import clinic_object_or_404, requires
from ptplan.auth.forms import UserCreateForm, UserRoleForm
from ptplan.auth.models import User
from ptplan.auth.roles import ROLE_LABELS, role_has
from ptplan.documents import cache as document_cache
from ptplan.exceptions import DomainError
from ptplan.extensions import db
from ptplan.files.services import UploadError, store_image
from ptplan.forms import ConfirmForm
from ptplan.i18n import ENGLISH_NAMES
from ptplan.translations.forms import ReviewerLanguagesForm

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/users")
@requires("users.manage")
def users():
    from ptplan.translations import services as translations  # the catalogue: not at start

    rows = db.session.scalars(
        select(User).where(User.clinic_id == current_user.clinic_id).order_by(User.full_name)
    ).all()
    return render_template(
        "admin/users.html",
        users=rows,
        role_labels=ROLE_LABELS,
        create_form=UserCreateForm(),
        confirm=ConfirmForm(),
        reviews={u.id: translations.reviewer_languages(u) for u in rows},
        language_names=ENGLISH_NAMES,
    )


@bp.route("/users/<int:user_id>/translation-reviewer", methods=["GET", "POST"])
@requires("users.manage")
def reviewer_languages(user_id: int):
    """Mark a therapist or manager as a reviewer of the translations into some languages."""
    from ptplan.translations import services as translations  # the catalogue: not at start

    user = clinic_object_or_404(User, user_id, category="user_admin")
    if not role_has(user.role, "translations.review"):
        flash(
            f"{user.full_name} is an administrator: only therapists and managers review translations.",
            "danger",
        )
        return redirect(url_for("admin.users"))
    form = ReviewerLanguagesForm()
    if request.method == "GET":
        form.languages.data = translations.reviewer_languages(user)
    if form.validate_on_submit():
        translations.set_reviewer_languages(user, form.languages.data or [], actor=current_user)
        flash(f"Translation review languages of {user.full_name} saved.", "success")
        return redirect(url_for("admin.users"))
    return render_template("admin/reviewer_languages.html", form=form, user=user), (
        422 if form.errors else 200
    )


@bp.route("/users/new", methods=["GET", "POST"])
@requires("users.manage")
def create_user():
    form = UserCreateForm()
    form.own_domain = current_user.email.rpartition("@")[2]
    if form.validate_on_submit():
        try:
            auth_services.create_user(
                clinic_id=current_user.clinic_id,
                email=form.email.data,
                full_name=form.full_name.data,
                role=form.role.data,
                password=form.password.data,
                credentials=form.credentials.data or "",
                licence_number=form.licence_number.data or "",
                actor=current_user,
            )
        except DomainError as problem:
            target = form.email if "email" in str(problem) else form.password
            target.errors.append(str(problem))
        else:
            flash(f"User {form.email.data} created.", "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form), (422 if form.errors else 200)


@bp.post("/users/<int:user_id>/role")
@requires("users.manage")
def change_role(user_id: int):
    user = clinic_object_or_404(User, user_id, category="user_admin")
    form = UserRoleForm()
    if not form.validate_on_submit():
        abort(400)
    if user.id == current_user.id:
        flash("You cannot change your own role.", "danger")
    else:
        auth_services.change_role(user, form.role.data, actor=current_user)
        flash(
            f"{user.full_name} is now {ROLE_LABELS[user.role].lower()}. Their sessions were ended.", "success"
        )
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/active/<int:active>")
@requires("users.manage")
def set_active(user_id: int, active: int):
    user = clinic_object_or_404(User, user_id, category="user_admin")
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        auth_services.set_active(user, bool(active), actor=current_user)
    except DomainError as problem:
        flash(str(problem), "danger")
    else:
        flash(f"{user.full_name} {'enabled' if active else 'disabled; their sessions ended now'}.", "success")
    return redirect(url_for("admin.users"))


@bp.route("/clinic", methods=["GET", "POST"])
@requires("clinic.settings")
def clinic_settings():
    clinic = current_user.clinic
    form = ClinicSettingsForm(obj=clinic)
    if form.validate_on_submit():
        upload = form.logo.data
        try:
            if upload and getattr(upload, "filename", ""):
                stored = store_image(upload.read(), clinic_id=clinic.id, user_id=current_user.id)
                clinic.logo_file_id = stored.id
        except UploadError as problem:
            form.logo.errors.append(str(problem))
        else:
            for name in ("name", "address", "phone", "timezone", "default_payer_rule", "page_size"):
                setattr(clinic, name, getattr(form, name).data)
            audit.record("settings_change", "clinic_settings", entity_type="clinic", entity_id=clinic.id)
            # Printed documents carry the branding: drop them now rather than at next download.
            document_cache.forget_clinic(clinic.id)
            flash("Clinic settings saved.", "success")
            return redirect(url_for("admin.clinic_settings"))
    return render_template("admin/clinic.html", form=form, clinic=clinic), (422 if form.errors else 200)
