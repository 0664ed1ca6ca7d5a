"""``flask --app wsgi generate-data``: a realistic clinic at any scale, for demos and benchmarks."""

from __future__ import annotations

import sys
import time

import click
from tqdm import tqdm

from ptplan.extensions import db


@click.command("generate-data")
@click.option("--therapists", type=click.IntRange(1, 1000), default=4, show_default=True)
@click.option("--patients", type=click.IntRange(1, 5_000_000), default=200, show_default=True)
@click.option("--notes-per-patient", type=click.IntRange(2, 200), default=15, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same data.")
@click.option(
    "--clinic", "clinic_name", default=None, help="Clinic name (created if new; default: a new clinic)."
)
@click.option("--password", default=None, help="Password for the generated users (default: unusable).")
@click.option(
    "--create-schema", is_flag=True, help="Create the tables first (db.create_all(); no migrations)."
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
def generate_data(therapists, patients, notes_per_patient, seed, clinic_name, password, create_schema, quiet):
    """Generate therapists, patients, evaluations, plans, notes and scores with bulk inserts."""
    from ptplan.demo.generator import generate

    if create_schema:
        db.create_all()  # the app factory imported every model (ptplan.models)
    started = time.perf_counter()
    with tqdm(total=patients, unit="patient", file=sys.stderr, disable=quiet, desc="Generating") as bar:
        summary = generate(
            therapists=therapists,
            patients=patients,
            notes_per_patient=notes_per_patient,
            seed=seed,
            clinic_name=clinic_name,
            password=password,
            progress=bar.update,
        )
    elapsed = time.perf_counter() - started
    counts = ", ".join(f"{count} {table}" for table, count in summary.counts.items())
    click.echo(f"Clinic {summary.clinic_name!r} (id {summary.clinic_id}): {counts} in {elapsed:.1f} s.")
    click.echo(f"Manager log-in: {summary.manager_email}" + ("" if password else " (no usable password)"))


COMMANDS = [generate_data]
