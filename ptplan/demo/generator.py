"""Scale data: a realistic clinic of any size, written with batched bulk inserts.

Each patient has one episode: a signed initial evaluation, a signed plan of care with NPRS and
ODI goals, home exercises and manual therapy from the clinic's library (and dry needling for
about a third), daily notes 1-3 times a week with billing lines by the CMS 8-minute rule and a
dry-needling procedure record (needled muscles, response, rare adverse events at Brady et al.
rates, DOMAIN.md) on needling visits, a progress note every 10th visit, and a discharge summary
when the episode ended before today (otherwise the plan is still active). NPRS and ODI are
scored at the evaluation, each progress note and the discharge, improving with noise; a few
notes are left unsigned. Every signing writes its audit row, hash-chained like the app's.

Ids are assigned here so rows can reference each other without round trips. Signed content
hashes come from each model's own ``signing_content`` applied to the plain row values (no ORM
instances: they cost more than the rest of the row). The caseload read model is refreshed
after every batch, as the app's flush listener would, so memory stays flat and the dashboard
is current while the clinic grows. From ``PARALLEL_FROM`` patients the rows are built in a
forked process while this one writes them (``_build_in_child``).
"""

from __future__ import annotations

import inspect
import multiprocessing
import queue
import random
import secrets
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from types import FunctionType

from sqlalchemy import JSON, func, insert, select, text

from ptplan.audit.models import AuditEvent
from ptplan.audit.services import GENESIS, row_hash
from ptplan.auth.models import User
from ptplan.auth.passwords import hash_password
from ptplan.billing.cpt import dry_needling_code
from ptplan.billing.units import timed_units
from ptplan.caseload import daily, summary
from ptplan.clinics.models import Clinic
from ptplan.db import content_hash
from ptplan.evaluations.models import Evaluation
from ptplan.extensions import db
from ptplan.library.models import Exercise, ManualTechnique, Muscle
from ptplan.outcomes.models import OutcomeScore
from ptplan.patients.models import Patient, mrn_key, search_text_of
from ptplan.plans.certification import cert_end_for
from ptplan.plans.models import PlanGoal, PlanIntervention, PlanOfCare
from ptplan.plans.templates import seed_clinic
from ptplan.sessions.models import NeedledMuscle, NeedlingRecord, NoteBillingLine, VisitNote
from ptplan.sessions.rules import PROGRESS_NOTE_EVERY_VISITS

