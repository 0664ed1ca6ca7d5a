"""Outcome scores, read and written: the one owner of the ``outcome_score`` table.

Writers. An evaluation or a visit note hands over what it scored; ``save_evaluation_scores``
and ``save_visit_note_score`` check every score against its measure (a known code, a value on
the scale, a band and answers that agree with the value), refuse a signed note, write the
rows, flush, and audit what changed (measure codes only, never the values: SECURITY.md
AUD-02). The note's own save is audited by its package as before.

Readers. The latest score per measure (one query), a patient's scores in date order, and
the series the progress chart draws. Scores are grouped and judged by the pure
``ptplan.outcomes.progress``; how a value is written is the measure's (``Measure.display``).

Outcomes sits below the packages whose notes produce scores: it imports neither
``ptplan.evaluations`` nor ``ptplan.sessions`` (see ``ptplan.outcomes.models``), and takes
their notes as anything shaped like ``ScoredNote``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from sqlalchemy import select

from ptplan import measures
from ptplan.audit import services as audit
from ptplan.exceptions import DomainError, SignedRecordError
from ptplan.extensions import db
from ptplan.outcomes.models import OutcomeScore
from ptplan.outcomes.progress import Point, Series, build_series

CATEGORY = "outcome_score"
SIGNED_MESSAGE = "This note is signed and locked, so its scores cannot change. Add an addendum to correct it."
# A score must agree with its answers to the last float bit in practice; the tolerance only
# absorbs float noise between two computations of the same mean.
_TOLERANCE = 1e-9


class ScoreError(DomainError):
    """A score that its measure does not allow; the message is written for the clinician."""

    status_code = 422


class ScoredNote(Protocol):
    """What the writers need of the note a score comes from (an Evaluation or a VisitNote)."""

    id: int | None
    clinic_id: int
    patient_id: int
    date_of_service: date

    @property
    def is_signed(self) -> bool: ...


@dataclass(frozen=True)
class ScoreEntry:
    """One measure as a note scored it. `answers` are the items as entered (None = skipped)."""

    code: str
    value: float
    band: str | None = None
    answers: Sequence | None = None
    subscores: dict | None = None


# ------------------------------------------------------------------ writing


def check_entry(entry: ScoreEntry) -> ScoreEntry:
    """The entry with its value as a float, or ScoreError saying what its measure refuses.

    Checks (ptplan.measures): the measure exists; the value is a finite number on its scale;
    a band, when given, is the band of that value; answers, when given, score to that value.
    """
    try:
        measure = measures.get(entry.code)
        value = measure.check_value(entry.value)
        if entry.answers is not None:
            scored = measure.score(list(entry.answers))
            if not math.isclose(scored.value, value, rel_tol=0, abs_tol=_TOLERANCE):
                raise ScoreError(
                    f"The {measure.abbreviation} answers score {measure.display(scored.value)}, "
                    f"not {measure.display(value)}."
                )
    except measures.MeasureError as problem:
        raise ScoreError(str(problem)) from None
    if entry.band is not None and entry.band != measure.band_for(value):
        raise ScoreError(
            f"{measure.abbreviation} {measure.display(value)} is not in the band '{entry.band}'."
        )
    return ScoreEntry(
        code=measure.code,
        value=value,
        band=entry.band,
        answers=list(entry.answers) if entry.answers is not None else None,
        subscores=dict(entry.subscores) if entry.subscores is not None else None,
    )


def save_evaluation_scores(evaluation, entries: Iterable[ScoreEntry], *, recorded_by) -> list[OutcomeScore]:
    """Make the evaluation's scores exactly ``entries``: update in place, add, remove.

    Every entry is checked before anything changes, so a refused score leaves the note's
    scores as they were. ``evaluation.scores`` is the note's collection of OutcomeScore.
    """
    _refuse_signed(evaluation)
    checked = _checked_by_code(entries)
    existing = {score.code: score for score in evaluation.scores}
    changed: list[str] = []
    for code, entry in checked.items():
        row = existing.pop(code, None)
        if row is None:
            row = OutcomeScore(code=code, source="evaluation", clinic_id=evaluation.clinic_id)
            evaluation.scores.append(row)
        if _apply(row, entry, evaluation, recorded_by):
            changed.append(code)
    removed = sorted(existing)
    for row in existing.values():
        evaluation.scores.remove(row)
    db.session.flush()
    _audit(evaluation, "evaluation", changed, removed)
    return list(evaluation.scores)


def save_visit_note_score(note, code: str, value: float | None, *, recorded_by) -> OutcomeScore | None:
    """Set (or, with ``value`` None, remove) one measure's score from a visit note."""
    _refuse_signed(note)
    if note.id is None:
        db.session.flush()  # the score names its note by id
    existing = db.session.scalar(
        select(OutcomeScore).where(OutcomeScore.visit_note_id == note.id, OutcomeScore.code == code)
    )
    if value is None:
        if existing is not None:
            db.session.delete(existing)
            db.session.flush()
            _audit(note, "visit_note", [], [code])
        return None
    entry = check_entry(ScoreEntry(code=code, value=value))
    row = existing
    if row is None:
        row = OutcomeScore(
            code=entry.code, source="visit_note", clinic_id=note.clinic_id, visit_note_id=note.id
        )
        db.session.add(row)
    changed = _apply(row, entry, note, recorded_by)
    db.session.flush()
    if changed:
        _audit(note, "visit_note", [entry.code], [])
    return row


