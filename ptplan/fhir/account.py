"""The account page's API tokens: list, create (shown once) and revoke one's own tokens.

The page answers the create POST itself, with the new token (never stored in plain anywhere, so
no redirect can show it). A reload would re-send that form, so every rendering of the form
carries a single-use nonce, remembered in the user's session and consumed by the creation: a
second POST of the same form is refused and makes nothing.
"""

from __future__ import annotations

import secrets

from flask import Blueprint, abort, flash, redirect, render_template, session, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField
from wtforms.validators import InputRequired, NumberRange

from ptplan.auth.access import authenticated_only
from ptplan.exceptions import DomainError
from ptplan.extensions import db
from ptplan.fhir import tokens
from ptplan.forms import ConfirmForm, text

bp = Blueprint("api_tokens", __name__, url_prefix="/account/api-tokens")

NONCES_KEY = "api_token_form_nonces"
NONCES_KEPT = 8  # one per recently opened copy of the form (several tabs)
ALREADY_SUBMITTED = (
    "This form was already submitted, so no new token was made. The token it made is shown "
    "only once: if you did not copy it, revoke it below and create a new one."
)


class TokenForm(FlaskForm):
    label = text(
        "Name", 80, required=True, description='What the token is for, e.g. "Referral letters export".'
    )
    days = IntegerField(
        "Valid for (days)",
        default=tokens.DEFAULT_DAYS,
        validators=[
            InputRequired(message="Enter how many days the token lasts."),
            NumberRange(1, tokens.MAX_DAYS, message=f"Enter a number of days from 1 to {tokens.MAX_DAYS}."),
        ],
    )
    nonce = HiddenField()


def _issue_nonce() -> str:
    nonce = secrets.token_urlsafe(16)
    session[NONCES_KEY] = [*session.get(NONCES_KEY, []), nonce][-NONCES_KEPT:]
    return nonce


def _consume_nonce(nonce: str | None) -> bool:
    """True once for a nonce this session issued; False for a repeat, a forgery or none."""
    pending = session.get(NONCES_KEY, [])
    if not nonce or nonce not in pending:
        return False
    session[NONCES_KEY] = [kept for kept in pending if kept != nonce]
    return True


@bp.route("", methods=["GET", "POST"])
@authenticated_only
def index():
    form = TokenForm()
    new_token = None
    status = 200
    if form.validate_on_submit():
        if not _consume_nonce(form.nonce.data):
            form.form_errors.append(ALREADY_SUBMITTED)
            status = 409
        else:
            try:
                _, new_token = tokens.create_token(current_user, days=form.days.data, label=form.label.data)
            except DomainError as problem:
                form.label.errors.append(str(problem))
    form.nonce.data = _issue_nonce()  # each rendering of the form may be sent once
    return render_template(
        "fhir/api_tokens.html",
        form=form,
        new_token=new_token,
        api_tokens=tokens.user_tokens(current_user),
        revoke_form=ConfirmForm(),
        can_read=current_user.can("clinical.read"),
    ), status


@bp.post("/<int:token_id>/revoke")
@authenticated_only
def revoke(token_id: int):
    token = db.session.get(tokens.ApiToken, token_id)
    if token is None or token.user_id != current_user.id:
        abort(404)
    if ConfirmForm().validate_on_submit():
        tokens.revoke(token, actor=current_user)
        flash(f"Token \u201c{token.label}\u201d revoked. It no longer works.", "success")
    return redirect(url_for("api_tokens.index"))
