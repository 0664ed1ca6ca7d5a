"""Drill-down lists: the rows behind each dashboard number, built from the same predicates.

Sorting and filtering take names from allowlists only; a request never reaches SQL text.

The plan and outcome lists read the caseload read model (``ptplan.caseload.summary``), the
same stored figures the dashboard adds up, so SQL sorts and limits them by an index range
rather than computing every active plan's lineage or every patient's scores first. Figures
that only the shown rows need (first and latest scores) are read afterwards, for those rows
only (``ListSpec.enrich``), a page or an export batch at a time. Counts read the read model
alone (``ListSpec.count``), and lists with one row per patient sorted by name pick the page's
patients by walking the clinic's name index (``page_keys``) before reading their rows.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache

from sqlalchemy import bindparam, case, exists, func, literal, or_, select
from sqlalchemy.sql import ColumnElement, Select

from ptplan.auth.models import User
from ptplan.caseload import metrics
from ptplan.caseload.metrics import Scope
from ptplan.caseload.summary import CaseloadPatientOutcome, CaseloadPlanStatus
from ptplan.evaluations.models import Evaluation
from ptplan.extensions import db
from ptplan.patients.models import Patient
from ptplan.sessions.models import NOTE_KINDS, VisitNote

PER_PAGE = 25


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    fmt: str = "text"  # text | date | datetime | signed | flag | kind


@dataclass(frozen=True)
class ListSpec:
    metric: str
    title: str
    empty: str
    columns: tuple[Column, ...]
    default_sort: str
    build: Callable[[Scope], Select]
    sort_keys: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Adds per-row figures to an already sorted and limited batch of rows.
    enrich: Callable[[list], list] | None = None
    # Counts the unfiltered list from the read model alone (no joins to name the rows).
    count: Callable[[Scope], Select] | None = None
    # Lists with one row per patient: "this patient (``Patient.id``) has a row", so a page in
    # name order walks the clinic's name index and stops after one page (``page_keys``).
    has_row: Callable[[Scope], ColumnElement[bool]] | None = None


def _patient_columns():
    return (
        Patient.id.label("patient_id"),
        Patient.last_name.label("last_name"),
        Patient.first_name.label("first_name"),
        Patient.mrn.label("mrn"),
    )


PATIENT_COLUMNS = (Column("name", "Patient"), Column("mrn", "MRN"))
NAME_SORT = {"name": ("last_name", "first_name", "patient_id"), "mrn": ("mrn",), "therapist": ("therapist",)}


def _notes(predicate_key: str) -> Callable[[Scope], Select]:
    def build(scope: Scope) -> Select:
        predicate = metrics.note_predicates(scope)[predicate_key]
        return (
            select(
                *_patient_columns(),
                VisitNote.id.label("note_id"),
                VisitNote.date_of_service.label("date"),
                VisitNote.kind.label("kind"),
                VisitNote.visit_number.label("visit_number"),
                User.full_name.label("therapist"),
                VisitNote.created_at.label("created_at"),
                VisitNote.signed_at.label("signed_at"),
                VisitNote.has_dry_needling.label("dry_needling"),
                VisitNote.has_adverse_event.label("adverse_event"),
                VisitNote.has_urgent_adverse_event.label("urgent_adverse_event"),
            )
            .join(Patient, Patient.id == VisitNote.patient_id)
            .join(User, User.id == VisitNote.therapist_id)
            .where(*metrics._note_scope(scope), predicate)
        )

    return build


NOTE_COLUMNS = PATIENT_COLUMNS + (
    Column("date", "Date of service", "date"),
    Column("kind", "Note", "kind"),
    Column("visit_number", "Visit"),
    Column("therapist", "Therapist"),
    Column("created_at", "Created", "datetime"),
    Column("signed_at", "Signed", "datetime"),
    Column("dry_needling", "Dry needling", "flag"),
    Column("adverse_event", "Adverse event", "flag"),
    Column("urgent_adverse_event", "Urgent", "flag"),
)
NOTE_SORT = NAME_SORT | {
    "date": ("date", "note_id"),
    "kind": ("kind",),
    "visit_number": ("visit_number",),
    "created_at": ("created_at", "note_id"),
}


def _evaluations(scope: Scope) -> Select:
    return (
        select(
            *_patient_columns(),
            Evaluation.id.label("evaluation_id"),
            Evaluation.date_of_service.label("date"),
            User.full_name.label("therapist"),
            Evaluation.signed_at.label("signed_at"),
        )
        .join(Patient, Patient.id == Evaluation.patient_id)
        .join(User, User.id == Evaluation.therapist_id)
        .where(metrics.evaluation_predicate(scope))
    )


def _stored_plans(scope: Scope, predicate_key: str | None):
    """The clinic's (or therapist's) read-model plan rows, narrowed to one list's predicate;
    "active patients" keeps each patient's first active plan (``patient_count`` 1)."""
    stored = CaseloadPlanStatus.__table__
    conditions = [stored.c.clinic_id == scope.clinic_id]
    if scope.therapist_id is not None:
        conditions.append(stored.c.therapist_id == scope.therapist_id)
    if predicate_key is None:
        conditions.append(stored.c.patient_count == 1)
    else:
        conditions.append(metrics.plan_predicates(stored, scope)[predicate_key])
    return stored, conditions


