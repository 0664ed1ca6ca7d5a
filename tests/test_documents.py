"""The home plan from real records: content in reading order, validity, privacy, queries."""

from __future__ import annotations

import re
import subprocess
from datetime import date, timedelta

import pytest

from ptplan.demo.clinic import seed_demo
from ptplan.demo.pdf_samples import sample_logo
from ptplan.documents import wording
from ptplan.documents.home_plan import (
    NoActivePlan,
    exercise_item,
    load_rows,
    patient_home_plan_doc,
    render_home_plans,
)
from ptplan.documents.services import home_plan_pdf
from ptplan.extensions import db
from ptplan.files.services import store_image
from ptplan.pdf.markup import dosage_rows
from ptplan.plans import kinds
from ptplan.plans.services import active_plan
from tests.factories.documents import (
    CODE_PATTERNS,
    HOSTILE,
    PDFTOPPM,
    assert_in_order,
    check_pdf,
    demo_patient,
    words,
)
from tests.factories.plans import make_plan


@pytest.fixture()
def demo(app):
    return seed_demo()


def dosage_text(params: dict) -> str:
    return dosage_rows(
        params["sets"],
        params["reps"],
        params["hold_seconds"],
        params["times_per_day"],
        params["days_per_week"],
        params["side"],
    )[0][1]


def test_demo_plan_prints_every_goal_intervention_and_exercise_in_reading_order(demo, tmp_path):
    patient = demo_patient(demo)
    plan = active_plan(patient.id)
    exercises = plan.interventions_of("home_exercise")
    assert len(exercises) == 4  # the showcase plan the bench measures
    pdf = home_plan_pdf(patient, demo.clinic)
    reader = check_pdf(pdf.data, tmp_path)
    assert 1 <= len(reader.pages) <= 4
    text = words(reader)
    expected = [patient.full_name, "Dana Reyes, PT, DPT", "Your goals"]
    expected += [g.patient_wording for g in plan.goals]
    expected += [
        "Your treatment in the clinic",
        "Dry needling",
        "Deep buttock muscle (piriformis, right side)",
    ]
    expected += ["Hands-on treatment", "Gentle joint movements for your lower back", "Nerve glides"]
    expected.append("Your home exercises")
    for intervention in exercises:
        expected += [
            intervention.exercise.name,
            dosage_text(intervention.params),
            intervention.exercise.steps[0],
        ]
    expected += ["Your week", "Your progress", "Call us or seek urgent care if"]
    assert_in_order(text, expected)
    assert demo.clinic.phone in text


def test_home_plan_carries_no_codes_diagnosis_or_mrn(demo, tmp_path):
    patient = demo_patient(demo)
    text = words(check_pdf(home_plan_pdf(patient, demo.clinic).data, tmp_path))
    for pattern in CODE_PATTERNS:
        assert not re.search(pattern, text), pattern
    assert patient.mrn not in text
    assert "Lumbago" not in text and "Medicare" not in text


def test_large_print_has_the_same_content(demo, tmp_path):
    patient = demo_patient(demo)
    normal = words(check_pdf(home_plan_pdf(patient, demo.clinic).data, tmp_path))
    large_pdf = home_plan_pdf(patient, demo.clinic, large_print=True)
    large = words(check_pdf(large_pdf.data, tmp_path))
    plan = active_plan(patient.id)
    for intervention in plan.interventions_of("home_exercise"):
        phrases = [intervention.exercise.name, dosage_text(intervention.params), *intervention.exercise.steps]
        assert_in_order(normal, phrases)
        assert_in_order(large, phrases)
    for goal in plan.goals:
        assert goal.patient_wording in large
    assert "large print" in large_pdf.filename


