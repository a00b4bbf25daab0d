"""The house rules of geo/, read from the code with ast: which wing may import which, no import
cycle, and no file opened by the code that computes facts or draws.

The wings stand on each other in the order a build runs: the input wing knows nothing of
the facts, drawing, the web page or the command line; the facts know nothing of drawing, the
web page or the CLI; the web page nothing of the facts or drawing; drawing never calls back
into the CLI or the pipeline; only the CLI imports the CLI. Facts and drawing get everything
from the Dataset the input wing loaded: they open no file (the checksums and CRS come with
the data).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "geo"

# Call names that open, read or write a file: builtins, pathlib.Path methods, and readers of
# layers and files (pyogrio, geopandas, hashlib.file_digest).
FILE_CALLS = {"open", "read_text", "read_bytes", "write_text", "write_bytes", "read_file",
              "read_dataframe", "read_info", "list_layers", "file_digest", "to_file"}
FILE_MODULES = ("pyogrio", "fiona")


@dataclass(frozen=True)
class Module:
    name: str  # geo.inputs.load
    path: Path
    tree: ast.Module

    @property
    def package(self) -> str:
        return self.name if self.path.name == "__init__.py" else self.name.rpartition(".")[0]


def modules(root: Path, package: str = PACKAGE) -> dict[str, Module]:
    """Every module of the package under root, by its dotted name."""
    found = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = Module(name, path, ast.parse(path.read_text(encoding="utf-8"), str(path)))
    return found


def imported(module: Module, known: dict[str, Module]) -> Iterator[tuple[str, int]]:
    """The package's modules a module imports (anywhere in it), with the line of each import;
    `from geo.x import y` counts geo.x.y when y is a module, else geo.x."""
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = module.package.split(".")
                anchor = parts[: len(parts) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                target = f"{base}.{alias.name}"
                yield (target if target in known else base), node.lineno


def imports(known: dict[str, Module], package: str = PACKAGE) -> dict[str, list[tuple[str, int]]]:
    """Each module's imports of the package's own modules."""
    return {name: [(target, line) for target, line in imported(module, known)
                   if target == package or target.startswith(package + ".")]
            for name, module in known.items()}


def where(module: Module) -> Path:
    """A module's path from the folder that holds its package (geo/inputs/load.py)."""
    return module.path.relative_to(module.path.parents[len(module.name.split(".")) - 1])


def within(name: str, *prefixes: str) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def forbidden_imports(known: dict[str, Module], wing: str, banned: tuple[str, ...],
                      package: str = PACKAGE) -> list[str]:
    """'module:line imports target' for each import from the wing into a banned module."""
    wing = f"{package}.{wing}" if wing else package
    banned_names = tuple(f"{package}.{b}" for b in banned)
    return sorted({f"{where(known[name])}:{line} imports {target}"
                   for name, targets in imports(known, package).items() if within(name, wing)
                   for target, line in targets
                   if within(target, *banned_names) and not within(name, *banned_names)})


