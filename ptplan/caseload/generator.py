"""Scale data: a realistic clinic of any size, written with batched bulk inserts.

Each patient has one episode: a signed initial evaluation, a signed plan of care, daily notes
1-3 times a week with a progress note every 10th visit, and a discharge summary when the
episode ended before today (otherwise the plan is still active). NPRS and ODI are scored at
the evaluation, each progress note and the discharge, improving with noise. Some patients
have dry needling, with rare adverse events (Brady et al. rates, DOMAIN.md); a few notes are
left unsigned. Ids are assigned here so rows can reference each other without round trips.
Audit rows are not written: this is test data, not clinical activity.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, insert, select, text

from ptplan.auth.models import User
from ptplan.auth.passwords import hash_password
from ptplan.clinics.models import Clinic
from ptplan.db import content_hash
from ptplan.evaluations.models import Evaluation
from ptplan.extensions import db
from ptplan.outcomes.models import OutcomeScore
from ptplan.patients.models import Patient, search_text_of
from ptplan.plans.models import PlanOfCare
from ptplan.sessions.models import VisitNote
from ptplan.sessions.rules import PROGRESS_NOTE_EVERY_VISITS, cert_end_for

BATCH = 5000
FIRST_NAMES = [
    "Ana",
    "Ben",
    "Carla",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hugo",
    "Iris",
    "Jon",
    "Kim",
    "Luis",
    "Mara",
    "Nico",
    "Omar",
    "Pia",
    "Quinn",
    "Rosa",
    "Sam",
    "Tara",
]
LAST_NAMES = [
    "Adams",
    "Baker",
    "Chen",
    "Diaz",
    "Evans",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ivanova",
    "Jones",
    "Kowalski",
    "Lopez",
    "Moreau",
    "Nguyen",
    "Okafor",
    "Patel",
    "Quist",
    "Rossi",
    "Silva",
    "Tanaka",
    "Umar",
    "Varga",
    "Weber",
    "Xu",
    "Young",
    "Zimmerman",
]
DIAGNOSES = [
    {"code": "M54.41", "text": "Lumbago with sciatica, right side"},
    {"code": "M54.42", "text": "Lumbago with sciatica, left side"},
    {"code": "M54.31", "text": "Sciatica, right side"},
    {"code": "M51.16", "text": "Intervertebral disc disorders with radiculopathy, lumbar region"},
]


@dataclass
class Summary:
    clinic_id: int
    clinic_name: str
    manager_email: str
    counts: dict[str, int] = field(default_factory=dict)


class _Ids:
    """Next free primary key per table, read once."""

    def __init__(self, *models) -> None:
        self.next = {m: (db.session.scalar(select(func.max(m.id))) or 0) + 1 for m in models}

    def take(self, model) -> int:
        value = self.next[model]
        self.next[model] = value + 1
        return value


class _Writer:
    """Buffers rows per table; flushes all tables in foreign-key order when one is full."""

    ORDER = (Patient, Evaluation, PlanOfCare, VisitNote, OutcomeScore)

    def __init__(self) -> None:
        self.buffers: dict = {model: [] for model in self.ORDER}
        self.counts: dict[str, int] = {model.__tablename__: 0 for model in self.ORDER}

    def add(self, model, row: dict) -> None:
        self.buffers[model].append(_with_defaults(model, row))  # the same keys in every row
        if len(self.buffers[model]) >= BATCH:
            self.flush()

    def flush(self) -> None:
        for model in self.ORDER:
            rows = self.buffers[model]
            if rows:
                db.session.execute(insert(model.__table__), rows)
                self.counts[model.__tablename__] += len(rows)
                self.buffers[model] = []


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour % 24), tzinfo=UTC)


def _with_defaults(model, values: dict) -> dict:
    """Fill every column default now, so the signed content is what the database will hold."""
    for column in model.__table__.columns:
        default = column.default
        if column.key in values or default is None:
            continue
        if default.is_scalar:
            values[column.key] = default.arg
        elif default.is_callable:
            values[column.key] = default.arg(None)
    return values


def _signed_hash(model, values: dict) -> str:
    """The record's own signing content (a transient instance), so ``verify_content_hash`` holds."""
    _with_defaults(model, values)
    try:
        return model(**values).compute_content_hash()
    except Exception:  # noqa: BLE001 - a model change must not stop test-data generation
        return content_hash({k: values[k] for k in ("id", "patient_id", "signed_at")})