def _plans(predicate_key: str | None) -> Callable[[Scope], Select]:
    def build(scope: Scope) -> Select:
        stored, conditions = _stored_plans(scope, predicate_key)
        source = stored.join(Patient, Patient.id == stored.c.patient_id).outerjoin(
            User, User.id == stored.c.therapist_id
        )
        names = ("cert_end_date", "first_visit", "visits_since_progress", "physician_signed_on")
        if predicate_key is None:
            # One row per patient. A patient has one active plan per lineage, almost always just
            # one: the figures over all of a patient's plans are grouped only for the few
            # patients who have a second one (a row with ``patient_count`` 0), not for every row.
            other = CaseloadPlanStatus.__table__.alias("other_plan")
            several = select(other.c.patient_id).where(
                other.c.clinic_id == scope.clinic_id, other.c.patient_count == 0
            )
            grouped = (
                select(
                    other.c.patient_id,
                    func.min(other.c.cert_end_date).label("cert_end_date"),
                    func.min(other.c.first_visit).label("first_visit"),
                    func.max(other.c.visits_since_progress).label("visits_since_progress"),
                    func.max(other.c.physician_signed_on).label("physician_signed_on"),
                )
                .where(other.c.patient_id.in_(several))
                .group_by(other.c.patient_id)
                .subquery("several_plans")
            )
            figures = [func.coalesce(grouped.c[name], stored.c[name]).label(name) for name in names]
            source = source.outerjoin(grouped, grouped.c.patient_id == stored.c.patient_id)
        else:  # other plan lists have a row per plan
            figures = [stored.c[name] for name in names]
        return (
            select(
                *_patient_columns(), func.coalesce(User.full_name, "Unassigned").label("therapist"), *figures
            )
            .select_from(source)
            .where(*conditions)
        )

    return build


def _has_active_plan(scope: Scope) -> ColumnElement[bool]:
    stored, conditions = _stored_plans(scope, None)
    return exists().where(stored.c.patient_id == Patient.id, *conditions)


def _plans_count(predicate_key: str | None) -> Callable[[Scope], Select]:
    def count(scope: Scope) -> Select:
        stored, conditions = _stored_plans(scope, predicate_key)
        return select(func.count()).select_from(stored).where(*conditions)

    return count


PLAN_COLUMNS = PATIENT_COLUMNS + (
    Column("therapist", "Primary therapist"),
    Column("first_visit", "First visit", "date"),
    Column("visits_since_progress", "Visits since progress note"),
    Column("cert_end_date", "Certification ends", "date"),
    Column("physician_signed_on", "Physician signed", "date"),
)
PLAN_SORT = NAME_SORT | {
    "first_visit": ("first_visit",),
    "visits_since_progress": ("visits_since_progress",),
    "cert_end_date": ("cert_end_date",),
}


