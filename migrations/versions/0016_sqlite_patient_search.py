"""SQLite: a trigram full-text index for patient search (PostgreSQL has its pg_trgm GIN index).

An FTS5 table with the trigram tokenizer over ``patient.search_text`` (external content: the
index only), filled from the existing rows and kept by three triggers. It serves the search's
``LIKE '%word%'`` for words of 3 characters or more, and so the count of matches, which before
scanned every patient of the database (issue #12: search <= 5x the trivial page at 20,000
patients on SQLite). Nothing changes on PostgreSQL.

Revision ID: 0016_sqlite_patient_search
Revises: 0015_goal_intervention_index
Create Date: 2026-12-02

"""

from alembic import op

# As in ptplan/patients/models.py at this revision (a migration never imports the models).
SQLITE_SEARCH_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS patient_search USING fts5("
    "search_text, content='patient', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS patient_search_insert AFTER INSERT ON patient BEGIN "
    "INSERT INTO patient_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS patient_search_delete AFTER DELETE ON patient BEGIN "
    "INSERT INTO patient_search(patient_search, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS patient_search_update AFTER UPDATE OF search_text ON patient BEGIN "
    "INSERT INTO patient_search(patient_search, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO patient_search(rowid, search_text) VALUES (new.id, new.search_text); END",
)

revision = "0016_sqlite_patient_search"
down_revision = "0015_goal_intervention_index"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in SQLITE_SEARCH_DDL:
        op.execute(statement)
    op.execute("INSERT INTO patient_search(patient_search) VALUES ('rebuild')")


def downgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    for trigger in ("patient_search_update", "patient_search_delete", "patient_search_insert"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS patient_search")