def generate(
    *,
    therapists: int,
    patients: int,
    notes_per_patient: int,
    seed: int = 1,
    clinic_name: str | None = None,
    password: str | None = None,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> Summary:
    """Build the clinic; ``progress(n)`` is called after every n patients."""
    rng = random.Random(seed)
    today = today or datetime.now(UTC).date()
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text("PRAGMA synchronous=OFF"))
    clinic = db.session.scalar(select(Clinic).where(Clinic.name == clinic_name)) if clinic_name else None
    if clinic is None:
        clinic = Clinic(
            name=clinic_name or f"Generated clinic {secrets.token_hex(3)}", timezone="America/New_York"
        )
        db.session.add(clinic)
        db.session.flush()
    password_hash = hash_password(password or secrets.token_urlsafe(32))
    therapist_ids, manager_email = _users(clinic, therapists, password_hash, rng)

    ids = _Ids(Patient, Evaluation, PlanOfCare, VisitNote, OutcomeScore)
    writer = _Writer()
    for n in range(patients):
        _episode(clinic.id, n, rng.choice(therapist_ids), notes_per_patient, today, rng, ids, writer)
        if progress and (n + 1) % 100 == 0:
            progress(100)
    writer.flush()
    if progress and patients % 100:
        progress(patients % 100)
    _fix_sequences()
    # The rows above bypass the ORM, so the caseload read model is filled here, in one pass.
    from ptplan.caseload.summary import rebuild

    rebuild(clinic.id)
    db.session.commit()
    # Fresh planner statistics after a bulk load; without them SQLite picks poor join orders.
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    counts = dict(writer.counts, user=therapists + 1)
    return Summary(clinic.id, clinic.name, manager_email, counts)


def _users(clinic: Clinic, therapists: int, password_hash: str, rng: random.Random) -> tuple[list[int], str]:
    prefix = f"gen{clinic.id}-{secrets.token_hex(2)}"
    rows = [
        {
            "clinic_id": clinic.id,
            "email": f"{prefix}-therapist{i + 1}@generated.ptplan.test",
            "full_name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} ({i + 1})",
            "credentials": "PT, DPT",
            "role": "therapist",
            "password_hash": password_hash,
        }
        for i in range(therapists)
    ]
    manager_email = f"{prefix}-manager@generated.ptplan.test"
    rows.append(
        {
            "clinic_id": clinic.id,
            "email": manager_email,
            "full_name": "Generated Manager",
            "credentials": "",
            "role": "manager",
            "password_hash": password_hash,
        }
    )
    db.session.execute(insert(User.__table__), rows)
    therapist_ids = db.session.scalars(
        select(User.id).where(User.clinic_id == clinic.id, User.role == "therapist").order_by(User.id)
    ).all()
    return list(therapist_ids), manager_email


