"""`drafter init`: a new office's workspace from the library shipped in the package."""

import subprocess
import sys
import zipfile

from typer.testing import CliRunner

from conftest import REPO
from drafter import render
from drafter.cli import app


def test_init_creates_a_workspace_that_builds(tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    target = tmp_path / "新单位"
    result = CliRunner().invoke(app, ["init", str(target)])
    assert result.exit_code == 0, result.output
    assert "试试：" in result.output and "gov-party-group-party-building-2023.yaml" in result.output
    for folder in ("blocks", "configs", "schemas", "templates", "output"):
        assert (target / folder).is_dir()
    shipped = sorted(p.relative_to(REPO / "blocks") for p in (REPO / "blocks").rglob("*.yaml"))
    assert sorted(p.relative_to(target / "blocks") for p in (target / "blocks").rglob("*.yaml")) == shipped
    assert sorted(p.name for p in (target / "configs").glob("*.yaml")) == sorted(
        [*(p.name for p in (REPO / "configs").glob("*-2023.yaml")), "gov-party-group-party-building-2023-notice.yaml"]
    )
    # the examples build in the new workspace, without --draft (the README's official-document example too)
    monkeypatch.chdir(target)
    built = render(target / "configs" / "gov-party-group-party-building-2023.yaml", fmt="txt")
    assert built.data.decode("utf-8").startswith("2023年县政府党组党建工作要点")
    notice = render(target / "configs" / "gov-party-group-party-building-2023-notice.yaml", fmt="txt")
    assert notice.data.decode("utf-8").startswith("中共永昌县人民政府党组文件")


def test_init_never_overwrites(tmp_path):
    target = tmp_path / "已有"
    (target / "configs").mkdir(parents=True)
    (target / "configs" / "我的.yaml").write_text("kind: 工作要点\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["init", str(target)])
    assert result.exit_code == 2
    assert "目标文件夹中已有 configs/，未做任何改动" in result.output
    assert sorted(p.name for p in target.rglob("*")) == ["configs", "我的.yaml"]


def test_the_wheel_carries_the_library(tmp_path):
    """Someone who pip-installs drafter without cloning must still get every block."""
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    (wheel,) = tmp_path.glob("drafter-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("blocks", "configs", "schemas"):
        for path in (REPO / folder).rglob("*"):
            if path.is_file():
                assert f"drafter/library/{folder}/{path.relative_to(REPO / folder).as_posix()}" in names
