"""The ASCII front coding on a column's bytes gives the page what the general one gives."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.draw.front_coding import ascii_front_coded, front_coded
from geo.web.map import javascript_json_pieces
from geo.web.page import to_json

# Printable ASCII with the characters JSON or the page escapes, and prefixes to share.
ASCII = st.lists(st.text(alphabet="ab1 <>&'\"\\", max_size=6), min_size=1, max_size=40)


@settings(deadline=None)  # a loaded machine is slow, not wrong: tests check correctness only
@given(ASCII, st.sampled_from(["str", object]))
def test_the_same_json_as_the_general_coding(texts: list[str], dtype: object) -> None:
    fast = ascii_front_coded(pd.Series(texts, dtype=dtype))
    if any('"' in t or "\\" in t for t in texts):
        assert fast is None
        return
    assert fast is not None
    assert to_json(fast) == to_json(front_coded(texts))
    general = front_coded(texts)
    assert "".join(javascript_json_pieces(fast)) == "".join(javascript_json_pieces(general))


def test_a_slice_of_a_column_is_coded_from_its_own_texts() -> None:
    column = pd.Series(["Lacolle 1", "Lacolle 2", "Lacolle 10", "Lac", "", "Z"] * 3, dtype="str")
    part = column.take([5, 4, 3, 2, 1, 0, 7])
    assert to_json(ascii_front_coded(part)) == to_json(front_coded(part.tolist()))


def test_missing_values_and_other_characters_take_the_general_path() -> None:
    assert ascii_front_coded(pd.Series(["a", None])) is None
    assert ascii_front_coded(pd.Series(["Lac \u00e9"])) is None
    assert ascii_front_coded(pd.Series(["a\x00b"])) is None
    assert ascii_front_coded(pd.Series([], dtype="str")) is None


@settings(deadline=None)
@given(ASCII, st.integers(min_value=1, max_value=7))
def test_any_chunk_size_gives_the_same_json(texts: list[str], chunk: int) -> None:
    values = pd.Series([t.replace('"', "").replace("\\", "") for t in texts], dtype="str")
    assert to_json(ascii_front_coded(values, chunk)) == to_json(ascii_front_coded(values))
    assert to_json(ascii_front_coded(values, chunk)) == to_json(front_coded(values.tolist()))
