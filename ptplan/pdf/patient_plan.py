"""The patient's printed home plan (JOURNEYS.md, "Patient: the printed plan").

Plain language, one block per exercise (picture, numbered steps, dosage table, "Stop if"),
a weekly tick-off grid, progress charts and when to seek urgent care. It carries only the
patient's name and the date: no codes, no diagnosis, no insurance data.
"""

from __future__ import annotations

from functools import partial

from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Spacer,
    TableStyle,
)

from ptplan.catalogue import texts
from ptplan.i18n.translator import N_, _
from ptplan.pdf.blocks import (
    Beside,
    Table,
    boxed,
    bullets,
    clinic_header,
    heading,
    image_or_nothing,
    numbered,
)
from ptplan.pdf.chart import progress_charts
from ptplan.pdf.document import render_doc
from ptplan.pdf.markup import cell, dosage_rows, long_date, para, rich, times_a_day
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

DAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
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
    photo = image_or_nothing(item.photo, width, height, "exercise photo")
    if photo is not None:
        return photo
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
        [
            [cell(label, t.cell_bold) for label, _value in rows],
            [cell(value, t.cell) for _label, value in rows],
        ],
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
    table = Table(
        [[cell(label, t.cell_bold), cell(value, t.cell)] for label, value in _dosage(item)],
        colWidths=[width * 0.5, width * 0.5],
        hAlign="LEFT",
    )
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
        steps.append(rich(_("<b>Why:</b> %(text)s"), t.body, text=item.purpose))
    steps.append(para(_("How to do it"), t.bold))
    steps += numbered(item.steps, t)
    after: list[Flowable] = []
    if item.cautions:
        first, *rest = bullets(item.cautions, t)
        # The title shares a row with the first caution, so a page break never strands it.
        stop = [[para(_("Stop if:"), t.bold), first], *rest]
        huge = any(len(c) > 500 for c in item.cautions)  # only then may a row split
        box = boxed(stop, t, line=CAUTION_LINE, background=CAUTION_BG, split_rows=huge)
        # A "Stop if" box is never cut across pages (issue #13), unless one caution is huge.
        after.append(box if huge else KeepTogether([box]))
    if item.notes:
        after.append(Spacer(1, t.gap * 0.6))
        after.append(rich(_("<b>Note from your therapist:</b> %(text)s"), t.body, text=item.notes))

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
        # Large print keeps each exercise on one page: picture, dosage, steps and "Stop if"
        # (issue #13). One taller than a page still flows on, but its "Stop if" box stays whole.
        return [KeepTogether([title, top, Spacer(1, t.gap), *steps, Spacer(1, t.gap * 0.5), *after])]
    head = [title, _dosage_strip(item, t, width), Spacer(1, t.gap)]
    if picture is None:
        return [*head, *steps, *after]
    return [*head, *_beside(picture, steps, t, width), Spacer(1, t.gap * 0.5), *after]


def _tick_grid(doc: PatientPlanDoc, t: Theme, width: float, *, compact: bool = False) -> list[Flowable]:
    day = (15 if t.large else 14) * 2.8346
    header = [cell(_("Exercise"), t.cell_bold), *(cell(_(day), t.cell_head) for day in DAYS)]
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
                ("TOPPADDING", (0, 1), (-1, -1), t.gap * (0.45 if compact else 0.75)),
                ("BOTTOMPADDING", (0, 1), (-1, -1), t.gap * (0.45 if compact else 0.75)),
            ]
        )
    )
    intro = para(_(texts.WEEK_INTRO), t.body)
    return [KeepTogether([*heading(_("Your week"), t), intro, grid])]


def _clinic_treatment(doc: PatientPlanDoc, t: Theme, width: float) -> list[Flowable]:
    if not (doc.dry_needling or doc.manual_therapy):
        return []
    out = heading(_("Your treatment in the clinic"), t)
    if doc.dry_needling:
        out += [para(_("Dry needling"), t.h2), para(_(texts.DRY_NEEDLING_WHAT), t.body)]
        if doc.dry_needling_muscles:
            muscles = ", ".join(doc.dry_needling_muscles)
            out.append(rich(_("<b>Muscles we may treat:</b> %(m)s"), t.body, m=muscles))
        out.append(rich(_("<b>How it can help:</b> %(text)s"), t.body, text=_(texts.DRY_NEEDLING_HELPS)))
        expect = [para(_("What to expect"), t.bold), *bullets(map(_, texts.DRY_NEEDLING_EXPECT), t)]
        after = [para(_("After your treatment"), t.bold), *bullets(map(_, texts.DRY_NEEDLING_AFTERCARE), t)]
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
            rich(_("<b>Call us at %(phone)s if:</b>"), t.body, phone=doc.clinic.phone),
            *bullets(map(_, texts.DRY_NEEDLING_CALL_IF), t),
            rich("<b>{text}</b>", t.body, text=_(texts.DRY_NEEDLING_EMERGENCY)),
        ]
        out.append(KeepTogether(boxed(call, t, line=CAUTION_LINE, background=CAUTION_BG)))
    if doc.manual_therapy:
        out.append(para(_("Hands-on treatment"), t.h2))
        for item in doc.manual_therapy:
            out.append(rich(_("<b>%(name)s.</b> %(why)s"), t.body, name=item.name, why=item.why))
    return out


