"""The read-only FHIR R4 REST API under /fhir/r4/, authenticated by bearer token.

Load (404, also for another clinic's ids), authorise (the token's user, its clinic and role),
act, audit every read like a page view. Every error is an OperationOutcome. CSRF does not
apply: no cookie is read on these routes, only the Authorization header, and nothing writes.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, current_app, request, url_for
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from ptplan.audit import services as audit
from ptplan.auth.access import deny, requires, token_api
from ptplan.db import utcnow
from ptplan.extensions import csrf
from ptplan.fhir import api, codes
from ptplan.fhir.mapping_people import organization_resource, patient_resource, practitioner_resource

bp = Blueprint("fhir", __name__, url_prefix="/fhir/r4")
csrf.exempt(bp)
CONTENT_TYPE = "application/fhir+json; charset=utf-8"
STATUS_CODES = {400: "invalid", 401: "login", 403: "forbidden", 404: "not-found", 405: "not-supported"}


def fhir_json(resource: dict, status: int = 200) -> Response:
    return Response(json.dumps(resource, ensure_ascii=False), status=status, content_type=CONTENT_TYPE)


def base_url() -> str:
    return url_for("fhir.metadata", _external=True).removesuffix("/metadata")


@bp.errorhandler(HTTPException)
def operation_outcome(error: HTTPException):
    status = error.code or 500
    messages = {
        401: "A valid bearer token is required (Authorization: Bearer ...). It may be missing, malformed, expired or revoked.",
        403: "This token's role does not allow reading clinical data.",
        404: "No such resource.",
        405: "This API is read-only.",
    }
    text = (
        getattr(error, "description", None) if status == 400 else messages.get(status, "The request failed.")
    )
    response = fhir_json(api.outcome("error", STATUS_CODES.get(status, "exception"), text), status)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="ptplan FHIR", error="invalid_token"'
    return response


def _read_audit(resource_type: str, resource_id: str, patient_id: int | None) -> None:
    audit.record(
        "read",
        "fhir_api",
        patient_id=patient_id,
        entity_type=resource_type[:32],
        detail=f"{resource_type}/{resource_id}",
    )


@bp.get("/metadata")
def metadata():
    return fhir_json(api.capability_statement(base_url()))


@bp.get("/Patient/<resource_id>/$everything")
@token_api
@requires("clinical.read")
def everything(resource_id: str):
    from ptplan.fhir.record import bundle, load_record  # the record mapping: imported when served

    located = _located_or_404("Patient", resource_id)
    record = load_record(located.patient)
    result = bundle(record, base_url=base_url(), bundle_type="searchset", timestamp=utcnow())
    audit.record(
        "read",
        "fhir_api",
        patient_id=located.patient.id,
        entity_type="Patient",
        detail=f"Patient/{resource_id}/$everything",
    )
    return fhir_json(result)


@bp.get("/<resource_type>/<resource_id>")
@token_api
@requires("clinical.read")
def read(resource_type: str, resource_id: str):
    from ptplan.fhir.record import load_record  # the record mapping: imported when served

    if resource_type not in codes.RESOURCE_TYPES:
        abort(404)
    located = _located_or_404(resource_type, resource_id)
    if located.patient is None:
        resource = _clinic_level(resource_type, located)
    else:
        resource = load_record(located.patient).find(resource_type, resource_id)
    if resource is None:
        abort(404)  # a draft, or a row that is not part of the exported record
    _read_audit(resource_type, resource_id, located.patient.id if located.patient else None)
    return fhir_json(resource)


def _clinic_level(resource_type: str, located: api.Located) -> dict:
    if resource_type == "Practitioner":
        return practitioner_resource(located.user)
    return organization_resource(located.clinic)


def _located_or_404(resource_type: str, resource_id: str) -> api.Located:
    located = api.locate(resource_type, resource_id)
    if located is None:
        abort(404)
    if located.clinic_id != current_user.clinic_id:
        deny(404, "fhir_api", "object from another clinic", entity_type=resource_type[:32])
    return located


@bp.get("/<resource_type>")
@token_api
@requires("clinical.read")
def search(resource_type: str):
    from ptplan.fhir.record import load_record  # the record mapping: imported when served

    if resource_type not in codes.RESOURCE_TYPES:
        abort(404)
    try:
        params = api.check_search(resource_type, request.args)
        if resource_type == "Patient":
            patient = api.find_by_identifier(params["identifier"], current_user.clinic_id)
            matches = [patient_resource(patient)] if patient else []
            patient_id = patient.id if patient else None
        else:
            patient_id = api.patient_key(params["patient"])
            located = api.locate("Patient", str(patient_id))
            if located is None or located.clinic_id != current_user.clinic_id:
                matches = []  # an empty result, as for a patient with no records: nothing leaks
                patient_id = None
            else:
                matches = list(load_record(located.patient).resources(resource_type))
                if "code" in params:
                    matches = [r for r in matches if api.code_matches(r, params["code"])]
    except api.SearchError as problem:
        abort(400, description=str(problem))
    audit.record(
        "query",
        "fhir_api",
        patient_id=patient_id,
        entity_type=resource_type[:32],
        detail=f"search by {','.join(sorted(params))}",
    )
    base = base_url()
    result = {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(matches),
        "entry": [
            {"fullUrl": f"{base}/{r['resourceType']}/{r['id']}", "resource": r, "search": {"mode": "match"}}
            for r in matches
        ],
    }
    return fhir_json(result)


@bp.get("/<path:unknown>")
@token_api
@requires("clinical.read")
def unknown(unknown: str):
    current_app.logger.info("FHIR API: unsupported path requested")
    abort(404)
