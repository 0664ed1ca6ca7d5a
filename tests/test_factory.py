"""The factory, configuration, error pages and health check (STYLE: test the factory)."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text

import config
from ptplan import create_app
from ptplan.extensions import db


def test_testing_config(app):
    assert app.config["TESTING"] is True
    assert not create_app(config.DevelopmentConfig).testing


def test_production_refuses_to_start_without_secrets(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY, DATABASE_URL"):
        create_app(config.ProductionConfig)


def test_production_cookie_is_secure_and_host_prefixed():
    assert config.ProductionConfig.SESSION_COOKIE_SECURE is True
    assert config.ProductionConfig.SESSION_COOKIE_NAME.startswith("__Host-")
    assert config.ProductionConfig.HSTS_ENABLED is True


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("postgres://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgresql://u@h:5433/db", "postgresql+psycopg://u@h:5433/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
        ("", "sqlite:///default.db"),
    ],
)
def test_database_url_overrides_the_default(monkeypatch, raw, expected):
    monkeypatch.setenv("DATABASE_URL", raw)
    assert config._database_url("sqlite:///default.db") == expected


def test_sqlite_connections_are_tuned(tmp_path):
    app = create_app(config.TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'x.db'}")
    with app.app_context():
        with db.engine.connect() as connection:
            pragmas = {
                name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")
            }
        db.engine.dispose()
    assert pragmas == {"journal_mode": "wal", "foreign_keys": 1, "synchronous": 2, "busy_timeout": 5000}


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok", "database": "ok"}


def test_healthz_and_pages_answer_503_when_the_database_is_down(tmp_path):
    path = tmp_path / "gone" / "x.db"
    app = create_app(config.TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    client = app.test_client()
    response = client.get("/healthz")
    assert response.status_code == 503
    page = client.get("/login")
    assert page.status_code in (200, 503)
    assert "Traceback" not in page.get_data(as_text=True)


def test_error_pages_leak_nothing(client, login, therapist):
    login(therapist)
    response = client.get("/patients/999999")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Not found" in html and "reference" in html
    for leak in ("Traceback", "sqlalchemy", "/work/", "SELECT"):
        assert leak not in html


def test_unexpected_error_is_a_generic_500_and_rolls_back(tmp_path, monkeypatch):
    app = create_app(config.TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'x.db'}")

    def explode():
        db.session.execute(
            text(
                "INSERT INTO clinic (name, address, phone, timezone, default_payer_rule, page_size, created_at) VALUES ('Marker', '', '', 'UTC', 'cms', 'A4', '2026-01-01')"
            )
        )
        db.session.flush()
        raise RuntimeError("secret internal detail /etc/passwd")

    app.add_url_rule("/boom", "boom", explode)
    app.view_functions["boom"]._ptplan_permissions = ("authenticated",)
    from ptplan.auth.access import PUBLIC_ENDPOINTS

    monkeypatch.setattr("ptplan.auth.access.PUBLIC_ENDPOINTS", PUBLIC_ENDPOINTS | {"boom"})
    with app.app_context():
        db.create_all()
    response = app.test_client().get("/boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "secret internal detail" not in html and "Traceback" not in html and "reference" in html
    connection = sqlite3.connect(tmp_path / "x.db")
    clinics = connection.execute("SELECT count(*) FROM clinic").fetchone()[0]
    connection.close()
    assert clinics == 0


def test_favicon_is_served_on_every_page_without_log_in(client):
    """Issue #13 bug 8: browsers ask for /favicon.ico; it was a 404 on every page."""
    response = client.get("/favicon.ico")
    status, head = response.status_code, response.data[:4]
    response.close()  # a static file is streamed from disk
    assert status == 200
    assert head == b"\x00\x00\x01\x00"  # an ICO header
    assert 'rel="icon"' in client.get("/login").get_data(as_text=True)
