"""Printing in the patient's language and reviewing a translation, in a real browser with axe-core."""

import pytest
from playwright.sync_api import expect

from ptplan.demo.clinic import seed_demo
from tests.conftest import PASSWORD
from tests.factories.documents import demo_patient

pytestmark = pytest.mark.browser


def test_spanish_home_plan_warns_then_downloads_and_pages_are_accessible(
    page, browser_login, axe_scan, tmp_path, app
):
    demo = seed_demo(PASSWORD)
    patient = demo_patient(demo, "DEMO-0010")
    browser_login(demo.users["therapist@demo.ptplan.test"])
    page.goto(f"/patients/{patient.id}")
    section = page.locator("section[aria-labelledby='section-documents']")
    expect(section.get_by_label("Home plan in")).to_have_value("es")
    assert axe_scan("section[aria-labelledby='section-documents']") == []

    section.get_by_role("link", name="Home plan", exact=False).first.click()
    expect(page.get_by_role("heading", name="Before you print the home plan")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("has not been reviewed by your clinic")
    assert axe_scan() == []
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Print in Spanish anyway").click()
    path = tmp_path / "plan.pdf"
    download_info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF-")


def test_reviewer_corrects_a_text_beside_the_english(page, browser_login, axe_scan, app):
    demo = seed_demo(PASSWORD)
    browser_login(demo.users["therapist2@demo.ptplan.test"])
    page.goto("/translations/")
    assert axe_scan() == []
    page.get_by_role("link", name="Exercise: Bridge", exact=True).click()
    expect(page.get_by_role("columnheader", name="English")).to_be_visible()
    assert axe_scan() == []
    field = page.get_by_label("Spanish translation of: <b>Why:</b>", exact=False)
    if field.count() == 0:
        field = page.locator("textarea").first
    field.first.fill("Puente de glúteos")
    page.get_by_role("button", name="Save and mark reviewed").click()
    expect(page.get_by_role("alert").or_(page.locator(".alert-success"))).to_contain_text("marked reviewed")
