"""Blueprint registration, the one-commit-per-request rule and template helpers."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask, g
from flask_login import current_user

from ptplan import measures
from ptplan.exceptions import ConflictError
from ptplan.extensions import db
from ptplan.forms import marked_fields


def register_blueprints(app: Flask) -> None:
    # Blueprints are imported here, inside the factory (flaskr habit): no import cycles.
    from ptplan.admin.audit_report import bp as audit_bp
    from ptplan.admin.views import bp as admin_bp
    from ptplan.amendments.views import bp as amendments_bp
    from ptplan.auth.views import bp as auth_bp
    from ptplan.caseload.views import bp as caseload_bp
    from ptplan.documents.views import bp as documents_bp
    from ptplan.dry_needling.views import bp as dry_needling_bp
    from ptplan.evaluations.views import bp as evaluations_bp
    from ptplan.fhir.account import bp as fhir_tokens_bp
    from ptplan.fhir.views import bp as fhir_bp
    from ptplan.health import bp as health_bp
    from ptplan.home.views import bp as home_bp
    from ptplan.interop.views import bp as interop_bp
    from ptplan.library.views import bp as library_bp
    from ptplan.patients.views import bp as patients_bp
    from ptplan.plans.routes import bp as plans_bp
    from ptplan.recovery.views import bp as recovery_bp
    from ptplan.sessions.views import bp as sessions_bp
    from ptplan.translations.views import bp as translations_bp

    for blueprint in (
        auth_bp, health_bp, home_bp, patients_bp, evaluations_bp, library_bp, plans_bp, dry_needling_bp, sessions_bp,
        documents_bp, caseload_bp, admin_bp, audit_bp, recovery_bp, amendments_bp,
        fhir_bp, fhir_tokens_bp, interop_bp,
        translations_bp,
    ):  # fmt: skip
        app.register_blueprint(blueprint)
    # Browsers ask for /favicon.ico on every page: serve the static icon there (public, like
    # every static file) instead of a 404 in the log for each page view.
    app.add_url_rule("/favicon.ico", endpoint="static", defaults={"filename": "favicon.ico"})


def register_request_commit(app: Flask) -> None:
    """One commit per request, in one place: the factory calls this after the blueprints."""

    @app.after_request
    def commit_once(response):
        """One commit per request, in one place; anything that failed rolls back (REL-04).

        The audit rows collected during the request are sealed here, in the commit. A
        concurrent write caught only now (a stale version) answers 409, never 500.
        """
        if response.status_code >= 400:
            db.session.rollback()
            return response
        try:
            db.session.commit()
        except ConflictError as problem:
            db.session.rollback()
            from ptplan.errors import render_error

            return app.make_response(render_error(409, str(problem)))
        return response


def register_chart_providers(app: Flask) -> None:
    """Wire up the patient chart: each clinical package's ``chart`` module registers its
    sections, badges and actions with ``ptplan.charting`` when imported here, so the chart hub
    (``ptplan.patients.chart``) imports none of them. Their running order is the ``order``
    each one registers with."""
    import ptplan.amendments.chart
    import ptplan.documents.chart
    import ptplan.evaluations.chart
    import ptplan.interop.chart
    import ptplan.plans.chart
    import ptplan.sessions.chart  # noqa: F401


def register_template_helpers(app: Flask) -> None:
    @app.template_filter("local")
    def local_datetime(moment: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
        """A UTC datetime shown in the clinic's time zone."""
        if moment is None:
            return ""
        zone = getattr(g, "clinic_zone", None)
        if zone is None and current_user.is_authenticated:
            zone = g.clinic_zone = current_user.clinic.zone
        return moment.astimezone(zone).strftime(fmt) if zone else moment.strftime(fmt)

    @app.template_filter("isodate")
    def iso_date(value: date | None) -> str:
        return value.isoformat() if value else ""

    app.add_template_global(marked_fields)
    app.add_template_global(measures.display, "measure_display")  # a score as its measure writes it

    @app.context_processor
    def navigation():
        return {"nav_items": _nav_items(app)}


NAV = (
    # (endpoint, label, permission); "caseload.own" entries are for those without "caseload.all"
    ("home.index", "My day", "caseload.own"),
    ("patients.index", "Patients", "patient.read"),
    ("caseload.dashboard", "Caseload", "caseload.all"),
    ("caseload.mine", "My caseload", "caseload.own"),
    ("library.index", "Libraries", "library.read"),
    ("interop.import_patients", "Import patients", "caseload.all"),
    ("translations.index", "Translations", "translations.review"),
    ("audit.report", "Audit report", "audit.read"),
    ("admin.users", "Users", "users.manage"),
    ("recovery.staff", "Staff sign-in", "users.recover"),
    ("admin.clinic_settings", "Clinic settings", "clinic.settings"),
)


def _nav_items(app: Flask) -> list[tuple[str, str]]:
    if not current_user.is_authenticated:
        return []
    manager = current_user.can("caseload.all")
    return [
        (endpoint, label)
        for endpoint, label, permission in NAV
        if endpoint in app.view_functions
        and current_user.can(permission)
        and not (manager and permission == "caseload.own")
    ]
