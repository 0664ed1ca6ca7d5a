"""Shared fixtures: app, clean database per test, client, log-in helper, factories, count_queries."""

from __future__ import annotations

import contextlib
import contextvars
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask.testing import FlaskClient
from sqlalchemy import event

from config import TestingConfig
from ptplan import create_app
from ptplan.extensions import db
from ptplan.patients import chart_cache
from tests.factories import clinics, evaluations, library, outcomes, patients, plans, sessions
from tests.factories.clinics import PASSWORD

__all__ = ["PASSWORD", "csrf_token"]


class IsolatedClient(FlaskClient):
    """Each request runs with its own app context, as in production.

    Tests hold an app context open for factories; without this, requests would share its
    ``g`` (and Flask-Login's cached user) and its database session.
    """

    def open(self, *args, **kwargs):
        def request_and_read():
            response = super(IsolatedClient, self).open(*args, **kwargs)
            response.get_data()  # streamed bodies run inside the request's own context
            return response

        response = contextvars.Context().run(request_and_read)
        from flask import has_app_context

        if has_app_context():
            # The request wrote through its own session; read fresh state in the test's.
            db.session.expire_all()
        return response


# Every FHIR resource type the app produces; their pydantic models are built before the clock is pinned.
FHIR_TYPES = (
    "Bundle", "Patient", "Practitioner", "Organization", "Condition", "Observation",
    "QuestionnaireResponse", "Goal", "CarePlan", "Procedure", "Consent", "DocumentReference",
    "OperationOutcome", "CapabilityStatement",
)  # fmt: skip


@pytest.fixture(scope="session", autouse=True)
def _clinic_day_clock():
    """Run the suite at 12:00 UTC of today's date, with the clock ticking from there.

    At noon UTC the calendar date is the same from UTC-11 to UTC+11, so a test's
    ``date.today()`` is the clinic's today whatever hour CI runs at (between 00:00 and 05:00
    UTC a New York clinic is still on the day before). Ticking keeps elapsed time real, and
    keeping today's date keeps cookie expiry sane for the browser, which runs on the real clock.
    """
    from datetime import UTC, datetime

    import freezegun
    from freezegun import freeze_time

    import ptplan.models  # noqa: F401 - map Mapped[datetime] columns before datetime is replaced

    # C extensions check datetime's layout when first imported: load them on the real one.
    with contextlib.suppress(ImportError):
        import psycopg  # noqa: F401
    # Pydantic's serialisers (fhir.resources) check for the real datetime class: load them on the
    # real one and leave them unpatched.
    with contextlib.suppress(ImportError):
        from fhir.resources.R4B import get_fhir_model_class

        for resource_type in FHIR_TYPES:
            get_fhir_model_class(resource_type)
    # pytest's own timing (--durations) stays on the real clock too: only its timing module, not
    # all of "_pytest". freezegun also answers with the real clock whenever an ignored module is
    # within 5 frames of the caller, so ignoring "_pytest" made time.monotonic() real or frozen
    # depending on call depth below a test function: subprocess.run(timeout=...) then took its
    # deadline on one clock and read the remaining time on the other, and timed out at once.
    freezegun.configure(
        extend_ignore_list=["pydantic", "pydantic_core", "fhir", "fhir_core", "_pytest.timing"]
    )

    noon = datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0)
    with freeze_time(noon, tick=True):
        yield


