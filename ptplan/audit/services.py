"""Per-clinic hash chains: collected during the request, sealed right before commit (AUD-05).

``record`` only builds the row and keeps it on the session. The session's ``before_commit``
hook seals what was collected in one short step: for each clinic's chain it takes that chain's
write lock, reads the chain head through the (chain_id, chain_seq) index, numbers and hashes the
rows and inserts them. Nothing is locked while a page is built, and clinics never wait on each
other on PostgreSQL (one advisory lock per chain). On SQLite the write lock is the database's
own (BEGIN IMMEDIATE), held only for the seal and the commit. The unique index on
(chain_id, chain_seq) means a chain cannot fork even if a lock were missing: the second writer
fails instead of forking.

hash = SHA-256(prev_hash || canonical(row)); the canonical form includes the chain position.

Rows written before per-clinic chains (``chain_seq`` NULL) form the legacy single chain. The
migration that introduced per-clinic chains wrote an anchor row at the start of each chain:
its ``prev_hash`` is the legacy head and its detail carries the number of legacy rows, the last
legacy id and a SHA-256 digest over every legacy row hash in id order. Legacy rows are never
re-hashed; a legacy trail that had already forked is verified row by row and its forks are
listed, and the anchor commits to it as it stands.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import and_, bindparam, event, or_, select, text
from sqlalchemy.orm import Session

from ptplan.audit.models import ACTIONS, AuditEvent
from ptplan.db import canonical_json, utcnow
from ptplan.extensions import db

GENESIS = "0" * 64
_CHAIN_LOCK_KEY = 727_001  # first half of the per-chain advisory lock key (PostgreSQL)
_PENDING = "audit_pending"
LEGACY_FORK_WINDOW = 100_000  # recent legacy hashes kept to recognise a fork (bounded memory)


def _chain_hash(prev_hash: str, event_: AuditEvent) -> str:
    return hashlib.sha256((prev_hash + canonical_json(event_.canonical())).encode()).hexdigest()


def row_hash(prev_hash: str, event) -> str:
    """The chain hash of ``event`` (anything with ``canonical()``) after ``prev_hash``: for bulk
    writers (the data generator) that insert rows without ``record``."""
    return _chain_hash(prev_hash, event)


def client_ip() -> str:
    """The request's source address (45 characters hold IPv6), or "cli" outside a request."""
    if not has_request_context():
        return "cli"
    return (request.remote_addr or "")[:45]


def record(
    action: str,
    category: str,
    *,
    patient_id: int | None = None,
    entity_type: str = "",
    entity_id: int | None = None,
    outcome: str = "success",
    detail: str = "",
    user=None,
    clinic_id: int | None = None,
) -> AuditEvent:
    """Collect one audit row for the current transaction; it is sealed and committed with it.

    A rollback discards it together with the change it describes.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if user is None and has_request_context() and current_user.is_authenticated:
        user = current_user
    clinic = clinic_id if clinic_id is not None else getattr(user, "clinic_id", None)
    event_ = AuditEvent(
        occurred_at=utcnow(),
        clinic_id=clinic,
        user_id=getattr(user, "id", None),
        patient_id=patient_id,
        action=action,
        category=category,
        entity_type=entity_type,
        entity_id=entity_id,
        outcome=outcome,
        source_ip=client_ip(),
        detail=_one_line(detail)[:200],
        chain_id=clinic or 0,
    )
    db.session.info.setdefault(_PENDING, []).append(event_)
    return event_


def _one_line(value: str) -> str:
    """Control characters are encoded so nobody can forge a line (LOG-01)."""
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in value)


def pending_events(session: Session | None = None) -> tuple[AuditEvent, ...]:
    """The rows collected in this transaction, not yet sealed (read-only: the chart cache
    raises a patient's chart version for each write event about them)."""
    return tuple((session or db.session).info.get(_PENDING, ()))


def pending_count(session: Session | None = None) -> int:
    """Rows collected and not yet sealed (tests and the commit hook use this)."""
    return len((session or db.session).info.get(_PENDING, ()))


@event.listens_for(Session, "before_commit")
def _seal_before_commit(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if pending:
        seal(session, pending)


@event.listens_for(Session, "after_rollback")
def _discard_on_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


@functools.cache
def _head_statement():
    """The chain head through the (chain_id, chain_seq) index; every audited request reads it,
    so it is built once per process (bind parameter ``chain_id``)."""
    return (
        select(AuditEvent.chain_seq, AuditEvent.row_hash)
        .where(AuditEvent.chain_id == bindparam("chain_id"), AuditEvent.chain_seq.is_not(None))
        .order_by(AuditEvent.chain_seq.desc())
        .limit(1)
    )


_INSERT = AuditEvent.__table__.insert()
_COLUMNS = tuple(column.key for column in AuditEvent.__table__.columns if column.key != "id")


def _row_values(event_: AuditEvent) -> dict:
    """Every column of the collected row (``record`` sets them all; the id comes from the
    database)."""
    return {key: getattr(event_, key) for key in _COLUMNS}


def seal(session: Session, events: list[AuditEvent]) -> None:
    """Number, chain and insert the collected rows; the caller's commit follows at once."""
    connection = session.connection()
    dialect = connection.dialect.name
    if dialect == "sqlite":
        _sqlite_write_lock(connection)
    session.flush()  # the request's own changes first, inside the same short write step
    by_chain: dict[int, list[AuditEvent]] = {}
    for event_ in events:
        by_chain.setdefault(event_.chain_id, []).append(event_)
    for chain_id in sorted(by_chain):  # one lock order everywhere: no deadlock between chains
        if dialect == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key, :chain)"),
                {"key": _CHAIN_LOCK_KEY, "chain": chain_id},
            )
        head = connection.execute(_head_statement(), {"chain_id": chain_id}).first()
        seq, previous = (head[0], head[1]) if head else (0, GENESIS)
        for event_ in by_chain[chain_id]:
            seq += 1
            event_.chain_seq = seq
            event_.prev_hash = previous
            event_.row_hash = previous = _chain_hash(previous, event_)
        # Appended with one Core INSERT: the rows are never read back or changed in this
        # request, so the ORM's unit of work (about a millisecond a request) buys nothing.
        connection.execute(_INSERT, [_row_values(event_) for event_ in by_chain[chain_id]])


