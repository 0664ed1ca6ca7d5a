"""export-fhir (Bundle and Bulk Data NDJSON), create-api-token, and the account page's tokens."""

from __future__ import annotations

import json
import re
import tracemalloc
from collections import Counter

from sqlalchemy import func, select

from ptplan.audit.models import AuditEvent
from ptplan.demo.clinic import seed_demo
from ptplan.extensions import db
from ptplan.fhir import bulk, codes, tokens
from ptplan.fhir.record import references, unresolved_references
from tests.conftest import csrf_token
from tests.fhir_helpers import validate_round_trip


def test_export_fhir_writes_one_collection_bundle(app, runner, tmp_path):
    seed_demo("export command passphrase")
    output = tmp_path / "maria.json"
    result = runner.invoke(args=["export-fhir", "--mrn", "DEMO-0001", "--output", str(output)])
    assert result.exit_code == 0, result.output
    written = json.loads(output.read_text(encoding="utf-8"))
    assert written["type"] == "collection"
    assert unresolved_references(written) == []
    validate_round_trip(written)
    assert all(
        e["fullUrl"].endswith(f"/{e['resource']['resourceType']}/{e['resource']['id']}")
        for e in written["entry"]
    )
    exports = db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.category == "fhir_export"))
    assert exports == 1


def test_export_fhir_refuses_unclear_arguments(app, runner, tmp_path):
    seed_demo("export command passphrase")
    assert runner.invoke(args=["export-fhir", "--mrn", "DEMO-0001"]).exit_code != 0
    assert (
        runner.invoke(args=["export-fhir", "--clinic", "Nowhere", "--output-dir", str(tmp_path)]).exit_code
        != 0
    )
    assert runner.invoke(args=["export-fhir"]).exit_code != 0
    assert (
        runner.invoke(args=["export-fhir", "--mrn", "NOPE", "--output", str(tmp_path / "x")]).exit_code != 0
    )


