"""A legacy single-chain trail is anchored, not re-chained; its forks are listed (AUD-05)."""

from __future__ import annotations

import hashlib
import json
import sqlite3

from flask_migrate import upgrade

import config
from ptplan import create_app
from ptplan.audit import services as audit
from ptplan.extensions import db

GENESIS = "0" * 64


def _legacy_row(row_id: int, prev_hash: str) -> tuple:
    """A row as the single-chain code wrote it: the hash covers no chain position."""
    occurred = f"2026-11-0{1 + row_id % 9}T10:00:00+00:00"
    canonical = {
        "occurred_at": occurred,
        "clinic_id": 1,
        "user_id": 1,
        "patient_id": row_id,
        "action": "read",
        "category": "chart",
        "entity_type": "patient",
        "entity_id": row_id,
        "outcome": "success",
        "source_ip": "127.0.0.1",
        "detail": "",
    }
    row_hash = hashlib.sha256(
        (prev_hash + json.dumps(canonical, sort_keys=True, separators=(",", ":"))).encode()
    ).hexdigest()
    stored = occurred.replace("T", " ").replace("+00:00", ".000000")
    return (
        row_id,
        stored,
        1,
        1,
        row_id,
        "read",
        "chart",
        "patient",
        row_id,
        "success",
        "127.0.0.1",
        "",
        prev_hash,
        row_hash,
    )


def _legacy_database(path, forked: bool):
    app = create_app(config.TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    with app.app_context():
        upgrade(revision="0003_caseload_read_model")
        db.engine.dispose()
    connection = sqlite3.connect(path)
    connection.execute(
        "INSERT INTO clinic (id, name, address, phone, timezone, default_payer_rule, page_size, created_at)"
        " VALUES (1, 'C', '', '', 'UTC', 'cms', 'A4', '2026-01-01')"
    )
    rows, previous = [], GENESIS
    for row_id in range(1, 21):
        # The old code forked under concurrency: two rows continuing the same head.
        prev = rows[-2][-1] if forked and row_id in (8, 15) else previous
        rows.append(_legacy_row(row_id, prev))
        previous = rows[-1][-1]
    connection.executemany(
        "INSERT INTO audit_event (id, occurred_at, clinic_id, user_id, patient_id, action, category,"
        " entity_type, entity_id, outcome, source_ip, detail, prev_hash, row_hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    connection.commit()
    connection.close()
    with app.app_context():
        upgrade()
    return app


def _tamper(path, sql):
    connection = sqlite3.connect(path)
    connection.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
    connection.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
    connection.execute(sql)
    connection.commit()
    connection.close()


def test_legacy_trail_is_anchored_and_new_rows_chain_from_the_anchor(tmp_path):
    path = tmp_path / "legacy.db"
    app = _legacy_database(path, forked=False)
    with app.app_context():
        audit.record("read", "chart", clinic_id=1, patient_id=1)
        db.session.commit()
        report = audit.verify_chain(batch_size=6)
        assert report.ok and report.legacy_forks == [] and report.checked == 20 + 2 + 1
        connection = db.engine.raw_connection()
        anchors = connection.execute(
            "SELECT chain_id, chain_seq, detail FROM audit_event WHERE action = 'anchor' ORDER BY chain_id"
        ).fetchall()
        legacy_hashes = [
            r[0] for r in connection.execute("SELECT row_hash FROM audit_event WHERE chain_seq IS NULL")
        ]
        connection.close()
        assert [(a[0], a[1]) for a in anchors] == [(0, 1), (1, 1)]
        assert anchors[0][2].startswith("legacy anchor rows=20 last_id=20 ")
        # The legacy rows were not re-hashed: they still verify under the old formula.
        assert legacy_hashes == [
            _legacy_row(i, p)[-1] for i, p in zip(range(1, 21), [GENESIS, *legacy_hashes], strict=False)
        ]
        db.engine.dispose()


def test_forked_legacy_trail_is_verified_and_its_forks_listed(tmp_path):
    path = tmp_path / "forked.db"
    app = _legacy_database(path, forked=True)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["audit-verify"])
    assert result.exit_code == 0, result.output
    assert "legacy fork: legacy trail: row id 6, 8" in result.output
    assert "legacy fork: legacy trail: row id 13, 15" in result.output
    with app.app_context():
        db.engine.dispose()


def test_a_change_to_the_anchored_legacy_trail_is_caught(tmp_path):
    path = tmp_path / "tampered.db"
    app = _legacy_database(path, forked=True)
    with app.app_context():
        db.engine.dispose()
    _tamper(path, "DELETE FROM audit_event WHERE id = 20")  # the legacy head: no successor to notice
    result = app.test_cli_runner().invoke(args=["audit-verify"])
    assert result.exit_code == 1
    assert "anchor mismatch" in result.output
    _tamper(path, "UPDATE audit_event SET detail = 'x' WHERE id = 3")
    result = app.test_cli_runner().invoke(args=["audit-verify"])
    assert "legacy trail: row id 3: altered" in result.output
    with app.app_context():
        db.engine.dispose()


def test_mrn_collisions_are_kept_apart_and_listed_for_a_manager(tmp_path, capsys):
    path = tmp_path / "mrn.db"
    app = create_app(config.TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    with app.app_context():
        upgrade(revision="0003_caseload_read_model")
        db.engine.dispose()
    connection = sqlite3.connect(path)
    connection.execute(
        "INSERT INTO clinic (id, name, address, phone, timezone, default_payer_rule, page_size, created_at)"
        " VALUES (1, 'North', '', '', 'UTC', 'cms', 'A4', '2026-01-01')"
    )
    for patient_id, mrn in ((1, "DEMO-0001"), (2, "demo-0001 "), (3, "B-2")):
        connection.execute(
            "INSERT INTO patient (id, clinic_id, mrn, first_name, last_name, date_of_birth, sex, phone, email,"
            " address, preferred_language, referring_physician_name, referring_physician_npi, payer_name,"
            " payer_rule, precaution_notes, status, created_at, updated_at, version)"
            " VALUES (?, 1, ?, 'A', 'B', '1970-01-01', 'female', '', '', '', 'en', '', '', '', 'cms', '',"
            " 'active', '2026-01-01', '2026-01-01', 1)",
            (patient_id, mrn),
        )
    connection.commit()
    connection.close()
    with app.app_context():
        upgrade()
    assert "patient 2 ('demo-0001 ') has the MRN of patient 1" in capsys.readouterr().out
    listed = app.test_cli_runner().invoke(args=["mrn-conflicts"])
    assert listed.exit_code == 1 and "North: patient id 2 has MRN 'demo-0001 '" in listed.output
    with app.app_context():
        from ptplan.patients.models import Patient

        db.session.get(Patient, 2).mrn = "DEMO-0002"  # the manager gives the patient its own MRN
        db.session.commit()
        db.engine.dispose()
    resolved = app.test_cli_runner().invoke(args=["mrn-conflicts"])
    assert resolved.exit_code == 0 and "No MRN conflicts" in resolved.output
