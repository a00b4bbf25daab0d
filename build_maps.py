"""Build the crossing-maps maps: `python build_maps.py --help` for the commands."""

from geo.cli.main import main

if __name__ == "__main__":
    main()
