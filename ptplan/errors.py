"""Error pages that leak nothing: no traceback, SQL or path; a correlation id instead (ERR-01)."""

from __future__ import annotations

import secrets

from flask import Flask, render_template, request
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from ptplan.exceptions import ConflictError, DomainError
from ptplan.extensions import db

MESSAGES = {
    400: ("Bad request", "The request could not be understood. Go back, reload the page and try again."),
    403: ("Not allowed", "Your role does not allow this. Ask your clinic manager if you need access."),
    404: ("Not found", "There is nothing here. Check the address, or go back to the patient list."),
    405: ("Not allowed", "That action is not available on this page."),
    409: ("Changed elsewhere", "This record changed or is locked. Reload it and try again."),
    413: ("File too large", "The file is larger than 10 MB."),
    500: (
        "Something went wrong",
        "Nothing was saved. Try again; if it keeps happening, give your administrator the reference below.",
    ),
    503: (
        "Temporarily unavailable",
        "The database is not answering. Nothing was saved. Try again in a minute.",
    ),
}


def render_error(status: int, message: str | None = None):
    title, default = MESSAGES.get(status, MESSAGES[500])
    reference = secrets.token_hex(4)
    return (
        render_template(
            "errors/error.html", status=status, title=title, message=message or default, reference=reference
        ),
        status,
    )


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def handle_http(error: HTTPException):
        if error.code in (400, 413) and request.path.startswith("/static"):
            return error
        return render_error(error.code or 500, getattr(error, "ptplan_message", None))

    @app.errorhandler(ConflictError)
    def handle_conflict(error: ConflictError):
        db.session.rollback()
        return render_error(409, str(error))

    @app.errorhandler(DomainError)
    def handle_domain(error: DomainError):
        db.session.rollback()
        return render_error(error.status_code, str(error))

    @app.errorhandler(OperationalError)
    def handle_database_down(error: OperationalError):
        db.session.rollback()
        app.logger.error("database error: %s", type(error.orig).__name__ if error.orig else "unknown")
        return render_error(503)

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):
        db.session.rollback()
        reference = secrets.token_hex(4)
        app.logger.exception("unhandled error, reference %s", reference)
        title, message = MESSAGES[500]
        return render_template(
            "errors/error.html", status=500, title=title, message=message, reference=reference
        ), 500
