"""Options shared by the crossing-maps commands, and the parameter types behind them.

Every value is checked when it is parsed, so a bad value is a usage error (exit 2) naming the
option, before any data is read:

- --data, --config: build, validate, list
- --assume-crs, the input files --border, --crossings, --corridors, and --series NAME=FILE:
  build, validate
- --lang: build, list
- --debug: every command
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click
import folium
import pyproj

from geo.inputs.config import LANGS
from geo.inputs.load import split_layer_spec
from geo.periods import Period, parse_period_range
from geo.web.png import DEFAULT_PNG_SIZE, MAX_PNG_SCALE, parse_size

DEFAULT_DATA = Path("data")
DEFAULT_OUT = Path("maps")

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


class LayerFileType(click.ParamType):
    """A vector file or CSV on the command line; 'file.gpkg:layer' picks a layer."""

    name = "PATH"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        path, _ = split_layer_spec(str(value))
        if not path.exists():
            self.fail(f"file '{path}' does not exist.", param, ctx)
        return str(value)


class SeriesFileType(click.ParamType):
    """NAME=FILE: a declared series read from another CSV."""

    name = "NAME=FILE"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> tuple[str, str]:
        if isinstance(value, tuple):
            return value
        name, sep, file = str(value).partition("=")
        if not sep or not name.strip() or not file.strip():
            self.fail(f"'{value}' is not NAME=FILE; expected for instance "
                      "rcmp=my_interceptions.csv", param, ctx)
        if not Path(file).exists():  # what stands there (a FIFO, a folder) is refused on reading
            self.fail(f"file '{file}' does not exist.", param, ctx)
        return name.strip(), file


class PeriodType(click.ParamType):
    """START:END months, e.g. 2017-01:2023-03 (or years: 2017:2019)."""

    name = "START:END"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Period:
        if isinstance(value, Period):
            return value
        try:
            return parse_period_range(str(value))
        except ValueError as exc:
            self.fail(f"'{value}' is not a period ({exc}); expected START:END months such as "
                      "2017-01:2023-03, or years such as 2017:2019", param, ctx)


class TilesType(click.ParamType):
    """A basemap tile provider by name, as folium takes it (an xyzservices name), or none."""

    name = "NAME|none"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str | None:
        if value is None or str(value).lower() == "none":
            return None
        try:
            folium.TileLayer(tiles=str(value))
        except ValueError:  # folium takes an unknown name for a URL, which needs attribution
            self.fail(f"'{value}' is not a tile provider; expected none or a name such as "
                      "OpenStreetMap or OpenTopoMap", param, ctx)
        return str(value)


class CrsType(click.ParamType):
    """Anything pyproj understands as a CRS: EPSG:4326, EPSG:32618, a PROJ string."""

    name = "CRS"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        try:
            pyproj.CRS.from_user_input(str(value))
        except pyproj.exceptions.CRSError:
            self.fail(f"'{value}' is not a CRS; expected for instance EPSG:4326", param, ctx)
        return str(value)


class SizeType(click.ParamType):
    """WIDTHxHEIGHT in pixels."""

    name = "WxH"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> tuple[int, int]:
        if isinstance(value, tuple):
            return value
        try:
            return parse_size(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


class MonthType(click.ParamType):
    """One month, YYYY-MM."""

    name = "YYYY-MM"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", str(value)):
            self.fail(f"'{value}' is not a month; expected YYYY-MM, e.g. 2023-03", param, ctx)
        return str(value)


class BaseUrlType(click.ParamType):
    """An absolute http(s) URL: where the maps will be published."""

    name = "URL"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        parts = urlsplit(str(value))
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query \
                or parts.fragment:
            self.fail(f"'{value}' is not an absolute http(s) URL without query or fragment, "
                      "e.g. https://example.org/maps/", param, ctx)
        return str(value) if str(value).endswith("/") else f"{value}/"


data_option = click.option(
    "--data", "data_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=DEFAULT_DATA, show_default=True, metavar="DIR",
    help="Data folder laid out like data/; layer files in the config are relative to it.")
config_option = click.option(
    "--config", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="FILE",
    help="The maps.toml to use [default: DATA/maps.toml, else ./maps.toml].")
lang_option = click.option(
    "--lang", type=click.Choice(LANGS), default="en", show_default=True,
    help="Language of the maps' texts.")
debug_option = click.option(
    "--debug", is_flag=True, help="Show the traceback of an error, for bug reports.")

# The inputs a user can replace with a file of their own: (option, DataPaths name, help).
INPUT_FILES = (
    ("--border", "border", "The boundary (lines)."),
    ("--crossings", "crossings", "Crossings: a point layer, or a CSV with id, name_en, kind, "
                                 "lat and lon columns."),
    ("--corridors", "corridors", "Irregular corridors (lines)."),
)


def input_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--assume-crs, one option per replaceable layer and --series, gathered into `inputs`."""
    command = click.option(
        "--series", "series_files", type=SeriesFileType(), multiple=True,
        help="NAME=FILE: read the series maps.toml declares as [series.NAME] from this CSV "
             "(with the columns the declaration names) instead of its files. Repeatable."
    )(command)
    for flag, name, text in reversed(INPUT_FILES):
        command = click.option(flag, name, type=LayerFileType(), metavar="PATH",
                               help=f"{text} Replaces the data folder's file.")(command)
    return click.option(
        "--assume-crs", type=CrsType(),
        help="CRS of layer files that declare none (otherwise an error), e.g. EPSG:4326."
    )(command)


