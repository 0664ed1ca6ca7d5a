"""The patient chart's statement count: the same for a short and a long history, and <= 15.

The chart is the busiest page a therapist opens. Each section provider keeps a fixed number of
statements, and the providers share what they all need (the active plan, the lineage's visit
figures, the outcome scores) once per request, so the whole page costs the same whatever the
number of notes, evaluations, scores, goals and interventions.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ptplan.db import utcnow
from ptplan.extensions import db
from ptplan.plans import services as plan_services
from tests.factories import plans as fp
from tests.factories.sessions import make_note

CHART_BUDGET = 10


def _notes(patient, plan, therapist, count: int, *, unsigned: int = 0) -> None:
    """``count`` billed notes from the plan's start (every 10th a progress note), the last
    ``unsigned`` of them unsigned, written and signed now."""
    assert plan.patient_id == patient.id
    now = utcnow()
    for n in range(count):
        make_note(
            plan,
            therapist,
            plan.start_date + timedelta(days=n),
            n + 1,
            kind="progress" if (n + 1) % 10 == 0 else "daily",
            signed=n < count - unsigned,
            created_at=now,
            signed_at=now,
            billing=(("97110", 30, 2),),
        )
    db.session.commit()


@pytest.fixture()
def two_patients(make_clinic, make_user, make_patient, make_evaluation):
    """One patient with almost nothing, one with a long history of everything the chart shows."""
    clinic = make_clinic()
    therapist = make_user("therapist", clinic=clinic)
    manager = make_user("manager", clinic=clinic)
    few = make_patient(clinic=clinic, therapist=therapist)
    many = make_patient(clinic=clinic, therapist=therapist)

    make_evaluation(few, therapist)
    small = fp.active_plan(few, therapist)
    _notes(few, small, therapist, 1)

    for weeks in (8, 4, 1):
        make_evaluation(
            many,
            therapist,
            {"odi": 30.0 + weeks, "nprs": 3.0 + weeks / 4},
            on=date.today() - timedelta(weeks=weeks),
        )
    big = fp.draft_plan(many, therapist, with_dn=True, start=date.today() - timedelta(days=35))
    for code in ("nprs", "psfs"):
        goal = fp.add_goal(big, code, baseline=5, target=2 if code == "nprs" else 8)
        for slug in ("cat-camel", "bird-dog", "glute-bridge"):
            fp.add_home_exercise(big, goal, slug)
    fp.clear_for_dry_needling(many, therapist)
    plan_services.sign_plan(big, therapist, today=date.today())
    db.session.commit()
    _notes(many, big, therapist, 25, unsigned=3)
    fp.draft_plan(many, therapist)  # a draft next to the active plan
    return therapist, manager, few, many


@pytest.mark.parametrize("role", ["therapist", "manager"])
def test_chart_statements_do_not_grow_with_the_history(client, login, count_queries, two_patients, role):
    therapist, manager, few, many = two_patients
    few_url, many_url = f"/patients/{few.id}", f"/patients/{many.id}"  # not inside the counts
    login(therapist if role == "therapist" else manager)
    client.get(few_url)  # warm-up (session's last-seen write)
    with count_queries() as q_few:
        page_few = client.get(few_url)
    with count_queries() as q_many:
        page_many = client.get(many_url)
    assert page_few.status_code == page_many.status_code == 200
    html = page_many.get_data(as_text=True)
    # the long history is really on the page: goals, notes, evaluations, DN clearance, alerts
    assert "NPRS to 2" in html and "PSFS to 8" in html
    assert html.count("/notes/") >= 25
    assert "DN consent &amp; screening on file" in html
    assert "Unsigned" in html
    assert q_few.count == q_many.count, (q_few.statements, q_many.statements)
    assert q_many.count <= CHART_BUDGET, q_many.statements


def test_chart_loads_the_active_plan_once(client, login, count_queries, two_patients):
    therapist, _manager, _few, many = two_patients
    url = f"/patients/{many.id}"
    login(therapist)
    client.get(url)
    with count_queries() as q:
        client.get(url)
    # A statement that reads whole plan rows (the document list reads a few plan columns too).
    plan_loads = [
        s for s in q.statements if s.lstrip().startswith("SELECT") and "plan_of_care.cert_end_date" in s
    ]
    assert len(plan_loads) == 1, plan_loads
    unsigned = [s for s in q.statements if "signed_at IS NULL" in s]
    assert len(unsigned) == 1
