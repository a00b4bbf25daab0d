"""The templates' environment (geo/web/templating.py): every printed value is escaped as
html.escape escapes it, Markup passes as it is, a missing value is an error, fragments are
folded onto one line and pages keep their line breaks; compiled templates kept between runs
are the ones compiled, and a cache that cannot be read or written is only a cache that misses."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment, UndefinedError
from jinja2.bccache import Bucket
from markupsafe import Markup

import geo.web.templating
from geo.web.templating import (
    CACHE_VARIABLE,
    ENV,
    TEMPLATES,
    FoldingLoader,
    TemplateCache,
    cache_folder,
    environment,
    escape,
)

NAMES = sorted(path.name for path in TEMPLATES.iterdir())
HOSTILE = "</li><script>alert('x')</script> & \"{{7*7}}\""


def env_of(templates: dict[str, str]):
    return environment(DictLoader(templates))


def test_printed_values_are_escaped_like_html_escape():
    template = env_of({"t": '<p title="{{ value }}">{{ value }}</p>'}).get_template("t")
    escaped = html.escape(HOSTILE, quote=True)
    assert template.render(value=HOSTILE) == f'<p title="{escaped}">{escaped}</p>'
    assert "&#x27;" in escaped and "&quot;" in escaped  # not markupsafe's &#39; and &#34;


def test_markup_and_numbers_pass_as_they_are():
    template = env_of({"t": "{{ a }}|{{ b }}|{{ c }}"}).get_template("t")
    assert template.render(a=Markup("<b>ok</b>"), b=28.0, c=None) == "<b>ok</b>|28.0|None"
    assert escape(Markup("<i>")) == "<i>" and escape("<i>") == "&lt;i&gt;"


def test_a_text_escaped_again_is_escaped_the_same_and_markup_is_not_taken_for_it():
    # escape keeps the escaping of texts it has seen: a Markup of the same characters, or a
    # value whose str() is the same text, must not be told apart wrongly.
    assert escape("<i>") == escape("<i>") == "&lt;i&gt;"
    assert escape(Markup("<i>")) == "<i>" and escape("<i>") == "&lt;i&gt;"
    assert escape(Markup("&lt;i&gt;")) == "&lt;i&gt;" and escape("&lt;i&gt;") == "&amp;lt;i&amp;gt;"
    assert escape(1) == escape("1") == "1" and isinstance(escape(1), Markup)


def test_a_missing_value_is_an_error():
    with pytest.raises(UndefinedError):
        env_of({"t": "{{ nothing }}"}).get_template("t").render()


def test_fragments_are_folded_and_pages_keep_their_lines(tmp_path):
    (tmp_path / "f.html.j2").write_text("<ul>\n  {% for x in xs %}\n    <li>{{ x }}</li>\n"
                                        "  {% endfor %}\n</ul>\n", encoding="utf-8")
    (tmp_path / "p.page.j2").write_text("<p>\n{% for x in xs %}\n{{ x }}\n{% endfor %}\n</p>\n",
                                        encoding="utf-8")
    env = environment(FoldingLoader(tmp_path))
    assert env.get_template("f.html.j2").render(xs=[1, 2]) == "<ul><li>1</li><li>2</li></ul>"
    assert env.get_template("p.page.j2").render(xs=[1, 2]) == "<p>\n1\n2\n</p>\n"


@pytest.mark.parametrize("name", NAMES)
def test_every_template_compiles(name):
    assert ENV.get_template(name)


def bucket_of(env: Environment, name: str) -> Bucket:
    """What the environment's cache holds for a template (its code None: nothing usable)."""
    source, filename, _ = env.loader.get_source(env, name)
    return env.bytecode_cache.get_bucket(env, name, filename, source)


def compiled(env: Environment, name: str):
    source, filename, _ = env.loader.get_source(env, name)
    return env.compile(source, name, filename)


@pytest.fixture
def cached_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Environment:
    """An environment of the package's templates whose cache is a folder of the test's."""
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path / "cache"))
    return environment(FoldingLoader(TEMPLATES), TemplateCache())


def test_the_cache_folder_is_the_variables_else_the_users_cache_folder(tmp_path):
    home = tmp_path / "home"
    assert cache_folder({CACHE_VARIABLE: "/elsewhere", "XDG_CACHE_HOME": "/xdg"}) == \
        Path("/elsewhere")
    assert cache_folder({CACHE_VARIABLE: ""}) is None
    assert cache_folder({"XDG_CACHE_HOME": "/xdg"}) == Path("/xdg/crossing-maps")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(home))
        assert cache_folder({}) == home / ".cache" / "crossing-maps"
        assert cache_folder({"XDG_CACHE_HOME": "relative"}) == home / ".cache" / "crossing-maps"


def test_the_cached_code_is_the_code_compiled(cached_env, tmp_path):
    for name in NAMES:
        assert cached_env.get_template(name)  # compiled, then written to the cache
    assert len(list((tmp_path / "cache").iterdir())) == len(NAMES)
    for name in NAMES:
        assert bucket_of(cached_env, name).code == compiled(cached_env, name)


def test_code_compiled_from_another_source_or_by_another_jinja2_is_not_used(cached_env,
                                                                           monkeypatch):
    for name in NAMES:
        cached_env.get_template(name)
    monkeypatch.setattr(geo.web.templating, "COMPILED_WITH", "jinja2 0.0\n")
    assert all(bucket_of(cached_env, name).code is None for name in NAMES)


def test_a_damaged_entry_is_compiled_again_and_rewritten(cached_env, tmp_path):
    for name in NAMES:
        cached_env.get_template(name)
    entries = sorted((tmp_path / "cache").iterdir())
    whole = entries[0].read_bytes()
    entries[0].write_bytes(whole[:len(whole) // 2])  # cut short
    for entry in entries[1:]:
        entry.write_bytes(whole[:20] + b"not a pickle")  # jinja2's header, then junk
    fresh = environment(FoldingLoader(TEMPLATES), TemplateCache())
    for name in NAMES:
        assert bucket_of(fresh, name).code is None
        assert fresh.get_template(name)
        assert bucket_of(fresh, name).code == compiled(fresh, name)


@pytest.mark.parametrize("blocked", ["file", "folder"])
def test_a_cache_folder_that_cannot_be_written_keeps_nothing(tmp_path, monkeypatch, blocked):
    """A file where the folder would be made, or a folder entry where a cache file goes (what
    a read-only home does to the root user too): templates still load."""
    in_the_way = tmp_path / "in-the-way"
    in_the_way.write_text("", encoding="utf-8")
    folder = in_the_way / "cache" if blocked == "file" else tmp_path / "cache"
    monkeypatch.setenv(CACHE_VARIABLE, str(folder))
    env = environment(FoldingLoader(TEMPLATES), TemplateCache())
    if blocked == "folder":
        folder.mkdir()
        for name in NAMES:  # each entry's name taken by a folder: neither read nor replaced
            (folder / (geo.web.templating.CACHE_FILES % bucket_of(env, name).key)).mkdir()
    for name in NAMES:
        assert env.get_template(name)
        assert bucket_of(env, name).code is None


def test_an_empty_variable_keeps_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_VARIABLE, "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    env = environment(FoldingLoader(TEMPLATES), TemplateCache())
    for name in NAMES:
        assert env.get_template(name)
    assert list(tmp_path.iterdir()) == []
