"""Shared checks for the FHIR tests: validate and round-trip with fhir.resources (R4B models)."""

from __future__ import annotations

import json

from fhir.resources.R4B import get_fhir_model_class


def validate_round_trip(resource: dict) -> None:
    """Parse with the R4B model of its type, serialise, and compare with what we produced."""
    model = get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    again = json.loads(model.model_dump_json(exclude_none=True, by_alias=True))
    assert again == resource, resource["resourceType"]


def resource_key(resource: dict) -> str:
    return f"{resource['resourceType']}/{resource['id']}"
