"""The library pages: a clinic's exercises (with drawings and photos), muscles and manual techniques."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import undefer

from ptplan.audit import services as audit
from ptplan.auth.access import clinic_object_or_404, requires
from ptplan.catalogue.regions import BODY_REGIONS, EQUIPMENT
from ptplan.exceptions import DomainError
from ptplan.extensions import db
from ptplan.files.models import StoredFile
from ptplan.forms import ConfirmForm, choices
from ptplan.library import forms
from ptplan.library import services as library
from ptplan.library.models import Exercise, ManualTechnique, Muscle
from ptplan.library.poses import exercise_svg

bp = Blueprint("library", __name__)

KINDS = {"exercises": Exercise, "muscles": Muscle, "techniques": ManualTechnique}


@bp.get("/library", endpoint="index")
@requires("library.read")
def library_index():
    # Lazy, idempotent provisioning (see ptplan.library.services): a new clinic gets the catalogue.
    library.ensure_libraries(current_user.clinic)
    show_archived = request.args.get("archived") == "1"
    exercises = library.exercises(current_user.clinic_id, include_archived=show_archived)
    figures = {
        e.id: exercise_svg(e, element_id=f"lib-ex-{e.id}", width=120, height=90) for e in exercises if e.pose
    }
    return render_template(
        "library/index.html",
        exercises=exercises,
        figures=figures,
        body_regions=BODY_REGIONS,
        equipment_labels=EQUIPMENT,
        muscles=library.muscles(current_user.clinic_id, include_archived=show_archived),
        techniques=library.techniques(current_user.clinic_id, include_archived=show_archived),
        show_archived=show_archived,
        confirm=ConfirmForm(),
    )


def _pose_choices(clinic_id: int):
    builtins = [e for e in library.exercises(clinic_id, include_archived=True) if e.is_builtin and e.pose]
    return builtins, choices([("", "(no drawing)")] + [(str(e.id), e.name) for e in builtins])


def _save_exercise(form, exercise: Exercise | None) -> Exercise | None:
    """Apply the form; returns the exercise, or None after putting a message on a field."""
    clinic_id = current_user.clinic_id
    builtins, _ = _pose_choices(clinic_id)
    upload = request.files.get(form.photo.name)
    data = b""
    if upload and upload.filename:
        with upload.stream as stream:  # close the spooled temporary file now, not at GC time
            data = stream.read(library.MAX_IMAGE_BYTES + 1)
    if upload and upload.filename:
        try:
            library.check_upload_name(upload.filename)
            library.check_image(data)
        except DomainError as error:
            form.photo.errors = [str(error)]
            return None
    created = exercise is None
    if created:
        exercise = Exercise(
            clinic_id=clinic_id, slug=library.unique_slug(Exercise, clinic_id, form.name.data)
        )
        db.session.add(exercise)
    exercise.name = form.name.data
    exercise.region = form.region.data
    exercise.region_tags = [code for code in BODY_REGIONS if code in form.region_tags.data]
    exercise.equipment = [code for code in EQUIPMENT if code in (form.equipment.data or [])] or ["none"]
    exercise.purpose = form.purpose.data or ""
    exercise.steps = form.lines(form.steps.data)
    exercise.cautions = form.lines(form.cautions.data)
    for field in ("sets", "reps", "hold_seconds", "times_per_day", "days_per_week", "side"):
        setattr(exercise, f"default_{field}", getattr(form, f"default_{field}").data)
    if not exercise.is_builtin:
        source = next((e for e in builtins if str(e.id) == form.pose_from.data), None)
        exercise.pose = dict(source.pose) if source else None
    if data:
        library.attach_photo(exercise, data, user_id=current_user.id)
    db.session.flush()
    audit.record("create" if created else "update", "library", entity_type="exercise", entity_id=exercise.id)
    return exercise


@bp.route("/library/exercises/new", methods=["GET", "POST"])
@requires("library.manage")
def new_exercise():
    form = forms.ExerciseForm()
    _, form.pose_from.choices = _pose_choices(current_user.clinic_id)
    if request.method == "GET":
        for field in ("sets", "reps", "hold_seconds", "times_per_day", "days_per_week"):
            getattr(form, f"default_{field}").data = {"sets": 1, "reps": 10, "hold_seconds": 0}.get(
                field, 1 if field == "times_per_day" else 7
            )
    if form.validate_on_submit():
        exercise = _save_exercise(form, None)
        if exercise is not None:
            flash(f"“{exercise.name}” added to the library.", "success")
            return redirect(url_for("library.index", _anchor="exercises"))
    status = 422 if form.errors else 200
    return render_template("library/exercise_form.html", form=form, exercise=None), status


@bp.route("/library/exercises/<int:exercise_id>/edit", methods=["GET", "POST"])
@requires("library.manage")
def edit_exercise(exercise_id: int):
    exercise = clinic_object_or_404(Exercise, exercise_id, category="library")
    form = forms.ExerciseForm(obj=exercise if request.method == "GET" else None)
    _, form.pose_from.choices = _pose_choices(current_user.clinic_id)
    if request.method == "GET":
        form.steps.data = "\n".join(exercise.steps)
        form.cautions.data = "\n".join(exercise.cautions)
        builtins, _ = _pose_choices(current_user.clinic_id)
        form.pose_from.data = next(
            (str(e.id) for e in builtins if exercise.pose and e.pose == exercise.pose), ""
        )
    if form.validate_on_submit() and _save_exercise(form, exercise) is not None:
        flash(f"“{exercise.name}” saved.", "success")
        return redirect(url_for("library.index", _anchor="exercises"))
    status = 422 if form.errors else 200
    figure = exercise_svg(exercise, element_id="edit-ex") if exercise.pose else None
    return render_template("library/exercise_form.html", form=form, exercise=exercise, figure=figure), status


@bp.get("/library/exercises/<int:exercise_id>/photo")
@requires("library.read")
def exercise_photo(exercise_id: int):
    """The uploaded photo, clinic-checked, never cached, never sniffed as anything else."""
    exercise = clinic_object_or_404(Exercise, exercise_id, category="library")
    if exercise.photo_file_id is None:
        abort(404)
    stored = db.session.scalar(
        db.select(StoredFile)
        .where(StoredFile.id == exercise.photo_file_id)
        .options(undefer(StoredFile.content))
    )
    if (
        stored is None
        or stored.clinic_id != current_user.clinic_id
        or stored.mime_type not in ("image/png", "image/jpeg")
    ):
        abort(404)
    response = Response(stored.content, mimetype=stored.mime_type)
    response.headers["Content-Disposition"] = "inline"
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.post("/library/<string:kind>/<int:item_id>/archive")
@requires("library.manage")
def archive_item(kind: str, item_id: int):
    model = KINDS.get(kind) or abort(404)
    item = clinic_object_or_404(model, item_id, category="library")
    if not ConfirmForm().validate_on_submit():
        abort(400)
    archive = request.form.get("archive", "1") == "1"
    library.set_archived(item, archive)
    flash(
        f"“{item.name}” archived: it stays in existing plans but is no longer offered."
        if archive
        else f"“{item.name}” restored.",
        "success",
    )
    return redirect(url_for("library.index", archived="1" if not archive else None, _anchor=kind))


def _simple_item(kind: str, item_id: int | None):
    model = KINDS[kind]
    form_class = forms.MuscleForm if kind == "muscles" else forms.TechniqueForm
    item = clinic_object_or_404(model, item_id, category="library") if item_id is not None else None
    form = form_class(obj=item if request.method == "GET" else None)
    if request.method == "GET" and item is None and kind == "techniques":
        form.default_minutes.data = 10
    if form.validate_on_submit():
        created = item is None
        if created:
            item = model(
                clinic_id=current_user.clinic_id,
                slug=library.unique_slug(model, current_user.clinic_id, form.name.data),
            )
            db.session.add(item)
        form.populate_obj(item)
        db.session.flush()
        audit.record(
            "create" if created else "update", "library", entity_type=model.__tablename__, entity_id=item.id
        )
        flash(f"“{item.name}” saved.", "success")
        return redirect(url_for("library.index", _anchor=kind))
    status = 422 if form.errors else 200
    return render_template("library/item.html", form=form, item=item, kind=kind), status


@bp.route("/library/muscles/new", methods=["GET", "POST"], defaults={"item_id": None})
@bp.route("/library/muscles/<int:item_id>/edit", methods=["GET", "POST"])
@requires("library.manage")
def muscle_form(item_id: int | None):
    return _simple_item("muscles", item_id)


@bp.route("/library/techniques/new", methods=["GET", "POST"], defaults={"item_id": None})
@bp.route("/library/techniques/<int:item_id>/edit", methods=["GET", "POST"])
@requires("library.manage")
def technique_form(item_id: int | None):
    return _simple_item("techniques", item_id)
