"""The rendered patient chart is kept until anything it shows changes, and never served stale.

Each test opens the chart once (rendered and kept), changes something the way the app or a
clinic would, and opens it again: the change is on the page. The kept chart itself is
checked too: fewer statements, the same page, a fresh CSRF token per session, an audit row per
view, one entry per viewer.
"""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select, update

from ptplan.audit import services as audit
from ptplan.audit.models import AuditEvent
from ptplan.auth.models import User
from ptplan.clinics.models import Clinic
from ptplan.extensions import db
from ptplan.patients import chart_cache
from ptplan.patients.models import Patient, PatientDiagnosis
from ptplan.plans import services as plan_services
from ptplan.sessions.models import NoteBillingLine, VisitNote
from tests.factories import plans as fp
from tests.factories.clinics import PASSWORD
from tests.factories.forms import switch_user
from tests.factories.sessions import make_note

ROOT = Path(__file__).resolve().parent.parent
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture()
def world(make_clinic, make_user, make_patient):
    clinic = make_clinic()
    therapist = make_user("therapist", clinic=clinic)
    manager = make_user("manager", clinic=clinic)
    patient = make_patient(clinic=clinic, therapist=therapist)
    plan = fp.draft_plan(patient, therapist)
    goal = fp.add_goal(plan, "nprs", baseline=6, target=2)
    plan_services.sign_plan(plan, therapist, today=date.today())
    db.session.commit()
    return clinic, therapist, manager, patient, plan, goal


