"""Caseload dashboard, drill-down lists, CSV exports and charts.

Managers (caseload.all) see the whole clinic and may pick any therapist; a therapist
(caseload.own) sees the same pages limited to their own caseload, and a forged
``therapist_id`` of someone else answers 403, audited.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from ptplan.amendments import services as amendment_services
from ptplan.audit import services as audit
from ptplan.auth.access import clinic_object_or_404, deny, requires
from ptplan.auth.models import User
from ptplan.caseload import charts, display, lists, paging, services
from ptplan.caseload.metrics import UNASSIGNED, Scope
from ptplan.caseload.periods import Period, parse_period
from ptplan.csvexport import csv_response
from ptplan.db import utcnow

bp = Blueprint("caseload", __name__, url_prefix="/caseload")


def _period() -> Period:
    return parse_period(request.args.get("start"), request.args.get("end"), current_user.clinic.today())


def _therapist_scope(force_own: bool = False) -> int | None:
    """Load, then authorise: which therapist's figures this user may see."""
    requested = (request.args.get("therapist_id") or "").strip()
    if force_own:
        return current_user.id
    if not current_user.can("caseload.all"):
        if requested and requested != str(current_user.id):
            deny(403, "caseload", "caseload of another therapist requested")
        return current_user.id
    if not requested:
        return None
    if requested == str(UNASSIGNED):
        return UNASSIGNED
    therapist = clinic_object_or_404(User, requested, category="caseload")
    return therapist.id


def _scope(force_own: bool = False) -> tuple[Scope, Period]:
    period = _period()
    clinic = current_user.clinic
    scope = Scope(
        clinic_id=current_user.clinic_id,
        start=period.start,
        end=period.end,
        today=clinic.today(),
        now=utcnow(),
        therapist_id=_therapist_scope(force_own),
    )
    return scope, period


def _range_args(period: Period, scope: Scope) -> dict:
    args = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    if scope.therapist_id is not None and current_user.can("caseload.all"):
        args["therapist_id"] = scope.therapist_id
    return args


@bp.get("/")
@requires("caseload.own")
def dashboard():
    return _dashboard(force_own=False)


@bp.get("/mine")
@requires("caseload.own")
def mine():
    return _dashboard(force_own=True)


def _dashboard(force_own: bool):
    scope, period = _scope(force_own)
    board = services.dashboard(scope)
    audit.record("query", "caseload", detail=f"caseload dashboard {period.label}")
    range_args = _range_args(period, scope)
    is_manager = current_user.can("caseload.all")
    return render_template(
        "caseload/dashboard.html",
        board=board,
        view=display.dashboard_view(board, range_args, is_manager=is_manager),
        cell_html=display.cell_html,
        period=period,
        metrics=services.METRICS,
        range_args=range_args,
        is_manager=is_manager,
        own_view=scope.therapist_id is not None,
        amendments=amendment_services.open_counts(current_user.clinic_id, current_user.clinic.today())
        if is_manager
        else None,
    )


@bp.get("/export.csv")
@requires("caseload.own")
def dashboard_csv():
    scope, period = _scope()
    board = services.dashboard(scope)
    audit.record("export", "caseload", detail=f"caseload dashboard csv {period.label}")
    header = ["Therapist"] + [m.label for m in services.METRICS]
    rows = (
        [row.name] + [services.format_value(m, row.value(m.key)) for m in services.METRICS]
        for row in [*board.rows, board.total]
    )
    return csv_response(f"caseload-{period.start}-{period.end}.csv", header, rows)


def _spec(metric: str) -> lists.ListSpec:
    spec = lists.LISTS.get(metric)
    if spec is None:
        abort(404)
    return spec


def _page_number() -> int:
    try:
        return max(1, int(request.args.get("page", "1")))
    except ValueError:
        return 1


@bp.get("/list/<metric>")
@requires("caseload.own")
def list_view(metric: str):
    spec = _spec(metric)
    scope, period = _scope()
    sort = lists.parse_sort(spec, request.args.get("sort"))
    term = request.args.get("q", "")[:100]
    page = lists.statements(spec, scope, sort, term).run(_page_number(), params=lists.clock(scope))
    audit.record("query", "caseload", detail=f"caseload list {metric}, {page.total} rows")
    return render_template(
        "caseload/list.html",
        spec=spec,
        page=page,
        sort=sort,
        term=term,
        period=period,
        range_args=_range_args(period, scope),
        rows_html=display.list_rows_html(spec, page.items, current_user.clinic.zone),
    )


@bp.get("/list/<metric>.csv")
@requires("caseload.own")
def list_csv(metric: str):
    spec = _spec(metric)
    scope, period = _scope()
    sort = lists.parse_sort(spec, request.args.get("sort"))
    statement = lists.ordered(spec, lists.filtered(spec, scope, request.args.get("q", "")[:100]), sort)
    audit.record("export", "caseload", detail=f"caseload list {metric} csv {period.label}")
    zone = current_user.clinic.zone
    rows = ([lists.display(c, row, zone) for c in spec.columns] for row in paging.stream_rows(statement))
    return csv_response(f"{metric}-{period.start}-{period.end}.csv", [c.label for c in spec.columns], rows)


@bp.get("/charts")
@requires("caseload.own")
def charts_view():
    scope, period = _scope()
    weekly = charts.weekly_visits(scope)
    histograms = charts.outcome_histograms(scope)
    audit.record("query", "caseload", detail=f"caseload charts {period.label}")
    return render_template(
        "caseload/charts.html",
        weekly=weekly,
        weekly_svg=charts.weekly_svg(weekly),
        histograms=histograms,
        histogram_svgs={code: charts.histogram_svg(h) for code, h in histograms.items()},
        sparkline=charts.sparkline_svg,
        period=period,
        range_args=_range_args(period, scope),
    )
