"""Binds the extensions to an app and tunes the database connection."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from ptplan.extensions import csrf, db, login_manager
from ptplan.migrating import register_migrations


def register_extensions(app: Flask) -> None:
    _import_models()
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite") and uri in ("sqlite://", "sqlite:///:memory:"):
        # One shared in-memory database for the whole test app.
        from sqlalchemy.pool import StaticPool

        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}))
        options.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
        options.pop("pool_pre_ping", None)
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    db.init_app(app)
    register_migrations(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Log in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = None  # server-side sessions do this job (SESS-05)

    from ptplan.auth.services import load_session_user

    login_manager.request_loader(lambda request: load_session_user())


def _import_models() -> None:
    """Every model module, so metadata is complete for create_all and Alembic."""
    import ptplan.models  # noqa: F401


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """WAL, foreign keys, full sync and a busy timeout on every SQLite connection (REL-05)."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()
