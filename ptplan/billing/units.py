"""Timed-code units under the CMS 8-minute rule or the AMA rule of eights."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from numbers import Integral
from types import MappingProxyType

from ptplan.billing.cpt import CPT, DRY_NEEDLING_CODES, BillingError, lookup

CMS = "cms"
AMA = "ama"
PAYER_RULES = (CMS, AMA)
"""The unit rules a payer can use; stored per coverage elsewhere."""

PAYER_RULE_LABELS: Mapping[str, str] = MappingProxyType(
    {
        CMS: "CMS 8-minute rule (units from total timed minutes)",
        AMA: "AMA rule of eights (each code on its own)",
    }
)

MINUTES_PER_UNIT = 15
MIDPOINT_MINUTES = 8


def units_for_minutes(minutes: int) -> int:
    """8-22 min -> 1 unit, 23-37 -> 2, ... +1 per 15 min; <8 -> 0 (CMS Claims Manual ch.5 §20.2)."""
    full_units, rest = divmod(_check_minutes("Minutes", minutes), MINUTES_PER_UNIT)
    return full_units + (1 if rest >= MIDPOINT_MINUTES else 0)


def timed_units(minutes_by_code: Mapping[str, int], rule: str = CMS) -> dict[str, int]:
    """Units per timed CPT code for one day's minutes; codes with 0 units are left out.

    "cms" (Medicare Claims Processing Manual ch.5 §20.2): total units come from the total
    timed minutes. Each code first gets one unit per full 15 minutes; leftover units go to
    the codes with the most leftover minutes. CMS lets either code take a tied unit; we
    break ties by more total minutes, then by the lower code, so results are repeatable.
    "ama" (CPT rule of eights): each code on its own, 8 minutes or more = 1 unit.
    Codes outside the catalogue are taken as timed; catalogue codes that are untimed are
    refused.
    """
    rule = check_rule(rule)
    minutes = _check_timed_minutes(minutes_by_code, catalogue_only=False)
    if rule == CMS:
        units = _cms_units(minutes)
    else:
        units = {code: units_for_minutes(m) for code, m in minutes.items()}
    return {code: count for code, count in units.items() if count > 0}


def _cms_units(minutes: dict[str, int]) -> dict[str, int]:
    total_units = units_for_minutes(sum(minutes.values()))
    units = {code: m // MINUTES_PER_UNIT for code, m in minutes.items()}
    # The full units never exceed total_units, and the leftover units never outnumber the
    # codes with leftover minutes, so each code takes at most one extra unit.
    leftover_units = total_units - sum(units.values())
    by_leftover = sorted(
        minutes,
        key=lambda code: (-(minutes[code] % MINUTES_PER_UNIT), -minutes[code], code),
    )
    for code in by_leftover[:leftover_units]:
        units[code] += 1
    return units


def check_rule(rule: str) -> str:
    """Normalise a payer rule name ("cms" or "ama") or raise BillingError."""
    key = rule.strip().lower() if isinstance(rule, str) else rule
    if key not in PAYER_RULES:
        choices = "; ".join(f"{code} = {label}" for code, label in PAYER_RULE_LABELS.items())
        raise BillingError(f"Unknown billing rule {rule!r}; use {choices}.")
    return key


def _check_minutes(what: str, minutes: object) -> int:
    if isinstance(minutes, bool) or not isinstance(minutes, Integral):
        raise BillingError(f"{what} must be a whole number of minutes; got {minutes!r}.")
    if minutes < 0:
        raise BillingError(f"{what} cannot be negative; got {minutes}.")
    return int(minutes)


def _check_timed_minutes(minutes_by_code: Mapping[str, int], *, catalogue_only: bool) -> dict[str, int]:
    if not isinstance(minutes_by_code, Mapping):
        raise BillingError(
            f"Timed minutes must be given per CPT code, like {{'97110': 23}}; got {minutes_by_code!r}."
        )
    checked: dict[str, int] = {}
    for code, minutes in minutes_by_code.items():
        if not isinstance(code, str) or not code.strip():
            raise BillingError(f"CPT codes must be text like '97110'; got {code!r}.")
        entry = lookup(code) if catalogue_only else CPT.get(code)
        if entry is not None and not entry.timed:
            raise BillingError(
                f"{code} ({entry.description}) is untimed; list it with the untimed codes, "
                "not with timed minutes."
            )
        checked[code] = _check_minutes(f"Minutes for {code}", minutes)
    return checked


@dataclass(frozen=True)
class BillingSummary:
    """One visit's billing: minutes, units per timed code, and untimed codes."""

    rule: str
    timed_minutes: int
    untimed_minutes: int
    timed_units: dict[str, int] = field(default_factory=dict)
    untimed_units: dict[str, int] = field(default_factory=dict)

    @property
    def total_treatment_minutes(self) -> int:
        """Timed plus untimed minutes, for the note's total treatment time."""
        return self.timed_minutes + self.untimed_minutes

    @property
    def units_by_code(self) -> dict[str, int]:
        """Every billed code with its units, timed codes first."""
        return {**self.timed_units, **self.untimed_units}

    @property
    def total_units(self) -> int:
        return sum(self.timed_units.values()) + sum(self.untimed_units.values())


def billing_summary(
    minutes_by_code: Mapping[str, int],
    untimed_codes: Iterable[str] = (),
    untimed_minutes: int = 0,
    rule: str = CMS,
) -> BillingSummary:
    """Bill a visit: timed codes by `rule`, each untimed code once (1 unit).

    Every code must be in the CPT catalogue with the right kind. Dry needling (20560 or
    20561) is billed once per day, so listing both is refused (DOMAIN: untimed, once per day).
    """
    rule = check_rule(rule)
    minutes = _check_timed_minutes(minutes_by_code, catalogue_only=True)
    units = timed_units(minutes, rule=rule)
    untimed = _check_untimed_codes(untimed_codes)
    return BillingSummary(
        rule=rule,
        timed_minutes=sum(minutes.values()),
        untimed_minutes=_check_minutes("Untimed minutes", untimed_minutes),
        timed_units=units,
        untimed_units=dict.fromkeys(untimed, 1),
    )


def _check_untimed_codes(untimed_codes: Iterable[str]) -> list[str]:
    if isinstance(untimed_codes, str) or not isinstance(untimed_codes, Iterable):
        raise BillingError(f"Untimed codes must be a list like ['20560']; got {untimed_codes!r}.")
    codes = list(untimed_codes)
    for code in codes:
        entry = lookup(code)
        if entry.timed:
            raise BillingError(f"{code} ({entry.description}) is timed; enter its minutes instead.")
        if codes.count(code) > 1:
            raise BillingError(f"{code} is listed twice; an untimed code is billed once a visit.")
    if all(code in codes for code in DRY_NEEDLING_CODES):
        raise BillingError(
            "Dry needling is billed once a day: use 20560 (1-2 muscles) or 20561 "
            "(3 or more muscles), not both."
        )
    return codes
