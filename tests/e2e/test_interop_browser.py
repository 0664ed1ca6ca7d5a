"""Browser: the import page (preview, problems by line) and the API tokens page are accessible
and keyboard-usable; the chart offers the patient's copy."""

from __future__ import annotations

from playwright.sync_api import expect

HEADER = "mrn,first_name,last_name,date_of_birth,sex\n"


def test_manager_previews_a_file_with_problems_then_a_clean_one(
    page, browser_login, make_user, axe_scan, tmp_path
):
    manager = make_user("manager")
    browser_login(manager)
    page.get_by_role("link", name="Import patients").click()
    expect(page.get_by_role("heading", name="Import patients")).to_be_visible()
    assert axe_scan() == []
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "A-1,Ana,Lopez,1980-02-31,female\nA-2,=cmd(),Lopez,1980-01-01,female\n")
    page.get_by_label("Patient file").set_input_files(str(bad))
    page.get_by_role("button", name="Check and preview").click()
    expect(page.get_by_role("alert").filter(has_text="Nothing was imported")).to_be_visible()
    rows = page.get_by_role("row")
    expect(rows.filter(has_text="not a real date")).to_contain_text("2")
    expect(rows.filter(has_text="spreadsheet formula")).to_contain_text("3")
    assert axe_scan() == []
    good = tmp_path / "good.csv"
    good.write_text(HEADER + "A-1,Ana,Lopez,1980-02-28,female\n")
    page.get_by_label("Patient file").set_input_files(str(good))
    page.get_by_role("button", name="Check and preview").click()
    expect(page.get_by_role("status")).to_contain_text("All 1 rows are clean")
    assert axe_scan() == []
    page.get_by_label("Patient file").set_input_files(str(good))
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Imported 1 patients")


def test_tokens_page_creates_a_token_shown_once(page, browser_login, therapist, axe_scan):
    browser_login(therapist)
    page.goto("/account/password")
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", name="API tokens", exact=True)).to_be_visible()
    assert axe_scan() == []
    page.get_by_label("Name", exact=True).fill("Referral letters")
    page.get_by_label("Valid for (days)").fill("30")
    page.get_by_label("Valid for (days)").press("Enter")  # the keyboard submits the form
    token = page.get_by_label("New token").input_value()
    assert token.startswith("ptp_")
    assert axe_scan() == []
    page.goto("/account/api-tokens")  # a fresh visit never shows the token again
    expect(page.get_by_label("New token")).to_have_count(0)
    expect(page.get_by_role("cell", name="Referral letters")).to_be_visible()


def test_the_chart_offers_the_patients_copy(page, browser_login, therapist, make_patient):
    patient = make_patient(therapist=therapist)
    browser_login(therapist)
    page.goto(f"/patients/{patient.id}")
    link = page.get_by_role("link", name="Download the patient's record")
    expect(link).to_have_attribute("href", f"/patients/{patient.id}/record-copy.zip")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".zip")
