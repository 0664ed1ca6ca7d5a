"""The patient record. Patients are archived, never deleted (SECURITY.md NOTE-05)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import DDL, BigInteger, CheckConstraint, ForeignKey, Index, String, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ptplan.auth.models import User
from ptplan.db import ClinicScoped, utcnow
from ptplan.extensions import db

SEXES = {"female": "Female", "male": "Male", "other": "Other", "unknown": "Not stated"}
STATUSES = {"active": "Active", "discharged": "Discharged", "archived": "Archived"}
LANGUAGES = {
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "de": "German",
    "pl": "Polish",
    "pt": "Portuguese",
    "zh": "Chinese",
    "vi": "Vietnamese",
    "ar": "Arabic",
    "other": "Other",
}
# Precaution badges on the chart header (JOURNEYS.md); several gate dry needling.
PRECAUTIONS = {
    "anticoagulants": "Anticoagulants / bleeding risk",
    "pregnancy": "Pregnancy",
    "pacemaker": "Pacemaker or implanted device",
    "needle_phobia": "Needle phobia",
    "lymphedema_left": "Lymphedema, left side",
    "lymphedema_right": "Lymphedema, right side",
    "diabetes": "Diabetes",
    "immunocompromised": "Compromised immunity",
    "epilepsy": "Epilepsy",
    "metal_allergy": "Metal allergy",
    "osteoporosis": "Osteoporosis",
    "fall_risk": "Fall risk",
}


def mrn_key(mrn: str) -> str:
    """How MRNs compare within a clinic: ``demo-0001 `` is ``DEMO-0001`` (one patient per MRN).

    A migration that met existing collisions keeps them apart with a ``~duplicate-<id>`` suffix
    that no typed MRN produces; ``flask --app wsgi mrn-conflicts`` lists them for a manager.
    """
    return (mrn or "").strip().casefold()


class Patient(ClinicScoped, db.Model):
    __tablename__ = "patient"
    __table_args__ = (
        UniqueConstraint("clinic_id", "mrn", name="uq_patient_clinic_mrn"),
        UniqueConstraint("clinic_id", "mrn_key", name="uq_patient_clinic_mrn_key"),
        CheckConstraint(f"sex IN ({', '.join(repr(s) for s in SEXES)})", name="sex"),
        CheckConstraint(f"status IN ({', '.join(repr(s) for s in STATUSES)})", name="status"),
        CheckConstraint("payer_rule IN ('cms', 'ama')", name="payer_rule"),
        CheckConstraint("length(mrn) > 0 AND length(last_name) > 0", name="required_text"),
        CheckConstraint(
            "referring_physician_npi = '' OR length(referring_physician_npi) = 10",
            name="npi_length",
        ),
        Index("ix_patient_clinic_name", "clinic_id", "last_name", "first_name"),
        Index("ix_patient_clinic_status_therapist", "clinic_id", "status", "primary_therapist_id"),
        Index("ix_patient_clinic_dob", "clinic_id", "date_of_birth"),
        # Infix search ("ana chen", "0042"): a trigram GIN index on PostgreSQL serves
        # LIKE '%...%'. SQLite has no trigram index (it gets a plain one, unused by infix LIKE,
        # and scans the clinic's rows: the fallback).
        Index(
            "ix_patient_search",
            "search_text",
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mrn: Mapped[str] = mapped_column(String(32))
    # One MRN per clinic regardless of case and surrounding spaces; set with mrn (see below).
    mrn_key: Mapped[str] = mapped_column(String(64))
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    date_of_birth: Mapped[date]
    sex: Mapped[str] = mapped_column(String(8))
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    address: Mapped[str] = mapped_column(String(400), default="")
    preferred_language: Mapped[str] = mapped_column(String(8), default="en")
    primary_therapist_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    referring_physician_name: Mapped[str] = mapped_column(String(120), default="")
    referring_physician_npi: Mapped[str] = mapped_column(String(10), default="")
    payer_name: Mapped[str] = mapped_column(String(120), default="")
    payer_rule: Mapped[str] = mapped_column(String(8), default="cms")
    precaution_notes: Mapped[str] = mapped_column(String(1000), default="")
    status: Mapped[str] = mapped_column(String(12), default="active")
    archived_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    # Rises in every commit that changes anything the chart shows (ptplan.patients.chart_cache);
    # not the edit version above, which only the patient's own details move.
    chart_version: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    # "first last mrn" in lower case, kept by the flush listener below; what search matches.
    search_text: Mapped[str] = mapped_column(String(200), default="")

    primary_therapist: Mapped[User | None] = relationship(lazy="joined")
    diagnoses: Mapped[list[PatientDiagnosis]] = relationship(
        back_populates="patient", cascade="all, delete-orphan", order_by="PatientDiagnosis.position"
    )
    precautions: Mapped[list[PatientPrecaution]] = relationship(
        back_populates="patient", cascade="all, delete-orphan", order_by="PatientPrecaution.code"
    )

    __mapper_args__ = {"version_id_col": version}

    @validates("mrn")
    def _keep_mrn_key(self, _key: str, value: str) -> str:
        value = (value or "").strip()
        self.mrn_key = mrn_key(value)
        return value

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def language_name(self) -> str:
        """The preferred language in words ("Spanish", not "es"); an unknown code is shown as stored."""
        return LANGUAGES.get(self.preferred_language, self.preferred_language or "")

    @property
    def sort_name(self) -> str:
        return f"{self.last_name}, {self.first_name}"

    def age_on(self, today: date) -> int:
        born = self.date_of_birth
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    @property
    def precaution_codes(self) -> set[str]:
        return {p.code for p in self.precautions}


class PatientDiagnosis(db.Model):
    __tablename__ = "patient_diagnosis"
    __table_args__ = (UniqueConstraint("patient_id", "icd10_code", name="uq_patient_diagnosis_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), index=True)
    icd10_code: Mapped[str] = mapped_column(String(8))
    description: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)

    patient: Mapped[Patient] = relationship(back_populates="diagnoses")


class PatientPrecaution(db.Model):
    __tablename__ = "patient_precaution"
    __table_args__ = (
        UniqueConstraint("patient_id", "code", name="uq_patient_precaution_code"),
        CheckConstraint(f"code IN ({', '.join(repr(c) for c in PRECAUTIONS)})", name="code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), index=True)
    code: Mapped[str] = mapped_column(String(24))

    patient: Mapped[Patient] = relationship(back_populates="precautions")

    @property
    def label(self) -> str:
        return PRECAUTIONS[self.code]


def search_text_of(first_name: str, last_name: str, mrn: str) -> str:
    """What patient search matches: names and MRN, lower-cased (Unicode-aware, in Python)."""
    return f"{first_name or ''} {last_name or ''} {mrn or ''}".lower()


@event.listens_for(Patient, "before_insert")
@event.listens_for(Patient, "before_update")
def _keep_search_text(mapper, connection, patient: Patient) -> None:
    patient.search_text = search_text_of(patient.first_name, patient.last_name, patient.mrn)


# The trigram operator class comes from the pg_trgm extension (shipped with PostgreSQL).
event.listen(
    Patient.__table__,
    "before_create",
    DDL("CREATE EXTENSION IF NOT EXISTS pg_trgm").execute_if(dialect="postgresql"),
)


# SQLite's trigram index for the same infix search: an FTS5 table with the trigram tokenizer
# over patient.search_text (external content: it stores the index only), kept by triggers.
# It serves ``LIKE '%word%'`` for words of 3 characters or more (ptplan.patients.services).
# Created with the table (tests, a fresh database) and by migration 0016.
SQLITE_SEARCH_INDEX = "patient_search"
SQLITE_SEARCH_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS patient_search USING fts5("
    "search_text, content='patient', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS patient_search_insert AFTER INSERT ON patient BEGIN "
    "INSERT INTO patient_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS patient_search_delete AFTER DELETE ON patient BEGIN "
    "INSERT INTO patient_search(patient_search, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS patient_search_update AFTER UPDATE OF search_text ON patient BEGIN "
    "INSERT INTO patient_search(patient_search, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO patient_search(rowid, search_text) VALUES (new.id, new.search_text); END",
)
for _statement in SQLITE_SEARCH_DDL:
    event.listen(Patient.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
# Dropped before the table it indexes, so a table created again never meets a stale index.
event.listen(
    Patient.__table__,
    "before_drop",
    DDL("DROP TABLE IF EXISTS patient_search").execute_if(dialect="sqlite"),
)
