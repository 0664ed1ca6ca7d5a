"""NDI and QuickDASH scoring against DOMAIN.md ("Beyond the lower back"), with its examples."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ptplan.measures import MEASURES, MeasureError, change, get, score, validate_answers

FAST = settings(max_examples=150, deadline=None, database=None)


def test_registered_in_display_order_after_the_lower_back_measures():
    assert list(MEASURES) == [
        "nprs",
        "odi",
        "psfs",
        "lefs",
        "fabq",
        "ndi",
        "quickdash",
        "quickdash_work",
        "quickdash_sports",
    ]


def test_ndi_ships_section_names_only():
    assert get("ndi").item_labels == (
        "pain intensity",
        "personal care",
        "lifting",
        "reading",
        "headaches",
        "concentration",
        "work",
        "driving",
        "sleeping",
        "recreation",
    )


# -- NDI -------------------------------------------------------------------------------


def test_ndi_percent_is_sum_over_five_times_answered():
    result = score("ndi", [2, 2, 2, 2, 2, 2, 2, 2, 2, 2])
    assert result.value == 40.0
    assert result.subscores == {"raw": 20.0}
    assert result.answered == 10


def test_ndi_skipped_sections_lower_the_denominator_like_the_odi():
    # 16 over 9 sections = 16 / 45 = 35.6 %, raw equivalent 17.8
    result = score("ndi", [5, 5, 5, 1, 0, 0, 0, 0, 0, None])
    assert result.value == pytest.approx(35.555, abs=0.01)
    assert result.subscores["raw"] == pytest.approx(17.78, abs=0.01)


@pytest.mark.parametrize(
    ("raw", "band"),
    [
        (0, "no disability"),
        (4, "no disability"),
        (5, "mild disability"),
        (14, "mild disability"),
        (15, "moderate disability"),
        (24, "moderate disability"),
        (25, "severe disability"),
        (34, "severe disability"),
        (35, "complete disability"),
        (50, "complete disability"),
    ],
)
def test_ndi_bands_on_the_raw_scale(raw, band):
    answers = []
    left = raw
    for _ in range(10):
        take = min(5, left)
        answers.append(take)
        left -= take
    assert score("ndi", answers).band == band


def test_ndi_needs_eight_of_ten_sections():
    assert score("ndi", [1] * 8 + [None, None]).answered == 8
    with pytest.raises(MeasureError, match="NDI needs at least 8 of 10 sections answered; 7 were answered"):
        score("ndi", [1] * 7 + [None] * 3)


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ([1] * 9, "NDI needs 10 section answers; got 9"),
        ([6] + [1] * 9, "NDI section 'pain intensity' must be between 0 and 5; got 6"),
        ([1] * 9 + [-1], "NDI section 'recreation' must be between 0 and 5"),
        (["2"] + [1] * 9, "must be a whole number from 0 to 5"),
    ],
)
def test_ndi_bad_input(answers, message):
    with pytest.raises(MeasureError, match=message):
        validate_answers("ndi", answers)


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (40, 25, "improved"),  # 15 percentage points = 7.5 raw points, the MCID
        (40, 26, "no change"),
        (20, 36, "worse"),
    ],
)
def test_ndi_change_against_the_mcid_of_7_5_raw_points(before, after, expected):
    assert change("ndi", before, after) == expected


# -- QuickDASH -------------------------------------------------------------------------


def test_quickdash_formula():
    # All 1s = no disability, all 5s = most disability, all 3s = 50.
    assert score("quickdash", [1] * 11).value == 0.0
    assert score("quickdash", [5] * 11).value == 100.0
    assert score("quickdash", [3] * 11).value == 50.0
    # Sum 30 over 11 items: (30 / 11 - 1) x 25 = 43.18
    assert score("quickdash", [3] * 8 + [2] * 3).value == pytest.approx((30 / 11 - 1) * 25)


def test_quickdash_one_missing_item_is_scored_over_the_ten_answered():
    result = score("quickdash", [4] * 10 + [None])
    assert result.value == 75.0
    assert result.answered == 10


def test_quickdash_needs_at_least_10_of_11_items():
    with pytest.raises(
        MeasureError, match="QuickDASH needs at least 10 of 11 items answered; 9 were answered"
    ):
        score("quickdash", [2] * 9 + [None, None])


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ([0] + [2] * 10, "QuickDASH item 1 must be between 1 and 5; got 0"),
        ([2] * 10 + [6], "QuickDASH item 11 must be between 1 and 5; got 6"),
        ([2] * 12, "QuickDASH needs 11 item answers; got 12"),
    ],
)
def test_quickdash_bad_input(answers, message):
    with pytest.raises(MeasureError, match=message):
        score("quickdash", answers)


def test_quickdash_change_against_the_mcid_of_8_points():
    assert change("quickdash", 50, 42) == "improved"
    assert change("quickdash", 50, 43) == "no change"
    assert change("quickdash", 30, 38) == "worse"


@pytest.mark.parametrize("code", ["quickdash_work", "quickdash_sports"])
def test_quickdash_modules_need_all_four_items(code):
    assert score(code, [1, 2, 3, 4]).value == pytest.approx((10 / 4 - 1) * 25)
    with pytest.raises(MeasureError, match="needs at least 4 of 4 items answered; 3 were answered"):
        score(code, [1, 2, 3, None])
    with pytest.raises(MeasureError, match="needs 4 item answers"):
        score(code, [1] * 11)
    with pytest.raises(MeasureError, match="no established MCID"):
        change(code, 50, 20)


# -- properties ------------------------------------------------------------------------


@FAST
@given(
    st.lists(st.integers(0, 5), min_size=10, max_size=10),
    st.lists(st.integers(0, 9), max_size=2, unique=True),
)
def test_ndi_matches_the_formula_and_always_has_a_band(items, skipped):
    for index in skipped:
        items[index] = None
    answered = [i for i in items if i is not None]
    result = score("ndi", items)
    assert result.value == pytest.approx(sum(answered) * 100 / (5 * len(answered)))
    assert result.band is not None
    assert 0 <= result.value <= 100


@FAST
@given(st.lists(st.integers(1, 5), min_size=11, max_size=11), st.one_of(st.none(), st.integers(0, 10)))
def test_quickdash_stays_within_0_to_100(items, skipped):
    if skipped is not None:
        items[skipped] = None
    result = score("quickdash", items)
    assert 0 <= result.value <= 100
    assert result.answered == (10 if skipped is not None else 11)
