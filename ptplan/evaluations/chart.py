"""The evaluations' part of the patient chart: the progress chart and the evaluation list.

Two queries whatever the number of evaluations or scores: the evaluations (the listed columns
only, therapist joined) and every outcome score of the patient, from evaluations and daily notes alike (the
scores are shared with the plan section through ``ptplan.charting.memo``). The plan step on the
newest signed evaluation is asked of whichever provider offers one (``charting.after_evaluation``),
so this package does not import the plans package's chart. Each point
of the progress chart is named after the evaluation it came from, from the evaluations loaded here.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime

from flask import url_for
from markupsafe import Markup
from sqlalchemy import bindparam, select

from ptplan import charting, measures
from ptplan.auth.models import User
from ptplan.charting import ChartSection, memo
from ptplan.evaluations.models import EVALUATION_KINDS, Evaluation
from ptplan.extensions import db
from ptplan.measures import display
from ptplan.outcomes import services as outcomes
from ptplan.outcomes.svgchart import render

KEY_MEASURES = ("nprs", "odi", "ndi", "quickdash", "lefs", "psfs")


def _point_labeller(evaluations):
    """Name a score's point after its evaluation ("Re-evaluation (draft)") or "Daily note"."""
    by_id = {e.id: e for e in evaluations}

    def label(score) -> str:
        if score.source != "evaluation":
            return outcomes.source_label(score)
        evaluation = by_id.get(score.evaluation_id)
        if evaluation is None:
            return outcomes.source_label(score)
        return EVALUATION_KINDS.get(evaluation.kind, "Evaluation") + (
            "" if evaluation.is_signed else " (draft)"
        )

    return label


@dataclass(frozen=True)
class EvaluationRow:
    """What the chart lists of an evaluation: plain values, not the whole record."""

    id: int
    kind: str
    date_of_service: date
    signed_at: datetime | None
    therapist_name: str
    therapist_credentials: str

    @property
    def kind_label(self) -> str:
        return EVALUATION_KINDS[self.kind]

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    @property
    def therapist_display_name(self) -> str:
        """As ``User.display_name``: the name, then the credentials when there are any."""
        name, credentials = self.therapist_name, self.therapist_credentials
        return f"{name}, {credentials}" if credentials else name


@functools.cache
def _evaluations_statement():
    """The patient's evaluations, oldest first, as ``services.patient_evaluations`` orders them,
    without the clinical content the list does not show; built once per process (bind
    parameter ``patient_id``)."""
    return (
        select(
            Evaluation.id,
            Evaluation.kind,
            Evaluation.date_of_service,
            Evaluation.signed_at,
            User.full_name,
            User.credentials,
        )
        .join(User, User.id == Evaluation.therapist_id)
        .where(Evaluation.patient_id == bindparam("patient_id"))
        .order_by(Evaluation.date_of_service, Evaluation.id)
    )


def patient_evaluations(patient_id: int) -> list[EvaluationRow]:
    return [
        EvaluationRow(*row)
        for row in db.session.execute(_evaluations_statement(), {"patient_id": patient_id})
    ]


def sections(patient, user) -> list[ChartSection]:
    if not user.can("clinical.read"):
        return []
    evaluations = patient_evaluations(patient.id)
    # shared with the plan section's goal progress: loaded once per request
    scores = memo(("outcome_scores", patient.id), lambda: outcomes.patient_scores(patient.id))
    series = outcomes.series_from(scores, label=_point_labeller(evaluations))
    scores_by_evaluation: dict[int, dict[str, str]] = {}
    for score in scores:
        if score.evaluation_id is not None and score.code in KEY_MEASURES:
            scores_by_evaluation.setdefault(score.evaluation_id, {})[
                measures.get(score.code).abbreviation
            ] = display(score.code, score.value)
    can_write = user.can("clinical.write")
    # Only the newest signed evaluation leads to the plan (start, continue or revise it).
    newest_signed = next((e for e in reversed(evaluations) if e.is_signed), None)
    rows = [
        {
            "evaluation": e,
            "scores": scores_by_evaluation.get(e.id, {}),
            "url": url_for("evaluations.view", evaluation_id=e.id),
            "plan_step": charting.after_evaluation(patient, user, evaluation_id=e.id)
            if e is newest_signed
            else None,
        }
        for e in reversed(evaluations)
    ]
    new_links = (
        [
            (label, url_for("evaluations.create", patient_id=patient.id, kind=kind))
            for kind, label in (
                ("initial", "New initial evaluation"),
                ("reevaluation", "New re-evaluation"),
                ("discharge", "New discharge evaluation"),
            )
        ]
        if can_write
        else []
    )
    return [
        ChartSection(
            key="progress",
            title="Progress",
            template="evaluations/_chart_progress.html",
            order=15,
            # svgchart escapes every piece of text it writes, so its output is safe markup.
            context={"svg": Markup(render(series, chart_id="outcome-chart")), "series": series},  # noqa: S704
        ),
        ChartSection(
            key="evaluations",
            title="Evaluations",
            template="evaluations/_chart_evaluations.html",
            order=20,
            context={"rows": rows, "new_links": new_links, "kinds": EVALUATION_KINDS},
        ),
    ]


charting.register("evaluations", order=20, sections=sections)
