"""ORM factories for session-note tests: plans, muscles, dry-needling clearance, notes.

Plans are built directly (not through the plans UI) so these tests depend only on the
plan models' contract.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace

from werkzeug.datastructures import MultiDict

from ptplan.db import utcnow
from ptplan.dry_needling.models import DryNeedlingConsent, DryNeedlingScreening
from ptplan.extensions import db
from ptplan.library.models import Exercise, ManualTechnique, Muscle
from ptplan.outcomes.models import OutcomeScore
from ptplan.plans.models import PlanGoal, PlanIntervention, PlanOfCare


def make_muscles(
    clinic_id: int, names=("Piriformis", "Gluteus medius", "Quadratus lumborum")
) -> list[Muscle]:
    muscles = []
    for name in names:
        muscle = Muscle(
            clinic_id=clinic_id, slug=name.lower().replace(" ", "-"), name=name, region="gluteal/hip"
        )
        db.session.add(muscle)
        muscles.append(muscle)
    db.session.commit()
    return muscles


def make_plan(
    patient,
    therapist,
    *,
    start: date | None = None,
    dry_needling: bool = False,
    dn_muscles: list | None = None,
    exercises: int = 2,
    manual: bool = True,
    signed: bool = True,
    goals: list[dict] | None = None,
    physician_signed_on: date | None = None,
    duration_weeks: int = 6,
) -> PlanOfCare:
    """An active, signed plan with home exercises, manual therapy and optionally dry needling."""
    start = start or (date.today() - timedelta(days=14))
    plan = PlanOfCare(
        clinic_id=patient.clinic_id,
        patient_id=patient.id,
        author_id=therapist.id,
        status="active",
        start_date=start,
        cert_start_date=start,
        cert_end_date=start + timedelta(days=min(duration_weeks * 7, 90) - 1),
        duration_weeks=duration_weeks,
        physician_signed_on=physician_signed_on,
    )
    position = 0
    for n in range(exercises):
        exercise = Exercise(
            clinic_id=patient.clinic_id,
            slug=f"exercise-{patient.id}-{n}",
            name=f"Stretch {n + 1}",
            region="hip",
            steps=["Lie down.", "Stretch."],
            cautions=[],
        )
        plan.interventions.append(
            PlanIntervention(
                kind="home_exercise",
                params={
                    "exercise": f"Stretch {n + 1}",
                    "sets": 2,
                    "reps": 10,
                    "hold_seconds": 30,
                    "times_per_day": 2,
                    "days_per_week": 7,
                    "side": "both",
                    "patient_notes": "",
                },
                cpt_code="97110",
                exercise=exercise,
                position=position,
            )
        )
        position += 1
    if manual:
        technique = ManualTechnique(
            clinic_id=patient.clinic_id,
            slug=f"mob-{patient.id}",
            name="Lumbar mobilisation",
            default_minutes=12,
        )
        plan.interventions.append(
            PlanIntervention(
                kind="manual_therapy",
                params={
                    "technique": "Lumbar mobilisation",
                    "region": "lumbar",
                    "grade": "III",
                    "minutes": 12,
                },
                cpt_code="97140",
                technique=technique,
                position=position,
            )
        )
        position += 1
    if dry_needling:
        plan.interventions.append(
            PlanIntervention(
                kind="dry_needling",
                params={
                    "muscles": [
                        {"muscle_id": m.id, "slug": m.slug, "name": m.name, "side": "right"}
                        for m in dn_muscles or []
                    ],
                    "technique": "static",
                    "frequency": "Weekly",
                    "rationale": "Trigger points reproduce the leg pain.",
                },
                cpt_code="20560",
                position=position,
            )
        )
    for i, goal in enumerate(goals or []):
        plan.goals.append(PlanGoal(position=i, **goal))
    db.session.add(plan)
    db.session.flush()
    plan.lineage_id = plan.id
    if signed:
        # Signed on its start day (at most now), so its exercises were prescribed before later visits.
        plan.signed_at = min(utcnow(), datetime.combine(start, time(12), tzinfo=UTC))
        plan.signed_by_id = therapist.id
        with db.session.no_autoflush:
            plan.content_hash = plan.compute_content_hash()
    db.session.commit()
    return plan


def clear_for_dry_needling(patient, therapist, *, on: date | None = None) -> None:
    """A signed screening without contraindications and a signed consent with a copy given."""
    on = on or (date.today() - timedelta(days=20))
    now = utcnow()
    screening = DryNeedlingScreening(
        clinic_id=patient.clinic_id,
        patient_id=patient.id,
        screened_on=on,
        screened_by_id=therapist.id,
        absolute=[],
        relative={},
        signed_at=now,
        signed_by_id=therapist.id,
    )
    consent = DryNeedlingConsent(
        clinic_id=patient.clinic_id,
        patient_id=patient.id,
        consented_on=on,
        form_version="2026-1",
        patient_signature_name=patient.full_name,
        witness_name="Front desk",
        copy_given=True,
        recorded_by_id=therapist.id,
        signed_at=now,
        signed_by_id=therapist.id,
    )
    db.session.add_all([screening, consent])
    db.session.commit()


def add_score(patient, code: str, value: float, taken_on: date, evaluation=None) -> OutcomeScore:
    """A baseline score. Uses an evaluation row when the source-link constraint needs one."""
    from ptplan.evaluations.models import Evaluation

    if evaluation is None:
        evaluation = Evaluation(
            clinic_id=patient.clinic_id,
            patient_id=patient.id,
            therapist_id=patient.primary_therapist_id,
            date_of_service=taken_on,
        )
        db.session.add(evaluation)
        db.session.flush()
    score = OutcomeScore(
        clinic_id=patient.clinic_id,
        patient_id=patient.id,
        code=code,
        value=value,
        taken_on=taken_on,
        source="evaluation",
        evaluation_id=evaluation.id,
    )
    db.session.add(score)
    db.session.commit()
    return score


def form_fields(html: str) -> dict[str, str]:
    """The values a browser would submit for a rendered form (inputs, selects, textareas)."""
    data: dict[str, str] = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name:
            continue
        kind = re.search(r'type="([^"]+)"', tag)
        kind = kind.group(1) if kind else "text"
        value = re.search(r'value="([^"]*)"', tag)
        value = value.group(1) if value else ""
        if kind in ("checkbox", "radio"):
            if " checked" in tag:
                if name.group(1) in data:
                    data[name.group(1)] += "\x00" + value
                else:
                    data[name.group(1)] = value
            continue
        if kind == "submit":
            continue
        data[name.group(1)] = _unescape(value)
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(
            r'<option[^>]*selected[^>]*value="([^"]*)"|<option[^>]*value="([^"]*)"[^>]*selected', body
        )
        first = re.search(r'<option[^>]*value="([^"]*)"', body)
        if chosen:
            data[name] = _unescape(chosen.group(1) or chosen.group(2) or "")
        elif first:
            data[name] = _unescape(first.group(1))
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        data[name] = _unescape(body.lstrip("\n"))
    return data


def _unescape(value: str) -> str:
    import html

    return html.unescape(value)


def post_data(data: dict[str, str]) -> list[tuple[str, str]]:
    """Turn form_fields output into a list of pairs (multi-valued checkboxes split)."""
    pairs = []
    for key, value in data.items():
        for part in value.split("\x00"):
            pairs.append((key, part))
    return pairs


# ---------------------------------------------------------------- request helpers


def clinic_with_plan(make_clinic, make_user, make_patient, **plan_options):
    clinic = make_clinic()
    therapist = make_user("therapist", clinic=clinic)
    patient = make_patient(clinic=clinic, therapist=therapist)
    plan = make_plan(patient, therapist, **plan_options)
    return SimpleNamespace(clinic=clinic, therapist=therapist, patient=patient, plan=plan)


def open_form(client, url: str) -> dict[str, str]:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[-2000:]
    return form_fields(response.get_data(as_text=True))


def submit(client, url: str, fields: dict[str, str], **changes):
    data = dict(fields)
    for key, value in changes.items():
        data[key.replace("__", "-")] = value
    return client.post(url, data=MultiDict(post_data(data)))


def switch_user(client, login, user, page: str = "/patients/") -> None:
    """Log out whoever is logged in, then log in as `user`."""
    token = form_fields(client.get(page).get_data(as_text=True))["csrf_token"]
    client.post("/logout", data={"csrf_token": token})
    login(user)
