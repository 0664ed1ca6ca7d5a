"""The patient chart's vocabulary and registry, shared by the hub and its section providers.

Named ``charting`` (not ``chart``: ``pdf/chart.py`` and ``outcomes/svgchart.py`` draw graphs)
and kept at the top of the package, beside ``db`` and ``forms``, because it belongs to no
domain: it imports no ``ptplan`` package at all. The hub (``ptplan.patients.chart``) assembles
the chart from whatever is registered here, and each clinical package's ``chart`` module
registers itself at import (``register(...)``); the app factory imports those modules
(``ptplan.web.register_chart_providers``). So the hub imports no provider and no provider
imports the hub: the dependency runs from each package to this module, never between them.

Providers share what several of them read (the active plan, the outcome scores, the visit
figures) through ``memo``, once per request, and a provider may offer what a signed
evaluation leads to (``after_evaluation``) without the evaluations package importing it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
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


def valid_until(moment: datetime) -> None:
    """A provider shows something that changes by itself at ``moment`` (UTC, aware), with no
    change to any row (a draft note becomes "unsigned over 24 h"): the rendered chart must not
    be served after it (``ptplan.patients.chart_cache``). Changes at the clinic's midnight need
    no call: the chart is kept per local date."""
    if not has_request_context():
        return
    current = request.environ.get(_VALID_UNTIL)
    if current is None or moment < current:
        request.environ[_VALID_UNTIL] = moment


def expires_at() -> datetime | None:
    """The earliest ``valid_until`` of this request's providers, or None."""
    return request.environ.get(_VALID_UNTIL) if has_request_context() else None


_VALID_UNTIL = "ptplan.chart_valid_until"

SectionsFn = Callable[[Any, Any], list[ChartSection]]
BadgesFn = Callable[[Any, Any], list[Badge]]
ActionsFn = Callable[[Any, Any], list[Action]]
AfterEvaluationFn = Callable[..., Action | None]


@dataclass(frozen=True)
class Provider:
    """One package's contribution to the chart. ``order`` decides the order in which providers
    run (and so the order of their badges and actions, and which one loads a shared value
    first); each section carries its own display order."""

    name: str
    order: int
    sections: SectionsFn | None = None
    badges: BadgesFn | None = None
    actions: ActionsFn | None = None
    after_evaluation: AfterEvaluationFn | None = None


_REGISTRY: dict[str, Provider] = {}


def register(
    name: str,
    *,
    order: int,
    sections: SectionsFn | None = None,
    badges: BadgesFn | None = None,
    actions: ActionsFn | None = None,
    after_evaluation: AfterEvaluationFn | None = None,
) -> Provider:
    """Add (or, on a re-import, replace) a provider. Each of ``sections``, ``badges`` and
    ``actions`` is called with ``(patient, user)`` and must use a fixed number of statements
    whatever the patient's history; ``after_evaluation(patient, user, evaluation_id=...)``
    returns the step a signed evaluation leads to, or None."""
    provider = Provider(name, order, sections, badges, actions, after_evaluation)
    _REGISTRY[name] = provider
    return provider


def providers() -> tuple[Provider, ...]:
    """The registered providers in running order."""
    return tuple(sorted(_REGISTRY.values(), key=lambda p: (p.order, p.name)))


def after_evaluation(patient, user, *, evaluation_id: int | None = None) -> Action | None:
    """What a signed evaluation leads to (e.g. start or revise the plan of care): the first
    registered provider's answer, or None when no provider offers one."""
    for provider in providers():
        if provider.after_evaluation is not None:
            step = provider.after_evaluation(patient, user, evaluation_id=evaluation_id)
            if step is not None:
                return step
    return None
