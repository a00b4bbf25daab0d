"""The map kinds, by the name maps.toml gives them; the facts of a build's maps, with the
scales they share, computed before any of them is drawn; and render_map: one map as a folium
map."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from geo.draw.border import BorderMap
from geo.draw.frame import MapKind, render
from geo.draw.provinces import ProvincesMap
from geo.draw.timeline import Timeline
from geo.facts.map_facts import MapFacts
from geo.facts.scales import MapValues, map_values, shared_bases
from geo.facts.story import ROXHAM, Story
from geo.inputs.config import MAP_KINDS, MapSpec
from geo.inputs.dataset import Dataset
from geo.web.map import CrossingMap
from geo.web.page import RenderOptions

KINDS: dict[str, MapKind] = {"overview": BorderMap(), "distance": BorderMap(measure=True),
                             "timeline": Timeline(), "provinces": ProvincesMap()}
assert set(KINDS) == set(MAP_KINDS)


def scale_values(spec: MapSpec, facts: MapFacts, data: Dataset, options: RenderOptions,
                 story: Story) -> list[MapValues]:
    """What a map puts on its scales: the values it draws, and, when --period replaced its
    period, those it would draw over the period maps.toml gives it."""
    kind = KINDS[spec.kind]
    layers = [layer.name for layer in spec.layers]
    values = [map_values(spec.name, facts, layers, kind.monthly)]
    if options.period is not None and kind.own_period(spec, data) != options.period:
        own = kind.facts(spec, data, replace(options, period=None), story)
        values.append(map_values(spec.name, own, layers, kind.monthly, drawn=False))
    return values


def build_facts(specs: Sequence[MapSpec], data: Dataset, options: RenderOptions,
                story: Story = ROXHAM) -> dict[str, MapFacts]:
    """The facts of every map of a build, by name, each with the scales the maps share
    (geo/facts/scales.py). Raises ConfigError where a scale maps.toml fixes is below a value
    its map draws."""
    # Each map sees the series it draws (its `series`, else all of them).
    seen = {spec.name: data.drawing(spec.series) for spec in specs}
    facts = {spec.name: KINDS[spec.kind].facts(spec, seen[spec.name], options, story)
             for spec in specs}
    values = [entry for spec in specs
              for entry in scale_values(spec, facts[spec.name], seen[spec.name], options, story)]
    bases = shared_bases(values, {spec.name: spec.scale for spec in specs})
    return {name: replace(one, scales=bases[name]) for name, one in facts.items()}


def render_map(spec: MapSpec, data: Dataset, options: RenderOptions | None = None,
               story: Story = ROXHAM, facts: MapFacts | None = None) -> CrossingMap:
    """One map of the config, drawn from the dataset: a folium.Map to add layers to, show in
    a notebook, or save (CrossingMap.page() is the page a build publishes). facts: the
    map's, from build_facts with the other maps of its build (by default its own alone, on
    scales of its own)."""
    options = options or RenderOptions()
    if facts is None:
        facts = build_facts([spec], data, options, story)[spec.name]
    return render(KINDS[spec.kind], spec, data, options, facts, story)
