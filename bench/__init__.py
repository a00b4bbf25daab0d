"""The benchmark against geopandas explore: `python bench/run.py` (see run.py)."""