BATCH = 5000
PARALLEL_FROM = 500  # patients: below this, one process (no fork for a small clinic or a test)
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

    ORDER = (
        Patient,
        Evaluation,
        PlanOfCare,
        PlanGoal,
        PlanIntervention,
        VisitNote,
        NoteBillingLine,
        NeedlingRecord,
        NeedledMuscle,
        OutcomeScore,
        AuditEvent,
    )

    def __init__(self, clinic_id: int) -> None:
        self.clinic_id = clinic_id
        self.buffers: dict = {model: [] for model in self.ORDER}
        self.counts: dict[str, int] = {model.__tablename__: 0 for model in self.ORDER}
        self.patients: set[int] = set()
        self.new_notes: tuple[int, int] | None = None  # first and last id of unflushed notes
        self.done = 0  # patients completed since the last batch
        self.pending_audit: list[tuple] = []  # (at, user, patient, action, category, entity, id)
        self.sink: Callable[[dict], None] | None = None
        self.chain_seq, self.last_hash = _chain_head(clinic_id)
        dialect = db.session.connection().dialect
        self.inserters = {model: _Inserter(model.__table__, dialect) for model in self.ORDER}

    def add(self, model, row: dict, *, filled: bool = False) -> None:
        """Buffer one row; ``filled``: its defaults are already in (``_with_defaults``)."""
        if not filled:
            row = _with_defaults(model, row)  # the same keys in every row
        self.buffers[model].append(self.inserters[model].parameters(row))
        if model is VisitNote:
            self.new_notes = (self.new_notes or (row["id"],))[:1] + (row["id"],)
        patient_id = row["id"] if model is Patient else row.get("patient_id")
        if patient_id is not None:
            self.patients.add(patient_id)
        if len(self.buffers[model]) >= BATCH:
            self.flush()

    def audit(
        self, action: str, category: str, *, user_id: int, patient_id: int, entity: str, entity_id: int, at
    ):
        """One audit row, chained when its batch is written (``seal``)."""
        self.pending_audit.append((at, user_id, patient_id, action, category, entity, entity_id))
        if len(self.pending_audit) >= BATCH:
            self.flush()

    def seal(self, pending: list[tuple]) -> list:
        """Number and hash a batch's audit rows next in the clinic's chain, exactly as
        ``ptplan.audit.services`` seals a request's rows: a whole run is one sealed sequence (one
        chain head read, one lock), so ``flask audit-verify`` walks it like any other. It runs
        in the writing process, the one that holds the chain head."""
        inserter, rows = self.inserters[AuditEvent], []
        for at, user_id, patient_id, action, category, entity, entity_id in pending:
            self.chain_seq += 1
            values = {
                "occurred_at": at,
                "clinic_id": self.clinic_id,
                "user_id": user_id,
                "patient_id": patient_id,
                "action": action,
                "category": category,
                "entity_type": entity,
                "entity_id": entity_id,
                "outcome": "success",
                "source_ip": "cli",
                "detail": "generated",
                "chain_id": self.clinic_id,
                "chain_seq": self.chain_seq,
                "prev_hash": self.last_hash,
            }
            values["row_hash"] = self.last_hash = row_hash(self.last_hash, _Row(AuditEvent, values))
            rows.append(inserter.parameters(_with_defaults(AuditEvent, values)))
        return rows

    def flush(self) -> None:
        """Hand the buffered rows to the sink (the writing process) or write them here."""
        batch = self.take()
        if self.sink is not None:
            self.sink(batch)
        else:
            self.write(batch)

    def take(self) -> dict:
        """The buffered rows as one batch (plain values: it may cross a process boundary)."""
        tables = [
            (model.__tablename__, self.inserters[model].sql, rows)
            for model in self.ORDER
            if (rows := self.buffers[model])
        ]
        batch = {
            "tables": tables,
            "audit": self.pending_audit,
            "patients": self.patients,
            "new_notes": self.new_notes,
            "done": self.done,
        }
        self.buffers = {model: [] for model in self.ORDER}
        self.pending_audit, self.patients, self.new_notes, self.done = [], set(), None, 0
        return batch

    def write(self, batch: dict) -> None:
        """Insert one batch in foreign-key order and bring the caseload read model up to date
        (the ORM's flush listener does this for the app's writes; these rows bypass the ORM)."""
        connection = db.session.connection()
        for table, sql, rows in batch["tables"]:
            connection.exec_driver_sql(sql, rows)
            self.counts[table] += len(rows)
        if batch["audit"]:
            audit_rows = self.seal(batch["audit"])
            connection.exec_driver_sql(self.inserters[AuditEvent].sql, audit_rows)
            self.counts[AuditEvent.__tablename__] += len(audit_rows)
        summary.refresh(connection, batch["patients"])
        if batch["new_notes"]:
            daily.add_new_notes(connection, *batch["new_notes"])


class _Inserter:
    """One table's INSERT, compiled once; rows become driver parameters as they are buffered.

    The column types' own bind processors (UTC datetimes, JSON, dates) are applied here, once per
    value, and each batch goes to the driver's executemany in one call: the same values
    ``insert(table)`` would send, without building SQLAlchemy's per-row parameter dictionaries
    (psycopg pipelines an executemany: one round trip per batch, not per row).
    """

    def __init__(self, table, dialect) -> None:
        self.table, self.dialect = table, dialect
        self.keys: tuple[str, ...] | None = None

    def _prepare(self, row: dict) -> None:
        keys = [column.key for column in self.table.columns if column.key in row]
        compiled = insert(self.table).compile(dialect=self.dialect, column_keys=keys)
        self.sql = str(compiled)
        self.positional = compiled.positional  # SQLite's qmark style; psycopg's is named
        self.keys = tuple(compiled.positiontup) if self.positional else tuple(keys)
        self.processors = []
        for index, key in enumerate(self.keys):
            type_ = self.table.c[key].type
            processor = type_.dialect_impl(self.dialect).bind_processor(self.dialect)
            if processor is not None:
                self.processors.append(
                    (index, _empty_once(processor) if isinstance(type_, JSON) else processor)
                )

    def parameters(self, row: dict):
        if self.keys is None:
            self._prepare(row)
        values = [row[key] for key in self.keys]
        for index, processor in self.processors:
            values[index] = processor(values[index])
        return tuple(values) if self.positional else dict(zip(self.keys, values, strict=True))


