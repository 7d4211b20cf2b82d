"""Wilson intervals and medians: the numbers a report's shares and durations rest on."""

import pytest

from anecdata.report.stats import median, wilson


def test_stats_wilson_matches_the_published_worked_example():
    # Newcombe (1998), Table I: 81 of 263 gives 0.2553 to 0.3662 for the Wilson score interval.
    share = wilson(81, 263)
    assert (round(share.low, 4), round(share.high, 4)) == (0.2553, 0.3662)


def test_stats_wilson_stays_inside_zero_and_one_for_small_and_extreme_counts():
    for k, n in ((0, 1), (1, 1), (0, 3), (3, 3), (1, 2)):
        share = wilson(k, n)
        assert 0.0 <= share.low <= share.value <= share.high <= 1.0
    assert wilson(1, 1).low > 0.2 and wilson(1, 1).high == 1.0


def test_stats_wilson_of_nobody_is_the_whole_range_and_bad_counts_are_refused():
    assert (wilson(0, 0).low, wilson(0, 0).high) == (0.0, 1.0)
    with pytest.raises(ValueError):
        wilson(3, 2)


def test_stats_median_of_odd_even_and_no_values():
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert median([4.0, 1.0, 2.0, 3.0]) == 2.5
    assert median([]) is None
