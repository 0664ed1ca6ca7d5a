"""The audit trail: append-only, hash-chained, reported and exported safely (SECURITY.md AUD)."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError

from ptplan.audit import services as audit
from ptplan.audit.models import AuditEvent
from ptplan.csvexport import attachment_name, safe_cell
from ptplan.extensions import db


def make_events(n, user=None):
    for i in range(n):
        audit.record("read", "chart", patient_id=i + 1, entity_type="patient", entity_id=i + 1, user=user)
    db.session.commit()


def _raw(sql, **params):
    """Tamper as an attacker with database access would, bypassing the guard triggers."""
    engine = db.engine
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql("SET session_replication_role = replica")
            connection.execute(text(sql), params)
            connection.exec_driver_sql("SET session_replication_role = DEFAULT")
        else:
            connection.exec_driver_sql("DROP TRIGGER audit_event_no_update")
            connection.exec_driver_sql("DROP TRIGGER audit_event_no_delete")
            connection.execute(text(sql), params)
            from ptplan.audit.models import SQLITE_TRIGGERS

            for statement in SQLITE_TRIGGERS:
                connection.exec_driver_sql(statement)


def _kinds(report):
    return {(b.kind, b.row_ids) for b in report.breaks}


def test_untouched_chain_verifies(app):
    make_events(100)
    report = audit.verify_chain(batch_size=7)
    assert report.ok and report.checked == 100 and report.chains == 1


def test_each_clinic_has_its_own_numbered_chain(app, make_clinic):
    first, second = make_clinic(), make_clinic()
    for i in range(5):
        audit.record("read", "chart", clinic_id=first.id, patient_id=i)
        audit.record("read", "chart", clinic_id=second.id, patient_id=i)
    audit.record("login_failed", "authentication")
    db.session.commit()
    rows = db.session.execute(select(AuditEvent.chain_id, AuditEvent.chain_seq).order_by(AuditEvent.id)).all()
    assert [seq for chain, seq in rows if chain == first.id] == [1, 2, 3, 4, 5]
    assert [seq for chain, seq in rows if chain == second.id] == [1, 2, 3, 4, 5]
    assert [seq for chain, seq in rows if chain == 0] == [1]
    report = audit.verify_chain(batch_size=3)
    assert report.ok and report.chains == 3 and report.checked == 11


def test_events_are_collected_until_commit_and_dropped_on_rollback(app):
    audit.record("read", "chart", patient_id=1)
    assert audit.pending_count() == 1
    assert db.session.scalar(select(func.count(AuditEvent.id))) == 0
    db.session.rollback()
    assert audit.pending_count() == 0
    db.session.commit()
    assert db.session.scalar(select(func.count(AuditEvent.id))) == 0


def test_a_fork_is_refused_by_the_database(app):
    make_events(2)
    with pytest.raises(DatabaseError), db.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO audit_event (occurred_at, action, category, entity_type, outcome, source_ip, detail,"
            " prev_hash, row_hash, chain_id, chain_seq) VALUES ('2026-01-01', 'read', 'chart', '', 'success',"
            " '', '', 'x', 'y', 0, 2)"
        )


def test_altered_row_is_reported(app):
    make_events(100)
    _raw("UPDATE audit_event SET detail = 'forged' WHERE id = 42")
    report = audit.verify_chain()
    assert _kinds(report) == {("altered", (42,))}


def test_removed_row_is_reported_at_the_next_row(app):
    make_events(100)
    _raw("DELETE FROM audit_event WHERE id = 50")
    report = audit.verify_chain()
    assert ("missing rows", (49, 51)) in _kinds(report) and ("broken link", (49, 51)) in _kinds(report)


def test_inserted_row_is_reported(app):
    make_events(10)
    first = db.session.get(AuditEvent, 1)
    # Make room at position 5, then insert a forged row there.
    _raw("UPDATE audit_event SET chain_seq = chain_seq + 100 WHERE chain_seq >= 5")
    _raw("UPDATE audit_event SET chain_seq = chain_seq - 99 WHERE chain_seq >= 105")
    _raw(
        "INSERT INTO audit_event (id, occurred_at, action, category, entity_type, outcome, source_ip, detail,"
        " prev_hash, row_hash, chain_id, chain_seq)"
        " VALUES (1000, :at, 'read', 'chart', '', 'success', '', '', :h, :h, 0, 5)",
        at=first.occurred_at.replace(tzinfo=None),
        h="f" * 64,
    )
    report = audit.verify_chain()
    assert ("broken link", (4, 1000)) in _kinds(report) and ("altered", (1000,)) in _kinds(report)


def test_reordered_rows_are_reported(app):
    make_events(10)
    _raw("UPDATE audit_event SET chain_seq = 100 WHERE id = 3")
    _raw("UPDATE audit_event SET chain_seq = 3 WHERE id = 4")
    _raw("UPDATE audit_event SET chain_seq = 4 WHERE id = 100 OR chain_seq = 100")
    report = audit.verify_chain()
    kinds = _kinds(report)
    assert ("altered", (3,)) in kinds and ("altered", (4,)) in kinds and ("broken link", (2, 4)) in kinds


def test_every_break_is_listed_not_only_the_first(app):
    make_events(30)
    _raw("UPDATE audit_event SET detail = 'innocent?' WHERE id = 5")
    _raw("UPDATE audit_event SET patient_id = 77 WHERE id = 25")
    report = audit.verify_chain(batch_size=4)
    assert {("altered", (5,)), ("altered", (25,))} <= _kinds(report)


def test_database_refuses_update_and_delete(app):
    make_events(3)
    for statement in ("UPDATE audit_event SET detail = 'x'", "DELETE FROM audit_event"):
        with pytest.raises(DatabaseError), db.engine.begin() as connection:
            connection.exec_driver_sql(statement)
    assert db.session.scalar(select(func.count(AuditEvent.id))) == 3


def test_audit_verify_command_lists_every_break_and_exits_non_zero(runner, app):
    make_events(20)
    ok = runner.invoke(args=["audit-verify"])
    assert ok.exit_code == 0 and "20 rows verified" in ok.output
    _raw("UPDATE audit_event SET patient_id = 999 WHERE id = 7")
    _raw("UPDATE audit_event SET detail = 'x' WHERE id = 12")
    broken = runner.invoke(args=["audit-verify"])
    assert broken.exit_code == 1
    assert "row id 7: altered" in broken.output and "row id 12: altered" in broken.output
    assert "events without a clinic" in broken.output


def test_detail_is_one_line(app):
    event = audit.record("login_failed", "authentication", detail="evil\nFAKE LOG LINE")
    assert "\n" not in event.detail and "\\x0a" in event.detail


def test_no_phi_or_password_in_the_trail(client, login, therapist):
    login(therapist)
    from tests.conftest import PASSWORD, csrf_token

    token = csrf_token(client, "/patients/new")
    client.post(
        "/patients/new",
        data={
            "csrf_token": token,
            "mrn": "P-1",
            "first_name": "Secretname",
            "last_name": "Hiddenlast",
            "date_of_birth": "1970-01-01",
            "sex": "female",
            "preferred_language": "en",
            "primary_therapist_id": "0",
            "payer_rule": "cms",
            "diagnoses-0-icd10_code": "M54.50",
        },
    )
    dump = " ".join(
        " ".join(str(v) for v in e.canonical().values()) for e in db.session.scalars(select(AuditEvent))
    )
    for secret in (PASSWORD, "Secretname", "Hiddenlast", "1970-01-01", "M54.50"):
        assert secret not in dump


def test_report_filters_sorts_and_exports_safely(client, login, make_user, therapist):
    manager = make_user("manager", clinic=therapist.clinic)
    audit.record("read", "chart", patient_id=5, user=therapist)
    audit.record("export", "caseload", detail='=HYPERLINK("http://evil")', user=therapist)
    db.session.commit()
    login(manager)
    page = client.get(f"/audit/?user={therapist.id}&sort=action&dir=asc")
    assert page.status_code == 200
    body = page.get_data(as_text=True).split("<tbody>", 1)[1]
    assert body.index("<td>export</td>") < body.index("<td>read</td>")
    assert client.get("/audit/?sort=id;DROP TABLE audit_event&start=2026-13-45").status_code == 200
    assert "YYYY-MM-DD" in client.get("/audit/?start=bad").get_data(as_text=True)
    response = client.get(f"/audit/export.csv?user={therapist.id}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "no-store"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    details = [r[-1] for r in rows[1:]]
    assert '\'=HYPERLINK("http://evil")' in details
    assert (
        db.session.scalar(
            select(func.count(AuditEvent.id)).where(
                AuditEvent.action == "export", AuditEvent.user_id == manager.id
            )
        )
        == 1
    )


def test_therapist_cannot_read_the_audit_report(client, login, therapist):
    login(therapist)
    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/export.csv").status_code == 403


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd", "'+cmd"),
        ("-2", "-2"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("plain", "plain"),
        (None, ""),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_attachment_name_cannot_break_the_header():
    header = attachment_name('Zoë "x";\r\nSet-Cookie: a=b.pdf')
    assert "\r" not in header and "\n" not in header
    assert header.startswith('attachment; filename="Zo_x_Set-Cookie_a_b.pdf"')
    assert "filename*=UTF-8''Zo%C3%AB" in header