def input_overrides(kwargs: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """Pop the input options from a command's arguments: {DataPaths name: path given} and
    {series name: file given}."""
    given = {name: kwargs.pop(name) for _, name, _ in INPUT_FILES}
    return ({name: path for name, path in given.items() if path is not None},
            dict(kwargs.pop("series_files")))


def render_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """How the pages are drawn and what else is written beside them."""
    decorators: list[Decorator] = [
        click.option("--tiles", type=TilesType(), default="none", show_default=True,
                     metavar="NAME|none",
                     help="Basemap tiles under the map, by provider name (OpenStreetMap, "
                          "OpenTopoMap, ...); they load from the network when the map "
                          "is opened. none draws the map from its own layers only."),
        click.option("--period", type=PeriodType(),
                     help="Months the totals cover, e.g. 2017-01:2023-03 [default: each "
                          "map's period in the config, else every month in the data]. The "
                          "scales still count the config's periods."),
        click.option("--self-contained", is_flag=True,
                     help="Put Leaflet and the scripts inside each page, so it opens from "
                          "anywhere with no lib/ folder beside it."),
        click.option("--assets-dir", type=click.Path(exists=True, file_okay=False,
                                                     path_type=Path), metavar="DIR",
                     help="Asset store to take Leaflet from [default: the copy shipped with "
                          "crossing-maps]."),
        click.option("--png", is_flag=True,
                     help="Also write NAME.png of each map, taken in headless Chromium."),
        click.option("--png-size", type=SizeType(), default="x".join(map(str, DEFAULT_PNG_SIZE)),
                     show_default=True, metavar="WxH",
                     help="Layout size of the PNG images in CSS pixels."),
        click.option("--png-scale", type=click.FloatRange(1, MAX_PNG_SCALE), default=1,
                     show_default=True, metavar="N",
                     help="Device pixels per CSS pixel (2 or 3 for print): the same layout "
                          "with N times the pixels each way."),
        click.option("--png-month", "png_months", type=MonthType(), multiple=True,
                     help="Also write TIMELINE-YYYY-MM.png of the timeline at that month "
                          "(repeatable) [default: only TIMELINE.png, at the month it opens on]."),
        click.option("--pdf", is_flag=True,
                     help="With --png, also write NAME.pdf of each map: one page of the "
                          "--png-size layout, its text and lines kept as vectors."),
        click.option("--base-url", type=BaseUrlType(),
                     help="Where the maps will be published: the index's embed snippets "
                          "then point there, so they work pasted into any page [default: "
                          "paths relative to the index]."),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command