def _empty_once(processor):
    """A JSON column's processor that serialises None, [] and {} once: most rows hold one of them."""
    empties: dict = {}

    def process(value):
        if value is None or (type(value) in (list, dict) and not value):
            kind = type(value)
            if kind not in empties:
                empties[kind] = processor(value)
            return empties[kind]
        return processor(value)

    return process


def _chain_head(clinic_id: int) -> tuple[int, str]:
    """Lock the clinic's audit chain for this run and return its head (position, hash).

    On SQLite this transaction already holds the database's write lock (the clinic and its users
    are written first). On PostgreSQL the trail is locked against other writers until the commit:
    the generator is for demos and benchmarks, run while the app is not writing.
    """
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("LOCK TABLE audit_event IN SHARE ROW EXCLUSIVE MODE"))
    head = db.session.execute(
        select(AuditEvent.chain_seq, AuditEvent.row_hash)
        .where(AuditEvent.chain_id == clinic_id, AuditEvent.chain_seq.is_not(None))
        .order_by(AuditEvent.chain_seq.desc())
        .limit(1)
    ).first()
    return (head[0], head[1]) if head else (0, GENESIS)


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour % 24), tzinfo=UTC)


@cache
def _defaults(model) -> tuple[dict, dict]:
    """(fixed, computed) defaults of ``model``'s non-key columns: fixed maps a column to its
    value (None when it has no default), computed to its callable default."""
    fixed, computed = {}, {}
    for column in model.__table__.columns:
        if column.primary_key:
            continue
        default = column.default
        if default is not None and default.is_callable:
            computed[column.key] = default.arg
        else:
            fixed[column.key] = default.arg if default is not None and default.is_scalar else None
    return fixed, computed


def _with_defaults(model, values: dict) -> dict:
    """Fill every column default now, so the signed content is what the database will hold;
    columns without one get None, so every row of a batch has the same keys."""
    fixed, computed = _defaults(model)
    if values.keys() >= fixed.keys() and values.keys() >= computed.keys():
        return values  # already filled (most rows pass here twice: signed, then buffered)
    for key in fixed.keys() - values.keys():
        values[key] = fixed[key]
    for key in computed.keys() - values.keys():
        values[key] = computed[key](None)
    return values


class _NoState:
    """Stands in for an ORM instance state: the row belongs to no session."""

    session = None


class _Row:
    """A row's values seen through its model's methods (``signing_content``, ``canonical`` and
    the helpers they call) without an ORM instance, which costs more than the rest of the row.
    A missing column reads None and a missing relationship reads as empty, as on a new
    instance; ``object_session`` on it answers None."""

    _sa_instance_state = _NoState()

    def __init__(self, model, values: dict, **children) -> None:
        self.__dict__.update(values)
        self.__dict__.update(children)
        self._model = model

    def __getattr__(self, name: str):
        method = _model_method(self._model, name)
        if method is not None:
            return method.__get__(self)
        return None if name in self._model.__table__.columns else []


@cache
def _model_method(model, name: str) -> FunctionType | None:
    """The plain function ``model.name`` when it is one (not a column, relationship or property)."""
    method = inspect.getattr_static(model, name, None)
    return method if isinstance(method, FunctionType) else None


def _signed_hash(model, values: dict, **children) -> str:
    """The record's own signing content, so ``verify_content_hash`` holds on the stored rows."""
    _with_defaults(model, values)
    return content_hash(_Row(model, values, **children).signing_content())


