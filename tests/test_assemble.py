"""Assembly: value resolution order, draft blanks, strict refusal listing every missing value."""

import datetime as dt

import pytest

from drafter import DrafterError, assemble, load_config, load_library
from drafter.model import Blank
from drafter.writers.txt import text_lines

BLOCKS = {
    "blocks/_params.yaml": """
        params:
          年度: {type: int, description: 年度}
          县名: {type: str, description: 县名}
    """,
    "blocks/测试.yaml": """
        blocks:
          - id: 测试/开头
            kind: preamble
            body: |
              {{ 年度 }}年{{ 县名 }}县工作要点。
          - id: 测试/标题
            kind: heading
            body: |
              聚焦发展
          - id: 测试/投资
            kind: item
            title: 扩大投资。
            body: |
              增长{{ 增长率 }}%，
              签约{{ 项目数 }}个。
            params:
              增长率: {type: percent, description: 增长率}
              项目数: {type: int, description: 项目数, default: 3}
    """,
}


def _config(body: str) -> str:
    return "kind: 工作要点\n" + body


def _build(make_workspace, config: str, draft=False, extra=None):
    root = make_workspace({**BLOCKS, "configs/c.yaml": _config(config), **(extra or {})})
    library = load_library(root)
    cfg = load_config(root / "configs/c.yaml", "configs/c.yaml")
    return assemble(cfg, library, draft=draft)


SIMPLE = """
variables: {年度: 2023, 县名: 略阳}
targets: {增长率: 8.5}
preamble: [测试/开头]
sections:
  - heading: 测试/标题
    items: [测试/投资]
"""


def test_values_fill_blocks_and_numbers_read_naturally(make_workspace):
    doc = _build(make_workspace, SIMPLE)
    assert text_lines(doc) == ["2023年略阳县工作要点。", "一、聚焦发展", "1.扩大投资。增长8.5%，签约3个。"]


def test_resolution_order_block_then_section_then_config_then_default(make_workspace):
    config = """
variables: {年度: 2023, 县名: 略阳}
targets: {增长率: 5, 项目数: 7}
sections:
  - heading: 测试/标题
    variables: {增长率: 6}
    items:
      - block: 测试/投资
        values: {增长率: 9}
      - 测试/投资
  - heading: 测试/标题
    items: [测试/投资]
"""
    lines = text_lines(_build(make_workspace, config))
    assert lines[1] == "1.扩大投资。增长9%，签约7个。"  # block override
    assert lines[2] == "2.扩大投资。增长6%，签约7个。"  # section
    assert lines[4] == "1.扩大投资。增长5%，签约7个。"  # config


def test_draft_mode_leaves_visible_blanks(make_workspace):
    doc = _build(make_workspace, "variables: {年度: 2023}\npreamble: [测试/开头]\n", draft=True)
    assert text_lines(doc) == ["2023年**县工作要点。"]
    assert doc.blanks() == [Blank("县名")]


def test_strict_mode_lists_every_missing_value_with_its_place(make_workspace):
    config = """
variables: {年度: 2023}
preamble: [测试/开头]
sections:
  - heading: 测试/标题
    items: [测试/投资]
"""
    with pytest.raises(DrafterError) as info:
        _build(make_workspace, config)
    text = str(info.value)
    assert "发现2个问题，未生成文件" in text
    assert "configs/c.yaml 第4行第12列：缺少「县名」（县名）的值，用于 preamble[1]（块「测试/开头」）" in text
    assert "configs/c.yaml 第7行第13列：缺少「增长率」（增长率）的值，用于 sections[1].items[1]（块「测试/投资」）" in text
    assert "--draft" in text


def test_unknown_block_id_suggests_the_closest(make_workspace):
    with pytest.raises(DrafterError) as info:
        _build(make_workspace, SIMPLE.replace("items: [测试/投资]", "items: [测试/投姿]"))
    assert str(info.value).splitlines()[1:] == [
        "configs/c.yaml 第8行第13列 sections[1].items[1]：块库中没有编号为「测试/投姿」的块，您是不是想用「测试/投资」？"
    ]


