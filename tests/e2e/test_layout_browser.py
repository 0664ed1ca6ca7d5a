"""Pages that fit where therapists work (issue #13): a phone at 390 x 844 and a laptop at 1366.

On the phone: no sideways scrolling on the chart, the evaluation, the plan builder, the note
form or the therapist's dashboard; the sticky patient header takes at most about 120 px; the
outcome chart stays readable. At 1366 px the manager's dashboard fits without sideways scroll
and the navigation stays on one line. Every page is scanned with axe-core at its width.
"""

from __future__ import annotations

import json
import os
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from ptplan.extensions import db
from tests.factories import plans as fp

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
HEADER_MAX_PX = 120


def sideways_overflow(page) -> list[str]:
    """Elements wider than the viewport (the cause of sideways scrolling), by selector-ish name."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const out = [];
          if (document.documentElement.scrollWidth > width) {
            for (const el of document.querySelectorAll('body *')) {
              const r = el.getBoundingClientRect();
              if (r.right > width + 1 && r.width > 0 && getComputedStyle(el).visibility !== 'hidden') {
                const inScroller = el.closest('.table-responsive, .chart-scroll');
                if (!inScroller) out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                  (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') +
                  ' right=' + Math.round(r.right) + ' in ' + ((el.closest('section[id], section[aria-labelledby]') || {}).id ||
                  (el.closest('section[aria-labelledby]') || {getAttribute: () => ''}).getAttribute('aria-labelledby')));
              }
            }
            out.unshift('scrollWidth=' + document.documentElement.scrollWidth + ' > ' + width);
          }
          return out.slice(0, 8);
        }"""
    )


@pytest.fixture()
def busy_patient(therapist, make_patient, make_evaluation, make_note):
    """A patient with a signed evaluation, an active plan with dry needling, and eight visits."""
    today = therapist.clinic.today()
    patient = make_patient(therapist=therapist)
    for n in range(8):  # eight dated scores: enough for the chart's date labels to crowd
        day = today - timedelta(days=56 - 7 * n)
        make_evaluation(patient, therapist, {"odi": 44.0 - 2 * n, "nprs": 7.0 - n / 2}, on=day)
    plan = fp.active_plan(patient, therapist, with_dn=True, start=today - timedelta(weeks=8))
    for n in range(8):
        make_note(plan, therapist, today - timedelta(days=52 - 6 * n), n + 1)
    db.session.commit()
    return patient, plan


def test_therapist_pages_fit_a_phone(page, browser_login, therapist, busy_patient, axe_scan):
    patient, plan = busy_patient
    browser_login(therapist)
    page.set_viewport_size(PHONE)
    pages = {
        "dashboard": "/my-day",
        "chart": f"/patients/{patient.id}",
        "evaluation": f"/patients/{patient.id}/evaluations/new?kind=reevaluation",
        "plan builder": f"/plans/{plan.id}",
        "note form": f"/patients/{patient.id}/notes/new",
    }
    problems = {}
    for name, url in pages.items():
        page.goto(url)
        page.wait_for_load_state()
        overflow = sideways_overflow(page)
        if overflow:
            problems[name] = overflow
        violations = axe_scan()
        if violations:
            problems[f"{name} (axe)"] = violations
    assert problems == {}, json.dumps(problems, indent=1)

    page.goto(f"/patients/{patient.id}")
    header = page.locator(".chart-header")
    height = header.bounding_box()["height"]
    if os.environ.get("PTPLAN_SHOTS"):
        page.screenshot(path=os.path.join(os.environ["PTPLAN_SHOTS"], "chart-phone.png"))
    assert height <= HEADER_MAX_PX, f"the sticky patient header is {height:.0f} px on a phone"
    page.mouse.wheel(0, 1500)
    expect(header).to_be_in_viewport()  # still sticky
    # readable: the chart's 12-unit labels render at 10 px or more, in a box of its own
    chart = page.locator("svg.outcome-chart")
    label_px = page.evaluate(
        "(el) => el.getBoundingClientRect().width / el.viewBox.baseVal.width * 12", chart.element_handle()
    )
    assert label_px >= 10, f"chart labels render at {label_px:.1f} px"
    box = page.locator(".chart-scroll").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_manager_dashboard_fits_1366_with_one_line_navigation(
    page, browser_login, make_user, therapist, busy_patient, axe_scan
):
    manager = make_user("manager", clinic=therapist.clinic)
    browser_login(manager)
    page.set_viewport_size(LAPTOP)
    page.goto("/caseload/")
    expect(page.get_by_role("heading", name="Caseload", exact=True)).to_be_visible()
    assert sideways_overflow(page) == []
    nav_heights = page.evaluate(
        """() => [...document.querySelectorAll('#main-nav .nav-link')].map(a => a.getBoundingClientRect().top)"""
    )
    assert len(set(round(top) for top in nav_heights)) == 1, nav_heights
    if os.environ.get("PTPLAN_SHOTS"):
        page.screenshot(path=os.path.join(os.environ["PTPLAN_SHOTS"], "dashboard-1366.png"), full_page=True)
    table = page.locator("table.dashboard-table")
    box = table.bounding_box()
    assert box["x"] + box["width"] <= LAPTOP["width"]
    assert axe_scan() == []
