"""Build the crossing-maps maps: `python build_maps.py --help` for the commands."""

from geo.cli.main import run

if __name__ == "__main__":
    run()
