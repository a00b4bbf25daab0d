"""The count tables as series: the rows behind a series name ('rcmp:QC' interceptions,
'bts:0712' persons), as the input wing reads them."""

from __future__ import annotations

import pandas as pd

# BTS counts people in these measures; the others count vehicles or containers.
PERSON_MEASURES = ("Personal Vehicle Passengers", "Bus Passengers", "Train Passengers",
                   "Pedestrians")


def bts_persons(bts: pd.DataFrame) -> pd.DataFrame:
    """Persons per port and month: passengers plus pedestrians, the month present if any is."""
    people = bts[bts["measure"].isin(PERSON_MEASURES)]
    return (people.groupby(["key", "period"], as_index=False)["value"].sum()
            .astype({"value": "int64"}))


def series_table(rcmp: pd.DataFrame, bts: pd.DataFrame, series: str,
                 persons: pd.DataFrame | None = None) -> pd.DataFrame:
    """The monthly rows behind a series name: 'rcmp:QC' (interceptions) or 'bts:0712' (persons).
    persons: bts_persons(bts), when the caller has it already (it is the costly part)."""
    source, _, key = series.partition(":")
    if source == "rcmp":
        table = rcmp[["key", "period", "value", "status"]]
    elif source == "bts":
        table = (bts_persons(bts) if persons is None else persons).assign(status="official")
    else:
        raise ValueError(f"unknown series source {source!r}; expected rcmp:REGION or bts:PORT")
    return table[table["key"] == key].drop(columns="key").reset_index(drop=True)
