"""Binds the extensions to an app and tunes the database connection."""

from __future__ import annotations

from flask import Flask, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

from ptplan.extensions import babel, csrf, db, login_manager
from ptplan.i18n.translator import LOCALE_DIR
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
    # The staff interface stays English (README); Flask-Babel gives templates Babel's date and
    # number formatting and knows the patient-document catalogues, which PDFs use through
    # ptplan.i18n.translator (pure, outside any request).
    babel.init_app(app, locale_selector=lambda: "en", default_translation_directories=str(LOCALE_DIR))
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Log in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = None  # server-side sessions do this job (SESS-05)

    from ptplan.auth.access import is_token_endpoint
    from ptplan.auth.services import load_session_user
    from ptplan.fhir.tokens import load_token_user

    def load_user(request):
        """The FHIR API knows only bearer tokens; every other page only the session cookie."""
        if is_token_endpoint(request.endpoint):
            return load_token_user(request.headers.get("Authorization"))
        return load_session_user()

    login_manager.request_loader(load_user)


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


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@event.listens_for(Engine, "begin")
def _sqlite_write_requests_begin_immediate(connection) -> None:
    """A form post on SQLite takes the write lock when its transaction starts (REL-05).

    Everything a post reads (the record's version, an MRN's availability, whether a note is
    already signed) then decides its write with no other writer in between, so two posts can
    never both act on the same stale read. Page views stay lock-free: the driver opens their
    transaction only at the first write, and the audit seal takes the lock just before commit.
    """
    if connection.dialect.name != "sqlite" or not has_request_context() or request.method in SAFE_METHODS:
        return
    if not connection.connection.driver_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