def _worker_database_url() -> str | None:
    """Under pytest-xdist, each worker gets its own PostgreSQL database (``<name>_gw0``...),
    created on first use on the same server; SQLite's in-memory database is per process already."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    url = TestingConfig.SQLALCHEMY_DATABASE_URI
    if not worker or not url.startswith("postgresql"):
        return None
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    name = f"{parsed.database}_{worker}"
    admin = parsed.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
    return parsed.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def app():
    worker_url = _worker_database_url()
    overrides = {"SQLALCHEMY_DATABASE_URI": worker_url} if worker_url else {}
    app = create_app(TestingConfig, **overrides)
    app.test_client_class = IsolatedClient
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
            db.drop_all()
        db.engine.dispose()


def _truncate_all() -> None:
    """A clean database for every test. The audit table's guard triggers are bypassed here only."""
    engine = db.engine
    tables = list(reversed(db.metadata.sorted_tables))
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            connection.exec_driver_sql("SET session_replication_role = replica")
            connection.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
            connection.exec_driver_sql("SET session_replication_role = DEFAULT")
        else:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.exec_driver_sql("DROP TRIGGER IF EXISTS audit_event_no_delete")
            for table in tables:
                connection.exec_driver_sql(f'DELETE FROM "{table.name}"')
            connection.exec_driver_sql(
                "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event "
                "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END"
            )
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")


@pytest.fixture(autouse=True)
def _clean_database(request):
    if "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        _truncate_all()
        # Every test starts from empty tables, so ids and chart versions repeat: the charts
        # rendered by the previous test are not this test's.
        chart_cache.cache().clear()
    with app.app_context():
        yield
        db.session.remove()


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def runner(app):
    return app.test_cli_runner()


# ---------------------------------------------------------------- factories
# One module per domain in tests/factories/; each builder is a fixture here (factory fixtures:
# the test calls it with what it needs). Helpers outside a test import them from there.


@pytest.fixture()
def make_clinic(app):
    return clinics.new_clinic


@pytest.fixture()
def make_user(app):
    return clinics.new_user


@pytest.fixture()
def make_patient(app):
    return patients.new_patient


@pytest.fixture()
def make_muscles(app):
    return library.make_muscles


@pytest.fixture()
def make_evaluation(app):
    return evaluations.make_evaluation


@pytest.fixture()
def make_score(app):
    return outcomes.make_score


@pytest.fixture()
def make_plan(app):
    return plans.make_plan


@pytest.fixture()
def draft_plan(app):
    return plans.draft_plan


@pytest.fixture()
def active_plan(app):
    return plans.active_plan


@pytest.fixture()
def clear_for_dry_needling(app):
    return plans.clear_for_dry_needling


@pytest.fixture()
def clinic_with_plan(app):
    return plans.clinic_with_plan


@pytest.fixture()
def make_note(app):
    return sessions.make_note


@pytest.fixture()
def therapist(make_user):
    return make_user("therapist")


@pytest.fixture()
def login(client):
    """Log a user in through the real form; returns the response."""

    def do_login(user, password: str = PASSWORD, follow: bool = False):
        client.get("/login")
        return client.post(
            "/login",
            data={"email": user.email, "password": password, "csrf_token": csrf_token(client)},
            follow_redirects=follow,
        )

    return do_login


def csrf_token(client, path: str = "/login") -> str:
    """Read a fresh CSRF token from a page's form."""
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, f"no csrf token on {path}"
    return match.group(1)


@pytest.fixture()
def csrf(client):
    return lambda path="/login": csrf_token(client, path)


@pytest.fixture()
def count_queries(app):
    """Counts SQL statements inside the ``with`` block: ``with count_queries() as q: ...; q.count``."""

    class Counter:
        def __init__(self) -> None:
            self.statements: list[str] = []

        @property
        def count(self) -> int:
            return len(self.statements)

    @contextmanager
    def counting(*, warm: bool = False) -> Iterator[Counter]:
        """Counts the cold path: the rendered charts kept from earlier requests are dropped
        first, unless ``warm`` (the kept chart's own statements)."""
        if not warm:
            chart_cache.cache().clear()
        counter = Counter()

        def before(conn, cursor, statement, parameters, context, executemany):
            if not statement.lstrip().upper().startswith(("PRAGMA", "SAVEPOINT", "RELEASE")):
                counter.statements.append(statement)

        engine = db.engine
        event.listen(engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", before)

    return counting


def pytest_report_header(config):
    url = os.environ.get("DATABASE_URL", "")
    return f"ptplan database: {'PostgreSQL' if url.startswith('postgres') else 'SQLite (in memory)'}"
