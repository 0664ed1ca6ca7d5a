"""What each caseload figure means, as SQL, in one place.

The dashboard counts and the drill-down lists are built from the SAME predicates and
subqueries below, so a list always holds exactly the rows behind its number.

Attribution (project choice): a note or an evaluation counts for the therapist who wrote it;
a patient, their active plan and their outcomes count for the patient's primary therapist
(the caseload the manager assigns). Patients without one appear under "Unassigned".

Definitions (thresholds from ``ptplan.sessions.rules``; MCIDs from ``ptplan.measures``):
- active patients: patients with an active plan of care;
- new evaluations: initial evaluations dated in the range;
- visits 7 / 30 days: visit notes of any kind dated in the last 7 / 30 days up to today;
- discharges: discharge summaries dated in the range; visits per episode: their visit number
  (treatment days in the plan lineage), averaged;
- outcomes: per patient, latest minus first NPRS and ODI score (at least two scores), over
  patients with an active plan or discharged in the range; "reached MCID": discharged in the
  range and improved by the MCID (points, or percent of baseline) on NPRS or ODI;
- unsigned: notes unsigned more than 24 hours after they were created (any date);
- progress overdue: active plan lineages with >= 10 visits since the last progress note;
- recert due / overdue: active plans whose certification ends within 14 days / has ended;
- physician cert missing: active plans without a physician signature more than 30 days
  after the lineage's first visit;
- dry needling, adverse events, urgent adverse events: notes dated in the range with the flag.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, bindparam, case, func, literal, or_, select, union_all
from sqlalchemy.sql import ColumnElement, Select
from sqlalchemy.sql.selectable import Subquery

from ptplan import measures
from ptplan.db import UTCDateTime
from ptplan.evaluations.models import Evaluation
from ptplan.outcomes.models import OutcomeScore
from ptplan.patients.models import Patient
from ptplan.plans import certification
from ptplan.plans.models import PlanOfCare
from ptplan.sessions import rules
from ptplan.sessions.models import VisitNote

UNASSIGNED = 0
"""The therapist key of patients without a primary therapist (never a real user id)."""

OUTCOME_CODES = ("nprs", "odi", "ndi", "quickdash")
"""Pain, and the disability measure of each region (ODI back, NDI neck, QuickDASH arm): a
patient "reached the MCID" when any of them improved by its MCID. Mean changes stay NPRS/ODI."""
_TOLERANCE = 1e-9
UNSIGNED_BEFORE = "unsigned_before"  # the one parameter that moves with the clock, not the scope


@dataclass(frozen=True)
class Scope:
    """Whose figures, for which dates. ``therapist_id`` None means the whole clinic."""

    clinic_id: int
    start: date
    end: date
    today: date
    now: datetime
    therapist_id: int | None = None

    @property
    def unsigned_before(self) -> datetime:
        return self.now - timedelta(hours=rules.UNSIGNED_NOTE_HOURS)


# ------------------------------------------------------------------ note predicates


def _in_range(column, scope: Scope) -> ColumnElement[bool]:
    return column.between(scope.start, scope.end)


def note_predicates(scope: Scope) -> dict[str, ColumnElement[bool]]:
    """Every note-based metric, keyed by metric name."""
    dated = _in_range(VisitNote.date_of_service, scope)
    return {
        "visits_7d": VisitNote.date_of_service.between(scope.today - timedelta(days=6), scope.today),
        "visits_30d": VisitNote.date_of_service.between(scope.today - timedelta(days=29), scope.today),
        "discharges": and_(VisitNote.kind == "discharge", dated),
        # A named parameter: a statement built once can be run again at a later "now".
        "unsigned": and_(
            VisitNote.signed_at.is_(None),
            VisitNote.created_at < bindparam(UNSIGNED_BEFORE, scope.unsigned_before, type_=UTCDateTime()),
        ),
        "dry_needling": and_(VisitNote.has_dry_needling.is_(True), dated),
        "adverse_events": and_(VisitNote.has_adverse_event.is_(True), dated),
        "urgent_adverse_events": and_(VisitNote.has_urgent_adverse_event.is_(True), dated),
    }


def _note_scope(scope: Scope) -> list[ColumnElement[bool]]:
    conditions = [VisitNote.clinic_id == scope.clinic_id]
    if scope.therapist_id is not None:
        conditions.append(VisitNote.therapist_id == scope.therapist_id)
    return conditions


def sum_if(condition: ColumnElement[bool], name: str):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0).label(name)


def note_range_statement(scope: Scope) -> Select:
    """Discharges, visits per episode, dry needling and adverse events in the range."""
    p = note_predicates(scope)
    return (
        select(
            VisitNote.therapist_id.label("therapist_id"),
            sum_if(p["discharges"], "discharges"),
            func.coalesce(func.sum(case((p["discharges"], VisitNote.visit_number), else_=0)), 0).label(
                "discharge_visits"
            ),
            sum_if(p["dry_needling"], "dry_needling"),
            sum_if(p["adverse_events"], "adverse_events"),
            sum_if(p["urgent_adverse_events"], "urgent_adverse_events"),
        )
        .where(*_note_scope(scope), _in_range(VisitNote.date_of_service, scope))
        .group_by(VisitNote.therapist_id)
    )


def note_recent_statement(scope: Scope) -> Select:
    p = note_predicates(scope)
    return (
        select(
            VisitNote.therapist_id.label("therapist_id"),
            sum_if(p["visits_7d"], "visits_7d"),
            func.count().label("visits_30d"),
        )
        .where(*_note_scope(scope), p["visits_30d"])
        .group_by(VisitNote.therapist_id)
    )


def note_unsigned_statement(scope: Scope) -> Select:
    return (
        select(VisitNote.therapist_id.label("therapist_id"), func.count().label("unsigned"))
        .where(*_note_scope(scope), note_predicates(scope)["unsigned"])
        .group_by(VisitNote.therapist_id)
    )


# ------------------------------------------------------------------ evaluations


def evaluation_predicate(scope: Scope) -> ColumnElement[bool]:
    conditions = [
        Evaluation.clinic_id == scope.clinic_id,
        Evaluation.kind == "initial",
        _in_range(Evaluation.date_of_service, scope),
    ]
    if scope.therapist_id is not None:
        conditions.append(Evaluation.therapist_id == scope.therapist_id)
    return and_(*conditions)


def evaluation_statement(scope: Scope) -> Select:
    return (
        select(Evaluation.therapist_id.label("therapist_id"), func.count().label("new_evaluations"))
        .where(evaluation_predicate(scope))
        .group_by(Evaluation.therapist_id)
    )


# ------------------------------------------------------------------ plans


def _caseload_therapist():
    return func.coalesce(Patient.primary_therapist_id, UNASSIGNED)


def _patient_scope(scope: Scope) -> list[ColumnElement[bool]]:
    if scope.therapist_id is None:
        return []
    return [_caseload_therapist() == scope.therapist_id]


def plan_status_subquery(scope: Scope) -> Subquery:
    """One row per active plan: its patient, therapist, and the lineage's visit figures."""
    return plan_status_select(PlanOfCare.clinic_id == scope.clinic_id, *_patient_scope(scope)).subquery(
        "plan_status"
    )


