"""The scales the maps of a build draw their counts to, computed once from every map's facts
before anything is drawn.

A series' symbols on a map (circle areas, line widths) run from zero to its scale's basis.
The maps of a build share one scale per series and per length of what each value counts:
maps of twelve-month totals (2022, 2023-04:2024-03) share theirs, a monthly map shares with
the other monthly maps (and with maps of a one-month period), and a map of a 98-month total
is on a scale of its own; a total is never drawn against a month, or a year against a
quarter. The basis is the largest value any of them draws of the series over its period,
and, when --period replaced the maps' periods, over the period maps.toml gives each map (so
the year after the closure, built with --period, is drawn small next to the config's 2022).
A `scale = { series = ..., max = ... }` key on a map fixes that map's scale of the series
instead: its values then join no other map's scale.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from geo.errors import ConfigError, Problem
from geo.facts.map_facts import CONFIG, FIXED, OWN, SHARED, Basis, Drawn, MapFacts, SeriesFacts
from geo.inputs.config import FixedScale
from geo.periods import Period


# eq=False, repr=False: nothing compares or prints these; not frozen: each is made
# once and only read. On Python 3.11 each method a dataclass generates (frozen adds two)
# is one more exec at import.
@dataclass(eq=False, repr=False)
class MapValues:
    """What one map draws on each series' scale over one period."""

    name: str
    months: int  # the months each value counts (1 on a monthly map)
    values: dict[str, tuple[Drawn, ...]]  # by series (its table's name: rcmp, bts)
    # False: over the period maps.toml gives the map, which --period replaced (not drawn,
    # but part of the scale's basis).
    drawn: bool = True


def source_of(series: str) -> str:
    """The table a series is of: 'rcmp' for 'rcmp:QC'."""
    return series.partition(":")[0]


def map_values(name: str, facts: MapFacts, layers: Collection[str], monthly: bool,
               drawn: bool = True) -> MapValues:
    """Every value a map draws on a scale (layers: the names of the layers it draws; a
    series whose layer it leaves out is on none of its scales): the ports' circles with the
    crossings, the corridors' widths, the provinces' circles; a monthly map each month."""
    series: list[SeriesFacts] = []
    if "crossings" in layers:
        series += [port.series for port in facts.ports]
    if "corridors" in layers:
        series += [corridor.series for corridor in facts.corridors]
    found: dict[str, list[Drawn]] = {}
    for one in series:
        found.setdefault(one.source, []).extend(one.drawn(facts.period, monthly))
    if "provinces" in layers:
        for province in facts.provinces:
            values = found.setdefault(source_of(province.series), [])
            if province.total.value is not None:
                values.append(Drawn(province.total.value, facts.period))
    months = 1 if monthly else len(facts.period.months())
    return MapValues(name, months, {source: tuple(v) for source, v in found.items()}, drawn)


@dataclass(eq=False, repr=False)
class Candidate:
    """A value on a shared scale, with the map that draws it (or would, over its config
    period)."""

    map_name: str
    drawn: bool
    value: Drawn


def largest_first(candidate: Candidate) -> tuple[int, str, str, bool, str]:
    """The order the basis is picked in: the largest value, then the earliest period, the
    drawn period before the config's, then by map name (so the same maps give the same
    basis)."""
    value = candidate.value
    return (-value.value, value.period.start, value.period.end, not candidate.drawn,
            candidate.map_name)


def shared_bases(entries: Sequence[MapValues],
                 fixed: Mapping[str, Sequence[FixedScale]]) -> dict[str, dict[str, Basis]]:
    """The basis of every series' scale on every map drawn (entries: each map's values
    over its period, and over its config period when --period replaced it; fixed: the
    scales maps.toml fixes, by map name), by map name and series. Raises ConfigError, at the
    key's line, where a fixed scale is below a value its map draws or names a series the map
    does not draw."""
    fixed_on = {(name, scale.series) for name, scales in fixed.items() for scale in scales}
    groups: dict[tuple[str, int], list[Candidate]] = {}
    for entry in entries:
        for source, values in entry.values.items():
            if (entry.name, source) not in fixed_on:
                groups.setdefault((source, entry.months), []).extend(
                    Candidate(entry.name, entry.drawn, value) for value in values)
    problems: list[Problem] = []
    out: dict[str, dict[str, Basis]] = {}
    for entry in (e for e in entries if e.drawn):
        scales = {scale.series: scale for scale in fixed.get(entry.name, ())}
        problems += [scale_problem(scale, f"map '{entry.name}' draws no '{scale.series}' "
                                          "counts; fix the scale of a series it draws")
                     for name, scale in scales.items() if name not in entry.values]
        out[entry.name] = {}
        for source, values in sorted(entry.values.items()):
            if source in scales:
                basis, problem = fixed_basis(scales[source], values, entry)
                problems += [problem] if problem else []
            else:
                basis = shared_basis(groups.get((source, entry.months), []), values, entry)
            out[entry.name][source] = basis
    if problems:
        raise ConfigError("\n".join(str(p) for p in problems), problems)
    return out


def shared_basis(group: list[Candidate], values: tuple[Drawn, ...], entry: MapValues) -> Basis:
    """The largest value of the group a map's series is in (no basis when the map itself
    draws no value of it with data)."""
    if not values or not group:
        return Basis(None, OWN, entry.months)
    best = min(group, key=largest_first)
    how = (SHARED if any(c.map_name != entry.name for c in group)
           else OWN if best.drawn else CONFIG)
    return Basis(best.value.value, how, entry.months, best.value.period)


def fixed_basis(scale: FixedScale, values: tuple[Drawn, ...],
                entry: MapValues) -> tuple[Basis, Problem | None]:
    """A scale maps.toml fixes, and the problem when the map draws a value above it."""
    basis = Basis(scale.max, FIXED, entry.months)
    above = max(values, key=lambda v: v.value, default=None)
    if above is None or above.value <= scale.max:
        return basis, None
    drawn = f"{above.value:,} {scale.series} ({period_words(above.period)})"
    return basis, scale_problem(scale, f"max is {scale.max:,}, but map '{entry.name}' draws "
                                       f"{drawn}; raise max, or leave scale out to share the "
                                       "build's scale")


def period_words(period: Period) -> str:
    return period.start if period.start == period.end else str(period)


def scale_problem(scale: FixedScale, message: str) -> Problem:
    """A problem with a fixed scale, at its key in maps.toml."""
    return Problem(scale.file, f"{scale.key}: {message}", line=scale.line)
