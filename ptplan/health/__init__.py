"""/healthz: 200 when the database answers, 503 when it does not (REL-06)."""

from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import text

from ptplan.extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any failure means "not healthy", never a traceback
        db.session.rollback()
        return jsonify(status="unavailable", database="down"), 503
    return jsonify(status="ok", database="ok")
