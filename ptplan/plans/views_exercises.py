"""Add several library exercises to a draft plan in one step: search, filter by region, tick.

Each arrives with the library's default dosage (changed later per exercise if needed) and
its illustration. The routes are on the plans blueprint (imported from ``ptplan.plans.views``).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from ptplan.auth.access import requires
from ptplan.catalogue.regions import BODY_REGIONS
from ptplan.exceptions import ConflictError
from ptplan.forms import choices
from ptplan.library import services as library
from ptplan.library.poses import exercise_svg
from ptplan.plans import forms, kinds, rules, services
from ptplan.plans.blueprint import bp, load_plan


def region_options(exercises) -> list[tuple[str, str]]:
    """The filter's body regions (code, label), in body order: those the clinic's exercises are tagged with."""
    tagged = {code for e in exercises for code in (e.region_tags or [])}
    return [(code, label) for code, label in BODY_REGIONS.items() if code in tagged]


def search_text(exercise) -> str:
    """What the search box matches: the name, the region label and tags, and the purpose."""
    tags = " ".join(BODY_REGIONS.get(code, code) for code in exercise.region_tags or [])
    return " ".join((exercise.name, exercise.region or "", tags, exercise.purpose or "")).lower()


def matches(exercise, query: str, region: str) -> bool:
    """The search box matches words of the name, regions and purpose; the filter matches a body-region tag."""
    if region and region not in (exercise.region_tags or []):
        return False
    haystack = search_text(exercise)
    return all(word in haystack for word in query.lower().split())


@bp.route("/plans/<int:plan_id>/exercises", methods=["GET", "POST"])
@requires("clinical.write")
def add_exercises(plan_id: int):
    plan = load_plan(plan_id)
    if not plan.is_draft:
        raise ConflictError("This plan is signed and locked. Start a new version to change it.")
    library.ensure_libraries(current_user.clinic)
    catalogue = library.exercises(current_user.clinic_id)
    in_plan = {i.exercise_id for i in plan.interventions_of("home_exercise")}
    available = [e for e in catalogue if e.id not in in_plan]
    query = (request.args.get("q") or "").strip()[:80]
    region = request.args.get("region") or ""
    form = forms.ExercisePickForm()
    form.exercise_ids.choices = choices([(e.id, e.name) for e in available])
    form.goal_ids.choices = choices([(g.id, g.description) for g in plan.goals])
    if request.method == "GET":
        form.goal_ids.data = [g.id for g in plan.goals if g.term == "long"]
    if form.validate_on_submit():
        kind = kinds.get("home_exercise")
        chosen = [e for e in available if e.id in set(form.exercise_ids.data)]
        for exercise in chosen:
            services.add_intervention(plan, kind.key, kind.from_library(exercise), form.goal_ids.data)
        names = ", ".join(e.name for e in chosen)
        flash(f"Added with the library's dosage: {names}.", "success")
        warning = rules.home_program_warning(services.home_exercise_count(plan))
        if warning:
            flash(warning, "warning")
        return redirect(url_for("plans.view", plan_id=plan.id, _anchor="kind-home_exercise"))
    shown = {e.id for e in available if matches(e, query, region)}
    home = kinds.get("home_exercise")
    rows = [
        {
            "exercise": e,
            "shown": e.id in shown or e.id in set(form.exercise_ids.data or []),
            "svg": exercise_svg(e, element_id=f"pick-ex-{e.id}") if e.pose else None,
            "search": search_text(e),
            "regions": " ".join(e.region_tags or []),
            "dosage": home.dosage(home.from_library(e).params),
        }
        for e in available
    ]
    return render_template(
        "plans/exercises.html",
        plan=plan,
        form=form,
        rows=rows,
        regions=region_options(catalogue),
        query=query,
        region=region,
        already=[e for e in catalogue if e.id in in_plan],
        home_count=services.home_exercise_count(plan),
    ), (422 if form.errors else 200)
