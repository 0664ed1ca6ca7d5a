"""The patient's copy of the record (HIPAA §164.524 right of access): one zip file.

It holds the FHIR Bundle of the signed record, the PDF of every signed evaluation, note and
plan (and the printed home plan), and ``index.html``, which says in plain words what each
file is. The caller audits the hand-over as a disclosure.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from html import escape

from ptplan.fhir.record import bundle, load_record
from ptplan.patients.models import Patient

PLAIN_WORDS = {
    "initial": "Your first assessment by the therapist",
    "reevaluation": "A later re-assessment of your progress",
    "discharge-evaluation": "The assessment at the end of your care",
    "daily": "Notes from one treatment visit",
    "progress": "A progress report on your goals",
    "discharge": "The summary written when your care ended",
    "plan-of-care": "Your plan of care: goals, treatments and how often",
    "home-plan": "Your home exercise plan, as printed for you",
}


@dataclass
class PatientCopy:
    data: bytes
    filename: str
    document_count: int


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9 ,.()-]+", "_", name).strip()[:100]


def build_copy(patient: Patient, *, base_url: str, now: datetime) -> PatientCopy:
    from ptplan.documents.common import DocumentUnavailable  # document-only: imported where used

    record = load_record(patient)
    documents = []
    for number, document in enumerate(record.documents(), start=1):
        try:
            pdf = document.render()
        except DocumentUnavailable:
            continue
        name = f"documents/{number:03d} {_safe(document.title)}.pdf"
        documents.append((name, document, pdf.data))
    fhir = bundle(record, base_url=base_url, timestamp=now)
    local = record.clinic.local(now)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("index.html", _index(patient, record.clinic.name, documents, local))
        archive.writestr("record.fhir.json", json.dumps(fhir, ensure_ascii=False, indent=1))
        for name, _, data in documents:
            archive.writestr(name, data)
    filename = f"Health record - {patient.full_name} - {local.date().isoformat()}.zip"
    return PatientCopy(buffer.getvalue(), filename, len(documents))


def _index(patient: Patient, clinic_name: str, documents, local: datetime) -> str:
    rows = "".join(
        f'<tr><td><a href="{escape(name)}">{escape(document.title)}</a></td>'
        f"<td>{escape(PLAIN_WORDS.get(document.type_code, ''))}</td></tr>"
        for name, document, _ in documents
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Your health record from {escape(clinic_name)}</title>
<style>body{{font-family:sans-serif;max-width:50rem;margin:2rem auto;line-height:1.5;color:#111}}
td,th{{padding:.3rem .6rem;border-bottom:1px solid #ccc;text-align:left;vertical-align:top}}</style></head>
<body>
<h1>Your health record from {escape(clinic_name)}</h1>
<p>This is a copy of the physical-therapy record of <strong>{escape(patient.full_name)}</strong>
(date of birth {patient.date_of_birth.isoformat()}, record number {escape(patient.mrn)}),
made on {local:%Y-%m-%d at %H:%M}. It holds every signed document in your record.</p>
<h2>Documents</h2>
<p>Each document is a PDF file in the <code>documents</code> folder. Open them with any PDF reader.</p>
<table><thead><tr><th scope="col">Document</th><th scope="col">What it is</th></tr></thead>
<tbody>{rows or '<tr><td colspan="2">There are no signed documents yet.</td></tr>'}</tbody></table>
<h2>For another doctor or clinic</h2>
<p>The file <code>record.fhir.json</code> holds the same record in HL7 FHIR R4, the standard
format that health-record systems read. You can give it to another provider; you do not need
to open it yourself.</p>
<p>If something in your record looks wrong, you may ask the clinic to correct it.
Signed records are never changed: a correction is added as a dated note.</p>
</body></html>
"""
