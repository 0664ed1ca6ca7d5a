"""The patient's printed home plan (JOURNEYS.md, "Patient: the printed plan").

Plain language, one block per exercise (picture, numbered steps, dosage table, "Stop if"),
a weekly tick-off grid, progress charts and when to seek urgent care. It carries only the
patient's name and the date: no codes, no diagnosis, no insurance data.
"""

from __future__ import annotations

from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Spacer,
    TableStyle,
)

from ptplan.catalogue import texts
from ptplan.pdf.blocks import Beside, Table, boxed, bullets, clinic_header, heading, image_flowable, numbered
from ptplan.pdf.chart import progress_charts
from ptplan.pdf.document import render_doc
from ptplan.pdf.markup import dosage_rows, long_date, para, rich, times_a_day
from ptplan.pdf.models import ExerciseItem, PatientPlanDoc
from ptplan.pdf.pictures import pose_picture
from ptplan.pdf.styles import (
    BRAND,
    CAUTION_BG,
    CAUTION_LINE,
    DANGER_BG,
    DANGER_LINE,
    INK,
    RULE,
    TINT,
    Theme,
)

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
PICTURE_PAD = 3.0  # white space between a picture and its frame


def _beside(picture: Flowable, flow: list[Flowable], t: Theme, width: float) -> list[Flowable]:
    """Put the picture left of as many leading flowables as fit its height; the rest follow
    below at full width.

    Like reportlab's ImageAndFlowables, which deep-copies and re-splits its content on
    every wrap and cost several ms per plan, this measures each flowable once. Only whole
    flowables go beside the picture, so the unsplittable block is never much taller than
    the picture, and long text still flows on below it.
    """
    pad = PICTURE_PAD
    pic_w, pic_h = picture.wrap(width, 10_000)
    gap = t.gap * 1.6
    column = width - pic_w - 2 * pad - gap
    used, split = 0.0, 0
    for item in flow:
        _, h = item.wrap(column, 10_000)
        h += item.getSpaceBefore() * (split > 0) + item.getSpaceAfter()
        if used + h > pic_h + 2 * pad + t.body.leading * 0.5:
            break
        used, split = used + h, split + 1
    while split and flow[split - 1].getKeepWithNext():
        split -= 1  # a label such as "How to do it" goes down with its first step
    block = Beside(picture, flow[:split], pad=pad, gap=gap)
    block.spaceAfter = t.gap * 0.5
    return [block, *flow[split:]]


def _picture(item: ExerciseItem, t: Theme) -> Flowable | None:
    """The photo if there is one, else the pose drawing, sized to fit inside its frame."""
    width, height = t.picture_width - 2 * PICTURE_PAD, t.picture_height - 2 * PICTURE_PAD
    if item.photo:
        return image_flowable(item.photo, width, height)
    if item.pose is not None:
        return pose_picture(item.pose, width, height)
    return None


def _dosage(item: ExerciseItem) -> list[tuple[str, str]]:
    return dosage_rows(
        item.sets, item.reps, item.hold_seconds, item.times_per_day, item.days_per_week, item.side
    )


def _cell_fonts(t: Theme, *, header_row: bool) -> list[tuple[object, ...]]:
    """Table style commands that set plain-string cells in the body font, labels bold."""
    labels = ((0, 0), (-1, 0)) if header_row else ((0, 0), (0, -1))
    size = t.cell.fontSize
    return [
        ("FONT", (0, 0), (-1, -1), t.cell.fontName, size, t.cell.leading),
        ("FONT", *labels, t.cell_bold.fontName, t.cell_head.fontSize if header_row else size),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
    ]


def _dosage_strip(item: ExerciseItem, t: Theme, width: float) -> Table:
    """Labels over values, one column per dosage fact, across the page."""
    rows = _dosage(item)
    # Plain strings, not Paragraphs: these are our own short words, so they need no
    # escaping or wrapping, and skipping the paragraph parser saves time on every plan.
    table = Table(
        [[label for label, _ in rows], [value for _, value in rows]],
        colWidths=[width / len(rows)] * len(rows),
    )
    table.setStyle(
        TableStyle(
            [
                *_cell_fonts(t, header_row=True),
                ("BACKGROUND", (0, 0), (-1, 0), TINT),
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    table.keepWithNext = True
    return table


def _dosage_column(item: ExerciseItem, t: Theme, width: float) -> Table:
    """Label beside value, one row per dosage fact (large print, beside the picture)."""
    table = Table(_dosage(item), colWidths=[width * 0.5, width * 0.5], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                *_cell_fonts(t, header_row=False),
                ("BACKGROUND", (0, 0), (0, -1), TINT),
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return table


def _exercise_title(number: int, name: str, t: Theme, width: float) -> Table:
    badge = para(number, t.badge)
    title = para(name, t.bar_title)
    size = t.h2.fontSize * 1.9
    bar = Table([[badge, title]], colWidths=[size, width - size])
    bar.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (0, 0), BRAND),
                ("BACKGROUND", (1, 0), (1, 0), TINT),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), t.gap * 0.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), t.gap * 0.7),
            ]
        )
    )
    bar.keepWithNext = True
    bar.spaceBefore = t.gap * 1.5
    bar.spaceAfter = t.gap
    return bar


