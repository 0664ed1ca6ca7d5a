"""Time-based one-time passwords (RFC 6238) as a second factor (SECURITY.md AUTH-06).

Required for the roles in ``MFA_REQUIRED_ROLES`` (managers and admins in production) and
available to everyone. A code is accepted once: its time step must be newer than the last one
used. A wrong code counts toward the same lockout as a wrong password (AUTH-04).
"""

from __future__ import annotations

import time

import pyotp
from flask import current_app
from markupsafe import Markup

from ptplan.audit import services as audit
from ptplan.auth.models import User
from ptplan.auth.services import count_failure
from ptplan.db import utcnow

STEP_SECONDS = 30
ISSUER = "ptplan"


def is_required(user: User) -> bool:
    return user.role in current_app.config.get("MFA_REQUIRED_ROLES", ())


def needs_second_factor(user: User) -> bool:
    """Enrolled, required by role, or told to enrol again after an admin reset the factor."""
    return user.mfa_enabled or user.mfa_must_enrol or is_required(user)


def ensure_secret(user: User) -> str:
    """A new secret for enrolment; replaced until the user confirms it with a code."""
    if not user.totp_secret or not user.mfa_enabled:
        user.totp_secret = (
            user.totp_secret if (user.totp_secret and not user.mfa_enabled) else pyotp.random_base32()
        )
    return user.totp_secret


def provisioning_uri(user: User) -> str:
    return pyotp.TOTP(ensure_secret(user)).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(uri: str) -> Markup:
    """The enrolment QR code as inline SVG, drawn by reportlab (no external service).

    reportlab's SVG and QR modules are imported here, not at start-up: only enrolment needs them,
    and every process (each CLI command, each worker) would otherwise pay for them.
    """
    from reportlab.graphics import renderSVG
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(uri)
    x0, y0, x1, y1 = widget.getBounds()
    size = 200
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    svg = renderSVG.drawToString(drawing)
    svg = svg[svg.index("<svg") :]
    return Markup(svg.replace("<svg ", '<svg role="img" aria-label="QR code for your authenticator app" ', 1))  # noqa: S704 - reportlab draws rectangles only


def _matching_step(secret: str, code: str, now: float) -> int | None:
    """The time step the code belongs to, allowing one step of clock drift either way."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    current = int(now // STEP_SECONDS)
    for step in (current, current - 1, current + 1):
        if totp.verify(code, for_time=step * STEP_SECONDS):
            return step
    return None


def verify_code(user: User, code: str, *, now: float | None = None) -> bool:
    """Check a code; refuse replays; count failures toward the account lockout."""
    now = time.time() if now is None else now
    step = _matching_step(user.totp_secret or "", code, now) if user.totp_secret else None
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        count_failure(user, now=utcnow(), detail="second factor")
        audit.record(
            "mfa_failed",
            "authentication",
            user=user,
            outcome="denied",
            detail="replayed code" if step is not None else "wrong code",
        )
        return False
    user.totp_last_step = step
    user.failed_login_count = 0
    if not user.mfa_enabled:
        user.mfa_enabled = True
        user.mfa_must_enrol = False
        audit.record("mfa_enrolled", "authentication", user=user)
    return True
