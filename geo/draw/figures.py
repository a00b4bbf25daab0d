"""The text alternative of a map: every figure it draws, as a table in the page's language.

The rows are read from the layers the runtime draws (geo/draw/counts.py, timeline.py,
provinces.py), never recomputed, so the table and the map cannot disagree: a total
layer gives one row per feature, a monthly layer one row per feature and month.

The table sits in the page hidden; the "Data" button in the title panel shows it
(web/runtime/40_access.js), and with scripts off the <noscript> style in the head shows it in
the page's flow instead of the map (geo.web.page.NOSCRIPT_CSS).

Page hooks: `#cm-data-button`, `#cm-data` (the panel), `#cm-data-table`; each body row has
`data-place` (crossing, corridor or province id), `data-series` ('rcmp:QC', 'bts:0712',
'distance'), `data-period` (START:END months) and its value cell `data-value` (absent where
the figure is missing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from markupsafe import Markup

from geo.draw.counts import series_title
from geo.facts.sources import figure_sources
from geo.i18n import format_km, format_month, format_number, format_period, text
from geo.inputs.dataset import Dataset
from geo.periods import Period
from geo.web.templating import macro

# The table's macros (geo/web/templates/figures.html.j2) by name.
FIGURES = partial(macro, "figures.html.j2")


# eq=False, repr=False: nothing compares or prints these; not frozen: each is made
# once and only read. On Python 3.11 each method a dataclass generates (frozen adds two)
# is one more exec at import.
@dataclass(eq=False, repr=False)
class Figure:
    """One figure a map draws: a count over a period (None where no month has data), or a
    distance."""

    place_id: str
    place: str
    series: str  # 'rcmp:QC', 'bts:0712', or 'distance'
    period: Period
    value: int | float | None
    months_with_data: int
    months: int


def total_figures(layer: dict, series_of: Callable[[dict], str], period: Period,
                  place_key: str = "id") -> list[Figure]:
    """A layer of totals over the period (circles, flows, provinces): one figure a feature."""
    return [Figure(place_id=str(p[place_key]), place=p["name"], series=series_of(p),
                   period=period, value=p["value"], months_with_data=p["months_with_data"],
                   months=p["months"])
            for p in (f["properties"] for f in layer["data"]["features"])]


def monthly_figures(layer: dict, series_of: Callable[[dict], str],
                    period: Period) -> list[Figure]:
    """A monthly layer (timeline circles and flows): one figure a feature and month."""
    figures = []
    for p in (f["properties"] for f in layer["data"]["features"]):
        for month, value in zip(period.months(), p["values"], strict=True):
            figures.append(Figure(place_id=str(p["id"]), place=p["name"], series=series_of(p),
                                  period=Period(month, month), value=value,
                                  months_with_data=0 if value is None else 1, months=1))
    return figures


def distance_figures(layer: dict, names: dict[str, str]) -> list[Figure]:
    """The measured distances (roxham): metres between an irregular crossing and its port."""
    figures = []
    for p in (f["properties"] for f in layer["data"]["features"]):
        figures.append(Figure(place_id=f"{p['from']}:{p['to']}",
                              place=f"{names[p['from']]} – {names[p['to']]}",
                              series="distance", period=Period("", ""), value=p["metres"],
                              months_with_data=0, months=0))
    return figures


def series_of_feature(properties: dict) -> str:
    return str(properties["series"])


def count_figures(layers: list[dict], period: Period, monthly: bool = False) -> list[Figure]:
    """The counts a map of crossings draws: its port circles', then its corridors' (totals over
    the period, or, with monthly, each month's)."""
    by_id = {layer["id"]: layer for layer in layers}
    read = monthly_figures if monthly else total_figures
    figures = []
    for layer_id in ("ports", "corridors"):
        if layer_id in by_id:
            figures += read(by_id[layer_id], series_of_feature, period)
    return figures


def status_text(figure: Figure, sources: list[str], lang: str) -> str:
    if figure.series == "distance":
        return text(lang, "status_computed")
    if figure.value is None:
        return text(lang, "status_missing")
    if figure.months == 1:
        return text(lang, {"news": "row_news", "copy": "row_secondary"}.get(
            sources[0] if len(sources) == 1 else "", "row_official"))
    return text(lang, "status_months", with_data=figure.months_with_data, months=figure.months)


def value_text(figure: Figure, lang: str, data: Dataset) -> str:
    if figure.value is None:
        return text(lang, "no_data")
    if figure.series == "distance":
        return format_km(figure.value, lang)
    unit = data.specs[figure.series.partition(":")[0]].words("unit", lang)
    return f"{format_number(figure.value, lang)} {unit}"


def series_text(figure: Figure, lang: str, data: Dataset) -> str:
    return text(lang, "distance") if figure.series == "distance" \
        else series_title(figure.series, lang, data.specs)


def period_text(period: Period, lang: str) -> str:
    if not period.start:
        return ""
    if period.start == period.end:
        return format_month(period.start, lang)
    return format_period(period.start, period.end, lang)


@dataclass(eq=False, repr=False)
class FigureRow:
    """A row of the table, as the template lays it out: the figure's place, series, period
    (START:END, '' for a distance) and value (None where missing), and its cells' words."""

    place_id: str
    series: str
    period: str
    value: int | float | None
    place: str
    series_text: str
    period_text: str
    value_text: str
    status: str
    sources: str


def figure_row(figure: Figure, data: Dataset, lang: str) -> FigureRow:
    sources = figure_sources(figure.series, figure.period, data)
    period = f"{figure.period.start}:{figure.period.end}" if figure.period.start else ""
    return FigureRow(
        place_id=figure.place_id, series=figure.series, period=period, value=figure.value,
        place=figure.place, series_text=series_text(figure, lang, data),
        period_text=period_text(figure.period, lang),
        value_text=value_text(figure, lang, data), status=status_text(figure, sources, lang),
        sources="; ".join(text(lang, f"short_{s}") for s in sources))


def data_button(lang: str) -> Markup:
    """The title panel's button that shows the table (web/runtime/40_access.js)."""
    return FIGURES("data_button")(label=text(lang, "data"))


def data_panel(figures: Iterable[Figure], data: Dataset, lang: str) -> Markup:
    """The table of every figure the map draws, hidden until the Data button shows it."""
    return FIGURES("data_panel")(
        noscript=text(lang, "noscript"), title=text(lang, "data_title"),
        close=text(lang, "data_close"), note=text(lang, "data_note"),
        columns=[text(lang, key) for key in ("col_place", "col_series", "col_period",
                                             "col_value", "col_status", "col_source")],
        rows=[figure_row(figure, data, lang) for figure in figures],
        no_figures=text(lang, "no_figures"))
