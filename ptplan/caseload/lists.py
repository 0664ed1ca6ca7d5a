"""Drill-down lists: the rows behind each dashboard number, built from the same predicates.

Sorting and filtering take names from allowlists only; a request never reaches SQL text.

The plan and outcome lists read the caseload read model (``ptplan.caseload.summary``), the
same stored figures the dashboard adds up, so SQL sorts and limits them by an index range
rather than computing every active plan's lineage or every patient's scores first; the read
model also holds the patients' names and the first and latest scores the outcome lists show.
Counts read the read model alone (``ListSpec.count``). Note lists count from the day rows of
the read model (``daily.CaseloadNoteDay``; unsigned notes from an index).

A list sorted by columns of one table (the read model's, or the notes' date, kind, visit and
created) picks its page of row ids there, sorted and limited in SQL (``page_keys``), before
the patient and the therapist are joined to those 25 rows; ``ptplan.caseload.paging`` runs
the page, and the ids reach the rows statement through ``probes.in_probed``, so PostgreSQL
looks them up by index instead of hashing a whole table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from sqlalchemy import case, func, or_, select
from sqlalchemy.sql import ColumnElement, Select

from ptplan.auth.models import User
from ptplan.caseload import metrics
from ptplan.caseload.daily import CaseloadNoteDay
from ptplan.caseload.metrics import Scope
from ptplan.caseload.paging import ListStatements, PageKeys
from ptplan.caseload.probes import in_probed
from ptplan.caseload.summary import CaseloadPatientOutcome, CaseloadPlanStatus
from ptplan.evaluations.models import Evaluation
from ptplan.patients.models import Patient
from ptplan.sessions.models import NOTE_KINDS, VisitNote


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
    # Counts the unfiltered list from the read model alone (no joins to name the rows).
    count: Callable[[Scope], Select] | None = None
    # The list's row ids (``row_key``) from one table alone, the read model's or the notes',
    # with the list's conditions: a page is sorted and limited there (``page_keys``) ...
    sorted_ids: Callable[[Scope], Select] | None = None
    # ... when every column of the sort is one of that table's (label -> column).
    key_columns: dict[str, ColumnElement] = field(default_factory=dict)
    # The list statement's column those ids name, and the ids' patient (to apply a search).
    row_key: ColumnElement | None = None
    patient_key: ColumnElement | None = None
    # A row's own id among the statement's columns: the last sort key, so the order is total
    # and a row is on exactly one page whichever path reads it.
    row_id: str | None = None


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


# The note columns behind the note lists' labels: the sorts a page of note ids can follow
# without the patient's or the therapist's row.
NOTE_KEY_COLUMNS = {
    "date": VisitNote.date_of_service,
    "note_id": VisitNote.id,
    "kind": VisitNote.kind,
    "visit_number": VisitNote.visit_number,
    "created_at": VisitNote.created_at,
    "patient_id": VisitNote.patient_id,
}


def _note_ids(predicate_key: str) -> Callable[[Scope], Select]:
    def keys(scope: Scope) -> Select:
        predicate = metrics.note_predicates(scope)[predicate_key]
        return select(VisitNote.id).where(*metrics._note_scope(scope), predicate)

    return keys


# Which day-row figure counts a note list, over which days (``metrics.note_predicates``).
_NOTE_DAY_FIGURES: dict[str, tuple[str, Callable[[Scope], tuple[date, date]]]] = {
    "visits_7d": ("visits", lambda scope: (scope.today - timedelta(days=6), scope.today)),
    "visits_30d": ("visits", lambda scope: (scope.today - timedelta(days=29), scope.today)),
    "discharges": ("discharges", lambda scope: (scope.start, scope.end)),
    "dry_needling": ("dry_needling", lambda scope: (scope.start, scope.end)),
    "adverse_events": ("adverse_events", lambda scope: (scope.start, scope.end)),
    "urgent_adverse_events": ("urgent_adverse_events", lambda scope: (scope.start, scope.end)),
}


def _notes_count(predicate_key: str) -> Callable[[Scope], Select]:
    """A note list's row count: summed from the day rows of the read model, or for unsigned
    notes (no date) counted from their index, never by joining every note to its patient."""

    def count(scope: Scope) -> Select:
        if predicate_key not in _NOTE_DAY_FIGURES:
            predicate = metrics.note_predicates(scope)[predicate_key]
            return select(func.count()).select_from(VisitNote).where(*metrics._note_scope(scope), predicate)
        name, days = _NOTE_DAY_FIGURES[predicate_key]
        first, last = days(scope)
        day = CaseloadNoteDay.__table__
        conditions = [day.c.clinic_id == scope.clinic_id, day.c.day.between(first, last)]
        if scope.therapist_id is not None:
            conditions.append(day.c.therapist_id == scope.therapist_id)
        return select(func.coalesce(func.sum(day.c[name]), 0)).where(*conditions)

    return count


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
            figures = [*[stored.c[name] for name in names], stored.c.plan_id]
        return (
            select(
                *_patient_columns(), func.coalesce(User.full_name, "Unassigned").label("therapist"), *figures
            )
            .select_from(source)
            .where(*conditions)
        )

    return build


def _plan_ids(predicate_key: str | None) -> Callable[[Scope], Select]:
    def ids(scope: Scope) -> Select:
        stored, conditions = _stored_plans(scope, predicate_key)
        key = stored.c.patient_id if predicate_key is None else stored.c.plan_id
        return select(key).where(*conditions)

    return ids


_STORED_PLAN = CaseloadPlanStatus.__table__.c
_NAME_KEYS = ("last_name", "first_name", "patient_id")
# Active patients show figures over all of a patient's plans: only the name order is the read
# model's own; a list with a row per plan can follow any of its stored columns.
_ACTIVE_PATIENT_KEYS = {name: _STORED_PLAN[name] for name in _NAME_KEYS}
_PLAN_KEYS = {
    name: _STORED_PLAN[name]
    for name in (*_NAME_KEYS, "plan_id", "cert_end_date", "first_visit", "visits_since_progress")
}


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
    discharged = in_probed(stored.c.patient_id, discharged_ids)
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
                stored.c.nprs_first,
                stored.c.nprs_latest,
                stored.c.nprs_change,
                stored.c.odi_first,
                stored.c.odi_latest,
                stored.c.odi_change,
                case((discharged, 1), else_=0).label("discharged"),
                case((stored.c.reached_mcid.is_(True), 1), else_=0).label("reached_mcid"),
            )
            .join(Patient, Patient.id == stored.c.patient_id)
            .outerjoin(User, User.id == stored.c.therapist_id)
            .where(*conditions)
        )

    return build


def _outcome_ids(only_reached: bool) -> Callable[[Scope], Select]:
    def ids(scope: Scope) -> Select:
        stored, conditions, _discharged = _stored_outcomes(scope, only_reached)
        return select(stored.c.patient_id).where(*conditions)

    return ids


_STORED_OUTCOME = CaseloadPatientOutcome.__table__.c
_OUTCOME_KEYS = {name: _STORED_OUTCOME[name] for name in (*_NAME_KEYS, "nprs_change", "odi_change")}


def _outcomes_count(only_reached: bool) -> Callable[[Scope], Select]:
    def count(scope: Scope) -> Select:
        stored, conditions, _discharged = _stored_outcomes(scope, only_reached)
        return select(func.count()).select_from(stored).where(*conditions)

    return count


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
    return ListSpec(
        metric,
        title,
        empty,
        NOTE_COLUMNS,
        "-date",
        _notes(metric),
        NOTE_SORT,
        count=_notes_count(metric),
        sorted_ids=_note_ids(metric),
        key_columns=NOTE_KEY_COLUMNS,
        row_key=VisitNote.id,
        patient_key=VisitNote.patient_id,
        row_id="note_id",
    )


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
        sorted_ids=_plan_ids(metric),
        key_columns=_ACTIVE_PATIENT_KEYS if metric is None else _PLAN_KEYS,
        row_key=_STORED_PLAN.patient_id if metric is None else _STORED_PLAN.plan_id,
        patient_key=_STORED_PLAN.patient_id,
        row_id=None if metric is None else "plan_id",
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
            row_id="evaluation_id",
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
            count=_outcomes_count(False),
            sorted_ids=_outcome_ids(False),
            key_columns=_OUTCOME_KEYS,
            row_key=_STORED_OUTCOME.patient_id,
            patient_key=_STORED_OUTCOME.patient_id,
        ),
        ListSpec(
            "mcid_reached",
            "Discharged patients who reached the MCID",
            "No patient discharged in this range reached the MCID.",
            OUTCOME_COLUMNS,
            "name",
            _outcomes(True),
            OUTCOME_SORT,
            count=_outcomes_count(True),
            sorted_ids=_outcome_ids(True),
            key_columns=_OUTCOME_KEYS,
            row_key=_STORED_OUTCOME.patient_id,
            patient_key=_STORED_OUTCOME.patient_id,
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


def _order(spec: ListSpec, sort: Sort) -> list[tuple[str, bool]]:
    """(column label, descending) in sort order: the sort's columns, then the patient, then
    the row's own id where the list has one (a total order)."""
    order = [(name, sort.descending) for name in spec.sort_keys[sort.key]]
    if spec.row_id is not None and spec.row_id in spec.sort_keys[sort.key]:
        return order  # already total: (date, note id) is an index's order
    order.append(("patient_id", False))
    if spec.row_id is not None:
        order.append((spec.row_id, False))
    return order


