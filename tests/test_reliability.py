"""Crash consistency and lock handling on SQLite (SECURITY.md REL-05, REL-07)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

CHILD = textwrap.dedent(
    """
    import sys, time
    from config import TestingConfig
    from ptplan import create_app
    from ptplan.extensions import db
    from ptplan.clinics.models import Clinic

    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI="sqlite:///" + sys.argv[1])
    with app.app_context():
        db.create_all()
        db.session.add(Clinic(name="committed"))
        db.session.commit()
        db.session.add(Clinic(name="uncommitted"))
        db.session.flush()
        print("ready", flush=True)
        time.sleep(60)
    """
)


@pytest.mark.skipif(os.name != "posix", reason="kill -9 needs POSIX")
def test_kill_9_mid_transaction_keeps_committed_rows_only(tmp_path):
    path = tmp_path / "crash.db"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout.readline().strip() == "ready"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=10)
        child.stdout.close()
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        names = [row[0] for row in connection.execute("SELECT name FROM clinic")]
    finally:
        connection.close()
    assert names == ["committed"]


def test_database_locked_answers_503_not_500(tmp_path):
    import config
    from ptplan import create_app
    from ptplan.extensions import db

    path = tmp_path / "locked.db"
    app = create_app(
        config.TestingConfig,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}",
        SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"timeout": 0.1}},
    )
    with app.app_context():
        db.create_all()
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("PRAGMA journal_mode=WAL")
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        # Log-in writes (attempt row, audit); the busy database must give the generic 503 page.
        client = app.test_client()
        from tests.conftest import csrf_token

        token = csrf_token(client)
        response = client.post(
            "/login", data={"email": "a@b.example.com", "password": "x" * 20, "csrf_token": token}
        )
        assert response.status_code == 503
        assert "Traceback" not in response.get_data(as_text=True)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
        with app.app_context():
            db.engine.dispose()
