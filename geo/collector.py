"""When Python's garbage collector runs while crossing-maps starts.

Importing geopandas, pandas, pyarrow, shapely and folium makes some 170,000 objects, none of
them garbage, most of them kept as long as the process lives. A collector left on walks them
again and again while they are made (about 65 ms of `import geopandas, folium`). Merely
paused, it walks them all at once when it is switched back on: the first young collection
then holds every one of them, and the next one walks them again (about 120 ms). So
geo/__init__.py imports with the collector paused, and the objects made go straight to the
oldest generation, which only full collections walk. The command line then freezes them out
of its reach for good (geo/cli/main.py: run).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_collection() -> Iterator[None]:
    """No collection inside the block; what it made (and all else alive) in the oldest
    generation after it, and the collector as it was before."""
    collecting = gc.isenabled()
    frozen_before = gc.get_freeze_count()  # a program's own freeze (before a fork) is kept
    gc.disable()
    try:
        yield
    finally:
        # freeze() moves every tracked object out of the generations, unfreeze() puts them
        # back in the oldest: they are not collectable any less, only not walked by the young
        # collections that would otherwise come one after the other.
        if not frozen_before:
            gc.freeze()
            gc.unfreeze()
        if collecting:
            gc.enable()
