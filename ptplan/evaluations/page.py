"""What the evaluation templates show, computed in Python (templates only display it)."""

from __future__ import annotations

from flask_login import current_user
from markupsafe import Markup

from ptplan.evaluations import rules, services
from ptplan.evaluations.bodymap import body_diagram
from ptplan.evaluations.forms import ODI_SECTIONS, EvaluationForm
from ptplan.evaluations.models import EVALUATION_KINDS, Evaluation
from ptplan.evaluations.vocab import (
    DERMATOMES,
    LUMBAR_ROM,
    MYOTOMES,
    PAIN_REGIONS,
    PROGNOSES,
    RED_FLAGS,
    REFLEXES,
    SENSATION,
    SIDES,
    SLR_DIFFERENTIATION,
    TRIGGER_POINT_SIDES,
)
from ptplan.extensions import db
from ptplan.forms import ConfirmForm
from ptplan.outcomes import services as outcomes
from ptplan.outcomes.progress import ORDER, display
from ptplan.patients.icd10 import COMMON_CODES
from ptplan.patients.models import Patient
from ptplan.plans import chart as plan_chart
from ptplan.records.services import addenda_for

VOCAB = {
    "regions": PAIN_REGIONS,
    "red_flags": RED_FLAGS,
    "rom": LUMBAR_ROM,
    "myotomes": MYOTOMES,
    "reflexes": REFLEXES,
    "dermatomes": DERMATOMES,
    "sensation": SENSATION,
    "sides": SIDES,
    "differentiation": SLR_DIFFERENTIATION,
    "prognoses": PROGNOSES,
    "tp_sides": TRIGGER_POINT_SIDES,
    "odi_sections": ODI_SECTIONS,
    "kinds": EVALUATION_KINDS,
}


def form_context(
    form: EvaluationForm,
    patient: Patient,
    kind: str,
    previous: Evaluation | None,
    *,
    evaluation: Evaluation | None,
    measure_problems: dict[str, str],
) -> dict:
    red_flags = [label for name, label in RED_FLAGS.items() if form[name].data]
    return {
        "form": form,
        "patient": patient,
        "kind": kind,
        "kind_label": EVALUATION_KINDS[kind],
        "evaluation": evaluation,
        "previous": previous,
        "last": services.last_values(previous),
        "measure_problems": measure_problems,
        "red_flags": red_flags,
        "vocab": VOCAB,
        "common_codes": COMMON_CODES,
        # bodymap escapes all text it writes
        "body_svg": Markup(body_diagram(form.pain_regions.data or [])),  # noqa: S704
        "open_fabq": any(f.data is not None or f.errors for f in form.answer_fields("fabq"))
        or "fabq" in measure_problems,
        "open_lefs": any(f.data is not None or f.errors for f in form.answer_fields("lefs"))
        or "lefs" in measure_problems,
        # Progressive disclosure (issue #13): these open when asked for, or when they hold data.
        "open_rom": _has_input(form.rom_fields()),
        "open_neuro": _has_input(form.neuro_fields()),
        "trigger_rows_shown": _trigger_rows_shown(form),
    }


def _has_input(fields) -> bool:
    return any(f.errors or f.data not in (None, "") for f in fields)


def _trigger_rows_shown(form: EvaluationForm, spare: int = 1) -> int:
    """Trigger-point rows shown at first: those filled in (or marked), plus ``spare`` empty ones."""
    last_used = 0
    for index, entry in enumerate(form.trigger_points.entries, start=1):
        row = entry.form
        if row.muscle_id.data not in (None, "", "0", 0) or row.errors:
            last_used = index
    return min(len(form.trigger_points.entries), last_used + spare)


def score_rows(evaluation: Evaluation) -> list[dict]:
    """This evaluation's scores with band and change since baseline (first evaluation's score)."""
    series_by_code = {s.code: s for s in outcomes.patient_series(evaluation.patient_id)}
    rows = []
    for score in sorted(evaluation.scores, key=lambda s: ORDER.index(s.code)):
        series = series_by_code.get(score.code)
        baseline = series.baseline if series else None
        row = {"score": score, "display": display(score.code, score.value), "baseline": None, "change": None}
        if baseline is not None and baseline.evaluation_id != evaluation.id:
            row["baseline"] = f"{display(score.code, baseline.value)} on {baseline.taken_on.isoformat()}"
            delta = score.value - baseline.value
            row["delta"] = display(score.code, abs(delta))
            row["direction"] = "up" if delta > 0 else ("down" if delta < 0 else "")
            row["change"] = rules.change_label(score.code, baseline.value, score.value)
        rows.append(row)
    return rows


def view_context(evaluation: Evaluation, addendum_form, sign_form) -> dict:
    patient = db.session.get(Patient, evaluation.patient_id)
    data = services.evaluation_data(evaluation)
    is_author = evaluation.therapist_id == current_user.id
    problems = {}
    if not evaluation.is_signed:
        problems = rules.signing_problems(data, rules.score_measures(data))
    return {
        "evaluation": evaluation,
        "patient": patient,
        "data": data,
        "scores": score_rows(evaluation),
        "slr": {
            side: rules.slr_reading(data[f"slr_{side}_angle"], data[f"slr_{side}_below_knee"])
            for side in SIDES
        },
        "regions": [PAIN_REGIONS[c] for c in data["pain_regions"] if c in PAIN_REGIONS],
        "red_flags": evaluation.red_flags_present,
        "addenda": addenda_for(services.RECORD_TYPE, [evaluation.id])[evaluation.id],
        "addendum_form": addendum_form,
        "sign_form": sign_form,
        "signing_problems": problems,
        "can_edit": not evaluation.is_signed and is_author and current_user.can("clinical.write"),
        "can_sign": not evaluation.is_signed and is_author and current_user.can("clinical.sign"),
        "can_addend": evaluation.is_signed and current_user.can("clinical.write"),
        "signer": evaluation.therapist if evaluation.signed_by_id == evaluation.therapist_id else None,
        "body_svg": Markup(body_diagram(data["pain_regions"])),  # noqa: S704
        "hash_ok": evaluation.verify_content_hash() if evaluation.is_signed else None,
        "vocab": VOCAB,
        "plan_step": plan_chart.next_step(patient, current_user, evaluation_id=evaluation.id)
        if evaluation.is_signed
        else None,
        "plan_confirm": ConfirmForm(),
    }
