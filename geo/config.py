"""Map definitions: which maps to build, with what title, extent, layers and period."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from geo.errors import ConfigError
from geo.join import Period, parse_period_range

MAP_KINDS = ("overview", "roxham", "timeline", "provinces")


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
    layers: tuple[str, ...] = ()


def load_config(path: Path) -> list[MapSpec]:
    """Read maps.toml into MapSpecs."""
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
    specs = []
    for index, entry in enumerate(doc.get("maps", [])):
        where = f"{path}: maps[{index}]"
        try:
            kind = entry["kind"]
            if kind not in MAP_KINDS:
                raise ConfigError(f"{where}.kind: '{kind}', expected one of {', '.join(MAP_KINDS)}")
            period = parse_period_range(entry["period"]) if "period" in entry else None
            bounds = tuple(entry["bounds"]) if "bounds" in entry else None
            specs.append(MapSpec(name=entry["name"], kind=kind, title=dict(entry["title"]),
                                 description=dict(entry.get("description", {})), period=period,
                                 bounds=bounds, fit=tuple(entry.get("fit", ())),
                                 layers=tuple(entry.get("layers", ()))))
        except KeyError as exc:
            raise ConfigError(f"{where}: missing key {exc}") from None
        except ValueError as exc:
            raise ConfigError(f"{where}.period: {exc}") from None
    return specs
