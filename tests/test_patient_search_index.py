"""SQLite's trigram index for patient search: used for every word it can serve, kept in step with
the patient table by its triggers, and filled by its migration from the rows already there.

(PostgreSQL's trigram GIN index is checked by the search tests in test_patients.py, which run on
both databases.)
"""

from __future__ import annotations

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

import config
from ptplan import create_app
from ptplan.extensions import db
from ptplan.patients import services
from ptplan.patients.models import Patient

sqlite_only = pytest.mark.skipif(
    not config.TestingConfig.SQLALCHEMY_DATABASE_URI.startswith("sqlite"),
    reason="the FTS5 index is SQLite's; PostgreSQL has its GIN index",
)


def _integrity_ok() -> None:
    """FTS5's own check that the index holds exactly the patient table's search_text."""
    db.session.execute(text("INSERT INTO patient_search(patient_search, rank) VALUES ('integrity-check', 1)"))


@sqlite_only
def test_words_of_three_plain_characters_go_through_the_index(app, make_user, make_patient):
    therapist = make_user("therapist")
    make_patient(therapist=therapist, first_name="Anabel", last_name="Chenoweth", mrn="RX_77")
    statement = services.search_statement(therapist.clinic_id, "ana chen")
    sql = str(statement.compile(db.engine))
    assert "patient_search" in sql and sql.count("patient_search.search_text LIKE") == 2
    assert len(db.session.scalars(statement).all()) == 1
    # short words and words with a LIKE wildcard in them are matched on the column, escaped
    mixed = str(services.search_statement(therapist.clinic_id, "an rx_7").compile(db.engine))
    assert "patient_search" not in mixed and "ESCAPE" in mixed
    assert len(db.session.scalars(services.search_statement(therapist.clinic_id, "an rx_7")).all()) == 1
    count = str(services.count_statement(statement).compile(db.engine))
    assert "first_name" not in count  # ids only: the index answers the count


@sqlite_only
def test_the_index_follows_every_write(app, make_user, make_patient):
    therapist = make_user("therapist")
    patients = [
        make_patient(therapist=therapist, first_name=f"Name{n}", last_name="Okafor") for n in range(3)
    ]
    patients[0].last_name = "Lindqvist"
    db.session.commit()
    _integrity_ok()

    def found(term: str) -> int:
        return len(db.session.scalars(services.search_statement(therapist.clinic_id, term)).all())

    assert found("okafor") == 2 and found("lindq") == 1
    db.session.execute(text("DELETE FROM patient WHERE id = :id"), {"id": patients[1].id})
    db.session.commit()
    _integrity_ok()
    assert found("okafor") == 1
    assert db.session.get(Patient, patients[2].id) is not None


@sqlite_only
def test_the_migration_indexes_the_patients_already_there(tmp_path):
    path = tmp_path / "old.db"
    app = create_app(config.TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    with app.app_context():
        upgrade(revision="0015_goal_intervention_index")
        db.session.execute(
            text(
                "INSERT INTO clinic (name, address, phone, timezone, default_payer_rule, page_size, created_at, chart_version) VALUES ('C', '', '', 'UTC', 'cms', 'A4', '2026-01-01', 0)"
            )
        )  # noqa: E501
        db.session.execute(
            text(
                "INSERT INTO patient (clinic_id, mrn, mrn_key, first_name, last_name, date_of_birth, sex, phone, email,"
                " address, preferred_language, referring_physician_name, referring_physician_npi, payer_name,"
                " payer_rule, precaution_notes, status, created_at, updated_at, version, search_text, chart_version)"
                " VALUES (1, 'M-1', 'm-1', 'Anabel', 'Chenoweth', '1980-01-01', 'female', '', '', '', 'en', '', '',"
                " '', 'cms', '', 'active', '2026-01-01', '2026-01-01', 1, 'anabel chenoweth m-1', 0)"
            )
        )
        db.session.commit()
        upgrade()
        assert len(db.session.scalars(services.search_statement(1, "chenow")).all()) == 1
        _integrity_ok()
        db.session.remove()
        db.engine.dispose()
