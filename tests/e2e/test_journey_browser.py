"""The therapist's whole path in a real browser, counting what the therapist does (issue #13).

Each click, select, check, navigation or Enter is one action; typing is not. The tests start
from a brand-new patient (not demo data) and fail above the goals:
- new patient -> signed evaluation -> signed plan from the clinic's template -> home-plan PDF
  in at most 20 actions;
- a follow-up note with nothing new but the pain scores in at most 4 actions, signed on the
  first try.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from ptplan.demo.plans import TEMPLATES
from ptplan.extensions import db
from ptplan.patients.models import Patient
from ptplan.plans.models import PlanOfCare, PlanTemplate
from ptplan.sessions.models import VisitNote
from tests.factories import library as fl
from tests.factories import plans as fp

pytestmark = pytest.mark.browser

FIRST_VISIT_GOAL = 20
FOLLOW_UP_GOAL = 4


class Actions:
    """What the therapist does, counted as the issue counts it (typing is free)."""

    def __init__(self, page):
        self.page, self.count, self.log = page, 0, []

    def _one(self, what: str) -> None:
        self.count += 1
        self.log.append(what)

    def goto(self, url: str) -> None:
        self._one(f"go to {url}")
        self.page.goto(url)

    def click(self, locator, what: str) -> None:
        self._one(f"click {what}")
        locator.click()

    def check(self, locator, what: str) -> None:
        self._one(f"check {what}")
        locator.check()

    def select(self, locator, value: str | None = None, *, label: str | None = None, what: str = "") -> None:
        self._one(f"select {what or value or label}")
        locator.select_option(value=value, label=label)

    def enter(self, locator, what: str) -> None:
        self._one(f"Enter in {what}")
        locator.press("Enter")

    @staticmethod
    def type(locator, text: str) -> None:
        locator.fill(text)


@pytest.fixture()
def sciatica_template(therapist):
    """The clinic's own sciatica template (dry needling, manual therapy, stretches)."""
    fl.libraries(therapist.clinic)
    template = PlanTemplate(
        clinic_id=therapist.clinic_id, name="Sciatica", payload=TEMPLATES["Sciatica: acute"]
    )
    db.session.add(template)
    db.session.commit()
    return template


def _evaluation(page, act: Actions) -> None:
    """Pain, all 10 ODI items, SLR, a trigger point, the diagnosis; then sign."""
    Actions.type(page.locator("#chief_complaint"), "Right leg pain since lifting a box")
    Actions.type(page.locator("#nprs_current"), "7")
    for n in range(1, 11):
        Actions.type(page.locator(f"#odi_{n}"), "2" if n != 8 else "1")
    expect(page.locator("#odi-live")).to_contain_text("38")  # the live score stays
    Actions.type(page.locator("#slr_right_angle"), "45")
    act.check(page.locator("#slr_right_below_knee"), "SLR below the knee")
    act.select(page.locator("#trigger_points-0-muscle_id"), label="Piriformis", what="trigger-point muscle")
    act.select(page.locator("#trigger_points-0-side"), "right", what="trigger-point side")
    Actions.type(page.locator("#diagnoses-0-icd10_code"), "M54.41")
    Actions.type(page.locator("#diagnoses-0-description"), "Lumbago with sciatica, right side")
    act.click(page.get_by_role("button", name="Save and sign"), "Save and sign")


def test_new_patient_to_signed_plan_and_home_plan_pdf_in_at_most_20_actions(
    page, browser_login, therapist, sciatica_template, axe_scan
):
    browser_login(therapist)
    act = Actions(page)

    act.goto("/patients/new")
    expect(page.locator("#mrn")).to_be_focused()  # focus on the first field that needs input
    Actions.type(page.locator("#mrn"), "NEW-0042")
    Actions.type(page.locator("#first_name"), "Rosa")
    Actions.type(page.locator("#last_name"), "Alvarez")
    Actions.type(page.locator("#date_of_birth"), "1968-04-12")
    act.select(page.locator("#sex"), "female", what="sex")
    act.enter(page.locator("#last_name"), "the new-patient form")
    expect(page.get_by_role("heading", name=re.compile("Rosa Alvarez"))).to_be_visible()
    patient = db.session.scalar(select(Patient).where(Patient.mrn == "NEW-0042"))
    assert patient is not None and patient.diagnoses == []

    act.click(page.get_by_role("link", name="New initial evaluation"), "New initial evaluation")
    expect(page.locator("#chief_complaint")).to_be_focused()
    _evaluation(page, act)
    expect(page.get_by_text("Initial evaluation signed and locked")).to_be_visible()

    act.click(page.get_by_role("link", name="Start plan of care"), "Start plan of care")
    expect(page.locator("#diagnoses")).to_have_value(re.compile("M54.41 Lumbago with sciatica"))
    expect(page.locator("#template_id")).to_be_focused()  # the one choice still to make
    act.select(page.locator("#template_id"), label="Sciatica", what="the clinic's sciatica template")
    act.click(page.get_by_role("button", name="Create draft plan"), "Create draft plan")
    expect(page.get_by_text("Draft plan created")).to_be_visible()

    # dry-needling screening and consent, in place and pre-filled from the chart
    inline = page.locator("#dn-inline")
    expect(inline.locator("#consent-patient_signature_name")).to_have_value("Rosa Alvarez")
    Actions.type(inline.locator("#consent-witness_name"), "Front desk")
    act.check(inline.locator("#consent-copy_given"), "copy of the consent given")
    act.click(inline.get_by_role("button", name="Sign screening and consent"), "Sign screening and consent")
    expect(page.locator("#dry-needling")).to_contain_text("Signed screening and consent are on file")

    act.click(page.get_by_role("link", name="Review and sign"), "Review and sign")
    act.click(page.get_by_role("button", name="Sign plan"), "Sign plan")
    expect(page.get_by_text("Plan signed and active")).to_be_visible()
    expect(page.locator("#print").get_by_role("link", name="Home plan, large print")).to_be_visible()
    assert axe_scan() == []

    with page.expect_download() as download:
        act.click(page.locator("#print").get_by_role("link", name="Home plan", exact=True), "Home plan PDF")
    assert download.value.suggested_filename.endswith(".pdf")

    plan = db.session.scalar(select(PlanOfCare).where(PlanOfCare.patient_id == patient.id))
    db.session.refresh(plan)
    assert plan.status == "active" and plan.diagnoses[0]["code"] == "M54.41"
    assert act.count <= FIRST_VISIT_GOAL, f"{act.count} actions: {act.log}"


