"""Plain templates (drafter.filling) are filled exactly as the sandboxed Jinja fills them.

A block that only prints parameters is filled without Jinja; these tests hold the two ways
to the same output — the same Text, values and blanks, the same errors — on generated
templates and values, and on every block of the seed library.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafter.blocks import load_library
from drafter.filling import (Missing, PlainTemplate, chunks_to_paragraphs, chunks_to_text, compile_template,
                             plain_template, render_inline, render_paragraphs)
from drafter.templating import TemplateProblem, generate
from drafter.templating import compile_template as jinja_template

REPO = Path(__file__).resolve().parents[1]


def _both(source: str, context: dict, inline: bool):
    """(plain result, Jinja result): each the rendered Text(s) as (kind, text) spans, or the error message."""

    def spans(text):
        return [(type(part).__name__, str(part), getattr(part, "param", None)) for part in text.parts]

    def run(fill):
        try:
            out = fill()
        except TemplateProblem as e:
            return ("error", e.message)
        return spans(out) if inline else [spans(p) for p in out]

    plain = plain_template(source)
    assert plain is not None, source
    jinja = jinja_template(source)[0]
    if inline:
        return (run(lambda: render_inline(plain, context)),
                run(lambda: chunks_to_text(generate(jinja, context))))
    return (run(lambda: render_paragraphs(plain, context)),
            run(lambda: chunks_to_paragraphs(generate(jinja, context))))


NAMES = ["年度", "县名", "单位", "x", "次数2", "会议_提法"]
_text = st.lists(
    st.sampled_from(list("党建工作要点年一二，。、：；（）《》“”ab1 \t\n\u3000\u2028{}%#-") + ["\n\n", "  \n \n"]),
    max_size=30,
).map("".join)
_value = st.one_of(
    st.text(alphabet=st.sampled_from(list("略阳县2023 \n\u3000{}，。")), max_size=12),
    st.integers(min_value=-10**6, max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.builds(Missing, st.sampled_from(NAMES)),
    st.none(),
    st.lists(st.integers(), max_size=2),
)


@st.composite
def plain_sources(draw):
    pieces = [draw(_text).replace("{{", "{").replace("}}", "}").replace("{%", "{").replace("{#", "{")
              .replace("%}", "}").replace("#}", "}")]
    for _ in range(draw(st.integers(0, 4))):
        name = draw(st.sampled_from(NAMES))
        inner = draw(st.sampled_from([" ", "", "  ", "\u3000", "\n"]))
        tail = draw(_text).replace("{{", "{").replace("}}", "}").replace("{%", "{").replace("{#", "{")
        tail = tail.replace("%}", "}").replace("#}", "}")
        if pieces[-1].endswith("{"):
            pieces[-1] += " "
        if tail.startswith("}"):
            tail = " " + tail
        pieces.append(f"{{{{{inner}{name}{inner}}}}}{tail}")
    source = "".join(pieces)
    return source


@given(source=plain_sources(), values=st.dictionaries(st.sampled_from(NAMES), _value), inline=st.booleans())
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_plain_template_fills_as_jinja_does(source, values, inline):
    if plain_template(source) is None:  # e.g. a lone "}" next to a tag: Jinja's alone, nothing to compare
        return
    plain, jinja = _both(source, values, inline)
    assert plain == jinja


def test_every_block_of_the_seed_library_fills_as_jinja_does():
    library = load_library(REPO)
    values = {"年度": 2023, "县名": "略阳县", "来年贯彻会议精神": Missing("来年贯彻会议精神")}
    compared = 0
    for block in library.blocks.values():
        for source in (block.title_source, block.body_source):
            if source is None or plain_template(source) is None:
                continue
            context = {name: values.get(name, f"〔{name}〕") for name in block.variables}
            for inline in (False, True):
                plain, jinja = _both(source, context, inline)
                assert plain == jinja, block.id
            compared += 1
    assert compared >= 200  # 201 of the 202 templates are plain


@pytest.mark.parametrize("source", [
    "{{ 年度 + 1 }}年", "{% if x %}甲{% endif %}", "{# 注 #}甲", "{{- 年度 }}", "{{ 年度|upper }}", "{{ loop }}",
    "{{ self }}", "{{ none }}", "{{ true }}", "{{ not }}", "{{ 县名.encode() }}", "甲\r\n乙{{ 县名 }}", "{{ 县名 }",
    "{{ 1年 }}", "甲}}乙", "{{ 县名 }}}}", "{{{ 县名 }}", "甲\x00{{ 县名 }}",
])
def test_anything_more_than_text_and_names_is_left_to_jinja(source):
    assert plain_template(source) is None


def test_a_plain_template_leaves_errors_to_jinja():
    template, names = compile_template("共{{ 次数 }}次")
    assert isinstance(template, PlainTemplate) and names == {"次数"}
    with pytest.raises(TemplateProblem, match="列表"):
        render_inline(template, {"次数": [1, 2]})
    with pytest.raises(TemplateProblem, match="无穷大"):
        render_inline(template, {"次数": float("inf")})
    with pytest.raises(TemplateProblem, match="没有值"):
        render_inline(template, {})
    with pytest.raises(TemplateProblem, match="20 万字"):
        render_inline(template, {"次数": "字" * 200_001})
    assert not isinstance(compile_template("{{ 次数 + 1 }}次")[0], PlainTemplate)


def test_a_warm_build_of_seed_documents_never_imports_jinja(tmp_path):
    script = textwrap.dedent(
        """
        import sys
        import drafter
        for name in ("gov-party-group-party-building-2022", "gov-party-group-party-building-2023-notice"):
            drafter.render(f"configs/{name}.yaml", fmt="docx", draft=True)
        print("jinja2" in sys.modules)
        """
    )
    env = {**os.environ, "DRAFTER_CACHE_DIR": str(tmp_path)}
    # the first run parses the library (one of its templates is not plain: Jinja checks it); the
    # second loads the checked library from the cache, as every build after the first does
    runs = [subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, env=env)
            for _ in range(2)]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr + runs[1].stderr
    assert runs[1].stdout.strip() == "False"
