"""Each map's numbers, computed once from the dataset before anything is drawn: the series it
draws (their totals over the map's period, their months, their charts), the ports and
corridors they belong to, distances, the before/after windows and the provinces' totals.
Plain typed objects: the drawing code formats them and computes nothing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from geo.errors import RenderError
from geo.facts.join import Total, monthly_counts, period_values, province_totals, total
from geo.facts.metrics import nearest_official
from geo.facts.story import Story
from geo.inputs.dataset import Dataset
from geo.inputs.events import Event
from geo.inputs.series import SeriesSpec
from geo.periods import Period


# eq=False, repr=False: nothing compares or prints these (the tests compare a Basis); not
# frozen: each is made once and only read. On Python 3.11 each method a dataclass generates
# (frozen adds two) is one more exec at import.
@dataclass(eq=False, repr=False)
class Drawn:
    """One count a map draws on a series' scale, and the months it counts."""

    value: int
    period: Period


# How a scale's basis was found (geo/facts/scales.py): the largest value drawn by the maps
# of the build that share the scale (SHARED), by this map alone over its period (OWN) or
# over the period maps.toml gives it, which --period replaced (CONFIG); or set in
# maps.toml (FIXED).
SHARED, OWN, CONFIG, FIXED = "shared", "own", "config", "fixed"


@dataclass(frozen=True)
class Basis:
    """What a series' symbols on one map are drawn to: zero to `largest` (None: the map
    draws no value of the series with data)."""

    largest: int | None
    how: str  # SHARED, OWN, CONFIG or FIXED
    months: int  # the months each value on the scale counts (1 on a monthly map)
    period: Period | None = None  # what the largest value counts (None: fixed, or no data)


@dataclass(eq=False, repr=False)
class SeriesFacts:
    """One count series ('rcmp:QC', 'bts:0712') as a map shows it."""

    name: str
    total: Total  # over the map's period
    months: tuple[int | None, ...]  # each month of the map's period; None: no row, never 0
    chart: tuple[int | None, ...]  # each month of the data's span: the popup's chart

    @property
    def source(self) -> str:
        return self.name.partition(":")[0]

    @property
    def key(self) -> str:
        return self.name.partition(":")[2]

    @property
    def largest(self) -> int | None:
        return max((v for v in self.months if v is not None), default=None)

    def drawn(self, period: Period, monthly: bool) -> tuple[Drawn, ...]:
        """The values a map draws of the series over its period: the total, or each month
        (monthly), those with data only."""
        if monthly:
            return tuple(Drawn(v, Period(m, m))
                         for v, m in zip(self.months, period.months(), strict=True)
                         if v is not None)
        return () if self.total.value is None else (Drawn(self.total.value, period),)


@dataclass(eq=False, repr=False)
class Port:
    """A crossing's port of entry (its BTS code) and the facts of its series."""

    crossing_id: str
    port_code: str
    series: SeriesFacts


@dataclass(eq=False, repr=False)
class Corridor:
    """An irregular corridor on the map, its direction, and the counts of its series."""

    corridor_id: str
    direction: str
    series: SeriesFacts


@dataclass(eq=False, repr=False)
class Distance:
    """The straight line from an irregular crossing to its nearest official port."""

    origin: str
    target: str
    metres: float


@dataclass(eq=False, repr=False)
class Window:
    """One series over the twelve months before the closure and the twelve after."""

    row_id: str
    place_id: str  # a crossing id, or a region code
    series: str
    before: Total
    after: Total
    news: bool  # a news-sourced month falls in either window

    @property
    def change(self) -> float | None:
        """After against before, only when both windows are complete and before is not 0."""
        if not (self.before.complete and self.after.complete and self.before.value):
            return None
        assert self.after.value is not None
        return (self.after.value - self.before.value) / self.before.value

    @property
    def rate_change(self) -> float | None:
        """When a side lacks months but both have some: the change of the average per month
        with data (a month a span covers counts as one), after against before."""
        before, after = self.before, self.after
        if not (before.months_with_data and after.months_with_data and before.value):
            return None
        assert after.value is not None
        return ((after.value / after.months_with_data)
                / (before.value / before.months_with_data) - 1)