def _sqlite_write_lock(connection) -> None:
    """Take SQLite's write lock before the head is read, unless this transaction holds it.

    The driver opens a transaction only at the first write, and a write transaction holds the
    database's single write lock until commit, so "in a transaction" means "holds the lock".
    """
    if not connection.connection.driver_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


# ------------------------------------------------------------------ verification


@dataclass(frozen=True)
class ChainBreak:
    """One finding: the chain (clinic id, 0 for events without a clinic, None for legacy rows)."""

    chain_id: int | None
    row_ids: tuple[int, ...]
    kind: str
    problem: str

    @property
    def row_id(self) -> int:
        return self.row_ids[0]

    def describe(self) -> str:
        chain = "legacy trail" if self.chain_id is None else f"clinic {self.chain_id}"
        if self.chain_id == 0:
            chain = "events without a clinic"
        rows = ", ".join(str(r) for r in self.row_ids)
        return f"{chain}: row id {rows}: {self.kind}: {self.problem}"


@dataclass
class VerifyReport:
    checked: int = 0
    chains: int = 0
    breaks: list[ChainBreak] = field(default_factory=list)
    legacy_forks: list[ChainBreak] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.breaks


ANCHOR_DETAIL = "legacy anchor rows={rows} last_id={last_id} digest={digest}"
_ANCHOR_RE = re.compile(r"^legacy anchor rows=(\d+) last_id=(\d+) digest=([0-9a-f]{64})$")


def anchor_detail(rows: int, last_id: int, digest: str) -> str:
    return ANCHOR_DETAIL.format(rows=rows, last_id=last_id, digest=digest)


def verify_chain(batch_size: int = 5000) -> VerifyReport:
    """Walk every chain and the legacy trail; list every break. Streams in batches.

    Memory: one batch, one head per chain being walked, and a bounded window of recent legacy
    hashes for recognising legacy forks.
    """
    report = VerifyReport()
    legacy = _verify_legacy(report, batch_size)
    _verify_chains(report, batch_size, legacy)
    return report


@dataclass
class _Legacy:
    rows: int = 0
    last_id: int = 0
    head: str = GENESIS
    digest: str = ""


def _verify_legacy(report: VerifyReport, batch_size: int) -> _Legacy:
    legacy = _Legacy()
    digest = hashlib.sha256()
    recent: OrderedDict[str, int] = OrderedDict()
    previous, previous_id = GENESIS, None
    for row in _iter(select(AuditEvent).where(AuditEvent.chain_seq.is_(None)), AuditEvent.id, batch_size):
        report.checked += 1
        legacy.rows += 1
        legacy.last_id = row.id
        digest.update(row.row_hash.encode())
        if _chain_hash(row.prev_hash, row) != row.row_hash:
            report.breaks.append(
                ChainBreak(None, (row.id,), "altered", "this row's content does not match its hash")
            )
        if row.prev_hash != previous:
            if row.prev_hash in recent:
                report.legacy_forks.append(
                    ChainBreak(
                        None,
                        (recent[row.prev_hash], row.id),
                        "legacy fork",
                        "both rows continue the same earlier row (written before per-clinic chains)",
                    )
                )
            else:
                report.breaks.append(
                    ChainBreak(
                        None,
                        tuple(i for i in (previous_id, row.id) if i is not None),
                        "broken link",
                        "the row before this one was removed, inserted or reordered",
                    )
                )
        recent[row.row_hash] = row.id
        if len(recent) > LEGACY_FORK_WINDOW:
            recent.popitem(last=False)
        previous, previous_id = row.row_hash, row.id
    legacy.head = previous
    legacy.digest = digest.hexdigest()
    return legacy


