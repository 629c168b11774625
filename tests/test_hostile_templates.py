"""Hostile blocks and configs, through the real CLI: every attack ends promptly, located, in Chinese.

Blocks and configs travel between offices, so a template or a value may be written to
exhaust the machine, to print Python's internals, or to produce wrong output that looks
right. Each case builds a small workspace (``make_workspace``) with ``drafter build`` and
checks: exit code 2 with a Chinese message naming the file, the line and the block id or
config key — or exit code 0 with exactly the right text where the input is merely unusual
— no traceback, no English from Python or Jinja, no output file, and well under a second.

The workspace (line numbers the assertions rely on)::

    blocks/测试.yaml                         configs/c.yaml
    1 blocks:                                1 kind: 工作要点
    2   - id: 测试/标题                        2 variables:
    3     kind: heading                      3   年度: 2023
    4     body: 聚焦发展                       4   县名: 略阳
    5   - id: 测试/攻击     ← block line        5   增长率: 6.5
    6     kind: item                         6 sections:
    7     body: <the template>  ← body line  7   - heading: 测试/标题
    8     params: … (when a case has any)    8     items:
                                             9       - <the item>  (测试/攻击 or inline text)
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from drafter import templating
from drafter.cli import app

BLOCK_FILE = "blocks/测试.yaml"
CONFIG_FILE = "configs/c.yaml"
AT_BLOCK = f"{BLOCK_FILE} 第5行 测试/攻击 body："  # a failure while filling the block
AT_BODY = f"{BLOCK_FILE} 第7行"  # a problem found when the library loads
AT_ITEM = f"{CONFIG_FILE} 第9行"  # config inline text
ITEM_KEY = "sections[1].items[1].text"

PARAMS = """\
params:
  年度: {type: int, description: 年度}
  县名: {type: str, description: 县名}
  增长率: {type: percent, description: 增长率}
"""

# Words the messages may contain on purpose; any other ASCII word must come from the
# user's own files (a name the template wrote, a YAML key), never from Python or Jinja.
OUR_WORDS = {"configs", "blocks", "yaml", "Word", "body", "title", "text", "sections", "items", "variables",
             "targets", "params", "draft", "none", "inf", "nan", "loop", "macro", "if", "for", "set", "is",
             "include", "import", "extends", "recursive", "_params"}


def _quoted(text: str) -> str:
    """*text* as a YAML double-quoted scalar on one line (JSON's escapes are YAML's); characters
    a file should not hold literally (U+FFFE, U+FFFF, surrogates) written as escapes."""
    return re.sub("[\ufffe\uffff\ud800-\udfff]", lambda m: f"\\u{ord(m.group()):04x}",
                  json.dumps(text, ensure_ascii=False))


@pytest.fixture(scope="module", autouse=True)
def _warm():
    """Import what a build imports once, so the timings below measure the template alone."""
    import drafter.builder  # noqa: F401
    import drafter.writers  # noqa: F401


@pytest.fixture
def build(make_workspace, monkeypatch):
    """Write the workspace for one case, run ``drafter build`` on it, return what happened."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")

    def run(body: str = "{{ 县名 }}", *, item: str = "测试/攻击", variables: dict[str, str] | None = None,
            block_params: str = "", common: str = PARAMS, draft: bool = False, title: str | None = None) -> "Outcome":
        values = {"年度": "2023", "县名": "略阳", "增长率": "6.5", **(variables or {})}
        block = ("blocks:\n  - id: 测试/标题\n    kind: heading\n    body: 聚焦发展\n"
                 "  - id: 测试/攻击\n    kind: item\n" + (f"    title: {_quoted(title)}\n" if title else "")
                 + f"    body: {_quoted(body)}\n" + block_params)
        config = ("kind: 工作要点\nvariables:\n" + "".join(f"  {k}: {v}\n" for k, v in values.items())
                  + f"sections:\n  - heading: 测试/标题\n    items:\n      - {item}\n")
        files = {BLOCK_FILE: block, CONFIG_FILE: config, "blocks/_params.yaml": common}
        root = make_workspace({})
        for rel, text in files.items():  # written as given: make_workspace would dedent
            (root / rel).write_text(text, encoding="utf-8")
        monkeypatch.chdir(root)
        args = ["build", CONFIG_FILE, "-f", "txt"] + (["--draft"] if draft else [])
        start = time.perf_counter()
        result = CliRunner().invoke(app, args)
        elapsed = time.perf_counter() - start
        return Outcome(root, result.exit_code, result.output, elapsed, "\n".join(files.values()), result)

    return run