def test_bulk_export_writes_ndjson_per_type_that_resolves_across_files(app, runner, tmp_path):
    demo = seed_demo("export command passphrase")
    result = runner.invoke(args=["export-fhir", "--clinic", demo.clinic.name, "--output-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    present, referenced = set(), set()
    counts: Counter[str] = Counter()
    for path in sorted(tmp_path.glob("*.ndjson")):
        for line in path.read_text(encoding="utf-8").splitlines():
            resource = json.loads(line)
            assert f"{resource['resourceType']}.ndjson" == path.name
            validate_round_trip(resource)
            key = f"{resource['resourceType']}/{resource['id']}"
            assert key not in present
            present.add(key)
            referenced |= set(references(resource))
            counts[resource["resourceType"]] += 1
    assert referenced <= present
    assert set(counts) == set(codes.RESOURCE_TYPES)
    assert counts["Patient"] == len(demo.patients)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert {item["type"]: item["count"] for item in manifest["output"]} == dict(counts)


def test_bulk_export_memory_does_not_grow_with_the_clinic(
    app, tmp_path, make_clinic, make_user, make_patient
):
    """Peak traced memory for 120 patients stays within that of 30 patients plus a margin:
    the walk keeps ids only and empties the session after each batch."""
    from ptplan.clinics.models import Clinic

    clinic = make_clinic()
    clinic_id, therapist_id = clinic.id, make_user("therapist", clinic=clinic).id

    def peak(count: int) -> int:
        for _ in range(count):
            make_patient(clinic=db.session.get(Clinic, clinic_id), primary_therapist_id=therapist_id)
        db.session.expunge_all()
        tracemalloc.start()
        bulk.export_clinic(db.session.get(Clinic, clinic_id), tmp_path / str(count), with_pdfs=False)
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    small = peak(30)
    large = peak(90)  # 120 patients in all
    assert large < small * 1.5 + 200_000, (small, large)


def test_create_api_token_prints_once_and_stores_a_hash(app, runner, make_user):
    user = make_user("therapist")
    result = runner.invoke(args=["create-api-token", "--email", user.email.upper(), "--days", "7"])
    assert result.exit_code == 0, result.output
    plain = result.stdout.strip().splitlines()[0]
    assert tokens.TOKEN_PATTERN.match(plain)
    stored = db.session.scalar(select(tokens.ApiToken))
    assert stored.token_hash != plain and plain not in stored.token_hash
    assert (stored.expires_at - stored.created_at).days == 7
    assert runner.invoke(args=["create-api-token", "--email", "nobody@example.test"]).exit_code != 0
    assert runner.invoke(args=["create-api-token", "--email", user.email, "--days", "0"]).exit_code != 0


def token_form(client) -> dict[str, str]:
    """The hidden fields of a freshly opened create-token form (CSRF token and single-use nonce)."""
    html = client.get("/account/api-tokens").get_data(as_text=True)
    fields = dict(re.findall(r'<input id="[^"]+" name="([^"]+)" type="hidden" value="([^"]*)"', html))
    assert "csrf_token" in fields, html
    return fields


def test_account_page_creates_lists_and_revokes_tokens(app, client, login, make_user, make_patient):
    therapist = make_user("therapist")
    patient = make_patient(therapist=therapist)
    login(therapist)
    page = client.get("/account/api-tokens")
    assert page.status_code == 200 and "You have no API tokens" in page.get_data(as_text=True)
    bad = client.post("/account/api-tokens", data={**token_form(client), "label": "", "days": "900"})
    assert "Enter a number of days from 1 to 365" in bad.get_data(as_text=True)
    assert db.session.scalar(select(func.count(tokens.ApiToken.id))) == 0
    created = client.post(
        "/account/api-tokens", data={**token_form(client), "label": "Referral export", "days": "30"}
    )
    html = created.get_data(as_text=True)
    plain = re.search(r'id="new-token" value="(ptp_[^"]+)"', html).group(1)
    assert "shown only this once" in html and "Referral export" in html
    again = client.get("/account/api-tokens").get_data(as_text=True)
    assert plain not in again and plain[:10] in again  # listed by its first characters only
    headers = {"Authorization": f"Bearer {plain}"}
    assert client.get(f"/fhir/r4/Patient/{patient.id}", headers=headers).status_code == 200
    token = db.session.scalar(select(tokens.ApiToken))
    client.post(
        f"/account/api-tokens/{token.id}/revoke",
        data={"csrf_token": csrf_token(client, "/account/api-tokens")},
    )
    assert client.get(f"/fhir/r4/Patient/{patient.id}", headers=headers).status_code == 401
    assert "Revoked" in client.get("/account/api-tokens").get_data(as_text=True)


def test_resending_the_create_form_makes_no_second_token(app, client, login, make_user):
    login(make_user("therapist"))
    data = {**token_form(client), "label": "Referral export", "days": "30"}
    created = client.post("/account/api-tokens", data=data)
    assert created.status_code == 200 and created.headers["Cache-Control"] == "no-store"
    plain = re.search(r'id="new-token" value="(ptp_[^"]+)"', created.get_data(as_text=True)).group(1)
    resent = client.post("/account/api-tokens", data=data)  # what a reload of the answer does
    html = resent.get_data(as_text=True)
    assert resent.status_code == 409 and "already submitted, so no new token was made" in html
    assert 'id="new-token"' not in html and plain not in html
    assert db.session.scalar(select(func.count(tokens.ApiToken.id))) == 1
    without_nonce = {key: value for key, value in data.items() if key != "nonce"}
    assert client.post("/account/api-tokens", data=without_nonce).status_code == 409
    forged = client.post("/account/api-tokens", data={**data, "nonce": "made-up"})
    assert forged.status_code == 409
    assert db.session.scalar(select(func.count(tokens.ApiToken.id))) == 1
    # A fresh copy of the form still works, and the plain token is in no cookie.
    again = client.post("/account/api-tokens", data={**token_form(client), "label": "Second", "days": "7"})
    assert again.status_code == 200 and 'id="new-token"' in again.get_data(as_text=True)
    assert db.session.scalar(select(func.count(tokens.ApiToken.id))) == 2
    assert all(plain not in header for header in created.headers.getlist("Set-Cookie"))


def test_nobody_revokes_another_users_token(app, client, login, make_user):
    owner, other = make_user("therapist"), make_user("therapist")
    token, _ = tokens.create_token(owner)
    db.session.commit()
    login(other)
    response = client.post(
        f"/account/api-tokens/{token.id}/revoke",
        data={"csrf_token": csrf_token(client, "/account/api-tokens")},
    )
    assert response.status_code == 404
    db.session.refresh(token)
    assert token.revoked_at is None
