"""Plain words for the patient's printed plan: goals, muscles and hands-on treatments.

Pure (no Flask, no database). JOURNEYS.md: the home plan is read at home, often by someone
in pain or reading in a second language, so it says "Less pain: from 7 to 3 out of 10",
never "NPRS 7 -> 3", and it carries no billing or diagnosis codes. Every sentence goes
through the active translator, so the same rules print in the patient's language.
"""

from __future__ import annotations

import re

from ptplan.catalogue import PLAIN_MUSCLES, PLAIN_TECHNIQUES
from ptplan.i18n.translator import N_, _, active

# Code references a clinician may type into a free-text goal; the handout never shows them.
_LABELLED_CODE = re.compile(r"\s*\(?\b(?:CPT|ICD-?10(?:-CM)?)\b[\s:#-]*[A-Z]?\d[\dA-Z.]*\)?", re.IGNORECASE)
_ICD_CODE = re.compile(r"\s*\(?\b[A-TV-Z]\d{2}\.[0-9A-Z]{1,4}\b\)?")
_CPT_CODE = re.compile(r"\s*\(?\b(?:97\d{3}|2056[01])\b\)?")


def _number(value: float) -> str:
    """7.0 -> "7", 35.6 -> "35.6" ("35,6" in Spanish): no trailing ".0" on a patient's paper."""
    return active().number(value)


def scrub_codes(text: str) -> str:
    """Remove CPT/ICD-10 code references from free text ("M54.41", "CPT 97110", "(20560)")."""
    cleaned = text
    for pattern in (_LABELLED_CODE, _ICD_CODE, _CPT_CODE):
        cleaned = pattern.sub("", cleaned)
    if cleaned == text:
        return text
    return re.sub(r"\s{2,}", " ", cleaned).strip(" ,;:")


# measure code -> (wording with a baseline, wording without one). Whole sentences, so each
# language can order the numbers its own way.
_MEASURES: dict[str, tuple[str, str]] = {
    "nprs": (
        N_("Less pain: from %(baseline)s to %(target)s out of 10"),
        N_("Less pain: down to %(target)s out of 10"),
    ),
    "odi": (
        N_(
            "Do more of your daily activities (back-pain questionnaire score from %(baseline)s to %(target)s or less)"
        ),
        N_("Do more of your daily activities (back-pain questionnaire score %(target)s or less)"),
    ),
    "psfs": (
        N_(
            "Do the activities that matter most to you more easily "
            "(activity score from %(baseline)s to %(target)s or more out of 10)"
        ),
        N_(
            "Do the activities that matter most to you more easily (activity score %(target)s or more out of 10)"
        ),
    ),
    "lefs": (
        N_(
            "Use your legs more easily in daily life (leg function score from %(baseline)s to %(target)s or more out of 80)"
        ),
        N_("Use your legs more easily in daily life (leg function score %(target)s or more out of 80)"),
    ),
    "fabq": (
        N_(
            "Feel less worried that activity will harm your back (worry score from %(baseline)s to %(target)s or less)"
        ),
        N_("Feel less worried that activity will harm your back (worry score %(target)s or less)"),
    ),
    # Neck and arm measures (NDI, QuickDASH and its modules), worded ahead of the regional library.
    "ndi": (
        N_(
            "Do more of your daily activities (neck questionnaire score from %(baseline)s to %(target)s or less)"
        ),
        N_("Do more of your daily activities (neck questionnaire score %(target)s or less)"),
    ),
    "quickdash": (
        N_(
            "Use your arm and hand more easily "
            "(arm questionnaire score from %(baseline)s to %(target)s or less out of 100)"
        ),
        N_("Use your arm and hand more easily (arm questionnaire score %(target)s or less out of 100)"),
    ),
    "quickdash_work": (
        N_(
            "Do your work tasks more easily (arm work score from %(baseline)s to %(target)s or less out of 100)"
        ),
        N_("Do your work tasks more easily (arm work score %(target)s or less out of 100)"),
    ),
    "quickdash_sports": (
        N_(
            "Do your sport or music more easily (arm sport score from %(baseline)s to %(target)s or less out of 100)"
        ),
        N_("Do your sport or music more easily (arm sport score %(target)s or less out of 100)"),
    ),
}

# 0-100 disability measures (higher is worse) the patient's progress chart can show.
DISABILITY_MEASURES = ("odi", "ndi", "quickdash")
_DISABILITY_TITLES = {
    "odi": N_("Limits on daily life (back)"),
    "ndi": N_("Limits on daily life (neck)"),
    "quickdash": N_("Trouble using your arm"),
}


def disability_title(code: str | None) -> str:
    """The plain chart title for a disability measure."""
    return _DISABILITY_TITLES.get(code or "", N_("Limits on daily life"))


def goal_wording(
    *,
    description: str,
    patient_wording: str = "",
    measure_code: str | None = None,
    baseline: float | None = None,
    target: float | None = None,
) -> str:
    """A goal in words a patient understands, in the active document language.

    The therapist's own patient wording wins (printed as typed: the therapist may write it in
    the patient's language; the shipped templates' wordings are translated). Otherwise a measured goal is rewritten from its numbers ("Less
    pain: from 7 to 3 out of 10"); an unmeasured goal keeps the therapist's description with
    any code references removed.
    """
    if patient_wording and patient_wording.strip():
        # A shipped template's wording is catalogued and prints translated; the therapist's
        # own wording has no catalogue entry and prints as typed.
        return scrub_codes(_(patient_wording.strip()))
    spec = _MEASURES.get(measure_code or "")
    if spec is None or target is None:
        return scrub_codes(description.strip()) or _("Feel and move better")
    with_baseline, without = spec
    if baseline is not None:
        return _(with_baseline) % {"baseline": _number(baseline), "target": _number(target)}
    return _(without) % {"target": _number(target)}


def _side(side: str) -> str:
    return {"left": _("left side"), "right": _("right side"), "both": _("both sides")}[side]


def muscle_words(slug: str, name: str, side: str) -> str:
    """ "Deep buttock muscle (piriformis, right side)"; an unknown muscle keeps its name."""
    plain = PLAIN_MUSCLES.get(slug)
    details = [name.split(" (")[0].lower()] if plain else []
    if side in ("left", "right", "both"):
        details.append(_side(side))
    text = _(plain) if plain else name
    if not details:
        return text
    return _("%(muscle)s (%(details)s)") % {"muscle": text, "details": ", ".join(details)}


def technique_words(slug: str, name: str) -> str:
    """A technique's everyday name; a clinic's own technique keeps its name, minus brackets."""
    plain = PLAIN_TECHNIQUES.get(slug)
    if plain:
        return _(plain)
    return scrub_codes(re.sub(r"\s*\([^)]*\)", "", name)) or name
