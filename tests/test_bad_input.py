"""The bad-input suite: hostile and careless input through the real command line.

Every case asserts the exit code, a Chinese message naming the place, that no traceback
and no English error text reached the user, and that the workspace's files are byte for
byte what they were (or changed exactly as intended). Later features add their own ways
in here.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from conftest import REPO
from drafter.cli import app

CONFIG = "configs/gov-party-group-party-building-2023.yaml"
# English that must never reach a user (paths and block ids are fine: they are the user's own words)
ENGLISH = re.compile(r"Traceback|Error|error:|Exception|[Nn]ot (?:found|allowed|readable)|[Ii]nvalid|denied|"
                     r"expected|found character|mapping values|could not|No such|Permission|unexpected")


@pytest.fixture
def ws(tmp_path, monkeypatch):
    """A workspace holding the shipped library and configs, as a user has it."""
    root = tmp_path / "ws"
    for name in ("blocks", "configs", "templates"):
        shutil.copytree(REPO / name, root / name)
    (root / "output").mkdir()
    monkeypatch.chdir(root)
    monkeypatch.setenv("COLUMNS", "120")
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def run(root: Path, *args: str, code: int = 2, says: tuple[str, ...] = (), unchanged: bool = True) -> str:
    before = snapshot(root)
    result = CliRunner().invoke(app, list(args))
    out = result.output
    assert result.exit_code == code, out
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), repr(result.exception)
    for fragment in says:
        assert fragment in out, f"{fragment!r} not in:\n{out}"
    assert not ENGLISH.search(out), out
    if unchanged:
        assert snapshot(root) == before, "the workspace changed"
    return out


# -- outputs: never over the user's own files ---------------------------------------------------------
def test_output_over_the_config_itself(ws):
    run(ws, "build", CONFIG, "-o", CONFIG, says=("--output",))
    shutil.copy(ws / CONFIG, ws / "mine.txt")  # a config whose name looks like an output
    run(ws, "build", "mine.txt", "-o", "mine.txt", says=("输出路径就是配置文件本身", "未生成文件"))


def test_output_over_a_block_file(ws):
    run(ws, "build", CONFIG, "-o", "blocks/政治建设.docx", says=("不能把生成结果写进 blocks/",))


def test_output_into_configs_or_templates(ws):
    run(ws, "build", CONFIG, "-o", "configs/new.docx", says=("configs/",))
    run(ws, "build", CONFIG, "-o", "templates/x.txt", says=("templates/",))


def test_output_through_a_symlink_into_blocks(ws):
    (ws / "link").symlink_to(ws / "blocks")
    run(ws, "build", CONFIG, "-o", "link/x.docx", says=("blocks/",))


def test_output_is_a_folder(ws):
    (ws / "output" / "a.docx").mkdir()
    run(ws, "build", CONFIG, "-o", "output/a.docx", says=("输出路径是一个文件夹",))


def test_format_disagreeing_with_extension_is_refused(ws):
    run(ws, "build", CONFIG, "-f", "txt", "-o", "output/要点.docx", says=("输出格式是 txt", ".docx"))


def test_output_with_an_unknown_extension(ws):
    run(ws, "build", CONFIG, "-o", "output/要点.yaml", says=("无法从文件名的扩展名「.yaml」判断输出格式",))


def test_extension_decides_the_format(ws):
    run(ws, "build", CONFIG, "-o", "output/要点.txt", code=0, unchanged=False)
    assert (ws / "output" / "要点.txt").read_text(encoding="utf-8").startswith("2023年")


def test_unknown_format(ws):
    run(ws, "build", CONFIG, "-f", "odt", says=("不支持的输出格式「odt」",))


def _fault(monkeypatch, name: str, code: int, after: int = 0) -> None:
    """Make drafter.fsutil's os.<name> fail with errno *code* (after *after* successful calls):
    a read-only folder, a full disk, as the operating system reports them, even when the tests
    run as root (who may write anywhere)."""
    import errno

    from drafter import fsutil

    real = getattr(os, name)
    calls = {"n": 0}

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] > after:
            raise OSError(code, os.strerror(code), str(args[0]) if args else None)
        return real(*args, **kwargs)

    fake = type(os)("os")
    fake.__dict__.update(os.__dict__)
    setattr(fake, name, failing)
    monkeypatch.setattr(fsutil, "os", fake)
    assert errno.errorcode[code]


def test_output_folder_read_only(ws, monkeypatch):
    import errno

    _fault(monkeypatch, "replace", errno.EROFS)
    run(ws, "build", CONFIG, says=("无法写入", "只读"))
    assert not list((ws / "output").glob(".*.tmp")), "the temp file is cleaned up"


def test_disk_full_while_writing(ws, monkeypatch):
    import errno

    _fault(monkeypatch, "fsync", errno.ENOSPC)
    (ws / "output" / "gov-party-group-party-building-2023.docx").write_bytes(b"old output")
    run(ws, "build", CONFIG, "--force", says=("无法写入", "磁盘空间已满"), unchanged=False)  # --force: replace it
    assert (ws / "output" / "gov-party-group-party-building-2023.docx").read_bytes() == b"old output"
    assert not list((ws / "output").glob(".*.tmp"))


def test_stale_temp_files_of_a_killed_build_are_removed(ws):
    stale = ws / "output" / ".gov-party-group-party-building-2023.docx.999999999.abc.tmp"
    stale.write_bytes(b"half")
    run(ws, "build", CONFIG, code=0, unchanged=False)
    assert not stale.exists()
    assert (ws / "output" / "gov-party-group-party-building-2023.docx").stat().st_size > 10000


# -- configs that are not files ------------------------------------------------------------------------
def test_config_is_a_fifo(ws):
    os.mkfifo(ws / "configs" / "管道.yaml")
    run(ws, "build", "configs/管道.yaml", says=("不是普通文件",))


def test_config_is_dev_zero(ws):
    run(ws, "build", "/dev/zero", says=("不是普通文件",))


def test_config_is_a_folder(ws):
    (ws / "configs" / "目录.yaml").mkdir()
    run(ws, "build", "configs/目录.yaml", says=("文件夹中没有配置文件",))


def test_config_too_large(ws):
    (ws / "configs" / "大.yaml").write_bytes(b"# " + b"x" * (3 * 1024 * 1024))
    run(ws, "build", "configs/大.yaml", says=("超过了 2 MB 的上限",))


def test_config_missing(ws):
    run(ws, "build", "configs/没有.yaml", says=("configs/没有.yaml", "文件不存在"))


def test_config_not_utf8(ws):
    (ws / "configs" / "gbk.yaml").write_bytes("kind: 工作要点\n".encode("gbk"))
    run(ws, "build", "configs/gbk.yaml", says=("不是 UTF-8 编码",))


# -- import: files from elsewhere ----------------------------------------------------------------------
def _docx_bytes(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


DOC = ("2023年工作要点", "全年工作的总体要求是：坚持稳中求进。", "一、加强建设", "1.完善制度。认真落实各项制度。")


def test_import_zip_bomb(ws, tmp_path):
    bomb = tmp_path / "炸弹.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (8 * 1024 * 1024))  # 8 MB of zeros: ~8 KB packed
    run(ws, "import", str(bomb), says=("炸弹.docx", "解压后过大"))


def test_import_truncated_docx(ws, tmp_path):
    data = _docx_bytes(*DOC)
    (tmp_path / "半截.docx").write_bytes(data[: len(data) // 2])
    run(ws, "import", str(tmp_path / "半截.docx"), says=("已损坏或不完整",))


def test_import_docx_with_broken_xml(ws, tmp_path):
    source = io.BytesIO(_docx_bytes(*DOC))
    target = tmp_path / "坏.docx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = data[: len(data) - 40]  # cut inside the XML
            dst.writestr(info, data)
    run(ws, "import", str(target), says=("已损坏或不完整",))


def test_import_spreadsheet_named_docx(ws, tmp_path):
    target = tmp_path / "表.docx"
    with zipfile.ZipFile(target, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    run(ws, "import", str(target), says=("这不是 Word 文档，而是Excel 表格",))


def test_import_text_named_docx(ws, tmp_path):
    (tmp_path / "文本.docx").write_text("\n".join(DOC), encoding="utf-8")
    run(ws, "import", str(tmp_path / "文本.docx"), says=("这不是 Word 文档（.docx）",))


def test_import_encrypted_or_old_doc(ws, tmp_path):
    (tmp_path / "加密.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    run(ws, "import", str(tmp_path / "加密.docx"), says=("加了密码", "另存为 .docx"))


def test_import_word_numbering_starting_at_a_huge_number(ws, tmp_path):
    from docx.oxml import parse_xml

    document = docx.Document()
    for text in DOC:
        document.add_paragraph(text)
    numbering = document.part.numbering_part.element
    numbering.append(parse_xml(
        '<w:abstractNum xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:abstractNumId="9">'
        '<w:lvl w:ilvl="0"><w:start w:val="1000000000000"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(
        '<w:num xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:numId="9">'
        '<w:abstractNumId w:val="9"/></w:num>'))
    p = document.paragraphs[2]._p
    p.get_or_add_pPr().append(parse_xml(
        '<w:numPr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:ilvl w:val="0"/><w:numId w:val="9"/></w:numPr>'))
    document.save(tmp_path / "编号.docx")
    out = run(ws, "import", str(tmp_path / "编号.docx"), code=0, unchanged=False)
    assert "已导入" in out


def test_import_picture_and_tracked_changes_are_reported(ws, tmp_path):
    from docx.oxml import parse_xml

    document = docx.Document()
    for text in DOC:
        document.add_paragraph(text)
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    p = document.paragraphs[3]._p
    p.append(parse_xml(f'<w:ins {w} w:id="1" w:author="领导" w:date="2023-01-01T00:00:00Z">'
                       f'<w:r><w:t>（新增）</w:t></w:r></w:ins>'))
    p.append(parse_xml(f'<w:del {w} w:id="2" w:author="领导" w:date="2023-01-01T00:00:00Z">'
                       f'<w:r><w:delText>删去的字</w:delText></w:r></w:del>'))
    p.append(parse_xml(f'<w:r {w}><w:pict/></w:r>'))
    document.save(tmp_path / "修订.docx")
    out = run(ws, "import", str(tmp_path / "修订.docx"), code=0, unchanged=False)
    assert "尚未接受或拒绝的修订" in out and "第4段：图片没有导入" in out
    config = (ws / "configs" / "修订.yaml").read_text(encoding="utf-8")
    assert "删去的字" not in config


def test_import_refuses_an_existing_name_and_leaves_everything(ws, tmp_path):
    (tmp_path / "a.txt").write_text("\n".join(DOC), encoding="utf-8")
    run(ws, "import", str(tmp_path / "a.txt"), "--name", "gov-integrity-2022", says=("已存在", "未做任何改动"))


def test_import_whose_second_write_fails_writes_nothing(ws, tmp_path, monkeypatch):
    """The block file is in place, then the config cannot be: the block file goes too."""
    import errno

    (tmp_path / "a.txt").write_text("\n".join(DOC[:2] + ("一、加强建设", "1.全新的内容。从来没有出现过的一段话。")),
                                    encoding="utf-8")
    _fault(monkeypatch, "rename", errno.EROFS, after=1)
    run(ws, "import", str(tmp_path / "a.txt"), "--name", "新", says=("无法写入", "未做任何改动", "只读"))
    assert not (ws / "blocks" / "imported" / "新").exists()
    assert not list(ws.rglob(".*.tmp")) and not list((ws / ".drafter").glob("*.json"))


def test_import_killed_between_its_two_writes_is_undone_next_time(ws, tmp_path):
    """A journal left by a dead process: the next import removes what it had put in place."""
    import json

    half = ws / "blocks" / "imported" / "半" / "半.yaml"
    half.parent.mkdir(parents=True)
    half.write_text("blocks: []\n", encoding="utf-8")
    (ws / ".drafter").mkdir()
    (ws / ".drafter" / "write-999999999.json").write_text(json.dumps({
        "pid": 999999999, "targets": [str(half), str(ws / "configs" / "半.yaml")],
        "temps": [str(half) + ".gone.tmp", str(ws / "configs" / ".半.yaml.999999999.x.tmp")]}), encoding="utf-8")
    (tmp_path / "半.txt").write_text("\n".join(DOC), encoding="utf-8")
    run(ws, "import", str(tmp_path / "半.txt"), code=0, unchanged=False)
    assert (ws / "configs" / "半.yaml").is_file()
    assert not list((ws / ".drafter").glob("write-*.json"))


# -- faults: interrupts, kills, two builds at once --------------------------------------------------
def _drafter() -> list[str]:
    import sys

    exe = Path(sys.executable).with_name("drafter")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "drafter"]


# From the moment drafter's own code runs (after the interpreter's start-up, ~40 ms here,
# which ends on Ctrl-C as Python decides), an interrupt gives a Chinese message.
@pytest.mark.parametrize("delay", [0.08, 0.12, 0.17, 0.22, 0.27, 0.35, 0.5])
def test_ctrl_c_at_any_moment_leaves_no_traceback_and_no_half_file(ws, delay):
    import signal
    import subprocess
    import time

    out = ws / "output" / "gov-party-group-party-building-2023.docx"
    out.write_bytes(b"old output")
    proc = subprocess.Popen([*_drafter(), "build", CONFIG, "--force"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert "Traceback" not in stderr and not ENGLISH.search(stderr), stderr
    if proc.returncode == 0:  # finished before the signal arrived
        assert out.read_bytes()[:2] == b"PK"
    else:
        assert proc.returncode in (1, 130), (proc.returncode, stderr)
        assert "中断" in stderr or "中止" in stderr, stderr
        assert out.read_bytes() in (b"old output",) or out.read_bytes()[:2] == b"PK"
    assert not list((ws / "output").glob(".*.tmp"))


def test_kill_9_mid_build_keeps_the_old_output(ws):
    import signal
    import subprocess
    import time

    out = ws / "output" / "gov-party-group-party-building-2023.docx"
    out.write_bytes(b"old output")
    for delay in (0.15, 0.3, 0.45):
        proc = subprocess.Popen([*_drafter(), "build", CONFIG, "--force"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        data = out.read_bytes()
        assert data == b"old output" or zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    # the next build cleans up whatever temp file a killed one left
    run(ws, "build", CONFIG, "--force", code=0, unchanged=False)
    assert not list((ws / "output").glob(".*.tmp"))


def test_two_builds_at_once_both_finish_with_a_whole_file(ws):
    import subprocess

    # each takes its turn from checking the output to recording it (drafter.outputs.one_writer): none
    # may find another's fresh file not yet recorded and refuse it as a hand edit
    for _ in range(2):
        procs = [subprocess.Popen([*_drafter(), "build", CONFIG], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for _ in range(4)]
        for proc in procs:
            _, stderr = proc.communicate(timeout=120)
            assert proc.returncode == 0, stderr
    out = ws / "output" / "gov-party-group-party-building-2023.docx"
    assert zipfile.ZipFile(out).testzip() is None
    assert docx.Document(str(out)).paragraphs[0].text.startswith("2023年")
    assert not list((ws / "output").glob(".*.tmp"))


# -- structure past the limits ----------------------------------------------------------------------
def test_items_nested_past_the_limit(ws):
    lines = ["kind: 工作要点", "sections:", "  - heading: {text: 甲}", "    items:"]
    indent = "      "
    for depth in range(10):
        lines += [f"{indent}- text: 第{depth + 1}层", f"{indent}  items:"]
        indent += "    "
    lines.append(f"{indent}- text: 末")
    (ws / "configs" / "深.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run(ws, "build", "configs/深.yaml", says=("configs/深.yaml 第21行", "条目嵌套超过 8 层的上限"))


def test_import_of_a_text_with_too_many_paragraphs(ws, tmp_path):
    (tmp_path / "长.txt").write_text("\n".join(f"第{i}段。" for i in range(20_001)), encoding="utf-8")
    run(ws, "import", str(tmp_path / "长.txt"), says=("超过 20000 段的上限",))


def test_import_of_a_docx_with_footnotes_reports_them(ws, tmp_path):
    source = io.BytesIO(_docx_bytes(*DOC))
    target = tmp_path / "脚注.docx"
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    footnotes = (f'<w:footnotes xmlns:w="{w}"><w:footnote w:type="separator" w:id="-1"><w:p/></w:footnote>'
                 f'<w:footnote w:id="1"><w:p><w:r><w:t>脚注的文字</w:t></w:r></w:p></w:footnote></w:footnotes>')
    rel = ('<Relationship Id="rIdFoot" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
           'footnotes" Target="footnotes.xml"/>')
    override = ('<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
                'officedocument.wordprocessingml.footnotes+xml"/>')
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", override.encode() + b"</Types>")
            dst.writestr(info, data)
        dst.writestr("word/footnotes.xml", footnotes)
    out = run(ws, "import", str(target), code=0, unchanged=False)
    assert "文档中的脚注没有导入" in out


# -- hostile YAML as a config, through the command --------------------------------------------------
def _alias_bomb() -> str:
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    return "kind: 工作要点\nvariables:\n" + "\n".join("  " + line for line in lines) + "\n"


def _deep_items(depth: int) -> str:
    text, indent = "kind: 工作要点\nsections:\n  - heading: {text: 甲}\n    items:\n", "      "
    for _ in range(depth):
        text += f"{indent}- text: 条目\n{indent}  items:\n"
        indent += "    "
    return text + f"{indent}- text: 末\n"


YAML_CASES = [
    ("tab", "kind: 工作要点\n\tvariables: {}\n", ("第2行", "制表符")),
    ("duplicate", "kind: 工作要点\nkind: 工作报告\n", ("第2行", "重复出现")),
    ("unclosed-quote", 'kind: "工作要点\n', ("引号没有闭合",)),
    ("bad-indent", "kind: 工作要点\nvariables:\n  年度: 2023\n   县名: 甲\n", ("第4行",)),
    ("alias-bomb", _alias_bomb(), ("超过", "上限")),
    ("deep", _deep_items(400), ("嵌套超过 64 层的上限",)),
    ("brackets", "kind: 工作要点\nvariables: " + "[" * 10000 + "\n", ("嵌套超过 64 层的上限",)),
    ("big-number", "kind: 工作要点\nvariables:\n  年度: " + "9" * 5000 + "\n", ("5000 位", "30 位的上限")),
    ("bad-date", "kind: 工作要点\nsignature: {issuer: 甲, date: 2023-02-29}\n", ("第2行", "日期")),
    ("nul", "kind: 工作要点\x00\n", ("控制字符",)),
    ("python-tag", "kind: !!python/object:os.system 工作要点\n", ("!!python/object",)),
    ("top-level-list", "- 工作要点\n", ("配置文件应是“键: 值”形式的映射",)),
    ("empty", "", ("配置文件应是“键: 值”形式的映射",)),
    ("nan-percent", "kind: 工作要点\ntargets: {地区生产总值增长率: .nan}\n", ()),
    ("self-reference", "kind: 工作要点\nvariables: &a {x: *a}\n", ()),
]


@pytest.mark.parametrize("name, text, says", YAML_CASES, ids=[c[0] for c in YAML_CASES])
def test_hostile_yaml_as_a_config(ws, name, text, says):
    import time

    (ws / "configs" / "坏.yaml").write_text(text, encoding="utf-8")
    start = time.perf_counter()
    out = run(ws, "build", "configs/坏.yaml", says=("configs/坏.yaml", *says))
    assert time.perf_counter() - start < 5, "bounded time"
    assert not (ws / "output" / "坏.docx").exists()
    assert len(out) < 20_000, "a message, not a dump"
