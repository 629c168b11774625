""".doc, .wps and .rtf: converted to .docx by LibreOffice, then read as .docx.

The conversions need LibreOffice and are skipped without it (a failure with
DRAFTER_REQUIRE_RENDER=1). A missing, failing or hanging LibreOffice is played by stand-in
programs, so those tests run everywhere.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import REPO, output_lines
from test_pdf import _stand_in  # a shell script in place of soffice
from drafter import render
from drafter import soffice as lo
from drafter.cli import app
from drafter.errors import ReadError
from drafter.readers import read_path
from drafter.writers.txt import text_lines

CONFIGS = ["county-party-building-report-2023", "gov-party-group-work-2022"]
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504  # the start of a Word 97–2003 (or WPS) file


def lines_of(result) -> list[str]:
    return [line.strip() for line in text_lines(result.document) if line.strip()]


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    for name in ("blocks", "configs", "schemas"):
        shutil.copytree(REPO / name, tmp_path / "ws" / name)
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(temp))  # to see that nothing is left behind
    monkeypatch.chdir(tmp_path / "ws")
    monkeypatch.delenv("DRAFTER_SOFFICE", raising=False)
    monkeypatch.delenv("DRAFTER_PDF_TIMEOUT", raising=False)
    return tmp_path / "ws"


def run_import(path: Path, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(app, ["import", str(path), *args])
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result.output


@pytest.fixture(scope="module")
def old_formats(tmp_path_factory) -> Path:
    """Example configs built to .docx by drafter, then saved by LibreOffice as .doc and .rtf;
    each .doc copied to .wps (WPS Writer's own files are Word 97 files inside)."""
    try:
        soffice = lo.find()
    except lo.NotFound:
        from test_render import skip_or_fail

        skip_or_fail("LibreOffice (soffice) is not on PATH: apt-get install libreoffice-writer-nogui")
    work = tmp_path_factory.mktemp("old-formats")
    for name in CONFIGS:
        (work / f"{name}.docx").write_bytes(render(REPO / "configs" / f"{name}.yaml", fmt="docx", draft=True).data)
    for target in ("doc:MS Word 97", "rtf"):
        subprocess.run([soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                        "--convert-to", target, "--outdir", str(work), *[str(work / f"{n}.docx") for n in CONFIGS]],
                       check=True, capture_output=True, timeout=600)
    for name in CONFIGS:
        shutil.copy(work / f"{name}.doc", work / f"{name}.wps")
    return work


@pytest.mark.render
@pytest.mark.parametrize("name", CONFIGS)
@pytest.mark.parametrize("kind", ["doc", "wps", "rtf"])
def test_old_formats_read_like_the_docx(name, kind, old_formats):
    old = old_formats / f"{name}.{kind}"
    assert old.read_bytes()[:5] in (OLE[:5], b"{\\rtf")
    result = read_path(old)
    assert lines_of(result) == lines_of(read_path(old_formats / f"{name}.docx"))
    assert result.source == str(old)


@pytest.mark.render
def test_import_a_doc_through_the_cli(old_formats, workspace, tmp_path):
    source = tmp_path / "去年的要点.doc"
    shutil.copy(old_formats / f"{CONFIGS[0]}.doc", source)
    out = run_import(source, "--name", "去年")
    assert "configs/去年.yaml" in out
    rebuilt = output_lines(render(workspace / "configs" / "去年.yaml", fmt="txt", draft=True).data)
    assert rebuilt == lines_of(read_path(old_formats / f"{CONFIGS[0]}.docx"))
    assert not list((tmp_path / "tmp").iterdir())  # the converted .docx and the profile are gone


def test_a_docx_named_doc_is_read_without_libreoffice(workspace, tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFTER_SOFFICE", "/opt/没有/soffice")  # not needed, so not looked for
    source = tmp_path / "其实是docx.doc"
    source.write_bytes(render(REPO / "configs" / f"{CONFIGS[1]}.yaml", fmt="docx", draft=True).data)
    expected = output_lines(render(REPO / "configs" / f"{CONFIGS[1]}.yaml", fmt="txt", draft=True).data)
    assert lines_of(read_path(source)) == expected


@pytest.mark.parametrize("kind", ["doc", "wps", "rtf"])
def test_not_a_word_file(kind, tmp_path):
    source = tmp_path / f"假的.{kind}"
    source.write_text("一、这其实是纯文本\n", encoding="utf-8")
    with pytest.raises(ReadError) as err:
        read_path(source)
    assert "文件内容不是 Word 或 WPS 文档的格式" in str(err.value)
    assert "另存为” .docx" in str(err.value)


def test_no_libreoffice_on_path(workspace, tmp_path, monkeypatch):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    source = tmp_path / "旧.doc"
    source.write_bytes(OLE)
    out = run_import(source, code=2)
    assert out.startswith(f"{source}：导入旧版 Word 文档（.doc）需要 LibreOffice 把它转换为 .docx，但没有找到它（soffice），"
                          "请在 Word 或 WPS 中打开，“另存为” .docx 后再导入；或者安装 LibreOffice：")
    assert "sudo apt-get install libreoffice-writer-nogui" in out and "DRAFTER_SOFFICE" in out
    wps = tmp_path / "旧.wps"
    wps.write_bytes(OLE)
    assert "导入WPS 文档（.wps）需要 LibreOffice" in run_import(wps, code=2)
    assert "请在 WPS 中打开，“另存为” .docx 后再导入" in run_import(wps, code=2)
    assert not list((workspace / "configs").glob("旧*"))


def test_drafter_soffice_pointing_nowhere(workspace, tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFTER_SOFFICE", "/opt/没有/soffice")
    source = tmp_path / "旧.doc"
    source.write_bytes(OLE)
    out = run_import(source, code=2)
    assert "环境变量 DRAFTER_SOFFICE 指向的「/opt/没有/soffice」不存在或不能运行，无法导入旧版 Word 文档（.doc）" in out
    assert "另存为” .docx" in out


def test_libreoffice_failing(workspace, tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFTER_SOFFICE", str(_stand_in(tmp_path, "echo 'Error: source file could not be loaded'; exit 1")))
    source = tmp_path / "坏的.doc"
    source.write_bytes(OLE)
    out = run_import(source, code=2)
    assert "LibreOffice 未能把文件转换为 .docx（退出码 1），未导入（LibreOffice 的输出：Error: source file could not be loaded）" in out
    assert "文件可能已损坏或设了密码" in out
    assert not list((tmp_path / "tmp").iterdir())


def test_libreoffice_making_nothing(workspace, tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFTER_SOFFICE", str(_stand_in(tmp_path, "exit 0")))
    source = tmp_path / "坏的.rtf"
    source.write_bytes(b"{\\rtf1 broken")
    out = run_import(source, code=2)
    assert "LibreOffice 未能把文件转换为 .docx（退出码 0），未导入" in out


def test_libreoffice_hanging_is_stopped(workspace, tmp_path, monkeypatch):
    pid_file = tmp_path / "pid"
    monkeypatch.setenv("DRAFTER_SOFFICE", str(_stand_in(tmp_path, f"sleep 60 & echo $! > {pid_file}; wait")))
    monkeypatch.setenv("DRAFTER_PDF_TIMEOUT", "1")
    source = tmp_path / "有密码.doc"
    source.write_bytes(OLE)
    started = time.monotonic()
    out = run_import(source, code=2)
    assert time.monotonic() - started < 30
    assert "LibreOffice 在 1 秒内没有把文件转换为 .docx，已停止它，未导入" in out
    assert "DRAFTER_PDF_TIMEOUT" in out
    child = int(pid_file.read_text())
    for _ in range(50):
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        if Path(f"/proc/{child}/stat").read_text().split(") ")[1].startswith("Z"):
            break
        time.sleep(0.1)
    else:
        pytest.fail("the stand-in's child is still running")
    assert not list((tmp_path / "tmp").iterdir())
