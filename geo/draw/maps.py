"""The map kinds, by the name maps.toml gives them, and render_map: one map as a folium map."""

from __future__ import annotations

from geo.draw.border import BorderMap
from geo.draw.frame import MapKind, render
from geo.draw.provinces import ProvincesMap
from geo.draw.timeline import Timeline
from geo.facts.story import ROXHAM, Story
from geo.inputs.config import MAP_KINDS, MapSpec
from geo.inputs.dataset import Dataset
from geo.web.map import CrossingMap
from geo.web.page import RenderOptions

KINDS: dict[str, MapKind] = {"overview": BorderMap(), "distance": BorderMap(measure=True),
                             "timeline": Timeline(), "provinces": ProvincesMap()}
assert set(KINDS) == set(MAP_KINDS)


def render_map(spec: MapSpec, data: Dataset, options: RenderOptions | None = None,
               story: Story = ROXHAM) -> CrossingMap:
    """One map of the config, drawn from the dataset: a folium.Map to add layers to, show in
    a notebook, or save (CrossingMap.page() is the page a build publishes)."""
    return render(KINDS[spec.kind], spec, data, options or RenderOptions(), story)
