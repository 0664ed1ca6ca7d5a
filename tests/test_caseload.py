"""Caseload dashboard: aggregates on a hand-built clinic, drill-down lists, scoping, query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from ptplan.audit.models import AuditEvent
from ptplan.caseload import lists, paging, services
from ptplan.caseload.metrics import UNASSIGNED, Scope
from ptplan.caseload.periods import week_of
from ptplan.db import utcnow
from ptplan.extensions import db
from ptplan.patients.models import Patient
from tests.factories.outcomes import AT_REEVALUATION, make_score
from tests.factories.plans import BARE_PLAN, make_plan
from tests.factories.sessions import visits


@pytest.fixture()
def clinic_data(make_clinic, make_user, make_patient, make_evaluation, make_note):
    """Two therapists, an unassigned patient and another clinic's noise (see module docstring)."""
    clinic = make_clinic()
    t1 = make_user("therapist", clinic=clinic, full_name="Avery Adams")
    t2 = make_user("therapist", clinic=clinic, full_name="Blake Brown")
    manager = make_user("manager", clinic=clinic)
    today = clinic.today()
    day = lambda n: today - timedelta(days=n)  # noqa: E731

    p1 = make_patient(clinic=clinic, therapist=t1, last_name="One")
    plan1 = make_plan(p1, t1, day(41), cert_end=today + timedelta(days=5), **BARE_PLAN)
    visits(plan1, t1, day(40), 10)
    make_note(plan1, t1, today, 11, dry_needling=True, adverse=True)
    for code, first, middle, last in (("nprs", 8, 5, 3), ("odi", 40, 38, 36)):
        make_score(p1, code, first, day(40), **AT_REEVALUATION)
        make_score(p1, code, middle, day(20), **AT_REEVALUATION)
        make_score(p1, code, last, today, **AT_REEVALUATION)

    p2 = make_patient(clinic=clinic, therapist=t1, last_name="Two")
    plan2 = make_plan(p2, t1, day(20), cert_end=day(1), physician_signed_on=day(15), **BARE_PLAN)
    make_evaluation(p2, t1, on=today, signed=False, commit=False)
    visits(plan2, t1, day(12), 4)
    make_note(plan2, t1, day(8), 5, kind="progress")
    visits(plan2, t1, day(7), 3, start_number=6)
    make_note(plan2, t1, day(4), 9, signed=False, created_at=utcnow() - timedelta(days=3))

    p3 = make_patient(clinic=clinic, therapist=t1, last_name="Three", status="discharged")
    plan3 = make_plan(p3, t1, day(11), status="completed", physician_signed_on=day(9), **BARE_PLAN)
    visits(plan3, t1, day(10), 3)
    make_note(plan3, t1, today, 4, kind="discharge")
    make_score(p3, "nprs", 6, day(10), **AT_REEVALUATION)
    make_score(p3, "nprs", 3, today, **AT_REEVALUATION)
    make_score(p3, "odi", 30, day(10), **AT_REEVALUATION)
    make_score(p3, "odi", 28, today, **AT_REEVALUATION)

    p4 = make_patient(clinic=clinic, therapist=t2, last_name="Four")
    plan4 = make_plan(
        p4, t2, day(3), cert_end=today + timedelta(days=60), physician_signed_on=day(2), **BARE_PLAN
    )
    make_note(plan4, t2, day(2), 1)
    make_note(plan4, t2, today, 2, dry_needling=True, adverse=True, urgent=True)
    make_note(plan4, t2, today, 3, signed=False, created_at=utcnow() - timedelta(hours=2))

    p5 = make_patient(clinic=clinic, therapist=None, last_name="Five")
    make_plan(p5, t2, day(10), **BARE_PLAN)

    p6 = make_patient(clinic=clinic, therapist=t2, last_name="Six", status="discharged")
    plan6 = make_plan(p6, t2, day(4), status="completed", physician_signed_on=day(3), **BARE_PLAN)
    make_note(plan6, t2, day(3), 1)
    make_note(plan6, t2, today, 2, kind="discharge")
    make_score(p6, "nprs", 5, day(3), **AT_REEVALUATION)
    make_score(p6, "nprs", 4, today, **AT_REEVALUATION)
    make_score(p6, "odi", 50, day(3), **AT_REEVALUATION)
    make_score(p6, "odi", 45, today, **AT_REEVALUATION)

    # Another clinic's busy therapist must never show up.
    other = make_clinic()
    t9 = make_user("therapist", clinic=other)
    p9 = make_patient(clinic=other, therapist=t9)
    plan9 = make_plan(p9, t9, day(50), **BARE_PLAN)
    visits(plan9, t9, day(12), 12, dry_needling=True, adverse=True, urgent=True)
    make_score(p9, "nprs", 9, day(12), therapist_id=t9.id, **AT_REEVALUATION)
    make_score(p9, "nprs", 1, today, therapist_id=t9.id, **AT_REEVALUATION)
    db.session.commit()
    return {"clinic": clinic, "t1": t1, "t2": t2, "manager": manager, "today": today, "p1": p1, "t9": t9}


