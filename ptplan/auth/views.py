"""Log-in, log-out and password change."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user

from ptplan.auth import mfa, recovery_codes, services
from ptplan.auth.access import authenticated_only
from ptplan.auth.forms import LoginForm, PasswordChangeForm, SecondFactorForm
from ptplan.auth.models import User
from ptplan.db import utcnow
from ptplan.exceptions import DomainError
from ptplan.extensions import db
from ptplan.forms import ConfirmForm

bp = Blueprint("auth", __name__)
MFA_PENDING = "mfa_pending"
MFA_PENDING_SECONDS = 300


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
            target = safe_next(request.args.get("next"))
            if mfa.needs_second_factor(user):
                # Password checked; the session starts only after the second factor.
                session.clear()
                session[MFA_PENDING] = {"user_id": user.id, "at": time.time(), "next": target}
                db.session.commit()
                return redirect(url_for("auth.second_factor"))
            services.start_session(user)
            login_user(user)
            db.session.commit()
            return redirect(target or url_for("home.root"))
    return render_template("auth/login.html", form=form, error=error), (200 if error is None else 401)


@bp.route("/login/second-factor", methods=["GET", "POST"])
def second_factor():
    """Enter (or, the first time, set up) the authenticator code after the password."""
    pending = session.get(MFA_PENDING)
    if not pending or time.time() - pending.get("at", 0) > MFA_PENDING_SECONDS:
        session.pop(MFA_PENDING, None)
        return redirect(url_for("auth.login"))
    user = db.session.get(User, pending["user_id"])
    now = utcnow()
    if user is None or not user.is_active_user or (user.locked_until and user.locked_until > now):
        session.pop(MFA_PENDING, None)
        flash(services.LOGIN_FAILED_MESSAGE, "danger")
        return redirect(url_for("auth.login"))
    enrolling = not user.mfa_enabled
    form = SecondFactorForm()
    status = 200
    if form.validate_on_submit():
        code = form.code.data
        if not enrolling and recovery_codes.looks_like_recovery_code(code):
            accepted = recovery_codes.use_recovery_code(user, code)
            if accepted:
                left = recovery_codes.remaining_recovery_codes(user)
                flash(
                    f"Recovery code used; {left} left. If you lost your phone, ask your administrator to "
                    "reset your two-step sign-in, or make new codes from your account.",
                    "warning",
                )
        else:
            accepted = mfa.verify_code(user, code)
        if accepted:
            services.start_session(user)
            login_user(user)
            target = pending.get("next") or url_for("home.root")
            if enrolling:
                # AUTH-06: ten single-use recovery codes, shown this once, stored hashed.
                codes = recovery_codes.issue_recovery_codes(user)
                db.session.commit()
                return render_template("auth/recovery_codes.html", codes=codes, next_url=target)
            db.session.commit()
            return redirect(target)
        db.session.commit()  # the failure counts toward the lockout
        form.code.errors.append(
            "That code is not valid or was already used. Enter the current 6-digit code or an unused recovery code."
        )
        status = 401
    uri = mfa.provisioning_uri(user) if enrolling else None
    db.session.commit()
    return render_template(
        "auth/second_factor.html",
        form=form,
        enrolling=enrolling,
        uri=uri,
        secret=user.totp_secret if enrolling else None,
        qr=mfa.qr_svg(uri) if uri else None,
    ), status


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


@bp.route("/account/second-factor", methods=["GET", "POST"])
@authenticated_only
def setup_second_factor():
    """Anyone may turn on the second factor; it replaces this session with a new one."""
    form = ConfirmForm()
    if form.validate_on_submit() and not current_user.mfa_enabled:
        user = current_user._get_current_object()
        services.end_current_session(user)
        session[MFA_PENDING] = {"user_id": user.id, "at": time.time(), "next": url_for("home.root")}
        db.session.commit()
        return redirect(url_for("auth.second_factor"))
    return render_template("auth/account_mfa.html", form=form)
