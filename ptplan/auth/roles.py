"""The role x permission matrix (SECURITY.md, AC-03). Anything not listed is denied."""

from __future__ import annotations

ROLES = ("therapist", "manager", "admin")

ROLE_LABELS = {"therapist": "Therapist", "manager": "Clinic manager", "admin": "Administrator"}

# Permissions name what a person may do, not which page they may see.
PERMISSIONS: dict[str, frozenset[str]] = {
    # therapist: own clinic's patients; writes and signs own notes
    "therapist": frozenset(
        {
            "patient.read",
            "patient.write",
            "clinical.read",
            "clinical.write",
            "clinical.sign",
            "clinical.print",
            "caseload.own",
            "library.read",
            "translations.review",  # only for languages an administrator marked them for
        }
    ),
    # manager: reads everything in the clinic, reviews caseloads, manages libraries and
    # templates; never writes or signs clinical notes
    "manager": frozenset(
        {
            "patient.read",
            "patient.write",
            "clinical.read",
            "clinical.print",
            "caseload.all",
            "caseload.own",
            "library.read",
            "library.manage",
            "audit.read",
            "clinic.settings",
            "users.recover",
            "translations.review",
        }
    ),
    # admin: users and clinic settings, the audit report; no clinical access
    # users.recover: password-reset links for the clinic's staff (managers: never for an admin)
    "admin": frozenset({"users.manage", "users.recover", "clinic.settings", "audit.read"}),
}


def role_has(role: str, permission: str) -> bool:
    """Deny by default: an unknown role or permission is simply absent."""
    return permission in PERMISSIONS.get(role, frozenset())
