"""Reading maps.toml: a regular UTF-8 file of bounded size and nesting, in TOML, checked key
by key (config_check.py) into a MapConfig.

Every problem in a config is reported with the key and the line it is on. tomllib gives
positions only for syntax errors, so the lines of keys are found by scanning the text
(toml_lines.py).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import NoReturn

from geo.errors import ConfigError, DataError, Problem
from geo.inputs.config import BUILTIN_LAYERS, MapConfig, MapSpec
from geo.inputs.config_check import TOP_KEYS, Checker
from geo.inputs.config_series import check_series
from geo.inputs.files import MAX_CONFIG_BYTES, read_bytes
from geo.inputs.toml_lines import ARRAY_HEADER, KEY_VALUE, TABLE_HEADER, key_lines, split_key

# TOML tables and arrays nested deeper than this are refused before tomllib reads them: its
# parser recurses, so a few thousand levels end in RecursionError (or MemoryError).
MAX_TOML_DEPTH = 32


def read_config(path: Path, data_dir: Path | None = None) -> MapConfig:
    """Read and check maps.toml; with data_dir, also check that every layer file exists.

    Raises one ConfigError holding every problem, each with the key and its line.
    """
    name = str(path)
    text = config_text(path)
    depth_problem = too_deep(name, text)
    if depth_problem is not None:
        raise_config([depth_problem])
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise_config([syntax_problem(name, str(exc), text)])
    check = Checker(name, key_lines(text))
    for key in doc:
        if key not in TOP_KEYS:
            check.problem((key,), f"unknown key; expected {', '.join(TOP_KEYS)} "
                                  "(maps are [[maps]] tables, layers [layers.NAME] tables, "
                                  "series [series.NAME] tables, render a [render] table, "
                                  "index an [index] table, events the file of the events "
                                  "table)")
    events = check.string(doc, ("events",))
    if events is not None and data_dir is not None:
        check.file_exists(data_dir, events, ("events",))
    render = check.render(check.table(doc, ("render",)))
    index_texts = check.index(check.table(doc, ("index",)))
    series_table = check.table(doc, ("series",))
    series = {name: spec for name, entry in series_table.items()
              if (spec := check_series(check, name, entry, data_dir)) is not None}
    layer_table = check.table(doc, ("layers",))
    layers = {name: spec for name, entry in layer_table.items()
              if (spec := check.layer(name, entry, data_dir)) is not None}
    for name in sorted(set(layers) & set(series)):  # one name, one input
        check.problem(("layers", name), f"'{name}' is the name of a [series.{name}]; give the "
                                        "layer another name")
    known = sorted(set(layer_table) | set(BUILTIN_LAYERS))
    maps_list = doc.get("maps", [])
    if not isinstance(maps_list, list):
        check.problem(("maps",), "expected [[maps]] tables")
        maps_list = []
    specs: list[MapSpec] = []
    first_line: dict[str, int | None] = {}
    for index, entry in enumerate(maps_list):
        spec = check.map(index, entry, layers, known, series_table)
        if spec is None:
            continue
        if spec.name in first_line:
            check.problem(("maps", index, "name"), f"map '{spec.name}' is defined twice "
                                                   f"(first on line {first_line[spec.name]})")
        first_line.setdefault(spec.name, check.line(("maps", index, "name")))
        specs.append(spec)
    if not maps_list and not check.problems:
        check.problem((), "defines no map; add a [[maps]] table")
    if check.problems:
        raise_config(check.problems)
    return MapConfig(path=path, layers=layers, maps=specs, render=render, series=series,
                     index=index_texts, events=events, lines=check.lines)


def config_text(path: Path) -> str:
    """The text of a config file: a regular file of at most MAX_CONFIG_BYTES, in UTF-8."""
    try:
        data = read_bytes(path, MAX_CONFIG_BYTES, "a config file")
    except DataError as exc:
        problems = [replace(p, message="config file not found") if p.message == "file not found"
                    else p for p in exc.problems]
        raise_config(problems)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise_config([Problem(str(path), "cannot be read (not UTF-8 text)")])


def too_deep(file: str, text: str) -> Problem | None:
    """A Problem on the line where tables and arrays nest more than MAX_TOML_DEPTH levels, or
    where a key has more parts than that; None for a config tomllib can safely read."""
    for number, line in enumerate(text.splitlines(), 1):
        match = ARRAY_HEADER.match(line) or TABLE_HEADER.match(line) or KEY_VALUE.match(line)
        if match and len(split_key(match[1])) > MAX_TOML_DEPTH:
            return Problem(file, f"key {match[1][:40]}... has more than {MAX_TOML_DEPTH} parts; "
                                 "expected a flatter config", line=number)
    depth = 0
    for token in TOML_TOKENS.finditer(text):
        if token[0] in "[{":
            depth += 1
            if depth > MAX_TOML_DEPTH:
                return Problem(file, f"tables and arrays nested more than {MAX_TOML_DEPTH} "
                                     "levels deep; expected a flatter config",
                               line=text.count("\n", 0, token.start()) + 1)
        elif token[0] in "]}":
            depth = max(0, depth - 1)
    return None


# What the nesting scan steps over (comments and strings, whose brackets do not nest) and the
# brackets it counts; an unclosed one-line string ends at its line's end (tomllib reports it).
TOML_TOKENS = re.compile(r'''#[^\n]*|"""(?:\\.|[^\\])*?(?:"""|$)|'\'\'.*?(?:'\'\'|$)'''
                         r'''|"(?:\\.|[^"\\\n])*"?|'[^'\n]*'?|[\[\]{}]''', re.DOTALL)


def raise_config(problems: list[Problem]) -> NoReturn:
    raise ConfigError("\n".join(str(p) for p in problems), problems)


def syntax_problem(file: str, message: str, text: str) -> Problem:
    """tomllib's message '... (at line 3, column 5)' as a Problem on that line."""
    match = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if match:
        return Problem(file, f"TOML syntax error: {message[:match.start()]} "
                             f"(column {match[2]})", line=int(match[1]))
    message = re.sub(r"\s*\(at end of document\)$", "", message)
    return Problem(file, f"TOML syntax error: {message} (at the end of the file)",
                   line=max(1, text.count("\n") + (not text.endswith("\n"))))
