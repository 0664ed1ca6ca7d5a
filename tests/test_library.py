"""Clinic libraries: seeding, illustrations, custom exercises, photos, archiving, permissions."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from ptplan.demo.pdf_samples import sample_logo
from ptplan.extensions import db
from ptplan.files.models import StoredFile
from ptplan.files.services import clean_image
from ptplan.illustrations import to_svg
from ptplan.library.models import Exercise, ManualTechnique, Muscle
from ptplan.library.poses import pose_from_dict, pose_to_dict
from ptplan.plans.templates import seed_clinic
from tests.factories import library as fl
from tests.factories import plans as fp

PNG = sample_logo()  # a real image: uploads are decoded in full


@pytest.fixture()
def manager(make_user, therapist):
    return make_user("manager", clinic=therapist.clinic)


def _count(model, clinic_id):
    return db.session.scalar(select(func.count(model.id)).where(model.clinic_id == clinic_id))


def _exercise_form(csrf, **overrides):
    data = {
        "csrf_token": csrf("/library/exercises/new"),
        "name": "Wall slide",
        "region": "lower back",
        "region_tags": ["lumbar", "knee"],
        "equipment": ["wall"],
        "purpose": "Gentle movement",
        "steps": "Stand with your back to a wall.\nSlide down a little.\nSlide back up.",
        "cautions": "you feel sharp pain",
        "default_sets": "2",
        "default_reps": "10",
        "default_hold_seconds": "0",
        "default_times_per_day": "1",
        "default_days_per_week": "7",
        "default_side": "none",
        "pose_from": "",
    }
    data.update(overrides)
    return data


def test_seeding_is_idempotent_and_big_enough(make_clinic):
    clinic = make_clinic()
    added = seed_clinic(clinic)
    assert added["exercises"] >= 120 and added["muscles"] >= 70 and added["techniques"] >= 30
    assert added["templates"] >= 10
    assert seed_clinic(clinic) == {"exercises": 0, "muscles": 0, "techniques": 0, "templates": 0}
    exercise = db.session.scalar(
        select(Exercise).where(Exercise.clinic_id == clinic.id, Exercise.slug == "cat-camel")
    )
    assert exercise.is_builtin and exercise.steps and exercise.cautions and exercise.pose
    graded = db.session.scalar(
        select(ManualTechnique).where(ManualTechnique.grade_applies.is_(True)).limit(1)
    )
    assert graded is not None


def test_pose_round_trips_to_the_same_svg():
    from ptplan.catalogue import EXERCISES

    for item in EXERCISES:
        again = pose_from_dict(pose_to_dict(item.pose))
        assert to_svg(again, title="t", element_id="x") == to_svg(item.pose, title="t", element_id="x")
    with pytest.raises(ValueError):
        pose_from_dict({"format": 1, "frames": [{"joints": {}, "near_side": "right"}]})


def test_library_page_seeds_lazily_and_shows_inline_svg(client, login, therapist):
    login(therapist)
    assert _count(Exercise, therapist.clinic_id) == 0
    html = client.get("/library").get_data(as_text=True)
    assert _count(Exercise, therapist.clinic_id) >= 15
    assert html.count("<svg") >= 15 and 'role="img"' in html
    assert "Piriformis" in html and "New exercise" not in html  # therapists read, managers manage


def test_manager_adds_a_custom_exercise_reusing_a_builtin_pose(client, login, manager, csrf):
    fl.libraries(manager.clinic)
    source = fl.by_slug(Exercise, manager.clinic_id, "glute-bridge")
    login(manager)
    response = client.post(
        "/library/exercises/new", data=_exercise_form(csrf, name="<b>Bridge</b> x", pose_from=str(source.id))
    )
    assert response.status_code == 302
    custom = db.session.scalar(select(Exercise).where(Exercise.slug.like("custom-%")))
    assert (
        custom.pose == source.pose
        and not custom.is_builtin
        and custom.steps[0] == "Stand with your back to a wall."
    )
    html = client.get("/library").get_data(as_text=True)
    assert "&lt;b&gt;Bridge&lt;/b&gt; x" in html and "<b>Bridge</b>" not in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("default_sets", "0", "Sets must be between 1 and 10"),
        ("default_reps", "500", "Repetitions must be between 1 and 100"),
        ("default_hold_seconds", "301", "between 0 and 300 seconds"),
        ("steps", "", "Enter steps"),
    ],
)
def test_bad_library_input_is_refused(client, login, manager, csrf, field, value, message):
    login(manager)
    fl.libraries(manager.clinic)
    before = _count(Exercise, manager.clinic_id)
    response = client.post("/library/exercises/new", data=_exercise_form(csrf, **{field: value}))
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert _count(Exercise, manager.clinic_id) == before


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("evil.png", b"<html><script>alert(1)</script></html>", "PNG or JPEG"),
        (
            "pose.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "PNG or JPEG",
        ),
        ("big.png", PNG + b"\x00" * 4096, "The image is larger than"),
        ("cut.png", PNG[: len(PNG) // 2], "damaged or incomplete"),
        ("../../etc/passwd.png", PNG, "must not contain folders"),
    ],
)
def test_bad_uploads_are_refused(client, login, manager, csrf, filename, content, message, monkeypatch):
    # A small cap keeps the test in memory; the real cap (5 MB) is the same code path.
    monkeypatch.setattr("ptplan.library.services.MAX_IMAGE_BYTES", len(PNG) + 16)
    login(manager)
    data = _exercise_form(csrf)
    data["photo"] = (io.BytesIO(content), filename)
    response = client.post("/library/exercises/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(StoredFile.id))) == 0
    assert db.session.scalar(select(func.count(Exercise.id)).where(Exercise.slug.like("custom-%"))) == 0


def test_photo_upload_is_served_inline_clinic_checked_and_uncached(client, login, manager, csrf, make_user):
    login(manager)
    data = _exercise_form(csrf)
    data["photo"] = (io.BytesIO(PNG), "bridge.png")
    assert (
        client.post("/library/exercises/new", data=data, content_type="multipart/form-data").status_code
        == 302
    )
    exercise = db.session.scalar(select(Exercise).where(Exercise.slug.like("custom-%")))
    response = client.get(f"/library/exercises/{exercise.id}/photo")
    # The stored file is the re-encoded image (same pixels, no metadata), not the uploaded bytes.
    assert response.status_code == 200 and response.data == clean_image(PNG)[1]
    assert response.mimetype == "image/png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"] == "inline"
    client.post("/logout", data={"csrf_token": csrf("/library")})
    login(make_user("therapist"))  # another clinic
    assert client.get(f"/library/exercises/{exercise.id}/photo").status_code == 404


def test_archive_hides_from_the_builder_but_keeps_the_row(
    client, login, manager, therapist, csrf, make_patient
):
    fl.libraries(manager.clinic)
    exercise = fl.by_slug(Exercise, manager.clinic_id, "bird-dog")
    login(manager)
    response = client.post(
        f"/library/exercises/{exercise.id}/archive", data={"csrf_token": csrf("/library"), "archive": "1"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Exercise, exercise.id).is_archived
    client.post("/logout", data={"csrf_token": csrf("/library")})
    plan = fp.draft_plan(make_patient(therapist=therapist), therapist)
    login(therapist)
    html = client.get(f"/plans/{plan.id}/interventions/new?kind=home_exercise").get_data(as_text=True)
    assert "Bird-dog" not in html and "bird dog" not in html.lower()


def test_therapist_cannot_manage_the_library(client, login, therapist, csrf):
    fl.libraries(therapist.clinic)
    muscle = fl.by_slug(Muscle, therapist.clinic_id, "piriformis")
    login(therapist)
    assert client.get("/library/exercises/new").status_code == 403
    assert (
        client.post(
            f"/library/muscles/{muscle.id}/archive", data={"csrf_token": csrf("/library")}
        ).status_code
        == 403
    )
    assert not db.session.get(Muscle, muscle.id).is_archived


def test_manager_edits_muscles_and_techniques(client, login, manager, csrf):
    login(manager)
    assert (
        client.post(
            "/library/muscles/new",
            data={
                "csrf_token": csrf("/library"),
                "name": "Tibialis posterior",
                "region": "leg",
                "has_laterality": "y",
            },
        ).status_code
        == 302
    )
    assert db.session.scalar(select(Muscle).where(Muscle.name == "Tibialis posterior")).has_laterality
    bad = client.post(
        "/library/techniques/new",
        data={"csrf_token": csrf("/library"), "name": "Cupping", "default_minutes": "90"},
    )
    assert bad.status_code == 422 and "between 1 and 60" in bad.get_data(as_text=True)
    assert (
        client.post(
            "/library/techniques/new",
            data={"csrf_token": csrf("/library"), "name": "Cupping", "default_minutes": "10"},
        ).status_code
        == 302
    )


def test_the_real_image_cap_is_five_megabytes():
    from ptplan.files.services import UploadError
    from ptplan.library.services import check_image

    check_image(PNG + b"\x00" * (4 * 1024 * 1024))
    with pytest.raises(UploadError, match="larger than 5 MB"):
        check_image(PNG + b"\x00" * (5 * 1024 * 1024))
