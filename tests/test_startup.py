"""Start-up cost: every CLI command and every worker pays for ``import wsgi``.

Migration tooling (Flask-Migrate, alembic, mako), document-only modules (reportlab's SVG and
QR code renderers, used by two-step sign-in enrolment) and the command modules are imported
where they are used, and wsgi.py builds the app with the garbage collector paused. The time is
guarded as a generous ratio to a bare interpreter start in the same run, not as an absolute
figure, since this machine is shared.
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
# CPU seconds on this 2-core machine, least of 5 interleaved runs: python -c pass ~0.012;
# import wsgi ~0.55-0.75 (45-64x) while other sessions run their tests, ~1.2-1.4 (95-105x) with a
# cache-thrashing neighbour saturating both cores. Before the collector pause and the lazy command
# modules: ~1.05-1.2 (90-100x) at ordinary load, ~2x that saturated. Start-up growing back to
# twice today's fails at ordinary load; a busy machine alone does not. The collector pause and
# the lazy imports have their own exact tests below.
RATIO_LIMIT = 120
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
    "ptplan.fhir.record",  # the FHIR record mapping: the API and the patient's copy import it
    "ptplan.interop.copy",
    "babel.messages.pofile",  # Babel's catalogue tools: read when a catalogue is first needed
)


def _env(tmp_path) -> dict[str, str]:
    """A deployed server keeps its bytecode: without it every start recompiles ~170 modules, so
    the first run writes .pyc files and the least of the runs is the start a worker pays."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'startup.db'}", "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _least_cpu_seconds(codes: tuple[str, ...], env: dict[str, str], runs: int = 5) -> list[float]:
    """The least CPU time (user + system) of each snippet over a few runs, taken in turns so that
    a burst of load falls on both: unlike wall time, CPU time barely grows when other processes
    share the cores."""
    best = [float("inf")] * len(codes)
    for _ in range(runs):
        for index, code in enumerate(codes):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            spent = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            best[index] = min(best[index], spent)
    return best


def test_import_wsgi_leaves_migration_and_document_modules_unloaded(tmp_path):
    code = f"import json, sys, wsgi; print(json.dumps([m for m in {LAZY!r} if m in sys.modules]))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=_env(tmp_path), check=True, capture_output=True, text=True
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_import_wsgi_builds_the_app_without_collections_and_turns_the_collector_back_on(tmp_path):
    """wsgi.py pauses the collector while the app is built (no collection walks the objects being
    built), freezes them, and must not leave a worker without a collector."""
    code = (
        "import gc, json; runs = []; gc.callbacks.append(lambda phase, info: runs.append(phase)); "
        "import wsgi; print(json.dumps([len(runs), gc.isenabled(), gc.get_freeze_count()]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=_env(tmp_path), check=True, capture_output=True, text=True
    )
    collections, enabled, frozen = json.loads(out.stdout.strip().splitlines()[-1])
    assert collections == 0
    assert enabled is True
    assert frozen > 50_000  # the modules, mappers and URL rules built at start-up


def test_import_wsgi_is_a_bounded_multiple_of_a_bare_interpreter(tmp_path):
    env = _env(tmp_path)
    subprocess.run([sys.executable, "-c", "import wsgi"], cwd=ROOT, env=env, check=True)  # writes bytecode
    bare, app = _least_cpu_seconds(("pass", "import wsgi"), env)
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
