"""The patient chart is the hub: it assembles the sections, badges and actions that the
clinical packages register with ``ptplan.charting``.

The hub imports none of its providers (the app factory imports them, and they register
themselves), so the patients package depends on no clinical package for its chart.
"""

from __future__ import annotations

from ptplan.charting import Action, Badge, Chart, ChartSection, providers


def build_chart(patient, user) -> Chart:
    sections: list[ChartSection] = []
    badges: list[Badge] = []
    actions: list[Action] = []
    for provider in providers():
        if provider.sections is not None:
            sections.extend(provider.sections(patient, user))
        if provider.badges is not None:
            badges.extend(provider.badges(patient, user))
        if provider.actions is not None:
            actions.extend(provider.actions(patient, user))
    sections.sort(key=lambda s: s.order)
    # Two providers may raise the same flag (the plan's certification is also a visit alert):
    # the header shows each once, so it stays short on a phone.
    seen: set[str] = set()
    badges = [b for b in badges if not (b.label in seen or seen.add(b.label))]
    return Chart(sections=sections, badges=badges, actions=actions)