@dataclass
class Outcome:
    """One run of ``drafter build``: the workspace, what the command did and how long it took."""

    root: Path
    code: int
    output: str  # stdout and stderr
    elapsed: float
    sources: str  # the workspace's files: ASCII words in them are the user's, not ours
    result: Any

    def refused(self, *expected: str) -> None:
        """Exit code 2, each *expected* text in the message, and nothing written."""
        assert self.code == 2, self.output
        assert self.result.exception is None or isinstance(self.result.exception, SystemExit), self.output
        for text in expected:
            assert text in self.output, self.output
        assert not (self.root / "output").exists()
        self._clean()

    def built(self) -> list[str]:
        """Exit code 0; the lines of the document."""
        assert self.code == 0, self.output
        self._clean(english=False)  # the summary names the output path
        return (self.root / "output" / "c.txt").read_text(encoding="utf-8").splitlines()

    def _clean(self, english: bool = True) -> None:
        assert "Traceback" not in self.output and "Error" not in self.output, self.output
        assert self.elapsed < 0.5, f"took {self.elapsed:.2f}s: a limit is too high"
        if not english:
            return
        mentioned = set(re.findall(r"[A-Za-z_]{2,}", re.sub(r"U\+[0-9A-F]{4}", "", self.output)))
        user_words = set(re.findall(r"[A-Za-z_]{2,}", self.sources))
        assert mentioned <= OUR_WORDS | user_words, f"English in the output: {mentioned - OUR_WORDS - user_words}"


# -- resource exhaustion -------------------------------------------------------------------------
@pytest.mark.parametrize("body, message", [
    ("{{ 'a' * 10**9 }}", "模板中计算出的文字或列表超过 1 万字的上限"),
    ("{{ 10**9 * 'a' }}", "模板中计算出的文字或列表超过 1 万字的上限"),
    ("{{ [0] * 10**9 }}", "模板中计算出的文字或列表超过 1 万字的上限"),
    ("{% set a = 'a' * 9000 %}{{ a + a }}", "模板中计算出的文字或列表超过 1 万字的上限"),
    ("{% set a = 'a' * 9000 %}{{ a ~ a }}", "模板中计算出的文字或列表超过 1 万字的上限"),
    ("{{ 年度 ** 年度 ** 年度 }}", "模板中计算出的数超过 30 位数的上限"),
    ("{{ 9**9**9 }}", "模板中计算出的数超过 30 位数的上限"),
    ("{{ 10**400 }}", "模板中计算出的数超过 30 位数的上限"),
    ("{{ 10**20 * 10**20 }}", "模板中计算出的数超过 30 位数的上限"),
    ("{{ 10.0**400 }}", "模板中计算出的数超过 30 位数的上限"),
    ("{{ '%0999999999d' % 1 }}", "块中不能用“%”格式化文字"),
], ids=["str-times", "times-str", "list-times", "plus", "tilde", "power-tower", "9**9**9", "10**400",
        "big-product", "float-power", "percent-format"])
def test_operators_cannot_build_huge_values(build, body, message):
    build(body).refused(AT_BLOCK + "填写块时出错：" + message)


def test_nested_loops_stop_at_the_iteration_limit(build):
    body = "{% for a in 县名 %}{% for b in 县名 %}{% for c in 县名 %}。{% endfor %}{% endfor %}{% endfor %}"
    build(body, variables={"县名": "略" * 200}).refused(AT_BLOCK + "填写块时出错：模板中的循环总共超过 1000 次的上限")


def test_loops_over_a_built_list_stop_at_the_iteration_limit(build):
    body = "{% for a in [[0] * 1000] * 1000 %}{% for b in a %}{% endfor %}{% endfor %}"
    build(body).refused(AT_BLOCK + "填写块时出错：模板中的循环总共超过 1000 次的上限")


@pytest.mark.parametrize("body", [
    "{% for a in range(100000) %}{% for b in range(100000) %}。{% endfor %}{% endfor %}",
    "{% set x = 'a' * 1000 %}{% for i in range(1000) %}{{ x }}{% endfor %}",
])
def test_range_is_not_there(build, body):
    build(body).refused(AT_BODY, "测试/攻击 body：「range」是模板引擎的保留名，块中不能使用")


@pytest.mark.parametrize("body", [
    "{% set x = 'a' * 1000 %}{% for i in x %}{{ x }}{% endfor %}",
    "{% set x = 'a' * 10000 %}{% for i in 县名 %}{{ x }}{% endfor %}",
    "{% set x = 'a' * 10000 %}{% for i in 县名 %}{{ x }}\n\n{% endfor %}",
], ids=["1000x1000", "10000-per-line", "10000-per-paragraph"])
def test_output_stops_at_the_output_limit(build, body):
    build(body, variables={"县名": "略" * 100}).refused(AT_BLOCK + "填写块时出错：模板输出超过 20 万字的上限")


