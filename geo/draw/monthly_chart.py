"""The timeline's monthly chart, as data for the runtime (web/runtime/35_monthly_chart.js draws
it as SVG): every series the time control moves, month by month, each with the status of
each month's row, and the rows that cover a year or a span, kept as one span each (never
spread over months they do not give)."""

from __future__ import annotations

from geo.draw.context import MapContext
from geo.draw.events import month_marks
from geo.draw.measures import measure_of
from geo.draw.panels import series_label
from geo.i18n import format_month, format_number, text
from geo.inputs.events import Event
from geo.periods import parse_span


def month_rows(ctx: MapContext, name: str) -> tuple[list[str | None], list[dict]]:
    """The status of each month of the period's row (None: no row), and the rows of a year
    or a span that lie wholly in the period (first and last month's index, value, status)."""
    months = ctx.period.months()
    where = {month: i for i, month in enumerate(months)}
    statuses: list[str | None] = [None] * len(months)
    spans = []
    rows = ctx.data.series(name)
    for period, value, status in zip(rows["period"], rows["value"], rows["status"],
                                     strict=True):
        span = parse_span(str(period))
        covered = [] if span is None else span.months()
        if len(covered) == 1 and covered[0] in where:
            statuses[where[covered[0]]] = str(status)
        elif len(covered) > 1 and all(month in where for month in covered):
            spans.append({"first": where[covered[0]], "last": where[covered[-1]],
                          "value": int(value), "status": str(status),
                          "text": f"{format_number(int(value), ctx.lang)} "
                                  f"({format_month(covered[0], ctx.lang, short=True)} – "
                                  f"{format_month(covered[-1], ctx.lang, short=True)})"})
    return statuses, spans


def chart_series(ctx: MapContext, name: str, title: str, direction: str) -> dict:
    facts = ctx.facts.series[name]
    statuses, spans = month_rows(ctx, name)
    largest = facts.largest
    if largest is not None:  # the top of its own scale
        title += f" ({text(ctx.lang, 'chart_max', value=format_number(largest, ctx.lang))})"
    return {"id": name, "title": title, "direction": direction, "values": list(facts.months),
            "statuses": statuses, "spans": spans, "max": largest}


def monthly_chart(ctx: MapContext, corridors: list[tuple[str, str]], ports: list[str],
                  events: tuple[Event, ...]) -> dict:
    """The chart of the corridors' series ((series, direction) each) and the ports' series,
    with the marks of the events and the words it shows."""
    names = {ident: ctx.name(row) for ident, row in ctx.data.rows_by_id("crossings").items()}
    series = [chart_series(ctx, name, series_label(name, ctx), direction)
              for name, direction in corridors]
    series += [chart_series(ctx, port.series.name,
                            f"{names[port.crossing_id]} ({measure.short})", measure.direction)
               for port in ctx.facts.ports if port.port_code in ports
               if (measure := measure_of(port.series.source, ctx.data.specs, ctx.lang,
                                         monthly=True))]
    return {"series": series, "events": month_marks(ctx, events, ctx.period.months()),
            "note": text(ctx.lang, "monthly_note"), "keys": text(ctx.lang, "monthly_keys")}
