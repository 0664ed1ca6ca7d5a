"""The account page's API tokens: list, create (shown once) and revoke one's own tokens."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange

from ptplan.auth.access import authenticated_only
from ptplan.db import DomainError
from ptplan.extensions import db
from ptplan.fhir import tokens
from ptplan.forms import ConfirmForm, text

bp = Blueprint("api_tokens", __name__, url_prefix="/account/api-tokens")


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


@bp.route("", methods=["GET", "POST"])
@authenticated_only
def index():
    form = TokenForm()
    new_token = None
    if form.validate_on_submit():
        try:
            _, new_token = tokens.create_token(current_user, days=form.days.data, label=form.label.data)
        except DomainError as problem:
            form.label.errors.append(str(problem))
    return render_template(
        "fhir/api_tokens.html",
        form=form,
        new_token=new_token,
        api_tokens=tokens.user_tokens(current_user),
        revoke_form=ConfirmForm(),
        can_read=current_user.can("clinical.read"),
    )


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
