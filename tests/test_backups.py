"""Encrypted backups and the restore drill (SECURITY.md REL-01, REL-02)."""

from __future__ import annotations

import hashlib
import io
import os
import secrets
import sqlite3
import stat
import threading

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

import config
from ptplan import create_app
from ptplan.audit import services as audit
from ptplan.backups import crypto
from ptplan.extensions import db

KEY = crypto.new_key()


def live_app(path, key=KEY, **settings):
    app = create_app(
        config.TestingConfig,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}",
        BACKUP_KEY=crypto.encode_key(key),
        **settings,
    )
    with app.app_context():
        db.create_all()
        for n in range(20):
            audit.record("read", "backup_test", detail=f"seed {n}")
        db.session.commit()
    return app


def dispose(app):
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_backup_restore_and_audit_verify_while_a_writer_is_active(tmp_path):
    app = live_app(tmp_path / "live.db")
    stop, started = threading.Event(), threading.Event()
    written = []

    def writer():
        with app.app_context():
            while not stop.is_set():
                audit.record("read", "backup_test", detail=f"live {len(written)}")
                db.session.commit()
                written.append(1)
                started.set()
            db.session.remove()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert started.wait(30)
        result = run(app, "backup", str(tmp_path / "nightly.ptbak"))
        written_during_backup = len(written)
    finally:
        stop.set()
        thread.join()
    assert result.exit_code == 0, result.output
    sealed = (tmp_path / "nightly.ptbak").read_bytes()
    assert (
        sealed.startswith(crypto.MAGIC) and b"SQLite format 3" not in sealed and b"backup_test" not in sealed
    )

    restored = tmp_path / "restored.db"
    report = run(app, "restore", str(tmp_path / "nightly.ptbak"), "--into", f"sqlite:///{restored}")
    assert report.exit_code == 0, report.output
    assert "Row counts: every table matches" in report.output and "Audit chain intact" in report.output
    rows = sqlite3.connect(restored).execute("SELECT count(*) FROM audit_event").fetchone()[0]
    assert 20 < rows <= 20 + written_during_backup + 1

    drill = create_app(config.TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{restored}")
    verified = run(drill, "audit-verify")
    assert verified.exit_code == 0, verified.output
    dispose(drill)
    dispose(app)


@pytest.fixture()
def made_backup(tmp_path):
    app = live_app(tmp_path / "live.db")
    result = run(app, "backup", str(tmp_path / "b.ptbak"))
    assert result.exit_code == 0, result.output
    yield app, tmp_path / "b.ptbak"
    dispose(app)


def test_a_wrong_key_fails_clearly_and_writes_nothing(made_backup, tmp_path):
    _, backup_file = made_backup
    other = create_app(config.TestingConfig, BACKUP_KEY=crypto.encode_key(crypto.new_key()))
    result = run(other, "restore", str(backup_file), "--into", f"sqlite:///{tmp_path / 'r.db'}")
    assert result.exit_code != 0 and "Wrong key" in result.output and "Nothing was restored" in result.output
    assert not (tmp_path / "r.db").exists()


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda data: data[: len(data) // 2], "truncated"),
        (lambda data: data[:-1], "truncated"),
        (lambda data: data[:40], "truncated"),
        (lambda data: data[:200] + bytes([data[200] ^ 1]) + data[201:], "damaged"),
        (lambda data: data + b"x", "damaged"),
        (lambda data: b"SQLite format 3\x00" + data[16:], "not a ptplan encrypted backup"),
    ],
    ids=["half", "last-byte", "header", "flipped-bit", "trailing", "not-a-backup"],
)
def test_a_damaged_or_truncated_file_fails_clearly(made_backup, tmp_path, damage, message):
    app, backup_file = made_backup
    broken = tmp_path / "broken.ptbak"
    broken.write_bytes(damage(backup_file.read_bytes()))
    result = run(app, "restore", str(broken), "--into", f"sqlite:///{tmp_path / 'r.db'}")
    assert result.exit_code != 0 and message in result.output, result.output
    assert not (tmp_path / "r.db").exists()


def test_restore_into_a_non_empty_database_is_refused_and_changes_nothing(made_backup, tmp_path):
    app, backup_file = made_backup
    target = tmp_path / "in-use.db"
    connection = sqlite3.connect(target)
    connection.execute("CREATE TABLE patient_notes (id INTEGER PRIMARY KEY, body TEXT)")
    connection.execute("INSERT INTO patient_notes (body) VALUES ('keep me')")
    connection.commit()
    connection.close()
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    result = run(app, "restore", str(backup_file), "--into", f"sqlite:///{target}")
    assert result.exit_code != 0 and "not empty" in result.output and "Nothing was changed" in result.output
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before


