"""Session notes in a real browser: the 8-action follow-up note, dry needling, addenda, axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from ptplan.billing import timed_units
from ptplan.extensions import db
from ptplan.sessions.models import VisitNote

pytestmark = pytest.mark.browser

MAX_ACTIONS = 8


class Actions:
    """Counts what a person does: clicks, selects and typed fields (log-in excluded)."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, locator):
        self.count += 1
        locator.click()

    def fill(self, locator, value: str):
        self.count += 1
        locator.fill(value)

    def select(self, locator, value: str):
        self.count += 1
        locator.select_option(value)


@pytest.fixture()
def patient_with_plan(make_clinic, make_user, make_patient, make_plan):
    clinic = make_clinic()
    therapist = make_user("therapist", clinic=clinic)
    patient = make_patient(clinic=clinic, therapist=therapist)
    plan = make_plan(patient, therapist)
    return therapist, patient, plan


def sign_follow_up(page, patient, before: str, after: str) -> Actions:
    page.goto(f"/patients/{patient.id}")
    actions = Actions(page)
    actions.click(page.get_by_role("link", name="New session note"))
    actions.fill(page.get_by_label("Pain before (NPRS 0-10)"), before)
    actions.fill(page.get_by_label("Pain after (NPRS 0-10)"), after)
    actions.fill(page.get_by_label("Minutes for intervention 2"), "20")
    actions.click(page.get_by_role("button", name="Sign note"))
    expect(page.get_by_text("Daily note signed and locked.")).to_be_visible()
    return actions


def test_follow_up_note_takes_at_most_eight_actions(page, browser_login, patient_with_plan, axe_scan):
    therapist, patient, _plan = patient_with_plan
    browser_login(therapist)
    first = sign_follow_up(page, patient, "6", "4")
    # the follow-up visit: copy-forward from the first note, only pain and one minutes field change
    page.goto(f"/patients/{patient.id}")
    actions = Actions(page)
    actions.click(page.get_by_role("link", name="New session note"))
    expect(page.get_by_label("Minutes for intervention 2")).to_have_value("20")  # copied forward
    assert axe_scan() == []
    actions.fill(page.get_by_label("Pain before (NPRS 0-10)"), "5")
    actions.fill(page.get_by_label("Pain after (NPRS 0-10)"), "3")
    actions.click(page.get_by_role("button", name="Sign note"))
    expect(page.get_by_text("Daily note signed and locked.")).to_be_visible()
    assert axe_scan() == []
    assert first.count <= MAX_ACTIONS and actions.count <= MAX_ACTIONS, (first.count, actions.count)
    notes = db.session.scalars(select(VisitNote).order_by(VisitNote.id)).all()
    assert [(n.visit_number, n.nprs_before, n.is_signed) for n in notes] == [(1, 6, True), (2, 5, True)]


def test_units_update_live_and_match_the_server(page, browser_login, patient_with_plan):
    therapist, patient, _plan = patient_with_plan
    browser_login(therapist)
    page.goto(f"/patients/{patient.id}/notes/new")
    page.get_by_label("Minutes for intervention 1").fill("33")
    page.get_by_label("Minutes for intervention 2").fill("7")
    expect(page.locator("#total-timed")).to_have_text("40")
    expect(page.locator("#total-units")).to_have_text("3")
    cases = [
        {"97112": 24, "97110": 23},
        {"97112": 20, "97110": 20},
        {"97110": 33, "97140": 7},
        {"97110": 7, "97140": 7},
        {"97110": 8, "97140": 8, "97112": 8},
        {"97110": 52, "97140": 38, "97530": 22},
        {"97110": 0, "97140": 3},
    ]
    for rule in ("cms", "ama"):
        for case in cases:
            js = page.evaluate("([m, r]) => window.ptplanBilling.timedUnits(m, r)", [case, rule])
            assert js == timed_units(case, rule), (rule, case)


def test_dry_needling_count_mismatch_refused_then_signed(
    page, browser_login, make_clinic, make_user, make_patient, clear_for_dry_needling, make_muscles, make_plan
):
    clinic = make_clinic()
    therapist = make_user("therapist", clinic=clinic)
    patient = make_patient(clinic=clinic, therapist=therapist)
    muscles = make_muscles(clinic.id)
    make_plan(patient, therapist, dry_needling=True, dn_muscles=muscles[:2])
    clear_for_dry_needling(patient, therapist, days_ago=20)
    browser_login(therapist)
    page.goto(f"/patients/{patient.id}/notes/new")
    expect(page.locator("#dn-details")).to_be_hidden()
    page.get_by_label("Dry needling delivered at this visit").check()
    expect(page.locator("#dn-details")).to_be_visible()
    page.get_by_label("Pain before (NPRS 0-10)").fill("6")
    page.get_by_label("Pain after (NPRS 0-10)").fill("3")
    page.get_by_label("Needles in", exact=True).fill("4")
    page.get_by_label("Needles out", exact=True).fill("3")
    page.get_by_label("Sharps disposed of in the sharps container").check()
    expect(page.locator("#billing-preview")).to_contain_text("20560")
    page.get_by_role("button", name="Sign note").click()
    expect(page.locator("#dn-needles_out-error")).to_contain_text("must equal needles in")
    assert db.session.scalar(select(VisitNote.id)) is None
    page.get_by_label("Needles out", exact=True).fill("4")
    page.get_by_role("button", name="Sign note").click()
    expect(page.get_by_text("Daily note signed and locked.")).to_be_visible()
    expect(page.get_by_role("heading", name="Dry-needling procedure record")).to_be_visible()


def test_urgent_banner_appears_for_suspected_pneumothorax(
    page, browser_login, make_clinic, make_user, make_patient, clear_for_dry_needling, make_muscles, make_plan
):
    clinic = make_clinic()
    therapist = make_user("therapist", clinic=clinic)
    patient = make_patient(clinic=clinic, therapist=therapist)
    muscles = make_muscles(clinic.id)
    make_plan(patient, therapist, dry_needling=True, dn_muscles=muscles[:1])
    clear_for_dry_needling(patient, therapist, days_ago=20)
    browser_login(therapist)
    page.goto(f"/patients/{patient.id}/notes/new")
    page.get_by_label("Dry needling delivered at this visit").check()
    expect(page.locator("#urgent-banner")).to_be_hidden()
    page.get_by_label("Suspected pneumothorax").check()
    expect(page.locator("#urgent-banner")).to_contain_text("call emergency services")
    expect(page.get_by_label("None", exact=True)).not_to_be_checked()


def test_addendum_on_a_signed_note(page, browser_login, patient_with_plan, axe_scan):
    therapist, patient, _plan = patient_with_plan
    browser_login(therapist)
    sign_follow_up(page, patient, "6", "4")
    page.get_by_label("Reason for the addendum").fill("Late entry")
    page.get_by_label("Addendum text").fill("Patient also reported better sleep.")
    page.get_by_role("button", name="Add addendum").click()
    expect(page.get_by_text("Addendum added beneath the signed note.")).to_be_visible()
    expect(page.locator("#addenda")).to_contain_text("Patient also reported better sleep.")
    assert axe_scan() == []