@dataclass
class _Library:
    """The clinic's library rows the generated plans use."""

    exercises: list[tuple[int, str, dict]]  # id, name, default dosage
    techniques: list[tuple[int, str]]
    muscles: list[tuple[int, str, str]]  # id, slug, name

    @classmethod
    def load(cls, clinic: Clinic) -> _Library:
        seed_clinic(clinic)
        exercises = [
            (e.id, e.name, {"sets": e.default_sets, "reps": e.default_reps, "hold_seconds": e.default_hold_seconds,
                            "times_per_day": e.default_times_per_day, "days_per_week": e.default_days_per_week,
                            "side": e.default_side})
            for e in db.session.scalars(select(Exercise).where(Exercise.clinic_id == clinic.id).order_by(Exercise.id))
        ]  # fmt: skip
        techniques = list(
            db.session.execute(
                select(ManualTechnique.id, ManualTechnique.name)
                .where(ManualTechnique.clinic_id == clinic.id)
                .order_by(ManualTechnique.id)
            ).all()
        )
        muscles = list(
            db.session.execute(
                select(Muscle.id, Muscle.slug, Muscle.name)
                .where(
                    Muscle.clinic_id == clinic.id, Muscle.region.in_(("lumbar", "hip", "gluteal", "pelvis"))
                )
                .order_by(Muscle.id)
            ).all()
        ) or list(
            db.session.execute(
                select(Muscle.id, Muscle.slug, Muscle.name)
                .where(Muscle.clinic_id == clinic.id)
                .order_by(Muscle.id)
            ).all()
        )
        return cls(exercises, techniques, muscles)


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

    library = _Library.load(clinic)
    # Ids are handed out for every table the writer fills, except the audit trail (its rows are
    # numbered by their chain).
    ids = _Ids(*(model for model in _Writer.ORDER if model is not AuditEvent))
    writer = _Writer(clinic.id)
    # MRNs continue after the clinic's existing patients (a second run in a named clinic).
    first = db.session.scalar(select(func.count(Patient.id)).where(Patient.clinic_id == clinic.id)) or 0

    def build_all() -> None:
        for n in range(first, first + patients):
            _episode(
                clinic.id, n, rng.choice(therapist_ids), notes_per_patient, today, rng, ids, writer, library
            )
            writer.done += 1
        writer.flush()

    if patients >= PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods():
        _build_in_child(build_all, writer, progress)
    else:
        writer.sink = lambda batch: (writer.write(batch), progress and progress(batch["done"]))
        build_all()
    _fix_sequences()
    db.session.commit()
    # Fresh planner statistics after a bulk load; without them SQLite picks poor join orders.
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    counts = {table: count for table, count in writer.counts.items() if count} | {"user": therapists + 1}
    return Summary(clinic.id, clinic.name, manager_email, counts)


def _build_in_child(build_all: Callable[[], None], writer: _Writer, progress) -> None:
    """Build the rows in a forked process while this one writes them: the two halves of the
    work (rows, hashes and the audit chain there; SQL and the read model here) run on two
    cores. The child never touches the database; batches come through a short queue, so at
    most a few are in memory at once. Data are the same as in one process (same random state).
    """
    context = multiprocessing.get_context("fork")
    batches = context.Queue(maxsize=3)

    def produce() -> None:
        try:
            writer.sink = batches.put
            build_all()
            batches.put(None)
        except BaseException:
            batches.put({"error": traceback.format_exc()})

    child = context.Process(target=produce, name="generate-data rows", daemon=True)
    child.start()
    try:
        while True:
            try:
                batch = batches.get(timeout=5)
            except queue.Empty:
                if not child.is_alive():
                    raise RuntimeError(f"the row builder stopped (exit code {child.exitcode})") from None
                continue
            if batch is None:
                break
            if "error" in batch:
                raise RuntimeError(f"the row builder failed:\n{batch['error']}")
            writer.write(batch)
            if progress:
                progress(batch["done"])
        child.join()
    finally:
        if child.is_alive():
            child.terminate()
            child.join()


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


DN_FREQUENCY = ("Once a week", "Every visit for 3 weeks", "Every other visit")
REGIONS = ("Lumbar spine", "Sacroiliac joint", "Thoracolumbar junction")


