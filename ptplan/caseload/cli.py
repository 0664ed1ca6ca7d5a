"""``flask --app wsgi rebuild-caseload-summary``: recompute the caseload read model by hand.

(``generate-data``, scale data for demos and benchmarks, lives in ``ptplan/demo/cli.py``.)
"""

from __future__ import annotations

import time

import click

from ptplan.extensions import db


@click.command("rebuild-caseload-summary")
@click.option("--clinic-id", type=int, default=None, help="Only this clinic (default: every clinic).")
def rebuild_caseload_summary(clinic_id):
    """Recompute the caseload read model from the clinical tables (after a bulk import or a repair)."""
    from ptplan.caseload.summary import rebuild

    started = time.perf_counter()
    counts = rebuild(clinic_id)
    db.session.commit()
    click.echo(
        f"Caseload summary rebuilt: {counts['plans']} active plans, {counts['patients']} patients with "
        f"outcome changes, in {time.perf_counter() - started:.1f} s."
    )


COMMANDS = [rebuild_caseload_summary]
