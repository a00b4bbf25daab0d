"""When Python's garbage collector runs while crossing-maps starts.

Importing geopandas, pandas, pyarrow, shapely and folium makes some 100,000 objects, none of
them garbage, most of them kept as long as the process lives; a collector left on walks them
again and again while they are made (about 80 ms of every command, a third of a default
build's own work). geo/__init__.py imports with it paused; the command line then freezes
what the imports made (geo/cli/main.py: run).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_collection() -> Iterator[None]:
    """No collection inside the block; the collector as it was after it."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
