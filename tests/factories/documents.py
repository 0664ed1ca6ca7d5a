"""Helpers for the document tests: PDF checks (pypdf + qpdf), text in reading order, data."""

from __future__ import annotations

from sqlalchemy import select

from ptplan.extensions import db
from ptplan.patients.models import Patient
from tests.pdfcheck import HOSTILE, PDFTOPPM, QPDF, assert_in_order, check_pdf, flat, words  # noqa: F401

CODE_PATTERNS = (r"\b97\d{3}\b", r"\b2056[01]\b", r"\bCPT\b", r"\bICD\b", r"\b[A-TV-Z]\d{2}\.\d{1,4}\b")


def demo_patient(demo, mrn: str = "DEMO-0001") -> Patient:
    return db.session.scalar(select(Patient).where(Patient.clinic_id == demo.clinic.id, Patient.mrn == mrn))
