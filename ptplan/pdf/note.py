"""Signed clinical notes: evaluation, daily note, progress note, discharge summary.

Generic on purpose: the caller passes titled sections of pre-formatted strings. Signed
notes are never edited; corrections print as addenda beneath the original (DOMAIN.md,
"Records").
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, KeepTogether, Spacer

from ptplan.pdf.blocks import boxed, clinic_header, data_table, heading, label_value_table
from ptplan.pdf.document import render_doc
from ptplan.pdf.markup import long_date, para, rich
from ptplan.pdf.models import Addendum, AmendmentEntry, NoteDoc, NoteSection
from ptplan.pdf.styles import DANGER_BG, DANGER_LINE, RULE, TINT, Theme


def _section(section: NoteSection, t: Theme, width: float) -> list[Flowable]:
    out = heading(section.title, t)
    out += [para(text, t.body) for text in section.paragraphs]
    if section.rows:
        out.append(label_value_table(section.rows, t))
    for table in section.tables:
        out.append(Spacer(1, t.gap * 0.5))
        if table.caption:
            out.append(para(table.caption, t.bold))
        out.append(
            data_table(table.columns, table.rows, t, [width / len(table.columns)] * len(table.columns))
        )
    return out


def _signature(doc: NoteDoc, t: Theme) -> Flowable:
    sig = doc.signature
    if sig is None:
        rows = [
            para("Unsigned draft", t.danger_title),
            para("This note is not part of the record until the therapist signs it.", t.body),
        ]
        return boxed(rows, t, line=DANGER_LINE, background=DANGER_BG)
    rows = [
        rich("<b>Electronically signed</b> by {who} on {at}.", t.body, who=sig.signed_by, at=sig.signed_at),
        rich("Content hash (SHA-256): {h}", t.small, h=sig.content_sha256),
    ]
    return KeepTogether([Spacer(1, t.gap), boxed(rows, t, line=RULE, background=TINT)])


def build_story(doc: NoteDoc, t: Theme, width: float) -> list[Flowable]:
    facts = [
        ("Patient", doc.patient_name),
        ("MRN", doc.mrn),
        ("Date of birth", long_date(doc.date_of_birth)),
        ("Date of service", long_date(doc.date_of_service)),
        ("Therapist", doc.therapist_name),
    ]
    story: list[Flowable] = [clinic_header(doc.clinic, t, doc.note_type, facts)]
    for section in doc.sections:
        story += _section(section, t, width)
    story.append(_signature(doc, t))
    story += addenda_block(doc.addenda, t)
    story += amendments_block(doc.amendments, t)
    return story


def addenda_block(addenda: Sequence[Addendum], t: Theme, *, record: str = "note") -> list[Flowable]:
    """Corrections added after signing, beneath the unchanged original (also on the plan of care)."""
    if not addenda:
        return []
    story: list[Flowable] = heading("Addenda", t)
    story.append(para(f"Added after signing. The original {record} above is unchanged.", t.small))
    for addendum in addenda:
        rows = [
            rich(
                "<b>Addendum</b> by {who}, {at}. <b>Reason:</b> {why}",
                t.body,
                who=addendum.author,
                at=addendum.written_at,
                why=addendum.reason,
            ),
            para(addendum.text, t.body),
        ]
        story += [Spacer(1, t.gap * 0.5), boxed(rows, t, line=RULE, background=TINT, split_rows=True)]
    return story


def amendments_block(entries: Sequence[AmendmentEntry], t: Theme, *, record: str = "note") -> list[Flowable]:
    """Patients' amendment requests for this record, with their status and what was appended (§164.526)."""
    if not entries:
        return []
    story: list[Flowable] = heading("Amendment requests", t)
    story.append(para(f"Requested by the patient. The signed {record} above is unchanged.", t.small))
    for entry in entries:
        rows = [
            rich(
                "<b>Request #{n}</b> from {who}, received {on}. <b>Status:</b> {status}",
                t.body,
                n=str(entry.number),
                who=entry.requested_by,
                on=long_date(entry.received_on),
                status=entry.status,
            ),
            rich("<b>Requested change:</b> {text}", t.body, text=entry.requested_change),
            rich("<b>Reason:</b> {text}", t.body, text=entry.reason),
        ]
        rows += [
            rich("<b>{label}:</b> {text}", t.body, label=label, text=text) for label, text in entry.appended
        ]
        story += [Spacer(1, t.gap * 0.5), boxed(rows, t, line=RULE, background=TINT, split_rows=True)]
    return story


def render_note(doc: NoteDoc, *, page_size: str = "A4") -> bytes:
    """Render a clinical note, its signature block, any addenda and amendment requests to PDF bytes."""
    return render_doc(
        build_story,
        doc,
        title=doc.note_type,
        footer=(f"{doc.patient_name} · MRN {doc.mrn}", f"{doc.note_type}, {long_date(doc.date_of_service)}"),
        page_size=page_size,
    )
