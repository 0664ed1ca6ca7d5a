"""Billing units and CPT codes for PT visits: pure rules (no Flask, no database).

timed_units(minutes_by_code, rule="cms") -> {code: units}
billing_summary(minutes_by_code, untimed_codes=(), untimed_minutes=0, rule="cms")
CPT, is_timed(code), dry_needling_code(muscle_count), PAYER_RULES
"""

from ptplan.billing.cpt import (
    CPT,
    DRY_NEEDLING_CODES,
    BillingError,
    CptCode,
    dry_needling_code,
    is_timed,
    lookup,
)
from ptplan.billing.units import (
    AMA,
    CMS,
    PAYER_RULE_LABELS,
    PAYER_RULES,
    BillingSummary,
    billing_summary,
    check_rule,
    timed_units,
    units_for_minutes,
)

__all__ = [
    "AMA",
    "CMS",
    "CPT",
    "DRY_NEEDLING_CODES",
    "PAYER_RULES",
    "PAYER_RULE_LABELS",
    "BillingError",
    "BillingSummary",
    "CptCode",
    "billing_summary",
    "check_rule",
    "dry_needling_code",
    "is_timed",
    "lookup",
    "timed_units",
    "units_for_minutes",
]
