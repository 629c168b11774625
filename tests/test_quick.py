"""`drafter build CONFIG` in its plain forms runs without typer (drafter.quick), and does exactly
what the typer command does: the same files, the same lines on stdout and stderr, the same exit
codes. Every other form goes to the full command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from drafter.quick import parse

REPO = Path(__file__).resolve().parents[1]
CONFIG = "configs/gov-integrity-2023.yaml"

# runs drafter.entry.main with the given arguments; reports on stderr's last line whether typer was loaded
_SCRIPT = """
import sys
sys.argv = ["drafter", *sys.argv[1:]]
if sys.argv[1] == "--typer":  # the same arguments through the typer command (no front door)
    del sys.argv[1]
    from drafter.cli import main
else:
    from drafter.entry import main
try:
    main()
except SystemExit as e:
    code = e.code
else:
    code = 0
sys.stderr.write("\\n" + repr(("typer" in sys.modules, code)))
"""


def _run(args: list[str], cwd: Path, typer: bool = False) -> tuple[str, str, bool, int]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "100"}
    proc = subprocess.run([sys.executable, "-c", _SCRIPT, *(["--typer"] if typer else []), *args], cwd=cwd,
                          capture_output=True, text=True, env=env)
    stderr, _, last = proc.stderr.rpartition("\n")
    loaded, code = eval(last)  # noqa: S307 - our own repr above
    return proc.stdout, stderr, loaded, code


@pytest.fixture
def workspace(tmp_path):
    import shutil

    for name in ("blocks", "configs"):
        shutil.copytree(REPO / name, tmp_path / name)
    (tmp_path / "configs" / "缺值.yaml").write_text(
        "kind: 工作要点\nvariables: {年度: 2023}\npreamble:\n  - 总体要求/机关党建总体要求\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("args", [
    [CONFIG, "--draft"],
    ["--draft", CONFIG, "-o", "out/a.docx"],
    [CONFIG, "--draft", "--format=txt", "--output=a.txt"],
    [CONFIG, "-f", "md", "--draft", "--force"],
    [CONFIG],
    ["configs/缺值.yaml"],  # a missing value: refused, exit 2, what is missing and where
    ["configs/没有.yaml", "--draft"],  # no such file
    [CONFIG, "--draft", "-f", "odt"],  # an unknown format
    [CONFIG, "--draft", "-o", "configs"],  # the output is a folder
])
def test_a_plain_build_does_what_the_typer_command_does(workspace, args):
    plain = _run(["build", *args], workspace)
    made = sorted(p.relative_to(workspace) for p in workspace.rglob("*") if p.is_file())
    contents = {p: (workspace / p).read_bytes() for p in made if p.suffix in (".txt", ".md")}
    for p in made:
        if not str(p).startswith(("blocks", "configs")):
            (workspace / p).unlink()
    through_typer = _run(["build", *args], workspace, typer=True)
    assert through_typer[2] is True
    if plain[3] == 0:
        assert plain[2] is False  # built without loading typer (a failure is said in typer's red)
    assert plain[0] == through_typer[0] and plain[1] == through_typer[1] and plain[3] == through_typer[3]
    assert sorted(p.relative_to(workspace) for p in workspace.rglob("*") if p.is_file()) == made
    assert {p: (workspace / p).read_bytes() for p in contents} == contents
    assert "Traceback" not in plain[1]


@pytest.mark.parametrize("args", [
    ["build", "--help"], ["build", "-h"], ["build", CONFIG, "--watch"], ["build", CONFIG, "-j", "2"],
    ["build", CONFIG, CONFIG], ["build", "configs"], ["build"], ["build", CONFIG, "--draft", "--draft"],
    ["build", CONFIG, "-o"], ["build", CONFIG, "-o", "-x.docx"], ["build", CONFIG, "-oa.docx"],
    ["build", CONFIG, "--output="], ["build", CONFIG, "--"], ["build", CONFIG, "--drafts"], ["check", CONFIG],
    ["--help"], [], ["build", ""], ["Build", CONFIG],
])
def test_anything_else_goes_to_the_full_command_line(args):
    cwd = os.getcwd()
    try:
        os.chdir(REPO)
        assert parse(args) is None
    finally:
        os.chdir(cwd)


def test_the_forms_it_takes():
    assert parse(["build", CONFIG]) == {"config": Path(CONFIG), "output": None, "fmt": None, "draft": False,
                                        "force": False}
    assert parse(["build", "--force", "-f", "txt", CONFIG, "--output", "x.txt", "--draft"]) == {
        "config": Path(CONFIG), "output": Path("x.txt"), "fmt": "txt", "draft": True, "force": True}


def test_an_unusual_form_is_still_handled_by_typer(workspace):
    out, err, loaded, code = _run(["build", CONFIG, "--draft", "--draft"], workspace)
    assert loaded and code == 0 and "已生成" in out  # click takes a repeated flag; so does drafter
    out, err, loaded, code = _run(["build", CONFIG, "--drafts"], workspace)
    assert loaded and code == 2 and "--drafts" in err
