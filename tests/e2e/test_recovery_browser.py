"""Password reset, recovery codes, sessions and amendment requests in a real browser, with axe-core."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NEW_PASSWORD = "lantern orchard pebble violin"


def test_admin_hands_over_a_reset_link_and_the_user_sets_a_password(
    page, browser, live_server, browser_login, make_user, axe_scan
):
    admin = make_user("admin")
    therapist = make_user("therapist", clinic=admin.clinic)
    browser_login(admin)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Staff sign-in").click()
    expect(page.get_by_role("heading", name="Staff sign-in")).to_be_visible()
    assert axe_scan() == []
    page.get_by_role("link", name=therapist.display_name).click()
    assert axe_scan() == []
    page.get_by_role("button", name="Issue password-reset link").click()
    expect(page.get_by_text("This link is shown only now.")).to_be_visible()
    assert axe_scan() == []
    url = page.get_by_label("One-time link").input_value()
    assert re.search(r"/password/reset/[\w-]{40,}$", url)

    context = browser.new_context(base_url=live_server, bypass_csp=True)
    user_page = context.new_page()
    user_page.goto(url)
    user_page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    user_page.get_by_label("New password again").fill(NEW_PASSWORD)
    user_page.keyboard.press("Enter")
    expect(user_page.get_by_text("Every earlier session has ended")).to_be_visible()
    user_page.get_by_label("Email").fill(therapist.email)
    user_page.get_by_label("Password").fill(NEW_PASSWORD)
    user_page.get_by_role("button", name="Log in").click()
    expect(user_page.get_by_role("button", name="Log out")).to_be_visible()
    context.close()


def test_reset_forgot_and_session_pages_are_accessible(page, browser_login, therapist, axe_scan):
    page.goto("/password/forgot")
    assert axe_scan() == []
    page.get_by_label("Email").fill("someone@example.test")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Request noted")).to_be_visible()
    assert axe_scan() == []
    page.goto("/password/reset/not-a-real-link")
    assert axe_scan() == []
    browser_login(therapist)
    page.goto("/account/sessions")
    expect(page.get_by_text("This device")).to_be_visible()
    assert axe_scan() == []


def test_recovery_codes_are_shown_once_at_enrolment(app, page, make_user, axe_scan, monkeypatch):
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
    db.session.expire_all()
    secret = db.session.get(User, manager.id).totp_secret
    page.get_by_label("6-digit code").fill(pyotp.TOTP(secret).now())
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Save your recovery codes")).to_be_visible()
    expect(page.get_by_role("list", name="Recovery codes").get_by_role("listitem")).to_have_count(10)
    assert axe_scan() == []
    page.get_by_role("link", name="I have saved my codes: continue").click()
    page.goto("/account/recovery-codes")
    expect(page.get_by_text("10 unused recovery codes")).to_be_visible()
    assert axe_scan() == []


def test_amendment_request_from_the_chart(
    page, browser_login, make_user, make_patient, make_evaluation, axe_scan
):
    from datetime import date

    therapist = make_user("therapist")
    patient = make_patient(therapist=therapist)
    make_evaluation(patient, therapist, {}, on=date(2026, 3, 2))  # signed, no scores
    browser_login(therapist)
    page.goto(f"/patients/{patient.id}")
    page.get_by_role("link", name="Record an amendment request").click()
    assert axe_scan() == []
    page.get_by_label("Record to amend").select_option(index=1)
    page.get_by_label("Requested by").fill("The patient")
    page.get_by_label("What the patient wants changed").fill("My pain started in May, not June.")
    page.get_by_label("Why, in the patient's words").fill("The dates matter for my claim.")
    page.get_by_role("button", name="Record request").click()
    expect(page.get_by_text("Amendment request recorded.")).to_be_visible()
    assert axe_scan() == []
    page.get_by_label("Reason for denial").fill("The record is accurate.")
    page.get_by_role("button", name="Deny").click()
    expect(page.get_by_role("heading", name="Denied", exact=True)).to_be_visible()
    assert axe_scan() == []