def plan_status_select(*conditions: ColumnElement[bool]) -> Select:
    """The rows of ``plan_status_subquery`` for the active plans matching ``conditions``
    (on PlanOfCare / Patient): also what ``ptplan.caseload.summary`` stores per plan."""
    lineage_key = PlanOfCare.lineage_id
    active = (
        select(
            PlanOfCare.id.label("plan_id"),
            PlanOfCare.clinic_id.label("clinic_id"),
            PlanOfCare.patient_id.label("patient_id"),
            lineage_key.label("lineage_id"),
            PlanOfCare.cert_end_date.label("cert_end_date"),
            PlanOfCare.physician_signed_on.label("physician_signed_on"),
            _caseload_therapist().label("therapist_id"),
        )
        .join(Patient, Patient.id == PlanOfCare.patient_id)
        .where(PlanOfCare.status == "active", *conditions)
        .subquery("active_plan")
    )
    # Drive from the active plans: their lineage's versions (index on lineage_id), then the
    # notes of those versions (covering index on plan_id), never the clinic's whole history.
    member = PlanOfCare.__table__.alias("lineage_member")
    lineage = (
        select(
            active.c.lineage_id,
            func.max(VisitNote.visit_number).label("last_visit"),
            func.max(case((VisitNote.kind == "progress", VisitNote.visit_number), else_=0)).label(
                "last_progress"
            ),
            func.min(VisitNote.date_of_service).label("first_visit"),
        )
        .select_from(active)
        .join(member, member.c.lineage_id == active.c.lineage_id)
        .join(VisitNote, VisitNote.plan_id == member.c.id)
        .group_by(active.c.lineage_id)
        .subquery("lineage_visits")
    )
    since_progress = func.coalesce(lineage.c.last_visit, 0) - func.coalesce(lineage.c.last_progress, 0)
    return select(
        active.c.plan_id,
        active.c.clinic_id,
        active.c.patient_id,
        active.c.therapist_id,
        active.c.cert_end_date,
        active.c.physician_signed_on,
        lineage.c.first_visit,
        since_progress.label("visits_since_progress"),
    ).outerjoin(lineage, lineage.c.lineage_id == active.c.lineage_id)


