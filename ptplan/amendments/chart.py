"""The chart's "Amendment requests" section and header badge (one shared query per chart)."""

from __future__ import annotations

from ptplan import charting
from ptplan.amendments import rules
from ptplan.amendments.models import STATUSES
from ptplan.charting import Badge, ChartSection, memo


def _requests(patient):
    # Read through the patient: the chart view loads the requests in its patient statement.
    return memo(("amendment_requests", patient.id), lambda: list(patient.amendment_requests))


def sections(patient, user) -> list[ChartSection]:
    if not user.can("patient.read"):
        return []
    today = user.clinic.today()
    rows = [
        (request, rules.urgency(request.effective_due_on, today) if request.is_open else None)
        for request in _requests(patient)
    ]
    context = {
        "rows": rows,
        "statuses": STATUSES,
        "patient": patient,
        "can_record": user.can("patient.write"),
    }
    return [
        ChartSection(
            key="amendments",
            title="Amendment requests",
            template="amendments/_chart_section.html",
            order=90,
            context=context,
        )
    ]


def badges(patient, user) -> list[Badge]:
    if not user.can("patient.read"):
        return []
    open_requests = [r for r in _requests(patient) if r.is_open]
    if not open_requests:
        return []
    soonest = min(r.effective_due_on for r in open_requests)
    overdue = rules.urgency(soonest, user.clinic.today()) == "overdue"
    return [
        Badge(
            label="Amendment request overdue" if overdue else "Amendment request open",
            tone="danger" if overdue else "warning",
            title=f"Decision due {soonest.isoformat()}",
        )
    ]


charting.register("amendments", order=50, sections=sections, badges=badges)
