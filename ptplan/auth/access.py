"""Deny-by-default access policy: log in, then clinic boundary and role (SECURITY.md AC-01..04).

Every view either carries ``@requires(...)`` or is on ``PUBLIC_ENDPOINTS``. A ``before_request``
hook refuses any endpoint that has neither, so a forgotten decorator fails closed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, NoReturn, TypeVar

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from ptplan.audit import services as audit
from ptplan.extensions import db


def audit_denial(category: str, detail: str = "", *, action: str = "denied", **entity: Any) -> None:
    """Record a refusal so that it survives the refusal: roll back the request's own changes,
    audit the denial (AUD-01), and commit that row alone.

    ``entity`` takes ``audit.record``'s keywords (patient_id, entity_type, entity_id).
    """
    db.session.rollback()
    audit.record(action, category, outcome="denied", detail=detail, **entity)
    db.session.commit()


def deny(
    status: int, category: str, detail: str = "", *, message: str | None = None, **entity: Any
) -> NoReturn:
    """Refuse the request with ``status`` (403, 404...), audited first (``audit_denial``).

    ``message`` replaces the error page's standard text, for a refusal the user can act on.
    """
    audit_denial(category, detail, **entity)
    try:
        abort(status)
    except HTTPException as error:
        if message:
            error.ptplan_message = message
        raise


PUBLIC_ENDPOINTS = frozenset(
    {
        "auth.login",
        "auth.second_factor",
        "static",
        "health.healthz",
        "fhir.metadata",
        # reviewed: one answer for every address; a reset link is checked and counted on POST
        "recovery.forgot_password",
        "recovery.reset_password",
    }
)
_MARK = "_ptplan_permissions"
_BEARER_MARK = "_ptplan_bearer_api"

ModelT = TypeVar("ModelT")


def requires(*permissions: str) -> Callable:
    """The user must be logged in and hold every permission listed (stackable)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            return view(*args, **kwargs)

        setattr(wrapped, _MARK, getattr(view, _MARK, ()) + permissions)
        return wrapped

    return decorator


def authenticated_only(view: Callable) -> Callable:
    """Any logged-in user (own profile, log-out, home)."""
    setattr(view, _MARK, getattr(view, _MARK, ()) + ("authenticated",))
    return view


def token_api(view: Callable) -> Callable:
    """The view authenticates by bearer token only (the FHIR API): no cookie, no redirect.

    Without a valid token it answers 401; the permissions from ``@requires`` still apply.
    """
    setattr(view, _BEARER_MARK, True)
    return view


def is_token_endpoint(endpoint: str | None) -> bool:
    view = current_app.view_functions.get(endpoint) if endpoint else None
    return bool(getattr(view, _BEARER_MARK, False))


def declared_permissions(endpoint: str) -> tuple[str, ...] | None:
    view = current_app.view_functions.get(endpoint)
    return getattr(view, _MARK, None) if view is not None else None


def enforce_access() -> Any:
    """before_request: deny by default. Fails closed on any error (AC-04)."""
    endpoint = request.endpoint
    if endpoint is None:  # 404 / 405: let the error handlers answer
        return None
    if endpoint in PUBLIC_ENDPOINTS:
        return None
    permissions = declared_permissions(endpoint)
    if not current_user.is_authenticated:
        if is_token_endpoint(endpoint):
            abort(401)
        if request.method == "GET":
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return redirect(url_for("auth.login"))
    if permissions is None:
        current_app.logger.error("endpoint %s has no access declaration; denied", endpoint)
        abort(403)
    for permission in permissions:
        if permission != "authenticated" and not current_user.can(permission):
            deny(403, "access", f"{endpoint} needs {permission}")
    return None


def clinic_object_or_404(model: type[ModelT], object_id: Any, *, category: str) -> ModelT:
    """Load by id, then check the clinic boundary. Another clinic's id answers 404, audited."""
    try:
        key = int(object_id)
    except (TypeError, ValueError):
        abort(404)
    obj = db.session.get(model, key)
    if obj is None:
        abort(404)
    if obj.clinic_id != current_user.clinic_id:
        deny(404, category, "object from another clinic", entity_type=model.__tablename__, entity_id=key)
    return obj
