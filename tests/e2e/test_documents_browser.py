"""Documents in a real browser: "Print home plan" downloads a PDF; the Documents section passes axe."""

import pytest
from playwright.sync_api import expect

from ptplan.demo.clinic import seed_demo
from tests.conftest import PASSWORD
from tests.factories.documents import demo_patient

pytestmark = pytest.mark.browser


def test_print_home_plan_downloads_a_pdf_and_documents_section_is_accessible(
    page, browser_login, axe_scan, tmp_path, app
):
    demo = seed_demo(PASSWORD)
    patient = demo_patient(demo)
    browser_login(demo.users["therapist@demo.ptplan.test"])
    page.goto(f"/patients/{patient.id}")
    section = page.locator("section[aria-labelledby='section-documents']")
    expect(section.get_by_role("heading", name="Documents")).to_be_visible()
    expect(section.get_by_role("link", name="Home plan, large print")).to_be_visible()
    assert axe_scan("section[aria-labelledby='section-documents']") == []

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Print home plan").click()
    download = download_info.value
    assert download.suggested_filename.startswith("Home_plan_-_Maria_Gonzalez") or (
        download.suggested_filename.startswith("Home plan - Maria Gonzalez")
    )
    assert download.suggested_filename.endswith(".pdf")
    path = tmp_path / "home-plan.pdf"
    download.save_as(path)
    assert path.read_bytes().startswith(b"%PDF-")

    with page.expect_download() as download_info:
        section.get_by_role("link", name="Dry-needling consent form, blank to sign").click()
    assert download_info.value.suggested_filename.endswith(".pdf")
    assert axe_scan() == []
