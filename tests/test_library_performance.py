"""The library stays fast with 120+ exercises: a fixed number of statements for the exercise
picker and the library page, and each pose drawn once per process."""

from __future__ import annotations

from sqlalchemy import delete, select

from ptplan.extensions import db
from ptplan.library import poses
from ptplan.library.models import Exercise
from tests.factories import library as fl
from tests.factories import plans as fp


def _statements(client, path, count_queries) -> int:
    with count_queries() as queries:
        response = client.get(path)
    assert response.status_code == 200
    return queries.count


def test_exercise_picker_statements_do_not_grow_with_the_library(
    client, login, make_patient, therapist, count_queries
):
    patient = make_patient(clinic=therapist.clinic, therapist=therapist)
    plan = fp.draft_plan(patient, therapist)
    login(therapist)
    path = f"/plans/{plan.id}/interventions/new?kind=home_exercise"
    full = _statements(client, path, count_queries)
    assert (
        len(db.session.scalars(select(Exercise.id).where(Exercise.clinic_id == therapist.clinic_id)).all())
        >= 120
    )
    used = {i.exercise_id for i in plan.interventions if i.exercise_id}
    # Back to a small library (the picker's size before the regional exercises).
    keep = set(
        list(db.session.scalars(select(Exercise.id).where(Exercise.clinic_id == therapist.clinic_id)))[:17]
    )
    db.session.execute(
        delete(Exercise).where(Exercise.clinic_id == therapist.clinic_id, Exercise.id.not_in(used | keep))
    )
    db.session.commit()
    small = _statements(client, path, count_queries)
    assert full == small


def test_library_page_statements_do_not_grow_and_poses_are_cached(client, login, make_user, count_queries):
    manager = make_user("manager")
    fl.libraries(manager.clinic)
    login(manager)
    poses._cached_svg.cache_clear()
    first = _statements(client, "/library", count_queries)
    drawn = poses._cached_svg.cache_info()
    assert drawn.misses >= 120
    second = _statements(client, "/library", count_queries)
    again = poses._cached_svg.cache_info()
    assert again.misses == drawn.misses and again.hits >= 120
    assert first == second
