"""drafter absorb: a leader's edits in the built .docx go back into the config, and the next build gives them."""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.text.paragraph import Paragraph
from typer.testing import CliRunner

from conftest import REPO
from drafter.cli import app
from drafter.readers import read_path
from drafter.writers.txt import text_lines

CONFIG = "configs/gov-integrity-2023.yaml"
OUT = "output/gov-integrity-2023.docx"


@pytest.fixture
def ws(tmp_path, monkeypatch):
    for name in ("blocks", "configs"):
        shutil.copytree(REPO / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(app, ["build", CONFIG]).exit_code == 0
    return tmp_path


def _cli(*args):
    return CliRunner().invoke(app, list(args))


def _retype(p, old: str, new: str) -> None:
    """Type over words in a paragraph the way an editor leaves it: one run after the label."""
    rest = "".join(r.text for r in p.runs[1:])
    assert old in rest, (old, rest)
    for r in p.runs[2:]:
        r._r.getparent().remove(r._r)
    p.runs[1].text = rest.replace(old, new)


def _paragraph(d, start: str):
    return next(p for p in d.paragraphs if p.text.startswith(start))


def _edit_like_a_leader(path: Path) -> None:
    d = docx.Document(str(path))
    learn = _paragraph(d, "2.持续强化理论武装")
    count = re.search(r"廉政学习不少于(\d+)次", learn.text).group(1)
    _retype(learn, f"廉政学习不少于{count}次", "廉政学习不少于15次")  # a figure
    _retype(_paragraph(d, "3.从严落实纪律规矩"), "严守党的政治纪律", "严格遵守党的政治纪律")  # words
    gone = _paragraph(d, "3.全面落实班子成员分管责任")
    gone._p.getparent().remove(gone._p)  # an item struck out
    before = _paragraph(d, "2.全面落实主要负责人第一责任")
    new = copy.deepcopy(before._p)
    before._p.addnext(new)
    added = Paragraph(new, before._parent)
    for r in added.runs[1:]:
        r._r.getparent().remove(r._r)
    added.runs[0].text = "3.加强年轻干部教育。组织年轻干部开展廉洁教育，筑牢思想防线。"  # an item written in
    d.save(str(path))


def _lines(path: Path) -> list[str]:
    return [line for line in text_lines(read_path(path).document) if line.strip()]


def test_a_leaders_edits_go_back_into_the_config(ws):
    config_before = (ws / CONFIG).read_text(encoding="utf-8")
    _edit_like_a_leader(ws / OUT)
    edited = _lines(ws / OUT)
    result = _cli("absorb", CONFIG, OUT)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "取值「廉政学习次数」12 → 15" in out
    assert "改为 Word 中修改后的文字（原为块「纪律建设/从严落实纪律规矩」）" in out
    assert "删去 第" in out and "全面落实班子成员分管责任" in out
    assert "新增「3.加强年轻干部教育" in out
    assert "写回后重新生成" not in out  # everything came back exactly
    config = (ws / CONFIG).read_text(encoding="utf-8")
    assert "廉政学习次数: 15" in config
    assert "based_on: 纪律建设/从严落实纪律规矩" in config and "严格遵守党的政治纪律" in config
    assert "党风廉政/全面落实班子成员分管责任" not in config
    assert "title: 加强年轻干部教育。" in config
    # the user's comments are all still there
    comments = [line.strip() for line in config_before.splitlines() if line.strip().startswith("#")]
    assert all(c in config for c in comments)
    # the next build gives the edited text, and replaces the edited file without --force, keeping a copy
    rebuilt = _cli("build", CONFIG, "-f", "txt", "-o", "output/again.txt")
    assert rebuilt.exit_code == 0, rebuilt.output
    again = [line for line in (ws / "output/again.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
    assert again == edited
    edited_bytes = (ws / OUT).read_bytes()
    replace = _cli("build", CONFIG)
    assert replace.exit_code == 0, replace.output
    [kept] = (ws / "output" / ".history").iterdir()
    assert kept.read_bytes() == edited_bytes
    assert _lines(ws / OUT) == edited


def test_a_value_changed_in_one_place_only_becomes_that_entrys_own(ws):
    """年度 prints in the title and the preamble: the leader changed it only in the preamble."""
    d = docx.Document(str(ws / OUT))
    preamble = _paragraph(d, "2023年，县政府系统")
    for run in preamble.runs:
        if run.text.startswith("2023年"):
            run.text = run.text.replace("2023年", "2024年", 1)
            break
    d.save(str(ws / OUT))
    result = _cli("absorb", CONFIG, OUT)
    assert result.exit_code == 0, result.output
    assert "只改这一处，写在该条目的 values 中" in result.output
    config = (ws / CONFIG).read_text(encoding="utf-8")
    assert "年度: 2023" in config and "values: {年度: 2024}" in config
    assert _cli("build", CONFIG, "-f", "txt", "-o", "output/a.txt").exit_code == 0
    text = (ws / "output/a.txt").read_text(encoding="utf-8")
    assert text.startswith("2023年") and "2024年，县政府系统" in text


def test_nothing_edited_nothing_written(ws):
    before = (ws / CONFIG).read_bytes()
    result = _cli("absorb", CONFIG, OUT)
    assert result.exit_code == 0 and "没有要写回的修改" in result.output
    assert (ws / CONFIG).read_bytes() == before


def test_dry_run_writes_nothing(ws):
    before = (ws / CONFIG).read_bytes()
    _edit_like_a_leader(ws / OUT)
    result = _cli("absorb", CONFIG, OUT, "--dry-run")
    assert result.exit_code == 0 and "将写回" in result.output
    assert (ws / CONFIG).read_bytes() == before


def test_an_edit_made_through_libreoffice(ws, tmp_path):
    """The built file saved by LibreOffice (another writer's XML), then edited: absorb still pairs it."""
    from test_render import skip_or_fail

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        skip_or_fail("LibreOffice (soffice) is not on PATH: apt-get install libreoffice-writer-nogui")
    convert = tmp_path / "lo"
    proc = subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                           "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(convert), str(ws / OUT)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    edited = ws / "output" / "领导改过.docx"
    shutil.copy(convert / "gov-integrity-2023.docx", edited)
    d = docx.Document(str(edited))
    p = _paragraph(d, "3.从严落实纪律规矩")
    for run in p.runs:
        if "严守党的政治纪律" in run.text:
            run.text = run.text.replace("严守党的政治纪律", "严格遵守党的政治纪律")
            break
    else:
        _retype(p, "严守党的政治纪律", "严格遵守党的政治纪律")
    d.save(str(edited))
    result = _cli("absorb", CONFIG, str(edited))
    assert result.exit_code == 0, result.output
    assert "改为 Word 中修改后的文字" in result.output and "写回后重新生成" not in result.output
    assert _cli("build", CONFIG, "-f", "txt", "-o", "output/b.txt").exit_code == 0
    assert [l for l in (ws / "output/b.txt").read_text(encoding="utf-8").splitlines() if l.strip()] == _lines(edited)


def test_what_cannot_be_placed_is_listed_and_left_alone(ws):
    d = docx.Document(str(ws / OUT))
    first = d.paragraphs[0]
    first.insert_paragraph_before("关于印发本文件的说明")  # before the title: no entry to follow
    d.save(str(ws / OUT))
    result = _cli("absorb", CONFIG, OUT)
    assert result.exit_code == 0, result.output
    assert "未能写回" in result.output and "关于印发本文件的说明" in result.output