def cycles(known: dict[str, Module], package: str = PACKAGE) -> list[list[str]]:
    """The import cycles between the package's modules (each strongly connected component of
    more than one module, or a module importing itself), by Tarjan's algorithm. A package
    importing its own submodules (geo.i18n -> geo.i18n.en) is no cycle back up."""
    graph = {name: sorted({target for target, _ in targets
                           if target != name and not within(target, name)})
             for name, targets in imports(known, package).items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph.get(node, []):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while (member := stack.pop()) != node:
                component.append(member)
            component.append(node)
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def file_access(known: dict[str, Module], *wings: str, package: str = PACKAGE) -> list[str]:
    """'module:line calls name' for each call in the wings that opens, reads or writes a file,
    or uses a layer-file library."""
    found = []
    for name, module in known.items():
        if not within(name, *(f"{package}.{wing}" for wing in wings)):
            continue
        path = where(module)
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.id if isinstance(func, ast.Name) else (
                    func.attr if isinstance(func, ast.Attribute) else "")
                owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(
                    func.value, ast.Name) else ""
                if called in FILE_CALLS or owner in FILE_MODULES:
                    found.append(f"{path}:{node.lineno} calls {owner + '.' if owner else ''}"
                                 f"{called}")
            elif isinstance(node, ast.Import | ast.ImportFrom):
                names = [alias.name for alias in node.names] if isinstance(node, ast.Import) \
                    else [node.module or ""]
                found += [f"{path}:{node.lineno} imports {imported_name}"
                          for imported_name in names if within(imported_name, *FILE_MODULES)]
    return found


# ---- the rules, on geo/ ----------------------------------------------------------------

GEO = modules(ROOT)

def test_the_input_wing_imports_no_facts_drawing_web_or_cli_code() -> None:
    assert forbidden_imports(GEO, "inputs", ("facts", "draw", "web", "cli", "pipeline")) == []


def test_the_web_page_imports_no_facts_drawing_or_cli_code() -> None:
    assert forbidden_imports(GEO, "web", ("facts", "draw", "cli", "pipeline")) == []


def test_the_facts_import_no_drawing_web_or_cli_code() -> None:
    assert forbidden_imports(GEO, "facts", ("draw", "web", "cli", "pipeline")) == []


def test_drawing_never_calls_back_into_the_cli_or_the_pipeline() -> None:
    assert forbidden_imports(GEO, "draw", ("cli", "pipeline")) == []


def test_only_the_cli_imports_the_cli() -> None:
    assert forbidden_imports(GEO, "", ("cli",)) == []


def test_no_import_cycle() -> None:
    assert cycles(GEO) == []


def test_drawing_opens_no_file() -> None:
    assert file_access(GEO, "draw") == []


def test_the_facts_open_no_file() -> None:
    assert file_access(GEO, "facts") == []


# ---- the checker itself, on a module tree made to break every rule ---------------------

BROKEN = {
    "__init__.py": "",
    "inputs/__init__.py": "",
    "inputs/load.py": "from pkg.draw import layers\n",
    "facts/__init__.py": "",
    "facts/join.py": "import pkg.web.page\n",
    "draw/__init__.py": "",
    "draw/layers.py": ("from . import legend\nfrom pkg.cli.main import run\n"
                       "text = open('x').read()\n"),
    "draw/legend.py": "from pkg.draw.layers import text\nfrom pathlib import Path\n"
                      "Path('x').read_bytes()\n",
    "web/__init__.py": "",
    "web/page.py": "from pkg.cli import main\n",
    "cli/__init__.py": "",
    "cli/main.py": "from pkg.inputs import load\nrun = 1\n",
}
CLEAN = {
    "__init__.py": "",
    "inputs/__init__.py": "",
    "inputs/load.py": "import pyogrio\ntext = open('x').read()\n",
    "draw/__init__.py": "",
    "draw/layers.py": "from pkg.inputs import load\nfrom . import legend\n",
    "draw/legend.py": "import json\n",
    "cli/__init__.py": "",
    "cli/main.py": "from pkg.draw import layers\nfrom .. import inputs\n",
}


def tree(tmp_path: Path, files: dict[str, str]) -> dict[str, Module]:
    for relative, source in files.items():
        path = tmp_path / "pkg" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    return modules(tmp_path, "pkg")


def test_the_checker_finds_every_kind_of_break(tmp_path: Path) -> None:
    broken = tree(tmp_path, BROKEN)
    assert forbidden_imports(broken, "inputs", ("draw", "web", "cli"), "pkg") == [
        "pkg/inputs/load.py:1 imports pkg.draw.layers"]
    assert forbidden_imports(broken, "facts", ("draw", "web", "cli"), "pkg") == [
        "pkg/facts/join.py:1 imports pkg.web.page"]
    assert forbidden_imports(broken, "draw", ("cli",), "pkg") == [
        "pkg/draw/layers.py:2 imports pkg.cli.main"]
    assert forbidden_imports(broken, "", ("cli",), "pkg") == [
        "pkg/draw/layers.py:2 imports pkg.cli.main", "pkg/web/page.py:1 imports pkg.cli.main"]
    # layers <-> legend, and inputs.load -> draw.layers -> cli.main -> inputs.load: one knot
    assert cycles(broken, "pkg") == [["pkg.cli.main", "pkg.draw.layers", "pkg.draw.legend",
                                      "pkg.inputs.load"]]
    assert file_access(broken, "draw", package="pkg") == [
        "pkg/draw/layers.py:3 calls open", "pkg/draw/legend.py:3 calls read_bytes"]


def test_the_checker_passes_a_tree_that_keeps_the_rules(tmp_path: Path) -> None:
    clean = tree(tmp_path, CLEAN)
    assert forbidden_imports(clean, "inputs", ("draw", "web", "cli"), "pkg") == []
    assert forbidden_imports(clean, "draw", ("cli",), "pkg") == []
    assert forbidden_imports(clean, "", ("cli",), "pkg") == []
    assert cycles(clean, "pkg") == []
    assert file_access(clean, "draw", package="pkg") == []
    assert file_access(clean, "inputs", package="pkg") == [
        "pkg/inputs/load.py:1 imports pyogrio", "pkg/inputs/load.py:2 calls open"]
