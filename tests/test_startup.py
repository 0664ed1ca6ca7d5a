"""Start-up cost: every CLI command and every worker pays for ``import wsgi``.

Migration tooling (Flask-Migrate, alembic, mako) and document-only modules (reportlab's SVG and
QR code renderers, used by two-step sign-in enrolment) are imported where they are used. The
time is guarded as a generous ratio to a bare interpreter start in the same run, not as an
absolute figure, since this machine is shared.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

from ptplan.cli import LAZY_COMMANDS

ROOT = Path(__file__).resolve().parent.parent
# CPU seconds, measured on a busy 2-core machine: python -c pass ~0.010, import wsgi ~0.6-0.9
# (60-90x); before the lazy imports it was ~1.5 (150x+).
RATIO_LIMIT = 130
LAZY = (
    "alembic",
    "flask_migrate",
    "mako",
    "reportlab.graphics.renderSVG",
    "reportlab.graphics.barcode.qr",
    # Command modules load when a command is looked up (ptplan.cli.LazyCommandGroup), with what
    # only they use: tqdm, the FHIR bulk writer, the backup code.
    *LAZY_COMMANDS,
    "tqdm",
    "ptplan.fhir.bulk",
    "ptplan.backups.services",
    "email_validator",  # the admin's user form imports it when it checks an address
)


def _env(tmp_path) -> dict[str, str]:
    """A deployed server keeps its bytecode: without it every start recompiles ~170 modules, so
    the first run writes .pyc files and the least of the runs is the start a worker pays."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'startup.db'}", "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _cpu_seconds(code: str, env: dict[str, str], runs: int = 3) -> float:
    """The least CPU time (user + system) of a few runs: unlike wall time, it does not grow
    when other processes share the cores."""
    best = float("inf")
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best = min(best, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return best


def test_import_wsgi_leaves_migration_and_document_modules_unloaded(tmp_path):
    code = f"import json, sys, wsgi; print(json.dumps([m for m in {LAZY!r} if m in sys.modules]))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=_env(tmp_path), check=True, capture_output=True, text=True
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_import_wsgi_turns_the_garbage_collector_back_on_with_start_up_frozen(tmp_path):
    """wsgi.py pauses the collector while the app is built: a worker must not be left without it."""
    code = "import gc, json, wsgi; print(json.dumps([gc.isenabled(), gc.get_freeze_count()]))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=_env(tmp_path), check=True, capture_output=True, text=True
    )
    enabled, frozen = json.loads(out.stdout.strip().splitlines()[-1])
    assert enabled is True
    assert frozen > 50_000  # the modules, mappers and URL rules built at start-up


def test_import_wsgi_is_a_bounded_multiple_of_a_bare_interpreter(tmp_path):
    env = _env(tmp_path)
    bare = _cpu_seconds("pass", env)
    app = _cpu_seconds("import wsgi", env)
    assert app <= RATIO_LIMIT * bare, f"import wsgi {app:.2f} s CPU vs python -c pass {bare:.3f} s"


def test_flask_db_commands_still_work_through_the_lazy_group(tmp_path):
    env = _env(tmp_path)
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    upgrade = subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert upgrade.returncode == 0, upgrade.stderr
    current = subprocess.run([*flask, "db", "current"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert current.returncode == 0 and "(head)" in current.stdout, current.stderr
    listing = subprocess.run([*flask, "--help"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert " db " in listing.stdout and "generate-data" in listing.stdout
