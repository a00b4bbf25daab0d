"""Map definitions (maps.toml): which maps to build, with what texts, extent, layers and period."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.errors import ConfigError
from geo.join import Period, parse_period_range

MAP_KINDS = ("overview", "roxham", "timeline", "provinces")
# Layers every data folder has; a config may point any of them at another file, and may add
# context layers of its own (drawn as plain areas, lines or points with the given style).
BUILTIN_LAYERS = ("border", "admin1", "provinces", "lakes", "rivers", "places", "crossings",
                  "corridors")


@dataclass(frozen=True)
class LayerSpec:
    """A layer a map draws: its file (None: the data folder's default), label and style."""

    name: str
    file: str | None = None
    label: dict[str, str] = field(default_factory=dict)
    style: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class MapSpec:
    """One map: its output name, the renderer that draws it, its texts and what it shows."""

    name: str
    kind: str
    title: dict[str, str]
    description: dict[str, str] = field(default_factory=dict)
    period: Period | None = None  # None: every month in the data
    bounds: tuple[float, float, float, float] | None = None  # west, south, east, north
    fit: tuple[str, ...] = ()  # crossing ids the view fits when bounds is None
    layers: tuple[LayerSpec, ...] = ()

    def layer(self, name: str) -> LayerSpec | None:
        return next((layer for layer in self.layers if layer.name == name), None)


def load_config(path: Path) -> list[MapSpec]:
    """Read maps.toml into MapSpecs."""
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
    layers = {name: LayerSpec(name=name, file=entry.get("file"), label=dict(entry.get("label", {})),
                              style=dict(entry.get("style", {})))
              for name, entry in doc.get("layers", {}).items()}
    specs = []
    for index, entry in enumerate(doc.get("maps", [])):
        where = f"{path}: maps[{index}]"
        try:
            kind = entry["kind"]
            if kind not in MAP_KINDS:
                raise ConfigError(f"{where}.kind: '{kind}', expected one of {', '.join(MAP_KINDS)}")
            period = parse_period_range(entry["period"]) if "period" in entry else None
            bounds = tuple(entry["bounds"]) if "bounds" in entry else None
            unknown = [n for n in entry.get("layers", ()) if n not in layers and
                       n not in BUILTIN_LAYERS]
            if unknown:
                raise ConfigError(f"{where}.layers: unknown layer(s) {', '.join(unknown)}")
            used = tuple(layers.get(n, LayerSpec(name=n)) for n in entry.get("layers", ()))
            specs.append(MapSpec(name=entry["name"], kind=kind, title=dict(entry["title"]),
                                 description=dict(entry.get("description", {})), period=period,
                                 bounds=bounds, fit=tuple(entry.get("fit", ())), layers=used))
        except KeyError as exc:
            raise ConfigError(f"{where}: missing key {exc}") from None
        except ValueError as exc:
            raise ConfigError(f"{where}.period: {exc}") from None
    return specs
