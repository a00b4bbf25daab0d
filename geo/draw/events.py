"""A map's events as its timeline and charts show them: each numbered once for the whole map
(1, 2, ... in date order), a mark at its month on the time slider and on the charts of the
series it applies to, and its label, in the map's language, in a compact list."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby

from markupsafe import Markup

from geo.draw.context import MapContext
from geo.facts.map_facts import events_of
from geo.i18n import colon, format_day, pick, text
from geo.inputs.events import Event
from geo.web.templating import macro

# Marks nearer than this share of the track or chart have their numbers on opposite sides,
# so that they do not overlap (2023-03 and 2023-05 are 2% apart on the timeline).
NEAR_SHARE = 0.04


def number(ctx: MapContext, event: Event) -> int:
    """The event's number on this map."""
    return ctx.facts.events.index(event) + 1


def event_text(ctx: MapContext, event: Event) -> str:
    """'25 March 2023: Roxham Road closed (...)'."""
    return f"{format_day(event.day, ctx.lang)}{colon(ctx.lang)}{pick(event.label, ctx.lang)}"


def is_closure(ctx: MapContext, event: Event) -> bool:
    return event.day == ctx.story.closure.day


def sides(shares: list[float]) -> list[str]:
    """Which side of its mark each number goes: left when the next mark is near, right when
    the previous one is, else centred."""
    out = []
    for i, share in enumerate(shares):
        near_next = i + 1 < len(shares) and shares[i + 1] - share < NEAR_SHARE
        near_previous = i > 0 and share - shares[i - 1] < NEAR_SHARE
        out.append("cm-label-left" if near_next and not near_previous
                   else "cm-label-right" if near_previous else "")
    return out


def month_marks(ctx: MapContext, events: Iterable[Event], months: list[str]) -> list[dict]:
    """One mark per month that has events: where it is (its index and share of the months),
    the numbers of its events, their labels, and whether the closure is one of them."""
    last = max(len(months) - 1, 1)
    marks = []
    for month, group in groupby(events, key=lambda event: event.month):
        members = list(group)
        numbers = ", ".join(str(number(ctx, e)) for e in members)
        marks.append({"month": month, "index": months.index(month),
                      "share": f"{months.index(month) / last:.4f}", "numbers": numbers,
                      # Its name starts with the numbers it shows ('1, 2 – 21 March 2020: ...').
                      "title": f"{numbers} – " + "; ".join(event_text(ctx, e) for e in members),
                      "closure": any(is_closure(ctx, e) for e in members)})
    for mark, side in zip(marks, sides([float(m["share"]) for m in marks]), strict=True):
        mark["side"] = side
    return marks


def drawn_events(ctx: MapContext, series: Iterable[str]) -> tuple[Event, ...]:
    """The map's events that apply to these series."""
    return events_of(ctx.facts.events, series)


def events_panel(ctx: MapContext, events: tuple[Event, ...]) -> Markup:
    """The numbered list of the events, one line each, folded under its button; nothing when
    there are none."""
    if not events:
        return Markup("")
    entries = [{"n": number(ctx, e), "day": e.day, "month": e.month,
                "when": format_day(e.day, ctx.lang), "label": pick(e.label, ctx.lang),
                "closure": is_closure(ctx, e)} for e in events]
    return macro("timeline.html.j2", "events_panel")(
        summary=text(ctx.lang, "events", count=len(events)), entries=entries)


def chart_marks(ctx: MapContext, series: str) -> list[dict]:
    """The marks of a chart of one series over the months of the map's charts: those of
    the events that apply to it."""
    return month_marks(ctx, drawn_events(ctx, [series]), ctx.span.months())
