"""Translation review: a reviewer compares a library entry's translation with the English,
corrects it and marks it reviewed. Load, authorise (reviewer for the language), act.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ptplan.auth.access import requires
from ptplan.i18n import ENGLISH_NAMES, TRANSLATED
from ptplan.i18n.groups import label, messages_by_group, ordered_groups
from ptplan.translations import services
from ptplan.translations.forms import GroupReviewForm

bp = Blueprint("translations", __name__, url_prefix="/translations")


def _language_or_403(language: str) -> str:
    if language not in TRANSLATED:
        abort(404)
    if not services.is_reviewer(current_user, language):
        abort(403)
    return language


@bp.get("/")
@requires("translations.review")
def index():
    """The languages this user reviews, each with every library entry and its review progress."""
    languages = services.reviewer_languages(current_user)
    summaries = {code: services.group_summary(current_user.clinic_id, code) for code in languages}
    return render_template(
        "translations/index.html",
        languages=languages,
        names=ENGLISH_NAMES,
        groups=ordered_groups(),
        label=label,
        summaries=summaries,
    )


@bp.route("/<language>/<group>", methods=["GET", "POST"])
@requires("translations.review")
def review(language: str, group: str):
    """Side by side: English, shipped translation, the clinic's text (editable), status."""
    language = _language_or_403(language)
    if group not in messages_by_group():
        abort(404)
    rows = services.group_rows(current_user.clinic_id, language, group)
    form = GroupReviewForm()
    if request.method == "GET":
        for row in rows:
            form.texts.append_entry(row.current)
    status = 200
    if form.validate_on_submit():
        texts = {i: entry.data or "" for i, entry in enumerate(form.texts.entries)}
        try:
            corrected, reviewed = services.save_group(
                current_user.clinic_id,
                language,
                group,
                texts,
                mark_reviewed=bool(form.mark_reviewed.data),
                actor=current_user,
            )
        except services.InvalidCorrection as problem:
            for index, message in problem.errors.items():
                if index < len(form.texts.entries):
                    form.texts.entries[index].errors = [message]
            flash(str(problem), "danger")
            status = 422
        else:
            done = "; marked reviewed" if reviewed else ""
            flash(f"{label(group)}: {corrected} corrected{done}.", "success")
            return redirect(url_for("translations.review", language=language, group=group))
    elif request.method == "POST":
        status = 422
    while len(form.texts.entries) < len(rows):
        form.texts.append_entry(rows[len(form.texts.entries)].current)
    return render_template(
        "translations/review.html",
        language=language,
        name=ENGLISH_NAMES[language],
        group=group,
        title=label(group),
        rows=list(zip(rows, form.texts.entries, strict=False)),
        form=form,
    ), status
