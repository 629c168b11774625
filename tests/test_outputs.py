"""Hand edits are never lost: a rebuild does not overwrite an output changed since drafter wrote it."""

import shutil

import pytest
from typer.testing import CliRunner

from conftest import REPO
from drafter.cli import app

CONFIG = "configs/gov-integrity-2023.yaml"
OUT = "output/gov-integrity-2023.docx"


@pytest.fixture
def ws(tmp_path, monkeypatch):
    for name in ("blocks", "configs"):
        shutil.copytree(REPO / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def build(*args):
    return CliRunner().invoke(app, ["build", CONFIG, *args])


def test_rebuilding_an_untouched_output_just_writes_it(ws):
    assert build().exit_code == 0
    first = (ws / OUT).read_bytes()
    assert build().exit_code == 0
    assert (ws / OUT).read_bytes() == first and not (ws / "output" / ".history").exists()


def test_a_hand_edited_output_is_refused_then_kept_with_force(ws):
    assert build().exit_code == 0
    edited = (ws / OUT).read_bytes() + b"\0"  # any change counts: a leader typed into it
    (ws / OUT).write_bytes(edited)
    refused = build()
    assert refused.exit_code == 2
    assert "output/gov-integrity-2023.docx 在上次生成之后被修改过" in refused.output
    assert "drafter absorb configs/gov-integrity-2023.yaml output/gov-integrity-2023.docx" in refused.output
    assert "--force" in refused.output
    assert (ws / OUT).read_bytes() == edited  # untouched
    forced = build("--force")
    assert forced.exit_code == 0, forced.output
    [kept] = (ws / "output" / ".history").iterdir()
    assert kept.read_bytes() == edited and kept.name.startswith("gov-integrity-2023.") and kept.suffix == ".docx"
    assert "原文件有手工修改，已先保存到" in forced.output
    assert (ws / OUT).read_bytes()[:2] == b"PK"
    assert build().exit_code == 0  # and it is drafter's own again


def test_a_file_drafter_never_wrote_is_not_overwritten(ws):
    (ws / "output").mkdir(exist_ok=True)
    (ws / "output" / "mine.txt").write_text("我自己写的", encoding="utf-8")
    result = build("-o", "output/mine.txt")
    assert result.exit_code == 2 and "不是 drafter 生成的" in result.output
    assert (ws / "output" / "mine.txt").read_text(encoding="utf-8") == "我自己写的"


def test_a_failed_build_moves_nothing_to_history(ws):
    assert build().exit_code == 0
    (ws / OUT).write_bytes(b"edited")
    config = ws / CONFIG
    config.write_text(config.read_text(encoding="utf-8") + "sections: 坏\n", encoding="utf-8")
    assert build("--force").exit_code == 2
    assert (ws / OUT).read_bytes() == b"edited" and not (ws / "output" / ".history").exists()


def test_watch_rebuilds_when_the_config_or_a_block_changes(ws):
    """`drafter build --watch` as a user runs it: builds, proofreads, rebuilds on each change."""
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    exe = Path(sys.executable).with_name("drafter")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "drafter"]
    env = {**os.environ, "DRAFTER_WATCH_INTERVAL": "0.1", "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([*cmd, "build", CONFIG, "-f", "txt", "--watch"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=env)
    lines: list[str] = []

    def wait_for(text: str, count: int = 1) -> None:
        deadline = time.time() + 60
        while sum(text in line for line in lines) < count:
            assert time.time() < deadline, "\n".join(lines)
            lines.append(proc.stdout.readline().rstrip("\n"))

    try:
        wait_for("正在监视")
        out = ws / "output" / "gov-integrity-2023.txt"
        assert out.read_text(encoding="utf-8").startswith("2023年")
        config = ws / CONFIG
        config.write_text(config.read_text(encoding="utf-8").replace("年度: 2023", "年度: 2024"), encoding="utf-8")
        wait_for("正在监视", 2)
        assert out.read_text(encoding="utf-8").startswith("2024年")
        assert any("检测到修改" in line for line in lines)
        block = ws / "blocks" / "政治建设.yaml"
        block.write_text(block.read_text(encoding="utf-8").replace("始终把政治建设放在首位", "始终把政治建设放在首位,", 1),
                         encoding="utf-8")
        wait_for("正在监视", 3)
        assert any("punct.half-width" in line for line in lines)  # proofread after each build
        config.write_text(config.read_text(encoding="utf-8") + "sections: 坏\n", encoding="utf-8")
        wait_for("正在监视", 4)  # a broken config is reported and the watch goes on
        assert any("configs/gov-integrity-2023.yaml" in line and "重复出现" in line for line in lines)
    finally:
        proc.send_signal(signal.SIGINT)
        rest, _ = proc.communicate(timeout=30)
    assert "已停止监视" in rest and "Traceback" not in rest


def _keep(args):
    from drafter.outputs import keep_in_history

    barrier, root, output = args
    barrier.wait()  # all at once
    return keep_in_history(root, output)


def test_outputs_kept_at_the_same_moment_each_get_their_own_copy(tmp_path, monkeypatch):
    """Parallel builds (drafter build configs/) may keep several outputs of one name in the same
    second: each copy must survive, none overwrite another."""
    import datetime as dt
    import multiprocessing

    from drafter import outputs

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("needs fork to share the frozen clock with the workers")

    class Frozen(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return cls(2024, 1, 1, 9, 0, 0)

    monkeypatch.setattr(outputs.dt, "datetime", Frozen)  # every copy wants the same name
    originals = []
    for i in range(6):
        path = tmp_path / f"folder{i}" / "要点.docx"
        path.parent.mkdir()
        path.write_bytes(f"第{i}份".encode() * 1000)
        originals.append(path)
    context = multiprocessing.get_context("fork")
    with context.Manager() as manager:
        barrier = manager.Barrier(len(originals))
        with context.Pool(len(originals)) as pool:
            kept = pool.map(_keep, [(barrier, tmp_path, path) for path in originals])
    assert len(set(kept)) == len(originals)
    assert sorted(p.name for p in (tmp_path / "output" / ".history").iterdir()) == sorted(
        ["要点.20240101-090000.docx"] + [f"要点.20240101-090000-{n}.docx" for n in range(2, 7)])
    for original, copy in zip(originals, kept):
        assert copy.read_bytes() == original.read_bytes()