def _stored_outcomes(scope: Scope, only_reached: bool):
    """The outcome cohort's read-model rows (``summary.outcome_statement``'s cohort): patients
    with an active plan and those discharged in the range; the discharged test is returned too."""
    stored = CaseloadPatientOutcome.__table__
    discharged_ids = select(VisitNote.patient_id).where(
        VisitNote.clinic_id == scope.clinic_id, metrics.note_predicates(scope)["discharges"]
    )
    discharged = stored.c.patient_id.in_(discharged_ids)
    conditions = [stored.c.clinic_id == scope.clinic_id, or_(stored.c.is_active.is_(True), discharged)]
    if scope.therapist_id is not None:
        conditions.append(stored.c.therapist_id == scope.therapist_id)
    if only_reached:
        conditions += [discharged, stored.c.reached_mcid.is_(True)]
    return stored, conditions, discharged


def _outcomes(only_reached: bool) -> Callable[[Scope], Select]:
    """The cohort of ``summary.outcome_statement`` row by row, with the stored change and MCID flag."""

    def build(scope: Scope) -> Select:
        stored, conditions, discharged = _stored_outcomes(scope, only_reached)
        return (
            select(
                *_patient_columns(),
                func.coalesce(User.full_name, "Unassigned").label("therapist"),
                stored.c.nprs_change,
                stored.c.odi_change,
                case((discharged, 1), else_=0).label("discharged"),
                case((stored.c.reached_mcid.is_(True), 1), else_=0).label("reached_mcid"),
            )
            .join(Patient, Patient.id == stored.c.patient_id)
            .outerjoin(User, User.id == stored.c.therapist_id)
            .where(*conditions)
        )

    return build


def _has_outcome(only_reached: bool) -> Callable[[Scope], ColumnElement[bool]]:
    def has_row(scope: Scope) -> ColumnElement[bool]:
        stored, conditions, _discharged = _stored_outcomes(scope, only_reached)
        return exists().where(stored.c.patient_id == Patient.id, *conditions)

    return has_row


def _outcomes_count(only_reached: bool) -> Callable[[Scope], Select]:
    def count(scope: Scope) -> Select:
        stored, conditions, _discharged = _stored_outcomes(scope, only_reached)
        return select(func.count()).select_from(stored).where(*conditions)

    return count


FIRST_AND_LATEST = ("nprs_first", "nprs_latest", "odi_first", "odi_latest")


@cache
def _first_and_latest_statement() -> Select:
    """Built once: the statement is large (two index seeks per measure and patient), and
    building it costs ten times more than running it for a page of patients."""
    cohort = (
        select(Patient.id.label("patient_id"), literal(0).label("discharged"))
        .where(Patient.id.in_(bindparam("patient_ids", expanding=True)))
        .subquery("cohort")
    )
    per_patient = metrics.outcome_changes(cohort)
    return select(per_patient.c.patient_id, *[per_patient.c[name] for name in FIRST_AND_LATEST])


def _first_and_latest_scores(rows: list) -> list[dict]:
    """First and latest NPRS and ODI of the given rows' patients: index seeks for these only."""
    ids = sorted({row["patient_id"] for row in rows})
    figures: dict[int, dict] = {}
    if ids:
        for found in db.session.execute(_first_and_latest_statement(), {"patient_ids": ids}).mappings():
            figures[found["patient_id"]] = dict(found)
    return [
        dict(row) | {name: figures.get(row["patient_id"], {}).get(name) for name in FIRST_AND_LATEST}
        for row in rows
    ]


OUTCOME_COLUMNS = PATIENT_COLUMNS + (
    Column("therapist", "Primary therapist"),
    Column("nprs_first", "NPRS first"),
    Column("nprs_latest", "NPRS latest"),
    Column("nprs_change", "NPRS change", "signed"),
    Column("odi_first", "ODI first"),
    Column("odi_latest", "ODI latest"),
    Column("odi_change", "ODI change", "signed"),
    Column("discharged", "Discharged in range", "flag"),
    Column("reached_mcid", "Reached MCID", "flag"),
)
OUTCOME_SORT = NAME_SORT | {"nprs_change": ("nprs_change",), "odi_change": ("odi_change",)}

_NOTES_EMPTY = "No notes match. Widen the date range or choose another therapist."
_PLANS_EMPTY = "No active plans match. Plans appear here once a therapist signs a plan of care."