def _scope(data, therapist_id=None) -> Scope:
    start, end = week_of(data["today"])
    return Scope(data["clinic"].id, start, end, data["today"], utcnow(), therapist_id)


EXPECTED = {
    "t1": {
        "active_patients": 2,
        "new_evaluations": 1,
        "visits_7d": 5,
        "visits_30d": 14,
        "discharges": 1,
        "visits_per_episode": 4,
        "nprs_change": -4,
        "odi_change": -3,
        "mcid_share": 100,
        "unsigned": 1,
        "progress_overdue": 1,
        "recert_due": 1,
        "recert_overdue": 1,
        "physician_cert_missing": 1,
        "dry_needling": 1,
        "adverse_events": 1,
        "adverse_rate": 100,
        "urgent_adverse_events": 0,
    },
    "t2": {
        "active_patients": 1,
        "new_evaluations": 0,
        "visits_7d": 5,
        "visits_30d": 5,
        "discharges": 1,
        "visits_per_episode": 2,
        "nprs_change": -1,
        "odi_change": -5,
        "mcid_share": 0,
        "unsigned": 0,
        "progress_overdue": 0,
        "recert_due": 0,
        "recert_overdue": 0,
        "physician_cert_missing": 0,
        "dry_needling": 1,
        "adverse_events": 1,
        "adverse_rate": 100,
        "urgent_adverse_events": 1,
    },
}
EXPECTED_TOTAL = {
    "active_patients": 4,
    "new_evaluations": 1,
    "visits_7d": 10,
    "visits_30d": 19,
    "discharges": 2,
    "visits_per_episode": 3,
    "nprs_change": -3,
    "odi_change": -11 / 3,
    "mcid_share": 50,
    "unsigned": 1,
    "progress_overdue": 1,
    "recert_due": 1,
    "recert_overdue": 1,
    "physician_cert_missing": 1,
    "dry_needling": 2,
    "adverse_events": 2,
    "adverse_rate": 100,
    "urgent_adverse_events": 1,
}


def test_aggregates_per_therapist_and_clinic_total(clinic_data):
    board = services.dashboard(_scope(clinic_data))
    rows = {row.therapist_id: row for row in board.rows}
    assert [row.name for row in board.rows][:2] == ["Avery Adams", "Blake Brown"]
    for key in ("t1", "t2"):
        row = rows[clinic_data[key].id]
        assert {m: row.value(m) for m in EXPECTED[key]} == pytest.approx(EXPECTED[key]), key
    assert {m: board.total.value(m) for m in EXPECTED_TOTAL} == pytest.approx(EXPECTED_TOTAL)
    assert rows[UNASSIGNED].name == "Unassigned"
    assert rows[UNASSIGNED].value("active_patients") == 1
    assert clinic_data["t9"].id not in rows


def test_therapist_scope_gives_the_same_row(clinic_data):
    board = services.dashboard(_scope(clinic_data, clinic_data["t1"].id))
    assert [row.name for row in board.rows] == ["Avery Adams"]
    assert {m: board.total.value(m) for m in EXPECTED["t1"]} == pytest.approx(EXPECTED["t1"])


COUNTED = [m.key for m in services.METRICS if m.list_kind and m.fmt == "int"]


@pytest.mark.parametrize("who", ["t1", "t2", None])
def test_drill_down_lists_hold_exactly_the_rows_behind_each_number(clinic_data, who):
    therapist_id = clinic_data[who].id if who else None
    scope = _scope(clinic_data, therapist_id)
    board = services.dashboard(scope)
    for metric in COUNTED:
        spec = lists.LISTS[metric]
        page = paging.paginate(
            lists.ordered(spec, lists.filtered(spec, scope), lists.parse_sort(spec, None)), 1
        )
        assert page.total == board.total.value(metric), metric
    reached = lists.LISTS["mcid_reached"]
    page = paging.paginate(lists.filtered(reached, scope).order_by(None), 1)
    assert page.total == board.total.raw["reached_mcid"]


