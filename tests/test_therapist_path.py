"""The therapist's path from a signed evaluation to a signed plan (issue #13): diagnoses carried,
no hidden second draft, the next step offered where the therapist is, print buttons after signing.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from ptplan.evaluations import services as evaluation_services
from ptplan.extensions import db
from ptplan.plans import services
from ptplan.plans.models import PlanOfCare
from tests.factories import library as fl
from tests.factories import plans as fp

SCIATICA = {"code": "M54.41", "text": "Lumbago with sciatica, right side"}


@pytest.fixture()
def patient(make_patient, therapist):
    return make_patient(therapist=therapist, diagnoses=[])


@pytest.fixture()
def logged_in(client, login, therapist):
    login(therapist)
    return client


def _signed_evaluation(patient, therapist, diagnoses=(SCIATICA,)):
    data = {
        "date_of_service": date.today() - timedelta(days=1),
        "chief_complaint": "Sciatica",
        "nprs_current": 7,
        "odi_answers": [2] * 10,
        "diagnoses": list(diagnoses),
    }
    evaluation = evaluation_services.create_evaluation(patient, therapist, "initial", data, sign=True)
    db.session.commit()
    return evaluation


def _plans(patient) -> int:
    return db.session.scalar(select(func.count(PlanOfCare.id)).where(PlanOfCare.patient_id == patient.id))


# ------------------------------------------------------------------ bug 1: diagnoses reach the plan


def test_signing_an_evaluation_puts_its_diagnoses_on_the_patients_list(patient, therapist):
    assert patient.diagnoses == []
    _signed_evaluation(patient, therapist)
    db.session.refresh(patient)
    assert [(d.icd10_code, d.description) for d in patient.diagnoses] == [
        (SCIATICA["code"], SCIATICA["text"])
    ]


def test_a_draft_evaluation_does_not_change_the_patients_diagnoses(patient, therapist):
    data = {"date_of_service": date.today(), "chief_complaint": "Sciatica", "diagnoses": [SCIATICA]}
    evaluation_services.create_evaluation(patient, therapist, "initial", data, sign=False)
    db.session.commit()
    db.session.refresh(patient)
    assert patient.diagnoses == []


def test_new_plan_is_prefilled_with_the_evaluations_diagnoses(logged_in, patient, therapist):
    evaluation = _signed_evaluation(
        patient, therapist, diagnoses=[SCIATICA, {"code": "M79.18", "text": "Myalgia"}]
    )
    page = logged_in.get(f"/patients/{patient.id}/plans/new?evaluation_id={evaluation.id}").get_data(
        as_text=True
    )
    assert "M54.41 Lumbago with sciatica, right side" in page and "M79.18 Myalgia" in page


def test_a_plan_without_a_diagnosis_cannot_be_signed(app, patient, therapist):
    plan = fp.draft_plan(patient, therapist)
    plan.diagnoses = []
    db.session.commit()
    blockers = services.sign_blockers(plan)
    assert any("at least one diagnosis" in reason for reason in blockers)
    plan.diagnoses = [SCIATICA]
    db.session.commit()
    assert not any("diagnosis" in reason for reason in services.sign_blockers(plan))


def test_the_sign_page_refuses_a_plan_without_diagnoses(logged_in, csrf, patient, therapist):
    plan = fp.draft_plan(patient, therapist)
    plan.diagnoses = []
    db.session.commit()
    path = f"/plans/{plan.id}/sign"
    response = logged_in.post(path, data={"csrf_token": csrf(path)})
    assert response.status_code == 422
    assert "Add at least one diagnosis" in response.get_data(as_text=True)
    assert db.session.get(PlanOfCare, plan.id).status == "draft"


# ------------------------------------------------------------------ bug 4: never a hidden duplicate draft


def test_new_plan_with_an_active_plan_offers_the_revision_and_creates_nothing(
    logged_in, csrf, patient, therapist
):
    active = fp.active_plan(patient, therapist)
    before = _plans(patient)
    page = logged_in.get(f"/patients/{patient.id}/plans/new", follow_redirects=True).get_data(as_text=True)
    assert "Revise the plan" in page and f"/plans/{active.id}/revise" in page
    path = f"/patients/{patient.id}/plans/new"
    response = logged_in.post(
        path,
        data={
            "csrf_token": csrf(f"/plans/{active.id}"),
            "title": "Second plan",
            "diagnoses": "M54.41 Lumbago",
            "frequency_per_week": "2",
            "duration_weeks": "6",
            "start_date": date.today().isoformat(),
        },
    )
    assert response.status_code == 302 and response.location.endswith(f"/plans/{active.id}")
    assert _plans(patient) == before


def test_new_plan_with_a_draft_continues_the_draft(logged_in, patient, therapist):
    draft = fp.draft_plan(patient, therapist)
    response = logged_in.get(f"/patients/{patient.id}/plans/new")
    assert response.status_code == 302 and response.location.endswith(f"/plans/{draft.id}")


# ------------------------------------------------------------------ the next step where the therapist is


def test_signed_evaluation_page_offers_start_plan_of_care(logged_in, patient, therapist):
    evaluation = _signed_evaluation(patient, therapist)
    page = logged_in.get(f"/evaluations/{evaluation.id}").get_data(as_text=True)
    assert "Start plan of care" in page
    assert f"/patients/{patient.id}/plans/new?evaluation_id={evaluation.id}" in page


def test_signed_evaluation_page_offers_revise_when_a_plan_is_active(logged_in, patient, therapist):
    evaluation = _signed_evaluation(patient, therapist)
    active = fp.active_plan(patient, therapist)
    page = logged_in.get(f"/evaluations/{evaluation.id}").get_data(as_text=True)
    assert "Start plan of care" not in page
    assert "Revise the plan (new version)" in page and f'action="/plans/{active.id}/revise"' in page
    chart = logged_in.get(f"/patients/{patient.id}").get_data(as_text=True)
    assert "Revise the plan (new version)" in chart and "Start plan of care" not in chart


def test_revising_twice_from_the_evaluation_continues_one_draft(logged_in, csrf, patient, therapist):
    _signed_evaluation(patient, therapist)
    active = fp.active_plan(patient, therapist)
    path = f"/plans/{active.id}/revise"
    first = logged_in.post(path, data={"csrf_token": csrf(f"/plans/{active.id}")})
    second = logged_in.post(path, data={"csrf_token": csrf(f"/plans/{active.id}")})
    assert first.location == second.location
    drafts = db.session.scalar(
        select(func.count(PlanOfCare.id)).where(
            PlanOfCare.patient_id == patient.id, PlanOfCare.status == "draft"
        )
    )
    assert drafts == 1


# ------------------------------------------------------------------ after signing: print on the same page


def test_signing_a_plan_offers_the_print_buttons_including_large_print(logged_in, csrf, patient, therapist):
    plan = fp.draft_plan(patient, therapist)
    path = f"/plans/{plan.id}/sign"
    response = logged_in.post(path, data={"csrf_token": csrf(path)}, follow_redirects=True)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Print the home plan?" in page
    assert f"/patients/{patient.id}/home-plan.pdf" in page
    assert f"/patients/{patient.id}/home-plan.pdf?large_print=1" in page
    assert f"/plans/{plan.id}/plan-of-care.pdf" in page


# ------------------------------------------------------------------ the evaluation form discloses progressively


def test_new_evaluation_form_keeps_range_of_motion_and_neuro_screen_closed(logged_in, patient):
    page = logged_in.get(f"/patients/{patient.id}/evaluations/new").get_data(as_text=True)
    assert '<details class="border rounded p-2 mb-3" id="rom" >' in page
    assert '<details class="border rounded p-2 mb-3" id="neuro" >' in page
    assert page.count("data-spare-row") >= 1 and 'id="add-trigger-row"' in page
    assert 'id="odi-live"' in page  # the live score stays in view
    assert "data-focus-first" in page


def test_an_evaluation_with_range_of_motion_opens_that_section(logged_in, patient, therapist):
    from ptplan.evaluations.vocab import LUMBAR_ROM

    data = {"date_of_service": date.today(), "chief_complaint": "Sciatica", next(iter(LUMBAR_ROM)): 60}
    evaluation = evaluation_services.create_evaluation(patient, therapist, "initial", data, sign=False)
    db.session.commit()
    page = logged_in.get(f"/evaluations/{evaluation.id}/edit").get_data(as_text=True)
    assert '<details class="border rounded p-2 mb-3" id="rom" open>' in page


# ------------------------------------------------------------------ several library exercises in one step


def test_several_library_exercises_arrive_in_one_step_with_default_dosage(
    logged_in, csrf, patient, therapist
):
    from ptplan.library.models import Exercise

    plan = fp.draft_plan(patient, therapist)  # already holds the supine piriformis stretch
    path = f"/plans/{plan.id}/exercises"
    page = logged_in.get(path).get_data(as_text=True)
    assert 'id="exercise-search"' in page and 'id="exercise-region"' in page
    tags = db.session.scalars(select(Exercise.region_tags).where(Exercise.clinic_id == patient.clinic_id))
    regions = {code for codes in tags for code in codes}
    assert regions
    for region in regions:  # the filter's options are the library's own body-region tags
        assert f'<option value="{region}"' in page
    assert "<svg" in page  # illustration preview
    picks = db.session.scalars(
        select(Exercise)
        .where(Exercise.clinic_id == patient.clinic_id, Exercise.slug != "piriformis-stretch-supine")
        .order_by(Exercise.name)
        .limit(2)
    ).all()
    goal = plan.goals[0]
    response = logged_in.post(
        path,
        data={
            "csrf_token": csrf(path),
            "exercise_ids": [str(e.id) for e in picks],
            "goal_ids": [str(goal.id)],
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    plan = db.session.get(PlanOfCare, plan.id)
    added = {i.exercise_id: i for i in plan.interventions_of("home_exercise")}
    for exercise in picks:
        item = added[exercise.id]
        assert item.params["sets"] == exercise.default_sets and item.params["reps"] == exercise.default_reps
        assert [g.id for g in item.goals] == [goal.id] and item.cpt_code == "97110"


def test_exercise_search_and_region_filter_narrow_the_list_on_the_server(logged_in, patient, therapist):
    from ptplan.library.models import Exercise

    plan = fp.draft_plan(patient, therapist)
    some = db.session.scalars(select(Exercise).where(Exercise.clinic_id == patient.clinic_id)).all()
    region = sorted({code for e in some for code in e.region_tags})[0]
    page = logged_in.get(f"/plans/{plan.id}/exercises?region={region}").get_data(as_text=True)
    hidden = 0
    for e in some:
        if e.slug == "piriformis-stretch-supine":
            continue
        row_start = page.index(f'value="{e.id}" id="exercise_ids-{e.id}"')
        row = page[page.rindex("<li", 0, row_start) : row_start]
        assert ("hidden" in row) == (region not in e.region_tags), e.name
        hidden += "hidden" in row
    assert 0 < hidden < len(some) - 1


def test_ticking_nothing_is_refused_next_to_the_list(logged_in, csrf, patient, therapist):
    plan = fp.draft_plan(patient, therapist)
    path = f"/plans/{plan.id}/exercises"
    before = len(plan.interventions)
    response = logged_in.post(path, data={"csrf_token": csrf(path), "goal_ids": [str(plan.goals[0].id)]})
    assert response.status_code == 422 and "Tick at least one exercise" in response.get_data(as_text=True)
    db.session.expire_all()
    assert len(db.session.get(PlanOfCare, plan.id).interventions) == before


# ------------------------------------------------------------------ dry-needling screening and consent inline


def _dn_post(plan, **extra):
    from ptplan.library.models import Muscle

    muscle = fl.by_slug(Muscle, plan.clinic_id, "piriformis")
    data = {
        "muscles-0-muscle_id": str(muscle.id),
        "muscles-0-side": "right",
        "technique": "static",
        "frequency": "Once a week",
        "rationale": "Trigger points reproduce the leg pain.",
        "goal_ids": str(plan.goals[0].id),
    }
    data.update(extra)
    return data


def test_dry_needling_screening_and_consent_inline_are_prefilled_from_the_chart(
    logged_in, make_patient, therapist
):
    from ptplan.patients.models import PatientPrecaution

    patient = make_patient(therapist=therapist, precautions=[PatientPrecaution(code="anticoagulants")])
    plan = fp.draft_plan(patient, therapist)
    page = logged_in.get(f"/plans/{plan.id}/interventions/new?kind=dry_needling").get_data(as_text=True)
    assert 'id="inline-screening"' in page and 'id="inline-consent"' in page
    assert f'value="{patient.full_name}"' in page  # the signature name
    assert '<input checked class="form-check-input" id="screening-rel_bleeding"' in page  # anticoagulants


def test_adding_dry_needling_signs_the_inline_screening_and_consent(logged_in, csrf, patient, therapist):
    from ptplan.dry_needling import services as safety

    plan = fp.draft_plan(patient, therapist)
    today = therapist.clinic.today().isoformat()
    path = f"/plans/{plan.id}/interventions/new?kind=dry_needling"
    data = _dn_post(
        plan,
        record_safety="y",
        **{
            "screening-screened_on": today,
            "consent-consented_on": today,
            "consent-patient_signature_name": patient.full_name,
            "consent-witness_name": "Front desk",
            "consent-copy_given": "y",
        },
    )
    response = logged_in.post(path, data={"csrf_token": csrf(path), **data})
    assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
    assert safety.dry_needling_clearance(patient.id) == (True, [])
    assert services.sign_blockers(db.session.get(PlanOfCare, plan.id)) == []


def test_an_incomplete_inline_consent_saves_nothing_and_says_why_by_the_field(
    logged_in, csrf, patient, therapist
):
    from ptplan.dry_needling import services as safety

    plan = fp.draft_plan(patient, therapist)
    today = therapist.clinic.today().isoformat()
    path = f"/plans/{plan.id}/interventions/new?kind=dry_needling"
    before = len(plan.interventions)
    data = _dn_post(
        plan,
        record_safety="y",
        **{
            "screening-screened_on": today,
            "consent-consented_on": today,
            "consent-patient_signature_name": patient.full_name,
            "consent-witness_name": "",
        },
    )
    response = logged_in.post(path, data={"csrf_token": csrf(path), **data})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="consent-witness_name-error"' in page and 'id="consent-copy_given-error"' in page
    db.session.expire_all()
    assert len(db.session.get(PlanOfCare, plan.id).interventions) == before
    assert safety.latest_screening(patient.id) is None and safety.latest_consent(patient.id) is None


def test_the_plan_builders_dry_needling_section_signs_screening_and_consent_in_place(
    logged_in, csrf, patient, therapist
):
    from ptplan.dry_needling import services as safety

    plan = fp.draft_plan(patient, therapist, with_dn=True)
    page = logged_in.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert f'action="/plans/{plan.id}/dry-needling-safety"' in page and 'id="inline-consent"' in page
    today = therapist.clinic.today().isoformat()
    path = f"/plans/{plan.id}/dry-needling-safety"
    incomplete = {"csrf_token": csrf(f"/plans/{plan.id}"), "screening-screened_on": today}
    response = logged_in.post(path, data=incomplete)
    assert response.status_code == 422 and 'id="consent-witness_name-error"' in response.get_data(
        as_text=True
    )
    assert safety.latest_screening(patient.id) is None  # nothing saved
    complete = {
        **incomplete,
        "consent-consented_on": today,
        "consent-patient_signature_name": patient.full_name,
        "consent-witness_name": "Front desk",
        "consent-copy_given": "y",
    }
    response = logged_in.post(path, data=complete)
    assert response.status_code == 302 and response.location.endswith(f"/plans/{plan.id}#dry-needling")
    assert safety.dry_needling_clearance(patient.id) == (True, [])


def test_marked_fields_name_rows_of_a_table_by_number(app):
    from wtforms import FieldList, Form, FormField, StringField
    from wtforms.validators import InputRequired

    from ptplan.forms import marked_fields

    class Row(Form):
        code = StringField("Code", validators=[InputRequired(message="Enter a code.")])

    class Outer(Form):
        title = StringField("Title", validators=[InputRequired(message="Enter a title.")])
        diagnoses = FieldList(FormField(Row), label="Diagnosis", min_entries=2)

    form = Outer()
    form.validate()
    assert marked_fields(form) == [
        ("title", "Title", "Enter a title."),
        ("diagnoses-0-code", "Diagnosis 1: Code", "Enter a code."),
        ("diagnoses-1-code", "Diagnosis 2: Code", "Enter a code."),
    ]
