"""Declarative base, naming convention, UTC timestamps and the signed-record lock."""

from __future__ import annotations

import functools
import hashlib
import json
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from sqlalchemy import DateTime, ForeignKey, MetaData, event, inspect
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, declared_attr, mapped_column, registry
from sqlalchemy.types import TypeDecorator

from ptplan.exceptions import SignedRecordError

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC (SECURITY.md TIME-01)."""
    return datetime.now(UTC)


_T = TypeVar("_T")


def built_once(build: Callable[[], _T]) -> Callable[[], _T]:
    """``functools.cache`` for a statement or alias built on first use, safe under threads.

    With ``functools.cache`` two threads that arrive first at the same moment both build, and
    each keeps its own object. For a statement with an anonymous alias that is fatal:
    SQLAlchemy compiles structurally equal statements once, and the cached compilation then
    names the other thread's alias columns, so every later use fails (a KeyError on a column of
    the alias). Here exactly one object is ever built.
    """
    lock = threading.Lock()
    built: list[_T] = []

    @functools.wraps(build)
    def once() -> _T:
        if not built:
            with lock:
                if not built:
                    built.append(build())
        return built[0]

    return once


class UTCDateTime(TypeDecorator):
    """Stores aware datetimes as UTC; returns aware UTC datetimes on every backend.

    SQLite keeps no offset, so naive values read back are UTC by construction.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: store timezone-aware UTC datetimes")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime()},
    )


class ClinicScoped:
    """Every clinical row carries its clinic, so the clinic boundary is one indexed filter."""

    @declared_attr
    def clinic_id(cls) -> Mapped[int]:  # noqa: N805
        return mapped_column(ForeignKey("clinic.id"), index=True)


class Signable:
    """A clinical record that is signed once and then locked.

    Signing stores the signer, the UTC time and a SHA-256 of the content. After that the
    ``before_flush`` guard below refuses every change, at the data layer, whatever the view does.
    """

    @declared_attr
    def signed_at(cls) -> Mapped[datetime | None]:  # noqa: N805
        return mapped_column(default=None)

    @declared_attr
    def signed_by_id(cls) -> Mapped[int | None]:  # noqa: N805
        return mapped_column(ForeignKey("user.id"), default=None)

    @declared_attr
    def content_hash(cls) -> Mapped[str | None]:  # noqa: N805
        return mapped_column(default=None)

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    def lock_owner(self) -> Signable:
        return self

    def signing_content(self) -> dict[str, Any]:
        """The canonical content that the signature hash covers; models override this."""
        raise NotImplementedError

    def compute_content_hash(self) -> str:
        return content_hash(self.signing_content())

    def verify_content_hash(self) -> bool:
        return self.content_hash is not None and self.content_hash == self.compute_content_hash()


class LockedByParent:
    """A child row (goal, trigger point, billing line...) frozen when its parent is signed."""

    def lock_owner(self) -> Signable | None:
        raise NotImplementedError


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def canonical_json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), default=_json_default)


def content_hash(data: Any) -> str:
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()


def _was_signed(owner: Any) -> bool:
    """True when the owner is signed in the database (not merely being signed now)."""
    state = inspect(owner)
    if not state.persistent:
        return False
    history = state.attrs.signed_at.load_history()  # an expired record is read back, not assumed unsigned
    if history.deleted:
        return history.deleted[0] is not None
    return bool(history.unchanged) and history.unchanged[0] is not None


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_signed_records(session: Session, flush_context: Any, instances: Any) -> None:
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        lock_owner = getattr(obj, "lock_owner", None)
        if lock_owner is None:
            continue
        owner = lock_owner()
        if owner is None or not _was_signed(owner):
            continue
        if obj not in session.new and obj not in session.deleted and not session.is_modified(obj):
            continue
        raise SignedRecordError("This record is signed and locked. Add an addendum to correct it.")


def include_in_migrations(name, type_, parent_names) -> bool:
    """Alembic's ``include_name``: SQLite's full-text search table for patients (and the shadow
    tables FTS5 keeps beside it) are made by DDL next to the patient table, not by the models."""
    return not (type_ == "table" and name is not None and name.startswith("patient_search"))


def render_migration_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Autogenerate writes UTCDateTime as a plain timezone-aware DateTime: migrations import no app code."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def only_changed(obj, allowed: frozenset[str]) -> bool:
    """True when a persistent row has pending changes only in ``allowed`` columns."""
    state = inspect(obj)
    if not state.persistent or state.deleted or state.was_deleted:
        return False
    changed = {attr.key for attr in state.attrs if attr.history.has_changes()}
    return bool(changed) and changed <= allowed