def plan_predicates(plans: Subquery, scope: Scope) -> dict[str, ColumnElement[bool]]:
    cert_limit = scope.today + timedelta(days=certification.RECERT_DUE_WITHIN_DAYS)
    return {
        "progress_overdue": plans.c.visits_since_progress >= rules.PROGRESS_NOTE_EVERY_VISITS,
        "recert_due": and_(plans.c.cert_end_date >= scope.today, plans.c.cert_end_date <= cert_limit),
        "recert_overdue": plans.c.cert_end_date < scope.today,
        "physician_cert_missing": and_(
            plans.c.physician_signed_on.is_(None),
            plans.c.first_visit < scope.today - timedelta(days=certification.PHYSICIAN_CERT_DAYS),
        ),
    }


def plan_statement(scope: Scope) -> Select:
    plans = plan_status_subquery(scope)
    p = plan_predicates(plans, scope)
    return select(
        plans.c.therapist_id,
        func.count(func.distinct(plans.c.patient_id)).label("active_patients"),
        *[sum_if(condition, name) for name, condition in p.items()],
    ).group_by(plans.c.therapist_id)


# ------------------------------------------------------------------ outcomes


def _improved(first, latest, code: str) -> ColumnElement[bool]:
    """Improved by the MCID: points, or percent of a non-zero baseline (ptplan.measures)."""
    measure = measures.get(code)
    gain = measure.gain(first, latest)  # the measure's good direction, as a SQL expression
    mcid = measure.mcid
    conditions = [gain >= mcid.points - _TOLERANCE]
    if mcid.percent is not None:
        conditions.append(and_(first > 0, gain > 0, gain * 100 >= first * mcid.percent - _TOLERANCE))
    return or_(*conditions)


def outcome_subquery(scope: Scope) -> Subquery:
    """One row per cohort patient: therapist, discharged flag, NPRS and ODI change."""
    cohort_rows = union_all(
        select(PlanOfCare.patient_id.label("patient_id"), literal(0).label("discharged")).where(
            PlanOfCare.clinic_id == scope.clinic_id, PlanOfCare.status == "active"
        ),
        select(VisitNote.patient_id.label("patient_id"), literal(1).label("discharged")).where(
            VisitNote.clinic_id == scope.clinic_id, note_predicates(scope)["discharges"]
        ),
    ).subquery("cohort_rows")
    cohort = (
        select(cohort_rows.c.patient_id, func.max(cohort_rows.c.discharged).label("discharged"))
        .group_by(cohort_rows.c.patient_id)
        .subquery("cohort")
    )
    per_patient = outcome_changes(cohort)
    return (
        select(
            per_patient,
            _caseload_therapist().label("therapist_id"),
            case((reached_mcid(per_patient), 1), else_=0).label("reached_mcid"),
        )
        .join(Patient, Patient.id == per_patient.c.patient_id)
        .where(*_patient_scope(scope))
        .subquery("outcome")
    )


