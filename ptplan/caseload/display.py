"""The dashboard's and the drill-down lists' tables: each cell's text and link, worked out in Python.

A clinic of 40 therapists shows about 800 figures. Working them out in Jinja (a macro and a
``url_for`` per cell) cost more than every SQL statement of the page together, and even a
plain Jinja loop over ready cells cost ~4 microseconds a cell. Here each row's cells become one
piece of markup with a few string operations per cell: the links are built from two
``url_for`` calls per page and escaped once, the numbers are digits, and the labels are fixed.
A drill-down list's 25 rows are built the same way (``list_rows_html``): its cells as
``lists.display`` writes them, escaped, and the chart link from one ``url_for`` per page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from flask import url_for
from markupsafe import Markup, escape

from ptplan.caseload import lists
from ptplan.caseload.services import DRILL_TARGET, METRICS, CaseloadRow, Dashboard, format_value

_METRIC = "__metric__"
_THERAPIST = "__therapist__"


class Cell(NamedTuple):  # a tuple: ~800 of them per view
    text: str
    href: str | None = None
    red: bool = False  # a non-zero figure someone must act on
    aria_label: str | None = None


@dataclass(frozen=True, slots=True)
class RowView:
    name: str
    href: str | None  # the manager's focus on this therapist
    urgent: bool
    cells: list[Cell]
    # The dashboard's rows come with their cells' markup written in the same pass that computes
    # the figures (``_row_html``): 41 therapists x 18 figures a view at a large practice.
    html: str | None = None

    def cells_html(self, td_class: str = "num") -> Markup:
        """The row's ``<td>`` cells: a link to the list behind each figure, red when someone must act."""
        if self.html is not None:
            return Markup(self.html)  # noqa: S704 - written by _row_html from escaped parts
        return Markup("".join(f'<td class="{td_class}">{_cell_html(c)}</td>' for c in self.cells))  # noqa: S704


def _markup(text: str, href: str | None, red: bool, aria_label: str | None) -> str:
    # href was escaped as a whole (display only builds it from escaped parts), text is a
    # formatted number or a dash, aria_label a number plus a fixed metric label.
    if href is not None:
        if red:
            return f'<a href="{href}" class="text-danger-strong" aria-label="{aria_label}">{text}</a>'
        return f'<a href="{href}">{text}</a>'
    return f'<span class="text-danger-strong">{text}</span>' if red else f"<span>{text}</span>"


def _cell_html(cell: Cell) -> str:
    return _markup(*cell)


def cell_html(cell: Cell) -> Markup:
    return Markup(_cell_html(cell))  # noqa: S704


@dataclass(frozen=True, slots=True)
class DashboardView:
    rows: list[RowView]
    total: RowView


# For each metric: (key, drill-down target or None, act_on, lowercase label), computed once.
_PLAN = tuple(
    (
        m,
        DRILL_TARGET.get(m.key, m.key)
        if m.list_kind
        else ("adverse_events" if m.key == "adverse_rate" else None),
        m.act_on,
        str(escape(m.label.lower())),
    )
    for m in METRICS
)


def _figures(row: CaseloadRow, list_base: str) -> list[tuple[str, str | None, bool, str | None]]:
    """Each figure of ``row`` as (text, link, red, aria label): the fields of a Cell."""
    figures = []
    append = figures.append
    value_of = row.value
    for metric, target, act_on, label in _PLAN:
        value = value_of(metric.key)
        text = format_value(metric, value)
        red = bool(act_on and value)
        if value is None or target is None:
            append((text, None, red, None))
        else:
            append(
                (
                    text,
                    list_base.replace(_METRIC, target),
                    red,
                    f"{text} {label}, needs action" if red else None,
                )
            )
    return figures


def _cells(row: CaseloadRow, list_base: str) -> list[Cell]:
    return [Cell(*figure) for figure in _figures(row, list_base)]


def _row_html(row: CaseloadRow, list_base: str, td_class: str) -> str:
    """``RowView.cells_html`` of ``_cells(row, list_base)``, written as the figures are computed."""
    return "".join([f'<td class="{td_class}">{_markup(*figure)}</td>' for figure in _figures(row, list_base)])


def dashboard_view(board: Dashboard, range_args: dict, *, is_manager: bool) -> DashboardView:
    """Every figure of ``board`` as a Cell: text as ``format_value`` writes it, red when a
    non-zero figure needs action, and the link to the list behind it."""
    row_list = str(
        escape(url_for("caseload.list_view", metric=_METRIC, **dict(range_args, therapist_id=_THERAPIST)))
    )
    focus = url_for(
        "caseload.dashboard", therapist_id=_THERAPIST, start=range_args["start"], end=range_args["end"]
    )
    rows = []
    for row in board.rows:
        therapist = str(row.therapist_id)
        rows.append(
            RowView(
                name=row.name,
                href=focus.replace(_THERAPIST, therapist) if is_manager and row.therapist_id > 0 else None,
                urgent=row.has_urgent,
                cells=[],
                html=_row_html(row, row_list.replace(_THERAPIST, therapist), "num"),
            )
        )
    total_list = str(escape(url_for("caseload.list_view", metric=_METRIC, **range_args)))
    total = RowView(
        board.total.name,
        None,
        board.total.has_urgent,
        _cells(board.total, total_list),  # the summary tiles above the table show them
        _row_html(board.total, total_list, "num fw-semibold"),
    )
    return DashboardView(rows=rows, total=total)


_PATIENT = 7_654_321_012_345_678  # no patient has this id: the chart link's stand-in, built once per page


def list_rows_html(spec: lists.ListSpec, rows, zone) -> Markup:
    """The list's ``<tr>`` rows: every cell as ``lists.display`` writes it, escaped; the first
    (the patient's name) links to the chart."""
    chart = str(escape(url_for("patients.chart", patient_id=_PATIENT)))
    stand_in = str(_PATIENT)
    display = lists.display
    first, *rest = spec.columns
    out = []
    for row in rows:
        href = chart.replace(stand_in, str(int(row["patient_id"])))
        cells = "".join(f"<td>{escape(display(column, row, zone))}</td>" for column in rest)
        out.append(f'<tr><td><a href="{href}">{escape(display(first, row, zone))}</a></td>{cells}</tr>')
    return Markup("\n".join(out))  # noqa: S704 - every value above is escaped
