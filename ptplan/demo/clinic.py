"""The demo clinic: idempotent, and extended by the seeders beside it (one per clinical package)."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from ptplan.auth import services as auth_services
from ptplan.auth.models import User
from ptplan.clinics.models import Clinic
from ptplan.demo import amendments, evaluations, plans, sessions
from ptplan.extensions import db
from ptplan.patients.models import Patient, PatientDiagnosis, PatientPrecaution
from ptplan.translations import services as translations

DEMO_CLINIC = "Riverside Physical Therapy (demo)"
DEMO_PASSWORD = "demo-clinic-walk-bridge-stretch"
DEMO_USERS = (
    # email, name, credentials, role
    ("therapist@demo.ptplan.test", "Dana Reyes", "PT, DPT", "therapist"),
    ("therapist2@demo.ptplan.test", "Sam Okafor", "PT, DPT, OCS", "therapist"),
    ("manager@demo.ptplan.test", "Morgan Lee", "PT, MBA", "manager"),
    ("admin@demo.ptplan.test", "Alex Kim", "", "admin"),
)
DEMO_PATIENTS = (
    # mrn, first, last, dob, sex, therapist index, diagnoses, precautions
    (
        "DEMO-0001",
        "Maria",
        "Gonzalez",
        date(1979, 4, 12),
        "female",
        0,
        [("M54.41", "Lumbago with sciatica, right side")],
        [],
    ),
    (
        "DEMO-0002",
        "James",
        "O'Neill",
        date(1965, 9, 3),
        "male",
        0,
        [("M51.16", "Intervertebral disc disorders with radiculopathy, lumbar region")],
        ["anticoagulants"],
    ),
    (
        "DEMO-0003",
        "Zoë",
        "Łukasiewicz-Núñez",
        date(1990, 1, 28),
        "female",
        1,
        [("M54.32", "Sciatica, left side")],
        ["pregnancy"],
    ),
    (
        "DEMO-0004",
        "Robert",
        "Chen",
        date(1952, 11, 19),
        "male",
        1,
        [("M48.062", "Spinal stenosis, lumbar region with neurogenic claudication")],
        ["diabetes", "fall_risk"],
    ),
    (
        "DEMO-0005",
        "Aisha",
        "Patel",
        date(1985, 6, 7),
        "female",
        0,
        [("M54.50", "Low back pain, unspecified")],
        [],
    ),
    (
        "DEMO-0006",
        "Tom",
        "Becker",
        date(1971, 2, 14),
        "male",
        1,
        [("M54.16", "Radiculopathy, lumbar region")],
        ["needle_phobia"],
    ),
    # Beyond the lower back: a neck, a shoulder and a knee episode (regional demo seeders).
    (
        "DEMO-0007",
        "Daniel",
        "Mensah",
        date(1982, 8, 21),
        "male",
        1,
        [("M54.12", "Radiculopathy, cervical region")],
        [],
    ),
    (
        "DEMO-0008",
        "Grace",
        "Holloway",
        date(1968, 3, 30),
        "female",
        0,
        [("M75.41", "Impingement syndrome of right shoulder")],
        [],
    ),
    (
        "DEMO-0009",
        "Luis",
        "Ortega",
        date(1958, 12, 2),
        "male",
        1,
        [("M17.11", "Unilateral primary osteoarthritis, right knee")],
        ["fall_risk"],
    ),
    (
        "DEMO-0010",
        "Rosa",
        "Hernández",
        date(1968, 8, 22),
        "female",
        1,
        [("M54.41", "Lumbago with sciatica, right side")],
        [],
    ),
)
# Patients whose episode is seeded by the regional demo code, not the sciatica course.
REGIONAL_DEMO_MRNS = ("DEMO-0007", "DEMO-0008", "DEMO-0009")
#: Preferred languages other than English: the home plan and consent print in them.
DEMO_LANGUAGES = {"DEMO-0010": "es"}
#: Demo users who review translations for the clinic (an administrator's choice).
DEMO_REVIEWERS = {"therapist2@demo.ptplan.test": ("es",)}


@dataclass
class Demo:
    clinic: Clinic
    users: dict[str, User] = field(default_factory=dict)
    patients: list[Patient] = field(default_factory=list)

    @property
    def therapists(self) -> list[User]:
        return [u for u in self.users.values() if u.role == "therapist"]


def seed_demo(password: str = DEMO_PASSWORD) -> Demo:
    """Create (or complete) the demo clinic. Running it twice changes nothing."""
    clinic = db.session.scalar(select(Clinic).where(Clinic.name == DEMO_CLINIC))
    if clinic is None:
        clinic = Clinic(
            name=DEMO_CLINIC,
            address="12 River Road, Springfield",
            phone="(555) 010-2030",
            timezone="America/New_York",
            default_payer_rule="cms",
            page_size="LETTER",
        )
        db.session.add(clinic)
        db.session.flush()
    demo = Demo(clinic=clinic)
    for email, name, credentials, role in DEMO_USERS:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = auth_services.create_user(
                clinic_id=clinic.id,
                email=email,
                full_name=name,
                role=role,
                password=password,
                credentials=credentials,
                licence_number=f"PT-{zlib.crc32(email.encode()) % 100000:05d}" if role != "admin" else "",
            )
        demo.users[email] = user
    therapists = demo.therapists
    for mrn, first, last, born, sex, therapist_index, diagnoses, precautions in DEMO_PATIENTS:
        patient = db.session.scalar(select(Patient).where(Patient.clinic_id == clinic.id, Patient.mrn == mrn))
        if patient is None:
            patient = Patient(
                clinic_id=clinic.id,
                mrn=mrn,
                first_name=first,
                last_name=last,
                date_of_birth=born,
                sex=sex,
                phone="(555) 010-99" + mrn[-2:],
                primary_therapist_id=therapists[therapist_index].id,
                referring_physician_name="Dr. Priya Raman",
                referring_physician_npi="1234567893",
                payer_name="Medicare",
                payer_rule="cms",
                diagnoses=[
                    PatientDiagnosis(icd10_code=c, description=d, position=i)
                    for i, (c, d) in enumerate(diagnoses)
                ],
                precautions=[PatientPrecaution(code=c) for c in precautions],
                preferred_language=DEMO_LANGUAGES.get(mrn, "en"),
            )
            db.session.add(patient)
            db.session.flush()
        demo.patients.append(patient)
    # Order matters: plans start from evaluations, and notes are written against plans.
    for seeder in (evaluations, plans, sessions, amendments):
        seeder.seed(demo)
    for email, languages in DEMO_REVIEWERS.items():
        reviewer = demo.users[email]
        if not translations.reviewer_languages(reviewer):
            translations.set_reviewer_languages(
                reviewer, languages, actor=demo.users["admin@demo.ptplan.test"]
            )
    db.session.commit()
    return demo
