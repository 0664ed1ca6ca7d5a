"""Plan of care through the web: create, build, sign, revise, lock, certify, conflicts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import CheckConstraint, func, select

from ptplan.exceptions import SignedRecordError
from ptplan.extensions import db
from ptplan.library.models import Exercise, ManualTechnique, Muscle
from ptplan.plans import kinds, services
from ptplan.plans.models import PlanIntervention, PlanOfCare, PlanTemplate
from tests.factories import library as fl
from tests.factories import plans as fp


@pytest.fixture()
def patient(make_patient, therapist):
    return make_patient(therapist=therapist)


@pytest.fixture()
def logged_in(client, login, therapist):
    login(therapist)
    return client


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _form(csrf, path, **data):
    return {"csrf_token": csrf(path), **data}


# ------------------------------------------------------------------ creation


def test_plan_from_signed_evaluation_prefills_diagnoses_and_baselines(
    logged_in, csrf, patient, therapist, make_evaluation
):
    evaluation = make_evaluation(patient, therapist, {"odi": 44.0, "nprs": 7.0})
    path = f"/patients/{patient.id}/plans/new?evaluation_id={evaluation.id}"
    page = logged_in.get(path).get_data(as_text=True)
    assert "M54.41 Lumbago with sciatica" in page
    response = logged_in.post(
        path,
        data=_form(
            csrf,
            path,
            evaluation_id=str(evaluation.id),
            template_id="",
            title="Plan of care",
            diagnoses="M54.41 Lumbago with sciatica, right side",
            frequency_per_week="2",
            duration_weeks="6",
            start_date=date.today().isoformat(),
        ),
    )
    assert response.status_code == 302
    plan = db.session.scalar(select(PlanOfCare).where(PlanOfCare.patient_id == patient.id))
    assert plan.status == "draft" and plan.evaluation_id == evaluation.id and plan.lineage_id == plan.id
    assert plan.diagnoses == [{"code": "M54.41", "text": "Lumbago with sciatica, right side"}]
    baselines = {g.measure_code: (g.baseline_value, g.target_value) for g in plan.goals}
    assert baselines == {"odi": (44.0, 34.0), "nprs": (7.0, 5.0)}  # one MCID better as a start
    assert plan.cert_end_date == plan.start_date + timedelta(days=41)


def test_a_new_clinic_gets_its_libraries_when_it_first_builds_a_plan(logged_in, patient):
    assert _count(Exercise, Exercise.clinic_id == patient.clinic_id) == 0
    assert logged_in.get(f"/patients/{patient.id}/plans/new").status_code == 200
    assert _count(Exercise, Exercise.clinic_id == patient.clinic_id) >= 15


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("duration_weeks", "53", "between 1 and 52 weeks"),
        ("frequency_per_week", "0", "between 1 and 7"),
        ("cert_end_date", (date.today() + timedelta(days=90)).isoformat(), "at most 90 days"),
        ("diagnoses", "NOTACODE pain", "is not an ICD-10-CM code"),
    ],
)
def test_bad_plan_details_are_refused_by_the_field(logged_in, csrf, patient, field, value, message):
    path = f"/patients/{patient.id}/plans/new"
    data = {
        "evaluation_id": "",
        "template_id": "",
        "title": "Plan",
        "diagnoses": "",
        "frequency_per_week": "2",
        "duration_weeks": "6",
        "start_date": date.today().isoformat(),
        "cert_start_date": date.today().isoformat(),
    }
    data[field] = value
    response = logged_in.post(path, data=_form(csrf, path, **data))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and f'id="{field}-error"' in html
    assert _count(PlanOfCare) == 0


# ------------------------------------------------------------------ building


def test_goal_target_outside_the_measure_range_is_refused(logged_in, csrf, patient, therapist):
    plan = fp.draft_plan(patient, therapist)
    path = f"/plans/{plan.id}/goals/new"
    before = len(plan.goals)
    response = logged_in.post(
        path,
        data=_form(
            csrf,
            path,
            term="long",
            description="Pain down",
            measure_code="nprs",
            baseline_value="7",
            target_value="11",
            status="active",
        ),
    )
    assert response.status_code == 422
    assert "between 0 and 10" in response.get_data(as_text=True)
    db.session.expire_all()
    assert len(db.session.get(PlanOfCare, plan.id).goals) == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("sets", "0", "Sets must be between 1 and 10"),
        ("sets", "-2", "Sets must be between 1 and 10"),
        ("reps", "500", "Repetitions must be between 1 and 100"),
        ("hold_seconds", "301", "Hold (seconds) must be between 0 and 300 seconds"),
    ],
)
def test_bad_dosage_is_refused_and_nothing_saved(logged_in, csrf, patient, therapist, field, value, message):
    plan = fp.draft_plan(patient, therapist)
    exercise = fl.by_slug(Exercise, plan.clinic_id, "cat-camel")
    path = f"/plans/{plan.id}/interventions/new?kind=home_exercise"
    response = logged_in.post(
        path,
        data=_form(
            csrf, path, exercise_id=str(exercise.id), goal_ids=str(plan.goals[0].id), **{field: value}
        ),
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _count(PlanIntervention, PlanIntervention.exercise_id == exercise.id) == 0


def test_home_exercise_keeps_library_defaults_and_overrides(logged_in, csrf, patient, therapist):
    plan = fp.draft_plan(patient, therapist)
    exercise = fl.by_slug(Exercise, plan.clinic_id, "cat-camel")
    path = f"/plans/{plan.id}/interventions/new?kind=home_exercise"
    page = logged_in.get(path).get_data(as_text=True)
    assert "<svg" in page and "Illustration: Cat and camel" in page
    response = logged_in.post(
        path,
        data=_form(
            csrf,
            path,
            exercise_id=str(exercise.id),
            goal_ids=str(plan.goals[0].id),
            reps="12",
            patient_notes="Slowly",
        ),
    )
    assert response.status_code == 302
    added = db.session.scalar(select(PlanIntervention).where(PlanIntervention.exercise_id == exercise.id))
    assert added.params["reps"] == 12 and added.params["sets"] == exercise.default_sets
    assert added.cpt_code == "97110" and [g.id for g in added.goals] == [plan.goals[0].id]


def test_an_intervention_needs_a_goal(logged_in, csrf, patient, therapist):
    plan = fp.draft_plan(patient, therapist)
    exercise = fl.by_slug(Exercise, plan.clinic_id, "cat-camel")
    path = f"/plans/{plan.id}/interventions/new?kind=home_exercise"
    response = logged_in.post(path, data=_form(csrf, path, exercise_id=str(exercise.id)))
    assert response.status_code == 422
    assert "at least one goal" in response.get_data(as_text=True)


def test_dry_needling_cpt_follows_muscle_count(logged_in, csrf, patient, therapist):
    plan = fp.draft_plan(patient, therapist)
    ids = [fl.by_slug(Muscle, plan.clinic_id, s).id for s in ("piriformis", "gluteus-medius")]
    path = f"/plans/{plan.id}/interventions/new?kind=dry_needling"
    page = logged_in.get(path).get_data(as_text=True)
    assert 'id="inline-screening"' in page and 'id="inline-consent"' in page  # offered inline
    data = {
        "muscles-0-muscle_id": str(ids[0]),
        "muscles-0-side": "right",
        "muscles-1-muscle_id": str(ids[1]),
        "muscles-1-side": "both",
        "technique": "static",
        "frequency": "Once a week",
        "rationale": "Trigger points reproduce leg pain",
        "goal_ids": str(plan.goals[0].id),
    }
    assert logged_in.post(path, data=_form(csrf, path, **data)).status_code == 302
    dn = db.session.scalar(select(PlanIntervention).where(PlanIntervention.kind == "dry_needling"))
    assert dn.cpt_code == "20561"  # right piriformis + both gluteus medius = 3 muscles
    assert [m["name"] for m in dn.params["muscles"]] == ["Piriformis", "Gluteus medius"]


def test_another_clinics_library_items_are_refused(logged_in, csrf, patient, therapist, make_clinic):
    other = make_clinic()
    fl.libraries(other)
    plan = fp.draft_plan(patient, therapist)
    foreign_muscle = fl.by_slug(Muscle, other.id, "piriformis")
    foreign_exercise = fl.by_slug(Exercise, other.id, "cat-camel")
    goal = str(plan.goals[0].id)
    path = f"/plans/{plan.id}/interventions/new?kind=dry_needling"
    data = {"muscles-0-muscle_id": str(foreign_muscle.id), "muscles-0-side": "right", "technique": "static"}
    data.update(frequency="Weekly", rationale="x", goal_ids=goal)
    assert logged_in.post(path, data=_form(csrf, path, **data)).status_code == 422
    path = f"/plans/{plan.id}/interventions/new?kind=home_exercise"
    assert (
        logged_in.post(
            path, data=_form(csrf, path, exercise_id=str(foreign_exercise.id), goal_ids=goal)
        ).status_code
        == 422
    )
    assert (
        _count(PlanIntervention, PlanIntervention.plan_id == plan.id) == 2
    )  # the factory's two, nothing more


def test_more_than_four_home_exercises_warns_but_saves(logged_in, patient, therapist):
    plan = fp.draft_plan(patient, therapist)
    for slug in ("cat-camel", "glute-bridge", "bird-dog", "pelvic-tilt"):
        fp.add_home_exercise(plan, plan.goals[0], slug)
    db.session.commit()
    html = logged_in.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert "gives the patient 5 home exercises" in html


def test_another_clinics_plan_is_not_found(client, login, make_user, patient, therapist):
    plan = fp.draft_plan(patient, therapist)
    stranger = make_user("therapist")
    login(stranger)
    assert client.get(f"/plans/{plan.id}").status_code == 404
    assert client.get(f"/patients/{patient.id}/plans/new").status_code == 404


# ------------------------------------------------------------------ signing and the lock


def test_signing_with_dry_needling_is_blocked_until_screening_and_consent(
    logged_in, csrf, patient, therapist
):
    plan = fp.draft_plan(patient, therapist, with_dn=True)
    path = f"/plans/{plan.id}/sign"
    page = logged_in.get(path).get_data(as_text=True)
    assert "No signed dry-needling screening" in page and "No signed dry-needling consent" in page
    response = logged_in.post(path, data=_form(csrf, path))
    assert response.status_code == 422
    assert db.session.get(PlanOfCare, plan.id).status == "draft"
    fp.clear_for_dry_needling(patient, therapist)
    assert logged_in.post(path, data=_form(csrf, path)).status_code == 302
    db.session.expire_all()
    signed = db.session.get(PlanOfCare, plan.id)
    assert signed.status == "active" and signed.signed_by_id == therapist.id and signed.verify_content_hash()


def test_crafted_post_cannot_add_dry_needling_to_a_signed_plan(logged_in, csrf, patient, therapist):
    plan = fp.active_plan(patient, therapist)
    muscle = fl.by_slug(Muscle, plan.clinic_id, "piriformis")
    path = f"/plans/{plan.id}/interventions/new?kind=dry_needling"
    data = {"muscles-0-muscle_id": str(muscle.id), "muscles-0-side": "right", "technique": "static"}
    data.update(frequency="Weekly", rationale="x", goal_ids=str(plan.goals[0].id))
    response = logged_in.post(path, data=_form(csrf, f"/plans/{plan.id}", **data))
    assert response.status_code == 409
    assert _count(PlanIntervention, PlanIntervention.kind == "dry_needling") == 0


def test_the_data_layer_refuses_edits_to_a_signed_plan(patient, therapist):
    plan = fp.active_plan(patient, therapist)
    plan.frequency_per_week = 3
    with pytest.raises(SignedRecordError):
        db.session.flush()
    db.session.rollback()
    plan = db.session.get(PlanOfCare, plan.id)
    plan.goals[0].target_value = 10
    with pytest.raises(SignedRecordError):
        db.session.flush()


def test_physician_certification_is_recorded_on_an_active_plan_without_a_new_version(
    logged_in, csrf, patient, therapist
):
    plan = fp.active_plan(patient, therapist)
    path = f"/plans/{plan.id}/certification"
    bad = logged_in.post(
        path,
        data=_form(
            csrf, path, physician_name="Dr A", physician_npi="1234567890", physician_signed_on="2026-01-02"
        ),
    )
    assert bad.status_code == 422 and "check digit" in bad.get_data(as_text=True)
    ok = logged_in.post(
        path,
        data=_form(
            csrf,
            path,
            physician_name="Dr A",
            physician_npi="1234567893",
            physician_signed_on=date.today().isoformat(),
        ),
    )
    assert ok.status_code == 302
    db.session.expire_all()
    plan = db.session.get(PlanOfCare, plan.id)
    assert plan.physician_signed_on == date.today() and plan.verify_content_hash()
    assert _count(PlanOfCare) == 1


def test_revise_creates_version_two_and_signing_it_supersedes_version_one(
    logged_in, csrf, patient, therapist
):
    v1 = fp.active_plan(patient, therapist)
    response = logged_in.post(f"/plans/{v1.id}/revise", data=_form(csrf, f"/plans/{v1.id}"))
    assert response.status_code == 302
    v2 = db.session.scalar(select(PlanOfCare).where(PlanOfCare.version_number == 2))
    assert v2.lineage_id == v1.id and v2.previous_version_id == v1.id and v2.status == "draft"
    assert [g.origin_id for g in v2.goals] == [g.id for g in v1.goals]
    assert [len(i.goals) for i in v2.interventions] == [1, 1]
    # change: more visits, one exercise removed, one goal target tightened
    path = f"/plans/{v2.id}/edit"
    page = logged_in.get(path).get_data(as_text=True)
    assert 'name="version"' in page
    fields = dict(title="Plan of care", diagnoses="M54.41 x", frequency_per_week="3", duration_weeks="6")
    fields.update(start_date=v2.start_date.isoformat(), version=str(v2.version))
    assert logged_in.post(path, data=_form(csrf, path, **fields)).status_code == 302
    services.remove_intervention(v2.interventions_of("home_exercise")[0])
    db.session.commit()
    sign_path = f"/plans/{v2.id}/sign"
    assert logged_in.post(sign_path, data=_form(csrf, sign_path)).status_code == 302
    db.session.expire_all()
    assert db.session.get(PlanOfCare, v1.id).status == "superseded"
    assert db.session.get(PlanOfCare, v2.id).status == "active"
    assert services.active_plan(patient.id).id == v2.id
    history = logged_in.get(f"/plans/{v2.id}/history").get_data(as_text=True)
    assert "Frequency (visits a week) 2 → 3" in history
    assert "Removed" in history and "Piriformis stretch" in history


def test_a_second_save_of_the_same_draft_is_refused_with_what_changed(logged_in, csrf, patient, therapist):
    plan = fp.draft_plan(patient, therapist)
    path = f"/plans/{plan.id}/edit"
    base = dict(
        title="Plan of care",
        diagnoses="",
        duration_weeks="6",
        start_date=plan.start_date.isoformat(),
        version=str(plan.version),
    )
    first = logged_in.post(path, data=_form(csrf, path, frequency_per_week="3", **base))
    assert first.status_code == 302
    second = logged_in.post(path, data=_form(csrf, path, frequency_per_week="5", **base))
    assert second.status_code == 409
    html = second.get_data(as_text=True)
    assert "someone else saved this plan" in html
    assert "Visits a week" in html and 'value="5"' in html  # their value shown, my input kept
    db.session.expire_all()
    assert db.session.get(PlanOfCare, plan.id).frequency_per_week == 3


def test_end_plan_completes_the_active_plan(logged_in, csrf, patient, therapist):
    plan = fp.active_plan(patient, therapist)
    path = f"/plans/{plan.id}/end"
    assert logged_in.post(path, data=_form(csrf, path, outcome="completed", reason="")).status_code == 422
    assert (
        logged_in.post(path, data=_form(csrf, path, outcome="completed", reason="Goals met")).status_code
        == 302
    )
    db.session.expire_all()
    plan = db.session.get(PlanOfCare, plan.id)
    assert plan.status == "completed" and plan.end_reason == "Goals met" and plan.verify_content_hash()


def test_manager_reads_plans_but_cannot_write_or_sign(client, login, make_user, patient, therapist, csrf):
    plan = fp.draft_plan(patient, therapist)
    manager = make_user("manager", clinic=therapist.clinic)
    login(manager)
    assert client.get(f"/plans/{plan.id}").status_code == 200
    assert client.get(f"/plans/{plan.id}/sign").status_code == 403
    assert client.get(f"/patients/{patient.id}/plans/new").status_code == 403


# ------------------------------------------------------------------ templates


def test_save_as_template_then_start_a_plan_from_it(
    logged_in, csrf, patient, therapist, make_patient, make_evaluation
):
    plan = fp.draft_plan(patient, therapist, with_dn=True)
    path = f"/plans/{plan.id}"
    assert (
        logged_in.post(f"{path}/save-template", data=_form(csrf, path, name="Sciatica: acute")).status_code
        == 302
    )
    template = db.session.scalar(select(PlanTemplate).where(PlanTemplate.name == "Sciatica: acute"))
    assert len(template.payload["interventions"]) == 3
    assert "Sciatica: acute" in logged_in.get("/plans/templates").get_data(as_text=True)
    other = make_patient(therapist=therapist)
    evaluation = make_evaluation(other, therapist, {"odi": 50.0})
    new_path = f"/patients/{other.id}/plans/new?template_id={template.id}"
    form = dict(
        evaluation_id=str(evaluation.id), template_id=str(template.id), title="From template", diagnoses=""
    )
    form.update(frequency_per_week="2", duration_weeks="6", start_date=date.today().isoformat())
    assert logged_in.post(new_path, data=_form(csrf, new_path, **form)).status_code == 302
    new = db.session.scalar(select(PlanOfCare).where(PlanOfCare.patient_id == other.id))
    assert [i.kind for i in new.interventions] == ["manual_therapy", "home_exercise", "dry_needling"]
    assert new.goals[0].baseline_value == 50.0  # baseline from the evaluation, target from the template
    assert all(i.goals for i in new.interventions)


# ------------------------------------------------------------------ registry and services


def test_intervention_kind_constraint_matches_the_registry():
    constraint = next(
        c
        for c in PlanIntervention.__table__.constraints
        if isinstance(c, CheckConstraint) and c.name.endswith("kind")
    )
    listed = {part.strip(" '") for part in str(constraint.sqltext).split("(", 1)[1].rstrip(")").split(",")}
    assert listed == set(kinds.REGISTRY)
    for kind in kinds.REGISTRY.values():
        assert kind.Form and kind.label and callable(kind.patient_description)


def test_active_plan_query_count_does_not_grow_with_the_plan(patient, therapist, count_queries):
    plan = fp.active_plan(patient, therapist)
    db.session.expire_all()
    with count_queries() as small:
        loaded = services.active_plan(patient.id)
        _ = [(g.interventions, i.goals, i.exercise) for g in loaded.goals for i in loaded.interventions]
    assert loaded.id == plan.id
    db.session.expire_all()
    # a bigger plan, same patient: revise, add goals and exercises, sign
    v2 = services.revise(services.active_plan(patient.id), therapist)
    for code in ("nprs", "psfs"):
        goal = fp.add_goal(v2, code, baseline=5, target=8 if code == "psfs" else 2)
        for slug in ("cat-camel", "bird-dog"):
            fp.add_home_exercise(v2, goal, slug)
    services.sign_plan(v2, therapist, today=date.today())
    db.session.commit()
    db.session.expire_all()
    with count_queries() as big:
        loaded = services.active_plan(patient.id)
        _ = [(g.interventions, i.goals, i.exercise) for g in loaded.goals for i in loaded.interventions]
    assert len(loaded.interventions) == 6
    assert big.count == small.count <= 6


def test_dry_needling_patient_description_has_no_codes(patient, therapist):
    plan = fp.draft_plan(patient, therapist, with_dn=True)
    for intervention in plan.interventions:
        text = kinds.get(intervention.kind).patient_description(intervention)
        assert text and "97" not in text and "2056" not in text


def test_kind_specific_validation_messages(logged_in, csrf, patient, therapist):
    plan = fp.draft_plan(patient, therapist)
    goal = str(plan.goals[0].id)
    path = f"/plans/{plan.id}/interventions/new?kind=dry_needling"
    response = logged_in.post(
        path, data=_form(csrf, path, technique="static", frequency="Weekly", rationale="x", goal_ids=goal)
    )
    assert response.status_code == 422 and "Choose at least one muscle" in response.get_data(as_text=True)
    graded = fl.by_slug(ManualTechnique, plan.clinic_id, "lumbar-pa-mobilisation")
    path = f"/plans/{plan.id}/interventions/new?kind=manual_therapy"
    response = logged_in.post(
        path, data=_form(csrf, path, technique_id=str(graded.id), region="L4", grade="", goal_ids=goal)
    )
    assert response.status_code == 422 and "Choose a grade" in response.get_data(as_text=True)
    response = logged_in.post(
        path, data=_form(csrf, path, technique_id=str(graded.id), region="L4", grade="VI", goal_ids=goal)
    )
    assert response.status_code == 422
    assert _count(PlanIntervention, PlanIntervention.plan_id == plan.id) == 2


def test_goal_progress_shows_the_latest_score_as_its_measure_writes_it(
    logged_in, patient, therapist, make_evaluation
):
    plan = fp.active_plan(patient, therapist)  # goal: ODI 42 -> 20, lower is better
    # DOMAIN.md: 16 over 9 sections = 35.6%, stored unrounded
    make_evaluation(patient, therapist, {"odi": 16 / 45 * 100}, on=date.today() - timedelta(days=3))
    for path in (f"/plans/{plan.id}", f"/patients/{patient.id}"):
        page = logged_in.get(path).get_data(as_text=True)
        assert "35.6% (" in page and "35.55" not in page and "target reached" not in page, path
    make_evaluation(patient, therapist, {"odi": 20.0})  # at the target: met
    for path in (f"/plans/{plan.id}", f"/patients/{patient.id}"):
        page = logged_in.get(path).get_data(as_text=True)
        assert "20% (" in page and "target reached" in page, path
