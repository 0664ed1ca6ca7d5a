"""Plan of care for physician certification (Medicare Benefit Policy Manual ch.15 §220.1.2-3).

Holds diagnoses, measurable goals, and the type, amount, frequency and duration of
services, signed by the therapist, with a line for the certifying physician. Clinical
language is fine here: the reader is a physician or payer.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer

from ptplan.pdf.blocks import boxed, clinic_header, data_table, heading, label_value_table, signature_line
from ptplan.pdf.document import render_doc
from ptplan.pdf.markup import long_date, para, plural, rich
from ptplan.pdf.models import GoalLine, PlanOfCareDoc, Signatory
from ptplan.pdf.note import addenda_block, amendments_block
from ptplan.pdf.styles import DANGER_BG, DANGER_LINE, RULE, TINT, Theme

CERTIFICATION = (
    "I have reviewed this plan of care. I certify that the services are medically necessary "
    "and are furnished while the patient is under my care, for the period shown above."
)


def _goals(
    title: str, goals: tuple[GoalLine, ...] | list[GoalLine], t: Theme, width: float
) -> list[Flowable]:
    rows = [
        [g.description, g.measure, g.baseline, g.target, long_date(g.due_on) if g.due_on else ""]
        for g in goals
    ]
    widths = [width * f for f in (0.33, 0.2, 0.13, 0.15, 0.19)]
    return heading(title, t) + [data_table(["Goal", "Measure", "Baseline", "Target", "Due"], rows, t, widths)]


def therapist_signature(signer: Signatory, t: Theme) -> Flowable:
    """'Signed by … on …' or a red "Unsigned draft" box."""
    who = f"{signer.name}, {signer.credentials}" + (f" (licence {signer.licence})" if signer.licence else "")
    if signer.signed_on is None:
        rows = [
            para("Unsigned draft", t.danger_title),
            rich("Prepared by {who}. Not valid until signed and dated by the therapist.", t.body, who=who),
        ]
        return boxed(rows, t, line=DANGER_LINE, background=DANGER_BG)
    rows = [
        rich(
            "<b>Therapist:</b> electronically signed by {who} on {on}.",
            t.body,
            who=who,
            on=long_date(signer.signed_on),
        )
    ]
    return boxed(rows, t, line=RULE, background=TINT)


def build_story(doc: PlanOfCareDoc, t: Theme, width: float) -> list[Flowable]:
    facts = [("Patient", doc.patient_name), ("Date of birth", long_date(doc.date_of_birth)), ("MRN", doc.mrn)]
    story: list[Flowable] = [clinic_header(doc.clinic, t, "Plan of care", facts), Spacer(1, t.gap)]
    period = f"{long_date(doc.certification_start)} to {long_date(doc.certification_end)}"
    summary = [
        ("Certification period", period),
        ("Frequency", plural(doc.visits_per_week, "visit") + " per week"),
        ("Duration", plural(doc.duration_weeks, "week")),
    ]
    if doc.onset_on:
        summary.insert(0, ("Onset", long_date(doc.onset_on)))
    story.append(label_value_table(summary, t))
    story += heading("Diagnoses (ICD-10-CM)", t)
    story.append(
        data_table(
            ["Code", "Description"],
            [[d.code, d.description] for d in doc.diagnoses],
            t,
            [width * 0.2, width * 0.8],
        )
    )
    if doc.assessment:
        story += heading("Assessment", t) + [para(doc.assessment, t.body)]
    story += _goals("Long-term goals", doc.long_term_goals, t, width)
    if doc.short_term_goals:
        story += _goals("Short-term goals", doc.short_term_goals, t, width)
    story += heading("Interventions", t)
    rows = [[i.name, i.code, i.amount, i.frequency, i.duration] for i in doc.interventions]
    widths = [width * f for f in (0.34, 0.18, 0.18, 0.15, 0.15)]
    story.append(data_table(["Type", "Code", "Amount", "Frequency", "Duration"], rows, t, widths))
    story.append(Spacer(1, t.gap))
    story.append(
        rich(
            "<b>Frequency and duration:</b> {f} per week for {d}.",
            t.body,
            f=plural(doc.visits_per_week, "visit"),
            d=plural(doc.duration_weeks, "week"),
        )
    )
    physician = ", ".join(
        x for x in (doc.physician_name, f"NPI {doc.physician_npi}" if doc.physician_npi else "") if x
    )
    sign = [
        *heading("Signatures", t),
        therapist_signature(doc.therapist, t),
        Spacer(1, t.gap),
        para("Physician certification", t.h2),
        para(CERTIFICATION, t.body),
        signature_line(
            "Physician signature",
            t,
            filled="Certification signed; original on file" if doc.physician_signed_on else "",
            date_text=doc.physician_signed_on.isoformat() if doc.physician_signed_on else "",
        ),
        signature_line("Physician name (printed) and NPI", t, filled=physician, with_date=False),
    ]
    story.append(KeepTogether(sign))
    story += addenda_block(doc.addenda, t, record="plan")
    story += amendments_block(doc.amendments, t, record="plan")
    return story


def render_plan_of_care(doc: PlanOfCareDoc, *, page_size: str = "A4") -> bytes:
    """Render the plan of care to PDF bytes."""
    return render_doc(
        build_story,
        doc,
        title="Plan of care",
        footer=(f"{doc.patient_name} · MRN {doc.mrn}", "Plan of care"),
        page_size=page_size,
    )
