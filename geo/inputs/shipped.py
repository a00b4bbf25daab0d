"""Which files are the shipped data: data/'s files by the sha256 of their bytes."""

from __future__ import annotations

from geo.inputs.files import Checksums
from geo.inputs.load import split_layer_spec

# Every data file data/ ships (made by tools/dataprep.py), by the sha256 of its bytes (without a
# UTF-8 BOM and with LF line endings, which a checkout or a spreadsheet may add: the loaders
# read such a copy as the same data). A file with these bytes is the shipped data,
# whatever its path, and the maps credit its dataset; any other file is the user's own, and
# the maps name it instead. tests/maps/test_sources_line.py keeps this in step with data/.
SHIPPED_FILES = {
    "arrivals/asylum_claims_between_ports.csv":
        "ec3ca7b7e5930876d242566b7d0e6f734c8b2f2af7af736dd2fdb9d2a0ec1022",
    "arrivals/bts_ports_monthly.csv":
        "c37f96c5db6e027607980b5f34da170370835909d9f11848759d97705c742723",
    "arrivals/rcmp_interceptions_monthly.csv":
        "d0718c11b4a19f373f7bee0519d39010401dbfe606ed8b50b50541ea92688736",
    "arrivals/rcmp_interceptions_other_periods.csv":
        "fc2f73f924de3d5126f4c96440c55ad2fe10130a0d6b9a19200298d756a5682b",
    "arrivals/usbp_swanton_monthly.csv":
        "a3b17deeb5708209dfcda6c60a968894cac0d6d2f61ec9aab27667817edbaff6",
    "corridors/corridors.geojson":
        "a54528613e27ca208b292701784ebbc7eac2bcfa1d4ade8966da989ca86b1b89",
    "corridors/swanton_sector.geojson":
        "b30932c8aaba559f32d529320145ce31bc3bbd6228421c01f66aec5f2027b053",
    "crossings/ports_of_entry.csv":
        "da28b77052983fda8c60398ddaf1bbad8544e2f7ca0cbfe66a74e74a4ee40fe6",
    "events.csv":
        "e6d9756052dde98254b92d39c2ad2540d4035dd381ca6302a1c8099c9914ea28",
    "geo/admin1_ne50m.geojson":
        "3718afb49b3a08a5ba289bff109b7ec4bd5f57ce119a4136fe4ac944eadcd411",
    "geo/border_qc_ny_vt.geojson":
        "0ce95e5d71ad93fa427f043bbec5df24aff29fc01187f8f37e8a4921502587b1",
    "geo/canada_provinces_ne50m.geojson":
        "6fee68c73d65ce0ff52c0d21fa9d1010c05ab92296dd51a3dc8c629e113e2145",
    "geo/lakes_ne10m.geojson":
        "b1b4944c7e2871fe4fd9b88a58cf5d691fabeb633c8dce62619c933d47e52a7b",
    "geo/places_ne10m.geojson":
        "703de3337c249191c8b19f04e2a4139510cb0e57036fa828d54d90e657cd6b6f",
    "geo/rivers_ne10m.geojson":
        "e567f9f7f237bf4befefbb6901403f3fe17cd603cd583702c00a61ad0483045d",
}


def shipped_file(spec: str, checksums: Checksums) -> str | None:
    """Which of data/'s files (SHIPPED_FILES) the bytes read for this layer or table file are
    (BOM and line endings aside); None for any other bytes, and for a layer picked out of a
    file with ':layer'."""
    if split_layer_spec(spec)[1] is not None:
        return None
    return next((file for file, sha in SHIPPED_FILES.items() if sha == checksums.text_sha256),
                None)
