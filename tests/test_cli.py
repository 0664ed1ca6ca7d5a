"""Command-line tools: create-user, seed-demo, ensure-demo, audit-verify (backups: test_backups.py)."""

from __future__ import annotations

from sqlalchemy import func, select

from ptplan.auth.models import User
from ptplan.extensions import db
from ptplan.patients.models import Patient


def test_create_user(runner):
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "New@Example.test",
            "--name",
            "New Person",
            "--role",
            "manager",
            "--clinic",
            "Northside PT",
            "--password",
            "a long enough passphrase",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "new@example.test"))
    assert user.role == "manager" and user.clinic.name == "Northside PT"


def test_create_user_refuses_weak_password_and_duplicates(runner, therapist):
    weak = runner.invoke(
        args=[
            "create-user",
            "--email",
            "x@example.test",
            "--name",
            "X",
            "--role",
            "therapist",
            "--clinic",
            "C",
            "--password",
            "Password1!",
        ]
    )
    assert weak.exit_code != 0 and "15 characters" in weak.output
    dup = runner.invoke(
        args=[
            "create-user",
            "--email",
            therapist.email,
            "--name",
            "X",
            "--role",
            "therapist",
            "--clinic",
            "C",
            "--password",
            "a long enough passphrase",
        ]
    )
    assert dup.exit_code != 0 and "already exists" in dup.output


def _counts():
    return (db.session.scalar(select(func.count(User.id))), db.session.scalar(select(func.count(Patient.id))))


def test_seed_demo_is_idempotent(runner):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "therapist@demo.ptplan.test" in first.output and "manager@demo.ptplan.test" in first.output
    counts = _counts()
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    assert _counts() == counts
    assert db.session.scalar(select(Patient).where(Patient.mrn == "DEMO-0001")) is not None


def test_seed_demo_custom_password_works_for_login(runner, client):
    assert runner.invoke(args=["seed-demo", "--password", "my own demo passphrase"]).exit_code == 0
    from tests.conftest import csrf_token

    response = client.post(
        "/login",
        data={
            "email": "therapist@demo.ptplan.test",
            "password": "my own demo passphrase",
            "csrf_token": csrf_token(client),
        },
    )
    assert response.status_code == 302


def test_ensure_demo_loads_only_into_an_empty_database(runner, therapist):
    result = runner.invoke(args=["ensure-demo"])
    assert "already has users" in result.output
    assert db.session.scalar(select(func.count(Patient.id))) == 0
