"""For `make bench` only: the home plan as simple HTML + CSS through WeasyPrint.

The same content as the reportlab PDF, so the bench can compare the two renderers on equal
work. Not part of the app (the workers never import it). Illustrations are the same poses,
inlined as SVG. All user text is escaped.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from html import escape

from ptplan.catalogue import texts
from ptplan.illustrations import to_svg
from ptplan.pdf.fonts import FONT_DIR
from ptplan.pdf.markup import dosage_rows, long_date, short_date, times_a_day
from ptplan.pdf.models import ExerciseItem, PatientPlanDoc, ProgressPoint
from ptplan.pdf.patient_plan import DAYS

_CSS = """
@font-face { font-family: "PtPlan Sans"; src: url("DejaVuSans.ttf"); }
@font-face { font-family: "PtPlan Sans"; font-weight: bold; src: url("DejaVuSans-Bold.ttf"); }
@page { @bottom-left { font-family: "PtPlan Sans"; } @bottom-center { font-family: "PtPlan Sans"; }
  @bottom-right { font-family: "PtPlan Sans"; } }
body { font-family: "PtPlan Sans", sans-serif; font-size: BODYpt; line-height: 1.36; color: #16202c; }
h1 { font-size: 1.75em; color: #1b2f4b; margin: 0; }
h2 { font-size: 1.4em; color: #1b2f4b; border-bottom: 0.8pt solid #b9c6d6; margin: 1.1em 0 0.4em; }
h3 { font-size: 1.15em; color: #1b2f4b; margin: 0.6em 0 0.3em; break-after: avoid; }
header { display: flex; justify-content: space-between; border-bottom: 1.5pt solid #1b2f4b; }
.small { font-size: 0.82em; color: #4a5563; }
.bar { background: #e9f0f7; color: #1b2f4b; font-weight: bold; font-size: 1.15em; padding: 3pt 6pt;
  margin-top: 1.2em; break-after: avoid; }
.bar span { background: #1b2f4b; color: #fff; padding: 0 6pt; margin-right: 6pt; }
.dose { width: 100%; border-collapse: collapse; margin: 6pt 0; break-inside: avoid; }
.dose th { background: #e9f0f7; font-size: 0.82em; }
.dose td, .dose th, .grid td, .grid th { border: 0.5pt solid #b9c6d6; padding: 2pt 4pt; text-align: left; }
.pic { float: left; width: 60mm; margin: 0 10pt 6pt 0; border: 0.6pt solid #b9c6d6; }
.pic svg { width: 100%; height: auto; display: block; }
.box { clear: both; background: #fff5e6; border-left: 4pt solid #b54708; padding: 4pt 8pt; margin: 6pt 0; }
.danger { background: #fdeeee; border-left-color: #b42318; break-inside: avoid; }
.grid { width: 100%; border-collapse: collapse; break-inside: avoid; }
.grid td { height: 9mm; }
ol, ul { margin: 0.2em 0; padding-left: 1.6em; }
ol { display: flow-root; }
.charts { display: flex; gap: 12pt; break-inside: avoid; }
"""


def _list(items: Iterable[str], tag: str = "ul") -> str:
    return f"<{tag}>" + "".join(f"<li>{escape(i)}</li>" for i in items) + f"</{tag}>"


def _exercise(number: int, item: ExerciseItem) -> str:
    rows = dosage_rows(
        item.sets, item.reps, item.hold_seconds, item.times_per_day, item.days_per_week, item.side
    )
    head = "".join(f"<th>{escape(label)}</th>" for label, _ in rows)
    values = "".join(f"<td>{escape(value)}</td>" for _, value in rows)
    parts = [
        f'<div class="bar"><span>{number}</span>{escape(item.name)}</div>',
        f'<table class="dose"><tr>{head}</tr><tr>{values}</tr></table>',
    ]
    if item.pose is not None:
        svg = to_svg(
            item.pose, title=item.name, width="100%", height="auto", element_id=f"ex{number}", crop=True
        )
        parts.append(f'<div class="pic">{svg}</div>')
    if item.purpose:
        parts.append(f"<p><b>Why:</b> {escape(item.purpose)}</p>")
    parts.append("<p><b>How to do it</b></p>" + _list(item.steps, "ol"))
    if item.cautions:
        parts.append('<div class="box"><b>Stop if:</b>' + _list(item.cautions) + "</div>")
    if item.notes:
        parts.append(f"<p><b>Note from your therapist:</b> {escape(item.notes)}</p>")
    return "\n".join(parts)


def _chart_svg(title: str, points: Sequence[tuple[str, float]], top: float, y_label: str) -> str:
    """A small line chart as inline SVG, matching the PDF's labelled axes."""
    w, h, left, bottom = 260.0, 130.0, 42.0, 30.0
    plot_w, plot_h = w - left - 8, h - bottom - 22
    step = plot_w / len(points)
    xy = [(left + step * (i + 0.5), h - bottom - v / top * plot_h) for i, (_, v) in enumerate(points)]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#1f6fb2"/>' for x, y in xy)
    labels = "".join(
        f'<text x="{x:.1f}" y="{h - bottom + 12}" text-anchor="middle">{escape(lab)}</text>'
        for (x, _), (lab, _) in zip(xy, points, strict=True)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(title)}" '
        f'width="{w:g}" height="{h:g}" font-size="8" font-family="PtPlan Sans">'
        f'<text x="{left}" y="12" font-weight="bold" fill="#1b2f4b">{escape(title)}</text>'
        f'<line x1="{left}" y1="{h - bottom}" x2="{w - 8}" y2="{h - bottom}" stroke="#4a5563"/>'
        f'<line x1="{left}" y1="22" x2="{left}" y2="{h - bottom}" stroke="#4a5563"/>'
        f'<text transform="translate(10 {h / 2}) rotate(-90)" text-anchor="middle">{escape(y_label)}</text>'
        f'<polyline points="{line}" fill="none" stroke="#1f6fb2" stroke-width="2"/>{dots}{labels}'
        f'<text x="{left + plot_w / 2}" y="{h - 4}" text-anchor="middle">Visit date</text></svg>'
    )


def _progress(points: Sequence[ProgressPoint]) -> str:
    pain = [(short_date(p.recorded_on), p.nprs) for p in points if p.nprs is not None]
    odi = [(short_date(p.recorded_on), p.odi) for p in points if p.odi is not None]
    if not (pain or odi):
        return ""
    charts = (_chart_svg("Pain", pain, 10, "0 to 10") if pain else "") + (
        _chart_svg("Limits on daily life", odi, 100, "0 to 100%") if odi else ""
    )
    return f'<h2>Your progress</h2><p>{escape(texts.PROGRESS_INTRO)}</p><div class="charts">{charts}</div>'


def _clinic_treatment(doc: PatientPlanDoc) -> str:
    if not (doc.dry_needling or doc.manual_therapy):
        return ""
    out = ["<h2>Your treatment in the clinic</h2>"]
    if doc.dry_needling:
        out.append(f"<h3>Dry needling</h3><p>{escape(texts.DRY_NEEDLING_WHAT)}</p>")
        if doc.dry_needling_muscles:
            out.append(f"<p><b>Muscles we may treat:</b> {escape(', '.join(doc.dry_needling_muscles))}</p>")
        out.append(f"<p><b>How it can help:</b> {escape(texts.DRY_NEEDLING_HELPS)}</p>")
        out.append("<p><b>What to expect</b></p>" + _list(texts.DRY_NEEDLING_EXPECT))
        out.append("<p><b>After your treatment</b></p>" + _list(texts.DRY_NEEDLING_AFTERCARE))
        out.append(
            f'<div class="box"><b>Call us at {escape(doc.clinic.phone)} if:</b>'
            f"{_list(texts.DRY_NEEDLING_CALL_IF)}<b>{escape(texts.DRY_NEEDLING_EMERGENCY)}</b></div>"
        )
    if doc.manual_therapy:
        out.append("<h3>Hands-on treatment</h3>")
        out += [f"<p><b>{escape(m.name)}.</b> {escape(m.why)}</p>" for m in doc.manual_therapy]
    return "\n".join(out)


def _css_string(text: str) -> str:
    """A quoted CSS string. "<" is escaped too, so a name cannot close the <style> element."""
    out = []
    for ch in text:
        if ch in '\\"<>' or ord(ch) < 32:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def plan_html(doc: PatientPlanDoc, *, large_print: bool = False) -> str:
    """Return a complete HTML document of the home plan (the PDF's content and order)."""
    footer = "font-size: 8pt; color: #4a5563;"
    page = (
        "@page { size: A4; margin: 16mm 16mm 22mm; "
        f"@bottom-left {{ content: {_css_string(doc.patient_name)}; {footer} }} "
        f'@bottom-center {{ content: "Page " counter(page) " of " counter(pages); {footer} }} '
        f"@bottom-right {{ content: {_css_string('Printed ' + long_date(doc.printed_on))}; {footer} }} }}"
    )
    css = page + _CSS.replace("BODYpt", "17pt" if large_print else "10pt")
    logo = ""
    if doc.clinic.logo:
        kind = "jpeg" if doc.clinic.logo.startswith(b"\xff\xd8") else "png"
        data = base64.b64encode(doc.clinic.logo).decode("ascii")
        logo = (
            f'<img src="data:image/{kind};base64,{data}" alt="" style="max-height:16mm;max-width:40mm"><br>'
        )
    body = [
        f'<header><div>{logo}<b>{escape(doc.clinic.name)}</b><div class="small">Phone: {escape(doc.clinic.phone)}'
        f"<br>{escape(doc.clinic.address)}</div></div><div><h1>Your home exercise plan</h1>"
        f"<b>For:</b> {escape(doc.patient_name)}<br><b>Date:</b> {long_date(doc.printed_on)}<br>"
        f"<b>Therapist:</b> {escape(doc.therapist_name)}</div></header>",
        f"<p>{escape(texts.PLAN_INTRO)}</p>",
    ]
    if doc.goals:
        body.append("<h2>Your goals</h2>" + _list(doc.goals))
    body.append(_clinic_treatment(doc))
    if doc.exercises:
        body.append("<h2>Your home exercises</h2>")
        body.append(_list(texts.EXERCISE_TIPS))
        body += [_exercise(n, item) for n, item in enumerate(doc.exercises, 1)]
    if doc.notes:
        body.append(f"<h2>Notes from your therapist</h2><p>{escape(doc.notes)}</p>")
    if doc.exercises:
        head = "".join(f"<th>{d}</th>" for d in DAYS)
        rows = "".join(
            f"<tr><td>{escape(i.name)}<br><span class='small'>{times_a_day(i.times_per_day)}</span></td>"
            + "<td></td>" * 7
            + "</tr>"
            for i in doc.exercises
        )
        body.append(
            f"<h2>Your week</h2><p>{escape(texts.WEEK_INTRO)}</p>"
            f"<table class='grid'><tr><th>Exercise</th>{head}</tr>{rows}</table>"
        )
    body.append(_progress(doc.progress))
    body.append(
        f'<div class="box danger"><h3>{escape(texts.WARNING_TITLE)}</h3>'
        "<p><b>Get emergency care right away</b> "
        f"{escape(texts.EMERGENCY_LEAD % {'number': doc.clinic.emergency_number})}</p>{_list(texts.URGENT_SIGNS)}"
        f"<p><b>Call us at {escape(doc.clinic.phone)}</b> if:</p>{_list(texts.CALL_US_SIGNS)}</div>"
    )
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Home exercise plan</title>'
        f"<style>{css}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


def render_patient_plan_weasyprint(doc: PatientPlanDoc, *, large_print: bool = False) -> bytes:
    """Render ``plan_html`` through WeasyPrint (for comparison). ImportError if not installed."""
    import weasyprint  # deferred: optional, heavy, and needs the system's pango libraries

    html = weasyprint.HTML(string=plan_html(doc, large_print=large_print), base_url=str(FONT_DIR) + "/")
    return html.write_pdf()
