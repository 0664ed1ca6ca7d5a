"""Patient import: all or nothing, every bad row reported with its line, streaming, audited."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import func, select

from ptplan.audit.models import AuditEvent
from ptplan.extensions import db
from ptplan.interop import importer
from ptplan.interop.services import import_patients
from ptplan.patients.models import Patient, PatientDiagnosis
from tests.conftest import csrf_token

HEADER = (
    "mrn,first_name,last_name,date_of_birth,sex,phone,email,therapist_email,diagnosis_code,diagnosis_text\n"
)


def _count(clinic) -> int:
    return db.session.scalar(select(func.count(Patient.id)).where(Patient.clinic_id == clinic.id))


def _run(data: bytes, clinic, *, name: str = "patients.csv", dry_run: bool = False):
    result = import_patients(io.BytesIO(data), name, clinic, actor=None, dry_run=dry_run)
    db.session.commit()
    return result


@pytest.fixture()
def clinic(make_clinic):
    return make_clinic()


@pytest.fixture()
def therapist_email(make_user, clinic):
    return make_user("therapist", clinic=clinic).email


def test_a_clean_file_is_imported_with_therapist_and_diagnosis(app, clinic, therapist_email):
    data = (
        HEADER
        + f'A-1,Ana,López,1980-02-29,F,+1 555 0100,ana@example.com,{therapist_email.upper()},m5441,"Lumbago with sciatica, right side"\n'
        + "A-2,Bo,Smith,1970-01-01,male,,,,,\n"
    ).encode()
    result = _run(data, clinic)
    assert result.imported == 2 and result.report.error_count == 0
    ana = db.session.scalar(select(Patient).where(Patient.mrn == "A-1"))
    assert ana.first_name == "Ana" and ana.last_name == "López" and ana.sex == "female"
    assert ana.primary_therapist.email == therapist_email
    assert [d.icd10_code for d in ana.diagnoses] == ["M54.41"]
    created = db.session.scalar(select(AuditEvent).where(AuditEvent.category == "patient_import"))
    assert created.action == "create" and created.detail == "imported 2 patients"


def test_dry_run_checks_and_imports_nothing(app, clinic):
    result = _run((HEADER + "A-1,Ana,Lopez,1980-02-29,female,,,,,\n").encode(), clinic, dry_run=True)
    assert result.report.is_clean and result.imported == 0 and _count(clinic) == 0
    assert result.report.preview[0].values["mrn"] == "A-1"


BAD_ROWS = [
    ("A-1,,Lopez,1980-01-01,female,,,,,", "first_name is required"),
    ("A-1,Ana,Lopez,31/02/1980,female,,,,,", "not a date in the form YYYY-MM-DD"),
    ("A-1,Ana,Lopez,1980-02-31,female,,,,,", "not a real date"),
    ("A-1,Ana,Lopez,2999-01-01,female,,,,,", "in the future"),
    ("A-1,Ana,Lopez,1980-01-01,yes,,,,,", "sex"),
    ("A-1,=cmd(),Lopez,1980-01-01,female,,,,,", "looks like a spreadsheet formula"),
    ("A-1,Ana,@SUM(A1),1980-01-01,female,,,,,", "looks like a spreadsheet formula"),
    ("A-1,Ana,Lopez,1980-01-01,female,=1+1,,,,", "looks like a spreadsheet formula"),
    ("A-1,Ana,Lopez,1980-01-01,female,,,ghost@example.test,,", "no active therapist"),
    ("A-1,Ana,Lopez,1980-01-01,female,,not-an-email,,,", "not an email address"),
    ("A-1,Ana,Lopez,1980-01-01,female,,,,XYZ,Back pain", "not an ICD-10-CM code"),
    ('A-1,"Ana,Lopez,1980-01-01,female,,,,,', "malformed CSV"),
    ("A-1,Ana,Lopez,1980-01-01", "cells where the header has"),
]


@pytest.mark.parametrize(("row", "reason"), BAD_ROWS)
def test_a_bad_row_is_reported_with_its_line_and_nothing_is_imported(app, clinic, row, reason):
    data = (HEADER + "Z-9,Good,Row,1990-05-05,female,,,,,\n" + row + "\n").encode()
    result = _run(data, clinic)
    assert result.imported == 0 and _count(clinic) == 0
    assert [e.line for e in result.report.errors] == [3] * len(result.report.errors)
    assert any(reason in e.reason for e in result.report.errors), result.report.errors
    refused = db.session.scalar(select(AuditEvent).where(AuditEvent.category == "patient_import"))
    assert refused.outcome == "failure"


def test_every_bad_row_is_reported_not_just_the_first(app, clinic):
    rows = "".join(f"B-{n},Ana,Lopez,1980-02-{31 if n % 2 else 28},female,,,,,\n" for n in range(10))
    result = _run((HEADER + rows).encode(), clinic)
    assert result.report.error_count == 5
    assert [e.line for e in result.report.errors] == [3, 5, 7, 9, 11]


def test_duplicate_mrns_are_refused_case_insensitively(app, clinic, make_patient):
    make_patient(clinic=clinic, mrn="OLD-7")
    data = (
        HEADER
        + "new-1,A,B,1980-01-01,female,,,,,\nNEW-1,C,D,1980-01-01,male,,,,,\nold-7,E,F,1980-01-01,male,,,,,\n"
    ).encode()
    result = _run(data, clinic)
    reasons = {e.line: e.reason for e in result.report.errors}
    assert "also on line 2" in reasons[3]
    assert "already belongs to a patient of this clinic" in reasons[4]
    assert _count(clinic) == 1


def test_the_same_mrn_in_another_clinic_is_fine(app, clinic, make_clinic, make_patient):
    make_patient(clinic=make_clinic(), mrn="SHARED-1")
    assert _run((HEADER + "shared-1,A,B,1980-01-01,female,,,,,\n").encode(), clinic).imported == 1


def test_utf8_with_bom_and_latin1_are_accepted(app, clinic):
    bom = "\ufeff".encode() + (HEADER + "U-1,José,Muñoz,1980-01-01,male,,,,,\n").encode("utf-8")
    assert _run(bom, clinic).imported == 1
    latin = (HEADER + "L-1,Zoë,Müller,1980-01-01,female,,,,,\n").encode("latin-1")
    result = _run(latin, clinic)
    assert result.imported == 1 and result.report.encoding == "latin-1"
    assert db.session.scalar(select(Patient.last_name).where(Patient.mrn == "L-1")) == "Müller"


def test_windows_1252_quotes_read_as_latin1_are_refused_as_control_characters(app, clinic):
    data = HEADER.encode() + b"W-1,\x93Ana\x94,Lopez,1980-01-01,female,,,,,\n"
    result = _run(data, clinic)
    assert result.imported == 0 and "control characters" in result.report.errors[0].reason


def test_utf16_is_refused_as_a_bad_encoding(app, clinic):
    data = (HEADER + "U-1,Ana,Lopez,1980-01-01,female,,,,,\n").encode("utf-16")
    with pytest.raises(importer.FileProblem):
        _run(data, clinic)
    assert _count(clinic) == 0


def test_a_10_mb_line_is_refused_without_reading_it_whole(app, clinic):
    huge = "X" * (10 * 1024 * 1024)
    data = (HEADER + "A-1,Ana,Lopez,1980-01-01,female,,,,,\n" + f"A-2,{huge},Lopez,1980-01-01,female,,,,,\n"
            + "A-3,Cy,Lopez,1980-01-01,female,,,,,\n").encode()  # fmt: skip
    result = _run(data, clinic)
    assert result.imported == 0
    assert [(e.line, "longer than 64 KB" in e.reason) for e in result.report.errors] == [(3, True)]


def test_header_problems_are_named(app, clinic):
    with pytest.raises(importer.FileProblem, match="missing required columns: date_of_birth"):
        _run(b"mrn,first_name,last_name,sex\nA,B,C,female\n", clinic)
    with pytest.raises(importer.FileProblem, match="unknown columns: favourite_colour"):
        _run((HEADER.strip() + ",favourite_colour\n").encode(), clinic)
    with pytest.raises(importer.FileProblem, match="empty"):
        _run(b"", clinic)


def _fhir_patient(mrn: str, **overrides) -> str:
    resource = {
        "resourceType": "Patient",
        "identifier": [{"type": {"coding": [{"code": "MR"}]}, "value": mrn}],
        "name": [{"use": "official", "family": "Lopez", "given": ["Ana", "María"]}],
        "gender": "female",
        "birthDate": "1980-01-01",
        "telecom": [{"system": "phone", "value": "555-0100"}],
        "address": [{"line": ["1 Main St"], "city": "Springfield"}],
    }
    resource.update(overrides)
    return json.dumps(resource)


def test_fhir_patient_ndjson_is_imported(app, clinic):
    data = "\n".join([_fhir_patient("F-1"), _fhir_patient("F-2", gender="male")]).encode()
    assert _run(data, clinic, name="patients.ndjson").imported == 2
    first = db.session.scalar(select(Patient).where(Patient.mrn == "F-1"))
    assert (
        first.first_name == "Ana María"
        and first.address == "1 Main St, Springfield"
        and first.phone == "555-0100"
    )


def test_bad_ndjson_lines_are_reported(app, clinic):
    lines = [
        _fhir_patient("F-1"),
        "{not json",
        json.dumps({"resourceType": "Observation"}),
        _fhir_patient("F-4", birthDate="1980-02-31"),
        _fhir_patient("f-1"),
        _fhir_patient("F-6", identifier="oops"),
    ]
    result = _run("\n".join(lines).encode(), clinic, name="patients.ndjson")
    lines_with_errors = sorted({e.line for e in result.report.errors})
    assert lines_with_errors == [2, 3, 4, 5, 6] and _count(clinic) == 0


def test_manager_page_previews_then_imports(app, client, login, make_user, clinic):
    manager = make_user("manager", clinic=clinic)
    login(manager)
    assert client.get("/patients/import").status_code == 200
    data = (HEADER + "P-1,Ana,Lopez,1980-01-01,female,,,,,\n").encode()

    def post(button: str, content: bytes):
        return client.post(
            "/patients/import",
            data={
                "file": (io.BytesIO(content), "patients.csv"),
                button: "1",
                "csrf_token": csrf_token(client, "/patients/import"),
            },
            content_type="multipart/form-data",
        )

    preview = post("preview", data)
    assert preview.status_code == 200 and "All 1 rows are clean" in preview.get_data(as_text=True)
    assert _count(clinic) == 0
    bad = post("submit", (HEADER + "P-2,Bo,Smith,1980-02-31,male,,,,,\n").encode())
    assert bad.status_code == 422 and "not a real date" in bad.get_data(as_text=True)
    assert _count(clinic) == 0
    done = post("submit", data)
    assert "Imported 1 patients" in done.get_data(as_text=True) and _count(clinic) == 1


def test_therapists_cannot_import(app, client, login, make_user, clinic):
    login(make_user("therapist", clinic=clinic))
    assert client.get("/patients/import").status_code == 403


def test_cli_import_and_dry_run(app, runner, clinic, tmp_path):
    path = tmp_path / "patients.csv"
    path.write_text(HEADER + "C-1,Ana,Lopez,1980-01-01,female,,,,,\n", encoding="utf-8")
    dry = runner.invoke(args=["import-patients", str(path), "--clinic", clinic.name, "--dry-run"])
    assert dry.exit_code == 0 and "Dry run" in dry.output and _count(clinic) == 0
    done = runner.invoke(args=["import-patients", str(path), "--clinic", clinic.name])
    assert done.exit_code == 0 and "Imported 1 patients" in done.output and _count(clinic) == 1
    again = runner.invoke(args=["import-patients", str(path), "--clinic", clinic.name])
    assert again.exit_code == 1 and "line 2: MRN 'C-1' already belongs" in again.output
    assert db.session.scalar(select(func.count(PatientDiagnosis.id))) == 0


def test_the_readme_example_file_imports_into_the_demo_clinic(app):
    """The README's example is a working file, not just an illustration."""
    import re
    from pathlib import Path

    from ptplan.demo.clinic import seed_demo

    demo = seed_demo("readme example passphrase")
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```csv\n(.*?)```", readme, re.S).group(1)
    example = "\n".join(line.strip() for line in block.splitlines()) + "\n"
    result = _run(example.encode(), demo.clinic)
    assert result.report.errors == [] and result.imported == 2
