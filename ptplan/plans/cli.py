"""Library commands: ``library-report`` (JSON summary), ``library-sheet`` (contact-sheet PDF)
and ``update-library`` (bring every clinic's library up to the catalogue)."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from ptplan.clinics.models import Clinic
from ptplan.extensions import db
from ptplan.plans.templates import seed_clinic


@click.command("library-report")
def library_report_command():
    """Print a JSON summary of the built-in library, counted from the catalogue."""
    from ptplan.catalogue.report import library_report  # CLI-only: not imported at start

    click.echo(json.dumps(library_report(), indent=2, ensure_ascii=False))


@click.command("library-sheet")
@click.option(
    "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="PDF file to write."
)
def library_sheet(output: Path):
    """Write a contact sheet of every built-in exercise illustration to a PDF file."""
    # Document-only (reportlab graphics) and the catalogue: imported where used, not at start.
    from ptplan.catalogue import EXERCISES
    from ptplan.catalogue.regions import BODY_REGIONS
    from ptplan.pdf.library_sheet import SheetEntry, render_library_sheet

    entries = [
        SheetEntry(e.name, e.slug, ", ".join(BODY_REGIONS[r] for r in e.regions), e.pose) for e in EXERCISES
    ]
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(render_library_sheet(entries))
    click.echo(f"{len(entries)} illustrations written to {output}.")


@click.command("update-library")
@with_appcontext
def update_library():
    """Add the catalogue's new exercises, muscles, techniques and templates to every clinic."""
    for clinic in db.session.scalars(select(Clinic).order_by(Clinic.id)):
        added = seed_clinic(clinic)
        click.echo(f"{clinic.name}: " + ", ".join(f"{count} {kind}" for kind, count in added.items()))
    db.session.commit()


COMMANDS = (library_report_command, library_sheet, update_library)