@dataclass(eq=False, repr=False)
class Province:
    """A province's series over the map's period: its total, how complete, its share."""

    code: str
    series: str  # 'rcmp:QC'
    status: str  # complete, incomplete (some months missing) or missing (not in the tables)
    total: Total
    share: float | None  # of the provinces' total over the period


@dataclass(eq=False, repr=False)
class MapFacts:
    """Everything one map states, over its period."""

    period: Period
    span: Period  # every month in the data: the charts' months
    series: dict[str, SeriesFacts] = field(default_factory=dict)
    crossing_series: dict[str, str] = field(default_factory=dict)  # crossing id -> series
    ports: tuple[Port, ...] = ()
    corridors: tuple[Corridor, ...] = ()
    distances: tuple[Distance, ...] = ()
    windows: tuple[Window, ...] = ()
    provinces: tuple[Province, ...] = ()
    # The events that apply to a series of the map, in the months of its charts, by date.
    events: tuple[Event, ...] = ()
    # The scale each series the map draws is drawn to, by series (its table's name: rcmp),
    # from geo/facts/scales.py once every map of the build has its facts.
    scales: dict[str, Basis] = field(default_factory=dict)


def series_rows(series: str, data: Dataset) -> dict[str, list[Any]]:
    try:
        return data.series(series)
    except ValueError as exc:
        raise RenderError(str(exc)) from None


def series_counts(name: str, data: Dataset) -> list[tuple[str, Any]]:
    """A series' (period, value) pairs, worked out once per data set (every map asks)."""
    return data.remembered(("counts", name), lambda: period_values(series_rows(name, data)))


def series_facts(name: str, data: Dataset, period: Period, span: Period) -> SeriesFacts:
    rows = series_counts(name, data)
    # The chart's months are the same for every map of the span (the maps share it).
    chart = data.remembered(("chart", name, str(span)), lambda: monthly_counts(rows, span))
    months = chart if period == span else monthly_counts(rows, period)
    return SeriesFacts(name=name, total=total(rows, period), months=months, chart=chart)


def port_series(data: Dataset) -> dict[str, str]:
    """Each crossing with a port code, by id, with its port's series (a port the series has
    no rows for is drawn as a port without data); none when no series joins ports. Worked
    out once per data set (every map of it asks)."""
    def work() -> dict[str, str]:
        codes = sorted(crossing_codes(data).items())
        return {crossing: name for crossing, code in codes
                if code and (name := data.port_series(code)) is not None}
    return data.remembered(("port series",), work)


def crossing_codes(data: Dataset) -> dict[str, str]:
    """Each crossing's port code ('' for none), by id, in the table's order."""
    return {ident: row["port_code"] for ident, row in data.rows_by_id("crossings").items()}


def corridors_by_id(data: Dataset) -> list[tuple[str, str, str]]:
    """(id, direction, series) of each corridor, by id."""
    return sorted((ident, row["direction"], row["series"])
                  for ident, row in data.rows_by_id("corridors").items())


def series_for_crossings(data: Dataset) -> dict[str, str]:
    """Each crossing's count series: its port's, else the corridor's that starts there."""
    series = {str(crossing): str(name) for crossing, name in
              zip(data.corridors["crossing_id"].tolist(), data.corridors["series"].tolist(),
                  strict=True)}
    return series | port_series(data)


def events_of(events: Iterable[Event], series: Iterable[str]) -> tuple[Event, ...]:
    """The events that apply to any of these series ('rcmp:QC' is a series of the rcmp
    table, which `applies_to` names 'rcmp')."""
    tables = {name.partition(":")[0] for name in series}
    return tuple(event for event in events if tables & set(event.applies_to))


