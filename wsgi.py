"""Entry point: ``flask --app wsgi ...`` and ``gunicorn wsgi:app``."""

from ptplan import create_app

app = create_app()