def test_follow_up_note_with_only_pain_scores_in_at_most_4_actions(
    page, browser_login, therapist, make_patient, axe_scan
):
    patient = make_patient(therapist=therapist)
    fp.active_plan(patient, therapist, with_dn=True, start=therapist.clinic.today() - timedelta(days=7))
    browser_login(therapist)

    # the first session, with dry needling (not counted: it is not the usual visit)
    page.goto(f"/patients/{patient.id}")
    page.get_by_role("link", name="New session note").click()
    page.locator("#nprs_before").fill("6")
    page.locator("#nprs_after").fill("4")
    page.locator("#dn-delivered").check()
    page.locator("#dn-needles_in").fill("3")
    page.locator("#dn-needles_out").fill("3")
    page.locator("#dn-sharps_disposed").check()
    page.get_by_role("button", name="Sign note").click()
    expect(page.get_by_role("status").filter(has_text="signed and locked").first).to_be_visible()

    # the usual follow-up: open the chart, New session note, two numbers, Sign
    act = Actions(page)
    act.goto(f"/patients/{patient.id}")
    act.click(page.get_by_role("link", name="New session note"), "New session note")
    expect(page.locator("#nprs_before")).to_be_focused()
    expect(page.locator("#dn-delivered")).not_to_be_checked()  # nothing asserted that did not happen
    expect(page.get_by_role("button", name="Dry needling same as last visit")).to_be_visible()
    assert axe_scan() == []
    Actions.type(page.locator("#nprs_before"), "4")
    Actions.type(page.locator("#nprs_after"), "2")
    act.click(page.get_by_role("button", name="Sign note"), "Sign note")
    expect(page.get_by_role("status").filter(has_text="signed and locked").first).to_be_visible()  # first try

    notes = db.session.scalars(select(VisitNote).where(VisitNote.patient_id == patient.id)).all()
    assert len(notes) == 2 and all(n.is_signed for n in notes)
    assert act.count <= FOLLOW_UP_GOAL, f"{act.count} actions: {act.log}"


def test_same_as_last_visit_records_dry_needling_in_one_click(page, browser_login, therapist, make_patient):
    patient = make_patient(therapist=therapist)
    fp.active_plan(patient, therapist, with_dn=True, start=therapist.clinic.today() - timedelta(days=7))
    browser_login(therapist)
    for before, same in (("6", False), ("5", True)):
        page.goto(f"/patients/{patient.id}/notes/new")
        page.locator("#nprs_before").fill(before)
        page.locator("#nprs_after").fill("3")
        if same:
            page.get_by_role("button", name="Dry needling same as last visit").click()
            expect(page.locator("#dn-delivered")).to_be_checked()
            expect(page.locator("#dn-needles_out")).to_have_value("3")
        else:
            page.locator("#dn-delivered").check()
            page.locator("#dn-needles_in").fill("3")
            page.locator("#dn-needles_out").fill("3")
            page.locator("#dn-sharps_disposed").check()
        page.get_by_role("button", name="Sign note").click()
        expect(page.get_by_role("status").filter(has_text="signed and locked").first).to_be_visible()
    notes = db.session.scalars(select(VisitNote).where(VisitNote.patient_id == patient.id)).all()
    assert [n.has_dry_needling for n in notes] == [True, True]


def test_several_exercises_in_one_step_with_search_and_region_filter(
    page, browser_login, therapist, make_patient, axe_scan
):
    patient = make_patient(therapist=therapist)
    plan = fp.draft_plan(patient, therapist)
    browser_login(therapist)
    page.goto(f"/plans/{plan.id}")
    page.get_by_role("link", name="Add exercises from the library").click()
    assert axe_scan() == []
    rows = page.locator("[data-exercise-row]")
    total = rows.count()
    page.locator("#exercise-search").fill("cat camel")  # filters as the therapist types
    expect(page.locator("[data-exercise-row]:visible")).to_have_count(1)
    page.get_by_role("checkbox", name=re.compile("Cat and camel")).check()
    page.locator("#exercise-search").fill("")
    region = page.locator("#exercise-region option").nth(1).get_attribute("value")
    page.locator("#exercise-region").select_option(region)
    visible = page.locator("[data-exercise-row]:visible")
    assert 1 <= visible.count() < total
    visible.locator("input:not(:checked)").first.check()
    expect(page.locator("#exercise-count")).to_contain_text("2 ticked")
    page.get_by_role("button", name="Add the ticked exercises").click()
    expect(page.get_by_text("Added with the library's dosage")).to_be_visible()
    expect(page.locator("#kind-home_exercise")).to_contain_text("Cat and camel")
    expect(page.locator("#kind-home_exercise svg")).to_have_count(3)  # each arrives with its picture
