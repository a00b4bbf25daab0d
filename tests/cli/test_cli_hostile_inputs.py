"""Inputs a careful attacker or an unlucky user hands the build: special files (FIFOs, devices,
sockets, links to them), oversized files, zip bombs, truncated zips, GDAL VRT files that point
at a server. Each is refused with one located line (exit 1, no traceback), before anything is
read that could hang the build, fill the memory or reach the network.
"""

from __future__ import annotations

import http.server
import os
import shutil
import socket
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pyogrio
import pytest

from geo.inputs.files import MAX_LAYER_BYTES

CROSSINGS = "crossings/ports_of_entry.csv"
BORDER = "geo/border_qc_ny_vt.geojson"


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    """A named pipe. Should the build open it blocking, a watchdog opens its other end after
    20 s, so the test fails on its assertions instead of hanging (and says so)."""
    path = tmp_path / "pipe.csv"
    os.mkfifo(path)
    fired = threading.Event()

    def unblock() -> None:
        fired.set()
        with open(path, "wb"):
            pass

    timer = threading.Timer(20, unblock)
    timer.daemon = True
    timer.start()
    yield path
    timer.cancel()
    assert not fired.is_set(), "the build blocked on the FIFO"


def refused(result, file: Path | str, message: str) -> None:
    """The run failed with exit 1 and one located line naming the file and the reason."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"{file}: {message}" in result.stderr, result.stderr


# A series' file is given as --series NAME=FILE: (option, what comes before the file).
@pytest.mark.parametrize("option, prefix", [("--crossings", ""), ("--series", "rcmp="),
                                            ("--series", "bts="), ("--border", "")])
def test_fifo_as_an_input_is_refused(cli, data_dir, tmp_path, fifo, option, prefix):
    result = cli("validate", "--data", data_dir, option, f"{prefix}{fifo}")
    refused(result, fifo, "is a named pipe (FIFO), expected a regular file")


def test_fifo_as_maps_toml_is_refused(cli, data_dir, fifo):
    result = cli("list", "--data", data_dir, "--config", fifo)
    refused(result, fifo, "is a named pipe (FIFO), expected a regular file")


def test_fifo_as_a_config_layer_is_refused_at_its_key(cli, data_dir, tmp_path, fifo):
    config = tmp_path / "maps.toml"
    text = (data_dir / "maps.toml").read_text("utf-8")
    config.write_text(text.replace('[layers.lakes]\n', f'[layers.lakes]\nfile = "{fifo}"\n'),
                      encoding="utf-8")
    line = next(n for n, row in enumerate(config.read_text("utf-8").splitlines(), 1)
                if row.startswith("file = "))
    result = cli("build", "--data", data_dir, "--config", config, "--out", tmp_path / "out")
    refused(result, f"{config}:{line}", f"layers.lakes.file: {fifo} is a named pipe (FIFO), "
                                         "expected a regular file")
    assert not (tmp_path / "out").exists()


def test_fifo_as_the_data_folders_maps_toml_is_refused(cli, data_copy, tmp_path):
    """Not skipped for ./maps.toml: the data folder's config is the one meant."""
    config = data_copy / "maps.toml"
    config.unlink()
    os.mkfifo(config)
    result = cli("build", "--data", data_copy, "--out", tmp_path / "out")
    refused(result, config, "is a named pipe (FIFO), expected a regular file")


@pytest.mark.parametrize("option, prefix", [("--series", "bts="), ("--crossings", ""),
                                            ("--corridors", "")])
def test_link_to_dev_zero_is_refused(cli, data_dir, tmp_path, option, prefix):
    link = tmp_path / "zero.csv"
    link.symlink_to("/dev/zero")
    result = cli("validate", "--data", data_dir, option, f"{prefix}{link}")
    refused(result, link, "is a character device (through a symbolic link), expected a "
                          "regular file")


def test_dev_zero_as_maps_toml_is_refused(cli, data_dir):
    result = cli("list", "--data", data_dir, "--config", "/dev/zero")
    refused(result, "/dev/zero", "is a character device, expected a regular file")


def test_socket_as_an_input_is_refused(cli, data_dir, tmp_path):
    path = tmp_path / "s.csv"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        result = cli("validate", "--data", data_dir, "--series", f"rcmp={path}")
    finally:
        server.close()
    refused(result, path, "is a socket, expected a regular file")


def test_oversized_layer_is_refused_without_reading_it(cli, data_dir, tmp_path):
    """A sparse GeoJSON file one byte over the limit: refused from its size alone."""
    border = tmp_path / "border.geojson"
    shutil.copyfile(data_dir / BORDER, border)
    with border.open("r+b") as handle:
        handle.truncate(MAX_LAYER_BYTES + 1)
    result = cli("validate", "--data", data_dir, "--border", border)
    refused(result, border, f"file is {MAX_LAYER_BYTES + 1:,} bytes, over the "
                            f"{MAX_LAYER_BYTES:,}-byte limit for a layer file")


def test_maps_toml_over_a_megabyte_is_refused(cli, data_dir, tmp_path):
    config = tmp_path / "maps.toml"
    config.write_text((data_dir / "maps.toml").read_text("utf-8") + "#" * (1 << 20),
                      encoding="utf-8")
    result = cli("list", "--data", data_dir, "--config", config)
    refused(result, config, f"file is {config.stat().st_size:,} bytes, over the 1,048,576-byte "
                            "limit for a config file")


def test_shapefile_with_a_fifo_beside_it_is_refused(cli, user_data, tmp_path):
    """GDAL opens NAME.dbf beside NAME.shp itself: that file is checked too."""
    folder = tmp_path / "shp"
    with zipfile.ZipFile(user_data / "user" / "lakes.zip") as archive:
        archive.extractall(folder)
    [shp] = folder.glob("*.shp")
    dbf = shp.with_suffix(".dbf")
    dbf.unlink()
    os.mkfifo(dbf)
    result = cli("validate", "--data", user_data, "--border", shp)
    refused(result, dbf, "is a named pipe (FIFO), expected a regular file")


