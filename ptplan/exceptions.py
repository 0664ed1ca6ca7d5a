"""Domain exceptions: refusals a service raises and a view (or the error handler) shows the user.

They carry the HTTP status the web layer answers with, and import nothing, so every layer (pure
rules, services, models) can raise them.
"""

from __future__ import annotations


class DomainError(Exception):
    """A business-rule refusal whose message is fit to show the user."""

    status_code = 400


class ConflictError(DomainError):
    status_code = 409


class SignedRecordError(ConflictError):
    """A signed clinical record was about to change (SECURITY.md NOTE-01)."""
