"""``backup``, ``restore`` and ``backup-key`` commands: thin wrappers over ptplan.backups.services."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("backup")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup(path: Path):
    """Online, encrypted backup while the app runs (SQLite backup API or pg_dump -Fc; REL-01)."""
    from ptplan.backups import crypto, services  # libsodium and the backup code: only when run

    try:
        key = services.configured_key(current_app.config)
        with click.progressbar(length=100, label="Backing up", file=sys.stderr) as bar:
            result = services.backup(
                services.current_url(), path, key, progress=lambda done: bar.update(done - bar.pos)
            )
    except services.BackupError as problem:
        raise click.ClickException(str(problem)) from None
    rows = sum(result.manifest["row_counts"].values())
    click.echo(
        f"Encrypted backup written to {result.path}: {len(result.manifest['row_counts'])} tables, {rows} rows, "
        f"key id {crypto.key_id(key)}."
    )


@click.command("restore")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--into", "target_url", required=True, help="URL of a new, empty database to restore into.")
def restore(path: Path, target_url: str):
    """Restore an encrypted backup into an EMPTY database, then check row counts and the audit chain."""
    from ptplan.backups import services  # libsodium and the backup code: only when run

    try:
        key = services.configured_key(current_app.config)
        report = services.restore(path, target_url, key, make_app=services.app_factory_like(current_app))
    except services.BackupError as problem:
        raise click.ClickException(str(problem)) from None
    manifest = report.manifest
    click.echo(f"Backup made {manifest.get('created_at', '?')} ({manifest.get('format')}).")
    total = sum(report.restored_counts.values())
    click.echo(f"Tables restored: {len(report.restored_counts)}; rows: {total}.")
    if report.mismatches:
        for name, (expected, found) in report.mismatches.items():
            click.echo(f"  ROW COUNT MISMATCH in {name}: backup had {expected}, restored {found}", err=True)
    else:
        click.echo("Row counts: every table matches the backup's manifest.")
    if report.audit_problem:
        click.echo(f"Audit chain BROKEN: {report.audit_problem}.", err=True)
    else:
        click.echo(f"Audit chain intact: {report.audit_rows} rows verified.")
    if not report.ok:
        click.echo("Restore finished with problems: do not use this copy without investigating.", err=True)
        sys.exit(1)
    click.echo("Restore verified.")


@click.command("backup-key")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup_key(path: Path):
    """Write a new random backup key (base64) to PATH, readable by its owner only."""
    from ptplan.backups import crypto  # libsodium and the backup code: only when run

    if path.exists():
        raise click.ClickException(f"{path} exists; a key is never overwritten (old backups need it).")
    path.parent.mkdir(parents=True, exist_ok=True)
    key = crypto.new_key()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(crypto.encode_key(key) + "\n")
    click.echo(
        f"Backup key written to {path} (key id {crypto.key_id(key)}). Keep a copy offline, apart from the backups."
    )


COMMANDS = (backup, restore, backup_key)
