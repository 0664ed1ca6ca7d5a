"""The plan of care in a real browser: build from an evaluation, the dry-needling gate, sign, revise."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import plans as fp

pytestmark = pytest.mark.browser


def test_build_sign_with_dry_needling_gate_and_revise(
    page, browser_login, therapist, make_patient, axe_scan, make_evaluation
):
    patient = make_patient(therapist=therapist)
    evaluation = make_evaluation(patient, therapist, {"odi": 42.0, "nprs": 7.0})
    browser_login(therapist)

    # start from the signed evaluation: baselines come with it
    page.goto(f"/patients/{patient.id}/plans/new?evaluation_id={evaluation.id}")
    expect(page.get_by_role("heading", name=re.compile("New plan of care"))).to_be_visible()
    assert axe_scan() == []
    page.get_by_role("button", name="Create draft plan").click()
    expect(page.get_by_text("Draft plan created")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Improve ODI from 42 to 32"))).to_be_visible()

    # dry needling, offered screening and consent inline
    page.get_by_role("link", name="Add dry needling").click()
    expect(page.locator("#dn-missing")).to_contain_text("No signed dry-needling screening")
    page.locator("#muscles-0-muscle_id").select_option(label="Piriformis")
    page.get_by_label("Planned frequency").fill("Once a week")
    page.get_by_label("Clinical rationale").fill("Trigger points reproduce the leg pain.")
    expect(page.locator("#inline-consent")).to_be_visible()  # offered in place...
    page.get_by_label("Record and sign them now with the dry needling").uncheck()  # ...or later
    page.get_by_role("button", name="Add to plan").click()
    expect(page.get_by_text("Dry needling added to the plan")).to_be_visible()

    # a stretch from the library, with its illustration previewed
    page.get_by_role("link", name="Add stretch or home exercise").click()
    page.get_by_label("Exercise", exact=True).select_option(label="Cat and camel")
    expect(page.locator(".exercise-preview:visible svg")).to_have_count(1)
    page.get_by_role("button", name="Add to plan").click()
    expect(page.locator("#kind-home_exercise")).to_contain_text("Cat and camel")
    assert axe_scan() == []

    # signing is refused in plain words
    page.get_by_role("link", name="Review and sign").click()
    expect(page.locator("#sign-blockers")).to_contain_text("No signed dry-needling screening")
    expect(page.locator("#sign-blockers")).to_contain_text("No signed dry-needling consent")
    expect(page.get_by_role("button", name="Sign plan")).to_have_count(0)
    assert axe_scan() == []

    # record screening and consent, each returning to the plan
    page.get_by_role("link", name="Record screening").click()
    assert axe_scan() == []
    page.get_by_role("button", name="Sign screening").click()
    expect(page.get_by_text("Screening signed.")).to_be_visible()
    page.get_by_role("link", name="Record consent").click()
    page.get_by_label("Witness", exact=True).fill("Front desk")
    page.get_by_label("The patient was given a copy of the signed form").check()
    assert axe_scan() == []
    page.get_by_role("button", name="Sign consent record").click()
    expect(page.locator("#dry-needling")).to_contain_text("Signed screening and consent are on file")

    page.get_by_role("link", name="Review and sign").click()
    page.get_by_role("button", name="Sign plan").click()
    expect(page.get_by_text("Plan signed and active")).to_be_visible()
    expect(page.locator("h1 .badge")).to_have_text("Active")

    # revise into version 2: three visits a week
    page.get_by_role("button", name="Revise (new version)").click()
    expect(page.get_by_text("Version 2 is a draft copy")).to_be_visible()
    page.get_by_role("link", name="Edit details").click()
    page.get_by_label("Visits a week", exact=True).fill("3")
    page.get_by_role("button", name="Save details").click()
    page.get_by_role("link", name="Review and sign").click()
    page.get_by_role("button", name="Sign plan").click()
    expect(page.get_by_text("Plan signed and active")).to_be_visible()
    page.get_by_role("link", name="Version history").click()
    expect(page.get_by_text("Frequency (visits a week) 2 → 3")).to_be_visible()
    expect(page.get_by_text("Superseded")).to_be_visible()
    assert axe_scan() == []

    # the chart shows the plan and the dry-needling badge
    page.goto(f"/patients/{patient.id}")
    expect(page.get_by_text("DN consent & screening on file")).to_be_visible()
    assert axe_scan() == []


def test_bad_dosage_shows_the_message_by_the_field(page, browser_login, therapist, make_patient):
    patient = make_patient(therapist=therapist)
    plan = fp.draft_plan(patient, therapist)
    browser_login(therapist)
    page.goto(f"/plans/{plan.id}/interventions/new?kind=home_exercise")
    page.get_by_label("Repetitions", exact=True).fill("500")
    page.get_by_role("button", name="Add to plan").click()
    expect(page.locator("#reps-error")).to_contain_text("between 1 and 100")
    assert page.get_by_label("Repetitions", exact=True).input_value() == "500"


def test_library_and_templates_are_accessible(page, browser_login, make_user, therapist, axe_scan):
    manager = make_user("manager", clinic=therapist.clinic)
    browser_login(manager)
    page.get_by_role("link", name="Libraries").first.click()
    expect(page.get_by_role("heading", name="Libraries")).to_be_visible()
    expect(page.locator("#exercises svg[role=img]").first).to_be_visible()
    assert axe_scan() == []
    page.get_by_role("link", name="New exercise").click()
    assert axe_scan() == []
    page.goto("/plans/templates")
    # the clinic starts with one template per clinical practice guideline
    expect(page.get_by_role("row", name="Neck pain with mobility deficits")).to_contain_text(
        "Blanpied et al."
    )
    assert axe_scan() == []
