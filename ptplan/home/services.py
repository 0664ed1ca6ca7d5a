"""What a therapist needs today: their caseload and the paperwork that waits on them."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import case, select

from ptplan.auth.models import User
from ptplan.extensions import db
from ptplan.patients.models import Patient


@dataclass
class MyDay:
    patients: list[Patient]
    alerts: list = field(default_factory=list)


def my_day(user: User, limit: int = 50) -> MyDay:
    patients = db.session.scalars(
        select(Patient)
        .where(
            Patient.clinic_id == user.clinic_id,
            Patient.primary_therapist_id == user.id,
            Patient.status != "archived",
        )
        .order_by(case((Patient.status == "active", 0), else_=1), Patient.last_name, Patient.first_name)
        .limit(limit)
    ).all()
    return MyDay(patients=patients, alerts=_alerts_for(user))


def _alerts_for(user: User) -> list:
    """Unsigned notes, due progress notes and certifications, from the sessions package."""
    from ptplan.sessions.alerts import alerts_for_therapist

    return alerts_for_therapist(user)
