"""Log-in, log-out and password change."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user

from ptplan.auth import services
from ptplan.auth.access import authenticated_only
from ptplan.auth.forms import LoginForm, PasswordChangeForm
from ptplan.db import DomainError
from ptplan.extensions import db
from ptplan.forms import ConfirmForm

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str | None:
    """Only a local path is followed after log-in (IN-04)."""
    if not target or "\\" in target or any(ord(ch) < 32 for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.root"))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except services.LoginRefused as refused:
            error = str(refused)
        else:
            services.start_session(user)
            login_user(user)
            db.session.commit()
            return redirect(safe_next(request.args.get("next")) or url_for("home.root"))
    return render_template("auth/login.html", form=form, error=error), (200 if error is None else 401)


@bp.post("/logout")
@authenticated_only
def logout():
    form = ConfirmForm()
    if form.validate_on_submit():
        services.end_current_session(current_user)
        db.session.commit()
    response = redirect(url_for("auth.login"))
    response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


@bp.route("/account/password", methods=["GET", "POST"])
@authenticated_only
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data, form.new_password.data)
        except services.WrongPassword as problem:
            form.current_password.errors.append(str(problem))
        except DomainError as problem:
            form.new_password.errors.append(str(problem))
        else:
            flash("Password changed.", "success")
            return redirect(url_for("home.root"))
    return render_template("auth/password.html", form=form)
