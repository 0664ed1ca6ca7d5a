"""The rendered patient chart, kept per worker until anything it shows changes.

The chart is the page a clinic opens most, and between two changes to a patient's record it is
read again and again (a therapist returns to it after each step, a colleague opens it for a
hand-over). Building it costs about three quarters of the request (eight statements, six section
providers and the largest template); serving it again costs the patient load, the audit row and
the page frame. This module keeps the rendered chart body in process memory and guarantees it is
never served stale, with two version numbers that the database keeps in the same transaction as
every change:

- ``patient.chart_version`` rises in every commit that changes the patient or any record that
  belongs to them (notes, plans, goals, scores, evaluations, needling records, documents,
  amendments...);
- ``clinic.chart_version`` rises in every commit that changes a clinic-wide row the chart may
  show (a user's name or role, the exercise library, the clinic's settings).

Both are found in one place, at the commit, from two independent sources, so a change reached by
either is enough:

1. **the unit of work**: every object the session inserted, updated or deleted (``after_flush``)
   is traced to its patient, through its own ``patient_id`` or its parent row in the session
   (a goal through its plan); a row that reaches no patient raises its clinic's version (or,
   with no clinic at all, every clinic's); the sign-in bookkeeping and the audit trail, which no
   chart shows, are the only rows left out (``NEUTRAL_TABLES``);
2. **the audit trail**: every audited event about a patient other than a read raises that
   patient's version. This covers the writes made with a Core ``UPDATE`` (a signature set with a
   guard against a concurrent sign) that the unit of work never sees; every PHI write is audited
   (SECURITY.md), and the audit-coverage test walks every route to hold that.

The versions are raised before the audit chain's lock is taken (the same order in every
transaction, so no deadlock on PostgreSQL) and commit or roll back with the change itself. A
reader loads the clinic and then the patient, so the versions it sees are never newer than the
rows it renders (a chart built from newer rows under an older version is harmless: nobody asks
for the older version once the new one is committed).

The key also holds everything else the body depends on: the viewer (the actions and buttons
follow their role), the clinic's local date (ages, certification and amendment deadlines), the
locale and the template set. Rules with a clock finer than a day (a note unsigned for 24 hours)
tell the chart when its body expires through ``charting.valid_until``. Every entry also expires
after ``CHART_CACHE_SECONDS`` (60 s by default), a bound on anything else that could be missed.
CSRF tokens are per session: they are stored as a placeholder and filled in on each response.

Each worker keeps its own bounded LRU (``CHART_CACHE_SIZE`` entries, 0 turns the cache off), and
the versions live in the database, so several workers and servers agree without talking to each
other. Every view of the chart is still authorised and audited before the cache is consulted.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app, g
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf
from sqlalchemy import bindparam, case, column, event, inspect, table, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.interfaces import MANYTOONE

from ptplan import charting
from ptplan.audit import services as audit
from ptplan.db import utcnow

# Rows that no chart shows: sign-in bookkeeping and the audit trail itself.
NEUTRAL_TABLES = frozenset({"user_session", "login_attempt", "audit_event"})
# Audited actions that change nothing a chart shows.
READ_ACTIONS = frozenset({"read", "query", "print", "export", "denied"})
CSRF_PLACEHOLDER = "\x00ptplan-csrf\x00"

_CHANGES = "ptplan.chart_changes"
_ALL_CLINICS = object()


# ---------------------------------------------------------------- versions, kept at the commit


@dataclass
class _Changes:
    patients: set
    clinics: set


def _changes(session: Session) -> _Changes:
    found = session.info.get(_CHANGES)
    if found is None:
        found = session.info[_CHANGES] = _Changes(set(), set())
    return found


def _parent(session: Session, state, relationship):
    """The many-to-one parent of a row if the session holds it already: never any SQL."""
    if relationship.key in state.dict:
        return state.dict[relationship.key]
    parent_mapper = relationship.mapper
    pairs = relationship.local_remote_pairs
    if [remote for _local, remote in pairs] != list(parent_mapper.primary_key):
        return None
    values = []
    for local, _remote in pairs:
        try:
            prop = state.mapper.get_property_by_column(local)
        except Exception:  # noqa: BLE001 - a column the mapper does not map: not traceable
            return None
        values.append(state.dict.get(prop.key))
    if any(value is None for value in values):
        return None
    return session.identity_map.get(parent_mapper.identity_key_from_primary_key(values))


def _owner(session: Session, obj, depth: int = 0) -> tuple[int | None, object | None]:
    """(patient id, clinic id) that ``obj`` belongs to, as far as the session knows."""
    table = getattr(obj, "__tablename__", "")
    if table == "patient":
        return obj.id, obj.clinic_id
    patient_id = getattr(obj, "patient_id", None)
    clinic_id = getattr(obj, "clinic_id", None)
    if patient_id is not None or depth >= 3:
        return patient_id, clinic_id
    state = inspect(obj)
    for relationship in state.mapper.relationships:
        if relationship.direction is not MANYTOONE:
            continue
        parent = _parent(session, state, relationship)
        if parent is None:
            continue
        parent_patient, parent_clinic = _owner(session, parent, depth + 1)
        if parent_patient is not None:
            return parent_patient, parent_clinic if clinic_id is None else clinic_id
        clinic_id = clinic_id if clinic_id is not None else parent_clinic
    if table == "clinic":
        clinic_id = obj.id
    return None, clinic_id


@event.listens_for(Session, "after_flush")
def _collect(session: Session, _flush_context) -> None:
    """Trace every inserted, updated and deleted row of this flush to its patient or clinic."""
    changes = None
    dirty = [obj for obj in session.dirty if session.is_modified(obj, include_collections=False)]
    for obj in (*session.new, *dirty, *session.deleted):
        if getattr(obj, "__tablename__", "") in NEUTRAL_TABLES:
            continue
        changes = changes or _changes(session)
        patient_id, clinic_id = _owner(session, obj)
        if patient_id is not None:
            changes.patients.add(patient_id)
        else:
            changes.clinics.add(clinic_id if clinic_id is not None else _ALL_CLINICS)


def _bump(table_name: str):
    """``UPDATE <table> SET chart_version = <next>`` over a bare table clause: a Core UPDATE of
    the model's table would also run its ``onupdate`` (patient.updated_at), and a new chart
    version is not a change to the patient's details.

    The next version is the commit's time in microseconds, or the old one + 1 when that is not
    higher: it still only rises, and a database restored from a backup, whose history then goes
    on differently, never reaches a version that a worker saw before the restore."""
    table_ = table(table_name, column("id"), column("chart_version"))
    now = bindparam("now")
    return update(table_).values(
        chart_version=case((table_.c.chart_version >= now, table_.c.chart_version + 1), else_=now)
    ), table_.c.id


def _bump_rows(session: Session, table_name: str, ids, now: int) -> None:
    statement, id_column = _bump(table_name)
    if ids is not None:
        statement = statement.where(id_column.in_(sorted(ids)))
    session.execute(statement, {"now": now})


# Inserted first among the before_commit listeners: the versions are raised before the audit
# chain's lock is taken, in every transaction (one lock order, no deadlock on PostgreSQL).
@event.listens_for(Session, "before_commit", insert=True)
def _raise_versions(session: Session) -> None:
    if session.new or session.dirty or session.deleted:
        session.flush()
    changes = session.info.pop(_CHANGES, None)
    patients = set(changes.patients) if changes else set()
    clinics = set(changes.clinics) if changes else set()
    for event_ in audit.pending_events(session):
        if event_.patient_id is not None and event_.action not in READ_ACTIONS:
            patients.add(event_.patient_id)
    if not patients and not clinics:
        return
    now = int(utcnow().timestamp() * 1_000_000)
    if patients:
        _bump_rows(session, "patient", patients, now)
    if clinics:
        _bump_rows(session, "clinic", None if _ALL_CLINICS in clinics else clinics, now)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_CHANGES, None)


# ---------------------------------------------------------------- the cache


class ChartCache:
    """A thread-safe LRU of rendered chart bodies, each with its own expiry (monotonic clock)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[tuple, tuple[float, str]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: tuple) -> str | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] <= time.monotonic():
                if entry is not None:
                    del self._entries[key]
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry[1]

    def put(self, key: tuple, body: str, expires_at: float) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._entries[key] = (expires_at, body)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)