def _warning_box(doc: PatientPlanDoc, t: Theme, width: float) -> Flowable:
    """When to get emergency care and when to call the clinic, in one red box kept whole."""
    urgent = [
        rich(
            _("<b>Get emergency care right away</b> %(lead)s"),
            t.body,
            lead=_(texts.EMERGENCY_LEAD) % {"number": doc.clinic.emergency_number},
        ),
        *bullets(map(_, texts.URGENT_SIGNS), t),
    ]
    call = [
        rich(_("<b>Call us at %(phone)s</b> if:"), t.body, phone=doc.clinic.phone),
        *bullets(map(_, texts.CALL_US_SIGNS), t),
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
    title = para(_(texts.WARNING_TITLE), t.danger_title)
    return KeepTogether([Spacer(1, t.gap), boxed([title, *rows], t, line=DANGER_LINE, background=DANGER_BG)])


class PageMark(Flowable):
    """Takes no room; records the page it lands on (to see what the last page holds)."""

    def __init__(self, key: str, pages: dict[str, int]) -> None:
        super().__init__()
        self.key, self.pages = key, pages

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        self.pages[self.key] = self.canv.getPageNumber()


def build_story(
    doc: PatientPlanDoc,
    t: Theme,
    width: float,
    *,
    compact: bool = False,
    pages: dict[str, int] | None = None,
) -> list[Flowable]:
    """The flowables of the plan, in reading order.

    ``compact`` uses flatter progress charts and a tighter tick grid; ``pages`` records where
    the last block (the urgent-care box) starts, so a plan whose box alone would fill the
    last page is laid out again, compact (issue #13: no mostly blank last page)."""
    facts = [
        (_("For"), doc.patient_name),
        (_("Date"), long_date(doc.printed_on)),
        (_("Therapist"), doc.therapist_name),
    ]
    story: list[Flowable] = [clinic_header(doc.clinic, t, _("Your home exercise plan"), facts)]
    story.append(Spacer(1, t.gap))
    story.append(para(_(texts.PLAN_INTRO), t.body))
    if doc.goals:
        story += heading(_("Your goals"), t) + bullets(doc.goals, t)
    story += _clinic_treatment(doc, t, width)
    if doc.exercises:
        tips = bullets(map(_, texts.EXERCISE_TIPS), t)
        for tip in tips:
            tip.keepWithNext = True  # keep the section intro with the first exercise
        story += heading(_("Your home exercises"), t) + tips
        for number, item in enumerate(doc.exercises, 1):
            story += _exercise_block(number, item, t, width)
    if doc.notes:
        story += heading(_("Notes from your therapist"), t) + [para(doc.notes, t.body)]
    if doc.exercises:
        story += _tick_grid(doc, t, width, compact=compact)
    charts = progress_charts(
        doc.progress, t, width, doc.disability_title, aspect=0.34 if compact and not t.large else None
    )
    if charts is not None:
        intro = para(_(texts.PROGRESS_INTRO), t.body)
        # One KeepTogether: a heading kept "with next" cannot chain into another KeepTogether.
        story.append(KeepTogether([*heading(_("Your progress"), t), intro, charts]))
    if pages is not None:
        story.append(PageMark("before_warning", pages))
    story.append(_warning_box(doc, t, width))
    if pages is not None:
        story.append(PageMark("after_warning", pages))
    return story


def render_patient_plan(
    doc: PatientPlanDoc, *, large_print: bool = False, page_size: str = "A4", language: str | None = None
) -> bytes:
    """Render the home plan to PDF bytes. ``page_size`` is "A4" or "LETTER"; ``language``
    (default: the document's) picks the catalogue for every fixed word.

    When the urgent-care box would go alone onto the last page, the plan is laid out once
    more with flatter charts and a tighter tick grid, and that layout is kept if it saves
    the page (a second pass only for those plans)."""
    pages: dict[str, int] = {}
    options = {
        "title": lambda: _("Home exercise plan"),
        "footer": lambda: (doc.patient_name, _("Printed %(date)s") % {"date": long_date(doc.printed_on)}),
        "page_size": page_size,
        "large_print": large_print,
        "language": language or doc.language,
        "overrides": dict(doc.overrides),
        "note": doc.translation_note,
    }
    pdf = render_doc(partial(build_story, pages=pages), doc, **options)
    if large_print or pages.get("before_warning", 0) == pages.get("after_warning", 0):
        return pdf
    compact_pages: dict[str, int] = {}
    compact = render_doc(partial(build_story, compact=True, pages=compact_pages), doc, **options)
    return compact if compact_pages["after_warning"] < pages["after_warning"] else pdf
