"""A large payload goes into its page in pieces (geo/web/page.py, map.py, csp.py): the same
text, the same policy hash, the same page as the joined text gives."""

from __future__ import annotations

import base64
import hashlib
import json
import re

import numpy as np
import pandas as pd
import pytest
from folium.template import tojavascript

from geo.draw.front_coding import ascii_front_coded
from geo.errors import RenderError
from geo.web.csp import with_csp
from geo.web.map import javascript_json_pieces
from geo.web.page import JSONNumbers, to_json

STAND_IN = "cm-payload-0123456789abcdef"
PAGE = ("<html><head><title>t</title></head><body><script>render("
        f"JSON.parse({STAND_IN}));</script></body></html>")


def payload() -> dict:
    names = pd.Series(["Lacolle 1", "Lacolle 2", "Lacolle <10>", "Derby Line 'A'"], dtype="str")
    return {"count": 4, "x": JSONNumbers.of(np.array([-7345521, 12, -3, 40])),
            "name": ascii_front_coded(names), "label": "Roxham & Lacolle"}


def test_the_pieces_join_into_the_javascript_json() -> None:
    pieces = javascript_json_pieces(payload())
    assert len(pieces) > 1
    assert "".join(pieces) == tojavascript(to_json(payload()))
    assert "[-7345521,12,-3,40]" in pieces  # the numbers' own text, not a copy of the whole


@pytest.mark.parametrize("value", [
    JSONNumbers.of(np.array([1, 2])),
    [JSONNumbers.of(np.array([1])), JSONNumbers.of(np.array([2.5, -3.0])), "a\x00b",
     {"z": JSONNumbers.of(np.array([], dtype=np.int64)), "a": [JSONNumbers.of(np.array([7]))]}],
    {"text": "no numbers here", "n": 3}])
def test_every_array_is_put_back_where_it_stood(value: object) -> None:
    def plain(item: object) -> object:
        if isinstance(item, JSONNumbers):
            return item.values()
        if isinstance(item, list):
            return [plain(x) for x in item]
        return {k: plain(v) for k, v in item.items()} if isinstance(item, dict) else item

    assert to_json(value) == json.dumps(plain(value), sort_keys=True, ensure_ascii=False,
                                        separators=(",", ":"))
    assert "".join(javascript_json_pieces(value)) == tojavascript(to_json(value))


def test_a_page_filled_from_pieces_is_the_page_filled_from_their_text() -> None:
    pieces = javascript_json_pieces(payload())
    ours = with_csp(PAGE, [], {STAND_IN: pieces})
    assert ours == with_csp(PAGE.replace(STAND_IN, "".join(pieces)), [])
    script = re.search(r"<script>(.*?)</script>", ours, re.DOTALL).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    assert f"'sha256-{digest}'" in ours


def test_markup_in_any_piece_is_refused() -> None:
    with pytest.raises(RenderError, match="no markup"):
        with_csp(PAGE, [], {STAND_IN: ["'[1,", "</script>", "]'"]})