def cache() -> ChartCache:
    """This app's cache (one per app object, so tests with their own app never share one)."""
    found = current_app.extensions.get("ptplan.chart_cache")
    if found is None:
        found = current_app.extensions["ptplan.chart_cache"] = ChartCache(
            int(current_app.config.get("CHART_CACHE_SIZE", 256))
        )
    return found


def key_for(patient, user, today, locale: str) -> tuple:
    """Everything the chart body depends on besides the rows behind the two versions."""
    return (
        patient.clinic_id,
        patient.id,
        patient.chart_version,
        user.clinic.chart_version,
        user.id,
        today,
        locale,
    )


def lifetime_seconds() -> float:
    return float(current_app.config.get("CHART_CACHE_SECONDS", 60))


def kept_body(patient, user, today, render: Callable[[], str]) -> str:
    """The chart body for this request: the kept one while its key holds, else ``render()``'s,
    kept for the next view. Either way with this session's CSRF token filled in."""
    store = cache()
    key = key_for(patient, user, today, str(get_locale()))
    body = store.get(key)
    if body is None:
        body = render()
        # Set by Flask-WTF when a form on the page rendered its token (one token per request).
        token = g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
        if token:
            body = body.replace(token, CSRF_PLACEHOLDER)
        store.put(key, body, _expiry())
    return body.replace(CSRF_PLACEHOLDER, generate_csrf()) if CSRF_PLACEHOLDER in body else body


def _expiry() -> float:
    """When a body just rendered stops being served: the cache's lifetime, or sooner when a
    section changes by the clock alone (``charting.valid_until``)."""
    seconds = lifetime_seconds()
    moment = charting.expires_at()
    if moment is not None:
        seconds = min(seconds, max(0.0, (moment - utcnow()).total_seconds()))
    return time.monotonic() + seconds
