"""The caseload dashboard: a fixed set of grouped statements folded into one row per therapist."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import lru_cache

from sqlalchemy import select

from ptplan.auth.models import User
from ptplan.caseload import daily, metrics, summary
from ptplan.caseload.metrics import UNASSIGNED, Scope
from ptplan.extensions import db


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    group: str
    list_kind: str | None  # which drill-down shape shows the rows behind it
    act_on: bool = False  # a non-zero value is shown in red: someone must act
    fmt: str = "int"


METRICS: tuple[Metric, ...] = (
    Metric("active_patients", "Active patients", "Activity", "plans"),
    Metric("new_evaluations", "New evaluations", "Activity", "evaluations"),
    Metric("visits_7d", "Visits, last 7 days", "Activity", "notes"),
    Metric("visits_30d", "Visits, last 30 days", "Activity", "notes"),
    Metric("discharges", "Discharges", "Activity", "notes"),
    Metric("visits_per_episode", "Visits per episode", "Activity", "notes", fmt="decimal"),
    Metric("nprs_change", "Mean NPRS change", "Outcomes", "outcomes", fmt="signed"),
    Metric("odi_change", "Mean ODI change", "Outcomes", "outcomes", fmt="signed"),
    Metric("mcid_share", "Discharged reaching MCID", "Outcomes", "outcomes", fmt="percent"),
    Metric("unsigned", "Unsigned > 24 h", "Documentation", "notes", act_on=True),
    Metric("progress_overdue", "Progress notes overdue", "Documentation", "plans", act_on=True),
    Metric("recert_due", "Recerts due (14 days)", "Documentation", "plans"),
    Metric("recert_overdue", "Recerts overdue", "Documentation", "plans", act_on=True),
    Metric("physician_cert_missing", "Physician cert missing", "Documentation", "plans", act_on=True),
    Metric("dry_needling", "Dry-needling notes", "Dry needling", "notes"),
    Metric("adverse_events", "Adverse events", "Dry needling", "notes", act_on=True),
    Metric("adverse_rate", "Adverse-event rate", "Dry needling", None, fmt="percent"),
    Metric("urgent_adverse_events", "Urgent adverse events", "Dry needling", "notes", act_on=True),
)
METRIC_BY_KEY = {m.key: m for m in METRICS}
# Which metric a dashboard figure drills into when it is a ratio of others.
DRILL_TARGET = {
    "visits_per_episode": "discharges",
    "nprs_change": "outcomes",
    "odi_change": "outcomes",
    "mcid_share": "mcid_reached",
    "adverse_rate": "adverse_events",
}

_SUMMED = (
    "active_patients",
    "new_evaluations",
    "visits_7d",
    "visits_30d",
    "discharges",
    "discharge_visits",
    "unsigned",
    "progress_overdue",
    "recert_due",
    "recert_overdue",
    "physician_cert_missing",
    "dry_needling",
    "adverse_events",
    "urgent_adverse_events",
    "nprs_change_sum",
    "nprs_change_count",
    "odi_change_sum",
    "odi_change_count",
    "discharged_measured",
    "reached_mcid",
)


_SUMMED_KEYS = frozenset(_SUMMED)


@dataclass
class CaseloadRow:
    therapist_id: int
    name: str
    raw: dict[str, float] = field(default_factory=lambda: dict.fromkeys(_SUMMED, 0))

    def add(self, other) -> None:
        raw = self.raw
        for key, value in other.items():  # only the figures ``other`` has (a statement's columns)
            if value is not None and key in raw:
                raw[key] += value

    def value(self, key: str) -> float | None:
        """A figure ready to show; ratios are None when there is nothing to divide by."""
        raw = self.raw
        if key == "visits_per_episode":
            return _ratio(raw["discharge_visits"], raw["discharges"])
        if key == "nprs_change":
            return _ratio(raw["nprs_change_sum"], raw["nprs_change_count"])
        if key == "odi_change":
            return _ratio(raw["odi_change_sum"], raw["odi_change_count"])
        if key == "mcid_share":
            share = _ratio(raw["reached_mcid"], raw["discharged_measured"])
            return None if share is None else share * 100
        if key == "adverse_rate":
            rate = _ratio(raw["adverse_events"], raw["dry_needling"])
            return None if rate is None else rate * 100
        return raw[key]

    @property
    def has_urgent(self) -> bool:
        return bool(self.raw["urgent_adverse_events"])


def _ratio(numerator: float, denominator: float) -> float | None:
    return None if not denominator else numerator / denominator


@dataclass
class Dashboard:
    scope: Scope
    rows: list[CaseloadRow]
    total: CaseloadRow


AGGREGATES = (
    daily.note_range_statement,
    daily.note_recent_statement,
    metrics.note_unsigned_statement,
    metrics.evaluation_statement,
    summary.plan_statement,
    summary.outcome_statement,
)
"""Each builds ONE grouped statement; the dashboard issues exactly these, whatever the data."""


def therapist_rows(scope: Scope) -> dict[int, CaseloadRow]:
    """The clinic's therapists (or the one in scope), in name order."""
    query = select(User.id, User.full_name).where(User.clinic_id == scope.clinic_id, User.role == "therapist")
    if scope.therapist_id is not None:
        query = query.where(User.id == scope.therapist_id)
    return {uid: CaseloadRow(uid, name) for uid, name in db.session.execute(query.order_by(User.full_name))}


_SOME_TIME = datetime(2000, 1, 1, tzinfo=UTC)


@lru_cache(maxsize=256)
def _statements(scope: Scope) -> tuple:
    """The dashboard's statements for one clinic, therapist and range on one day, built once.

    Building them costs about as much CPU as running them on the read model, and a dashboard
    is viewed again and again with the same scope. Statement objects are immutable, so a cached
    one is safe to run from any request; the clock's one parameter (``metrics.UNSIGNED_BEFORE``)
    is passed at each run, so ``scope.now`` is not part of the key.
    """
    return tuple(build(scope) for build in AGGREGATES)


def dashboard(scope: Scope) -> Dashboard:
    """Six grouped statements plus the therapist list, whatever the size of the clinic."""
    rows = therapist_rows(scope)
    clock = {metrics.UNSIGNED_BEFORE: scope.unsigned_before}
    for statement in _statements(replace(scope, now=_SOME_TIME)):
        result = db.session.execute(statement, clock)
        keys = list(result.keys())
        who = keys.index("therapist_id")
        figures = [(i, key) for i, key in enumerate(keys) if key in _SUMMED_KEYS]
        for record in result:  # rows index like tuples: no mapping lookups per figure
            therapist_id = record[who]
            row = rows.get(therapist_id)
            if row is None:  # a manager who wrote a note, a former therapist, or unassigned
                label = "Unassigned" if therapist_id == UNASSIGNED else f"Other staff (#{therapist_id})"
                row = rows[therapist_id] = CaseloadRow(therapist_id, label)
            raw = row.raw
            for i, key in figures:
                if record[i] is not None:
                    raw[key] += record[i]
    total = CaseloadRow(-1, "Clinic total")
    for row in rows.values():
        total.add(row.raw)
    return Dashboard(scope=scope, rows=list(rows.values()), total=total)


def format_value(metric: Metric, value: float | None) -> str:
    if value is None:
        return "—"
    if metric.fmt == "decimal":
        return f"{value:.1f}"
    if metric.fmt == "signed":
        return f"{value:+.1f}"
    if metric.fmt == "percent":
        return f"{value:.0f}%"
    return f"{int(value)}"
