"""crossing-maps: maps of border crossings and irregular corridors, Quebec - New York/Vermont."""

__version__ = "0.1.0"
