"""Log-in and the patient pages in a real browser, with axe-core scans."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_login_then_create_patient_and_open_chart(page, browser_login, therapist, axe_scan):
    page.goto("/login")
    assert axe_scan() == []
    browser_login(therapist)
    expect(page.get_by_role("heading", name="My day")).to_be_visible()
    page.get_by_role("link", name="Patients").first.click()
    page.get_by_role("link", name="New patient").click()
    assert axe_scan() == []
    page.get_by_label("MRN", exact=True).fill("E2E-0001")
    page.get_by_label("First name", exact=True).fill("Zoë")
    page.get_by_label("Last name", exact=True).fill("Łukasiewicz-Núñez")
    page.get_by_label("Date of birth", exact=True).fill("1990-01-28")
    page.get_by_role("button", name="Save patient").click()
    expect(page.get_by_role("heading", name="Zoë Łukasiewicz-Núñez")).to_be_visible()
    assert axe_scan() == []
    page.get_by_label("Find a patient by name, MRN or date of birth").fill("E2E-0001")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Łukasiewicz-Núñez, Zoë")).to_be_visible()
    assert axe_scan() == []


def test_bad_input_shows_message_by_the_field(page, browser_login, therapist):
    browser_login(therapist)
    page.goto("/patients/new")
    page.get_by_label("MRN", exact=True).fill("E2E-0002")
    page.get_by_label("First name", exact=True).fill("<script>alert(1)</script>")
    page.get_by_label("Last name", exact=True).fill("Tester")
    page.get_by_label("Date of birth", exact=True).fill("2999-01-01")
    page.get_by_role("button", name="Save patient").click()
    expect(page.locator("#date_of_birth-error")).to_contain_text("future")
    assert page.get_by_label("Date of birth", exact=True).get_attribute("aria-invalid") == "true"
    # the payload is shown back escaped, as text, and nothing ran
    assert page.get_by_label("First name", exact=True).input_value() == "<script>alert(1)</script>"


def test_admin_and_manager_pages_are_accessible_and_keyboard_usable(page, browser_login, make_user, axe_scan):
    admin = make_user("admin")
    make_user("therapist", clinic=admin.clinic)
    browser_login(admin)
    expect(page.get_by_role("heading", name="Users")).to_be_visible()
    assert axe_scan() == []
    page.goto("/admin/users/new")
    assert axe_scan() == []
    page.goto("/audit/")
    expect(page.get_by_role("heading", name="Audit report")).to_be_visible()
    assert axe_scan() == []
    page.goto("/admin/clinic")
    assert axe_scan() == []
    # keyboard: the skip link is the first stop and moves focus to the main content
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_my_day_and_error_page_are_accessible(page, browser_login, therapist, axe_scan):
    browser_login(therapist)
    assert axe_scan() == []
    page.goto("/patients/424242")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    assert axe_scan() == []


def test_manager_sets_up_the_second_factor_in_the_browser(app, page, make_user, axe_scan, monkeypatch):
    import pyotp

    from ptplan.auth.models import User
    from ptplan.extensions import db
    from tests.conftest import PASSWORD

    monkeypatch.setitem(app.config, "MFA_REQUIRED_ROLES", ("manager", "admin"))
    manager = make_user("manager")
    page.goto("/login")
    page.get_by_label("Email").fill(manager.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Set up your authenticator app")).to_be_visible()
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    assert axe_scan() == []
    db.session.expire_all()
    secret = db.session.get(User, manager.id).totp_secret
    page.get_by_label("6-digit code").fill(pyotp.TOTP(secret).now())
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Log out")).to_have_count(0)
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
