"""With scripts off, every map shows its text alternative: the table of every figure, the same
rows the page holds for the Data button, in the page's flow, and the note saying why there is
no map; the Data button, which needs scripts, is not shown."""

from __future__ import annotations

ROWS = "return document.querySelectorAll('#cm-data-table tbody tr').length;"


def test_without_scripts_the_table_is_shown(built_maps, driver, map_name) -> None:
    page = built_maps["linked"] / f"{map_name}.html"
    driver.get(page.resolve().as_uri())
    rows_with_scripts = driver.execute_script(ROWS)
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        driver.get(page.resolve().as_uri())
        table = driver.find_element("id", "cm-data-table")
        assert table.is_displayed()
        # Scripts are off for the page, not for the driver: it may still read the document.
        assert driver.execute_script(ROWS) == rows_with_scripts > 0
        assert driver.find_element("css selector", ".cm-noscript").is_displayed()
        assert not driver.find_element("id", "cm-data-button").is_displayed()
    finally:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


def test_with_scripts_the_table_waits_for_the_button(built_maps, visit, driver) -> None:
    visit(built_maps["linked"] / "overview.html")
    assert not driver.find_element("id", "cm-data").is_displayed()
    assert driver.find_elements("css selector", ".cm-noscript") == []  # noscript: inert text