def test_dashboard_page_shows_red_numbers_that_link_to_lists(client, login, clinic_data):
    login(clinic_data["manager"])
    response = client.get("/caseload/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Avery Adams" in html and "Blake Brown" in html and "Unassigned" in html
    assert 'class="text-danger-strong" aria-label="1 progress notes overdue, needs action"' in html
    assert "/caseload/list/progress_overdue?" in html
    assert "Urgent adverse event recorded" in html
    assert 'class="table-danger"' in html  # the therapist row with the urgent event
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.category) == ("query", "caseload")


def test_list_page_rows_open_the_chart_and_sort_by_allowlisted_columns(client, login, clinic_data):
    login(clinic_data["manager"])
    t1 = clinic_data["t1"].id
    html = client.get(f"/caseload/list/progress_overdue?therapist_id={t1}").get_data(as_text=True)
    assert f'href="/patients/{clinic_data["p1"].id}"' in html
    assert "One, Pat" in html
    html = client.get("/caseload/list/visits_30d?sort=-visit_number").get_data(as_text=True)
    assert 'aria-sort="descending"' in html
    assert html.index("<td>11<") < html.index("<td>9<") < html.index("<td>1<")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("sort=name;DROP TABLE patient", "sort column does not exist"),
        ("sort=(SELECT 1)", "sort column does not exist"),
        ("sort=--", "sort column does not exist"),
        ("page=999", "There is no page 999"),
        ("page=-5&sort=", ""),
        ("start=2026-13-45&end=x", "not in the form YYYY-MM-DD"),
        ("start=2030-02-01&end=2030-01-01", "start date was after the end date"),
    ],
)
def test_bad_list_input_gets_a_message_or_a_safe_default(client, login, clinic_data, query, message):
    login(clinic_data["manager"])
    response = client.get(f"/caseload/list/visits_30d?{query}")
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count()).select_from(db.metadata.tables["patient"])) > 0


def test_inverted_range_on_dashboard_is_swapped(client, login, clinic_data):
    login(clinic_data["manager"])
    response = client.get("/caseload/?start=2026-03-10&end=2026-03-01")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2026-03-01 to 2026-03-10" in html and "swapped" in html


def test_manager_can_focus_on_one_therapist(client, login, clinic_data):
    login(clinic_data["manager"])
    response = client.get(f"/caseload/?therapist_id={clinic_data['t1'].id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Caseload: Avery Adams" in html and "Blake Brown" not in html
    assert f"therapist_id={clinic_data['t1'].id}" in html


def test_unknown_metric_is_404(client, login, clinic_data):
    login(clinic_data["manager"])
    assert client.get("/caseload/list/patient;drop").status_code == 404


def test_therapist_sees_only_their_own_caseload(client, login, clinic_data):
    login(clinic_data["t1"])
    html = client.get("/caseload/").get_data(as_text=True)
    assert "Avery Adams" in html and "Blake Brown" not in html and "Unassigned" not in html
    assert "My caseload" in html
    html = client.get("/caseload/list/visits_7d").get_data(as_text=True)
    assert "Four" not in html and "Two, Pat" in html


@pytest.mark.parametrize(
    "path", ["/caseload/", "/caseload/list/unsigned", "/caseload/export.csv", "/caseload/charts"]
)
def test_therapist_forging_a_manager_url_gets_403_audited(client, login, clinic_data, path):
    login(clinic_data["t1"])
    response = client.get(f"{path}?therapist_id={clinic_data['t2'].id}")
    assert response.status_code == 403
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.action, event.outcome, event.category) == ("denied", "denied", "caseload")


def test_manager_cannot_name_another_clinics_therapist(client, login, clinic_data):
    login(clinic_data["manager"])
    assert client.get(f"/caseload/?therapist_id={clinic_data['t9'].id}").status_code == 404
    assert client.get("/caseload/?therapist_id=abc").status_code == 404


def test_admin_cannot_see_the_caseload(client, login, make_user, clinic_data):
    login(make_user("admin", clinic=clinic_data["clinic"]))
    assert client.get("/caseload/").status_code == 403