def _plan_rows(plan_id, clinic_id, dry_needling, nprs_start, odi_start, rng, ids: _Ids, library: _Library):
    """Goals and interventions of one plan: (goals, interventions, needled muscles), as rows."""
    goals = [
        {"id": ids.take(PlanGoal), "plan_id": plan_id, "term": "long", "measure_code": "nprs",
         "description": f"Reduce low back and leg pain from {nprs_start}/10 to 2/10 or less",
         "patient_wording": "Less pain in your back and leg", "baseline_value": float(nprs_start),
         "target_value": 2.0, "position": 0},
        {"id": ids.take(PlanGoal), "plan_id": plan_id, "term": "long", "measure_code": "odi",
         "description": f"Improve function: ODI from {odi_start}% to {max(0, odi_start - 20)}% or less",
         "patient_wording": "Do more of your daily activities", "baseline_value": float(odi_start),
         "target_value": float(max(0, odi_start - 20)), "position": 1},
    ]  # fmt: skip
    interventions = []
    for position, (exercise_id, name, dosage) in enumerate(rng.sample(library.exercises, 3)):
        params = {"exercise": name, **dosage, "patient_notes": ""}
        interventions.append({"id": ids.take(PlanIntervention), "plan_id": plan_id, "kind": "home_exercise",
                              "params": params, "cpt_code": "97110", "exercise_id": exercise_id,
                              "position": position})  # fmt: skip
    technique_id, technique = rng.choice(library.techniques)
    interventions.append({"id": ids.take(PlanIntervention), "plan_id": plan_id, "kind": "manual_therapy",
                          "params": {"technique": technique, "region": rng.choice(REGIONS), "grade": "",
                                     "minutes": rng.choice((8, 10, 15))},
                          "cpt_code": "97140", "technique_id": technique_id, "position": 3})  # fmt: skip
    muscles = []
    if dry_needling:
        for muscle_id, slug, name in rng.sample(library.muscles, min(2, len(library.muscles))):
            muscles.append(
                {"muscle_id": muscle_id, "slug": slug, "name": name, "side": rng.choice(("left", "right"))}
            )
        params = {"muscles": muscles, "technique": "static", "frequency": rng.choice(DN_FREQUENCY),
                  "rationale": "Active trigger points reproducing the leg pain"}  # fmt: skip
        interventions.append({"id": ids.take(PlanIntervention), "plan_id": plan_id, "kind": "dry_needling",
                              "params": params, "cpt_code": dry_needling_code(len(muscles)), "position": 4})  # fmt: skip
    return goals, interventions, muscles


