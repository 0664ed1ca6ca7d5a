"""Each role lands where its work is (JOURNEYS.md)."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_login import current_user

from ptplan.audit import services as audit
from ptplan.auth.access import authenticated_only, requires
from ptplan.home import services

bp = Blueprint("home", __name__)


@bp.get("/")
@authenticated_only
def root():
    if current_user.can("caseload.all") and "caseload.dashboard" in current_app.view_functions:
        return redirect(url_for("caseload.dashboard"))
    if current_user.can("caseload.own"):
        return redirect(url_for("home.index"))
    if current_user.can("users.manage"):
        return redirect(url_for("admin.users"))
    return redirect(url_for("audit.report"))


@bp.get("/my-day")
@requires("caseload.own")
def index():
    if not current_user.is_therapist and "caseload.dashboard" in current_app.view_functions:
        return redirect(url_for("caseload.dashboard"))
    day = services.my_day(current_user)
    audit.record("query", "caseload", detail="my day")
    return render_template("home/my_day.html", day=day)
