"""The timeline's monthly chart, as the page hands it to its runtime, for a user's own series
(tests/cli/test_cli_series.py's walkers) with a span and rows of several statuses: each month
with its own row's value and status, a span kept as one span across its months (its months
stay without data: never spread), and the events of the series the map draws."""

from __future__ import annotations

from pages import page, payload

from tests.cli.test_cli_series import DECLARATION, user_folder

ROWS = [("2022-01", "120", "official"), ("2022-02", "80", "news"),
        ("2022-04/2022-06", "300", "official"), ("2021", "999", "official")]
EVENTS = ("date,label_en,label_fr,applies_to,source_id\n"
          "2022-02-14,Path opened,Sentier ouvert,walkers,my_notes\n"
          "2022-03-01,Ports counted,Ports comptés,bts,my_notes\n"
          "2022-05-01,Roxham counted,Roxham compté,rcmp,my_notes\n")


def test_spans_stay_spans_and_each_month_has_its_rows_status(cli, data_dir, tmp_path):
    folder = user_folder(tmp_path, ROWS, DECLARATION)
    (folder / "events.csv").write_text(EVENTS, encoding="utf-8")
    config = folder / "maps.toml"
    config.write_text(f'events = "{folder}/events.csv"\n' + config.read_text("utf-8"),
                      encoding="utf-8")
    out = tmp_path / "out"
    result = cli("build", "--data", data_dir, "--config", config, "--out", out,
                 "--period", "2022-01:2022-06")
    assert result.exit_code == 0, result.output
    chart = payload(page(out, "walk"))["timeline"]["chart"]
    walkers = next(s for s in chart["series"] if s["id"] == "walkers")
    assert walkers["values"] == [120, 80, None, None, None, None]  # the span is not spread
    assert walkers["statuses"] == ["official", "news", None, None, None, None]
    # The year 2021 lies outside the period: not drawn. The span is one, over its 3 months.
    assert [(s["first"], s["last"], s["value"], s["status"]) for s in walkers["spans"]] == [
        (3, 5, 300, "official")]
    assert walkers["spans"][0]["text"] == "300 (Apr 2022 – Jun 2022)"
    assert walkers["max"] == 120
    # The map draws the walkers, the shipped corridor's RCMP series and the ports: every event.
    assert {"walkers", "rcmp:QC", "bts:0712"} <= {s["id"] for s in chart["series"]}
    assert [(m["month"], m["numbers"]) for m in chart["events"]] == [
        ("2022-02", "1"), ("2022-03", "2"), ("2022-05", "3")]
