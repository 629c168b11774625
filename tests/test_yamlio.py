"""The YAML layer: what reading hands callers (plain values with positions), located Chinese
errors, and writing that gives back every byte nobody changed."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import time
from pathlib import Path

import pytest

from drafter.errors import DrafterError, OutputError
from drafter.limits import MAX_DIGITS, MAX_YAML_DEPTH, MAX_YAML_NODES
from drafter.yamlio import (
    Pos,
    YamlDocument,
    YDict,
    YList,
    flow_map,
    flow_seq,
    literal,
    load_yaml,
    load_yaml_file,
    locate,
)

REPO = Path(__file__).resolve().parent.parent
LIBRARY_FILES = sorted(
    p.relative_to(REPO).as_posix() for p in [*REPO.glob("blocks/**/*.yaml"), *REPO.glob("configs/*.yaml")]
)


# -- round trip: untouched files come back byte for byte ---------------------------------------------
@pytest.mark.parametrize("rel", LIBRARY_FILES)
def test_every_library_file_round_trips_byte_for_byte(rel):
    path = REPO / rel
    assert YamlDocument.load(path).to_bytes() == path.read_bytes()


ODD_FILES = {
    "comments in odd places": """\
# top

# second paragraph of the header
a: 1  # end of line
# between keys
b:   # after a key with a nested value
  c: 2
  # at the end of a nested mapping

# before a key, after a blank line
d: [1, 2]  # after a flow sequence
seq:
  # before the first item
  - x  # after an item
  # between items
  - y
# at the very end
""",
    "nulls in every spelling": """\
tilde: ~
word: null
capital: Null
empty:
empty_with_comment:      # 原文隐去
list:
  - ~
  - null
  -
  - x
flow: {x: ~, y: null}
""",
    "quoted strings": """\
single: '单引号'
double: "双引号"
apostrophe: 'it''s'
escapes: "tab\\tnew\\nline"
number_as_text: '123'
bool_as_text: "true"
range: "3-4"
label: "1."
""",
    "block scalars with indicators": """\
clip: |
  第一行
  第二行
strip: |-
  没有结尾换行
keep: |+
  保留空行

folded: >
  折叠
  文字
folded_strip: >-
  x
indented: |2
    开头有空格
  正常
after: 1
""",
    "flow collections": """\
values: {县名: 略阳, 增长率: 8.5, 年度: 2023}
nested: {a: [1, 2], b: {c: d}}
tags: [政治建设, 工作报告]
mixed: [a, {c: d}, [1, 2]]
empty_map: {}
empty_list: []
""",
    "sequence styles mixed in one file": """\
at_parent_column:
- x
- y: 1
  z: 2
indented:
  - x
  - y: 1
    z:
    - deep at its parent's column
    - - nested
      - sequence
deeper:
    - four spaces
wide_items:
-   k: 1
    j: 2
""",
    "mapping indent of four": """\
a:
    b:
        c: 1
    list:
        - x
        - y
    text: |
        正文
""",
    "block scalars indented their own way": """\
two:
  text: |
      四个空格的正文
  more: >-
    两个
list:
- |2
    开头有空格
- |
  x
""",
    "a top-level sequence": """\
- a
- b: 1
  c: 2
""",
    "document start after comments": """\
# yaml-language-server: $schema=x.json
---
a: 1
""",
    "no final newline": "a: 1\nb: 2",
    "dates, times and numbers": """\
date: 2023-02-10
time: 2023-02-10 10:00:00
zoned: 2023-02-10T10:00:00+08:00
float: 8.50
exp: 1e3
hex: 0x1F
octal: 0o17
underscores: 1_000
leading_dot: .5
""",
    "anchors, aliases and merge keys": """\
base: &base {x: 1, y: 2}
derived:
  <<: *base
  z: 3