def _note_spec(metric: str, title: str, empty: str = _NOTES_EMPTY) -> ListSpec:
    return ListSpec(metric, title, empty, NOTE_COLUMNS, "-date", _notes(metric), NOTE_SORT)


def _plan_spec(metric: str | None, key: str, title: str, default_sort: str = "name") -> ListSpec:
    return ListSpec(
        key,
        title,
        _PLANS_EMPTY,
        PLAN_COLUMNS,
        default_sort,
        _plans(metric),
        PLAN_SORT,
        count=_plans_count(metric),
        has_row=_has_active_plan if metric is None else None,
    )


LISTS: dict[str, ListSpec] = {
    spec.metric: spec
    for spec in (
        _plan_spec(None, "active_patients", "Active patients"),
        ListSpec(
            "new_evaluations",
            "New evaluations",
            "No initial evaluations in this range. They appear once therapists evaluate new patients.",
            PATIENT_COLUMNS
            + (
                Column("date", "Date of service", "date"),
                Column("therapist", "Therapist"),
                Column("signed_at", "Signed", "datetime"),
            ),
            "-date",
            _evaluations,
            NAME_SORT | {"date": ("date", "evaluation_id")},
        ),
        _note_spec("visits_7d", "Visits in the last 7 days"),
        _note_spec("visits_30d", "Visits in the last 30 days"),
        _note_spec("discharges", "Discharge summaries"),
        _note_spec(
            "unsigned", "Notes unsigned for more than 24 hours", "No unsigned notes: everything is signed."
        ),
        _note_spec("dry_needling", "Notes with dry needling"),
        _note_spec(
            "adverse_events", "Notes with an adverse event", "No adverse events recorded in this range."
        ),
        _note_spec(
            "urgent_adverse_events", "Urgent adverse events", "No urgent adverse events in this range."
        ),
        _plan_spec(
            "progress_overdue", "progress_overdue", "Progress notes overdue", "-visits_since_progress"
        ),
        _plan_spec("recert_due", "recert_due", "Recertifications due within 14 days", "cert_end_date"),
        _plan_spec("recert_overdue", "recert_overdue", "Recertifications overdue", "cert_end_date"),
        _plan_spec(
            "physician_cert_missing",
            "physician_cert_missing",
            "Physician certifications missing",
            "first_visit",
        ),
        ListSpec(
            "outcomes",
            "Outcome change per patient",
            "No patient has two NPRS or ODI scores yet. Scores come from evaluations and notes.",
            OUTCOME_COLUMNS,
            "name",
            _outcomes(False),
            OUTCOME_SORT,
            _first_and_latest_scores,
            _outcomes_count(False),
            _has_outcome(False),
        ),
        ListSpec(
            "mcid_reached",
            "Discharged patients who reached the MCID",
            "No patient discharged in this range reached the MCID.",
            OUTCOME_COLUMNS,
            "name",
            _outcomes(True),
            OUTCOME_SORT,
            _first_and_latest_scores,
            _outcomes_count(True),
            _has_outcome(True),
        ),
    )
}


@dataclass(frozen=True)
class Sort:
    key: str
    descending: bool
    message: str | None = None

    @property
    def param(self) -> str:
        return ("-" if self.descending else "") + self.key


def parse_sort(spec: ListSpec, raw: str | None) -> Sort:
    """``name`` or ``-name`` from the allowlist; anything else falls back to the default."""
    default = spec.default_sort
    value = (raw or default).strip()
    descending = value.startswith("-")
    key = value.lstrip("-")
    if key not in spec.sort_keys:
        descending, key = default.startswith("-"), default.lstrip("-")
        return Sort(key, descending, "That sort column does not exist here, so the default order is used.")
    return Sort(key, descending)


def _term_condition(term: str) -> ColumnElement[bool] | None:
    term = term.strip().lower()
    if not term:
        return None
    return or_(
        func.lower(Patient.last_name).contains(term, autoescape=True),
        func.lower(Patient.first_name).contains(term, autoescape=True),
        func.lower(Patient.mrn).contains(term, autoescape=True),
    )