def test_text_kept_by_set_blocks_counts_as_output(build):
    # doubling through {% set %}…{% endset %}: nothing reaches the output until the end
    body = "{% set a = 'a' * 10000 %}" + "".join(
        f"{{% set {n} %}}{{{{ {p} }}}}{{{{ {p} }}}}{{% endset %}}" for p, n in zip("abcdefghij", "bcdefghijk")
    ) + "完"
    build(body).refused(AT_BLOCK + "填写块时出错：模板输出超过 20 万字的上限")


def test_text_returned_by_macros_counts_as_output(build):
    body = ("{% set a = 'a' * 10000 %}{% macro m() %}{{ a }}{{ a }}{% endmacro %}"
            "{% macro n() %}{{ m() }}{{ m() }}{% endmacro %}{% for i in 县名 %}{% set x = n() %}{% endfor %}完")
    build(body, variables={"县名": "略" * 100}).refused(AT_BLOCK + "填写块时出错：模板输出超过 20 万字的上限")


def test_values_printed_stop_at_the_value_limit(build):
    body = "{% for a in 县名 %}" + "{{ 年度 }}" * 20 + "{% endfor %}"
    build(body, variables={"县名": "略" * 999}).refused(AT_BLOCK + "填写块时出错：模板中填入的值超过 1 万处的上限")


def test_recursive_macro_is_a_clean_error(build):
    build("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}").refused(
        AT_BLOCK + "填写块时出错：宏的嵌套调用超过 20 层的上限")


def test_branching_macro_stops_at_the_call_limit(build):
    body = "{% macro m(n) %}{% if n > 0 %}{{ m(n - 1) }}{{ m(n - 1) }}{% endif %}{% endmacro %}{{ m(19) }}"
    build(body).refused(AT_BLOCK + "填写块时出错：模板中调用宏的次数超过 1000 次的上限")


def test_recursive_loops_are_refused(build):
    build("{% for x in [[1]] recursive %}{{ loop(x) }}{% endfor %}").refused(
        AT_BODY, "测试/攻击 body：块中不能使用递归循环（recursive）")


def test_deep_nesting_is_a_clean_error(build):
    build("{{ " + "(" * 400 + "1" + ")" * 400 + " }}").refused(AT_BODY, "测试/攻击 body：模板中的括号或标签嵌套过深")


def test_a_huge_template_is_refused_when_the_library_loads(build):
    build("略" * 20_001).refused(AT_BODY, "测试/攻击 body：模板超过 2 万字的上限")


def test_the_time_limit_is_enforced(build, monkeypatch):
    monkeypatch.setattr(templating, "MAX_RENDER_SECONDS", 0.0)
    build("{% for a in 县名 %}{{ a }}{% endfor %}").refused(AT_BLOCK + "填写块时出错：填写一段模板超过 0 秒的时间上限")


def test_config_text_is_held_to_the_same_limits(build):
    build(item="text: " + _quoted("{{ 'a' * 10**9 }}")).refused(
        f"{AT_ITEM}第15列 {ITEM_KEY}：填写文字时出错：模板中计算出的文字或列表超过 1 万字的上限")
    build(item="text: " + _quoted("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}")).refused(
        f"{AT_ITEM}第15列 {ITEM_KEY}：填写文字时出错：宏的嵌套调用超过 20 层的上限")


def test_a_failure_in_a_later_line_names_it(build):
    build("第一行{{ 县名 }}\n第二行{{ 1 / 0 }}").refused(AT_BLOCK.replace("：", "") + "：填写块时出错（正文第2行）：计算中除数为零")


# -- only the names the block declares -----------------------------------------------------------
@pytest.mark.parametrize("name", sorted(templating.RESERVED_NAMES))
def test_reserved_names_cannot_be_block_parameters(build, name):
    params = f'    params:\n      "{name}": {{type: str, description: 保留名}}\n'  # quoted: true is a name here
    build("{{ 县名 }}", block_params=params).refused(
        f"{BLOCK_FILE} 第9行第7列 测试/攻击 params：「{name}」是模板引擎的保留名，不能用作参数名")


def test_reserved_names_cannot_be_common_parameters(build):
    build(common=PARAMS + "  self: {type: str, description: 自己}\n").refused(
        "blocks/_params.yaml 第5行第3列 params：「self」是模板引擎的保留名，不能用作参数名")


