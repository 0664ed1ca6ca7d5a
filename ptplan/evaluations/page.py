"""What the evaluation templates show, computed in Python (templates only display it)."""

from __future__ import annotations

from flask_login import current_user
from markupsafe import Markup

from ptplan import charting, measures
from ptplan.catalogue.regions import BODY_REGIONS
from ptplan.evaluations import regions, rules, services
from ptplan.evaluations.bodymap import body_diagram
from ptplan.evaluations.forms import NDI_SECTIONS, ODI_SECTIONS, EvaluationForm
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
from ptplan.measures import display
from ptplan.outcomes import services as outcomes
from ptplan.outcomes.progress import ORDER
from ptplan.patients.icd10 import COMMON_CODES
from ptplan.patients.models import Patient
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
    "ndi_sections": NDI_SECTIONS,
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
    measure_problems = {**getattr(form, "measure_errors", {}), **measure_problems}
    data = form.to_data()
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
        "open_ndi": _started(form, "ndi", measure_problems),
        "open_quickdash": _started(form, "quickdash", measure_problems)
        or any(_started(form, code, measure_problems) for code in rules.SCORE_ONLY_ANSWERS),
        "open_quickdash_work": _started(form, "quickdash_work", measure_problems),
        "open_quickdash_sports": _started(form, "quickdash_sports", measure_problems),
        "region_panels": region_panels(data["body_regions"], data["special_tests"], data["region_rom"]),
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


def _started(form: EvaluationForm, code: str, problems: dict) -> bool:
    return code in problems or any(f.data is not None or f.errors for f in form.answer_fields(code))


def region_panels(chosen: list[str], special_tests: dict, rom: dict) -> list[dict]:
    """One panel per body region for the form: open when chosen or already filled in."""
    findings = regions.cluster_findings(special_tests)
    panels = []
    for code, label in BODY_REGIONS.items():
        tests = {t.code for t in regions.tests_for(code)}
        clusters = [c for c in regions.CLUSTERS if c.region == code]
        panels.append(
            {
                "code": code,
                "label": label,
                "open": code in chosen or bool(tests & set(special_tests)) or code in rom,
                "measures": [measures_name(m) for m in regions.SUGGESTED_MEASURES[code]],
                "clusters": [
                    {
                        "label": c.label,
                        "source": c.source,
                        "rule": "; ".join(
                            f"{n} of {len(c.tests)} positive: +LR {lr:g}" for n, lr in c.ratios
                        ),
                    }
                    for c in clusters
                ],
                "findings": [f for f in findings if f.cluster.region == code],
            }
        )
    return panels


def region_summary(data: dict) -> list[dict]:
    """What the signed note shows per region examined: positive and negative tests,
    clusters with their likelihood ratios, and range of motion."""
    findings = regions.cluster_findings(data.get("special_tests") or {})
    rows = []
    special = data.get("special_tests") or {}
    rom = data.get("region_rom") or {}
    shown = [c for c in BODY_REGIONS if c in (data.get("body_regions") or []) or c in rom]
    shown += [t.region for t in regions.SPECIAL_TESTS if t.code in special and t.region not in shown]
    for code in BODY_REGIONS:
        if code not in shown:
            continue
        rows.append(
            {
                "label": BODY_REGIONS[code],
                "tests": [
                    (t.label, {side: special[t.code].get(side, "") for side in regions.SIDES})
                    for t in regions.tests_for(code)
                    if t.code in special
                ],
                "findings": [f.text for f in findings if f.cluster.region == code],
                "rom": [
                    (m.label, {side: rom.get(code, {}).get(m.code, {}).get(side) for side in regions.SIDES})
                    for m in regions.REGION_ROM.get(code, ())
                    if m.code in rom.get(code, {})
                ],
            }
        )
    return rows


def measures_name(code: str) -> str:
    return measures.get(code).abbreviation


def score_rows(evaluation: Evaluation) -> list[dict]:
    """This evaluation's scores with band and change since baseline (first evaluation's score)."""
    series_by_code = {s.code: s for s in outcomes.patient_series(evaluation.patient_id)}
    rows = []
    for score in sorted(evaluation.scores, key=lambda s: ORDER.index(s.code)):
        series = series_by_code.get(score.code)
        baseline = series.baseline if series else None
        row = {
            "score": score,
            "abbreviation": measures.get(score.code).abbreviation,
            "display": display(score.code, score.value),
            "baseline": None,
            "change": None,
        }
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
        "region_rows": region_summary(data),
        "vocab": VOCAB,
        "plan_step": charting.after_evaluation(patient, current_user, evaluation_id=evaluation.id)
        if evaluation.is_signed
        else None,
        "plan_confirm": ConfirmForm(),
    }