def page_keys(spec: ListSpec, scope: Scope, sort: Sort, term: str = "") -> PageKeys | None:
    """The row ids of a list in its order, read from one table without naming every row, when
    every column of the sort is that table's (``paging`` limits them to one page): the read
    model's rows (their copy of the patient's name, their stored figures and dates), or the
    notes alone (date, kind, visit, created). Patient and therapist are then joined to one
    page of rows, not to every row of the list.
    """
    order = _order(spec, sort)
    if spec.sorted_ids is None or not all(name in spec.key_columns for name, _descending in order):
        return None
    ids = spec.sorted_ids(scope)
    condition = _term_condition(term)
    if condition is not None:
        ids = ids.join(Patient, Patient.id == spec.patient_key).where(condition)
    columns = spec.key_columns
    return PageKeys(
        ids.order_by(
            *[columns[name].desc() if descending else columns[name].asc() for name, descending in order]
        ),
        spec.row_key,
    )


def ordered(spec: ListSpec, statement: Select, sort: Sort) -> Select:
    columns = statement.selected_columns
    return statement.order_by(
        *[
            columns[name].desc() if descending else columns[name].asc()
            for name, descending in _order(spec, sort)
        ]
    )


def count_statement(spec: ListSpec, scope: Scope, term: str = "") -> Select | None:
    """The list's own count when it has one and no search narrows it (else ``paging`` counts
    the rows of the list statement)."""
    return spec.count(scope) if spec.count is not None and not term.strip() else None


