"""The two checkers every page the tool writes must pass, both from npm (package.json, installed
by `npm ci` in .ci/run): axe-core, injected into a page open in Chromium, and the W3C HTML
validator vnu.jar, run with Java on the files.

    from checkers import AXE_JS, VNU_JAR, axe_violations, vnu_errors
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The impacts the bar is set at: none of these on any page.
BLOCKING = ("serious", "critical")
# axe's WCAG 2.1 A and AA rules and its best practices (landmarks, regions, skip links).
AXE_RUN = """
var done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ["violations"]}).then(function (result) {
  done(result.violations.map(function (v) {
    return {id: v.id, impact: v.impact, nodes: v.nodes.map(function (n) {
      return n.target.join(" ") + ": " + n.failureSummary; })};
  }));
}, function (error) { done([{id: "axe-error", impact: "critical", nodes: [String(error)]}]); });
"""


def axe_violations(driver, axe_source: str, impacts: Sequence[str] = BLOCKING) -> list[dict]:
    """axe's violations of the page open in the driver, at the given impacts. The script is
    injected through the driver, which the page's security policy does not cover."""
    driver.execute_script(axe_source)
    found = driver.execute_async_script(AXE_RUN)
    return [v for v in found if v["impact"] in impacts]


def vnu_errors(pages: Sequence[Path]) -> list[str]:
    """Every error vnu reports on the pages, as 'file:line: message' (warnings and notes
    left out)."""
    run = subprocess.run(["java", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always",
                          *map(str, pages)], capture_output=True, text=True, timeout=600)
    report = json.loads(run.stderr)
    return [f"{Path(m.get('url', '?')).name}:{m.get('lastLine', '?')}: {m['message']}"
            for m in report["messages"] if m["type"] == "error"]