def _verify_chains(report: VerifyReport, batch_size: int, legacy: _Legacy) -> None:
    chain_id: int | None = None
    expected_seq, previous, previous_id = 1, GENESIS, None
    anchored = False
    query = select(AuditEvent).where(AuditEvent.chain_seq.is_not(None))
    for row in _iter(query, (AuditEvent.chain_id, AuditEvent.chain_seq), batch_size):
        if row.chain_id != chain_id:
            chain_id, expected_seq, previous, previous_id = row.chain_id, 1, GENESIS, None
            report.chains += 1
        report.checked += 1
        ids = tuple(i for i in (previous_id, row.id) if i is not None)
        if row.chain_seq != expected_seq:
            report.breaks.append(
                ChainBreak(
                    chain_id,
                    ids,
                    "missing rows",
                    f"positions {expected_seq} to {row.chain_seq - 1} are missing (rows removed)"
                    if row.chain_seq > expected_seq
                    else f"position {row.chain_seq} is out of order",
                )
            )
        if _chain_hash(row.prev_hash, row) != row.row_hash:
            report.breaks.append(
                ChainBreak(chain_id, (row.id,), "altered", "this row's content does not match its hash")
            )
        if row.action == "anchor":
            anchored = True
            _check_anchor(report, row, legacy)
        elif row.prev_hash != previous:
            report.breaks.append(
                ChainBreak(
                    chain_id, ids, "broken link", "the row before this one was removed, inserted or reordered"
                )
            )
        expected_seq = max(expected_seq, row.chain_seq) + 1
        previous, previous_id = row.row_hash, row.id
    if legacy.rows and not anchored:
        report.breaks.append(
            ChainBreak(None, (legacy.last_id,), "unanchored", "legacy rows exist but no chain anchors them")
        )


def _check_anchor(report: VerifyReport, row: AuditEvent, legacy: _Legacy) -> None:
    match = _ANCHOR_RE.match(row.detail)
    if row.chain_seq != 1 or match is None:
        report.breaks.append(
            ChainBreak(
                row.chain_id,
                (row.id,),
                "bad anchor",
                "an anchor must open its chain and name the legacy trail",
            )
        )
        return
    rows, last_id, digest = int(match[1]), int(match[2]), match[3]
    if (rows, last_id, digest) != (
        legacy.rows,
        legacy.last_id,
        legacy.digest,
    ) or row.prev_hash != legacy.head:
        report.breaks.append(
            ChainBreak(
                row.chain_id,
                (row.id,),
                "anchor mismatch",
                f"the legacy trail no longer matches its anchor ({rows} rows up to id {last_id} anchored, "
                f"{legacy.rows} up to id {legacy.last_id} found): legacy rows were removed, inserted or altered",
            )
        )


def _iter(query, order, batch_size: int) -> Iterator[AuditEvent]:
    """Keyset pagination: each batch starts after the last key seen; the session is cleared."""
    columns = order if isinstance(order, tuple) else (order,)
    last: tuple | None = None
    while True:
        page = query
        if last is not None:
            if len(columns) == 1:
                page = page.where(columns[0] > last[0])
            else:
                page = page.where(
                    or_(columns[0] > last[0], and_(columns[0] == last[0], columns[1] > last[1]))
                )
        rows = db.session.execute(page.order_by(*columns).limit(batch_size)).scalars().all()
        if not rows:
            return
        yield from rows
        final = rows[-1]
        last = tuple(getattr(final, c.key) for c in columns)
        db.session.expunge_all()


def legacy_summary(connection) -> tuple[int, int, str, str]:
    """(rows, last id, head hash, digest) of the legacy trail, streamed; used by the migration."""
    digest = hashlib.sha256()
    rows, last_id, head = 0, 0, GENESIS
    result = connection.execute(text("SELECT id, row_hash FROM audit_event ORDER BY id")).yield_per(5000)
    for row_id, row_hash in result:
        rows, last_id, head = rows + 1, row_id, row_hash
        digest.update(row_hash.encode())
    return rows, last_id, head, digest.hexdigest()
