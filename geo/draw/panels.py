"""The HTML panels around a map: title, coverage notes and the source line (templates:
geo/web/templates/panels.html.j2)."""

from __future__ import annotations

from functools import partial

from markupsafe import Markup

from geo.draw.context import MapContext
from geo.draw.counts import coverage_text
from geo.draw.credits import Credits
from geo.draw.figures import data_button
from geo.draw.measures import measure_of
from geo.errors import RenderError
from geo.facts.join import Total
from geo.i18n import pick, text
from geo.web.page import view_bounds
from geo.web.templating import macro

# The panels' macros (geo/web/templates/panels.html.j2) by name.
PANELS = partial(macro, "panels.html.j2")


def map_bounds(ctx: MapContext) -> tuple[float, float, float, float] | None:
    """The spec's bounds, else the view around the crossings it names in `fit`."""
    if ctx.spec.bounds:
        return ctx.spec.bounds
    if ctx.spec.fit:
        chosen = [row["geometry"] for ident, row in ctx.data.rows_by_id("crossings").items()
                  if ident in ctx.spec.fit]
        if not chosen:
            raise RenderError(f"map {ctx.spec.name!r}: no crossing matches fit "
                              f"{', '.join(ctx.spec.fit)}")
        return view_bounds(chosen, ctx.data.crossings.crs)
    return None


def title_panel(ctx: MapContext, extra: list[str] | None = None, below: str = "") -> Markup:
    """Title, period, any fact lines and the description (folded on smaller pages: see
    web/runtime/20_layout.js), at the top left; `below` is stacked under it (Markup, as a
    panel's template gives it: a plain str is shown as text)."""
    return PANELS("title_panel")(
        title=pick(ctx.spec.title, ctx.lang),
        period=text(ctx.lang, "period", period=ctx.period_text()), facts=extra or [],
        data_button=data_button(ctx.lang), about_title=text(ctx.lang, "about"),
        description=pick(ctx.spec.description, ctx.lang), below=below)


def sources_panel(credits: Credits) -> Markup:
    return PANELS("sources_panel")(line=credits.line())


def series_label(series: str, ctx: MapContext) -> str:
    """A series as coverage notes name it: its short name, with its key ('RCMP (QC)')."""
    source, _, key = series.partition(":")
    short = measure_of(source, ctx.data.specs, ctx.lang, monthly=False).short
    return f"{short} ({key})" if key else short


def coverage_notes(ctx: MapContext, corridor_series: list[str], ports: bool) -> list[str]:
    """One line per series the corridors draw, and for the ports, saying how many months of
    the period have data."""
    notes = []
    gaps = False
    for series in sorted(set(corridor_series)):
        facts = ctx.facts.series[series]
        gaps |= not facts.total.complete
        notes.append(coverage_text(series_label(facts.name, ctx), facts.total, ctx.lang))
    if ports and ctx.facts.ports:
        short = measure_of(ctx.facts.ports[0].series.source, ctx.data.specs, ctx.lang,
                           monthly=False).short
        totals = {port.port_code: port.series.total
                  for port in sorted(ctx.facts.ports, key=lambda port: port.port_code)}
        incomplete = {code: tot for code, tot in totals.items() if not tot.complete}
        gaps |= bool(incomplete)
        for code, tot in incomplete.items():
            notes.append(coverage_text(f"{short} {code}", tot, ctx.lang))
        complete = len(totals) - len(incomplete)
        if complete:
            months = len(ctx.period.months())
            notes.append(coverage_text(text(ctx.lang, "ports_of", series=short, count=complete),
                                       Total(0, months, months), ctx.lang))
    if gaps:
        notes.append(text(ctx.lang, "coverage_missing"))
    return notes
