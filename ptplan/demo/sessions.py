"""Demo session notes: DEMO-0001's course of care with dry needling and a progress note, plus
notes for other patients across both demo therapists (one unsigned for days, one bruise).

Runs after the plans seeder; a patient without an active plan is skipped. Idempotent: nothing
is added once the demo clinic has any visit note.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from ptplan.db import utcnow
from ptplan.dry_needling.services import dry_needling_clearance
from ptplan.extensions import db
from ptplan.plans import services as plan_services
from ptplan.sessions import prefill, services
from ptplan.sessions.models import VisitNote

PAIN_COURSE = [(7, 5), (6, 4), (6, 4), (5, 3), (5, 3), (4, 2), (4, 2), (3, 2), (3, 1)]


REGIONAL_NOTES = {  # mrn -> (visits, subjective, assessment)
    "DEMO-0007": (
        4,
        "Arm pain easing; turning to drive is easier.",
        "Centralising: arm pain now above the elbow.",
    ),
    "DEMO-0008": (
        4,
        "Reaching overhead hurts less; still sore at night.",
        "Painful arc narrower; rotator cuff stronger.",
    ),
    "DEMO-0009": (3, "Stairs easier; walked 25 minutes.", "Better sit to stand; knee swelling unchanged."),
}


def seed(demo) -> None:
    clinic = demo.clinic
    _regional(demo)
    if db.session.scalar(
        select(func.count(VisitNote.id)).where(
            VisitNote.clinic_id == clinic.id,
            VisitNote.patient_id.not_in([p.id for p in demo.patients if p.mrn in REGIONAL_NOTES]),
        )
    ):
        return
    therapists = demo.therapists
    if not therapists:
        return
    patients = {p.mrn: p for p in demo.patients}
    today = clinic.today()
    showcase = patients.get("DEMO-0001")
    if showcase is not None:
        _showcase(showcase, therapists[0], today)
    others = [patients[m] for m in ("DEMO-0002", "DEMO-0005") if m in patients]
    for index, patient in enumerate(others):
        _course(patient, therapists, today, visits=5 if index == 0 else 3, leave_last_unsigned=index == 0)
    db.session.flush()


def _dates(plan_start: date, today: date, count: int, *, window_days: int = 60) -> list[date]:
    """`count` visit dates, about twice a week, ending yesterday, never before the plan starts."""
    first = max(plan_start, today - timedelta(days=window_days))
    span = max((today - timedelta(days=1) - first).days, count)
    return [min(first + timedelta(days=round(i * span / max(count - 1, 1))), today) for i in range(count)]


def _note(
    patient,
    plan,
    user,
    when: date,
    pain: tuple[int, int],
    *,
    kind="daily",
    dn=None,
    sign=True,
    words: tuple[str, str, str] = (
        "Reports less leg pain when sitting; sleeping better.",
        "Tolerated treatment well; radicular symptoms easing.",
        "Continue plan; progress nerve glides.",
    ),
):
    last = services.last_note(plan)
    # The demo's story is back-dated: its plans were prescribed on their start date.
    data = prefill.new_note_data(plan, kind, when, last, prescribed_on=plan.start_date)
    data.update(
        nprs_before=pain[0], nprs_after=pain[1], subjective=words[0], assessment=words[1], plan_next=words[2]
    )
    data["interventions"] = [row for row in data["interventions"] if row["description"]]
    if kind in ("progress", "discharge"):
        data["goal_reviews"] = [
            {"goal_id": r["goal_id"], "status": "progressing"} for r in data["goal_reviews"]
        ]
    data["dn"] = dn or {"delivered": False}
    return services.save_note(None, patient=patient, plan=plan, user=user, kind=kind, data=data, sign=sign)


def _dn_data(plan, *, adverse: str = "none") -> dict | None:
    muscles = prefill.needling_from_plan(plan)["muscles"]
    if not muscles:
        return None
    return {
        "delivered": True,
        "muscles": muscles,
        "technique": "static",
        "needle_gauge_mm": "0.25",
        "needle_length_mm": "50",
        "needles_in": 2 * len(muscles),
        "needles_out": 2 * len(muscles),
        "twitch_grade": "strong",
        "tolerance": "good",
        "response": "Less buttock pain straight after; hip rotation easier.",
        "adverse_events": [adverse],
        "sharps_disposed": True,
        "minutes": 10,
    }


def _showcase(patient, therapist, today: date) -> None:
    plan = plan_services.active_plan(patient.id)
    if plan is None:
        return
    cleared = plan.has_dry_needling and dry_needling_clearance(patient)[0]
    dates = _dates(plan.start_date, today, 9, window_days=45)
    for visit, when in enumerate(dates[:8]):
        dn = None
        if cleared and visit % 2 == 1:
            dn = _dn_data(plan, adverse="bruising" if visit == 3 else "none")
        _note(patient, plan, therapist, when, PAIN_COURSE[visit], dn=dn)
    _note(patient, plan, therapist, dates[8], PAIN_COURSE[8], kind="progress")


def _course(patient, therapists, today: date, *, visits: int, leave_last_unsigned: bool) -> None:
    plan = plan_services.active_plan(patient.id)
    if plan is None:
        return
    for visit, when in enumerate(_dates(plan.start_date, today, visits)):
        author = therapists[visit % len(therapists)]
        last = visit == visits - 1
        note = _note(patient, plan, author, when, PAIN_COURSE[visit], sign=not (last and leave_last_unsigned))
        if last and leave_last_unsigned:
            note.created_at = utcnow() - timedelta(days=3)  # flagged: unsigned for more than 24 hours


def _regional(demo) -> None:
    """Notes for the neck, shoulder and knee patients (the shoulder with dry needling of the
    rotator cuff); a patient who already has notes is left alone."""
    today = demo.clinic.today()
    for patient in demo.patients:
        spec = REGIONAL_NOTES.get(patient.mrn)
        plan = plan_services.active_plan(patient.id) if spec else None
        if plan is None or db.session.scalar(
            select(func.count(VisitNote.id)).where(VisitNote.patient_id == patient.id)
        ):
            continue
        visits, subjective, assessment = spec
        author = next(
            (u for u in demo.therapists if u.id == patient.primary_therapist_id), demo.therapists[0]
        )
        cleared = plan.has_dry_needling and dry_needling_clearance(patient)[0]
        for visit, when in enumerate(_dates(plan.start_date, today, visits, window_days=21)):
            dn = _dn_data(plan) if cleared and visit % 2 == 0 else None
            words = (subjective, assessment, "Continue the plan; progress the home exercises.")
            _note(patient, plan, author, when, PAIN_COURSE[visit + 2], dn=dn, words=words)