list: &list [1, 2]
again: *list
""",
    "a very long line": "text: " + "很长的一行中文，不会被折行。" * 60 + "\n",
    "blank lines at the end": "a: 1\n\n\n",
    "keys that need quotes": "'a: b': 1\n\"c d\": 2\n'#': 3\n",
}


@pytest.mark.parametrize("name", ODD_FILES)
def test_odd_files_round_trip_byte_for_byte(name):
    text = ODD_FILES[name]
    doc = YamlDocument.load(text, name)
    assert doc.dumps() == text
    doc.check(doc.dumps())


def test_crlf_line_endings_are_kept(tmp_path):
    raw = b"# \xe6\xb3\xa8\r\na: 1\r\nbody: |\r\n  \xe7\xac\xac\xe4\xb8\x80\xe8\xa1\x8c\r\n  x\r\nl:\r\n  - ~\r\n"
    path = tmp_path / "crlf.yaml"
    path.write_bytes(raw)
    doc = YamlDocument.load(path)
    assert doc.to_bytes() == raw
    assert load_yaml_file(path)["body"] == "第一行\nx\n"  # values never hold a \r
    doc.set(["a"], 2)
    doc.save(path)
    assert path.read_bytes() == raw.replace(b"a: 1", b"a: 2")


def test_a_bom_is_kept_and_new_files_get_none(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeff# 记事本保存的文件\na: 略阳\n".encode("utf-8"))
    doc = YamlDocument.load(path)
    assert doc.bom and doc.to_bytes() == path.read_bytes()
    assert load_yaml_file(path) == {"a": "略阳"}
    assert not YamlDocument.new({"a": 1}).to_bytes().startswith(b"\xef\xbb\xbf")


def test_an_edit_leaves_every_other_line_byte_identical():
    path = REPO / "configs/gov-party-group-party-building-2022.yaml"
    before = path.read_text(encoding="utf-8").splitlines()
    doc = YamlDocument.load(path)
    doc.set(["variables", "县名"], "略阳")  # a value with an aligned comment after it
    doc.set(["variables", "新参数"], 12)  # a new key at the end of a mapping followed by a blank line
    doc.set(["targets", "每年帮办实事件数"], "5-6")  # a double-quoted value keeps its quotes
    after = doc.dumps().splitlines()

    changes = [line for line in difflib.ndiff(before, after) if line[:1] in "+-"]
    assert changes == [
        "-   县名: ~                # 原文隐去",
        "+   县名: 略阳               # 原文隐去",
        "+   新参数: 12",
        '-   每年帮办实事件数: "3-4"',
        '+   每年帮办实事件数: "5-6"',
    ]
    new_key = after.index("  新参数: 12")
    assert after[new_key - 1].startswith("  年度号召:") and after[new_key + 1] == ""


def test_appending_and_deleting_keep_the_blank_lines_that_close_a_list():
    text = "sections:\n  - heading: a\n    items:\n      - x\n      - y\n\nsignature:\n  issuer: 县委\n"
    doc = YamlDocument.load(text)
    doc.append(["sections", 0, "items"], "z")
    assert doc.dumps() == text.replace("      - y\n", "      - y\n      - z\n")
    doc.delete(["sections", 0, "items", 2])
    doc.delete(["sections", 0, "items", 1])
    assert doc.dumps() == text.replace("      - y\n", "")


# -- writing new files the way the hand-written ones look --------------------------------------------
def test_new_files_look_hand_written():
    doc = YamlDocument.new(
        {
            "kind": "工作要点",
            "variables": {"年度": 2023, "县名": None, "日期": dt.date(2023, 2, 10), "是否": "no", "时间": "9:30"},
            "numbering": {"items": "1.", "restart": True},
            "sections": [
                {"heading": "发展/标题", "items": ["发展/甲", {"block": "发展/乙", "values": flow_map({"县名": "略阳", "增长率": 8.5})}]},
                {"heading": "作风建设/标题"},
            ],
        }
    )
    doc.top_comment("yaml-language-server: $schema=../schemas/config.schema.json\n由 drafter import 导入。")
    doc.comment_before(["variables"], blank_lines=1)
    doc.comment_before(["variables", "县名"], "原文隐去")
    doc.comment_before(["numbering"], "编号方式", blank_lines=1)
    doc.comment_after(["numbering", "restart"], "每部分重新编号")
    doc.comment_before(["sections"], blank_lines=1)
    doc.comment_before(["sections", 1], blank_lines=1)
    assert doc.dumps() == """\
