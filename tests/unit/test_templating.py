"""The templates' environment (geo/web/templating.py): every printed value is escaped as
html.escape escapes it, Markup passes as it is, a missing value is an error, fragments are
folded onto one line and pages keep their line breaks."""

from __future__ import annotations

import html

import pytest
from jinja2 import DictLoader, UndefinedError
from markupsafe import Markup

from geo.web.templating import ENV, TEMPLATES, FoldingLoader, environment, escape

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


@pytest.mark.parametrize("name", sorted(path.name for path in TEMPLATES.iterdir()))
def test_every_template_compiles(name):
    assert ENV.get_template(name)
