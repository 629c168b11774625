"""The batch build (`drafter build configs/`, several configs): all built, a broken one among
good ones, the output folder, clashes, the process pool and the library loaded once per worker,
Ctrl-C, a worker that dies, and the progress display and summary table.

Every test works on copies of the real block library and configs in a tmp workspace."""

from __future__ import annotations

import io
import multiprocessing
import os
import shutil
import signal
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from conftest import REPO
from drafter import batch, batch_report
from drafter.batch import BROKEN, INTERRUPTED, Batch, BatchResult, Job, Outcome
from drafter.blocks import load_library as _real_load
from drafter.cli import app

# Configs that build as they are (no blanks): the good ones of every batch below.
GOOD = ("gov-integrity-2023", "gov-party-group-work-2023", "service-center-party-committee-2023")

_real_build_one = batch.build_one
FORKING = multiprocessing.get_start_method(allow_none=False) == "fork"


@pytest.fixture
def runner(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("DRAFTER_JOBS", "1")  # quicker where the pool is not the point; those tests give -j 2
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    return CliRunner()


@pytest.fixture
def ws(tmp_path, monkeypatch):
    """A workspace: the real block library and the good configs, as the current folder."""
    root = tmp_path / "ws"
    shutil.copytree(REPO / "blocks", root / "blocks")
    (root / "configs").mkdir()
    for name in GOOD:
        shutil.copy(REPO / "configs" / f"{name}.yaml", root / "configs")
    monkeypatch.chdir(root)
    return root


def good_args(names=GOOD) -> list[str]:
    return [f"configs/{name}.yaml" for name in names]


def row(stdout: str, config: str) -> str:
    """The first line of the summary table's row for *config* (the reason may go on below)."""
    lines = [line for line in stdout.splitlines() if line.startswith(f"│ {config} ")]
    assert len(lines) == 1, stdout
    return lines[0]


def rows_after(stdout: str, config: str) -> str:
    """The row of *config* with its continuation lines (a message of several lines)."""
    lines = stdout.splitlines()
    start = lines.index(row(stdout, config))
    out = [lines[start]]
    for line in lines[start + 1:]:
        if line.startswith(("├", "└")):
            break
        out.append(line)
    return "\n".join(out)


def assert_docx(path: Path) -> None:
    assert path.is_file(), path
    assert any(p.text.strip() for p in docx.Document(str(path)).paragraphs)


def break_yaml(root: Path, name: str = "坏") -> Path:
    bad = root / "configs" / f"{name}.yaml"
    bad.write_text("kind: 工作要点\nsections:\n  - heading: [\n", encoding="utf-8")
    return bad


def unknown_block(root: Path, name: str = "未知块") -> tuple[Path, int]:
    text = (root / "configs" / "gov-integrity-2023.yaml").read_text(encoding="utf-8")
    assert "      - 纪律建设/从严落实纪律规矩\n" in text
    config = root / "configs" / f"{name}.yaml"
    config.write_text(text.replace("纪律建设/从严落实纪律规矩", "纪律建设/没有这个块", 1), encoding="utf-8")
    line = text.splitlines().index("      - 纪律建设/从严落实纪律规矩") + 1
    return config, line


# -- the command line -------------------------------------------------------------------------------
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_all_good_configs_built(runner, ws, jobs):
    result = runner.invoke(app, ["build", *good_args(), "-j", jobs])
    assert result.exit_code == 0, result.output
    for name in GOOD:
        assert_docx(ws / "output" / f"{name}.docx")
        assert f"output/{name}.docx" in row(result.stdout, f"configs/{name}.yaml")
        assert "已生成" in row(result.stdout, f"configs/{name}.yaml")
    assert "共 3 份：3 份已生成" in result.stdout
    assert "未生成" not in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_yaml_error_among_good_ones(runner, ws, jobs):
    break_yaml(ws)
    args = ["configs/坏.yaml", *good_args()]
    result = runner.invoke(app, ["build", *args, "-j", jobs])
    assert result.exit_code == 1, result.output
    for name in GOOD:
        assert_docx(ws / "output" / f"{name}.docx")
        assert "已生成" in row(result.stdout, f"configs/{name}.yaml")
    bad = row(result.stdout, "configs/坏.yaml")
    assert "未生成" in bad
    assert "configs/坏.yaml 第4行第1列：YAML 格式错误" in bad  # the reason whole, with file and line
    assert not (ws / "output" / "坏.docx").exists()
    assert "共 4 份：3 份已生成，1 份未生成" in result.stdout
    # the rows in the order the configs were given, whatever order they finished in
    order = [line.split("│")[1].strip() for line in result.stdout.splitlines()
             if line.startswith("│") and line.split("│")[1].strip()]
    assert order == args
    assert "Traceback" not in result.output


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_unknown_block_among_good_ones(runner, ws, jobs):
    _, line = unknown_block(ws)
    result = runner.invoke(app, ["build", *good_args(), "configs/未知块.yaml", "-j", jobs])
    assert result.exit_code == 1, result.output
    for name in GOOD:
        assert_docx(ws / "output" / f"{name}.docx")
    shown = rows_after(result.stdout, "configs/未知块.yaml")
    assert "未生成" in shown
    assert f"configs/未知块.yaml 第{line}行" in shown
    assert "块库中没有编号为「纪律建设/没有这个块」的块" in shown
    assert not (ws / "output" / "未知块.docx").exists()


def test_a_folder(runner, ws):
    (ws / "configs" / "_草稿.yaml").write_text("not: [a config\n", encoding="utf-8")  # skipped: starts with _
    (ws / "configs" / "旧").mkdir()
    (ws / "configs" / "旧" / "坏.yaml").write_text("kind: [\n", encoding="utf-8")  # a subfolder: not built
    result = runner.invoke(app, ["build", "configs"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (ws / "output").glob("*.docx")) == sorted(f"{n}.docx" for n in GOOD)
    assert "共 3 份：3 份已生成" in result.stdout
    assert "_草稿" not in result.stdout and "旧" not in result.stdout


def test_an_empty_folder(runner, ws):
    (ws / "空").mkdir()
    result = runner.invoke(app, ["build", "空/"])
    assert result.exit_code == 2
    assert "文件夹中没有配置文件（.yaml）" in result.output
    assert not (ws / "output").exists()


def test_output_folder_gets_each_config_by_name(runner, ws):
    result = runner.invoke(app, ["build", "configs/", "-o", "出件/2023"])
    assert result.exit_code == 0, result.output
    for name in GOOD:
        assert_docx(ws / "出件" / "2023" / f"{name}.docx")
        assert f"出件/2023/{name}.docx" in row(result.stdout, f"configs/{name}.yaml")
    assert not (ws / "output" / "gov-integrity-2023.docx").exists()


@pytest.mark.parametrize("target, reason", [("已有.txt", "是一个已有的文件"), ("要点.docx", "看起来是文件名")])
def test_output_must_be_a_folder(runner, ws, target, reason):
    if target == "已有.txt":
        (ws / target).write_text("别动", encoding="utf-8")
    before = sorted(p.relative_to(ws) for p in ws.rglob("*"))
    result = runner.invoke(app, ["build", *good_args(), "-o", target])
    assert result.exit_code == 2
    assert f"生成多份文件时，-o 须是文件夹，「{target}」{reason}" in result.output
    assert "Traceback" not in result.output
    assert sorted(p.relative_to(ws) for p in ws.rglob("*")) == before  # nothing written
    if target == "已有.txt":
        assert (ws / target).read_text(encoding="utf-8") == "别动"


def test_same_name_in_two_folders_both_refused(runner, ws):
    for folder in ("甲", "乙"):
        (ws / "configs" / folder).mkdir()
        shutil.copy(ws / "configs" / "gov-integrity-2023.yaml", ws / "configs" / folder / "同名.yaml")
    args = ["configs/甲/同名.yaml", "configs/乙/同名.yaml", "configs/gov-party-group-work-2023.yaml"]
    result = runner.invoke(app, ["build", *args, "-j", "2"])
    assert result.exit_code == 1, result.output
    assert not (ws / "output" / "同名.docx").exists()  # refused, not raced
    assert_docx(ws / "output" / "gov-party-group-work-2023.docx")  # the others go on
    for config in args[:2]:
        shown = row(result.stdout, config)
        assert "未生成" in shown
        assert shown.split("│")[3].strip() == ("configs/甲/同名.yaml、configs/乙/同名.yaml 都要写到 output/同名.docx，"
                                               "为免互相覆盖，都未生成，请把其中一份改名，或分别生成，用 -o 给出不同的文件名")
    assert "共 3 份：1 份已生成，2 份未生成" in result.stdout
    into = runner.invoke(app, ["build", *args, "-o", "出件"])  # an output folder: the same clash
    assert into.exit_code == 1, into.output
    assert not (ws / "出件" / "同名.docx").exists()
    assert "--output：configs/甲/同名.yaml、configs/乙/同名.yaml 都要写到 出件/同名.docx" in row(into.stdout, args[0])


def test_the_same_config_twice_is_built_once(runner, ws):
    config = "configs/gov-integrity-2023.yaml"
    result = runner.invoke(app, ["build", config, str(ws / config), "-f", "txt"])
    assert result.exit_code == 0, result.output
    assert "共 1 份：1 份已生成" in result.stdout


def test_jobs_1_builds_here_without_a_pool_and_2_in_a_pool_alike(runner, ws, monkeypatch):
    break_yaml(ws)
    args = ["build", *good_args(), "configs/坏.yaml"]

    class NoPool:
        def __init__(self, *a, **k):
            raise AssertionError("-j 1 must not start a pool")

    with monkeypatch.context() as m:
        m.setattr(batch, "ProcessPoolExecutor", NoPool)
        one = runner.invoke(app, [*args, "-j", "1", "-o", "j1"])
    assert one.exit_code == 1, one.output

    def not_here(*a, **k):
        raise AssertionError("-j 2 must build in the pool")

    with monkeypatch.context() as m:
        m.setattr(batch, "_run_here", not_here)
        two = runner.invoke(app, [*args, "-j", "2", "-o", "j2"])
    assert two.exit_code == 1, two.output
    for name in GOOD:
        assert (ws / "j1" / f"{name}.docx").read_bytes() == (ws / "j2" / f"{name}.docx").read_bytes()
    assert sorted(p.name for p in (ws / "j1").iterdir()) == sorted(p.name for p in (ws / "j2").iterdir())
    assert one.stdout.replace("j1/", "j2/") == two.stdout


def test_drafter_jobs_from_the_environment(runner, ws, monkeypatch):
    monkeypatch.setenv("DRAFTER_JOBS", "abc")
    result = runner.invoke(app, ["build", *good_args()])
    assert result.exit_code == 2
    assert "环境变量 DRAFTER_JOBS 的值「abc」不是正整数" in result.output
    assert not (ws / "output").exists()
    monkeypatch.setenv("DRAFTER_JOBS", "1")
    monkeypatch.setattr(batch, "ProcessPoolExecutor", None)  # 1: no pool
    result = runner.invoke(app, ["build", *good_args()])
    assert result.exit_code == 0, result.output


def test_jobs_must_be_positive(runner, ws):
    result = runner.invoke(app, ["build", *good_args(), "-j", "0"])
    assert result.exit_code == 2
    assert "--jobs 须是正整数" in result.output
    assert not (ws / "output").exists()


def test_watch_takes_one_config(runner, ws):
    result = runner.invoke(app, ["build", *good_args(), "--watch"])
    assert result.exit_code == 2
    assert "--watch 只能监视一份配置" in result.output
    assert not (ws / "output").exists()


def test_txt_batch_matches_single_builds(runner, ws):
    result = runner.invoke(app, ["build", "configs", "-f", "txt", "-j", "2"])
    assert result.exit_code == 0, result.output
    for name in GOOD:
        single = runner.invoke(app, ["build", f"configs/{name}.yaml", "-o", f"单/{name}.txt"])
        assert single.exit_code == 0, single.output
        batch_txt = (ws / "output" / f"{name}.txt").read_bytes()
        assert batch_txt == (ws / "单" / f"{name}.txt").read_bytes()
        assert batch_txt.decode("utf-8").strip()
    assert not list((ws / "output").glob("*.docx"))


def test_hand_edited_output_refused_in_a_batch(runner, ws):
    """The hand-edit guard works per config in a batch: that one is refused, the others rebuilt."""
    assert runner.invoke(app, ["build", *good_args()]).exit_code == 0
    edited = ws / "output" / "gov-integrity-2023.docx"
    edited.write_bytes(b"typed into by hand")
    result = runner.invoke(app, ["build", *good_args(), "-j", "2"])
    assert result.exit_code == 1
    assert "未生成" in row(result.stdout, "configs/gov-integrity-2023.yaml")
    assert edited.read_bytes() == b"typed into by hand"
    forced = runner.invoke(app, ["build", *good_args(), "-j", "2", "--force"])
    assert forced.exit_code == 0, forced.output
    assert "原文件有手工修改，已先保存到 output/.history/" in forced.stdout
    [kept] = (ws / "output" / ".history").iterdir()
    assert kept.read_bytes() == b"typed into by hand"


# -- the pool and the library, in this process and in the workers ----------------------------------
def _counting_loads(monkeypatch, record: list):
    import drafter.blocks

    real = drafter.blocks.load_library

    def counted(root, *a, **k):
        record.append(Path(root))
        return real(root, *a, **k)

    monkeypatch.setattr(drafter.blocks, "load_library", counted)


def test_run_here_loads_each_library_once(ws, tmp_path, monkeypatch):
    other = tmp_path / "另一个"
    shutil.copytree(ws, other)
    loads: list[Path] = []
    _counting_loads(monkeypatch, loads)
    jobs = [Job(ws / "configs" / f"{n}.yaml") for n in GOOD] + [Job(other / "configs" / f"{n}.yaml") for n in GOOD]
    done, interrupted = batch._run_here(jobs, {"fmt": "txt", "draft": False, "force": False}, lambda o: None)
    assert not interrupted and all(o.ok for o in done), [o.error for o in done]
    assert loads == [ws.resolve(), other.resolve()]
    assert all(o.path.is_file() for o in done)


def test_a_broken_library_is_loaded_once_and_reported_for_each(ws, monkeypatch):
    (ws / "blocks" / "坏块.yaml").write_text("- id: [\n", encoding="utf-8")
    loads: list[Path] = []
    _counting_loads(monkeypatch, loads)
    libraries: dict = {}
    outcomes = [batch.build_one(Job(ws / "configs" / f"{n}.yaml"), "docx", False, False, libraries) for n in GOOD]
    assert len(loads) == 1
    assert all(not o.ok and "blocks/坏块.yaml" in o.error for o in outcomes)
    assert len({o.error for o in outcomes}) == 1


def test_worker_initializer_loads_the_library_for_the_builds(ws, monkeypatch):
    """What a worker does, run here: the initializer loads the library, every build uses it."""
    loads: list[Path] = []
    _counting_loads(monkeypatch, loads)
    monkeypatch.setattr(batch, "_worker_libraries", {})
    previous = signal.getsignal(signal.SIGINT)
    try:
        batch._init_worker([ws.resolve()])
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN  # Ctrl-C is the parent's to handle
    finally:
        signal.signal(signal.SIGINT, previous)
    assert loads == [ws.resolve()]
    for name in GOOD:
        outcome = batch.build_one(Job(ws / "configs" / f"{name}.yaml"), "docx", False, False)
        assert outcome.ok, outcome.error
        assert_docx(outcome.path)
    assert loads == [ws.resolve()]


def test_worker_initializer_survives_any_error(ws, monkeypatch):
    """An initializer that raises would break the pool: every config would be reported as crashed."""
    import drafter.blocks

    def fails(root):
        raise PermissionError(13, "Permission denied", str(root / "blocks"))

    monkeypatch.setattr(drafter.blocks, "load_library", fails)
    monkeypatch.setattr(batch, "_worker_libraries", {})
    previous = signal.getsignal(signal.SIGINT)
    try:
        batch._init_worker([ws.resolve()])
    finally:
        signal.signal(signal.SIGINT, previous)
    outcome = batch.build_one(Job(ws / "configs" / "gov-integrity-2023.yaml"), "docx", False, False)
    assert not outcome.ok and "文件操作失败" in outcome.error and "blocks" in outcome.error


def _record_load(root, *a, **k):
    """load_library in a forked worker: leaves one file per load, named by the process."""
    import uuid

    marks = Path(os.environ["DRAFTER_TEST_LOADS"])
    (marks / f"{os.getpid()}-{uuid.uuid4().hex}").touch()
    return _real_load(root, *a, **k)


@pytest.mark.skipif(not FORKING, reason="the workers see this process's patches only when forked")
def test_pool_workers_load_the_library_once_each(ws, tmp_path, monkeypatch):
    import drafter.blocks

    marks = tmp_path / "loads"
    marks.mkdir()
    monkeypatch.setenv("DRAFTER_TEST_LOADS", str(marks))
    monkeypatch.setattr(drafter.blocks, "load_library", _record_load)
    for i in range(5):  # more configs than workers: each worker builds several
        shutil.copy(ws / "configs" / "gov-integrity-2023.yaml", ws / "configs" / f"副本{i}.yaml")
    plan = batch.plan([ws / "configs"], fmt="txt")
    assert len(plan.jobs) == 8
    result = batch.run(plan, workers=2)
    assert result.exit_code == 0, [o.error for o in result.failed]
    assert all(o.path.is_file() for o in result.outcomes)
    pids = [name.split("-")[0] for name in os.listdir(marks)]
    assert 1 <= len(pids) <= 2 and len(set(pids)) == len(pids)  # once per worker
    assert str(os.getpid()) not in pids  # not here: in the workers


def _crash_on(job, *a, **k):
    """build_one in a worker, except that the config named 崩溃 kills its process."""
    if job.config.stem == "崩溃":
        os._exit(70)
    return _real_build_one(job, *a, **k)


@pytest.mark.skipif(not FORKING, reason="the workers see this process's patches only when forked")
def test_a_worker_that_dies_takes_only_its_own_config(ws, monkeypatch):
    shutil.copy(ws / "configs" / "gov-integrity-2023.yaml", ws / "configs" / "崩溃.yaml")
    for i in range(4):
        shutil.copy(ws / "configs" / "gov-integrity-2023.yaml", ws / "configs" / f"副本{i}.yaml")
    monkeypatch.setattr(batch, "build_one", _crash_on)
    seen: list[Outcome] = []
    result = batch.run(batch.plan([ws / "configs"], fmt="txt"), workers=2, on_done=seen.append)
    assert result.exit_code == 1 and not result.interrupted
    [crashed] = result.failed
    assert crashed.job.config.name == "崩溃.yaml" and crashed.error == BROKEN
    assert len([o for o in result.outcomes if o.ok]) == 7
    assert all(o.path.is_file() for o in result.outcomes if o.ok)
    assert sorted(o.job.config.name for o in seen) == sorted(o.job.config.name for o in result.outcomes)


@pytest.mark.parametrize("workers", [1, 2])
def test_ctrl_c_keeps_what_was_built_and_reports_the_rest(ws, workers):
    for i in range(6):
        shutil.copy(ws / "configs" / "gov-integrity-2023.yaml", ws / "configs" / f"副本{i}.yaml")
    plan = batch.plan([ws / "configs"])
    calls = []

    def interrupt_once(outcome):
        calls.append(outcome)
        if len(calls) == 1:
            raise KeyboardInterrupt

    result = batch.run(plan, workers=workers, on_done=interrupt_once)
    assert result.interrupted and result.exit_code == 130
    assert len(result.outcomes) == len(plan.configs) == 9
    built = [o for o in result.outcomes if o.ok]
    assert built and all(o.error == INTERRUPTED for o in result.outcomes if not o.ok)
    if workers == 1:
        assert len(built) == 1  # stopped after the first
    for outcome in built:
        assert_docx(outcome.path)
    output = ws / "output"
    assert sorted(p.name for p in output.glob("*.docx")) == sorted(o.path.name for o in built)
    assert not [p for p in output.iterdir() if p.is_file() and p.suffix != ".docx"]  # no temp file left
    assert "已中断" in batch_report.summary_line(result)


def test_an_internal_error_stops_only_its_config(ws, monkeypatch):
    """A bug met by one config (here: a writer that raises) is reported for it; the rest go on, also with -j 1."""
    import drafter.builder

    real = drafter.builder.build

    def buggy(config, **k):
        if Path(config).stem == "gov-party-group-work-2023":
            raise ZeroDivisionError("division by zero")
        return real(config, **k)

    monkeypatch.setattr(drafter.builder, "build", buggy)
    result = batch.run(batch.plan([ws / "configs"]), workers=1)
    assert result.exit_code == 1
    [failed] = result.failed
    assert failed.error == "内部错误（请报告）：ZeroDivisionError: division by zero"
    assert len([o for o in result.outcomes if o.ok]) == 2


# -- the display --------------------------------------------------------------------------------------
def _result(ws: Path) -> BatchResult:
    long_reason = "configs/坏.yaml 第4行第1列：YAML 格式错误：此处缺少值，" + "请检查缩进、冒号后的空格和引号是否成对" * 6
    return BatchResult([
        Outcome(Job(Path("configs/a.yaml")), path=ws / "output" / "a.docx", blanks=3),
        Outcome(Job(Path("configs/坏.yaml")), error=long_reason),
        Outcome(Job(Path("configs/c.yaml")), path=ws / "output" / "c.docx",
                kept=ws / "output" / ".history" / "c.20240101-000000.docx"),
    ])


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_progress_bar_when_not_a_terminal(ws, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")  # as CI services set it: still a log, no bar in it
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    log = io.StringIO()
    result = _result(ws)
    with batch_report.ProgressDisplay(len(result.outcomes), file=log) as show:
        for outcome in result.outcomes:
            show.done(outcome)
            show.tick()
    assert log.getvalue() == ""
    batch_report.print_summary(result, log)
    text = log.getvalue()
    assert "正在生成" not in text and "\r" not in text
    assert "已生成" in row(text, "configs/a.yaml") and "output/a.docx" in row(text, "configs/a.yaml")
    assert "3处" in row(text, "configs/a.yaml")
    assert result.outcomes[1].error in row(text, "configs/坏.yaml")  # unwrapped: can be searched and copied
    assert "未生成" in row(text, "configs/坏.yaml")
    assert "原文件有手工修改，已先保存到 output/.history/c.20240101-000000.docx" in text
    assert "共 3 份：2 份已生成，1 份未生成" in text.splitlines()[-1]  # in red: FORCE_COLOR asks for colours


def test_progress_bar_on_a_terminal(ws, monkeypatch):
    for name in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TERM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "120")
    terminal = _Tty()
    result = _result(ws)
    with batch_report.ProgressDisplay(len(result.outcomes), file=terminal) as show:
        show.done(result.outcomes[0])
        show.done(result.outcomes[1])
    drawn = terminal.getvalue()
    assert "正在生成" in drawn and "2/3" in drawn and "失败 1" in drawn


def test_progress_bar_is_not_redrawn_for_every_quick_build(ws, monkeypatch):
    """Hundreds of quick builds: the bar is redrawn a few times a second, not once per build
    (that cost the main process more than handing out the work); a failure shows at once."""
    for name in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TERM"):
        monkeypatch.delenv(name, raising=False)
    result = _result(ws)
    ok = next(o for o in result.outcomes if o.ok)
    bad = next(o for o in result.outcomes if not o.ok)
    with batch_report.ProgressDisplay(201, file=_Tty()) as show:
        redraws = []
        monkeypatch.setattr(show._progress, "refresh", lambda: redraws.append(1))
        for _ in range(200):
            show.done(ok)
        quick = len(redraws)
        show.done(bad)
    assert 1 <= quick < 50, quick
    assert len(redraws) == quick + 1, "a failure is drawn at once"


def test_summary_line():
    ok = Outcome(Job(Path("a.yaml")), path=Path("a.docx"))
    bad = Outcome(Job(Path("b.yaml")), error="坏")
    assert batch_report.summary_line(BatchResult([ok, ok])) == "共 2 份：2 份已生成"
    assert batch_report.summary_line(BatchResult([ok, bad])) == "共 2 份：1 份已生成，1 份未生成"
    assert BatchResult([ok, bad]).exit_code == 1 and BatchResult([ok]).exit_code == 0


# -- planning ---------------------------------------------------------------------------------------
def test_is_batch(ws):
    assert not batch.is_batch([Path("configs/gov-integrity-2023.yaml")])
    assert batch.is_batch([Path("configs")])
    assert batch.is_batch([Path("configs/gov-integrity-2023.yaml"), Path("configs/gov-party-group-work-2023.yaml")])


def test_worker_count(monkeypatch):
    monkeypatch.delenv("DRAFTER_JOBS", raising=False)
    assert batch.worker_count(8, 3) == 3  # never more than the configs
    assert batch.worker_count(2, 10) == 2
    assert batch.worker_count(None, 1000) == len(os.sched_getaffinity(0))
    assert batch.worker_count(None, 0) == 1
    monkeypatch.setenv("DRAFTER_JOBS", " 3 ")
    assert batch.worker_count(None, 10) == 3
    assert batch.worker_count(1, 10) == 1  # -j before the environment
    for bad in ("0", "-1", "2.5", "abc"):
        monkeypatch.setenv("DRAFTER_JOBS", bad)
        with pytest.raises(batch.DrafterError, match="DRAFTER_JOBS"):
            batch.worker_count(None, 10)


def test_a_missing_config_fails_alone(runner, ws):
    result = runner.invoke(app, ["build", *good_args(), "configs/没有.yaml"])
    assert result.exit_code == 1
    assert "文件不存在" in row(result.stdout, "configs/没有.yaml")
    for name in GOOD:
        assert_docx(ws / "output" / f"{name}.docx")


def test_plan_keeps_order_and_outputs(ws):
    plan = batch.plan([Path("configs/gov-party-group-work-2023.yaml"), Path("configs")], fmt="md", output=Path("出"))
    assert isinstance(plan, Batch) and plan.fmt == "md" and not plan.refused
    assert [c.name for c in plan.configs] == ["gov-party-group-work-2023.yaml", "gov-integrity-2023.yaml",
                                              "service-center-party-committee-2023.yaml"]
    assert [j.output for j in plan.jobs] == [Path("出") / f"{c.stem}.md" for c in plan.configs]