_SOME_TIME = datetime(2000, 1, 1, tzinfo=UTC)


@lru_cache(maxsize=128)
def _built(metric: str, scope: Scope, sort: Sort, term: str) -> ListStatements:
    spec = LISTS[metric]
    statement = ordered(spec, filtered(spec, scope, term), sort)
    return ListStatements.of(
        statement, count_statement(spec, scope, term), page_keys(spec, scope, sort, term)
    )


def statements(spec: ListSpec, scope: Scope, sort: Sort, term: str = "") -> ListStatements:
    """The list's statements for one clinic, therapist, range, day, sort and search, built once.

    Building them costs more CPU than running them on the read model, and a list is paged
    and viewed again with the same scope. Statements are immutable, so a cached one is safe
    from any request; the clock's one parameter (``metrics.UNSIGNED_BEFORE``) is passed at
    each run (``clock``), so ``scope.now`` is not part of the key. A search (``term``, perhaps
    a patient's name) is built for its request only: no name is kept in the cache.
    """
    if term.strip():
        return _built.__wrapped__(spec.metric, scope, sort, term)
    return _built(spec.metric, replace(scope, now=_SOME_TIME), sort, "")


def clock(scope: Scope) -> dict:
    """The parameters that move with the clock, for ``ListStatements.run``."""
    return {metrics.UNSIGNED_BEFORE: scope.unsigned_before}


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