def test_a_sqlite_backup_is_not_restored_into_postgresql(made_backup, monkeypatch):
    from ptplan.backups import services

    app, backup_file = made_backup
    monkeypatch.setattr(services, "_existing_tables", lambda url: [])
    with app.app_context(), pytest.raises(services.BackupError, match="cannot be restored into postgresql"):
        services.restore(backup_file, "postgresql://u@127.0.0.1:1/x", KEY, make_app=lambda url: app)


def test_backup_needs_a_key_from_the_settings(tmp_path):
    app = live_app(tmp_path / "live.db")
    app.config["BACKUP_KEY"] = ""
    result = run(app, "backup", str(tmp_path / "b.ptbak"))
    assert result.exit_code != 0 and "No backup key" in result.output
    assert not (tmp_path / "b.ptbak").exists()
    dispose(app)


def test_key_file_is_private_never_overwritten_and_used(tmp_path):
    key_file = tmp_path / "keys" / "backup.key"
    app = create_app(config.TestingConfig)
    first = run(app, "backup-key", str(key_file))
    assert first.exit_code == 0 and stat.S_IMODE(key_file.stat().st_mode) == 0o600
    again = run(app, "backup-key", str(key_file))
    assert again.exit_code != 0 and "never overwritten" in again.output
    live = live_app(tmp_path / "live.db", BACKUP_KEY_FILE=str(key_file))
    live.config["BACKUP_KEY"] = ""
    assert run(live, "backup", str(tmp_path / "b.ptbak")).exit_code == 0
    dispose(live)


def test_encryption_round_trip_across_many_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(crypto, "CHUNK", 1000)
    source = tmp_path / "plain"
    source.write_bytes(bytes(range(256)) * 40)  # 10,240 bytes: 11 chunks
    sealed = io.BytesIO()
    crypto.encrypt_file(source, sealed, KEY, {"format": "x"})
    out = io.BytesIO()
    manifest = crypto.decrypt_file(io.BytesIO(sealed.getvalue()), KEY, out)
    assert manifest == {"format": "x"} and out.getvalue() == source.read_bytes()
    cut = io.BytesIO(sealed.getvalue()[: -(1000 + 17 + 4)])  # drop the final chunk exactly
    with pytest.raises(crypto.BackupFileError, match="truncated"):
        crypto.decrypt_file(cut, KEY, io.BytesIO())


POSTGRES_URL = os.environ.get("DATABASE_URL", "")


@pytest.mark.skipif(
    not POSTGRES_URL.startswith("postgres"), reason="needs PostgreSQL: CI runs the suite a second time on it"
)
def test_postgresql_backup_and_restore_while_a_writer_is_active(tmp_path):
    """pg_dump -Fc in an exported snapshot, pg_restore into a new database, counts and chain verified."""
    base = make_url(config.TestingConfig.SQLALCHEMY_DATABASE_URI)
    suffix = secrets.token_hex(4)
    names = {"source": f"ptplan_bk_src_{suffix}", "target": f"ptplan_bk_dst_{suffix}"}
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        for name in names.values():
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        app = create_app(
            config.TestingConfig,
            SQLALCHEMY_DATABASE_URI=base.set(database=names["source"]).render_as_string(hide_password=False),
            BACKUP_KEY=crypto.encode_key(KEY),
        )
        with app.app_context():
            db.create_all()
            for n in range(10):
                audit.record("read", "backup_test", detail=f"seed {n}")
            db.session.commit()
        stop = threading.Event()

        def writer():
            with app.app_context():
                while not stop.is_set():
                    audit.record("read", "backup_test", detail="live")
                    db.session.commit()
                db.session.remove()

        thread = threading.Thread(target=writer)
        thread.start()
        try:
            result = run(app, "backup", str(tmp_path / "pg.ptbak"))
        finally:
            stop.set()
            thread.join()
        assert result.exit_code == 0, result.output
        target = base.set(database=names["target"]).render_as_string(hide_password=False)
        report = run(app, "restore", str(tmp_path / "pg.ptbak"), "--into", target)
        assert report.exit_code == 0, report.output
        assert "Row counts: every table matches" in report.output and "Audit chain intact" in report.output
        again = run(app, "restore", str(tmp_path / "pg.ptbak"), "--into", target)
        assert again.exit_code != 0 and "not empty" in again.output
        dispose(app)
    finally:
        with admin.connect() as connection:
            for name in names.values():
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
