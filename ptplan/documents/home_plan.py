"""The patient's printed home plan, from the active plan of care.

Loading is batched: one set of statements serves one patient or a hundred (plans with goals
and interventions, stored images, the evaluations that opened each episode, outcome scores),
so the query count never depends on how many exercises, goals or patients there are.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import aliased, selectinload

from ptplan import pdf as renderers
from ptplan.clinics.models import Clinic
from ptplan.documents import wording
from ptplan.documents.common import DocumentUnavailable, clinic_info, image_bytes, page_size
from ptplan.documents.language import plan_groups
from ptplan.evaluations.models import Evaluation
from ptplan.extensions import db
from ptplan.i18n import DEFAULT
from ptplan.i18n.review import ReviewStatus, footer_note
from ptplan.i18n.translator import _, use
from ptplan.library.poses import pose_from_dict
from ptplan.outcomes.models import OutcomeScore
from ptplan.patients.models import Patient
from ptplan.pdf import (
    ExerciseItem,
    ManualTherapyItem,
    PatientPlanDoc,
    ProgressPoint,
)
from ptplan.plans import kinds
from ptplan.plans.models import PlanIntervention, PlanOfCare
from ptplan.sessions.models import VisitNote
from ptplan.translations import services as translations

CHART_POINTS = 12  # the last dozen visits keep the progress chart readable
BATCH = 200  # patients per loading round in render_home_plans
SIDES = ("left", "right", "both", "none")
DOSAGE_KEYS = {
    # plan parameter -> library default column
    "sets": "default_sets",
    "reps": "default_reps",
    "hold_seconds": "default_hold_seconds",
    "times_per_day": "default_times_per_day",
    "days_per_week": "default_days_per_week",
}


class NoActivePlan(DocumentUnavailable):
    def __init__(self) -> None:
        super().__init__(
            "This patient has no active plan of care, so there is no home plan to print. "
            "Sign a plan of care first."
        )


@dataclass
class HomePlanRows:
    """Everything one home plan is made of, already loaded."""

    patient: Patient
    clinic: Clinic
    plan: PlanOfCare
    images: dict[int, bytes] = field(default_factory=dict)
    scores: list[tuple[str, float, date]] = field(default_factory=list)  # (code, value, taken_on)


# ------------------------------------------------------------------ loading


def load_rows(patients: Sequence[Patient], clinics: dict[int, Clinic]) -> dict[int, HomePlanRows]:
    """Rows for every patient with an active plan, in a fixed 6 statements however many."""
    ids = [p.id for p in patients]
    if not ids:
        return {}
    plans: dict[int, PlanOfCare] = {}
    for plan in db.session.scalars(
        select(PlanOfCare)
        .where(PlanOfCare.patient_id.in_(ids), PlanOfCare.status == "active")
        .order_by(PlanOfCare.version_number.desc(), PlanOfCare.id.desc())
        .options(selectinload(PlanOfCare.goals), selectinload(PlanOfCare.interventions))
    ):
        plans.setdefault(plan.patient_id, plan)  # the newest active version wins
    file_ids = [c.logo_file_id for c in clinics.values()]
    file_ids += [i.exercise.photo_file_id for p in plans.values() for i in p.interventions if i.exercise]
    images = image_bytes(file_ids)
    starts = _episode_starts(plans.values())
    scores = _scores([pid for pid in plans], starts)
    out = {}
    for patient in patients:
        plan = plans.get(patient.id)
        if plan is not None:
            out[patient.id] = HomePlanRows(
                patient=patient,
                clinic=clinics[patient.clinic_id],
                plan=plan,
                images=images,
                scores=scores.get(patient.id, []),
            )
    return out


def _episode_starts(plans: Iterable[PlanOfCare]) -> dict[int, date]:
    """The progress chart starts at the evaluation that opened the episode (else the plan's start)."""
    plans = list(plans)
    evaluation_ids = {p.evaluation_id for p in plans if p.evaluation_id}
    dates = dict(
        db.session.execute(
            select(Evaluation.id, Evaluation.date_of_service).where(Evaluation.id.in_(sorted(evaluation_ids)))
        ).all()
    )
    return {p.patient_id: min(dates.get(p.evaluation_id, p.start_date), p.start_date) for p in plans}


def _scores(patient_ids: list[int], starts: dict[int, date]) -> dict[int, list[tuple[str, float, date]]]:
    """NPRS and ODI from SIGNED evaluations and notes only: a draft is not yet part of the record."""
    evaluation, note = aliased(Evaluation), aliased(VisitNote)
    rows = db.session.execute(
        select(OutcomeScore.patient_id, OutcomeScore.code, OutcomeScore.value, OutcomeScore.taken_on)
        .outerjoin(evaluation, OutcomeScore.evaluation_id == evaluation.id)
        .outerjoin(note, OutcomeScore.visit_note_id == note.id)
        .where(
            OutcomeScore.patient_id.in_(patient_ids),
            OutcomeScore.code.in_(("nprs", *wording.DISABILITY_MEASURES)),
            or_(evaluation.signed_at.is_not(None), note.signed_at.is_not(None)),
        )
        .order_by(OutcomeScore.taken_on, OutcomeScore.id)
    )
    out: dict[int, list[tuple[str, float, date]]] = {}
    for patient_id, code, value, taken_on in rows:
        if taken_on >= starts.get(patient_id, taken_on):
            out.setdefault(patient_id, []).append((code, value, taken_on))
    return out


# ------------------------------------------------------------------ mapping


def goal_lines(plan: PlanOfCare) -> list[str]:
    return [
        wording.goal_wording(
            description=g.description,
            patient_wording=g.patient_wording,
            measure_code=g.measure_code,
            baseline=g.baseline_value,
            target=g.target_value,
        )
        for g in plan.goals
        if g.status != "discontinued"
    ]


def _dose(params: dict, exercise, key: str, low: int, high: int) -> int:
    """The plan's own dosage where set, else the library default; always within what prints."""
    value = params.get(key)
    if value in (None, "") and exercise is not None:
        value = getattr(exercise, DOSAGE_KEYS[key])
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = low
    return min(max(number, low), high)


def exercise_item(intervention: PlanIntervention, images: dict[int, bytes]) -> ExerciseItem:
    """One home exercise: library text and picture, the plan's dosage over the library's."""
    exercise = intervention.exercise
    params = intervention.params or {}
    side = params.get("side") or (exercise.default_side if exercise else "none")
    pose = None
    if exercise is not None and exercise.pose:
        try:
            pose = pose_from_dict(exercise.pose)
        except ValueError:
            pose = None  # a damaged stored pose prints no picture rather than no plan
    photo = images.get(exercise.photo_file_id) if exercise and exercise.photo_file_id else None
    name = (exercise.name if exercise else "") or params.get("exercise") or ""
    # Library texts are catalogue message ids: a built-in exercise prints in the document's
    # language; a clinic's own wording has no catalogue entry and prints as written.
    return ExerciseItem(
        name=_(name) if name else _("Home exercise"),
        steps=[_(str(s)) for s in (exercise.steps if exercise else []) or []],
        cautions=[_(str(c)) for c in (exercise.cautions if exercise else []) or []],
        sets=_dose(params, exercise, "sets", 1, 10),
        reps=_dose(params, exercise, "reps", 1, 100),
        hold_seconds=_dose(params, exercise, "hold_seconds", 0, 300),
        times_per_day=_dose(params, exercise, "times_per_day", 1, 10),
        days_per_week=_dose(params, exercise, "days_per_week", 1, 7),
        side=side if side in SIDES else "none",
        purpose=_(exercise.purpose) if exercise and exercise.purpose else "",
        notes=params.get("patient_notes") or "",
        pose=pose,
        photo=photo,
    )


def _dry_needling_muscles(plan: PlanOfCare) -> list[str]:
    words: list[str] = []
    for intervention in plan.interventions_of("dry_needling"):
        for muscle in (intervention.params or {}).get("muscles", []):
            text = wording.muscle_words(
                muscle.get("slug", ""), muscle.get("name", ""), muscle.get("side", "")
            )
            if text and text not in words:
                words.append(text)
    return words


def _manual_therapy(plan: PlanOfCare) -> list[ManualTherapyItem]:
    kind = kinds.get("manual_therapy")
    items = []
    for intervention in plan.interventions_of("manual_therapy"):
        technique = intervention.technique
        name = (intervention.params or {}).get("technique", "") or _("Hands-on treatment")
        plain = wording.technique_words(
            technique.slug if technique else "", technique.name if technique else name
        )
        why = kind.patient_description(intervention) or _(
            "Hands-on treatment by your therapist at each visit."
        )
        items.append(ManualTherapyItem(name=plain, why=wording.scrub_codes(why)))
    return items


def progress_points(scores: list[tuple[str, float, date]]) -> list[ProgressPoint]:
    """One point per visit date; the last NPRS and disability score (ODI, NDI or QuickDASH,
    see ``disability_code``) of the day."""
    disability = disability_code(scores)
    by_day: dict[date, dict[str, float]] = {}
    for code, value, taken_on in scores:
        by_day.setdefault(taken_on, {})[code] = value
    days = sorted(by_day)[-CHART_POINTS:]
    return [
        ProgressPoint(
            day, nprs=by_day[day].get("nprs"), odi=by_day[day].get(disability) if disability else None
        )
        for day in days
    ]


def disability_code(scores: list[tuple[str, float, date]]) -> str | None:
    """The disability measure to chart: the one scored most often, ties to the ODI, NDI, QuickDASH order."""
    counts = {code: sum(1 for c, _, _ in scores if c == code) for code in wording.DISABILITY_MEASURES}
    best = max(
        wording.DISABILITY_MEASURES, key=lambda code: (counts[code], -wording.DISABILITY_MEASURES.index(code))
    )
    return best if counts[best] else None


def home_plan_doc(rows: HomePlanRows) -> PatientPlanDoc:
    plan = rows.plan
    return PatientPlanDoc(
        clinic=clinic_info(rows.clinic, rows.images),
        patient_name=rows.patient.full_name,
        therapist_name=plan.author.display_name,
        printed_on=rows.clinic.today(),
        goals=goal_lines(plan),
        dry_needling=plan.has_dry_needling,
        dry_needling_muscles=_dry_needling_muscles(plan),
        manual_therapy=_manual_therapy(plan),
        exercises=[exercise_item(i, rows.images) for i in plan.interventions_of("home_exercise")],
        progress=progress_points(rows.scores),
        disability_title=wording.disability_title(disability_code(rows.scores)),
    )


# ------------------------------------------------------------------ entry points


def active_plan(patient: Patient, clinic: Clinic) -> PlanOfCare:
    """The plan a home plan prints from; NoActivePlan when there is none."""
    rows = load_rows([patient], {clinic.id: clinic}).get(patient.id)
    if rows is None:
        raise NoActivePlan()
    return rows.plan


def patient_home_plan_doc(
    patient: Patient, clinic: Clinic, language: str = DEFAULT, status: ReviewStatus | None = None
) -> tuple[PatientPlanDoc, PlanOfCare]:
    """The home plan of one patient in ``language`` (already resolved); NoActivePlan when there
    is none. Library texts, goals and plain names are translated while the rows are mapped,
    with the clinic's reviewed corrections; ``status`` fills the footer's review line."""
    rows = load_rows([patient], {clinic.id: clinic}).get(patient.id)
    if rows is None:
        raise NoActivePlan()
    translator = translations.translator_for(clinic.id, language)
    if status is None:
        status = translations.review_status(clinic.id, language, plan_groups(rows.plan))
    with use(translator):
        doc = home_plan_doc(rows)
    doc = replace(
        doc,
        language=language,
        overrides=translator.overrides,
        translation_note=footer_note(status, translator),
    )
    return doc, rows.plan


def render_home_plans(patient_ids: Sequence[int], *, large_print: bool = False) -> Iterator[bytes]:
    """PDF bytes of each patient's home plan, in the order given; patients without an active
    plan are skipped. Loads in batches, so 100 plans cost a handful of statements."""
    for start in range(0, len(patient_ids), BATCH):
        chunk = list(patient_ids[start : start + BATCH])
        patients = {p.id: p for p in db.session.scalars(select(Patient).where(Patient.id.in_(chunk)))}
        clinic_ids = sorted({p.clinic_id for p in patients.values()})
        clinics = {c.id: c for c in db.session.scalars(select(Clinic).where(Clinic.id.in_(clinic_ids)))}
        ordered = [patients[pid] for pid in chunk if pid in patients]
        rows = load_rows(ordered, clinics)
        for patient in ordered:
            if patient.id in rows:
                row = rows[patient.id]
                yield renderers.render_patient_plan(
                    home_plan_doc(row), large_print=large_print, page_size=page_size(row.clinic)
                )