def _episode(clinic_id, n, therapist_id, notes_per_patient, today, rng, ids: _Ids, writer: _Writer) -> None:
    patient_id = ids.take(Patient)
    planned_visits = max(2, int(rng.gauss(notes_per_patient, notes_per_patient / 4)))
    start = today - timedelta(days=rng.randint(3, 420))
    # Visits 1-3 times a week: a gap of 2 to 5 days.
    days, day = [], start
    for _ in range(planned_visits):
        day += timedelta(days=rng.choice((2, 2, 3, 3, 4, 5)))
        if day > today:
            break
        days.append(day)
    discharged = len(days) == planned_visits
    dry_needling = rng.random() < 0.35
    mrn, first_name, last_name = f"G{clinic_id}-{n + 1:06d}", rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    writer.add(
        Patient,
        {
            "id": patient_id,
            "clinic_id": clinic_id,
            "mrn": mrn,
            "first_name": first_name,
            "last_name": last_name,
            "search_text": search_text_of(first_name, last_name, mrn),
            "date_of_birth": date(rng.randint(1940, 2004), rng.randint(1, 12), rng.randint(1, 28)),
            "sex": rng.choice(("female", "male")),
            "primary_therapist_id": therapist_id,
            "status": "discharged" if discharged else "active",
        },
    )
    evaluation_id = ids.take(Evaluation)
    signed_at = _at(start, 18)
    evaluation = {
        "id": evaluation_id,
        "clinic_id": clinic_id,
        "patient_id": patient_id,
        "therapist_id": therapist_id,
        "kind": "initial",
        "date_of_service": start,
        "signed_at": signed_at,
        "signed_by_id": therapist_id,
    }
    evaluation["content_hash"] = _signed_hash(Evaluation, evaluation)
    writer.add(Evaluation, evaluation)
    plan_id = ids.take(PlanOfCare)
    weeks = rng.choice((4, 6, 6, 8))
    physician_signed_on = start + timedelta(days=rng.randint(3, 25)) if rng.random() < 0.9 else None
    if physician_signed_on and physician_signed_on > today:
        physician_signed_on = None
    plan = {
        "id": plan_id,
        "clinic_id": clinic_id,
        "patient_id": patient_id,
        "author_id": therapist_id,
        "evaluation_id": evaluation_id,
        "lineage_id": plan_id,
        "version_number": 1,
        "status": "completed" if discharged else "active",
        "diagnoses": [rng.choice(DIAGNOSES)],
        "frequency_per_week": 2,
        "duration_weeks": weeks,
        "start_date": start,
        "cert_start_date": start,
        "cert_end_date": cert_end_for(start, weeks),
        "physician_name": "Dr. Generated Referrer",
        "physician_signed_on": physician_signed_on,
        "ended_on": days[-1] if discharged else None,
        "signed_at": signed_at,
        "signed_by_id": therapist_id,
    }
    plan["content_hash"] = _signed_hash(PlanOfCare, plan)
    writer.add(PlanOfCare, plan)

    nprs_start, odi_start = rng.randint(4, 9), rng.randrange(20, 62, 2)
    response = rng.uniform(0.2, 0.9)  # share of the symptoms gone by the end

    def scores(day: date, fraction: float, source: str, source_id: int) -> None:
        gain = response * fraction
        nprs = min(10, max(0, round(nprs_start * (1 - gain) + rng.gauss(0, 0.8))))
        odi = min(100, max(0, 2 * round((odi_start * (1 - gain) + rng.gauss(0, 3)) / 2)))
        for code, value in (("nprs", nprs), ("odi", odi)):
            writer.add(
                OutcomeScore,
                {
                    "id": ids.take(OutcomeScore),
                    "clinic_id": clinic_id,
                    "patient_id": patient_id,
                    "code": code,
                    "value": float(value),
                    "taken_on": day,
                    "source": source,
                    "evaluation_id": source_id if source == "evaluation" else None,
                    "visit_note_id": source_id if source == "visit_note" else None,
                    "recorded_by_id": therapist_id,
                    "created_at": _at(day, 17),
                },
            )

    scores(start, 0.0, "evaluation", evaluation_id)
    for number, day in enumerate(days, start=1):
        note_id = ids.take(VisitNote)
        last = discharged and number == len(days)
        kind = "discharge" if last else ("progress" if number % PROGRESS_NOTE_EVERY_VISITS == 0 else "daily")
        fraction = number / planned_visits
        pain = max(0, min(10, round(nprs_start * (1 - response * fraction) + rng.gauss(0, 1))))
        with_dn = dry_needling and rng.random() < 0.5
        adverse = with_dn and rng.random() < 0.08
        urgent = adverse and rng.random() < 0.005
        timed = rng.choice((30, 38, 45, 53))
        created_at = _at(day, 16 + rng.randint(0, 4))
        recent = (today - day).days <= 3
        unsigned = rng.random() < (0.25 if recent else 0.004)
        values = {
            "id": note_id,
            "clinic_id": clinic_id,
            "patient_id": patient_id,
            "plan_id": plan_id,
            "therapist_id": therapist_id,
            "kind": kind,
            "date_of_service": day,
            "visit_number": number,
            "nprs_before": pain,
            "nprs_after": max(0, pain - rng.randint(0, 2)),
            "total_timed_minutes": timed,
            "total_treatment_minutes": timed + (10 if with_dn else rng.choice((0, 5))),
            "payer_rule": "cms",
            "has_dry_needling": with_dn,
            "has_adverse_event": adverse,
            "has_urgent_adverse_event": urgent,
            "created_at": created_at,
            "updated_at": created_at,
            "signed_at": None if unsigned else created_at + timedelta(minutes=rng.randint(5, 600)),
            "signed_by_id": None if unsigned else therapist_id,
        }
        values["content_hash"] = None if unsigned else _signed_hash(VisitNote, values)
        writer.add(VisitNote, values)
        if kind in ("progress", "discharge"):
            scores(day, fraction, "visit_note", note_id)


def _fix_sequences() -> None:
    """PostgreSQL sequences must move past the ids assigned here."""
    if db.engine.dialect.name != "postgresql":
        return
    for model in (User, Patient, Evaluation, PlanOfCare, VisitNote, OutcomeScore):
        table = model.__table__
        highest = select(func.max(table.c.id)).scalar_subquery()
        sequence = func.pg_get_serial_sequence(table.name, "id")
        db.session.execute(select(func.setval(sequence, highest)))
