"""The migrations build exactly the schema the models describe, triggers included."""

from __future__ import annotations

import sqlite3

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

import config
from ptplan import create_app
from ptplan.db import include_in_migrations
from ptplan.extensions import db


def test_upgrade_matches_the_models_and_downgrade_undoes_it(tmp_path):
    path = tmp_path / "migrated.db"
    app = create_app(config.TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_name": include_in_migrations}
            )
            differences = compare_metadata(context, db.metadata)
        assert differences == [], f"models and migrations differ; run `flask db migrate`: {differences}"
        downgrade(revision="base")
        with db.engine.connect() as connection:
            remaining = connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type='table' AND name != 'alembic_version'"
            ).all()
        db.engine.dispose()
    assert remaining == []


def test_migrated_audit_table_is_append_only(tmp_path):
    path = tmp_path / "migrated.db"
    app = create_app(config.TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    with app.app_context():
        upgrade()
        db.engine.dispose()
    connection = sqlite3.connect(path)
    triggers = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    connection.close()
    assert triggers == {
        "audit_event_no_update",
        "audit_event_no_delete",
        # patient search's FTS5 index, kept by the patient table (migration 0016)
        "patient_search_insert",
        "patient_search_update",
        "patient_search_delete",
    }


def test_every_migration_keeps_existing_rows_up_and_down(tmp_path):
    """A clinic with data survives each upgrade and downgrade (batch rebuilds keep foreign keys)."""
    path = tmp_path / "data.db"
    app = create_app(config.TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    with app.app_context():
        upgrade(revision="0001_initial")
        db.engine.dispose()
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA foreign_keys=ON")
    connection.execute(
        "INSERT INTO clinic (id, name, address, phone, timezone, default_payer_rule, page_size, created_at)"
        " VALUES (1, 'C', '', '', 'UTC', 'cms', 'A4', '2026-01-01')"
    )
    connection.execute(
        "INSERT INTO user (id, clinic_id, email, full_name, credentials, licence_number, role, is_active,"
        " password_hash, failed_login_count, password_changed_at, created_at)"
        " VALUES (1, 1, 'a@b.example', 'A', '', '', 'therapist', 1, 'x', 0, '2026-01-01', '2026-01-01')"
    )
    connection.commit()
    connection.close()
    with app.app_context():
        upgrade()
        downgrade(revision="0001_initial")
        upgrade()
        db.engine.dispose()
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("SELECT id, email FROM user").fetchall() == [(1, "a@b.example")]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        connection.close()


def test_every_revision_id_fits_alembic_version_on_postgresql():
    """PostgreSQL stores the revision in ``alembic_version.version_num``, a VARCHAR(32): a longer
    id migrates on SQLite and then fails on PostgreSQL at that step."""
    import re
    from pathlib import Path

    versions = Path(__file__).resolve().parent.parent / "migrations" / "versions"
    ids = {
        path.name: re.search(r"^revision(?:: str)? = [\"']([^\"']+)[\"']", path.read_text(), re.M).group(1)
        for path in versions.glob("*.py")
    }
    assert ids and all(len(revision) <= 32 for revision in ids.values()), {
        name: revision for name, revision in ids.items() if len(revision) > 32
    }
