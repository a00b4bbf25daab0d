"""A map's source line in the making: which datasets and which of the user's own files the
drawn layers and series come from (the story says which dataset each shipped file is)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from geo.facts.provenance import Drawn
from geo.facts.sources import crossing_sources, series_sources
from geo.facts.story import Story
from geo.i18n import pick, text
from geo.inputs.config import LayerSpec
from geo.inputs.dataset import EVENTS, Dataset, corridor_input
from geo.inputs.events import Event
from geo.inputs.load import split_layer_spec
from geo.inputs.series import SeriesSpec
from geo.periods import Period

# A table drawn whole (or an input that is not a table).
ALL_ROWS = Drawn()


# eq=False, repr=False: nothing compares or prints Credits; on Python 3.11 each method
# a dataclass generates is one more exec at import.
@dataclass(eq=False, repr=False)
class Credits:
    """A map's source line in the making: the datasets behind the shipped files it draws
    (Dataset.shipped), and the name of each of the user's own files it draws instead."""

    data: Dataset
    lang: str
    story: Story
    datasets: set[str] = field(default_factory=set)
    user_files: dict[str, str] = field(default_factory=dict)  # input name -> its credit
    # Every input drawn, with the count rows drawn from it, for the page's provenance record
    # (geo/facts/provenance.py).
    drawn: dict[str, Drawn] = field(default_factory=dict)

    def add(self, name: str, what: str, datasets: Iterable[str],
            rows: Drawn = ALL_ROWS) -> None:
        """Input `name` (what it holds, in words) is drawn (for a count table, its `rows`):
        credit its datasets when its file is the shipped one, else name the user's file."""
        self.drawn[name] = self.drawn[name] | rows if name in self.drawn else rows
        if name in self.data.shipped:
            self.datasets |= set(datasets)
        else:
            self.user_files.setdefault(name, text(self.lang, "src_user", what=what,
                                                  file=file_name(self.data.files[name])))

    def add_layer(self, layer: LayerSpec) -> None:
        """A context layer (the boundary, Natural Earth layers, or one the config adds)."""
        source = self.story.file_datasets.get(self.data.shipped.get(layer.name, ""))
        self.add(layer.name, pick(layer.label, self.lang) or layer.name,
                 {source} if source else set())

    def line(self) -> str:
        """'Sources: ...': the datasets in a fixed order, then the user's files as drawn."""
        names = [text(self.lang, f"src_{dataset}") for dataset in self.story.datasets
                 if dataset in self.datasets]
        return text(self.lang, "sources", names="; ".join(names + list(self.user_files.values())))


def credit_series(credits: Credits, spec: SeriesSpec, datasets: Iterable[str],
                  rows: Drawn = ALL_ROWS) -> None:
    """A declared series drawn (`rows` of it): each of its files, credited to the datasets
    the rows drawn come from."""
    for name in spec.input_names():
        if name in credits.data.inputs:
            credits.add(name, spec.words("measure", credits.lang), datasets, rows)


def credit_crossings(credits: Credits, layer: LayerSpec, data: Dataset,
                     ports: Iterable[str], period: Period) -> None:
    """The crossings (where they are, their names) and the port series their circles show
    (ports: their series names)."""
    credits.add("crossings", pick(layer.label, credits.lang) or layer.name,
                crossing_sources(data))
    by_source: dict[str, list[str]] = {}
    for series in ports:
        by_source.setdefault(series.partition(":")[0], []).append(series)
    for source, names in sorted(by_source.items()):
        credit_series(credits, data.specs[source], series_sources(data, names, period),
                      Drawn(keys=frozenset(n.partition(":")[2] for n in names)))


def credit_corridors(credits: Credits, layer: LayerSpec, drawn: list[str],
                     period: Period) -> None:
    """The corridor lines (schematic, drawn by this project: no dataset to credit) and the
    series their widths show (drawn: their series names)."""
    credits.add("corridors", pick(layer.label, credits.lang) or layer.name, set())
    by_source: dict[str, list[str]] = {}
    for series in drawn:
        by_source.setdefault(series.partition(":")[0], []).append(series)
    for source, names in sorted(by_source.items()):
        spec = credits.data.specs[source]
        keys = None if spec.joins == "none" else frozenset(n.partition(":")[2] for n in names)
        credit_series(credits, spec, series_sources(credits.data, names, period), Drawn(keys=keys))
        if spec.corridor is not None:  # its own schematic line, drawn by this project
            credits.add(corridor_input(spec), spec.words("measure", credits.lang), set())


def credit_events(credits: Credits, events: Iterable[Event]) -> None:
    """The events drawn (on a time slider or a chart), for the provenance record, which
    names the publisher of each one's date (the source line credits the datasets of the
    counts; a user's own events file is named there)."""
    if any(True for _ in events):
        credits.add(EVENTS, text(credits.lang, "input_events"), set())


def file_name(spec: str) -> str:
    """A user's file as the source line names it: its name, and the layer picked out of it."""
    path, layer = split_layer_spec(spec)
    return f"{path.name}:{layer}" if layer else path.name
