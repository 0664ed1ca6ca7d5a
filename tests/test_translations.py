"""Printing in the patient's language, and the clinic's review of translations, through the web
and the command line: warnings before an unreviewed or fallback translation, right-to-left
refused, reviewers only, corrections that break placeholders refused, every change audited."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from ptplan.audit.models import AuditEvent
from ptplan.demo.clinic import seed_demo
from ptplan.extensions import db
from ptplan.i18n.groups import messages_by_group
from ptplan.translations.models import TranslationReview
from ptplan.translations.services import reviewer_languages, set_reviewer_languages
from tests.conftest import PASSWORD
from tests.factories.documents import demo_patient
from tests.factories.forms import switch_user

THERAPIST = "therapist@demo.ptplan.test"
REVIEWER = "therapist2@demo.ptplan.test"  # the demo's Spanish reviewer
ADMIN = "admin@demo.ptplan.test"


@pytest.fixture()
def demo(app):
    return seed_demo(PASSWORD)


def pdf_text(response) -> str:
    assert response.status_code == 200 and response.mimetype == "application/pdf", response.get_data(
        as_text=True
    )[:300]
    pages = PdfReader(BytesIO(response.get_data())).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def review_form(client, language: str, group: str) -> tuple[str, list[str]]:
    html = client.get(f"/translations/{language}/{group}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    found = dict(
        re.findall(r'<textarea[^>]*name="texts-(\d+)"[^>]*>\n?(.*?)</textarea>', html, flags=re.DOTALL)
    )
    found.update(re.findall(r'<input type="hidden" name="texts-(\d+)" value="([^"]*)">', html))
    return token, [_unescape(found[str(i)]) for i in range(len(found))]


def submit(client, language, group, token, texts, *, mark=False, extra=None):
    data = {"csrf_token": token, **{f"texts-{i}": t for i, t in enumerate(texts)}}
    data.update(extra or {})
    data["mark_reviewed" if mark else "save"] = "1"
    return client.post(f"/translations/{language}/{group}", data=data)


def mark_all_reviewed(client, language: str, groups) -> None:
    for group in groups:
        token, texts = review_form(client, language, group)
        response = submit(client, language, group, token, texts, mark=True)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]


def _unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#34;", '"')
        .replace("&#39;", "'")
        .replace("&amp;", "&")
    )


# ------------------------------------------------------------------ printing


def test_chart_links_print_in_the_patient_s_language_with_a_menu_for_others(client, login, demo):
    patient = demo_patient(demo, "DEMO-0010")
    login(demo.users[THERAPIST])
    html = client.get(f"/patients/{patient.id}").get_data(as_text=True)
    assert f"/patients/{patient.id}/home-plan.pdf?language=es" in html
    assert f"/patients/{patient.id}/dn-consent.pdf?blank=1&amp;language=es" in html
    assert 'for="home-plan-language"' in html and '<option value="zh-Hans"' in html


def test_unreviewed_translation_warns_first_then_prints_and_audits_the_language(client, login, demo):
    patient = demo_patient(demo, "DEMO-0010")
    login(demo.users[THERAPIST])
    warning = client.get(f"/patients/{patient.id}/home-plan.pdf")
    assert warning.status_code == 200 and warning.mimetype == "text/html"
    page = warning.get_data(as_text=True)
    assert "has not been reviewed by your clinic" in page and "Print in Spanish anyway" in page
    text = pdf_text(client.get(f"/patients/{patient.id}/home-plan.pdf?language=es&confirmed=1"))
    assert "Su plan de ejercicios en casa" in text and "Traducción aún no revisada por su clínica" in text
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "print").order_by(AuditEvent.id.desc())
    ).first()
    assert event.category == "home_plan" and "language es, unreviewed translation" in event.detail


def test_english_prints_straight_away(client, login, demo):
    patient = demo_patient(demo)  # prefers English
    login(demo.users[THERAPIST])
    text = pdf_text(client.get(f"/patients/{patient.id}/home-plan.pdf"))
    assert "Your home exercise plan" in text and "Translation" not in text


def test_a_language_without_catalogue_falls_back_to_english_after_telling_the_therapist(client, login, demo):
    patient = demo_patient(demo)
    patient.preferred_language = "fr"
    db.session.commit()
    login(demo.users[THERAPIST])
    page = client.get(f"/patients/{patient.id}/home-plan.pdf").get_data(as_text=True)
    assert "There is no translation for the language &#39;fr&#39;" in page
    text = pdf_text(client.get(f"/patients/{patient.id}/home-plan.pdf?language=fr&confirmed=1"))
    assert "Your home exercise plan" in text


@pytest.mark.parametrize("code", ["ar", "he"])
def test_right_to_left_is_refused_even_when_confirmed(client, login, demo, code):
    patient = demo_patient(demo)
    login(demo.users[THERAPIST])
    for url in (
        f"/patients/{patient.id}/home-plan.pdf?language={code}&confirmed=1",
        f"/patients/{patient.id}/dn-consent.pdf?language={code}&confirmed=1",
    ):
        response = client.get(url)
        assert response.mimetype == "text/html"
        page = response.get_data(as_text=True)
        assert "right-to-left" in page and "Print in English instead" in page and "anyway" not in page


def test_consent_form_prints_in_chinese_with_the_cjk_font(client, login, demo):
    patient = demo_patient(demo)
    login(demo.users[THERAPIST])
    response = client.get(f"/patients/{patient.id}/dn-consent.pdf?blank=1&language=zh-Hans&confirmed=1")
    text = pdf_text(response)
    assert "干针治疗同意书" in text.replace(" ", "") and "翻译尚未经您的诊所审核" in text.replace(" ", "")


# ------------------------------------------------------------------ review


def test_only_reviewers_of_the_language_may_review(client, login, demo):
    login(demo.users[THERAPIST])
    assert client.get("/translations/es/consent").status_code == 403
    assert "not a reviewer for any language" in client.get("/translations/").get_data(as_text=True)
    switch_user(client, login, demo.users[REVIEWER])
    assert client.get("/translations/es/consent").status_code == 200
    assert client.get("/translations/vi/consent").status_code == 403
    assert client.get("/translations/es/no-such-group").status_code == 404
    assert client.get("/translations/fr/consent").status_code == 404


def test_admin_marks_a_reviewer_and_the_change_is_audited(client, login, demo, csrf):
    therapist = demo.users[THERAPIST]
    login(demo.users[ADMIN])
    path = f"/admin/users/{therapist.id}/translation-reviewer"
    response = client.post(path, data={"csrf_token": csrf(path), "languages": ["vi", "zh-Hans"]})
    assert response.status_code == 302
    assert reviewer_languages(therapist) == ["vi", "zh-Hans"]
    users_page = client.get("/admin/users").get_data(as_text=True)
    assert "Vietnamese, Chinese (Simplified)" in users_page
    assert db.session.scalar(
        select(AuditEvent.id).where(
            AuditEvent.detail == "translation reviewer for: vi, zh-Hans", AuditEvent.entity_id == therapist.id
        )
    )
    # An administrator does not review (no clinical access), and cannot be made a reviewer.
    admin = demo.users[ADMIN]
    assert client.get("/translations/").status_code == 403
    refused = client.post(
        f"/admin/users/{admin.id}/translation-reviewer",
        data={"csrf_token": csrf("/admin/users"), "languages": ["es"]},
        follow_redirects=True,
    )
    assert "only therapists and managers review translations" in refused.get_data(as_text=True)
    assert reviewer_languages(admin) == []


def test_a_correction_that_drops_a_placeholder_is_refused_beside_the_field(client, login, demo):
    login(demo.users[REVIEWER])
    group = "home-plan"
    token, texts = review_form(client, "es", group)
    index = next(i for i, m in enumerate(messages_by_group()[group]) if m.id == "Printed %(date)s")
    texts[index] = "Impreso el día"
    response = submit(client, "es", group, token, texts, mark=True)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Keep the placeholders exactly as in the English: %(date)s." in page
    assert db.session.scalar(select(TranslationReview.id)) is None  # nothing stored


def test_a_stray_percent_sign_is_refused(client, login, demo):
    login(demo.users[REVIEWER])
    group = "common"
    token, texts = review_form(client, "es", group)
    index = next(i for i, m in enumerate(messages_by_group()[group]) if m.id == "Phone: %(phone)s")
    texts[index] = "Teléfono 100% %(phone)s"
    response = submit(client, "es", group, token, texts)
    assert response.status_code == 422 and "stray % sign" in response.get_data(as_text=True)


def test_reviewed_corrected_plan_prints_without_warning_with_the_reviewer_in_the_footer(client, login, demo):
    patient = demo_patient(demo, "DEMO-0010")
    reviewer = demo.users[REVIEWER]
    login(reviewer)
    group = "exercise:piriformis-stretch-supine"
    token, texts = review_form(client, "es", group)
    texts[0] = "Estiramiento del músculo piriforme, boca arriba"
    assert submit(client, "es", group, token, texts).status_code == 302
    row = db.session.scalars(select(TranslationReview)).one()
    assert row.override_text == texts[0] and row.reviewed_text is None
    home = client.get(f"/patients/{patient.id}/home-plan.pdf")
    assert home.mimetype == "text/html"  # still unreviewed: the therapist is warned
    groups = [g for g in messages_by_group() if not g.startswith(("exercise:", "technique:"))]
    from ptplan.documents.home_plan import active_plan
    from ptplan.documents.language import plan_groups

    groups = sorted(set(groups) | set(plan_groups(active_plan(patient, demo.clinic))))
    mark_all_reviewed(client, "es", groups)
    text = pdf_text(client.get(f"/patients/{patient.id}/home-plan.pdf"))
    assert "Estiramiento del músculo piriforme, boca arriba" in text
    assert f"Traducción revisada por {reviewer.display_name}" in text
    audited = db.session.scalars(select(AuditEvent).where(AuditEvent.category == "translation")).all()
    assert any("1 corrected" in e.detail for e in audited) and any(
        "marked reviewed" in e.detail for e in audited
    )
    # A later correction needs review again.
    token, texts = review_form(client, "es", group)
    texts[0] = "Estiramiento del piriforme, acostado boca arriba"
    assert submit(client, "es", group, token, texts).status_code == 302
    assert client.get(f"/patients/{patient.id}/home-plan.pdf").mimetype == "text/html"


def test_reviewer_assignment_service_keeps_only_shipped_languages(app, demo):
    user = demo.users[THERAPIST]
    set_reviewer_languages(user, ["es", "fr", "ar"], actor=demo.users[ADMIN])
    assert reviewer_languages(user) == ["es"]


# ------------------------------------------------------------------ command line


def test_export_plan_defaults_to_the_patient_s_language(runner, demo, tmp_path):
    out = tmp_path / "plan.pdf"
    result = runner.invoke(args=["export-plan", "--mrn", "DEMO-0010", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "Spanish" in result.output and "not been reviewed" in result.output
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    assert "Su plan de ejercicios en casa" in text


def test_export_plan_language_option_overrides_the_patient_s(runner, demo, tmp_path):
    out = tmp_path / "plan.pdf"
    result = runner.invoke(
        args=["export-plan", "--mrn", "DEMO-0010", "--output", str(out), "--language", "vi"]
    )
    assert result.exit_code == 0, result.output
    assert "Kế hoạch tập luyện tại nhà" in " ".join(PdfReader(out).pages[0].extract_text().split())


@pytest.mark.parametrize(("code", "message"), [("xx", "Unknown language code 'xx'"), ("ar", "right-to-left")])
def test_export_plan_refuses_unknown_and_right_to_left_codes(runner, demo, tmp_path, code, message):
    out = tmp_path / "plan.pdf"
    result = runner.invoke(
        args=["export-plan", "--mrn", "DEMO-0010", "--output", str(out), "--language", code]
    )
    assert result.exit_code == 1 and message in result.output and not out.exists()