# yaml-language-server: $schema=../schemas/config.schema.json
# 由 drafter import 导入。
kind: 工作要点

variables:
  年度: 2023
  # 原文隐去
  县名: ~
  日期: 2023-02-10
  是否: 'no'
  时间: '9:30'

# 编号方式
numbering:
  items: '1.'
  restart: true  # 每部分重新编号

sections:
  - heading: 发展/标题
    items:
      - 发展/甲
      - block: 发展/乙
        values: {县名: 略阳, 增长率: 8.5}

  - heading: 作风建设/标题
"""


def test_new_block_files_use_literal_blocks_and_flow_tags():
    doc = YamlDocument.new(
        {
            "blocks": [
                {"id": "导入/甲", "kind": "item", "body": literal("第一段{{ 县名 }}。\n\n第二段。\n"),
                 "tags": flow_seq(["导入", "工作要点"])},
                {"id": "导入/乙", "kind": "item", "body": literal("  开头有空格\n"), "tags": flow_seq(["导入"])},
            ]
        }
    )
    doc.comment_before(["blocks", 1], blank_lines=1)
    text = doc.dumps()
    assert text == """\
blocks:
  - id: 导入/甲
    kind: item
    body: |
      第一段{{ 县名 }}。

      第二段。
    tags: [导入, 工作要点]

  - id: 导入/乙
    kind: item
    body: |2
        开头有空格
    tags: [导入]