def _exercise_block(number: int, item: ExerciseItem, t: Theme, width: float) -> list[Flowable]:
    """Title, dosage, then picture beside the steps (large print: picture above); the steps
    and the "Stop if" box may flow on to the next page."""
    steps: list[Flowable] = []
    if item.purpose:
        steps.append(rich("<b>Why:</b> {text}", t.body, text=item.purpose))
    steps.append(para("How to do it", t.bold))
    steps += numbered(item.steps, t)
    after: list[Flowable] = []
    if item.cautions:
        first, *rest = bullets(item.cautions, t)
        # The title shares a row with the first caution, so a page break never strands it.
        stop = [[para("Stop if:", t.bold), first], *rest]
        huge = any(len(c) > 500 for c in item.cautions)  # only then may a row split
        after.append(boxed(stop, t, line=CAUTION_LINE, background=CAUTION_BG, split_rows=huge))
    if item.notes:
        after.append(Spacer(1, t.gap * 0.6))
        after.append(rich("<b>Note from your therapist:</b> {text}", t.body, text=item.notes))

    title = _exercise_title(number, item.name, t, width)
    picture = _picture(item, t)
    if t.large:
        # A narrow text column at 17 pt wraps every few words, so the picture goes above.
        rest = width - t.picture_width - t.gap
        dosage = _dosage_column(item, t, rest)
        top = Table(
            [[picture, dosage]] if picture else [[dosage]],
            colWidths=[t.picture_width + t.gap, rest] if picture else [width],
            hAlign="LEFT",
        )
        top.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        top.keepWithNext = True
        return [title, top, Spacer(1, t.gap), *steps, Spacer(1, t.gap * 0.5), *after]
    head = [title, _dosage_strip(item, t, width), Spacer(1, t.gap)]
    if picture is None:
        return [*head, *steps, *after]
    return [*head, *_beside(picture, steps, t, width), Spacer(1, t.gap * 0.5), *after]


def _tick_grid(doc: PatientPlanDoc, t: Theme, width: float) -> list[Flowable]:
    day = (15 if t.large else 14) * 2.8346
    header = ["Exercise", *DAYS]
    rows = [header]
    for item in doc.exercises:
        rows.append(
            [
                rich(
                    "{name}<br/><font size={s}>{often}</font>",
                    t.cell,
                    name=item.name,
                    s=t.small.fontSize,
                    often=times_a_day(item.times_per_day),
                )
            ]
            + [""] * 7
        )
    grid = Table(rows, colWidths=[width - 7 * day] + [day] * 7, repeatRows=1, rowHeights=None)
    grid.setStyle(
        TableStyle(
            [
                *_cell_fonts(t, header_row=True),
                ("GRID", (0, 0), (-1, -1), 0.7, BRAND),
                ("BACKGROUND", (0, 0), (-1, 0), TINT),
                ("ALIGN", (1, 0), (-1, 0), "CENTER"),
                ("LEFTPADDING", (1, 0), (-1, 0), 1),
                ("RIGHTPADDING", (1, 0), (-1, 0), 1),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 1), (-1, -1), t.gap * 0.75),
                ("BOTTOMPADDING", (0, 1), (-1, -1), t.gap * 0.75),
            ]
        )
    )
    intro = para(texts.WEEK_INTRO, t.body)
    return [KeepTogether([*heading("Your week", t), intro, grid])]


