"""Unit tests for ptplan.billing: the CMS 8-minute rule, AMA rule of eights, CPT catalogue."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ptplan.billing import (
    CPT,
    PAYER_RULE_LABELS,
    PAYER_RULES,
    BillingError,
    billing_summary,
    dry_needling_code,
    is_timed,
    timed_units,
    units_for_minutes,
)

FAST = settings(max_examples=200, deadline=None, database=None)

TIMED = ["97110", "97112", "97140", "97530", "97535"]
UNTIMED = ["97161", "97162", "97163", "97164", "20560", "20561"]


# -- the table: total timed minutes -> units (CMS Claims Processing Manual ch.5 §20.2) ----

MINUTES_TO_UNITS = [
    (0, 0),
    (1, 0),
    (7, 0),
    (8, 1),
    (15, 1),
    (22, 1),
    (23, 2),
    (37, 2),
    (38, 3),
    (52, 3),
    (53, 4),
    (67, 4),
    (68, 5),
    (82, 5),
    (83, 6),
    (97, 6),
    (98, 7),
    (112, 7),
    (113, 8),
    (127, 8),
    (128, 9),
    (142, 9),
    (143, 10),
]


@pytest.mark.parametrize(("minutes", "units"), MINUTES_TO_UNITS)
def test_units_for_total_minutes(minutes, units):
    assert units_for_minutes(minutes) == units
    assert sum(timed_units({"97110": minutes}).values()) == units


@pytest.mark.parametrize(("minutes", "units"), MINUTES_TO_UNITS)
def test_cms_total_is_read_from_the_total_when_split_over_codes(minutes, units):
    split = {
        "97110": minutes // 3,
        "97140": minutes // 3,
        "97112": minutes - 2 * (minutes // 3),
    }
    assert sum(timed_units(split).values()) == units


# -- DOMAIN.md / CMS worked examples ---------------------------------------------------


def test_cms_example_24_and_23_minutes():
    assert timed_units({"97112": 24, "97110": 23}) == {"97112": 2, "97110": 1}


def test_cms_example_20_and_20_minutes_gives_3_units_split_2_and_1():
    units = timed_units({"97112": 20, "97110": 20})
    assert sum(units.values()) == 3
    assert sorted(units.values()) == [1, 2]
    # Documented tie-break: equal leftover and equal minutes -> the lower code.
    assert units == {"97110": 2, "97112": 1}


def test_cms_example_33_and_7_minutes():
    assert timed_units({"97110": 33, "97140": 7}) == {"97110": 2, "97140": 1}


def test_cms_example_7_and_7_minutes_gives_one_unit_to_either_code():
    units = timed_units({"97110": 7, "97140": 7})
    assert sum(units.values()) == 1
    assert len(units) == 1
    assert units == {"97110": 1}  # the documented tie-break: lower code


def test_cms_example_with_default_rule_name_spelled_out():
    assert timed_units({"97112": 24, "97110": 23}, rule="cms") == {
        "97112": 2,
        "97110": 1,
    }
    assert timed_units({"97112": 24, "97110": 23}, rule=" CMS ") == {
        "97112": 2,
        "97110": 1,
    }


@pytest.mark.parametrize(
    ("minutes_by_code", "expected"),
    [
        # Leftover unit goes to the code with the most leftover minutes, not most minutes.
        ({"97110": 44, "97140": 10}, {"97110": 3, "97140": 1}),  # 54 -> 4
        ({"97110": 38, "97140": 7}, {"97110": 3}),  # 45 -> 3; 97110 has 8 left over
        # Tied leftover minutes: the code with more total minutes takes the unit.
        ({"97110": 5, "97140": 20}, {"97140": 2}),  # 25 -> 2; leftovers 5 and 5
        ({"97140": 20, "97530": 5}, {"97140": 2}),
        # Three codes of 10 minutes: 30 -> 2 units, tie on everything -> lowest codes.
        ({"97530": 10, "97140": 10, "97110": 10}, {"97110": 1, "97140": 1}),
        # Full units alone can use up the total.
        ({"97110": 15, "97140": 15}, {"97110": 1, "97140": 1}),
        ({"97110": 30, "97140": 4}, {"97110": 2}),  # 34 -> 2
        # Codes with 0 minutes or 0 units are left out.
        ({"97110": 0, "97140": 0}, {}),
        ({"97110": 3}, {}),
        ({}, {}),
    ],
)
def test_cms_allocation(minutes_by_code, expected):
    assert timed_units(minutes_by_code) == expected


# -- AMA rule of eights ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes_by_code", "expected"),
    [
        ({"97112": 24, "97110": 23}, {"97112": 2, "97110": 2}),
        ({"97112": 20, "97110": 20}, {"97112": 1, "97110": 1}),
        ({"97110": 33, "97140": 7}, {"97110": 2}),
        ({"97110": 7, "97140": 7}, {}),
        ({"97110": 8, "97140": 22}, {"97110": 1, "97140": 1}),
        ({"97110": 23, "97140": 38}, {"97110": 2, "97140": 3}),
        ({"97110": 0}, {}),
    ],
)
def test_ama_rule_of_eights_bills_each_code_on_its_own(minutes_by_code, expected):
    assert timed_units(minutes_by_code, rule="ama") == expected


# -- invalid input ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes_by_code", "rule", "message"),
    [
        ({"97110": -5}, "cms", "Minutes for 97110 cannot be negative; got -5."),
        (
            {"97110": 7.5},
            "cms",
            "Minutes for 97110 must be a whole number of minutes; got 7.5.",
        ),
        ({"97110": 15.0}, "cms", "must be a whole number of minutes; got 15.0."),
        ({"97110": True}, "cms", "must be a whole number of minutes; got True."),
        ({"97110": "15"}, "ama", "must be a whole number of minutes; got '15'."),
        ({"97110": None}, "cms", "must be a whole number of minutes; got None."),
        ({"97110": 15}, "medicaid", "Unknown billing rule 'medicaid'"),
        ({"97110": 15}, None, "Unknown billing rule None"),
        ({97110: 15}, "cms", "CPT codes must be text like '97110'; got 97110."),
        ({"": 15}, "cms", "CPT codes must be text"),
        ({"97161": 30}, "cms", "97161 (PT evaluation, low complexity) is untimed"),
        ({"20560": 10}, "ama", "20560 (Needle insertion"),
        ([("97110", 15)], "cms", "Timed minutes must be given per CPT code"),
    ],
)
def test_timed_units_rejects_bad_input(minutes_by_code, rule, message):
    with pytest.raises(ValueError) as error:
        timed_units(minutes_by_code, rule=rule)
    assert message in str(error.value)
    assert isinstance(error.value, BillingError)


@pytest.mark.parametrize("minutes", [-1, 7.5, "8", None])
def test_units_for_minutes_rejects_bad_minutes(minutes):
    with pytest.raises(ValueError, match="Minutes"):
        units_for_minutes(minutes)


def test_codes_outside_the_catalogue_are_taken_as_timed():
    assert timed_units({"97116": 23}) == {"97116": 2}


# -- CPT catalogue ---------------------------------------------------------------------


@pytest.mark.parametrize("code", TIMED)
def test_timed_codes(code):
    assert is_timed(code) is True
    assert CPT[code].timed is True
    assert CPT[code].is_timed is True


@pytest.mark.parametrize("code", UNTIMED)
def test_untimed_codes(code):
    assert is_timed(code) is False
    description, timed = CPT[code]
    assert description
    assert timed is False


def test_catalogue_descriptions():
    assert set(CPT) == set(TIMED) | set(UNTIMED)
    assert CPT["97110"].description == "Therapeutic exercise"
    assert CPT["97140"].description == "Manual therapy"
    assert "1-2 muscles" in CPT["20560"].description
    assert "3 or more muscles" in CPT["20561"].description


@pytest.mark.parametrize("code", ["99999", "", None, 97110])
def test_is_timed_rejects_unknown_codes(code):
    with pytest.raises(ValueError, match="Unknown CPT code"):
        is_timed(code)


@pytest.mark.parametrize(
    ("muscles", "code"),
    [(1, "20560"), (2, "20560"), (3, "20561"), (4, "20561"), (12, "20561")],
)
def test_dry_needling_code(muscles, code):
    assert dry_needling_code(muscles) == code


@pytest.mark.parametrize(
    ("muscles", "message"),
    [
        (0, "at least 1 muscle"),
        (-2, "at least 1 muscle"),
        (2.5, "must be a whole number"),
        (True, "must be a whole number"),
        ("3", "must be a whole number"),
    ],
)
def test_dry_needling_code_rejects_bad_counts(muscles, message):
    with pytest.raises(ValueError, match=message):
        dry_needling_code(muscles)


def test_payer_rules_have_labels():
    assert PAYER_RULES == ("cms", "ama")
    assert set(PAYER_RULE_LABELS) == set(PAYER_RULES)
    assert "8-minute" in PAYER_RULE_LABELS["cms"]


# -- the visit summary a daily note uses -----------------------------------------------


def test_billing_summary_for_a_visit_with_dry_needling():
    summary = billing_summary({"97110": 33, "97140": 7}, untimed_codes=["20561"], untimed_minutes=15)
    assert summary.rule == "cms"
    assert summary.timed_minutes == 40
    assert summary.untimed_minutes == 15
    assert summary.total_treatment_minutes == 55
    assert summary.timed_units == {"97110": 2, "97140": 1}
    assert summary.untimed_units == {"20561": 1}
    assert summary.units_by_code == {"97110": 2, "97140": 1, "20561": 1}
    assert summary.total_units == 4


def test_billing_summary_with_the_ama_rule():
    summary = billing_summary({"97110": 33, "97140": 7}, untimed_codes=(), rule="ama")
    assert summary.timed_units == {"97110": 2}
    assert summary.total_treatment_minutes == 40
    assert summary.rule == "ama"


def test_billing_summary_for_an_evaluation_only():
    summary = billing_summary({}, untimed_codes=["97162"], untimed_minutes=45)
    assert summary.timed_minutes == 0
    assert summary.units_by_code == {"97162": 1}
    assert summary.total_treatment_minutes == 45


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"untimed_codes": ["20560", "20561"]}, "Dry needling is billed once a day"),
        ({"untimed_codes": ["20560", "20560"]}, "20560 is listed twice"),
        ({"untimed_codes": ["97110"]}, "97110 (Therapeutic exercise) is timed"),
        ({"untimed_codes": ["G0283"]}, "Unknown CPT code 'G0283'"),
        ({"untimed_codes": "20560"}, "Untimed codes must be a list"),
        ({"untimed_minutes": -1}, "Untimed minutes cannot be negative"),
        ({"untimed_minutes": 1.5}, "Untimed minutes must be a whole number"),
        ({"rule": "tricare"}, "Unknown billing rule 'tricare'"),
    ],
)
def test_billing_summary_rejects_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        billing_summary({"97110": 20}, **kwargs)


@pytest.mark.parametrize(
    ("minutes_by_code", "message"),
    [
        ({"97116": 20}, "Unknown CPT code '97116'"),
        ({"97163": 20}, "97163 (PT evaluation, high complexity) is untimed"),
    ],
)
def test_billing_summary_requires_catalogue_timed_codes(minutes_by_code, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        billing_summary(minutes_by_code)


# -- properties ------------------------------------------------------------------------

minutes_by_code = st.dictionaries(st.sampled_from(TIMED), st.integers(0, 120), max_size=5)


@FAST
@given(minutes=minutes_by_code)
def test_cms_total_units_match_the_table_for_the_total(minutes):
    total = sum(minutes.values())
    expected = 0 if total < 8 else (total - 8) // 15 + 1
    assert sum(timed_units(minutes).values()) == expected


@FAST
@given(minutes=minutes_by_code)
def test_cms_each_code_gets_its_full_units_and_at_most_one_more(minutes):
    units = timed_units(minutes)
    for code, m in minutes.items():
        assert m // 15 <= units.get(code, 0) <= m // 15 + (1 if m % 15 else 0)
        if m >= 15:
            assert units[code] >= 1


@FAST
@given(minutes=minutes_by_code, rule=st.sampled_from(PAYER_RULES))
def test_no_code_without_minutes_or_units_appears(minutes, rule):
    units = timed_units(minutes, rule=rule)
    assert set(units) <= {code for code, m in minutes.items() if m > 0}
    assert all(count > 0 for count in units.values())


@FAST
@given(minutes=minutes_by_code)
def test_ama_bills_a_unit_iff_a_code_has_8_minutes(minutes):
    units = timed_units(minutes, rule="ama")
    for code, m in minutes.items():
        assert (units.get(code, 0) >= 1) == (m >= 8)
        assert units.get(code, 0) == (m + 7) // 15


@FAST
@given(minutes=minutes_by_code)
def test_cms_result_does_not_depend_on_input_order(minutes):
    reversed_minutes = dict(reversed(list(minutes.items())))
    assert timed_units(reversed_minutes) == timed_units(minutes)
