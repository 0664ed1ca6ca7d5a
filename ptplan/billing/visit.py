"""Billing one visit: its lines, units and treatment time (DOMAIN.md 8-minute rule). Pure; no Flask.

Timed codes share units by the payer's rule (``ptplan.billing.units``); dry needling is
untimed, billed once a day as CPT 20560 (1-2 muscles) or 20561 (3 or more).
"""

from __future__ import annotations

from dataclasses import dataclass

from ptplan.billing.cpt import dry_needling_code
from ptplan.billing.units import billing_summary

UNITS_RULE_SOURCE = "CMS Claims Processing Manual ch.5 §20.2 / AMA rule of eights, via ptplan.billing"


@dataclass(frozen=True)
class BillingLine:
    cpt_code: str
    minutes: int
    units: int
    is_timed: bool


@dataclass(frozen=True)
class VisitBilling:
    rule: str
    lines: list[BillingLine]
    total_timed_minutes: int
    total_treatment_minutes: int

    @property
    def total_units(self) -> int:
        return sum(line.units for line in self.lines)


def needled_muscle_count(sides: list[str]) -> int:
    """Muscles needled for CPT 20560/20561: each muscle on each side counts (project choice).

    A muscle needled on both sides counts twice, as left and right are separate muscles.
    """
    return sum(2 if side == "both" else 1 for side in sides)


def dry_needling_code_for(sides: list[str]) -> str:
    """CPT 20560 for 1-2 muscles, 20561 for 3 or more (untimed, once a day)."""
    return dry_needling_code(needled_muscle_count(sides))


def visit_billing(
    minutes_by_code: dict[str, int], *, dn_code: str | None = None, dn_minutes: int = 0, rule: str = "cms"
) -> VisitBilling:
    """Billing lines for one visit (DOMAIN.md 8-minute rule): timed codes share units by `rule`;
    dry needling (untimed, once a day) counts in total treatment time, not in timed minutes."""
    timed = {code: minutes for code, minutes in minutes_by_code.items() if minutes > 0}
    summary = billing_summary(
        timed,
        untimed_codes=[dn_code] if dn_code else [],
        untimed_minutes=dn_minutes if dn_code else 0,
        rule=rule,
    )
    lines = [
        BillingLine(code, minutes, summary.timed_units.get(code, 0), True)
        for code, minutes in sorted(timed.items())
    ]
    if dn_code:
        lines.append(BillingLine(dn_code, dn_minutes, 1, False))
    return VisitBilling(
        rule=summary.rule,
        lines=lines,
        total_timed_minutes=summary.timed_minutes,
        total_treatment_minutes=summary.total_treatment_minutes,
    )
