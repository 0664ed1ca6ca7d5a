"""Evaluation business rules: create, save a draft, sign, correct by addendum.

Services take domain objects plus plain data, flush, and write the audit entry; the request
commits once. Every refusal is a DomainError whose message is fit to show the therapist.
"""

from __future__ import annotations

from sqlalchemy import select

from ptplan import measures
from ptplan.audit import services as audit
from ptplan.auth.models import User
from ptplan.evaluations import rules
from ptplan.evaluations.models import Evaluation, EvaluationPsfsActivity, EvaluationTriggerPoint
from ptplan.exceptions import ConflictError, DomainError, SignedRecordError
from ptplan.extensions import db
from ptplan.library.models import Muscle
from ptplan.outcomes import services as outcomes
from ptplan.patients import services as patient_services
from ptplan.patients.models import Patient
from ptplan.records import services as records
from ptplan.records.models import Addendum

CATEGORY = "evaluation"
RECORD_TYPE = "evaluation"
LOCKED_MESSAGE = "This evaluation is signed and locked. Add an addendum to correct it."


class NotYourEvaluation(DomainError):
    status_code = 403


class IncompleteEvaluation(DomainError):
    """Signing was asked for but the note is not complete; nothing was saved."""

    status_code = 422

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("The evaluation is not complete enough to sign.")
        self.problems = problems


# ------------------------------------------------------------------ reading


def evaluation_data(evaluation: Evaluation) -> dict:
    """The evaluation as the plain data dict that forms and rules share."""
    data = {name: getattr(evaluation, name) for name in rules.CONTENT_COLUMNS}
    data["date_of_service"] = evaluation.date_of_service
    data["neuro_screen"] = rules.normalised_neuro_screen(evaluation.neuro_screen)
    data["trigger_points"] = [
        {"muscle_id": tp.muscle_id, "side": tp.side, "reproduces_symptoms": tp.reproduces_symptoms}
        for tp in evaluation.trigger_points
    ]
    data["psfs_activities"] = [
        {"activity": a.activity, "rating": a.rating} for a in evaluation.psfs_activities
    ]
    for code in rules.SCORE_ONLY_ANSWERS:
        score = evaluation.score_for(code)
        data[f"{code}_answers"] = list(score.answers) if score is not None and score.answers else None
    return data


def patient_evaluations(patient_id: int) -> list[Evaluation]:
    """All of a patient's evaluations, oldest first (one query)."""
    return list(
        db.session.scalars(
            select(Evaluation)
            .where(Evaluation.patient_id == patient_id)
            .order_by(Evaluation.date_of_service, Evaluation.id)
        )
    )


def previous_evaluation(patient_id: int, *, before: Evaluation | None = None) -> Evaluation | None:
    """The latest evaluation before ``before`` (or the latest of all), signed ones preferred."""
    candidates = [e for e in patient_evaluations(patient_id) if before is None or _is_before(e, before)]
    signed = [e for e in candidates if e.is_signed]
    return (signed or candidates or [None])[-1]


def _is_before(candidate: Evaluation, reference: Evaluation) -> bool:
    return (candidate.date_of_service, candidate.id) < (reference.date_of_service, reference.id or 0)


def initial_data(patient: Patient, today) -> dict:
    """A new initial evaluation starts with today's date and the patient's diagnoses."""
    return {
        "date_of_service": today,
        "diagnoses": [{"code": d.icd10_code, "text": d.description} for d in patient.diagnoses],
    }


def last_values(evaluation: Evaluation | None) -> dict:
    """The previous note's measure values, shown beside blank fields: ("3", date)."""
    if evaluation is None:
        return {}
    taken = evaluation.date_of_service
    last: dict = {}
    for name in rules.PAIN_COLUMNS:
        if getattr(evaluation, name) is not None:
            last[name] = (getattr(evaluation, name), taken)
    for code in ("odi", "fabq", "lefs"):
        for index, answer in enumerate(getattr(evaluation, f"{code}_answers") or [], start=1):
            if answer is not None:
                last[f"{code}_{index}"] = (answer, taken)
    for index, activity in enumerate(evaluation.psfs_activities):
        if activity.rating is not None:
            last[f"psfs-{index}-rating"] = (activity.rating, taken)
    for score in evaluation.scores:
        last[f"score_{score.code}"] = (measures.display(score.code, score.value), taken)
    return last


# ------------------------------------------------------------------ writing


def create_evaluation(
    patient: Patient, actor: User, kind: str, data: dict, *, sign: bool = False
) -> Evaluation:
    if not actor.can("clinical.write"):
        raise NotYourEvaluation("Your role cannot write evaluations.")
    if kind not in ("initial", "reevaluation", "discharge"):
        raise DomainError("Unknown kind of evaluation.")
    scoring = _check(data, sign=sign)
    evaluation = Evaluation(
        clinic_id=patient.clinic_id,
        patient_id=patient.id,
        therapist_id=actor.id,
        kind=kind,
        date_of_service=data["date_of_service"],
    )
    db.session.add(evaluation)
    _apply(evaluation, data, scoring, actor)
    db.session.flush()
    audit.record("create", CATEGORY, patient_id=patient.id, entity_type=RECORD_TYPE, entity_id=evaluation.id)
    if sign:
        _sign(evaluation, actor)
    return evaluation


