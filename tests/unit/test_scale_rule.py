"""The scale rule (geo/facts/scales.py) on values made up here: maps share a series' scale
when each of their values counts the same number of months; under --period the period
maps.toml gives a map still counts; a scale fixed in maps.toml is the map's own, and a value
above it is a located error."""

from __future__ import annotations

import pytest

from geo.errors import ConfigError
from geo.facts.map_facts import CONFIG, FIXED, OWN, SHARED, Basis, Drawn
from geo.facts.scales import MapValues, shared_bases
from geo.inputs.config import FixedScale
from geo.periods import Period, parse_period_range

Y2022 = parse_period_range("2022")
AFTER = parse_period_range("2023-04:2024-03")
QUARTER = parse_period_range("2023-04:2023-06")


def values(name: str, period: Period, drawn: bool = True, **counts: int) -> MapValues:
    months = len(period.months())
    return MapValues(name, months, {source: (Drawn(count, period),)
                                    for source, count in counts.items()}, drawn)


def test_maps_of_twelve_month_totals_share_the_largest() -> None:
    bases = shared_bases([values("overview", Y2022, rcmp=39171, usbp=2076),
                          values("after", AFTER, rcmp=244, usbp=9407)], {})
    assert bases["after"]["rcmp"] == bases["overview"]["rcmp"] == Basis(39171, SHARED, 12,
                                                                        Y2022)
    assert bases["overview"]["usbp"] == Basis(9407, SHARED, 12, AFTER)


def test_a_total_of_another_length_is_on_a_scale_of_its_own() -> None:
    bases = shared_bases([values("overview", Y2022, rcmp=39171),
                          values("spring", QUARTER, rcmp=12)], {})
    assert bases["spring"]["rcmp"] == Basis(12, OWN, 3, QUARTER)
    assert bases["overview"]["rcmp"] == Basis(39171, OWN, 12, Y2022)


def test_a_monthly_map_shares_with_a_map_of_one_month() -> None:
    march = parse_period_range("2023-03:2023-03")
    timeline = MapValues("timeline", 1, {"rcmp": (Drawn(4087, march),
                                                  Drawn(5530, Period("2017-08", "2017-08")))})
    bases = shared_bases([timeline, values("march", march, rcmp=4087)], {})
    assert bases["march"]["rcmp"] == Basis(5530, SHARED, 1, Period("2017-08", "2017-08"))


def test_under_period_the_config_period_still_counts() -> None:
    """build overview --period 2023-04:2024-03: the overview's own 2022 is the basis."""
    bases = shared_bases([values("overview", AFTER, rcmp=244),
                          values("overview", Y2022, drawn=False, rcmp=39171)], {})
    assert bases == {"overview": {"rcmp": Basis(39171, CONFIG, 12, Y2022)}}


def test_series_are_never_on_one_scale() -> None:
    bases = shared_bases([values("overview", Y2022, rcmp=39171, bts=1684842)], {})
    assert bases["overview"] == {"rcmp": Basis(39171, OWN, 12, Y2022),
                                 "bts": Basis(1684842, OWN, 12, Y2022)}


def test_a_series_without_data_on_a_map_has_no_basis_there() -> None:
    empty = MapValues("after", 12, {"rcmp": ()})
    bases = shared_bases([values("overview", Y2022, rcmp=39171), empty], {})
    assert bases["after"]["rcmp"].largest is None
    assert bases["overview"]["rcmp"] == Basis(39171, OWN, 12, Y2022)


def test_a_fixed_scale_is_the_maps_own_and_joins_no_other() -> None:
    fixed = {"after": (FixedScale("rcmp", 1000),)}
    bases = shared_bases([values("overview", Y2022, rcmp=39171),
                          values("after", AFTER, rcmp=244)], fixed)
    assert bases["after"]["rcmp"] == Basis(1000, FIXED, 12)
    assert bases["overview"]["rcmp"] == Basis(39171, OWN, 12, Y2022)


def test_a_value_above_a_fixed_scale_is_an_error_at_its_key() -> None:
    fixed = {"overview": (FixedScale("rcmp", 40000, "maps.toml", "maps[0].scale", 7),)}
    with pytest.raises(ConfigError) as caught:
        shared_bases([values("overview", parse_period_range("2017"), rcmp=102732)], fixed)
    [problem] = caught.value.problems
    assert (problem.file, problem.line) == ("maps.toml", 7)
    assert problem.message.startswith("maps[0].scale: max is 40,000, but map 'overview' draws "
                                      "102,732 rcmp (2017-01:2017-12)")


def test_a_fixed_scale_of_a_series_the_map_does_not_draw_is_an_error() -> None:
    fixed = {"overview": (FixedScale("bts", 10, "maps.toml", "maps[0].scale", 9),)}
    with pytest.raises(ConfigError, match="map 'overview' draws no 'bts' counts") as caught:
        shared_bases([values("overview", Y2022, rcmp=39171)], fixed)
    assert caught.value.problems[0].line == 9


def test_ties_give_the_same_basis_whatever_the_order_of_the_maps() -> None:
    maps = [values("a", Y2022, rcmp=10), values("b", parse_period_range("2021"), rcmp=10)]
    assert shared_bases(maps, {}) == shared_bases(maps[::-1], {})
    assert shared_bases(maps, {})["a"]["rcmp"].period == parse_period_range("2021")