@pytest.mark.parametrize("body, name", [
    ("{{ self }}", "self"), ("{{ lipsum() }}", "lipsum"), ("{{ cycler }}", "cycler"), ("{{ joiner() }}", "joiner"),
    ("{% set ns = namespace(a=1) %}完", "namespace"), ("{{ dict(a=1) }}", "dict"), ("{{ loop }}", "loop"),
    ("{{ super() }}", "super"), ("{{ caller() }}", "caller"),
])
def test_jinja_names_are_not_there(build, body, name):
    build(body).refused(AT_BODY, f"测试/攻击 body：「{name}」是模板引擎的保留名，块中不能使用")


def test_config_text_cannot_use_reserved_names(build):
    build(item="text: " + _quoted("{{ self }}")).refused(
        f"{AT_ITEM}第15列 {ITEM_KEY}：「self」是模板引擎的保留名，文字中不能使用")


@pytest.mark.parametrize("body, attr", [
    ("{{ 县名.encode() }}", "encode"), ("{{ 县名.__class__ }}", "__class__"), ("{{ ''.join }}", "join"),
    ("{{ 县名.format(1) }}", "format"), ("{{ 县名.__class__.__mro__ }}", "__mro__"),
    ("{{ 县名['__class__'] }}", "__class__"), ("{% for a in 县名 %}{{ loop.cycle(1, 2) }}{% endfor %}", "cycle"),
])
def test_attributes_and_methods_are_refused_when_the_library_loads(build, body, attr):
    build(body).refused(AT_BODY, f"测试/攻击 body：块中不能调用「{attr}」等方法")


def test_attributes_by_subscript_are_refused_when_filled(build):
    build("{{ 县名['encode'] }}").refused(AT_BLOCK + "填写块时出错：块中不能调用「encode」等方法")


@pytest.mark.parametrize("body, name", [
    ("{{ 县名|attr('encode') }}", "attr"), ("{{ (1, 2)|join * 10**8 }}", "join"), ("{{ 县名|center(10**9) }}", "center"),
    ("{{ '%s'|format(县名) }}", "format"), ("{{ 'nan'|float }}", "float"), ("{% filter upper %}x{% endfilter %}", "upper"),
])
def test_filters_are_refused(build, body, name):
    build(body).refused(AT_BODY, f"测试/攻击 body：块中不能使用过滤器「|{name}」")


@pytest.mark.parametrize("body, message", [
    ("{{ 县名 is odd }}", "块中不能使用「is odd」这样的判断"),
    ("{% include '其他.yaml' %}", "块中不能用 include、import、extends 引用其他模板"),
    ("{% import '其他.yaml' as x %}", "块中不能用 include、import、extends 引用其他模板"),
    ("{{ 1e400 }}", "模板中的数位数过多（超过 30 位数的上限）"),
    ("{{ " + "9" * 5000 + " }}", "模板中的数位数过多（超过 30 位数的上限）"),
])
def test_other_jinja_features_are_refused(build, body, message):
    build(body).refused(AT_BODY, "测试/攻击 body：" + message)


@pytest.mark.parametrize("body, message", [
    ("{{ none }}", "模板中不能输出空值（none）"),
    ("{{ [1, 2] }}", "模板中不能输出列表"),
    ("{% macro m() %}x{% endmacro %}{{ m }}", "模板中不能输出宏本身"),
    ("{% for a in 县名 %}{{ loop }}{% endfor %}", "模板中不能输出循环变量 loop 本身"),
    ("{{ 县名() }}", "块中只能调用本模板中定义的宏"),
    ("{{ 县名 + 1 }}", "计算或比较的两边类型不符"),
    ("{{ 1 / 0 }}", "计算中除数为零"),
    ("{{ 县名[9] }}", "下标 9 超出了范围"),
    ("{{ (-8) ** 0.5 }}", "模板中的计算结果不是实数"),
    ("{{ 1e29 * 1e29 }}", "模板中计算出的数超过 30 位数的上限"),
    ("{{ '\\x00' }}", "模板输出了不能写入 Word 文件的控制字符（U+0000）"),
], ids=["none", "list", "macro", "loop", "call", "type", "zero", "index", "complex", "float-product", "control-char"])
def test_what_cannot_be_printed_is_a_chinese_error(build, body, message):
    build(body).refused(AT_BLOCK + "填写块时出错：" + message)


