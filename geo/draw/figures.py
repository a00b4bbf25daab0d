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

from geo.draw.counts import series_title
from geo.facts.join import Period
from geo.facts.sources import figure_sources
from geo.i18n import format_km, format_month, format_number, format_period, text
from geo.inputs.dataset import Dataset
from geo.web.page import esc


@dataclass(frozen=True)
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


def port_series(properties: dict) -> str:
    return f"bts:{properties['port_code']}"


def corridor_series(properties: dict) -> str:
    return str(properties["series"])


def count_figures(layers: list[dict], period: Period, monthly: bool = False) -> list[Figure]:
    """The counts a map of crossings draws: its port circles', then its corridors' (totals over
    the period, or, with monthly, each month's)."""
    by_id = {layer["id"]: layer for layer in layers}
    read = monthly_figures if monthly else total_figures
    figures = []
    for layer_id, series_of in (("ports", port_series), ("corridors", corridor_series)):
        if layer_id in by_id:
            figures += read(by_id[layer_id], series_of, period)
    return figures


def status_text(figure: Figure, sources: list[str], lang: str) -> str:
    if figure.series == "distance":
        return text(lang, "status_computed")
    if figure.value is None:
        return text(lang, "status_missing")
    if figure.months == 1:
        return text(lang, "row_news" if sources == ["news"] else "row_official")
    return text(lang, "status_months", with_data=figure.months_with_data, months=figure.months)


def value_text(figure: Figure, lang: str) -> str:
    if figure.value is None:
        return text(lang, "no_data")
    if figure.series == "distance":
        return format_km(figure.value, lang)
    unit = text(lang, "persons" if figure.series.startswith("bts:") else "interceptions")
    return f"{format_number(figure.value, lang)} {unit}"


def series_text(figure: Figure, lang: str) -> str:
    return text(lang, "distance") if figure.series == "distance" \
        else series_title(figure.series, lang)


def period_text(period: Period, lang: str) -> str:
    if not period.start:
        return ""
    if period.start == period.end:
        return format_month(period.start, lang)
    return format_period(period.start, period.end, lang)


def figure_row(figure: Figure, data: Dataset, lang: str) -> str:
    sources = figure_sources(figure.series, figure.period, figure.months, data)
    value = "" if figure.value is None else f' data-value="{figure.value}"'
    period = f"{figure.period.start}:{figure.period.end}" if figure.period.start else ""
    return (f'<tr data-place="{esc(figure.place_id)}" data-series="{esc(figure.series)}" '
            f'data-period="{period}"><th scope="row">{esc(figure.place)}</th>'
            f'<td>{esc(series_text(figure, lang))}</td>'
            f'<td>{esc(period_text(figure.period, lang))}</td>'
            f'<td class="cm-data-value"{value}>{esc(value_text(figure, lang))}</td>'
            f'<td>{esc(status_text(figure, sources, lang))}</td>'
            f'<td>{esc("; ".join(text(lang, f"short_{s}") for s in sources))}</td></tr>')


def data_button(lang: str) -> str:
    """The title panel's button that shows the table (web/runtime/40_access.js)."""
    return (f'<button id="cm-data-button" class="cm-data-button" type="button" '
            f'aria-expanded="false" aria-controls="cm-data">{esc(text(lang, "data"))}</button>')


def data_panel(figures: Iterable[Figure], data: Dataset, lang: str) -> str:
    """The table of every figure the map draws, hidden until the Data button shows it."""
    rows = "".join(figure_row(figure, data, lang) for figure in figures)
    columns = "".join(f'<th scope="col">{esc(text(lang, key))}</th>' for key in
                      ("col_place", "col_series", "col_period", "col_value", "col_status",
                       "col_source"))
    body = (f'<table id="cm-data-table"><thead><tr>{columns}</tr></thead><tbody>{rows}'
            f'</tbody></table>' if rows else f'<p>{esc(text(lang, "no_figures"))}</p>')
    return (f'<noscript><p class="cm-noscript">{esc(text(lang, "noscript"))}</p></noscript>'
            f'<section id="cm-data" class="cm-panel cm-data" aria-labelledby="cm-data-title" '
            f'tabindex="-1" hidden><div class="cm-data-head"><h2 id="cm-data-title">'
            f'{esc(text(lang, "data_title"))}</h2><button class="cm-data-close" type="button">'
            f'{esc(text(lang, "data_close"))}</button></div>'
            f'<p class="cm-data-note">{esc(text(lang, "data_note"))}</p>{body}</section>')