def _page(client, patient) -> str:
    response = client.get(f"/patients/{patient.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _clinic_version(clinic_id: int) -> int:
    return db.session.scalar(select(Clinic.chart_version).where(Clinic.id == clinic_id))


def _kept() -> int:
    return len(chart_cache.cache())


def _version(patient_id: int) -> int:
    return db.session.scalar(select(Patient.chart_version).where(Patient.id == patient_id))


def test_a_kept_chart_is_the_same_page_with_fewer_statements_and_each_view_is_audited(
    client, login, count_queries, world
):
    _clinic, therapist, _manager, patient, _plan, _goal = world
    login(therapist)
    with count_queries() as cold:
        first = _page(client, patient)
    with count_queries(warm=True) as warm:
        second = _page(client, patient)
    assert _kept() == 1
    assert TOKEN.sub("", first) == TOKEN.sub("", second)
    assert "NPRS to 2" in second
    assert warm.count < cold.count, (warm.statements, cold.statements)
    # the session and its user, the patient with its lists, the clinic, the audit chain's head
    # and the audit row: nothing of the chart's own sections
    assert warm.count <= 6, warm.statements
    assert not [s for s in warm.statements if "visit_note" in s or "plan_of_care" in s]
    reads = db.session.scalar(
        select(func.count(AuditEvent.id)).where(
            AuditEvent.action == "read", AuditEvent.category == "chart", AuditEvent.patient_id == patient.id
        )
    )
    assert reads == 2


def test_a_kept_chart_carries_each_session_its_own_valid_csrf_token(client, app, login, world):
    _clinic, therapist, _manager, patient, _plan, _goal = world
    other = app.test_client()
    login(therapist)
    first = TOKEN.findall(_page(client, patient))
    token = TOKEN.search(other.get("/login").get_data(as_text=True)).group(1)
    signed_in = other.post(
        "/login", data={"csrf_token": token, "email": therapist.email, "password": PASSWORD}
    )
    assert signed_in.status_code == 302
    elsewhere = TOKEN.findall(_page(other, patient))  # the kept chart, in another session
    second = TOKEN.findall(_page(client, patient))

    def secrets_of(tokens: list[str]) -> set[str]:
        # A token is the session's secret, signed with the time of the request it was made in.
        return {token.split(".")[0] for token in tokens}

    assert first and second and secrets_of(first) == secrets_of(second)  # one session: its token
    assert elsewhere and secrets_of(elsewhere).isdisjoint(secrets_of(first))
    assert chart_cache.CSRF_PLACEHOLDER not in "".join(second)
    # the kept chart's archive form posts with the token it carries
    response = client.post(
        f"/patients/{patient.id}/status", data={"csrf_token": second[-1], "status": "archived"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Patient, patient.id).status == "archived"
    assert "Restore patient" in _page(client, patient)


def test_each_viewer_gets_their_own_chart(client, login, world):
    _clinic, therapist, manager, patient, _plan, _goal = world
    login(therapist)
    as_therapist = _page(client, patient)
    switch_user(client, login, manager)
    as_manager = _page(client, patient)
    assert _kept() == 2
    assert "New session note" in as_therapist
    assert "New session note" not in as_manager


def test_a_change_through_the_unit_of_work_shows_at_once(client, login, world):
    _clinic, therapist, _manager, patient, _plan, _goal = world
    login(therapist)
    assert "G57.01" not in _page(client, patient)
    before = _version(patient.id)
    db.session.add(
        PatientDiagnosis(patient_id=patient.id, icd10_code="G57.01", description="Sciatic nerve lesion")
    )
    db.session.commit()
    assert _version(patient.id) > before
    assert "G57.01" in _page(client, patient)


def _draft_with_units(plan, therapist):
    note = make_note(plan, therapist, date.today(), signed=False, billing=(("97110", 38, 3),), commit=True)
    return note.id, note.billing_lines[0].id


def test_a_child_row_without_a_patient_column_is_traced_through_its_parent(client, login, world):
    clinic, therapist, _manager, patient, plan, _goal = world
    note_id, line_id = _draft_with_units(plan, therapist)
    login(therapist)
    assert '<td class="num">3</td>' in _page(client, patient)
    db.session.expire_all()
    db.session.get(VisitNote, note_id)  # the note is in the session, as when its form saves
    line = db.session.get(NoteBillingLine, line_id)
    before = _version(patient.id), _clinic_version(clinic.id)
    line.minutes, line.units = 23, 2
    db.session.commit()
    page = _page(client, patient)
    assert '<td class="num">2</td>' in page and '<td class="num">3</td>' not in page
    # traced to its patient: the other charts of the clinic are kept
    assert _version(patient.id) > before[0] and _clinic_version(clinic.id) == before[1]


def test_a_clinic_wide_change_shows_on_every_chart_of_the_clinic(client, login, world):
    _clinic, therapist, _manager, patient, _plan, _goal = world
    login(therapist)
    assert "Renamed Therapist" not in _page(client, patient)
    before = _clinic_version(patient.clinic_id)
    user = db.session.get(User, therapist.id)
    user.full_name = "Renamed Therapist"
    db.session.commit()
    assert _clinic_version(patient.clinic_id) > before  # a user reaches no patient: their clinic
    assert "Renamed Therapist" in _page(client, patient)


def test_an_audited_core_update_shows_at_once(client, login, world):
    """A write the unit of work never sees (a guarded Core UPDATE), audited as every PHI write."""
    _clinic, therapist, _manager, patient, plan, _goal = world
    note = make_note(plan, therapist, date.today(), signed=False, commit=True)
    login(therapist)
    assert "Unsigned" in _page(client, patient)
    db.session.execute(
        update(VisitNote)
        .where(VisitNote.id == note.id, VisitNote.signed_at.is_(None))
        .values(signed_at=datetime.now(UTC), signed_by_id=therapist.id, content_hash="0" * 64)
    )
    audit.record(
        "sign", "clinical", patient_id=patient.id, entity_type="visit_note", entity_id=note.id, user=therapist
    )
    db.session.commit()
    assert "Unsigned" not in _page(client, patient)


def test_signing_a_note_through_the_app_shows_on_the_chart(client, login, world):
    _clinic, therapist, _manager, patient, plan, _goal = world
    note = make_note(plan, therapist, date.today(), signed=False, nprs_before=6, commit=True)
    login(therapist)
    page = _page(client, patient)
    assert "Unsigned" in page
    token = TOKEN.search(page).group(1)
    response = client.post(f"/notes/{note.id}/sign", data={"csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert "Unsigned" not in _page(client, patient)


def test_a_read_and_a_rolled_back_write_leave_the_version_alone(client, login, world):
    _clinic, therapist, _manager, patient, _plan, _goal = world
    login(therapist)
    before = _version(patient.id)
    _page(client, patient)
    _page(client, patient)
    assert _version(patient.id) == before
    db.session.add(PatientDiagnosis(patient_id=patient.id, icd10_code="G57.01", description="x"))
    db.session.flush()
    db.session.rollback()
    db.session.commit()
    assert _version(patient.id) == before
    assert _kept() == 1


def test_a_draft_turns_overdue_by_the_clock_alone(client, login, world):
    """ "Unsigned over 24 h" needs no change to any row: the kept chart expires at that moment,
    well inside the cache's own lifetime."""
    _clinic, therapist, _manager, patient, plan, _goal = world
    start = datetime.now(UTC).replace(microsecond=0)
    created = start - timedelta(hours=24) + timedelta(seconds=20)
    make_note(plan, therapist, date.today(), signed=False, created_at=created, commit=True)
    store = chart_cache.cache()
    with freeze_time(start):
        login(therapist)
        assert "Unsigned over 24 h" not in _page(client, patient)
    with freeze_time(start + timedelta(seconds=10)):
        hits = store.hits
        assert "Unsigned over 24 h" not in _page(client, patient)
        assert store.hits == hits + 1  # still the kept chart
    with freeze_time(start + timedelta(seconds=30)):
        assert "Unsigned over 24 h" in _page(client, patient)


def test_the_age_changes_at_the_clinics_midnight(client, login, make_clinic, make_user, make_patient):
    clinic = make_clinic(timezone="America/New_York")
    therapist = make_user("therapist", clinic=clinic)
    night = datetime(2026, 6, 15, 3, 59, 40, tzinfo=UTC)  # 23:59:40 in New York (EDT) on 14 June
    patient = make_patient(clinic=clinic, therapist=therapist, date_of_birth=date(1980, 6, 15))
    with freeze_time(night):
        login(therapist)
        assert "Age 45" in _page(client, patient)
    with freeze_time(night + timedelta(seconds=30)):  # inside the cache's lifetime
        assert "Age 46" in _page(client, patient)


def test_kept_charts_expire_and_the_cache_is_bounded(app, client, login, world, make_patient):
    _clinic, therapist, _manager, patient, _plan, _goal = world
    login(therapist)
    start = datetime.now(UTC)
    with freeze_time(start):
        _page(client, patient)
    assert _kept() == 1
    store = chart_cache.cache()
    key = next(iter(store._entries))
    assert store.get(key) is not None
    expires_at = store._entries[key][0]
    store._entries[key] = (expires_at - app.config["CHART_CACHE_SECONDS"] - 1, store._entries[key][1])
    assert store.get(key) is None  # past its lifetime: rendered again
    small = chart_cache.ChartCache(2)
    for n in range(3):
        small.put(("k", n), "body", float("inf"))
    assert len(small) == 2 and small.get(("k", 0)) is None and small.get(("k", 2)) == "body"
    off = chart_cache.ChartCache(0)
    off.put(("k",), "body", float("inf"))
    assert len(off) == 0


def test_versions_only_rise_and_are_not_reused_after_a_restore(world):
    _clinic, therapist, _manager, patient, _plan, _goal = world
    seen = []
    for n in range(3):
        db.session.add(PatientDiagnosis(patient_id=patient.id, icd10_code=f"M54.{n}", description="x"))
        db.session.commit()
        seen.append(_version(patient.id))
    assert seen == sorted(set(seen))
    # the version is the commit's time in microseconds: a history that restarts from an older
    # backup reaches values its first history never had
    assert seen[-1] >= int(datetime(2026, 1, 1, tzinfo=UTC).timestamp() * 1_000_000)


def test_every_process_of_the_app_keeps_the_versions():
    """A command-line process writes through the same sessions as a web worker: once the app
    exists (as every ``flask`` command makes it), the listeners that raise the versions are on."""
    probe = (
        "import sys; from sqlalchemy import event; from sqlalchemy.orm import Session; "
        "from ptplan import create_app; create_app(); "
        "loaded = 'ptplan.patients.chart_cache' in sys.modules; "
        "from ptplan.patients import chart_cache as c; "
        "print(loaded, event.contains(Session, 'after_flush', c._collect), "
        "event.contains(Session, 'before_commit', c._raise_versions))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT, timeout=120
    )
    assert result.stdout.split() == ["True", "True", "True"], result.stderr