def _grow(data, patients: int) -> None:
    """More patients, plans, notes and scores for both therapists."""
    from ptplan.patients.models import Patient

    today = data["today"]
    for n in range(patients):
        therapist = data["t1"] if n % 2 else data["t2"]
        patient = Patient(
            clinic_id=data["clinic"].id,
            mrn=f"GROW-{n}",
            first_name="Grow",
            last_name=f"Patient{n}",
            date_of_birth=today - timedelta(days=15000),
            sex="male",
            primary_therapist_id=therapist.id,
        )
        db.session.add(patient)
        db.session.flush()
        plan = make_plan(patient, therapist, today - timedelta(days=30), **BARE_PLAN)
        visits(plan, therapist, today - timedelta(days=25), 12, dry_needling=n % 3 == 0)
        make_score(patient, "nprs", 7, today - timedelta(days=25), **AT_REEVALUATION)
        make_score(patient, "nprs", 3, today, **AT_REEVALUATION)
    db.session.commit()


@pytest.mark.parametrize("path", ["/caseload/", "/caseload/list/visits_30d", "/caseload/charts"])
def test_statement_count_does_not_grow_with_data(client, login, clinic_data, count_queries, path):
    login(clinic_data["manager"])
    client.get(path)  # warm up: the first request may refresh the session
    with count_queries() as small:
        assert client.get(path).status_code == 200
    _grow(clinic_data, 30)
    with count_queries() as large:
        assert client.get(path).status_code == 200
    assert large.count == small.count
    assert large.count <= 15, large.statements


