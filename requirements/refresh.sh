#!/usr/bin/env bash
# Try the newest releases allowed by pyproject.toml in a separate virtual environment, run the
# whole suite against them, and with --write lock them into requirements/constraints.txt
# (only when the suite passed). Not part of CI: run it by hand before an upgrade.
#   bash requirements/refresh.sh            # what would an upgrade break?
#   bash requirements/refresh.sh --write    # ... and lock the new versions if nothing does
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${CROSSING_MAPS_REFRESH_VENV:-$(mktemp -d)/venv}"

python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip
"$venv/bin/python" -m pip install -q --upgrade -e ".[test,png,bench]"
"$venv/bin/python" -m pip freeze --exclude-editable | grep -v '^crossing-maps' > "$venv/freeze.txt"
echo "Newest releases in $venv:"
diff <(grep -v '^#' requirements/constraints.txt) "$venv/freeze.txt" || true

"$venv/bin/python" -m pytest -q

if [[ "${1:-}" == "--write" ]]; then
  { sed -n '/^#/p' requirements/constraints.txt; cat "$venv/freeze.txt"; } > requirements/constraints.new
  mv requirements/constraints.new requirements/constraints.txt
  echo "requirements/constraints.txt updated; commit it with the suite's result."
fi
