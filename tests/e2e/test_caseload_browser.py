"""The manager's weekly review in a real browser: dashboard, drill-down, CSV export, scoping, axe."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ptplan.extensions import db
from tests.factories.plans import BARE_PLAN
from tests.factories.sessions import visits

pytestmark = pytest.mark.browser


@pytest.fixture()
def caseload(make_clinic, make_user, make_patient, make_plan):
    clinic = make_clinic()
    t1 = make_user("therapist", clinic=clinic, full_name="Avery Adams")
    t2 = make_user("therapist", clinic=clinic, full_name="Blake Brown")
    manager = make_user("manager", clinic=clinic)
    today = clinic.today()
    overdue = make_patient(clinic=clinic, therapist=t1, last_name="Overdue", first_name="Olive")
    plan = make_plan(overdue, t1, today - timedelta(days=20), **BARE_PLAN)
    visits(plan, t1, today - timedelta(days=12), 11)
    other = make_patient(clinic=clinic, therapist=t2, last_name="Elsewhere", first_name="Eli")
    visits(make_plan(other, t2, today - timedelta(days=5), **BARE_PLAN), t2, today - timedelta(days=3), 2)
    db.session.commit()
    return {"t1": t1, "t2": t2, "manager": manager, "overdue": overdue}


def test_manager_reviews_drills_into_overdue_progress_notes_and_exports(
    page, browser_login, caseload, axe_scan
):
    browser_login(caseload["manager"])
    page.get_by_role("link", name="Caseload", exact=True).click()
    expect(page.get_by_role("heading", name="Caseload", exact=True)).to_be_visible()
    expect(page.get_by_role("rowheader", name="Avery Adams")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Blake Brown")).to_be_visible()
    assert axe_scan() == []

    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Avery Adams"))
    row.get_by_role("link", name="1 progress notes overdue, needs action").click()
    expect(page.get_by_role("heading", name="Progress notes overdue")).to_be_visible()
    expect(page.get_by_role("link", name="Overdue, Olive")).to_be_visible()
    assert axe_scan() == []

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("progress_overdue-")
    content = Path(download.path()).read_text(encoding="utf-8")
    assert "Overdue, Olive" in content and "Elsewhere" not in content

    page.get_by_role("link", name="Overdue, Olive").click()
    expect(page.get_by_role("heading", name="Olive Overdue")).to_be_visible()


def test_therapist_sees_only_their_own_caseload(page, browser_login, caseload):
    browser_login(caseload["t1"])
    page.goto("/caseload/mine")
    expect(page.get_by_role("heading", name="My caseload")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Avery Adams")).to_be_visible()
    expect(page.get_by_text("Blake Brown")).to_have_count(0)
    response = page.goto(f"/caseload/?therapist_id={caseload['t2'].id}")
    assert response.status == 403
