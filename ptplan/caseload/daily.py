"""Visit-note counts per therapist and day: the read model behind the dashboard's note figures.

Counting a month of visit notes of a busy clinic reads tens of thousands of index entries on
every dashboard view; the same figures summed from one row per therapist and day read at most
(therapists x days) rows. The counts use the predicates of ``metrics.note_predicates``, so a
range's sum equals the live count; rows are rewritten in the flush that changes a note (see
``ptplan.caseload.summary``), and by ``summary.rebuild``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import ForeignKey, and_, case, delete, func, insert, select, tuple_
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, mapped_column

from ptplan.caseload import metrics
from ptplan.extensions import db
from ptplan.sessions.models import VisitNote


class CaseloadNoteDay(db.Model):
    """Visit notes of one therapist on one day, by what the dashboard counts."""

    __tablename__ = "caseload_note_day"

    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinic.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    therapist_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    visits: Mapped[int]
    discharges: Mapped[int]
    discharge_visits: Mapped[int]  # sum of the discharge summaries' visit numbers
    dry_needling: Mapped[int]
    adverse_events: Mapped[int]
    urgent_adverse_events: Mapped[int]


_COLUMNS = (
    "clinic_id",
    "day",
    "therapist_id",
    "visits",
    "discharges",
    "discharge_visits",
    "dry_needling",
    "adverse_events",
    "urgent_adverse_events",
)

Key = tuple[int, int, date]  # clinic_id, therapist_id, day


def _counts(*conditions):
    def count_if(condition, name: str):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0).label(name)

    discharge = VisitNote.kind == "discharge"
    return (
        select(
            VisitNote.clinic_id,
            VisitNote.date_of_service.label("day"),
            VisitNote.therapist_id,
            func.count().label("visits"),
            count_if(discharge, "discharges"),
            func.coalesce(func.sum(case((discharge, VisitNote.visit_number), else_=0)), 0).label(
                "discharge_visits"
            ),
            count_if(VisitNote.has_dry_needling.is_(True), "dry_needling"),
            count_if(VisitNote.has_adverse_event.is_(True), "adverse_events"),
            count_if(VisitNote.has_urgent_adverse_event.is_(True), "urgent_adverse_events"),
        )
        .where(*conditions)
        .group_by(VisitNote.clinic_id, VisitNote.date_of_service, VisitNote.therapist_id)
    )


def refresh(connection: Connection, keys: Iterable[Key]) -> None:
    """Recount these (clinic, therapist, day) rows from the notes (two statements)."""
    keys = sorted(set(keys))
    if not keys:
        return
    table = CaseloadNoteDay.__table__
    connection.execute(
        delete(table).where(tuple_(table.c.clinic_id, table.c.therapist_id, table.c.day).in_(keys))
    )
    connection.execute(
        insert(table).from_select(
            _COLUMNS,
            _counts(tuple_(VisitNote.clinic_id, VisitNote.therapist_id, VisitNote.date_of_service).in_(keys)),
        )
    )


def add_new_notes(connection: Connection, first_id: int, last_id: int) -> None:
    """Add the counts of notes just inserted (ids ``first_id``..``last_id``, never counted
    before) to their day rows: for bulk writers such as the data generator.

    Every figure is a sum, so adding the new notes' counts gives what a recount would, while
    the cost follows the notes added, not every note already on those days. One upsert on
    the (clinic, day, therapist) key, on SQLite and PostgreSQL alike.
    """
    table = CaseloadNoteDay.__table__
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:
        from sqlalchemy.dialects.sqlite import insert as upsert
    statement = upsert(table).from_select(_COLUMNS, _counts(VisitNote.id.between(first_id, last_id)))
    counted = _COLUMNS[3:]
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=[table.c.clinic_id, table.c.day, table.c.therapist_id],
            set_={name: table.c[name] + statement.excluded[name] for name in counted},
        )
    )


def rebuild(connection: Connection, clinic_id: int | None = None) -> int:
    table = CaseloadNoteDay.__table__
    connection.execute(delete(table).where(*([table.c.clinic_id == clinic_id] if clinic_id else [])))
    connection.execute(
        insert(table).from_select(
            _COLUMNS, _counts(*([VisitNote.clinic_id == clinic_id] if clinic_id else []))
        )
    )
    return connection.execute(select(func.count()).select_from(table)).scalar_one()


def stored_and_fresh(connection: Connection, clinic_id: int) -> tuple[set, set]:
    table = CaseloadNoteDay.__table__
    stored = {
        tuple(r)
        for r in connection.execute(
            select(*[table.c[c] for c in _COLUMNS]).where(table.c.clinic_id == clinic_id)
        )
    }
    fresh = {tuple(r) for r in connection.execute(_counts(VisitNote.clinic_id == clinic_id))}
    return stored, fresh


# ------------------------------------------------------------------ the dashboard's reads


def _scope(table, scope: metrics.Scope, start: date, end: date) -> list:
    conditions = [table.c.clinic_id == scope.clinic_id, table.c.day.between(start, end)]
    if scope.therapist_id is not None:
        conditions.append(table.c.therapist_id == scope.therapist_id)
    return conditions


def note_range_statement(scope: metrics.Scope):
    """``metrics.note_range_statement`` from the day rows of the range."""
    t = CaseloadNoteDay.__table__
    return (
        select(
            t.c.therapist_id,
            *[
                func.coalesce(func.sum(t.c[name]), 0).label(name)
                for name in (
                    "discharges",
                    "discharge_visits",
                    "dry_needling",
                    "adverse_events",
                    "urgent_adverse_events",
                )
            ],
        )
        .where(*_scope(t, scope, scope.start, scope.end))
        .group_by(t.c.therapist_id)
    )


def note_recent_statement(scope: metrics.Scope):
    """``metrics.note_recent_statement``: visits in the last 7 and 30 days up to today."""
    t = CaseloadNoteDay.__table__
    week = and_(t.c.day >= scope.today - timedelta(days=6))
    return (
        select(
            t.c.therapist_id,
            func.coalesce(func.sum(case((week, t.c.visits), else_=0)), 0).label("visits_7d"),
            func.coalesce(func.sum(t.c.visits), 0).label("visits_30d"),
        )
        .where(*_scope(t, scope, scope.today - timedelta(days=29), scope.today))
        .group_by(t.c.therapist_id)
    )
