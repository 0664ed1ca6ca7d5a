"""Online backup to an encrypted file, and restore into an empty database with checks.

Backup (SECURITY.md REL-01): SQLite through its online backup API (never a file copy),
PostgreSQL through ``pg_dump -Fc`` inside an exported REPEATABLE READ snapshot; the row count
of every table is taken from the same snapshot and sealed into the file's manifest.
Restore (REL-02): only into an empty database; then the row counts must match the manifest
and the audit chain must verify (through ``audit.services.verify_chain``).
The key comes from ``BACKUP_KEY`` or ``BACKUP_KEY_FILE``, never from the database.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import URL, make_url

from ptplan.backups import crypto
from ptplan.db import utcnow

FORMAT_SQLITE = "sqlite-backup-api"
FORMAT_PG = "pg_dump-custom"


class BackupError(Exception):
    """A backup or restore refused or failed; the message is for the operator."""


def configured_key(config) -> bytes:
    """The backup key from the settings: ``BACKUP_KEY`` (base64) or the file ``BACKUP_KEY_FILE``."""
    inline, path = config.get("BACKUP_KEY") or "", config.get("BACKUP_KEY_FILE") or ""
    if inline and path:
        raise BackupError("Set PTPLAN_BACKUP_KEY or PTPLAN_BACKUP_KEY_FILE, not both.")
    if path:
        try:
            inline = Path(path).read_text()
        except OSError as problem:
            raise BackupError(f"Cannot read the backup key file {path}: {problem.strerror}.") from None
    if not inline:
        raise BackupError(
            "No backup key. Create one with `flask --app wsgi backup-key /etc/ptplan/backup.key` and set "
            "PTPLAN_BACKUP_KEY_FILE to that path. Keep a copy of the key away from the backups."
        )
    try:
        return crypto.decode_key(inline)
    except crypto.BackupFileError as problem:
        raise BackupError(str(problem)) from None


@contextmanager
def _scratch(directory: Path, suffix: str):
    """A private temporary file (0600) beside the target, removed afterwards."""
    handle, name = tempfile.mkstemp(prefix=".ptplan-", suffix=suffix, dir=directory)
    os.close(handle)
    path = Path(name)
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)


# ---------------------------------------------------------------- backup


@dataclass
class BackupResult:
    path: Path
    manifest: dict


def backup(
    url_text: str, target: Path, key: bytes, *, progress: Callable[[int], None] | None = None
) -> BackupResult:
    """Snapshot the live database and write it, sealed with ``key``, to ``target`` (atomically)."""
    url = make_url(url_text)
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    with _scratch(target.parent, ".plain") as plain:
        if url.get_backend_name() == "sqlite":
            counts = _sqlite_snapshot(url, plain, progress)
            fmt = FORMAT_SQLITE
        elif url.get_backend_name() == "postgresql":
            counts = _pg_snapshot(url, plain)
            fmt = FORMAT_PG
        else:
            raise BackupError(f"Backups support SQLite and PostgreSQL, not {url.get_backend_name()}.")
        manifest = {
            "format": fmt,
            "created_at": utcnow().isoformat(),
            "row_counts": counts,
            "plain_bytes": plain.stat().st_size,
        }
        with _scratch(target.parent, ".sealed") as sealed:
            with sealed.open("wb") as handle:
                crypto.encrypt_file(plain, handle, key, manifest)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(sealed, target)  # a reader never sees half a backup
    return BackupResult(target, manifest)


def _sqlite_snapshot(url: URL, plain: Path, progress: Callable[[int], None] | None) -> dict[str, int]:
    source_path = url.database
    if not source_path or source_path == ":memory:":
        raise BackupError("An in-memory database cannot be backed up.")
    source = sqlite3.connect(source_path, timeout=30)
    copy = sqlite3.connect(plain)
    try:

        def step(status, remaining, total):
            if progress is not None:
                progress(100 if not total else int(100 * (total - remaining) / total))

        source.backup(copy, pages=256, progress=step)
        check = copy.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"The snapshot failed its integrity check: {check}")
        counts = _sqlite_counts(copy)
    finally:
        copy.close()
        source.close()
    return counts


def _sqlite_counts(connection: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    # Names come from the database's own catalogue, quoted as identifiers.
    return {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}  # noqa: S608


def _pg_env(url: URL) -> dict[str, str]:
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return env


def _pg_args(url: URL) -> list[str]:
    return [
        "-h",
        url.host or "localhost",
        "-p",
        str(url.port or 5432),
        "-U",
        url.username or "postgres",
        "-d",
        url.database or "",
    ]


def _pg_snapshot(url: URL, plain: Path) -> dict[str, int]:
    """pg_dump -Fc and the row counts from one exported snapshot, so they describe the same moment."""
    engine = create_engine(url, isolation_level="REPEATABLE READ")
    try:
        with engine.connect() as connection:
            snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            counts = _counts(connection)
            command = ["pg_dump", "-Fc", "--snapshot", snapshot, "-f", str(plain), *_pg_args(url)]
            result = subprocess.run(command, env=_pg_env(url), capture_output=True, text=True, check=False)
            connection.rollback()
    finally:
        engine.dispose()
    if result.returncode != 0:
        raise BackupError("pg_dump failed: " + result.stderr.strip()[:500])
    return counts


def _counts(connection) -> dict[str, int]:
    preparer = connection.dialect.identifier_preparer
    names = sorted(inspect(connection).get_table_names())
    return {
        name: connection.execute(text(f"SELECT count(*) FROM {preparer.quote(name)}")).scalar_one()  # noqa: S608
        for name in names
    }


# ---------------------------------------------------------------- restore


@dataclass
class RestoreReport:
    manifest: dict
    restored_counts: dict[str, int]
    mismatches: dict[str, tuple[int, int]] = field(default_factory=dict)
    audit_rows: int = 0
    audit_problem: str | None = None

    @property
    def ok(self) -> bool:
        return not self.mismatches and self.audit_problem is None


def _existing_tables(url: URL) -> list[str]:
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            raise BackupError("Restore into a database file, not an in-memory database.")
        path = Path(url.database)
        if not path.parent.is_dir():
            raise BackupError(f"The folder {path.parent} does not exist.")
        if not path.exists():
            return []
        # Read-only and without the app's connection pragmas: even switching to WAL would change the file.
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            rows = connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            ).fetchall()
        except sqlite3.DatabaseError:
            raise BackupError(f"{path} exists and is not a SQLite database. Nothing was changed.") from None
        finally:
            connection.close()
        return [row[0] for row in rows]
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return sorted(inspect(connection).get_table_names())
    except Exception as problem:  # noqa: BLE001 - any connection failure is reported, nothing written
        raise BackupError(f"Cannot open the target database: {type(problem).__name__}.") from None
    finally:
        engine.dispose()


def restore(
    backup_file: Path, target_url_text: str, key: bytes, *, make_app: Callable[[str], Flask]
) -> RestoreReport:
    """Decrypt, refuse a non-empty target, load the data, then check row counts and the audit chain."""
    target_url = make_url(_normalise(target_url_text))
    existing = _existing_tables(target_url)
    if existing:
        raise BackupError(
            f"The target database is not empty ({len(existing)} tables, e.g. {', '.join(existing[:3])}). "
            "Restore only into a new, empty database. Nothing was changed."
        )
    if not backup_file.is_file():
        raise BackupError(f"No backup file at {backup_file}.")
    scratch_dir = Path(tempfile.gettempdir())
    with _scratch(scratch_dir, ".restore") as plain:
        try:
            with backup_file.open("rb") as sealed, plain.open("wb") as out:
                manifest = crypto.decrypt_file(sealed, key, out)
        except crypto.BackupFileError as problem:
            raise BackupError(f"{problem} Nothing was restored.") from None
        fmt = manifest.get("format")
        backend = target_url.get_backend_name()
        if (fmt, backend) not in ((FORMAT_SQLITE, "sqlite"), (FORMAT_PG, "postgresql")):
            raise BackupError(
                f"This backup ({fmt}) cannot be restored into {backend}: restore a SQLite backup into "
                "a SQLite file and a PostgreSQL backup into PostgreSQL. Nothing was changed."
            )
        if backend == "sqlite":
            _sqlite_restore(plain, Path(target_url.database))
        else:
            _pg_restore(plain, target_url)
    engine = create_engine(target_url)
    try:
        with engine.connect() as connection:
            restored = _counts(connection)
    finally:
        engine.dispose()
    expected = manifest.get("row_counts", {})
    report = RestoreReport(manifest=manifest, restored_counts=restored)
    for name in sorted(set(expected) | set(restored)):
        if expected.get(name) != restored.get(name):
            report.mismatches[name] = (expected.get(name, 0), restored.get(name, 0))
    report.audit_rows, report.audit_problem = _verify_audit(target_url, make_app)
    return report


def _normalise(url_text: str) -> str:
    if url_text.startswith("postgres://"):
        return "postgresql+psycopg://" + url_text[len("postgres://") :]
    if url_text.startswith("postgresql://"):
        return "postgresql+psycopg://" + url_text[len("postgresql://") :]
    return url_text


def _sqlite_restore(plain: Path, target: Path) -> None:
    source = sqlite3.connect(plain)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        check = copy.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        copy.close()
        source.close()
    if check != "ok":
        raise BackupError(f"The restored database failed its integrity check: {check}")


def _pg_restore(plain: Path, url: URL) -> None:
    command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *_pg_args(url), str(plain)]
    result = subprocess.run(command, env=_pg_env(url), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError("pg_restore failed: " + result.stderr.strip()[:500])


def _verify_audit(url: URL, make_app: Callable[[str], Flask]) -> tuple[int, str | None]:
    """Run the audit verifier (the same service as `audit-verify`) against the restored database."""
    from ptplan.audit.services import verify_chain
    from ptplan.extensions import db

    app = make_app(url.render_as_string(hide_password=False))
    with app.app_context():
        try:
            if not inspect(db.engine).has_table("audit_event"):
                return 0, "the restored database has no audit table"
            report = verify_chain()
        finally:
            db.session.remove()
            db.engine.dispose()
    if report.ok:
        return report.checked, None
    shown = "; ".join(found.describe() for found in report.breaks[:5])
    more = f" (and {len(report.breaks) - 5} more)" if len(report.breaks) > 5 else ""
    return report.checked, f"{len(report.breaks)} break(s): {shown}{more}"


def app_factory_like(app: Flask) -> Callable[[str], Flask]:
    """Build apps like ``app`` (same settings) but bound to another database, for the audit check.

    The factory is the one that built ``app`` (kept on it by ``create_app``), so this package
    needs no import of the application package above it.
    """
    create_app = app.extensions["ptplan.create_app"]
    settings = {key: value for key, value in app.config.items() if key.isupper()}
    config_class = type("RestoreCheckConfig", (), settings)

    def make(url_text: str) -> Flask:
        return create_app(config_class, SQLALCHEMY_DATABASE_URI=url_text, SQLALCHEMY_ENGINE_OPTIONS={})

    return make


def current_url() -> str:
    return current_app.config["SQLALCHEMY_DATABASE_URI"]
