"""An initial evaluation in a real browser: type, see the live score, sign, correct by addendum."""

import pytest
from playwright.sync_api import expect

from tests.factories.evaluations import EVALUATION_MUSCLES

pytestmark = pytest.mark.browser


def test_write_sign_and_addend_an_initial_evaluation(
    page, browser_login, therapist, make_patient, axe_scan, make_muscles
):
    patient = make_patient(therapist=therapist, first_name="Maria", last_name="Gonzalez")
    make_muscles(therapist.clinic_id, EVALUATION_MUSCLES)
    browser_login(therapist)
    page.goto(f"/patients/{patient.id}")
    page.get_by_role("link", name="New initial evaluation").click()
    expect(page.get_by_role("heading", name="Initial evaluation: Maria Gonzalez")).to_be_visible()

    page.get_by_label("Chief complaint", exact=True).fill("Right buttock pain down the back of the leg")
    page.get_by_label("Buttock, right", exact=True).check()
    page.get_by_label("Calf, right", exact=True).check()
    page.get_by_label("Pain now (NPRS)", exact=True).fill("7")
    page.get_by_label("Pain at worst, last 24 h", exact=True).fill("9")
    page.get_by_label("Right SLR angle at symptom onset", exact=True).fill("45")
    page.get_by_label("Right: symptoms below the knee", exact=True).check()
    page.get_by_label("Trigger point 1 muscle", exact=True).select_option(label="Piriformis")
    for index, answer in enumerate([3, 2, 3, 2, 3, 2, 2, 2, 2, 3]):
        page.locator(f"#odi_{index + 1}").fill(str(answer))
    # the live score (server still authoritative) shows as the therapist types
    expect(page.locator("#odi-live")).to_have_text("48% (severe disability)")
    # a red flag shows a prominent warning at once
    page.get_by_label("History of cancer", exact=True).check()
    expect(page.get_by_text("Red flag present: consider referral")).to_be_visible()
    page.get_by_label("History of cancer", exact=True).uncheck()
    expect(page.get_by_text("Red flag present: consider referral")).to_be_hidden()
    assert axe_scan() == []

    # bad input: kept, with a message next to the field
    page.locator("#odi_10").fill("6")
    page.get_by_role("button", name="Save and sign").click()
    expect(page.locator("#odi_10-error")).to_contain_text("Enter a whole number from 0 to 5.")
    expect(page.get_by_label("Chief complaint", exact=True)).to_have_value(
        "Right buttock pain down the back of the leg"
    )
    page.locator("#odi_10").fill("3")
    page.get_by_role("button", name="Save and sign").click()

    expect(page.get_by_text("Initial evaluation signed and locked.")).to_be_visible()
    expect(page.get_by_role("cell", name="48%")).to_be_visible()
    expect(page.get_by_role("cell", name="severe disability")).to_be_visible()
    expect(page.get_by_role("row", name="Right 45°")).to_contain_text("Positive")
    expect(page.get_by_text("Piriformis, right")).to_be_visible()
    expect(page.get_by_role("link", name="Edit draft")).to_have_count(0)
    assert axe_scan() == []

    page.get_by_label("Reason for the addendum", exact=True).fill("Left SLR not recorded")
    page.get_by_label("Addendum", exact=True).fill("Left SLR negative at 80 degrees.")
    page.get_by_role("button", name="Add addendum").click()
    expect(page.get_by_text("Addendum added beneath the signed evaluation.")).to_be_visible()
    expect(page.get_by_text("Left SLR negative at 80 degrees.")).to_be_visible()
    expect(page.get_by_text("Reason: Left SLR not recorded")).to_be_visible()

    page.get_by_role("link", name="Maria Gonzalez").first.click()
    expect(page.get_by_role("img", name="Outcome measures over time")).to_be_visible()
    expect(page.get_by_role("cell", name="Initial evaluation")).to_be_visible()
    assert axe_scan() == []


def test_reevaluation_prefills_and_shows_last_values(page, browser_login, therapist, make_patient, axe_scan):
    from datetime import date, timedelta

    from ptplan.evaluations import services
    from ptplan.extensions import db

    patient = make_patient(therapist=therapist)
    day = date.today() - timedelta(days=21)
    services.create_evaluation(
        patient,
        therapist,
        "initial",
        {
            "date_of_service": day,
            "chief_complaint": "Sciatica, right",
            "nprs_current": 6,
            "odi_answers": [3] * 10,
        },
        sign=True,
    )
    db.session.commit()
    browser_login(therapist)
    page.goto(f"/patients/{patient.id}")
    page.get_by_role("link", name="New re-evaluation").click()
    expect(page.get_by_label("Chief complaint", exact=True)).to_have_value("Sciatica, right")
    expect(page.get_by_label("Pain now (NPRS)", exact=True)).to_have_value("")
    expect(page.get_by_text(f"last: 6 on {day.isoformat()}")).to_be_visible()
    expect(page.get_by_text(f"Last ODI: 60% on {day.isoformat()}")).to_be_visible()
    assert axe_scan() == []