def crossing_facts(data: Dataset, period: Period, span: Period) -> MapFacts:
    """The ports' and corridors' series, and the series of each crossing's popup."""
    by_crossing = series_for_crossings(data)
    ports = port_series(data)
    codes = crossing_codes(data)
    corridors = corridors_by_id(data)
    names = sorted({*by_crossing.values(), *ports.values(), *(name for *_, name in corridors)})
    series = {name: series_facts(name, data, period, span) for name in names}
    months = set(span.months())
    return MapFacts(
        period=period, span=span, series=series, crossing_series=by_crossing,
        events=tuple(event for event in events_of(data.events, names) if event.month in months),
        ports=tuple(Port(crossing, str(codes[crossing]), series[name])
                    for crossing, name in ports.items()),
        corridors=tuple(Corridor(str(ident), str(direction or ""), series[name])
                        for ident, direction, name in corridors))


def distances(data: Dataset, fit: tuple[str, ...] | list[str] | None,
              map_name: str) -> tuple[Distance, ...]:
    """From each irregular crossing in view (those in fit, else all) to its nearest port."""
    kinds = {ident: row["kind"] for ident, row in data.rows_by_id("crossings").items()}
    chosen = [i for i in sorted(fit or kinds) if kinds[i] == "irregular"]
    out = []
    for origin in chosen:
        try:
            target, metres = nearest_official(data.crossings, origin)
        except KeyError as exc:
            raise RenderError(f"map {map_name!r}: {exc}") from None
        out.append(Distance(origin, target, metres))
    return tuple(out)


def compared_series(data: Dataset, by_crossing: dict[str, str]) -> list[tuple[str, str, str]]:
    """(row id, place id, series) of every crossing with a series, the regions' sum of a
    series that joins regions (the region a crossing draws beside the whole country), and
    every area series a corridor draws."""
    crossing_ids = set(data.crossings["id"])
    rows = [(cid, cid, series) for cid, series in sorted(by_crossing.items())
            if cid in crossing_ids]
    for spec in data.joining("region"):
        if spec.total_key in data.keys(spec.name):
            rows.append((f"{spec.name}-{spec.total_key}", spec.total_key,
                         spec.series_name(spec.total_key)))
    # A declared series of an area (a Border Patrol sector), by the corridor that draws it.
    for ident, _, name in corridors_by_id(data):
        series = str(name)
        if series in data.specs and data.specs[series].joins == "none":
            rows.append((series, str(ident), series))
    return rows


def windows(data: Dataset, story: Story, by_crossing: dict[str, str]) -> tuple[Window, ...]:
    """Every compared series over the closure's before and after windows."""
    before, after = story.windows()
    months = {*before.months(), *after.months()}
    out = []
    for row_id, place, series in compared_series(data, by_crossing):
        rows = series_rows(series, data)
        news = any(status == "news" and text in months for text, status in
                   zip(rows["period"], rows["status"], strict=True))
        counts = series_counts(series, data)
        out.append(Window(row_id, place, series, total(counts, before), total(counts, after),
                          news))
    return tuple(out)


def covered_regions(data: Dataset, spec: SeriesSpec) -> list[str]:
    """The regions a region series has rows for (a table may name only some of them), its
    key for their sum aside."""
    return sorted(data.keys(spec.name) - {spec.total_key})


def province_facts(data: Dataset, spec: SeriesSpec, codes: list[str],
                   period: Period) -> tuple[Province, ...]:
    """Every region (codes: those the map draws) with its total over the period, how
    complete it is, and its share of the regions' total."""
    by_region = province_totals(data.columns(spec.name), covered_regions(data, spec), period)
    nothing = Total(None, 0, len(period.months()))  # a region the tables do not cover
    totals = {code: by_region.get(code, nothing) for code in codes}
    overall = sum(t.value for t in totals.values() if t.value is not None)
    return tuple(
        Province(code, spec.series_name(code), "missing" if tot.months_with_data == 0 else
                 "complete" if tot.complete else "incomplete", tot,
                 None if tot.value is None or not overall else round(tot.value / overall, 4))
        for code, tot in totals.items())