def test_geopackage_with_a_fifo_as_its_journal_is_refused(cli, user_data):
    """SQLite opens NAME.gpkg-wal beside a GeoPackage: a FIFO there would block it."""
    gpkg = user_data / "user" / "user.gpkg"
    wal = gpkg.with_name("user.gpkg-wal")
    os.mkfifo(wal)
    result = cli("validate", "--data", user_data, "--crossings", f"{gpkg}:crossings")
    refused(result, wal, "is a named pipe (FIFO), expected a regular file")


def test_zip_bomb_is_refused_before_gdal_opens_it(cli, data_dir, tmp_path):
    """64 MiB of zeros in 64 KB: 1,029 times, more than deflate makes of real data."""
    bomb = tmp_path / "border.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("border.shp", "w") as member:
        for _ in range(64):
            member.write(bytes(1 << 20))
    result = cli("validate", "--data", data_dir, "--border", bomb)
    refused(result, bomb, "border.shp expands 1,029 times (over 1,000): a zip bomb?")


def test_truncated_zip_is_refused(cli, user_data, tmp_path):
    whole = (user_data / "user" / "lakes.zip").read_bytes()
    cut = tmp_path / "lakes.zip"
    cut.write_bytes(whole[: len(whole) // 2])
    result = cli("validate", "--data", user_data, "--border", cut)
    refused(result, cut, "is not a complete zip archive (File is not a zip file); a truncated "
                         "download? Download it again")


def test_zip_whose_member_lies_about_its_content_is_refused(cli, user_data, tmp_path):
    """A member whose bytes were changed after zipping (its CRC no longer matches)."""
    source = user_data / "user" / "lakes.zip"
    damaged = tmp_path / "lakes.zip"
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(damaged, "w") as out:
        for info in archive.infolist():
            out.writestr(info.filename, archive.read(info))  # stored: the bytes are readable
    data = bytearray(damaged.read_bytes())
    offset = data.index(b"\x00\x00\x27\x0a")  # the .shp header, inside the stored member
    data[offset + 40] ^= 0xFF
    damaged.write_bytes(bytes(data))
    result = cli("validate", "--data", user_data, "--border", damaged)
    refused(result, damaged, "is not a complete zip archive (Bad CRC-32")


@pytest.mark.parametrize(("member", "message"), [
    ("../../evil.shp", "holds a file named '../../evil.shp': expected plain file names"),
    ("remote.vrt", "holds 'remote.vrt', not a part of a Shapefile"),
])
def test_zip_with_a_member_that_is_not_a_shapefile_part_is_refused(cli, data_dir, tmp_path,
                                                                   member, message):
    archive_path = tmp_path / "layer.zip"
    with zipfile.ZipFile(archive_path, "w") as archive:
        archive.writestr(member, "<OGRVRTDataSource/>")
    result = cli("validate", "--data", data_dir, "--border", archive_path)
    refused(result, archive_path, message)


class RecordingServer(http.server.ThreadingHTTPServer):
    """An HTTP server on 127.0.0.1 that records every request and serves one GeoJSON line."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        super().__init__(("127.0.0.1", 0), RecordingHandler)


class RecordingHandler(http.server.BaseHTTPRequestHandler):
    BODY = (b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, '
            b'"geometry": {"type": "LineString", "coordinates": [[-74, 45], [-73, 45]]}}]}')

    def answer(self, body: bool) -> None:
        self.server.requests.append(f"{self.command} {self.path}")
        self.send_response(200)
        self.send_header("Content-Type", "application/geo+json")
        self.send_header("Content-Length", str(len(self.BODY)))
        self.end_headers()
        if body:
            self.wfile.write(self.BODY)

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.answer(body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self.answer(body=False)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[RecordingServer]:
    recording = RecordingServer()
    thread = threading.Thread(target=recording.serve_forever, daemon=True)
    thread.start()
    yield recording
    recording.shutdown()
    recording.server_close()


def vrt_pointing_at(server: RecordingServer, path: Path) -> Path:
    url = f"http://127.0.0.1:{server.server_address[1]}/remote.geojson"
    path.write_text(f"""<OGRVRTDataSource>
  <OGRVRTLayer name="remote">
    <SrcDataSource>/vsicurl/{url}</SrcDataSource>
  </OGRVRTLayer>
</OGRVRTDataSource>
""", encoding="utf-8")
    return path


def test_gdal_itself_fetches_what_a_vrt_points_at(server, tmp_path):
    """The control for the test below: the VRT and the server work, and GDAL, left to
    itself, requests the remote file."""
    vrt = vrt_pointing_at(server, tmp_path / "border.vrt")
    pyogrio.read_info(vrt)
    assert any("/remote.geojson" in request for request in server.requests)


@pytest.mark.parametrize("name", ["border.vrt", "border.geojson"])
def test_build_with_a_vrt_makes_no_request(cli, data_dir, tmp_path, server, name):
    """A VRT (under its own name, or named like a GeoJSON file) is refused before GDAL opens
    it: the server records no request at all."""
    vrt = vrt_pointing_at(server, tmp_path / name)
    result = cli("build", "--data", data_dir, "--border", vrt, "--out", tmp_path / "out")
    refused(result, vrt, "is not a vector format crossing-maps reads (an XML file such as a "
                         "GDAL VRT, which can fetch other files and URLs); expected GeoJSON, "
                         "GeoPackage, Shapefile or zipped Shapefile")
    assert server.requests == []
    assert not (tmp_path / "out").exists()