def filtered(spec: ListSpec, scope: Scope, term: str = "") -> Select:
    statement = spec.build(scope)
    condition = _term_condition(term)
    return statement if condition is None else statement.where(condition)


def page_keys(spec: ListSpec, scope: Scope, sort: Sort, term: str = "") -> Select | None:
    """The patient ids of a list with one row per patient, in name order, when that is the
    sort: read by walking the clinic's (clinic, last name, first name) index and probing the
    read model for each patient, so the first pages cost a few dozen probes instead of
    naming and sorting every row of the list. ``paginate`` limits it to one page."""
    if spec.has_row is None or sort.key != "name":
        return None
    statement = select(Patient.id).where(Patient.clinic_id == scope.clinic_id, spec.has_row(scope))
    condition = _term_condition(term)
    if condition is not None:
        statement = statement.where(condition)
    columns = (Patient.last_name, Patient.first_name, Patient.id)
    return statement.order_by(*[c.desc() if sort.descending else c.asc() for c in columns])


def ordered(spec: ListSpec, statement: Select, sort: Sort) -> Select:
    columns = statement.selected_columns
    order: list[ColumnElement] = []
    for name in spec.sort_keys[sort.key]:
        column = columns[name]
        order.append(column.desc() if sort.descending else column.asc())
    order.append(columns["patient_id"].asc())
    return statement.order_by(*order)


@dataclass
class Page:
    items: list
    page: int
    per_page: int
    total: int
    message: str | None = None

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def count_statement(spec: ListSpec, scope: Scope, term: str = "") -> Select | None:
    """The list's own count when it has one and no search narrows it (else ``paginate`` counts
    the rows of the list statement)."""
    return spec.count(scope) if spec.count is not None and not term.strip() else None


def paginate(
    statement: Select,
    page_number: int,
    per_page: int = PER_PAGE,
    enrich: Callable[[list], list] | None = None,
    count: Select | None = None,
    keys: Select | None = None,
) -> Page:
    """Count, then one page; a page past the end shows the last page with a message.
    ``enrich`` adds per-row figures to the page's rows only; ``count``, when given, counts the
    same rows more cheaply than the list statement itself; ``keys`` (``page_keys``) picks the
    page's patients in the statement's own order before their rows are read."""
    if count is None:
        count = select(func.count()).select_from(statement.order_by(None).subquery())
    total = db.session.scalar(count) or 0
    pages = max(1, math.ceil(total / per_page))
    message = None
    if page_number > pages:
        message = f"There is no page {page_number}; this is the last page ({pages})."
        page_number = pages
    offset = (page_number - 1) * per_page
    if keys is not None:  # the page's patients (a subquery run once), then their rows, same order
        page_ids = keys.limit(per_page).offset(offset)
        rows = db.session.execute(statement.where(Patient.id.in_(page_ids))).mappings().all()
    else:
        rows = db.session.execute(statement.limit(per_page).offset(offset)).mappings().all()
    if enrich is not None:
        rows = enrich(list(rows))
    return Page(items=list(rows), page=page_number, per_page=per_page, total=total, message=message)


def stream_rows(
    statement: Select, batch: int = 1000, enrich: Callable[[list], list] | None = None
) -> Iterator:
    """Rows a batch at a time (server-side cursor where the driver has one): constant memory.
    ``enrich`` runs once per batch."""
    result = db.session.execute(statement.execution_options(yield_per=batch, stream_results=True))
    if enrich is None:
        yield from result.mappings()
        return
    for part in result.mappings().partitions(batch):
        yield from enrich(list(part))


def display(column: Column, row, zone=None) -> str:
    """A cell as text, for HTML and CSV alike."""
    if column.key == "name":
        return f"{row['last_name']}, {row['first_name']}"
    value = row.get(column.key)
    if value is None:
        return ""
    if column.fmt == "flag":
        return "Yes" if value else "No"
    if column.fmt == "kind":
        return NOTE_KINDS.get(value, value)
    if column.fmt == "signed":
        return f"{value:+g}"
    if column.fmt == "datetime":
        return value.astimezone(zone).strftime("%Y-%m-%d %H:%M") if zone else value.isoformat()
    if column.fmt == "date":
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
