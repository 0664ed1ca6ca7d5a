"""Forgotten passwords, reset links, recovery codes, and the sessions people can see and end.

Public: the "forgot password" form (same answer for every address) and the reset link itself.
Account: your own sessions and recovery codes. Staff access: admins and managers issue reset
links; admins reset a second factor and end any session of the clinic's users.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from ptplan import mail
from ptplan.auth import recovery_codes
from ptplan.auth import services as auth_services
from ptplan.auth.access import authenticated_only, clinic_object_or_404, requires
from ptplan.auth.models import User
from ptplan.auth.passwords import verify_password
from ptplan.auth.roles import ROLE_LABELS
from ptplan.db import utcnow
from ptplan.exceptions import DomainError
from ptplan.extensions import db
from ptplan.forms import ConfirmForm
from ptplan.recovery import services
from ptplan.recovery.forms import ForgotPasswordForm, RegenerateCodesForm, ResetPasswordForm

bp = Blueprint("recovery", __name__)
PENDING_REQUEST_WINDOW = timedelta(days=7)


# ---------------------------------------------------------------- public


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password():
    """One answer for every address: the form cannot tell who has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.note_reset_request(form.email.data)
        return render_template("recovery/forgot_sent.html")
    return render_template("recovery/forgot.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """The link is checked only when the form is sent, so a GET never spends or counts anything."""
    form = ResetPasswordForm()
    refused = None
    if form.validate_on_submit():
        try:
            user = services.use_reset_link(token[:200], form.new_password.data)
        except services.ResetRefused as problem:
            refused = str(problem)
        except DomainError as problem:
            form.new_password.errors.append(str(problem))
        else:
            flash(f"Password set for {user.email}. Every earlier session has ended: log in now.", "success")
            return redirect(url_for("auth.login"))
    status = 400 if refused else (422 if form.errors else 200)
    return render_template("recovery/reset.html", form=form, refused=refused), status


# ---------------------------------------------------------------- your account


@bp.get("/account/sessions")
@authenticated_only
def my_sessions():
    rows = services.active_sessions(current_user, current_session_id=auth_services.current_session_id())
    return render_template("recovery/my_sessions.html", sessions=rows, confirm=ConfirmForm())


@bp.post("/account/sessions/<int:session_id>/end")
@authenticated_only
def end_my_session(session_id: int):
    if services.session_of(current_user, session_id) is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if session_id == auth_services.current_session_id():
        flash("To end this session, use Log out.", "info")
    elif services.end_session(current_user, session_id, actor=current_user):
        flash("That session has ended. Whoever used it must log in again.", "success")
    else:
        flash("That session had already ended.", "info")
    return redirect(url_for("recovery.my_sessions"))


@bp.post("/account/sessions/end-others")
@authenticated_only
def end_my_other_sessions():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    ended = services.end_other_sessions(
        current_user, keep_session_id=auth_services.current_session_id(), actor=current_user
    )
    flash(f"{ended} other session{'s' if ended != 1 else ''} ended. This one stays open.", "success")
    return redirect(url_for("recovery.my_sessions"))


@bp.route("/account/recovery-codes", methods=["GET", "POST"])
@authenticated_only
def my_recovery_codes():
    """Regenerate the ten codes; the current password is asked first (AUTH-07 re-authentication)."""
    if not current_user.mfa_enabled:
        flash("Turn on two-step sign-in first; recovery codes come with it.", "info")
        return redirect(url_for("auth.setup_second_factor"))
    form = RegenerateCodesForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        if verify_password(user.password_hash, form.current_password.data):
            codes = recovery_codes.issue_recovery_codes(user)
            return render_template("auth/recovery_codes.html", codes=codes, next_url=url_for("home.root"))
        auth_services.count_failure(user, now=utcnow(), detail="password to regenerate recovery codes")
        db.session.commit()
        form.current_password.errors.append("Your current password is not correct.")
    remaining = recovery_codes.remaining_recovery_codes(current_user)
    return render_template("recovery/my_codes.html", form=form, remaining=remaining), (
        422 if form.errors else 200
    )


# ---------------------------------------------------------------- staff access (admins, managers)


@bp.get("/access/users")
@requires("users.recover")
def staff():
    users = db.session.scalars(
        select(User).where(User.clinic_id == current_user.clinic_id).order_by(User.full_name)
    ).all()
    pending = services.pending_reset_requests(current_user.clinic_id, since=utcnow() - PENDING_REQUEST_WINDOW)
    return render_template(
        "recovery/staff.html", users=users, pending=pending, role_labels=ROLE_LABELS, now_utc=utcnow()
    )


@bp.get("/access/users/<int:user_id>")
@requires("users.recover")
def staff_member(user_id: int):
    user = clinic_object_or_404(User, user_id, category="user_admin")
    sessions = services.active_sessions(user) if current_user.can("users.manage") else None
    return render_template(
        "recovery/staff_member.html",
        user=user,
        sessions=sessions,
        can_reset=services.can_issue_for(current_user, user),
        confirm=ConfirmForm(),
        role_labels=ROLE_LABELS,
        remaining_codes=recovery_codes.remaining_recovery_codes(user),
    )


@bp.post("/access/users/<int:user_id>/password-reset")
@requires("users.recover")
def issue_reset(user_id: int):
    user = clinic_object_or_404(User, user_id, category="user_admin")
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not services.can_issue_for(current_user, user):
        abort(403)
    try:
        _link, token = services.issue_reset_link(user, actor=current_user)
    except DomainError as problem:
        flash(str(problem), "danger")
        return redirect(url_for("recovery.staff_member", user_id=user.id))
    url = url_for("recovery.reset_password", token=token, _external=True)
    mail_problem = None
    if mail.is_configured():
        try:
            mail.send_mail(
                user.email,
                "Your ptplan password reset link",
                f"{current_user.full_name} issued a password reset for your ptplan account.\n\n"
                f"Open this link within 60 minutes to choose a new password. It works once:\n{url}\n\n"
                "If you did not ask for this, tell your clinic's administrator.",
            )
        except mail.MailNotSent as problem:
            mail_problem = str(problem)
            current_app.logger.warning("reset link e-mail not sent: %s", problem)
        else:
            flash(f"A reset link was e-mailed to {user.email}. It works once, for 60 minutes.", "success")
            return redirect(url_for("recovery.staff_member", user_id=user.id))
    else:
        mail.send_mail(
            user.email, "Your ptplan password reset link", f"Reset link (60 minutes, one use): {url}"
        )
    # Shown this once, in this response only: never flashed (the flash would sit in a cookie).
    return render_template("recovery/link_issued.html", user=user, url=url, mail_problem=mail_problem)


@bp.post("/access/users/<int:user_id>/second-factor/reset")
@requires("users.manage")
def reset_second_factor(user_id: int):
    user = clinic_object_or_404(User, user_id, category="user_admin")
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.reset_second_factor(user, actor=current_user)
    except DomainError as problem:
        flash(str(problem), "danger")
    else:
        flash(
            f"Two-step sign-in reset for {user.full_name}. Their sessions ended; they set up "
            "their authenticator again at their next sign-in.",
            "success",
        )
    return redirect(url_for("recovery.staff_member", user_id=user.id))


@bp.post("/access/users/<int:user_id>/sessions/<int:session_id>/end")
@requires("users.manage")
def end_staff_session(user_id: int, session_id: int):
    user = clinic_object_or_404(User, user_id, category="user_admin")
    if services.session_of(user, session_id) is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if services.end_session(user, session_id, actor=current_user):
        flash(f"Session ended. {user.full_name} must log in again on that device.", "success")
    else:
        flash("That session had already ended.", "info")
    return redirect(url_for("recovery.staff_member", user_id=user.id))


@bp.post("/access/users/<int:user_id>/sessions/end-all")
@requires("users.manage")
def end_staff_sessions(user_id: int):
    user = clinic_object_or_404(User, user_id, category="user_admin")
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if user.id == current_user.id:
        flash("Use your own account page to end your other sessions.", "info")
        return redirect(url_for("recovery.my_sessions"))
    ended = services.end_other_sessions(user, keep_session_id=None, actor=current_user)
    flash(f"{ended} session{'s' if ended != 1 else ''} of {user.full_name} ended.", "success")
    return redirect(url_for("recovery.staff_member", user_id=user.id))
