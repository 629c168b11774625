"""Bad input: one located Chinese message per problem, never a traceback."""

import pickle

import pytest

from drafter import DrafterError, load_config, load_library
from drafter.errors import BlockError, DrafterErrors


def _library_error(make_workspace, text: str) -> str:
    root = make_workspace({"blocks/坏.yaml": text})
    with pytest.raises(DrafterError) as info:
        load_library(root)
    return str(info.value)


def test_yaml_syntax_error_names_line_and_column(make_workspace):
    msg = _library_error(make_workspace, "blocks:\n  - id: a\n    kind: item\n   body: x\n")
    assert msg.startswith("blocks/坏.yaml 第4行")
    assert "YAML 格式错误" in msg


def test_jinja_syntax_error_points_into_the_body(make_workspace):
    msg = _library_error(
        make_workspace,
        """
        blocks:
          - id: 测试/坏模板
            kind: item
            body: |
              第一行。
              第二行{{ 县名 }。
        """,
    )
    assert msg.startswith("blocks/坏.yaml 第6行第10列 测试/坏模板 body：模板语法错误")


def test_undeclared_variable_with_hint(make_workspace):
    msg = _library_error(
        make_workspace,
        """
        blocks:
          - id: 测试/变量
            kind: item
            body: |
              {{ 县明 }}县。
            params:
              县名: {type: str, description: 县名}
        """,
    )
    assert "blocks/坏.yaml 第5行第10列 测试/变量 body：未定义的变量「县明」，您是不是想用「县名」？" in msg
    # 县名 is declared but the body reads 县明 instead: reported too
    assert "参数「县名」已声明，但正文和标题句都没有用到" in msg


def test_unknown_key_and_missing_key(make_workspace):
    msg = _library_error(
        make_workspace,
        """
        blocks:
          - id: 测试/键
            kinds: item
            body: x
        """,
    )
    assert "第3行" in msg and "未知的键「kinds」，您是不是想用「kind」？" in msg
    assert "缺少必填的键「kind」" in msg


def test_duplicate_ids_and_duplicate_keys(make_workspace):
    root = make_workspace(
        {
            "blocks/a.yaml": "blocks:\n  - {id: 甲/乙, kind: item, body: x}\n",
            "blocks/b.yaml": "blocks:\n  - {id: 甲/乙, kind: item, body: y}\n",
            "blocks/c.yaml": "blocks:\n  - {id: 丙, kind: item, body: y, body: z}\n",
        }
    )
    with pytest.raises(DrafterErrors) as info:
        load_library(root)
    msg = str(info.value)
    assert "blocks/b.yaml 第2行第10列 id：块编号「甲/乙」重复（blocks/a.yaml 第2行已有）" in msg
    assert "blocks/c.yaml 第2行第34列 body：键「body」重复出现" in msg


@pytest.mark.parametrize("bad", ["../外面", "甲/../乙", "甲 乙", "甲\\\\乙", "C:/x"])
def test_ids_cannot_look_like_escaping_paths(make_workspace, bad):
    msg = _library_error(make_workspace, f'blocks:\n  - {{id: "{bad}", kind: item, body: x}}\n')
    assert "不合规" in msg


def test_config_wrong_types_and_unknown_keys(make_workspace):
    root = make_workspace(
        {
            "configs/c.yaml": """
                kind: 计划
                numbering: {items: "1)", restart: 是}
                sectons: []
            """
        }
    )
    with pytest.raises(DrafterErrors) as info:
        load_config(root / "configs/c.yaml", "configs/c.yaml")
    msg = str(info.value)
    assert "configs/c.yaml 第1行第7列 kind：取值「计划」无效，可选：党建工作要点、工作要点、党风廉政建设工作要点、工作报告、其他" in msg
    assert "configs/c.yaml 第2行第20列 numbering.items：取值「1)」无效，可选：（一）、1.、1、" in msg
    assert "configs/c.yaml 第2行第35列 numbering.restart：应为true 或 false，实际是文字「是」" in msg
    assert "configs/c.yaml 第3行第1列 sectons：未知的键「sectons」，您是不是想用「sections」？" in msg


def test_errors_survive_pickling():
    err = BlockError("未定义的变量「县明」", file="blocks/a.yaml", line=12, key="body", hint="您是不是想用「县名」？")
    again = pickle.loads(pickle.dumps(err))
    assert str(again) == str(err) == "blocks/a.yaml 第12行 body：未定义的变量「县明」，您是不是想用「县名」？"
    many = pickle.loads(pickle.dumps(DrafterErrors([err, err], "两个问题")))
    assert len(many.errors) == 2
