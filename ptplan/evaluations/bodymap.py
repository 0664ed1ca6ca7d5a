"""A decorative body diagram (back and front) for pain locations.

The checkbox group is the control and the text list is the record; this picture only
echoes them, so it is hidden from assistive technology. Pure: returns SVG text.
"""

from __future__ import annotations

from html import escape

from ptplan.evaluations.vocab import PAIN_REGIONS

BACK, FRONT = 75, 225  # centre x of each view
# code -> (view centre, x offset, y, width, height). Back view: the patient's left is on the
# viewer's left; front view: the patient's left is on the viewer's right.
SHAPES = {
    "low_back_left": (BACK, -26, 100, 17, 30),
    "low_back_central": (BACK, -9, 100, 18, 30),
    "low_back_right": (BACK, 9, 100, 17, 30),
    "buttock_left": (BACK, -28, 136, 27, 30),
    "buttock_right": (BACK, 1, 136, 27, 30),
    "lateral_thigh_left": (BACK, -34, 170, 9, 70),
    "posterior_thigh_left": (BACK, -24, 170, 22, 70),
    "posterior_thigh_right": (BACK, 2, 170, 22, 70),
    "lateral_thigh_right": (BACK, 25, 170, 9, 70),
    "calf_left": (BACK, -22, 246, 18, 50),
    "calf_right": (BACK, 4, 246, 18, 50),
    "groin_right": (FRONT, -20, 136, 18, 16),
    "groin_left": (FRONT, 2, 136, 18, 16),
    "anterior_thigh_right": (FRONT, -24, 156, 22, 84),
    "anterior_thigh_left": (FRONT, 2, 156, 22, 84),
    "lateral_leg_right": (FRONT, -24, 246, 10, 50),
    "lateral_leg_left": (FRONT, 14, 246, 10, 50),
    "foot_right": (FRONT, -24, 300, 20, 12),
    "foot_left": (FRONT, 4, 300, 20, 12),
}
assert set(SHAPES) == set(PAIN_REGIONS)


def body_diagram(selected: list[str] | set[str]) -> str:
    selected = set(selected)
    out = [
        '<svg xmlns="http://www.w3.org/2000/svg" class="body-map" viewBox="0 0 300 320" width="300" height="320" '
        'aria-hidden="true" focusable="false" font-family="system-ui, sans-serif" font-size="11">'
    ]
    for centre, title in ((BACK, "Back"), (FRONT, "Front")):
        out.append(
            f'<circle cx="{centre}" cy="20" r="14" class="body-outline"/>'
            f'<rect x="{centre - 28}" y="36" width="56" height="100" rx="8" class="body-outline"/>'
            f'<text x="{centre}" y="318" text-anchor="middle" class="body-label">{title}</text>'
        )
    out.append(
        '<text x="30" y="60" class="body-label">L</text><text x="112" y="60" class="body-label">R</text>'
    )
    out.append(
        '<text x="182" y="60" class="body-label">R</text><text x="262" y="60" class="body-label">L</text>'
    )
    for code, (centre, dx, y, width, height) in SHAPES.items():
        state = " selected" if code in selected else ""
        out.append(
            f'<rect x="{centre + dx}" y="{y}" width="{width}" height="{height}" rx="3" '
            f'class="body-region{state}" data-region="{escape(code)}"><title>{escape(PAIN_REGIONS[code])}</title></rect>'
        )
    out.append("</svg>")
    return "".join(out)
