"""The migrations build exactly the schema the models describe, triggers included."""

from __future__ import annotations

import sqlite3

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

import config
from ptplan import create_app
from ptplan.extensions import db


def test_upgrade_matches_the_models_and_downgrade_undoes_it(tmp_path):
    path = tmp_path / "migrated.db"
    app = create_app(config.TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
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
    assert triggers == {"audit_event_no_update", "audit_event_no_delete"}
