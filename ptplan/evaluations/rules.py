"""Pure rules of the evaluation note: which fields it holds, how measures are scored from
the answers, what signing requires, and how a re-evaluation carries the last one forward.

No Flask and no database: the service applies these to models.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ptplan import measures
from ptplan.evaluations.vocab import (
    FABQ_ITEMS,
    LEFS_ITEMS,
    LUMBAR_ROM,
    ODI_ITEMS,
    RED_FLAGS,
    SIDES,
    empty_neuro_screen,
)

SUBJECTIVE_COLUMNS = (
    "chief_complaint",
    "onset_date",
    "onset_mechanism",
    "aggravating_factors",
    "easing_factors",
    "patient_goals",
    *RED_FLAGS,
    "red_flag_notes",
    "pain_regions",
)
PAIN_COLUMNS = ("nprs_current", "nprs_best", "nprs_worst")
SLR_COLUMNS = tuple(
    f"slr_{side}_{part}" for side in SIDES for part in ("angle", "below_knee", "differentiation", "crossed")
)
# Body regions examined, their special tests and range of motion (ptplan.evaluations.regions).
REGION_COLUMNS = ("body_regions", "special_tests", "region_rom")
OBJECTIVE_COLUMNS = (*SLR_COLUMNS, *LUMBAR_ROM, "neuro_screen", *REGION_COLUMNS)
ANSWER_COLUMNS = ("odi_answers", "fabq_answers", "lefs_answers", "ndi_answers", "quickdash_answers")
# Added after records were first signed: left out of the signing content while empty, so
# evaluations signed before they existed keep their content hash.
OPTIONAL_CONTENT_COLUMNS = (*REGION_COLUMNS, "ndi_answers", "quickdash_answers")
ASSESSMENT_COLUMNS = ("impression", "diagnoses", "prognosis", "prognosis_text", "problem_list")
CONTENT_COLUMNS = (
    *SUBJECTIVE_COLUMNS,
    *PAIN_COLUMNS,
    *OBJECTIVE_COLUMNS,
    *ANSWER_COLUMNS,
    *ASSESSMENT_COLUMNS,
)
# What a re-evaluation carries forward: everything except the outcome measures.
CARRIED_FORWARD = (*SUBJECTIVE_COLUMNS, *OBJECTIVE_COLUMNS, *ASSESSMENT_COLUMNS)

ANSWER_LENGTHS = {
    "odi": ODI_ITEMS,
    "fabq": FABQ_ITEMS,
    "lefs": LEFS_ITEMS,
    "ndi": measures.get("ndi").item_count,
    "quickdash": measures.get("quickdash").item_count,
    "quickdash_work": measures.get("quickdash_work").item_count,
    "quickdash_sports": measures.get("quickdash_sports").item_count,
}
# QuickDASH's optional work and sports modules have no answer column of their own: their
# answers live only on their OutcomeScore row (a module is saved only when scorable), so
# the schema, and the content hash of notes signed before the modules were collected, stay
# as they were. services.evaluation_data reads them back from there.
SCORE_ONLY_ANSWERS = ("quickdash_work", "quickdash_sports")
# A functional measure is needed to sign (project choice): any of these, for any region.
FUNCTIONAL_MEASURES = ("odi", "ndi", "quickdash", "lefs", "psfs")


@dataclass(frozen=True)
class ComputedScore:
    code: str
    value: float
    band: str | None
    answers: list
    subscores: dict | None


@dataclass
class Scoring:
    """Scores of the measures that could be scored, and why the others could not."""

    scores: dict[str, ComputedScore] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)  # code -> message for the clinician


def _has_answers(answers: list | None) -> bool:
    return bool(answers) and any(a is not None for a in answers)


def score_measures(data: dict) -> Scoring:
    """Score every measure the data holds answers for, with ptplan.measures (server authoritative).

    NPRS is the current rating (best and worst ride along as subscores); ODI, FABQ and LEFS are
    answer lists; PSFS is the mean of the activity ratings.
    """
    result = Scoring()
    if data.get("nprs_current") is not None:
        subscores = {
            k: float(data[f"nprs_{k}"]) for k in ("best", "worst") if data.get(f"nprs_{k}") is not None
        }
        _score(result, "nprs", [data["nprs_current"]], subscores or None)
    for code in ANSWER_LENGTHS:
        answers = data.get(f"{code}_answers")
        if _has_answers(answers):
            _score(result, code, list(answers))
    activities = data.get("psfs_activities") or []
    if activities:
        _score(result, "psfs", [a["rating"] for a in activities])
    return result


def _score(result: Scoring, code: str, answers: list, subscores: dict | None = None) -> None:
    try:
        scored = measures.score(code, answers)
    except measures.MeasureError as problem:
        result.problems[code] = str(problem)
        return
    result.scores[code] = ComputedScore(
        code=code,
        value=scored.value,
        band=scored.band,
        answers=answers,
        subscores=subscores if subscores is not None else scored.subscores,
    )


def signing_problems(data: dict, scoring: Scoring) -> dict[str, str]:
    """What signing requires (project choice): the complaint, current pain, one functional
    measure scored (ODI, NDI, QuickDASH, LEFS or PSFS: whichever fits the region), and no
    measure left half-answered. Keys name the form field to mark."""
    problems: dict[str, str] = {}
    if not (data.get("chief_complaint") or "").strip():
        problems["chief_complaint"] = "Enter the chief complaint before signing."
    if data.get("nprs_current") is None:
        problems["nprs_current"] = "Enter the current pain rating (0-10) before signing."
    for code, message in scoring.problems.items():
        problems[code] = message
    functional = set(FUNCTIONAL_MEASURES)
    if not functional & set(scoring.scores) and not functional & set(problems):
        problems["odi"] = (
            "Complete the ODI or the PSFS (or the NDI, QuickDASH or LEFS for other regions) "
            "before signing: one functional measure is required."
        )
    return problems


def slr_reading(angle: int | None, below_knee: bool) -> str:
    """ "positive", "negative" or "" (not tested), per ptplan.measures.slr_positive."""
    if angle is None:
        return ""
    return "positive" if measures.slr_positive(angle, bool(below_knee)) else "negative"


def normalised_neuro_screen(screen: dict | None) -> dict:
    """The fixed-shape grid, with only known cells copied over."""
    clean = empty_neuro_screen()
    for group, cells in clean.items():
        for key, sides in cells.items():
            for side in sides:
                sides[side] = ((screen or {}).get(group) or {}).get(key, {}).get(side)
    return clean


def carry_forward(previous: dict) -> dict:
    """A re-evaluation starts from the previous note, with the outcome measures blank.

    PSFS keeps the patient's named activities (they are re-rated), with the ratings blank.
    """
    data = {name: previous.get(name) for name in CARRIED_FORWARD}
    data["trigger_points"] = [dict(tp) for tp in previous.get("trigger_points", [])]
    data["psfs_activities"] = [
        {"activity": a["activity"], "rating": None} for a in previous.get("psfs_activities", [])
    ]
    return data


def change_label(code: str, baseline: float, value: float) -> str | None:
    """ "improved" / "no change" / "worse" against the MCID, or None when the measure has none."""
    if measures.get(code).mcid is None:
        return None
    return measures.change(code, baseline, value)


def format_value(code: str, value: float) -> str:
    if code in ("odi", "ndi"):
        return f"{value:.0f}%" if value == round(value) else f"{value:.1f}%"
    if code.startswith("quickdash"):
        return f"{value:.0f}" if value == round(value) else f"{value:.1f}"
    if code == "psfs":
        return f"{value:.1f}"
    return f"{value:g}"
