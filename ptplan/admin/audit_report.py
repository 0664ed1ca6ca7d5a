"""The audit report for managers and admins: filter, sort every column, export CSV (AUD-07)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import Blueprint, render_template, request
from flask_login import current_user
from sqlalchemy import select

from ptplan.audit import services as audit
from ptplan.audit.models import ACTIONS, AuditEvent
from ptplan.auth.access import requires
from ptplan.auth.models import User
from ptplan.csvexport import csv_response
from ptplan.extensions import db

bp = Blueprint("audit", __name__, url_prefix="/audit")

SORTABLE = {
    "time": AuditEvent.occurred_at,
    "user": AuditEvent.user_id,
    "patient": AuditEvent.patient_id,
    "action": AuditEvent.action,
    "category": AuditEvent.category,
    "entity": AuditEvent.entity_type,
    "outcome": AuditEvent.outcome,
    "ip": AuditEvent.source_ip,
}


def _filters():
    args = request.args
    errors = {}
    zone = current_user.clinic.zone
    today = datetime.now(zone).date()

    def parse(name, default):
        raw = args.get(name, "")
        if not raw:
            return default
        try:
            return datetime.strptime(raw, "%Y-%m-%d").date()
        except ValueError:
            errors[name] = "Enter a date as YYYY-MM-DD."
            return default

    start = parse("start", today - timedelta(days=7))
    end = parse("end", today)
    if start > end:
        errors["end"] = "The end date is before the start date; showing the start date only."
        end = start
    query = select(AuditEvent).where(
        AuditEvent.clinic_id == current_user.clinic_id,
        AuditEvent.occurred_at >= datetime.combine(start, time.min, zone),
        AuditEvent.occurred_at < datetime.combine(end + timedelta(days=1), time.min, zone),
    )
    for name, column in (("user", AuditEvent.user_id), ("patient", AuditEvent.patient_id)):
        raw = args.get(name, "").strip()
        if raw:
            if raw.isdigit():
                query = query.where(column == int(raw))
            else:
                errors[name] = "Enter a number (the id shown in the report)."
    action = args.get("action", "")
    if action in ACTIONS:
        query = query.where(AuditEvent.action == action)
    sort = args.get("sort", "time")
    column = SORTABLE.get(sort, SORTABLE["time"])
    descending = args.get("dir", "desc") != "asc"
    query = query.order_by(column.desc() if descending else column.asc(), AuditEvent.id.desc())
    state = {
        "start": start,
        "end": end,
        "user": args.get("user", ""),
        "patient": args.get("patient", ""),
        "action": action,
        "sort": sort if sort in SORTABLE else "time",
        "dir": "desc" if descending else "asc",
    }
    return query, state, errors


@bp.get("/")
@requires("audit.read")
def report():
    query, state, errors = _filters()
    try:
        page_number = max(1, int(request.args.get("page", 1)))
    except ValueError:
        page_number = 1
    page = db.paginate(query, page=page_number, per_page=50, error_out=False)
    users = {
        u.id: u for u in db.session.scalars(select(User).where(User.clinic_id == current_user.clinic_id))
    }
    audit.record("query", "audit", detail="audit report")
    return render_template(
        "audit/report.html",
        page=page,
        state=state,
        errors=errors,
        users=users,
        actions=ACTIONS,
        sortable=SORTABLE,
    )


@bp.get("/export.csv")
@requires("audit.read")
def export():
    query, state, _ = _filters()
    audit.record("export", "audit", detail="audit report csv")
    names = dict(
        db.session.execute(select(User.id, User.email).where(User.clinic_id == current_user.clinic_id)).all()
    )
    zone = current_user.clinic.zone

    def rows():
        for event in db.session.execute(query.execution_options(yield_per=1000)).scalars():
            yield [
                event.id,
                event.occurred_at.isoformat(),
                event.occurred_at.astimezone(zone).isoformat(),
                event.user_id or "",
                names.get(event.user_id, ""),
                event.patient_id or "",
                event.action,
                event.category,
                event.entity_type,
                event.entity_id or "",
                event.outcome,
                event.source_ip,
                event.detail,
            ]

    header = [
        "id",
        "time_utc",
        "time_local",
        "user_id",
        "user_email",
        "patient_id",
        "action",
        "category",
        "entity_type",
        "entity_id",
        "outcome",
        "source_ip",
        "detail",
    ]
    return csv_response(f"audit-{state['start']}-{state['end']}.csv", header, rows())