"""
    assert load_yaml(text, "x")["blocks"][1]["body"] == "  开头有空格\n"


@pytest.mark.parametrize("indent", ["  ", "    "])
def test_a_new_block_scalar_with_leading_spaces_gets_the_right_indicator(indent):
    # ruamel always writes "|2"; with a mapping indent of 4 the text would gain two spaces
    doc = YamlDocument.load(f"a:\n{indent}b: 1\nl:\n{indent}- x\n")
    doc.set(["a", "c"], literal("  开头有空格\n第二行\n"))
    doc.append(["l"], literal("  也是\n"))
    text = doc.dumps()
    assert load_yaml(text, "t")["a"]["c"] == "  开头有空格\n第二行\n"
    assert load_yaml(text, "t")["l"][1] == "  也是\n"
    doc.check(text)


def test_save_writes_atomically_and_refuses_text_that_reads_back_differently(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    doc = YamlDocument.load(path)
    doc.set(["b"], "x")
    doc.save(path)
    assert path.read_text(encoding="utf-8") == "a: 1\nb: x\n"
    assert [p.name for p in tmp_path.iterdir()] == ["c.yaml"]

    class Broken(YamlDocument):
        def dumps(self) -> str:  # a dumper bug that changes a value
            return super().dumps().replace("a: 1", "a: 2")

    broken = Broken.load(path)
    with pytest.raises(OutputError) as info:
        broken.save(path)
    assert "自检失败" in str(info.value)
    assert path.read_text(encoding="utf-8") == "a: 1\nb: x\n"


# -- reading: plain values --------------------------------------------------------------------------
def test_values_are_plain_python():
    data = load_yaml(ODD_FILES["dates, times and numbers"] + "yes: yes\nquoted: '8'\nbody: |\n  x\n", "t.yaml")
    assert type(data) is YDict
    expected = {
        "date": dt.date(2023, 2, 10),
        "time": dt.datetime(2023, 2, 10, 10, 0),
        "zoned": dt.datetime(2023, 2, 10, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))),
        "float": 8.5, "exp": 1000.0, "hex": 31, "octal": 15, "underscores": 1000, "leading_dot": 0.5,
        "yes": "yes", "quoted": "8", "body": "x\n",
    }
    assert data == expected
    for key, value in data.items():
        assert type(value) is type(expected[key]), key
    assert type(load_yaml("a: [true, false, ~]", "t")["a"][0]) is bool


def test_yaml_1_2_keeps_what_looks_like_text():
    data = load_yaml("a: no\nb: off\nc: 010\nd: 9:30\ne: true\n", "t")
    assert data == {"a": "no", "b": "off", "c": 10, "d": "9:30", "e": True}


def test_unsupported_tags_are_refused_in_chinese():
    with pytest.raises(DrafterError) as info:
        load_yaml("a: 1\nb: !python/object:os.system x\n", "t.yaml")
    assert str(info.value).startswith("t.yaml 第2行第4列：YAML 格式错误：不支持标签「!python/object:os.system」")
    assert load_yaml("a: !!str 2023\n", "t") == {"a": "2023"}


# -- reading: positions ------------------------------------------------------------------------------
def test_positions_of_keys_values_and_block_scalars():
    data = load_yaml(
        "# 注释\n"
        "kind: item\n"
        "body: |\n"
        "  第一行\n"
        "  第二行\n"
        "title: >-\n"
        "\n"
        "  折叠\n"
        "empty:\n"
        "params:\n"
        "  县名: {type: str, description: 县}\n",
        "t.yaml",
    )
    assert data.pos == Pos(2, 1)
    assert data.key_pos["kind"] == Pos(2, 1) and data.value_pos["kind"] == Pos(2, 7)
    assert data.key_pos["body"] == Pos(3, 1) and data.value_pos["body"] == Pos(4, 1)  # where the text starts
    assert data.value_pos["title"] == Pos(7, 1)
    assert data.value_pos["empty"] == Pos(9, 7)  # right after the colon
    params = data["params"]
    assert data.value_pos["params"] == params.pos == Pos(11, 3)
    assert params.value_pos["县名"] == params["县名"].pos == Pos(11, 7)
    assert params["县名"].key_pos["description"] == Pos(11, 19)


def test_positions_of_list_items_nested():
    data = load_yaml("sections:\n  - heading: a\n    items:\n    - x\n    - |\n      正文\n    - [1, 2]\n", "t")
    sections = data["sections"]
    assert type(sections) is YList and sections.pos == Pos(2, 3)
    assert sections.item_pos == [Pos(2, 5)]
    items = sections[0]["items"]
    assert items.item_pos == [Pos(4, 7), Pos(6, 1), Pos(7, 7)]
    assert items[2].item_pos == [Pos(7, 8), Pos(7, 11)]
    assert locate(data, ("sections", 0, "items", 1)) == (Pos(6, 1), "sections[1].items[2]")


def test_aliases_and_merge_keys_have_positions():
    data = load_yaml(ODD_FILES["anchors, aliases and merge keys"], "t")
    assert data["derived"] == {"x": 1, "y": 2, "z": 3}
    assert data["derived"].key_pos["z"] == Pos(4, 3)
    assert data["derived"].key_pos["x"] == Pos(1, 14)  # where the merged key was written
    assert data["again"] is data["list"]


# -- reading: errors, in Chinese, located -----------------------------------------------------------
def _error(text: str) -> str:
    with pytest.raises(DrafterError) as info:
        load_yaml(text, "c.yaml")
    message = str(info.value)
    english = re.findall(r"[A-Za-z]{3,}", message.replace("c.yaml", "").replace("YAML", "").replace("Tab", ""))
    assert not english, message
    return message


def test_duplicate_key():
    assert _error("a: 1\nb:\n  c: 1\n  c: 2\n") == "c.yaml 第4行第3列 c：键「c」重复出现（第3行已有），请删除或合并其中一处"


def test_tab_indentation():
    assert _error("a:\n\tb: 1\n").startswith("c.yaml 第2行第1列：YAML 格式错误：用了制表符（Tab），YAML 只能用空格缩进")


def test_unclosed_quote():
    message = _error('a: "没有闭合\nb: 1\n')
    assert message.startswith("c.yaml 第3行第1列：YAML 格式错误：引号没有闭合")


def test_bad_indentation():
    message = _error("blocks:\n  - id: a\n    kind: item\n   body: x\n")
    assert message.startswith("c.yaml 第4行第4列：YAML 格式错误：缩进不对齐")


@pytest.mark.parametrize(
    "text, where, words",
    [
        ("a:1\nb: 2\n", "第2行第2列", "冒号"),
        ("a: [1, 2\nb: 3\n", "第2行第2列", "方括号"),
        ("a: {x: 1\nb: 3\n", "第2行第2列", "花括号"),
        ("a:\n  - x\n - y\n", "第3行第2列", "列表项"),
        ("a: 1\n- b\n", "第2行第1列", "列表项"),
        ('a: "x" y\n', "第1行第8列", "多了内容"),
        ("a: *x\n", "第1行第4列", "锚点"),
        ("a: @x\n", "第1行第4列", "「@」"),
        ("a: 1\n---\nb: 2\n", "第2行第1列", "一个文件只能有一个文档"),
        ('a: "\\q"\n', "第1行第6列", "转义"),
        ("a: | x\n", "第1行第6列", "“|”或“>”后面"),
        ("a: 2023-02-30\n", "第1行第4列", "日期或时间不存在"),
        ("a: \x01\n", "第1行第4列", "控制字符"),
        ("? [a]\n: 1\n", "第1行第3列", "键不能是列表或映射"),
    ],
)
def test_common_mistakes_are_explained_in_chinese(text, where, words):
    message = _error(text)
    assert message.startswith(f"c.yaml {where}：") and words in message, message


def test_yamlio_no_longer_uses_pyyaml():
    source = (REPO / "drafter/yamlio.py").read_text(encoding="utf-8")
    assert not re.search(r"^\s*(import yaml|from yaml)\b", source, re.M)


# -- hostile and odd input: limits, bombs, controls, files with nothing in them ---------------------
def _refusal(text: str, seconds: float = 1.0) -> DrafterError:
    """The DrafterError *text* ends in, within *seconds*."""
    start = time.perf_counter()
    with pytest.raises(DrafterError) as info:
        load_yaml(text, "c.yaml")
    assert time.perf_counter() - start < seconds, str(info.value)
    assert info.value.exit_code == 2
    return info.value


def _alias_bomb(levels: int = 9) -> str:
    lines = ["a0: &a0 [x,x,x,x,x,x,x,x,x,x]"]
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 10)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_stops_at_the_value_limit_at_once():
    text = _alias_bomb()  # 10^9 values once every alias is expanded, in under 1 KB
    assert len(text) < 1024
    error = _refusal(text, 0.5)
    assert (error.file, error.line, error.column) == ("c.yaml", 5, 22)  # the *a3 on the a4 line that passes the limit
    assert error.message == f"YAML 格式错误：引用“*a3”展开后，文件中的值超过 {MAX_YAML_NODES} 个的上限"
    assert "不能用来层层复制" in error.hint


def test_aliases_within_the_limits_load_and_stay_shared():
    data = load_yaml(_alias_bomb(4), "t")  # 1,000 values expanded
    assert data["a3"][0] is data["a2"] and data["a2"][9][9][9] == "x"


def test_a_file_with_too_many_values_is_refused_where_it_passes_the_limit(monkeypatch):
    monkeypatch.setattr("drafter.yamlio.MAX_YAML_NODES", 1000)
    error = _refusal("".join(f"k{i}: v\n" for i in range(600)))
    assert error.message == "YAML 格式错误：文件中的值超过 1000 个的上限" and error.line == 500  # 1 + 2 × 500


@pytest.mark.parametrize("text", ["a: &a [1, *a]\n", "a: &a {b: {c: *a}}\n", "- &a\n  - *a\n"])
def test_an_alias_inside_what_it_refers_to_is_refused(text):
    error = _refusal(text)
    assert "循环引用" in error.message and error.line is not None


def _nested_items(depth: int) -> str:
    """The config shape of the attack: items inside items, *depth* lists deep."""
    lines = ["items:"]
    for level in range(depth):
        pad = "  " + "    " * level
        lines += [f"{pad}- text: 条目", f"{pad}  items:"]
    lines.append("  " + "    " * depth + "- text: 最后")
    return "\n".join(lines) + "\n"


DEEP = {
    "items 400 deep": _nested_items(400),
    "flow lists 10,000 deep": "a: " + "[" * 10_000 + "]" * 10_000 + "\n",
    "flow mappings 10,000 deep": "a: " + "{b: " * 10_000 + "1" + "}" * 10_000 + "\n",
    "an unclosed [ 100,000 deep": "[" * 100_000,
    "compact lists 100,000 deep": "- " * 100_000 + "x\n",
    "keys 200 deep": "".join(" " * i + f"k{i}:\n" for i in range(200)),
}


@pytest.mark.parametrize("name", DEEP)
def test_nesting_deeper_than_the_limit_is_refused_before_anything_recurses(name):
    error = _refusal(DEEP[name])
    assert error.message == f"YAML 格式错误：嵌套超过 {MAX_YAML_DEPTH} 层的上限", str(error)
    assert error.line is not None and error.column is not None


def test_nesting_up_to_the_limit_loads():
    assert load_yaml("a: " + "[" * (MAX_YAML_DEPTH - 1) + "]" * (MAX_YAML_DEPTH - 1) + "\n", "t")
    deepest = (MAX_YAML_DEPTH - 3) // 2  # the top mapping, a list and a mapping per level, the last item
    data = load_yaml(_nested_items(deepest), "t")
    assert data["items"][0]["items"][0]["text"] == "条目"
    assert _refusal(_nested_items(deepest + 1)).line == 2 * (deepest + 1) + 2  # the last item


def test_an_alias_that_expands_past_the_depth_limit_is_refused():
    inner = "[" * 40 + "x" + "]" * 40
    error = _refusal(f"a: &a {inner}\nb: &b {'[' * 20}*a{']' * 20}\nc: [[[[[*b]]]]]\n")
    assert error.message == f"YAML 格式错误：引用“*b”展开后嵌套超过 {MAX_YAML_DEPTH} 层的上限"
    assert (error.line, error.column) == (3, 9)


def test_a_number_with_thousands_of_digits_has_its_own_message():
    error = _refusal("年度: " + "9" * 5000 + "\n")
    assert str(error) == (f"c.yaml 第1行第5列：数字「999999999999…」有 5000 位，超过了 {MAX_DIGITS} 位的上限，"
                          "编号、账号等长串数字请加引号，当作文字")


@pytest.mark.parametrize("number, digits", [("-" + "1" * 31, 31), ("0x" + "f" * 40, 40), ("1_000" * 10, 40),
                                            ("1." + "5" * 40, 41), ("1" * 40 + "e5", 41), ("!!int " + "7" * 50, 50)])
def test_numbers_past_the_digit_limit_are_refused_in_every_spelling(number, digits):
    error = _refusal(f"a: {number}\n")
    assert error.message.endswith(f"有 {digits} 位，超过了 {MAX_DIGITS} 位的上限") and error.line == 1


def test_numbers_within_the_limits_and_huge_exponents_load():
    data = load_yaml(f"a: {'9' * MAX_DIGITS}\nb: 1e400\nc: -1e400\nd: '{'9' * 5000}'\n", "t")
    assert data["a"] == int("9" * MAX_DIGITS)
    assert data["b"] == float("inf") and data["c"] == float("-inf")  # check_value refuses them later
    assert data["d"] == "9" * 5000  # quoted: text


@pytest.mark.parametrize(
    "text, message",
    [
        ("a: 2023-02-29\n", "YAML 格式错误：日期或时间不存在"),
        ("a: 2023-02-28 25:00:00\n", "YAML 格式错误：日期或时间不存在"),
        ("a: !!int abc\n", "YAML 格式错误：「abc」不是整数"),
        ("a: !!float 1e5e5\n", "YAML 格式错误：「1e5e5」不是小数"),
        ("a: !!bool maybe\n", "YAML 格式错误：「maybe」不是true/false"),
        ("a: !!timestamp abc\n", "YAML 格式错误：「abc」不是日期或时间"),
        ("a: !!int [1]\n", "YAML 格式错误：标签「!!int」不能用在列表或映射上"),
        ("a: !!map x\n", "YAML 格式错误：标签「!!map」只能用在列表或映射上"),
        ('a: "\\UFFFFFFFF"\n', "YAML 格式错误：双引号里的“\\U”转义超出了字符的范围"),
        ("%YAML 1." + "9" * 5000 + "\n---\na: 1\n", "YAML 格式错误：“%YAML”指令的版本号写法不对"),
        ("%YAML 1.20\n", "YAML 格式错误：不支持的 YAML 版本声明「%YAML 1.20」"),  # found by tests/test_yaml_fuzz.py
        ("- \n%YAML 1.20\n", "YAML 格式错误：不支持的 YAML 版本声明「%YAML 1.20」"),
        ("<<: 1\n", "YAML 格式错误：“<<”合并的只能是映射（或映射的列表）"),
        ("a: 1\n... x\n", "YAML 格式错误：“...”（文档结束）之后不能再有内容"),
        ("? {a: 1}\n: 2\n", "键不能是列表或映射"),
        ("?\n?\n", "键「~」重复出现（第1行已有）"),
    ],
)
def test_values_that_cannot_be_built_are_located_and_in_chinese(text, message):
    error = _refusal(text)
    assert error.message == message and error.line is not None, str(error)


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\ufffe"])
def test_control_characters_are_refused_where_they_stand(char):
    error = _refusal(f"a: 1\nb: x{char}y\n")
    assert error.message == f"YAML 格式错误：文件中有不可见的控制字符（U+{ord(char):04X}）"
    assert (error.line, error.column) == (2, 5)


@pytest.mark.parametrize("text", ["", "\ufeff", "# 只有注释\n# 第二行\n", "\n\n", "---\n", "~\n"])
def test_a_file_with_no_data_loads_as_none(text, tmp_path):
    assert load_yaml(text, "t") is None
    path = tmp_path / "t.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + text.removeprefix("\ufeff").encode("utf-8"))
    assert load_yaml_file(path) is None


@pytest.mark.parametrize("text", ["- a\n- b\n", "只有一句话\n", "", "\ufeff", "# 注释\n", "[1, 2]\n", "2023\n"])
def test_a_config_or_block_file_that_is_not_a_mapping_is_a_clean_error(make_workspace, text):
    from drafter.blocks import load_library
    from drafter.config import load_config

    root = make_workspace({"configs/c.yaml": text, "blocks/b.yaml": text})
    for load in (lambda: load_config(root / "configs/c.yaml", "configs/c.yaml"), lambda: load_library(root)):
        with pytest.raises(DrafterError) as info:
            load()
        message = str(info.value)
        assert message.startswith(("configs/c.yaml", "blocks/b.yaml")) and "映射" in message, message


def test_lines_of_a_megabyte_are_fast():
    start = time.perf_counter()
    assert len(load_yaml("a: " + "长" * (1 << 20) + "\n", "t")["a"]) == 1 << 20
    assert len(load_yaml('a: "' + "长" * (1 << 20) + '"\n', "t")["a"]) == 1 << 20
    assert "冒号" in _refusal("长" * (1 << 20) + ": 1\n", 3).message  # a key is at most 1,024 characters
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize(
    "text, tag",
    [
        ("a: !!python/object:os.system x\n", "!!python/object:os.system"),
        ("a: !!python/object/apply:os.system [ls]\n", "!!python/object/apply:os.system"),
        ("a: !!python/name:os.system\n", "!!python/name:os.system"),
        ("a: !foo {x: 1}\n", "!foo"),
        ("%TAG !e! tag:example.com,2000:\n---\na: !e!x y\n", "tag:example.com,2000:x"),
        ("a: !!python/object:os.system\n  <<: {}\n", "!!python/object:os.system"),
    ],
)
def test_unknown_tags_are_refused_before_anything_is_built(text, tag):
    error = _refusal(text)
    assert error.message == f"YAML 格式错误：不支持标签「{tag}」" and error.line is not None, str(error)


def test_merge_keys_are_supported_and_count_against_the_limits(monkeypatch):
    data = load_yaml("base: &b {x: 1, y: 2}\nd:\n  <<: *b\n  y: 3\ne: {<<: [*b, {z: 4}]}\n", "t")
    assert data["d"] == {"y": 3, "x": 1} and data["e"] == {"x": 1, "y": 2, "z": 4}
    assert data["d"].key_pos["x"] == Pos(1, 11) and data["d"].key_pos["y"] == Pos(4, 3)
    monkeypatch.setattr("drafter.yamlio.MAX_YAML_NODES", 20)
    assert "*b" in _refusal("base: &b {a: 1, b: 2, c: 3, d: 4}\nx: {<<: *b}\ny: {<<: *b}\nz: {<<: *b}\n").message