def update_evaluation(
    evaluation: Evaluation, actor: User, data: dict, *, expected_version: int | None, sign: bool = False
) -> Evaluation:
    """Save a draft (and optionally sign it). A signed note refuses before anything changes."""
    ensure_editable(evaluation, actor)
    if expected_version is not None and expected_version != evaluation.version:
        raise ConflictError(
            "This evaluation was changed by someone else. Reload it and enter your changes again."
        )
    scoring = _check(data, sign=sign)
    evaluation.date_of_service = data["date_of_service"]
    _apply(evaluation, data, scoring, actor)
    db.session.flush()
    audit.record(
        "update", CATEGORY, patient_id=evaluation.patient_id, entity_type=RECORD_TYPE, entity_id=evaluation.id
    )
    if sign:
        _sign(evaluation, actor)
    return evaluation


def ensure_editable(evaluation: Evaluation, actor: User) -> None:
    if evaluation.is_signed:
        raise SignedRecordError(LOCKED_MESSAGE)
    if not actor.can("clinical.write") or evaluation.therapist_id != actor.id:
        raise NotYourEvaluation("Only the therapist who wrote this draft may change or sign it.")


def sign_evaluation(evaluation: Evaluation, actor: User) -> None:
    """Sign a saved draft: it must be complete (rules.signing_problems)."""
    ensure_editable(evaluation, actor)
    data = evaluation_data(evaluation)
    problems = rules.signing_problems(data, rules.score_measures(data))
    if problems:
        raise IncompleteEvaluation(problems)
    _sign(evaluation, actor)


def _sign(evaluation: Evaluation, actor: User) -> None:
    if not actor.can("clinical.sign"):
        raise NotYourEvaluation("Your role cannot sign evaluations.")
    records.sign(
        evaluation, actor, record_type=RECORD_TYPE, category=CATEGORY, patient_id=evaluation.patient_id
    )
    # The diagnoses the signed evaluation established belong on the patient's list, where the
    # chart shows them and a new plan of care takes them from.
    patient = db.session.get(Patient, evaluation.patient_id)
    patient_services.add_diagnoses(patient, evaluation.diagnoses or [], source=f"evaluation {evaluation.id}")


def add_evaluation_addendum(evaluation: Evaluation, actor: User, *, reason: str, body: str) -> Addendum:
    return records.add_addendum(
        evaluation,
        actor,
        record_type=RECORD_TYPE,
        category=CATEGORY,
        patient_id=evaluation.patient_id,
        reason=reason,
        body=body,
    )


def _check(data: dict, *, sign: bool) -> rules.Scoring:
    """Score the measures; for signing, refuse an incomplete note before writing anything."""
    scoring = rules.score_measures(data)
    if sign:
        problems = rules.signing_problems(data, scoring)
        if problems:
            raise IncompleteEvaluation(problems)
    return scoring


def _apply(evaluation: Evaluation, data: dict, scoring: rules.Scoring, actor: User) -> None:
    for name in rules.CONTENT_COLUMNS:
        if name in data:
            setattr(evaluation, name, data[name])
    evaluation.neuro_screen = rules.normalised_neuro_screen(data.get("neuro_screen"))
    _replace_trigger_points(evaluation, data.get("trigger_points") or [])
    _replace_psfs(evaluation, data.get("psfs_activities") or [])
    _store_scores(evaluation, scoring, actor)


def _replace_trigger_points(evaluation: Evaluation, rows: list[dict]) -> None:
    wanted = {row["muscle_id"] for row in rows}
    allowed = set(
        db.session.scalars(
            select(Muscle.id).where(Muscle.clinic_id == evaluation.clinic_id, Muscle.id.in_(wanted))
        )
    )
    if wanted - allowed:  # the form offers only this clinic's muscles; anything else is crafted
        raise DomainError("Choose muscles from the clinic's catalogue.")
    evaluation.trigger_points = [
        EvaluationTriggerPoint(
            muscle_id=row["muscle_id"],
            side=row["side"],
            reproduces_symptoms=row["reproduces_symptoms"],
            position=i,
        )
        for i, row in enumerate(rows)
    ]


def _replace_psfs(evaluation: Evaluation, rows: list[dict]) -> None:
    evaluation.psfs_activities = [
        EvaluationPsfsActivity(position=i, activity=row["activity"], rating=row["rating"])
        for i, row in enumerate(rows[:5])
    ]


def _store_scores(evaluation: Evaluation, scoring: rules.Scoring, actor: User) -> None:
    """One OutcomeScore per scored measure, written by ptplan.outcomes; server authoritative."""
    outcomes.save_evaluation_scores(
        evaluation,
        [
            outcomes.ScoreEntry(
                code=code,
                value=computed.value,
                band=computed.band,
                answers=computed.answers,
                subscores=computed.subscores,
            )
            for code, computed in scoring.scores.items()
        ],
        recorded_by=actor,
    )