def test_unknown_variable_in_config_is_an_error(make_workspace):
    with pytest.raises(DrafterError) as info:
        _build(make_workspace, SIMPLE.replace("targets: {增长率: 8.5}", "targets: {增长率: 8.5, 增涨率: 1}"))
    assert "configs/c.yaml 第4行第21列 targets：未知变量「增涨率」" in str(info.value)
    assert "您是不是想用「增长率」" in str(info.value)


def test_override_of_a_parameter_the_block_lacks(make_workspace):
    config = SIMPLE.replace("items: [测试/投资]", "items:\n      - block: 测试/投资\n        values: {项目个数: 2}")
    with pytest.raises(DrafterError) as info:
        _build(make_workspace, config)
    assert "块「测试/投资」没有参数「项目个数」，您是不是想用「项目数」？" in str(info.value)


def test_wrong_kind_in_a_slot(make_workspace):
    with pytest.raises(DrafterError) as info:
        _build(make_workspace, SIMPLE.replace("heading: 测试/标题", "heading: 测试/投资"))
    assert "块「测试/投资」是条目（编号的段落），不能放在 heading 中" in str(info.value)


def test_wrong_value_type(make_workspace):
    with pytest.raises(DrafterError) as info:
        _build(make_workspace, SIMPLE.replace("增长率: 8.5", "增长率: 8.5%"))
    assert "「增长率」应为百分数（不含%号），实际是「8.5%」（只写数字，不要带%号）" in str(info.value)


def test_inline_text_title_and_signature(make_workspace):
    config = """
title: "{{ 县名 }}县{{ 年度 }}年工作要点"
variables: {年度: 2023, 县名: 略阳}
sections:
  - heading: {text: 一次性标题}
    items:
      - {title: 临时事项。, text: "{{ 年度 }}年内完成。"}
closing:
  - text: 以上要点，请认真贯彻落实。
signature:
  issuer: 中共{{ 县名 }}县人民政府党组
  date: 2023-02-10
"""
    doc = _build(make_workspace, config)
    assert text_lines(doc) == [
        "略阳县2023年工作要点",
        "",
        "一、一次性标题",
        "1.临时事项。2023年内完成。",
        "以上要点，请认真贯彻落实。",
        "",
        "中共略阳县人民政府党组",
        "2023年2月10日",
    ]
    assert doc.signature.date.parts == ("2023年2月10日",)


def test_format_of_dates_and_floats():
    from drafter.templating import format_value

    assert format_value(dt.date(2023, 1, 5)) == "2023年1月5日"
    assert format_value(8.0) == "8"
    assert format_value(0.1) == "0.1"


def test_problems_in_closing_entries_are_located(make_workspace):
    config = SIMPLE + "closing:\n  - 测试/结尾\n  - lead: [测试/导语]\n    points: [测试/投资]\n"
    with pytest.raises(DrafterError) as info:
        _build(make_workspace, config)
    text = str(info.value)
    assert "configs/c.yaml 第10行第5列 closing[1]：块库中没有编号为「测试/结尾」的块" in text
    assert "configs/c.yaml 第11行第12列 closing[2].lead[1]：块库中没有编号为「测试/导语」的块" in text


def test_sub_items_under_closing_points_are_refused_not_dropped(make_workspace):
    config = SIMPLE + "closing:\n  - points:\n      - block: 测试/投资\n        items: [测试/投资]\n"
    root = make_workspace({**BLOCKS, "configs/c.yaml": _config(config)})
    with pytest.raises(DrafterError) as info:
        load_config(root / "configs/c.yaml", "configs/c.yaml")
    assert str(info.value).startswith("configs/c.yaml 第11行第9列 closing[1].points[1]：“一是、二是……”之下不能再分条目（items）")