def _refuse_signed(note: ScoredNote) -> None:
    if note.is_signed:
        raise SignedRecordError(SIGNED_MESSAGE)


def _checked_by_code(entries: Iterable[ScoreEntry]) -> dict[str, ScoreEntry]:
    checked: dict[str, ScoreEntry] = {}
    for entry in entries:
        entry = check_entry(entry)
        if entry.code in checked:
            raise ScoreError(f"{measures.get(entry.code).abbreviation} is scored twice on one note.")
        checked[entry.code] = entry
    return checked


def _apply(row: OutcomeScore, entry: ScoreEntry, note: ScoredNote, recorded_by) -> bool:
    """Copy the entry onto the row; True when anything the reader sees changed."""
    wanted = {
        "patient_id": note.patient_id,
        "value": entry.value,
        "band": entry.band,
        "answers": entry.answers,
        "subscores": entry.subscores,
        "taken_on": note.date_of_service,
    }
    changed = row.id is None or any(getattr(row, name) != value for name, value in wanted.items())
    for name, value in wanted.items():
        setattr(row, name, value)
    row.recorded_by_id = recorded_by.id
    return changed


def _audit(note: ScoredNote, note_type: str, changed: list[str], removed: list[str]) -> None:
    """One row per save that changed scores: which measures, not their values (AUD-02)."""
    if not changed and not removed:
        return
    parts = []
    if changed:
        parts.append("scored " + ", ".join(sorted(changed)))
    if removed:
        parts.append("removed " + ", ".join(removed))
    audit.record(
        "update",
        CATEGORY,
        patient_id=note.patient_id,
        entity_type=note_type,
        entity_id=note.id,
        detail="; ".join(parts),
    )


# ------------------------------------------------------------------ reading


def patient_scores(
    patient_id: int, *, since: date | None = None, until: date | None = None
) -> list[OutcomeScore]:
    """The patient's scores from every source, oldest first (by date, then entry), one query."""
    statement = select(OutcomeScore).where(OutcomeScore.patient_id == patient_id)
    if since is not None:
        statement = statement.where(OutcomeScore.taken_on >= since)
    if until is not None:
        statement = statement.where(OutcomeScore.taken_on <= until)
    return list(db.session.scalars(statement.order_by(OutcomeScore.taken_on, OutcomeScore.id)))


def latest_by_code(scores: Iterable[OutcomeScore], codes: set[str]) -> dict[str, OutcomeScore]:
    """From scores oldest first, the most recent one of each code in ``codes``."""
    latest: dict[str, OutcomeScore] = {}
    for score in scores:  # later rows win: same date, the later entry
        if score.code in codes:
            latest[score.code] = score
    return latest


def latest_scores(
    patient_id: int, codes: set[str], *, on_or_before: date | None = None
) -> dict[str, OutcomeScore]:
    """The most recent score of each measure code (up to a date when given), in one query."""
    if not codes:
        return {}
    statement = select(OutcomeScore).where(
        OutcomeScore.patient_id == patient_id, OutcomeScore.code.in_(sorted(codes))
    )
    if on_or_before is not None:
        statement = statement.where(OutcomeScore.taken_on <= on_or_before)
    rows = db.session.scalars(statement.order_by(OutcomeScore.taken_on, OutcomeScore.id))
    return latest_by_code(rows, codes)


def evaluation_scores(evaluation_id: int) -> dict[str, float]:
    """An evaluation's score values by measure code (the baselines a plan starts from)."""
    rows = db.session.execute(
        select(OutcomeScore.code, OutcomeScore.value)
        .where(OutcomeScore.evaluation_id == evaluation_id)
        .order_by(OutcomeScore.taken_on, OutcomeScore.id)
    )
    return {code: value for code, value in rows}


SOURCE_LABELS = {"evaluation": "Evaluation", "visit_note": "Daily note"}


def source_label(score: OutcomeScore) -> str:
    """What a point came from, as the chart names it when the caller knows no better."""
    return SOURCE_LABELS.get(score.source, score.source)


def series_from(
    scores: Iterable[OutcomeScore], *, label: Callable[[OutcomeScore], str] = source_label
) -> list[Series]:
    """Each measure's series judged against its baseline; ``label`` names each point's source."""
    grouped: dict[str, list[Point]] = {}
    for score in scores:
        grouped.setdefault(score.code, []).append(
            Point(
                taken_on=score.taken_on,
                value=score.value,
                source=score.source,
                label=label(score),
                evaluation_id=score.evaluation_id,
            )
        )
    return build_series(grouped)


def patient_series(patient_id: int) -> list[Series]:
    """Every measure's series for the patient, points named by source (one query)."""
    return series_from(patient_scores(patient_id))
