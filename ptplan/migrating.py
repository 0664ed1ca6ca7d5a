"""Flask-Migrate, bound to the app only when a migration runs.

Alembic (with mako and pygments) is the largest import in the project. Every process used to pay
for it at start-up: each CLI command, each gunicorn worker. The app now registers a stand-in for
``app.extensions["migrate"]`` and a ``db`` command group; the first use of either imports
Flask-Migrate, binds it, and hands over. ``flask db upgrade``, ``flask_migrate.upgrade()`` and
``migrations/env.py`` see the real objects.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask

from ptplan.db import include_in_migrations, render_migration_item
from ptplan.extensions import db

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def bind(app: Flask):
    """Import Flask-Migrate and bind it to ``app`` (once); returns its ``_MigrateConfig``."""
    current = app.extensions.get("migrate")
    if current is not None and not isinstance(current, _LazyMigrateConfig):
        return current
    from flask_migrate import Migrate

    Migrate(
        compare_type=True,
        render_as_batch=True,
        render_item=render_migration_item,
        include_name=include_in_migrations,
    ).init_app(app, db, directory=str(MIGRATIONS_DIR))
    return app.extensions["migrate"]


class _LazyMigrateConfig:
    """Stands in for Flask-Migrate's config in ``app.extensions`` until something reads it."""

    def __init__(self, app: Flask) -> None:
        self._app = app

    def __getattr__(self, name: str):
        return getattr(bind(self._app), name)


class _LazyDbGroup(click.Group):
    """``flask db ...``: Flask-Migrate's own command group, loaded when the command runs."""

    def __init__(self, app: Flask) -> None:
        super().__init__(name="db", help="Perform database migrations (Flask-Migrate).")
        self._app = app

    def _real_group(self) -> click.Group:
        bind(self._app)
        from flask_migrate.cli import db as group

        return group

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        # The real group parses its own options (--directory, -x) and runs its own callback.
        return self._real_group().make_context(info_name, args, parent=parent, **extra)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return self._real_group().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._real_group().get_command(ctx, cmd_name)


def register_migrations(app: Flask) -> None:
    app.extensions["migrate"] = _LazyMigrateConfig(app)
    app.cli.add_command(_LazyDbGroup(app))
