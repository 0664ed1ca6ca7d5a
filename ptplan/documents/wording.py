"""Plain words for the patient's printed plan: goals, muscles and hands-on treatments.

Pure (no Flask, no database). JOURNEYS.md: the home plan is read at home, often by someone
in pain or reading in a second language, so it says "Less pain: from 7 to 3 out of 10",
never "NPRS 7 -> 3", and it carries no billing or diagnosis codes.
"""

from __future__ import annotations

import re

from ptplan.catalogue import PLAIN_MUSCLES, PLAIN_TECHNIQUES

# Code references a clinician may type into a free-text goal; the handout never shows them.
_LABELLED_CODE = re.compile(r"\s*\(?\b(?:CPT|ICD-?10(?:-CM)?)\b[\s:#-]*[A-Z]?\d[\dA-Z.]*\)?", re.IGNORECASE)
_ICD_CODE = re.compile(r"\s*\(?\b[A-TV-Z]\d{2}\.[0-9A-Z]{1,4}\b\)?")
_CPT_CODE = re.compile(r"\s*\(?\b(?:97\d{3}|2056[01])\b\)?")


def _number(value: float) -> str:
    """7.0 -> "7", 35.6 -> "35.6": no trailing ".0" on a patient's paper."""
    return f"{value:g}"


def scrub_codes(text: str) -> str:
    """Remove CPT/ICD-10 code references from free text ("M54.41", "CPT 97110", "(20560)")."""
    cleaned = text
    for pattern in (_LABELLED_CODE, _ICD_CODE, _CPT_CODE):
        cleaned = pattern.sub("", cleaned)
    if cleaned == text:
        return text
    return re.sub(r"\s{2,}", " ", cleaned).strip(" ,;:")


# measure code -> (lead phrase, what the score is called, scale suffix, lower is better)
_MEASURES: dict[str, tuple[str, str, str, bool]] = {
    "nprs": ("Less pain", "", " out of 10", True),
    "odi": ("Do more of your daily activities", "back-pain questionnaire score", "", True),
    "psfs": (
        "Do the activities that matter most to you more easily",
        "activity score",
        " out of 10",
        False,
    ),
    "lefs": ("Use your legs more easily in daily life", "leg function score", " out of 80", False),
    "fabq": (
        "Feel less worried that activity will harm your back",
        "worry score",
        "",
        True,
    ),
    "ndi": ("Do more of your daily activities", "neck questionnaire score", "", True),
    "quickdash": ("Use your arm and hand more easily", "arm questionnaire score", " out of 100", True),
    "quickdash_work": ("Do your work tasks more easily", "arm work score", " out of 100", True),
    "quickdash_sports": ("Do your sport or music more easily", "arm sport score", " out of 100", True),
}

# 0-100 disability measures (higher is worse) the patient's progress chart can show.
DISABILITY_MEASURES = ("odi", "ndi", "quickdash")
_DISABILITY_TITLES = {
    "odi": "Limits on daily life (back)",
    "ndi": "Limits on daily life (neck)",
    "quickdash": "Trouble using your arm",
}


def disability_title(code: str | None) -> str:
    """The plain chart title for a disability measure."""
    return _DISABILITY_TITLES.get(code or "", "Limits on daily life")


def goal_wording(
    *,
    description: str,
    patient_wording: str = "",
    measure_code: str | None = None,
    baseline: float | None = None,
    target: float | None = None,
) -> str:
    """A goal in words a patient understands.

    The therapist's own patient wording wins. Otherwise a measured goal is rewritten from its
    numbers ("Less pain: from 7 to 3 out of 10"); an unmeasured goal keeps the therapist's
    description with any code references removed.
    """
    if patient_wording and patient_wording.strip():
        return scrub_codes(patient_wording.strip())
    spec = _MEASURES.get(measure_code or "")
    if spec is None or target is None:
        return scrub_codes(description.strip()) or "Feel and move better"
    lead, score_name, scale, lower_is_better = spec
    bound = " or less" if lower_is_better else " or more"
    if measure_code == "nprs":
        if baseline is not None:
            return f"{lead}: from {_number(baseline)} to {_number(target)}{scale}"
        return f"{lead}: down to {_number(target)}{scale}"
    if baseline is not None:
        numbers = f"from {_number(baseline)} to {_number(target)}{bound}{scale}"
    else:
        numbers = f"{_number(target)}{bound}{scale}"
    return f"{lead} ({score_name} {numbers})"


_SIDES = {"left": "left side", "right": "right side", "both": "both sides"}


def muscle_words(slug: str, name: str, side: str) -> str:
    """ "Deep buttock muscle (piriformis, right side)"; an unknown muscle keeps its name."""
    plain = PLAIN_MUSCLES.get(slug)
    details = [name.split(" (")[0].lower()] if plain else []
    if side in _SIDES:
        details.append(_SIDES[side])
    text = plain or name
    return f"{text} ({', '.join(details)})" if details else text


def technique_words(slug: str, name: str) -> str:
    """A technique's everyday name; a clinic's own technique keeps its name, minus brackets."""
    return PLAIN_TECHNIQUES.get(slug) or scrub_codes(re.sub(r"\s*\([^)]*\)", "", name)) or name