def _clinic_treatment(doc: PatientPlanDoc, t: Theme, width: float) -> list[Flowable]:
    if not (doc.dry_needling or doc.manual_therapy):
        return []
    out = heading("Your treatment in the clinic", t)
    if doc.dry_needling:
        out += [para("Dry needling", t.h2), para(texts.DRY_NEEDLING_WHAT, t.body)]
        if doc.dry_needling_muscles:
            muscles = ", ".join(doc.dry_needling_muscles)
            out.append(rich("<b>Muscles we may treat:</b> {m}", t.body, m=muscles))
        out.append(rich("<b>How it can help:</b> {text}", t.body, text=texts.DRY_NEEDLING_HELPS))
        expect = [para("What to expect", t.bold), *bullets(texts.DRY_NEEDLING_EXPECT, t)]
        after = [para("After your treatment", t.bold), *bullets(texts.DRY_NEEDLING_AFTERCARE, t)]
        if t.large:
            out += expect + after
        else:
            # Fixed, short texts: two columns keep the clinic section on page one.
            pair = Table([[expect, after]], colWidths=[width * 0.45, width * 0.55])
            pair.setStyle(
                TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, 0), 0)])
            )
            out.append(pair)
        call = [
            rich("<b>Call us at {phone} if:</b>", t.body, phone=doc.clinic.phone),
            *bullets(texts.DRY_NEEDLING_CALL_IF, t),
            rich("<b>{text}</b>", t.body, text=texts.DRY_NEEDLING_EMERGENCY),
        ]
        out.append(KeepTogether(boxed(call, t, line=CAUTION_LINE, background=CAUTION_BG)))
    if doc.manual_therapy:
        out.append(para("Hands-on treatment", t.h2))
        for item in doc.manual_therapy:
            out.append(rich("<b>{name}.</b> {why}", t.body, name=item.name, why=item.why))
    return out


def _warning_box(doc: PatientPlanDoc, t: Theme, width: float) -> Flowable:
    """When to get emergency care and when to call the clinic, in one red box kept whole."""
    urgent = [
        rich(
            "<b>Get emergency care right away</b> {lead}",
            t.body,
            lead=texts.EMERGENCY_LEAD.format(number=doc.clinic.emergency_number),
        ),
        *bullets(texts.URGENT_SIGNS, t),
    ]
    call = [
        rich("<b>Call us at {phone}</b> if:", t.body, phone=doc.clinic.phone),
        *bullets(texts.CALL_US_SIGNS, t),
    ]
    if t.large:
        rows: list[Flowable | list[Flowable]] = [*urgent, *call]
    else:
        # Side by side in normal print: the box stays whole on the last page of a Letter plan.
        inner = (width - 2 * t.gap * 1.3) / 2
        pair = Table([[urgent, call]], colWidths=[inner, inner])
        pair.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (0, 0), 0),
                    ("RIGHTPADDING", (-1, 0), (-1, 0), 0),
                ]
            )
        )
        rows = [pair]
    title = para(texts.WARNING_TITLE, t.danger_title)
    return KeepTogether([Spacer(1, t.gap), boxed([title, *rows], t, line=DANGER_LINE, background=DANGER_BG)])


def build_story(doc: PatientPlanDoc, t: Theme, width: float) -> list[Flowable]:
    """The flowables of the plan, in reading order."""
    facts = [
        ("For", doc.patient_name),
        ("Date", long_date(doc.printed_on)),
        ("Therapist", doc.therapist_name),
    ]
    story: list[Flowable] = [clinic_header(doc.clinic, t, "Your home exercise plan", facts)]
    story.append(Spacer(1, t.gap))
    story.append(para(texts.PLAN_INTRO, t.body))
    if doc.goals:
        story += heading("Your goals", t) + bullets(doc.goals, t)
    story += _clinic_treatment(doc, t, width)
    if doc.exercises:
        tips = bullets(texts.EXERCISE_TIPS, t)
        for tip in tips:
            tip.keepWithNext = True  # keep the section intro with the first exercise
        story += heading("Your home exercises", t) + tips
        for number, item in enumerate(doc.exercises, 1):
            story += _exercise_block(number, item, t, width)
    if doc.notes:
        story += heading("Notes from your therapist", t) + [para(doc.notes, t.body)]
    if doc.exercises:
        story += _tick_grid(doc, t, width)
    charts = progress_charts(doc.progress, t, width)
    if charts is not None:
        intro = para(texts.PROGRESS_INTRO, t.body)
        # One KeepTogether: a heading kept "with next" cannot chain into another KeepTogether.
        story.append(KeepTogether([*heading("Your progress", t), intro, charts]))
    story.append(_warning_box(doc, t, width))
    return story


def render_patient_plan(
    doc: PatientPlanDoc, *, large_print: bool = False, page_size: str = "A4", language: str = "en"
) -> bytes:
    """Render the home plan to PDF bytes. ``page_size`` is "A4" or "LETTER"; ``language`` is the
    document's language tag (part of the documents layer's cache key)."""
    return render_doc(
        build_story,
        doc,
        title="Home exercise plan",
        footer=(doc.patient_name, f"Printed {long_date(doc.printed_on)}"),
        page_size=page_size,
        large_print=large_print,
        language=language,
    )
