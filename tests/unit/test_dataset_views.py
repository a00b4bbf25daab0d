"""A data set's drawing views (Dataset.drawing) share what is worked out from an input, but
for the corridors, which a view filters."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from geo import load_data, open_config
from geo.draw.context import frame_for

DATA = Path(__file__).resolve().parents[2] / "data"


def corridor_ids(data) -> list[str]:
    return frame_for("corridors", data)["id"].tolist()


def test_a_view_reuses_a_layers_work_but_not_the_corridors():
    data = load_data(DATA, open_config(DATA))
    view = data.drawing(("usbp_swanton",))  # draws Swanton's line, not Roxham Road's
    assert corridor_ids(view) != corridor_ids(data)  # the view does filter the corridors

    border = data.remembered_of("border", ("ids",), lambda: [id(data.border)])
    assert view.remembered_of("border", ("ids",), lambda: []) is border

    assert (data.remembered_of("corridors", ("ids",), lambda: corridor_ids(data))
            == corridor_ids(data))
    assert (view.remembered_of("corridors", ("ids",), lambda: corridor_ids(view))
            == corridor_ids(view))


def test_a_data_set_made_from_another_shares_nothing_it_worked_out():
    data = load_data(DATA, open_config(DATA))
    data.remembered_of("border", ("ids",), lambda: ["first"])
    other = replace(data, border=data.border.iloc[:1])
    assert other.remembered_of("border", ("ids",), lambda: ["other"]) == ["other"]
