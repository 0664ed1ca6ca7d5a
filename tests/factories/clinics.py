"""Clinics and staff users, committed, with unique names and emails from a counter."""

from __future__ import annotations

from itertools import count

from ptplan.auth.services import create_user
from ptplan.clinics.models import Clinic
from ptplan.extensions import db

PASSWORD = "correct horse battery staple"

_numbers = count(1)


def new_clinic(**overrides) -> Clinic:
    """A clinic in New York time; any column can be overridden."""
    values = {"name": f"Clinic {next(_numbers)}", "timezone": "America/New_York", "phone": "555-0100"}
    values.update(overrides)
    clinic = Clinic(**values)
    db.session.add(clinic)
    db.session.commit()
    return clinic


def new_user(role: str = "therapist", clinic: Clinic | None = None, password: str = PASSWORD, **overrides):
    """A user of ``role`` through the real user service (a new clinic unless one is given)."""
    clinic = clinic or new_clinic()
    n = next(_numbers)
    values = {
        "email": f"{role}{n}@example.test",
        "full_name": f"{role.title()} Number{n}",
        "credentials": "PT, DPT" if role == "therapist" else "",
    }
    values.update(overrides)
    user = create_user(clinic_id=clinic.id, role=role, password=password, **values)
    db.session.commit()
    return user