def reached_mcid(per_patient: Subquery) -> ColumnElement[bool]:
    """Improved by the MCID on any outcome measure (see OUTCOME_CODES)."""
    return or_(*(per_patient.c[f"{code}_improved"] == 1 for code in OUTCOME_CODES))


def outcome_changes(cohort: Subquery) -> Subquery:
    """Per patient of ``cohort`` (columns patient_id, discharged) with at least two scores of
    one OUTCOME_CODES measure: first, latest, change and "improved by the MCID" for each."""
    # First and latest score per measure by two index seeks per patient (no scan, no sort):
    # the covering index (patient_id, code, taken_on, id) answers each ORDER BY ... LIMIT 1.
    score = OutcomeScore.__table__.alias("score")

    def pick(code: str, latest: bool):
        order = (score.c.taken_on.desc(), score.c.id.desc()) if latest else (score.c.taken_on, score.c.id)
        return (
            select(score.c.id)
            .where(score.c.patient_id == cohort.c.patient_id, score.c.code == code)
            .order_by(*order)
            .limit(1)
            .scalar_subquery()
        )

    ids = (
        select(
            cohort.c.patient_id,
            cohort.c.discharged,
            *[
                pick(code, latest).label(f"{code}_{'latest' if latest else 'first'}_id")
                for code in OUTCOME_CODES
                for latest in (False, True)
            ],
        )
        .cte("score_ids")
        .prefix_with("MATERIALIZED")
    )
    columns, joined, measured = [], ids, []
    for code in OUTCOME_CODES:
        first = OutcomeScore.__table__.alias(f"{code}_first")
        latest = OutcomeScore.__table__.alias(f"{code}_latest")
        two_scores = ids.c[f"{code}_first_id"] != ids.c[f"{code}_latest_id"]
        joined = joined.outerjoin(first, and_(first.c.id == ids.c[f"{code}_first_id"], two_scores))
        joined = joined.outerjoin(latest, and_(latest.c.id == ids.c[f"{code}_latest_id"], two_scores))
        measured.append(first.c.id.is_not(None))
        columns += [
            first.c.value.label(f"{code}_first"),
            latest.c.value.label(f"{code}_latest"),
            (latest.c.value - first.c.value).label(f"{code}_change"),
            case((_improved(first.c.value, latest.c.value, code), 1), else_=0).label(f"{code}_improved"),
        ]
    return (
        select(ids.c.patient_id, ids.c.discharged, *columns)
        .select_from(joined)
        .where(or_(*measured))
        .subquery("per_patient")
    )


def outcome_statement(scope: Scope) -> Select:
    o = outcome_subquery(scope)
    return select(
        o.c.therapist_id,
        func.coalesce(func.sum(o.c.nprs_change), 0).label("nprs_change_sum"),
        func.count(o.c.nprs_change).label("nprs_change_count"),
        func.coalesce(func.sum(o.c.odi_change), 0).label("odi_change_sum"),
        func.count(o.c.odi_change).label("odi_change_count"),
        func.coalesce(func.sum(o.c.discharged), 0).label("discharged_measured"),
        sum_if(and_(o.c.discharged == 1, o.c.reached_mcid == 1), "reached_mcid"),
    ).group_by(o.c.therapist_id)


LIVE_AGGREGATES = (
    note_range_statement,
    note_recent_statement,
    note_unsigned_statement,
    evaluation_statement,
    plan_statement,
    outcome_statement,
)
"""Each builds ONE grouped statement, straight from the clinical tables. The dashboard reads the
plan and outcome figures from the read model instead (``ptplan.caseload.summary``); these
stay the definition it is tested against."""
