"""The patient chart is the hub: each clinical package contributes its own section.

A package joins the chart with a ``ptplan.<package>.chart`` module offering any of
``sections(patient, user)``, ``badges(patient, user)`` and
``actions(patient, user)``, listed in ``_providers``. Each must use a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from flask import has_request_context, request

T = TypeVar("T")


@dataclass
class ChartSection:
    key: str
    title: str
    template: str
    order: int = 50
    context: dict[str, Any] = field(default_factory=dict)


@dataclass
class Badge:
    label: str
    tone: str = "secondary"  # bootstrap colour: danger, warning, success, secondary, info
    title: str = ""


@dataclass
class Action:
    label: str
    url: str
    primary: bool = False
    method: str = "get"


@dataclass
class Chart:
    sections: list[ChartSection]
    badges: list[Badge]
    actions: list[Action]


def memo(key: tuple, load: Callable[[], T]) -> T:
    """A value shared by the chart providers of ONE request (e.g. the active plan), loaded once.

    Kept on the request (not ``g``, which outlives a request inside an app context). Only
    read-only chart code uses it, so a write later in the same request never sees a stale copy.
    Outside a request it simply loads.
    """
    if not has_request_context():
        return load()
    cache = request.environ.setdefault("ptplan.chart_memo", {})
    if key not in cache:
        cache[key] = load()
    return cache[key]


def _providers():
    """The clinical packages' chart modules, in section order (imported here: they import us)."""
    from ptplan.amendments import chart as amendments
    from ptplan.documents import chart as documents
    from ptplan.evaluations import chart as evaluations
    from ptplan.interop import chart as interop
    from ptplan.plans import chart as plans
    from ptplan.sessions import chart as sessions

    return (plans, evaluations, sessions, documents, amendments, interop)


def build_chart(patient, user) -> Chart:
    sections: list[ChartSection] = []
    badges: list[Badge] = []
    actions: list[Action] = []
    for provider in _providers():
        if hasattr(provider, "sections"):
            sections.extend(provider.sections(patient, user))
        if hasattr(provider, "badges"):
            badges.extend(provider.badges(patient, user))
        if hasattr(provider, "actions"):
            actions.extend(provider.actions(patient, user))
    sections.sort(key=lambda s: s.order)
    # Two providers may raise the same flag (the plan and the visit alerts both see a missing
    # certification): the header shows each once, so it stays short on a phone.
    seen: set[str] = set()
    badges = [b for b in badges if not (b.label in seen or seen.add(b.label))]
    return Chart(sections=sections, badges=badges, actions=actions)