def test_plain_templates_still_work(build):
    body = ("{{ 县名 }}{{ 年度 + 1 }}年{{ 县名[0] }}{{ 县名[-1:] }}，{% if 增长率 > 6 %}增长较快{% endif %}，"
            "{% for a in 县名 %}{{ loop.index }}{{ a }}{% endfor %}，{% set x = 年度 ~ '年' %}{{ x }}，"
            "{% macro m(s) %}「{{ s }}」{% endmacro %}{{ m(县名) }}{{ '　' * 2 }}{{ 2 ** 10 }}{{ true }}")
    assert build(body).built() == ["一、聚焦发展", "1.略阳2024年略阳，增长较快，1略2阳，2023年，「略阳」　　1024是"]


# -- values --------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", "1e400", "-1e400"])
def test_non_finite_percent_is_refused(build, value):
    build("{{ 县名 }}增长{{ 增长率 }}%", variables={"增长率": value}).refused(
        f"{CONFIG_FILE} 第5行第3列 variables：「增长率」的值不是有效的数")


def test_non_finite_int_is_refused(build):
    build("{{ 年度 }}年", variables={"年度": ".nan"}).refused(f"{CONFIG_FILE} 第3行第3列 variables：「年度」")


def test_a_value_given_for_one_item_is_checked_there(build):
    item = "block: 测试/攻击\n        values: {增长率: .inf}"
    build("增长{{ 增长率 }}%", item=item).refused(f"{CONFIG_FILE} 第10行第18列 sections[1].items[1].values：「增长率」的值不是有效的数")


@pytest.mark.parametrize("char", ["\x00", "\x08", "\x0b", "\x0c", "\x1f", "\ufffe", "\uffff", "\ud800"])
def test_control_characters_in_values_are_refused(build, char):
    build("{{ 县名 }}", variables={"县名": _quoted(f"略{char}阳")}).refused(
        f"{CONFIG_FILE} 第4行第3列 variables：「县名」含有不能写入 Word 文件的控制字符（U+{ord(char):04X}")


def test_control_characters_in_a_block_are_refused_when_the_library_loads(build):
    build("第一行\n第二行\x00。").refused(f"{BLOCK_FILE} 第8行 测试/攻击 body：正文含有不能写入 Word 文件的控制字符（U+0000）")


def test_control_characters_in_a_title_are_refused_when_the_library_loads(build):
    # the title takes line 7, the body moves to line 8
    build(title="标题\x01句。").refused(f"{BLOCK_FILE} 第7行 测试/攻击 title：标题句含有不能写入 Word 文件的控制字符（U+0001）")


def test_control_characters_in_config_text_are_refused(build):
    build(item="text: " + _quoted("略\x07阳")).refused(
        f"{AT_ITEM}第15列 {ITEM_KEY}：文字中含有不能写入 Word 文件的控制字符（U+0007）")


SENTINEL_LOOKALIKE = "\ue000县名\ue001"  # how a missing value used to be marked inside expressions


@pytest.mark.parametrize("draft", [False, True], ids=["final", "draft"])
def test_private_use_characters_in_a_value_come_out_as_typed(build, draft):
    value = f"略{SENTINEL_LOOKALIKE}阳\ue000\U000f0000"
    lines = build("{{ 县名 }}县，{{ 县名 ~ '县' }}", variables={"县名": _quoted(value)}, draft=draft).built()
    assert lines == ["一、聚焦发展", f"1.{value}县，{value}县"]


@pytest.mark.parametrize("draft", [False, True], ids=["final", "draft"])
def test_private_use_characters_in_a_block_come_out_as_typed(build, draft):
    body = f"私用区{SENTINEL_LOOKALIKE}字符\U000f0000{{{{ 县名 }}}}{{{{ '\ue000年度\ue001' }}}}"
    lines = build(body, draft=draft).built()
    assert lines == ["一、聚焦发展", f"1.私用区{SENTINEL_LOOKALIKE}字符\U000f0000略阳\ue000年度\ue001"]


def test_private_use_characters_in_config_text_come_out_as_typed(build):
    text = f"年内完成{{{{ 年度 }}}}年度{SENTINEL_LOOKALIKE}整治。"
    lines = build(item="text: " + _quoted(text)).built()
    assert lines == ["一、聚焦发展", f"1.年内完成2023年度{SENTINEL_LOOKALIKE}整治。"]


def test_a_missing_value_inside_an_expression_is_still_a_blank(build):
    result = build("{{ 县名 ~ '县' }}，{{ 年度 + 1 }}年", variables={"县名": "~", "年度": "~"}, draft=True)
    assert result.built() == ["一、聚焦发展", "1.**县，**年"]