def _episode(
    clinic_id, n, therapist_id, notes_per_patient, today, rng, ids: _Ids, writer: _Writer, library: _Library
) -> None:
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
    created = _at(start, 14)
    writer.add(
        Patient,
        {
            "id": patient_id,
            "clinic_id": clinic_id,
            "mrn": mrn,
            "mrn_key": mrn_key(mrn),
            "first_name": first_name,
            "last_name": last_name,
            "search_text": search_text_of(first_name, last_name, mrn),
            "date_of_birth": date(rng.randint(1940, 2004), rng.randint(1, 12), rng.randint(1, 28)),
            "sex": rng.choice(("female", "male")),
            "primary_therapist_id": therapist_id,
            "status": "discharged" if discharged else "active",
            "created_at": created,
            "updated_at": created,
        },
    )
    writer.audit("create", "demographics", user_id=therapist_id, patient_id=patient_id, entity="patient",
                 entity_id=patient_id, at=created)  # fmt: skip

    nprs_start, odi_start = rng.randint(4, 9), rng.randrange(20, 62, 2)
    response = rng.uniform(0.2, 0.9)  # share of the symptoms gone by the end

    def scores(day: date, fraction: float, source: str, source_id: int) -> list[dict]:
        gain = response * fraction
        nprs = (
            nprs_start
            if fraction == 0
            else min(10, max(0, round(nprs_start * (1 - gain) + rng.gauss(0, 0.8))))
        )
        odi = (
            odi_start
            if fraction == 0
            else min(100, max(0, 2 * round((odi_start * (1 - gain) + rng.gauss(0, 3)) / 2)))
        )
        rows = []
        for code, value in (("nprs", nprs), ("odi", odi)):
            row = _with_defaults(OutcomeScore, {
                "id": ids.take(OutcomeScore), "clinic_id": clinic_id, "patient_id": patient_id, "code": code,
                "value": float(value), "taken_on": day, "source": source,
                "evaluation_id": source_id if source == "evaluation" else None,
                "visit_note_id": source_id if source == "visit_note" else None,
                "recorded_by_id": therapist_id, "created_at": _at(day, 17),
            })  # fmt: skip
            writer.add(OutcomeScore, row, filled=True)
            rows.append(row)
        return rows

    evaluation_id = ids.take(Evaluation)
    signed_at = _at(start, 18)
    evaluation = {
        "id": evaluation_id,
        "clinic_id": clinic_id,
        "patient_id": patient_id,
        "therapist_id": therapist_id,
        "kind": "initial",
        "date_of_service": start,
        "nprs_current": nprs_start,
        "signed_at": signed_at,
        "signed_by_id": therapist_id,
    }
    baseline = scores(start, 0.0, "evaluation", evaluation_id)
    evaluation["content_hash"] = _signed_hash(
        Evaluation, evaluation, scores=[_Row(OutcomeScore, row) for row in baseline]
    )
    writer.add(Evaluation, evaluation, filled=True)
    writer.audit("sign", "evaluation", user_id=therapist_id, patient_id=patient_id, entity="evaluation",
                 entity_id=evaluation_id, at=signed_at)  # fmt: skip

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
        "created_at": signed_at,
        "updated_at": signed_at,
    }
    goals, interventions, muscles = _plan_rows(
        plan_id, clinic_id, dry_needling, nprs_start, odi_start, rng, ids, library
    )
    goals = [_with_defaults(PlanGoal, goal) for goal in goals]
    interventions = [_with_defaults(PlanIntervention, item) for item in interventions]
    plan["content_hash"] = _signed_hash(
        PlanOfCare,
        plan,
        goals=[_Row(PlanGoal, goal) for goal in goals],
        interventions=[_Row(PlanIntervention, item) for item in interventions],
    )
    writer.add(PlanOfCare, plan, filled=True)
    for goal in goals:
        writer.add(PlanGoal, goal, filled=True)
    for item in interventions:
        writer.add(PlanIntervention, item, filled=True)
    writer.audit("sign", "plan_of_care", user_id=therapist_id, patient_id=patient_id, entity="plan_of_care",
                 entity_id=plan_id, at=signed_at)  # fmt: skip

    episode = {
        "clinic_id": clinic_id,
        "patient_id": patient_id,
        "therapist_id": therapist_id,
        "plan_id": plan_id,
        "days": days,
        "discharged": discharged,
        "planned_visits": planned_visits,
        "nprs_start": nprs_start,
        "response": response,
        "dry_needling": dry_needling,
        "muscles": muscles,
        "scores": scores,
        "today": today,
    }
    for number, day in enumerate(days, start=1):
        _note(episode, number, day, rng, ids, writer)


