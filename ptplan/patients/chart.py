"""The patient chart is the hub: each clinical package contributes its own section.

A package joins the chart by providing ``ptplan.<package>.chart`` with any of:
``sections(patient) -> list[ChartSection]``, ``badges(patient) -> list[Badge]`` and
``actions(patient) -> list[Action]``. Each must use a fixed number of queries.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

PROVIDERS = ("plans", "evaluations", "sessions", "documents")


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


def _providers():
    for name in PROVIDERS:
        try:
            yield importlib.import_module(f"ptplan.{name}.chart")
        except ModuleNotFoundError as error:
            if error.name not in (f"ptplan.{name}", f"ptplan.{name}.chart"):
                raise


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
    return Chart(sections=sections, badges=badges, actions=actions)
