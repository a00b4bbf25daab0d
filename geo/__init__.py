"""crossing-maps: maps of border crossings and irregular corridors, from real data.

The Python API, in the order a build runs (README, "Python API"):

    from pathlib import Path
    import folium
    import geo

    config = geo.open_config(Path("data"))         # data/maps.toml, checked
    data = geo.load_data(Path("data"), config)      # every file read and checked
    m = geo.render_map(config.map("roxham"), data, geo.RenderOptions(lang="fr"))
    folium.Marker([45.0145, -73.4552], tooltip="Lacolle").add_to(m)   # m is a folium.Map
    m.save("roxham.html")                           # the page a build publishes
    m                                               # in Jupyter: drawn inline, offline

    geo.build(geo.DataPaths(Path("data")), Path("maps"), geo.RenderOptions())  # every map

Errors are CrossingMapsError: DataError and ConfigError carry located Problems (file, line,
column; in a config, the key and its line).
"""

from geo.collector import paused_collection

# The imports make objects only, no garbage: the collector waits (geo/collector.py).
with paused_collection():
    from geo.draw.maps import render_map
    from geo.errors import (
        BrowserUnavailableError,
        ConfigError,
        CrossingMapsError,
        DataError,
        Problem,
        RenderError,
    )
    from geo.inputs.config import LayerSpec, MapConfig, MapSpec
    from geo.inputs.config_file import read_config
    from geo.inputs.dataset import DataPaths, Dataset
    from geo.pipeline import BuildResult, DataReport, build, check_data, load_data, open_config
    from geo.web.map import CrossingMap
    from geo.web.page import RenderOptions

__version__ = "0.1.0"
__all__ = [
    "BrowserUnavailableError", "BuildResult", "ConfigError", "CrossingMap", "CrossingMapsError",
    "DataError", "DataPaths", "DataReport", "Dataset", "LayerSpec", "MapConfig", "MapSpec",
    "Problem", "RenderError", "RenderOptions", "build", "check_data", "load_data",
    "open_config", "read_config", "render_map",
]