def _note(episode: dict, number: int, day: date, rng, ids: _Ids, writer: _Writer) -> None:
    """One visit: the note, its billing lines, the needling record, scores and audit rows."""
    clinic_id, patient_id, therapist_id = episode["clinic_id"], episode["patient_id"], episode["therapist_id"]
    days, discharged, planned_visits = episode["days"], episode["discharged"], episode["planned_visits"]
    note_id = ids.take(VisitNote)
    last = discharged and number == len(days)
    kind = "discharge" if last else ("progress" if number % PROGRESS_NOTE_EVERY_VISITS == 0 else "daily")
    fraction = number / planned_visits
    pain = max(
        0, min(10, round(episode["nprs_start"] * (1 - episode["response"] * fraction) + rng.gauss(0, 1)))
    )
    with_dn = episode["dry_needling"] and rng.random() < 0.5
    adverse = with_dn and rng.random() < 0.08
    urgent = adverse and rng.random() < 0.005
    exercise_minutes, manual_minutes = rng.choice((15, 20, 23, 30)), rng.choice((8, 10, 15))
    timed = exercise_minutes + manual_minutes
    units = timed_units({"97110": exercise_minutes, "97140": manual_minutes})
    needling_minutes = 10 if with_dn else 0
    created_at = _at(day, 16 + rng.randint(0, 4))
    recent = (episode["today"] - day).days <= 3
    unsigned = rng.random() < (0.25 if recent else 0.004)
    signed_at = None if unsigned else created_at + timedelta(minutes=rng.randint(5, 600))
    values = {
        "id": note_id,
        "clinic_id": clinic_id,
        "patient_id": patient_id,
        "plan_id": episode["plan_id"],
        "therapist_id": therapist_id,
        "kind": kind,
        "date_of_service": day,
        "visit_number": number,
        "nprs_before": pain,
        "nprs_after": max(0, pain - rng.randint(0, 2)),
        "total_timed_minutes": timed,
        "total_treatment_minutes": timed + needling_minutes + rng.choice((0, 5)),
        "payer_rule": "cms",
        "subjective": "Pain easing with the home program."
        if pain < episode["nprs_start"]
        else "Pain unchanged.",
        "assessment": "Tolerated treatment; continue plan.",
        "has_dry_needling": with_dn,
        "has_adverse_event": adverse,
        "has_urgent_adverse_event": urgent,
        "created_at": created_at,
        "updated_at": created_at,
        "signed_at": signed_at,
        "signed_by_id": None if unsigned else therapist_id,
    }
    lines = [
        _with_defaults(NoteBillingLine, {"id": ids.take(NoteBillingLine), "note_id": note_id, "cpt_code": code,
                                         "minutes": minutes, "units": units.get(code, 0), "is_timed": True})
        for code, minutes in (("97110", exercise_minutes), ("97140", manual_minutes))
    ]  # fmt: skip
    needling, needled = None, []
    if with_dn:
        code = dry_needling_code(len(episode["muscles"]))
        lines.append(_with_defaults(NoteBillingLine, {"id": ids.take(NoteBillingLine), "note_id": note_id,
                                                      "cpt_code": code, "minutes": 0, "units": 1, "is_timed": False}))  # fmt: skip
        needling = _with_defaults(NeedlingRecord, {
            "id": ids.take(NeedlingRecord), "note_id": note_id, "technique": "static", "needle_gauge_mm": 0.25,
            "needle_length_mm": rng.choice((40, 50, 60)), "needles_in": 2 * len(episode["muscles"]),
            "needles_out": 2 * len(episode["muscles"]), "twitch_grade": rng.choice(("none", "weak", "strong")),
            "tolerance": "fair" if adverse else "good", "response": "Local twitch, reduced tenderness after.",
            "adverse_events": ["soreness"] if adverse else [], "sharps_disposed": True, "no_injectate": True,
            "minutes": needling_minutes, "cpt_code": code,
        })  # fmt: skip
        needled = [
            _with_defaults(NeedledMuscle, {"id": ids.take(NeedledMuscle), "procedure_id": needling["id"],
                                           "muscle_id": m["muscle_id"], "side": m["side"], "position": position})
            for position, m in enumerate(episode["muscles"])
        ]  # fmt: skip
    if not unsigned:
        needling_row = (
            _Row(NeedlingRecord, needling, muscles=[_Row(NeedledMuscle, m) for m in needled])
            if needling
            else None
        )
        values["content_hash"] = _signed_hash(
            VisitNote,
            values,
            billing_lines=[_Row(NoteBillingLine, line) for line in lines],
            needling=needling_row,
        )
    else:
        values["content_hash"] = None
    writer.add(VisitNote, values)
    for line in lines:
        writer.add(NoteBillingLine, line, filled=True)
    if needling:
        writer.add(NeedlingRecord, needling, filled=True)
        for muscle in needled:
            writer.add(NeedledMuscle, muscle, filled=True)
    if kind in ("progress", "discharge"):
        episode["scores"](day, fraction, "visit_note", note_id)
    if not unsigned:
        writer.audit("sign", "visit_note", user_id=therapist_id, patient_id=patient_id, entity="visit_note",
                     entity_id=note_id, at=signed_at)  # fmt: skip


def _fix_sequences() -> None:
    """PostgreSQL sequences must move past the ids assigned here."""
    if db.engine.dialect.name != "postgresql":
        return
    for model in _Writer.ORDER + (User,):
        table = model.__table__
        highest = select(func.max(table.c.id)).scalar_subquery()
        sequence = func.pg_get_serial_sequence(table.name, "id")
        db.session.execute(select(func.setval(sequence, highest)))