def test_fast_list_paths_give_the_rows_of_the_plain_list(clinic_data):
    """The read-model counts and the page-key paths (names from the read model, note ids
    sorted and limited alone) return exactly what counting and paging the list statement
    itself returns, page by page, whatever the sort."""
    _grow(clinic_data, 4)
    today = clinic_data["today"]
    # a patient with a second active plan (another lineage): one row, figures over both plans
    patient = db.session.scalar(select(Patient).where(Patient.mrn == "GROW-1"))
    second = make_plan(patient, clinic_data["t1"], today - timedelta(days=80), **BARE_PLAN)
    visits(second, clinic_data["t1"], today - timedelta(days=75), 3)
    # same-named patients: the name order falls back to the patient id, on both paths
    twin = db.session.scalar(select(Patient).where(Patient.mrn == "GROW-3"))
    twin.last_name, twin.first_name = "Patient1", "Grow"
    db.session.commit()
    week = _scope(clinic_data, None)
    month = Scope(week.clinic_id, today - timedelta(days=40), today, today, week.now)
    cases = [(metric, week) for metric in ("active_patients", "outcomes", "mcid_reached", "recert_due")]
    cases += [
        (metric, month) for metric in ("visits_30d", "visits_7d", "unsigned", "discharges", "dry_needling")
    ]
    cases += [
        ("visits_30d", Scope(week.clinic_id, month.start, today, today, week.now, clinic_data["t2"].id))
    ]
    cases += [(metric, week) for metric in ("recert_overdue", "progress_overdue", "physician_cert_missing")]
    keyed = 0
    for metric, scope in cases:
        spec = lists.LISTS[metric]
        sorts = (None, "-name", "mrn", "therapist", "cert_end_date", "-first_visit", "kind", "-visit_number")
        for sort_param in (*sorts, "created_at", "nprs_change", "-odi_change"):
            sort = lists.parse_sort(spec, sort_param)
            statement = lists.ordered(spec, lists.filtered(spec, scope), sort)
            keys = lists.page_keys(spec, scope, sort)
            stored = {name for name, _descending in lists._order(spec, sort)} <= spec.key_columns.keys()
            assert (keys is not None) == (spec.sorted_ids is not None and stored), (metric, sort_param)
            keyed += keys is not None
            plain_total = paging.paginate(statement, 1).total
            assert plain_total > 0 or metric in ("recert_due", "physician_cert_missing"), metric
            for number in range(1, plain_total // 2 + 2):
                plain = paging.paginate(statement, number, per_page=2)
                fast = paging.paginate(
                    statement, number, per_page=2, count=lists.count_statement(spec, scope), keys=keys
                )
                assert fast.total == plain.total == plain_total, (metric, sort_param)
                assert [dict(r) for r in fast.items] == [dict(r) for r in plain.items], (metric, number)
                assert fast.message == plain.message
        # a search term counts and pages through the plain statement's rows
        sort = lists.parse_sort(spec, None)
        searched = lists.ordered(spec, lists.filtered(spec, scope, "patient1"), sort)
        assert lists.count_statement(spec, scope, "patient1") is None
        with_keys = paging.paginate(searched, 1, keys=lists.page_keys(spec, scope, sort, "patient1"))
        assert [dict(r) for r in with_keys.items] == [dict(r) for r in paging.paginate(searched, 1).items]
    assert keyed >= 40  # most sorts of most lists page from one table
    # every list but new evaluations pages its default order that way
    for metric, spec in lists.LISTS.items():
        keys = lists.page_keys(spec, week, lists.parse_sort(spec, None))
        assert (keys is None) == (metric == "new_evaluations"), metric
    active = {
        row["patient_id"]: row
        for row in paging.paginate(
            lists.filtered(lists.LISTS["active_patients"], week).order_by(None), 1, per_page=100
        ).items
    }
    assert active[patient.id]["first_visit"] == today - timedelta(days=75)


def test_outcome_list_shows_first_and_latest_scores(clinic_data):
    """The read model's first and latest scores are the patient's own (the fixture's p1 scored
    NPRS 8, 5, 3 and ODI 40, 38, 36)."""
    spec = lists.LISTS["outcomes"]
    scope = _scope(clinic_data)
    statement = lists.ordered(spec, lists.filtered(spec, scope), lists.parse_sort(spec, None))
    rows = {row["last_name"]: row for row in paging.paginate(statement, 1).items}
    one = rows["One"]
    assert (one["nprs_first"], one["nprs_latest"], one["nprs_change"]) == (8, 3, -5)
    assert (one["odi_first"], one["odi_latest"], one["odi_change"]) == (40, 36, -4)


def test_cached_list_statements_follow_the_clock_and_never_keep_a_search(clinic_data, make_note):
    """A list's statements are built once per scope and sort; the unsigned deadline is bound at
    each run, so a note crosses it without a new statement, and a search is built per request."""
    spec = lists.LISTS["unsigned"]
    scope = _scope(clinic_data)
    plan = make_plan(clinic_data["p1"], clinic_data["t1"], clinic_data["today"], **BARE_PLAN)
    note = make_note(
        plan,
        clinic_data["t1"],
        clinic_data["today"],
        1,
        signed=False,
        created_at=scope.now - timedelta(hours=20),
    )
    db.session.commit()
    sort = lists.parse_sort(spec, None)
    later = Scope(scope.clinic_id, scope.start, scope.end, scope.today, scope.now + timedelta(hours=5))
    built = lists.statements(spec, scope, sort)
    assert lists.statements(spec, later, sort) is built
    now_page = built.run(1, params=lists.clock(scope))
    later_page = built.run(1, params=lists.clock(later))
    assert later_page.total == now_page.total + 1
    assert note.id in {row["note_id"] for row in later_page.items} - {
        row["note_id"] for row in now_page.items
    }
    cached = lists._built.cache_info().currsize
    assert lists.statements(spec, scope, sort, "one") is not lists.statements(spec, scope, sort, "one")
    assert lists._built.cache_info().currsize == cached


LIST_PAGES = ["outcomes", "mcid_reached", "active_patients", "visits_30d", "unsigned", "recert_overdue"]


@pytest.mark.parametrize("metric", LIST_PAGES)
def test_a_list_page_is_one_statement_of_its_own(client, login, clinic_data, count_queries, metric):
    """A drill-down page reads its rows and its count in ONE statement (the count rides on the
    page), whatever the clinic's size; outcome lists read their scores from the read model,
    never from the score table, and note lists never join every note to be counted."""
    login(clinic_data["manager"])
    path = f"/caseload/list/{metric}"
    client.get(path)

    def own_statements(counter) -> list[str]:
        tables = ("caseload_", "visit_note", "outcome_score", "patient")
        return [s for s in counter.statements if any(t in s for t in tables) and "audit_event" not in s]

    with count_queries() as small:
        assert client.get(path).status_code == 200
    _grow(clinic_data, 12)
    with count_queries() as large:
        response = client.get(path)
    assert response.status_code == 200
    assert large.count == small.count <= 6, large.statements
    own = own_statements(large)
    assert len(own) == 1, own
    page = own[0]
    assert "list_total" in page and "LIMIT" in page.upper()
    assert "outcome_score" not in page
    if metric == "visits_30d":
        assert "caseload_note_day" in page  # counted from the day rows
