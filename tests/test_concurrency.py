"""Real concurrency on a live server: the audit chain never forks, racing edits save one (AUD-05, REL-05).

A threaded development server (as `make run` serves) and a 2-worker gunicorn sharing one SQLite
file, or the PostgreSQL database when the suite runs on it. Eight signed-in clients make fifty
audited requests each; then `audit-verify` must pass. Racing edits of one patient from the same
version must save exactly one and answer 409 to the rest, never 500. Bounded: a few hundred
requests per server.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from bench.concurrency import audited_load, build_clinics, mixed_load, racing_edits, serve, server_errors
from bench.throughput import ROOT, app_env

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")


@pytest.fixture()
def site(tmp_path, app):
    if ON_POSTGRES:
        # The suite's own database (under pytest-xdist, this worker's): the app fixture made the
        # schema and cleaned it for this test.
        url = app.config["SQLALCHEMY_DATABASE_URI"]
    else:
        url = f"sqlite:///{tmp_path / 'live.db'}"
    built = build_clinics(url)
    built["env"] = app_env(url, tmp_path)
    return built


def _audit_verify(env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "audit-verify"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize("server", ["threaded", "gunicorn"])
def test_parallel_audited_requests_keep_every_chain_intact(site, server):
    with serve(server, site["env"]) as base:
        statuses = audited_load(base, site, clients=8, requests_each=50)
    assert statuses == {200: 400}
    result = _audit_verify(site["env"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "in 2 chains" in result.stdout  # one per clinic, each numbered without a gap


@pytest.mark.parametrize("server", ["threaded", "gunicorn"])
def test_twelve_sessions_mixing_reads_and_writes_get_no_server_error(tmp_path, app, server):
    """#10: twelve parallel sessions (three clinics of four) read the chart and the list and save
    edits of their clinic's patient: every answer is 200, a save is 302 or, when another
    session saved first, 409; never a 5xx. Afterwards every audit chain verifies."""
    if ON_POSTGRES:
        url = app.config["SQLALCHEMY_DATABASE_URI"]
    else:
        url = f"sqlite:///{tmp_path / 'mixed.db'}"
    site = build_clinics(url, clinics=3, therapists_per_clinic=4)
    site["env"] = app_env(url, tmp_path)
    with serve(server, site["env"]) as base:
        result = mixed_load(base, site, sessions=12, rounds=6)
    statuses, saves = result["statuses"], result["saves"]
    assert not [status for status in statuses if status >= 500], (statuses, server_errors(tmp_path))
    assert set(statuses) <= {200, 302, 409}, statuses
    assert sum(saves.values()) == 12 * 6 and saves[302] >= 3  # each clinic saved at least once
    assert statuses[200] >= 12 * 6 * 3  # every read answered
    result = _audit_verify(site["env"])
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("server", ["threaded", "gunicorn"])
def test_racing_edits_save_exactly_one_and_answer_409(site, server):
    with serve(server, site["env"]) as base:
        for _ in range(2):
            result = racing_edits(base, site, edits=12, sessions=3)
            assert result["statuses"] == {302: 1, 409: 11}
            assert result["version_after"] == result["version_before"] + 1
            assert result["saved_phone"] == result["winner_phone"]
    assert _audit_verify(site["env"]).returncode == 0


@pytest.mark.parametrize("server", ["threaded", "gunicorn"])
def test_racing_signs_leave_one_signature_and_one_audit_row(site, server):
    import threading

    from sqlalchemy import func, select

    from bench.concurrency import PASSWORD
    from bench.throughput import Client
    from config import TestingConfig
    from ptplan import create_app
    from ptplan.audit.models import AuditEvent
    from ptplan.auth.models import User
    from ptplan.extensions import db
    from ptplan.patients.models import Patient
    from ptplan.plans.models import PlanOfCare
    from tests.factories import plans as fp

    email, clinic_id = site["users"][0]
    other = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=site["env"]["DATABASE_URL"])
    with other.app_context():
        author = db.session.scalar(select(User).where(User.email == email))
        plan_id = fp.draft_plan(db.session.get(Patient, site["patients"][clinic_id]), author).id
        db.session.remove()
        db.engine.dispose()
    with serve(server, site["env"]) as base:
        clients = []
        for _ in range(3):
            client = Client(base)
            client.login(email, PASSWORD)
            clients.append((client, client.csrf(f"/plans/{plan_id}/sign")))
        statuses = [0] * 12
        barrier = threading.Barrier(12)

        def sign(i):
            client, token = clients[i % 3]
            barrier.wait()
            statuses[i] = client.post(f"/plans/{plan_id}/sign", {"csrf_token": token})[0]

        threads = [threading.Thread(target=sign, args=(i,)) for i in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(statuses) == [302] + [409] * 11
    with other.app_context():
        plan = db.session.get(PlanOfCare, plan_id)
        signs = db.session.scalar(
            select(func.count(AuditEvent.id)).where(
                AuditEvent.action == "sign", AuditEvent.entity_id == plan_id
            )
        )
        db.session.remove()
        db.engine.dispose()
    assert plan.status == "active" and plan.signed_by_id is not None and signs == 1
    assert _audit_verify(site["env"]).returncode == 0
