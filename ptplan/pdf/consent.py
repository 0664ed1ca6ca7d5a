"""Dry-needling informed-consent form, pre-filled from the patient and, if signed, the record.

DOMAIN.md: before the first dry needling the patient gives written consent (signed,
dated, a copy given), and the form states it is not acupuncture and lists risks and
benefits. The wording lives in ``ptplan.catalogue.texts`` under a version string.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer

from ptplan.catalogue import texts
from ptplan.pdf.blocks import bullets, clinic_header, data_table, heading, signature_line
from ptplan.pdf.document import render_doc
from ptplan.pdf.markup import long_date, para, rich
from ptplan.pdf.models import ConsentDoc
from ptplan.pdf.styles import Theme

CHECKED, UNCHECKED = "☑", "☐"


def build_story(doc: ConsentDoc, t: Theme, width: float) -> list[Flowable]:
    facts = [
        ("Patient", doc.patient_name),
        ("Date of birth", long_date(doc.date_of_birth)),
        ("Therapist", doc.therapist_name),
    ]
    story: list[Flowable] = [clinic_header(doc.clinic, t, texts.CONSENT_TITLE, facts), Spacer(1, t.gap)]
    story += heading("What dry needling is", t) + [para(texts.CONSENT_WHAT, t.body)]
    story += [rich("<b>{text}</b>", t.body, text=texts.CONSENT_NOT_ACUPUNCTURE)]
    story += heading("Possible benefits", t) + bullets(texts.CONSENT_BENEFITS, t)
    story += heading("Possible risks", t)
    story.append(para("How often each problem was reported, per treatment:", t.body))
    rows = [[r.name, r.percent, r.plain] for r in texts.CONSENT_RISKS]
    story.append(
        data_table(["Risk", "Rate", "In other words"], rows, t, [width * 0.34, width * 0.16, width * 0.5])
    )
    story.append(Spacer(1, t.gap))
    story += bullets(texts.CONSENT_RISK_NOTES, t)
    if doc.lung_field_muscles:
        story += heading("Needling near the lung: collapsed lung (pneumothorax)", t)
        story.append(
            para(texts.CONSENT_PNEUMOTHORAX.format(muscles=", ".join(doc.lung_field_muscles)), t.body)
        )
    if doc.structures_at_risk:
        story += heading("Needling near a nerve or blood vessel", t)
        story.append(para(texts.CONSENT_STRUCTURES, t.body))
        story += bullets([f"{name}: near the {structure}" for name, structure in doc.structures_at_risk], t)
    story += heading("Please tell your therapist if you", t) + bullets(texts.CONSENT_TELL_US, t)
    story += heading("Other options", t) + [para(texts.CONSENT_ALTERNATIVES, t.body)]
    story += heading("Your rights", t) + bullets(texts.CONSENT_RIGHTS, t)

    signed = doc.signed
    box = CHECKED if signed else UNCHECKED
    statements = [rich("{box} {text}", t.bullet, box=box, text=s) for s in texts.CONSENT_STATEMENTS]
    on = long_date(signed.signed_on) if signed else ""
    copy = CHECKED if signed and signed.copy_given else UNCHECKED
    block = [
        *heading("Consent", t),
        *statements,
        signature_line(
            "Patient signature", t, filled=signed.patient_signature_name if signed else "", date_text=on
        ),
        signature_line("Patient name (printed)", t, filled=doc.patient_name, with_date=False),
        signature_line(
            "Witness",
            t,
            filled=signed.witness_name if signed else "",
            date_text=on if signed and signed.witness_name else "",
        ),
        signature_line("Therapist", t, filled=doc.therapist_name),
        Spacer(1, t.gap),
        rich("{box} A copy of this signed form was given to the patient.", t.body, box=copy),
        para(f"Form {doc.form_version}", t.small),
    ]
    story.append(KeepTogether(block))
    return story


def render_dn_consent(doc: ConsentDoc, *, page_size: str = "A4") -> bytes:
    """Render the consent form to PDF bytes (blank signature lines when unsigned)."""
    return render_doc(
        build_story,
        doc,
        title=texts.CONSENT_TITLE,
        footer=(doc.patient_name, f"Form {doc.form_version}"),
        page_size=page_size,
    )