@pytest.mark.skipif(PDFTOPPM is None, reason="pdftoppm (poppler-utils) is not installed")
def test_page_one_renders_to_an_image(demo, tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_bytes(home_plan_pdf(demo_patient(demo), demo.clinic).data)
    subprocess.run(
        [PDFTOPPM, "-png", "-r", "40", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")], check=True
    )
    image = next(tmp_path.glob("page*.png")).read_bytes()
    assert image.startswith(b"\x89PNG") and len(image) > 2000


def test_letter_or_a4_follows_the_clinic_setting(demo, tmp_path):
    patient = demo_patient(demo)
    assert demo.clinic.page_size == "LETTER"
    letter = check_pdf(home_plan_pdf(patient, demo.clinic).data, tmp_path)
    assert round(float(letter.pages[0].mediabox.width)) == 612
    demo.clinic.page_size = "A4"
    db.session.commit()
    a4 = check_pdf(home_plan_pdf(patient, demo.clinic).data, tmp_path)
    assert round(float(a4.pages[0].mediabox.width)) == 595


def _hostile_plan(make_clinic, make_user, make_patient, **plan_options):
    clinic = make_clinic(phone="")
    therapist = make_user("therapist", clinic=clinic, full_name="Łucja Ñúñez-O'Brien")
    patient = make_patient(
        clinic=clinic, therapist=therapist, first_name="Zoë", last_name="Łukasiewicz-Núñez"
    )
    goals = [
        {"description": text, "patient_wording": f"Goal {n}: {text}", "term": "long"}
        for n, text in enumerate(HOSTILE)
    ]
    plan = make_plan(patient, therapist, goals=goals, signed=False, **plan_options)
    return clinic, patient, plan


def test_unicode_names_and_markup_print_literally(make_clinic, make_user, make_patient, tmp_path):
    clinic, patient, plan = _hostile_plan(make_clinic, make_user, make_patient)
    first = plan.interventions_of("home_exercise")[0]
    first.params = {**first.params, "patient_notes": "Notes: <b>x</b> & <script>y</script> <para>"}
    db.session.commit()
    text = words(check_pdf(home_plan_pdf(patient, clinic).data, tmp_path))
    assert "Zoë Łukasiewicz-Núñez" in text and "Łucja Ñúñez-O'Brien, PT, DPT" in text
    for n, hostile in enumerate(HOSTILE):
        assert f"Goal {n}: {hostile}" in text
    assert "Notes: <b>x</b> & <script>y</script> <para>" in text
    assert "the clinic's main number" in text  # no phone on file: a sentence that still reads


def test_long_text_and_a_plan_without_exercises_or_goals_still_print(
    make_clinic, make_user, make_patient, tmp_path
):
    clinic = make_clinic()
    therapist = make_user("therapist", clinic=clinic)
    patient = make_patient(clinic=clinic, therapist=therapist)
    make_plan(patient, therapist, exercises=0, manual=False, goals=[])
    reader = check_pdf(home_plan_pdf(patient, clinic).data, tmp_path)
    text = words(reader)
    assert "Your home exercises" not in text and "Your goals" not in text and "Your week" not in text
    assert "Call us or seek urgent care if" in text

    other = make_patient(clinic=clinic, therapist=therapist)
    long_goal = "Walk to the park and back " * 15  # the 400-character column, filled
    plan = make_plan(
        other,
        therapist,
        exercises=1,
        goals=[{"description": "x", "patient_wording": long_goal}],
        signed=False,
    )
    item = plan.interventions_of("home_exercise")[0]
    item.params = {**item.params, "patient_notes": "Keep going. " * 300}
    db.session.commit()
    reader = check_pdf(home_plan_pdf(other, clinic).data, tmp_path)
    assert len(reader.pages) >= 2
    assert "Keep going. Keep going." in words(reader)


def test_no_active_plan_is_refused_with_a_message(make_clinic, make_user, make_patient):
    clinic = make_clinic()
    patient = make_patient(clinic=clinic)
    with pytest.raises(NoActivePlan, match="no active plan of care"):
        patient_home_plan_doc(patient, clinic)


def test_plan_dosage_overrides_library_defaults(make_clinic, make_user, make_patient):
    clinic = make_clinic()
    therapist = make_user("therapist", clinic=clinic)
    patient = make_patient(clinic=clinic, therapist=therapist)
    plan = make_plan(patient, therapist, exercises=2, signed=False)
    first, second = plan.interventions_of("home_exercise")
    first.params = {**first.params, "sets": 3, "reps": 12, "hold_seconds": 0, "side": "left"}
    second.params = {"exercise": "Stretch 2"}  # nothing set by the plan: the library decides
    second.exercise.default_sets, second.exercise.default_reps = 4, 6
    second.exercise.default_side = "right"
    db.session.commit()
    a, b = (exercise_item(i, {}) for i in plan.interventions_of("home_exercise"))
    assert (a.sets, a.reps, a.hold_seconds, a.side) == (3, 12, 0, "left")
    assert (b.sets, b.reps, b.side) == (4, 6, "right")


def test_uploaded_photo_replaces_the_drawing_and_logo_prints(make_clinic, make_user, make_patient, tmp_path):
    clinic = make_clinic()
    therapist = make_user("therapist", clinic=clinic)
    patient = make_patient(clinic=clinic, therapist=therapist)
    plan = make_plan(patient, therapist, exercises=1)
    photo = store_image(sample_logo(), clinic_id=clinic.id, user_id=therapist.id)
    plan.interventions_of("home_exercise")[0].exercise.photo_file_id = photo.id
    clinic.logo_file_id = photo.id
    db.session.commit()
    doc, _ = patient_home_plan_doc(patient, clinic)
    stored = photo.content  # the re-encoded upload
    assert doc.exercises[0].photo == stored and doc.clinic.logo == stored
    check_pdf(home_plan_pdf(patient, clinic).data, tmp_path)


def test_progress_chart_uses_signed_nprs_and_odi_of_this_episode(
    make_clinic, make_user, make_patient, make_score
):
    clinic = make_clinic()
    therapist = make_user("therapist", clinic=clinic)
    patient = make_patient(clinic=clinic, therapist=therapist)
    start = date.today() - timedelta(days=14)
    make_plan(patient, therapist, start=start)
    make_score(patient, "nprs", 9, start - timedelta(days=400))  # an earlier episode
    draft = make_score(patient, "nprs", 8, start + timedelta(days=1))  # draft evaluation: not printed
    assert draft.evaluation.signed_at is None
    doc, _ = patient_home_plan_doc(patient, clinic)
    assert doc.progress == ()
    from ptplan.records.services import sign

    sign(draft.evaluation, therapist, record_type="evaluation", category="evaluation", patient_id=patient.id)
    make_score(patient, "odi", 40, start + timedelta(days=1), evaluation=draft.evaluation)
    db.session.commit()
    doc, _ = patient_home_plan_doc(patient, clinic)
    assert [(p.recorded_on, p.nprs, p.odi) for p in doc.progress] == [(start + timedelta(days=1), 8, 40)]


def test_building_the_home_plan_costs_the_same_queries_for_2_or_6_exercises(
    make_clinic, make_user, make_patient, count_queries, make_score
):
    clinic = make_clinic()
    therapist = make_user("therapist", clinic=clinic)
    counts = {}
    for exercises in (2, 6):
        patient = make_patient(clinic=clinic, therapist=therapist)
        goals = [{"description": f"Goal {n}", "patient_wording": ""} for n in range(exercises)]
        plan = make_plan(patient, therapist, exercises=exercises, goals=goals, signed=False)
        photo = store_image(sample_logo(), clinic_id=clinic.id, user_id=therapist.id)
        for intervention in plan.interventions_of("home_exercise"):
            intervention.exercise.photo_file_id = photo.id
        make_score(patient, "nprs", 6, date.today())
        db.session.commit()
        db.session.expire_all()
        assert patient.full_name and clinic.name  # reload outside the count, as a request has them
        with count_queries() as q:
            doc, _ = patient_home_plan_doc(patient, clinic)
        assert len(doc.exercises) == exercises and doc.exercises[-1].photo
        counts[exercises] = q.count
    assert counts[2] == counts[6] <= 6, counts


def test_batch_renders_each_plan_and_skips_patients_without_one(
    make_clinic, make_user, make_patient, tmp_path
):
    clinic = make_clinic()
    therapist = make_user("therapist", clinic=clinic)
    with_plan = [make_patient(clinic=clinic, therapist=therapist) for _ in range(3)]
    for patient in with_plan:
        make_plan(patient, therapist, exercises=1)
    without = make_patient(clinic=clinic, therapist=therapist)
    ids = [with_plan[0].id, without.id, with_plan[1].id, with_plan[2].id]
    pdfs = list(render_home_plans(ids))
    assert len(pdfs) == 3
    for data, patient in zip(pdfs, [with_plan[0], with_plan[1], with_plan[2]], strict=True):
        assert patient.full_name in words(check_pdf(data, tmp_path))


def test_load_rows_picks_the_newest_active_version(make_clinic, make_user, make_patient):
    clinic = make_clinic()
    therapist = make_user("therapist", clinic=clinic)
    patient = make_patient(clinic=clinic, therapist=therapist)
    make_plan(patient, therapist, exercises=1)
    newer = make_plan(patient, therapist, exercises=0, manual=False, signed=False)
    newer.version_number = 2
    db.session.commit()
    rows = load_rows([patient], {clinic.id: clinic})
    assert rows[patient.id].plan.id == newer.id


def test_manual_therapy_text_comes_from_the_technique_description(demo):
    patient = demo_patient(demo)
    doc, plan = patient_home_plan_doc(patient, demo.clinic)
    manual = plan.interventions_of("manual_therapy")[0]
    assert doc.manual_therapy[0].why == kinds.get("manual_therapy").patient_description(manual)
    assert manual.technique.patient_description in doc.manual_therapy[0].why
    assert doc.goals == tuple(
        wording.goal_wording(description=g.description, patient_wording=g.patient_wording) for g in plan.goals
    )
