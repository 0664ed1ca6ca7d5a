"""The chart's "Download the patient's record" action (no queries)."""

from __future__ import annotations

from flask import url_for

from ptplan import charting
from ptplan.charting import Action


def actions(patient, user) -> list[Action]:
    if not user.can("clinical.print"):
        return []
    return [Action("Download the patient's record", url_for("interop.patient_copy", patient_id=patient.id))]


charting.register("interop", order=60, actions=actions)
