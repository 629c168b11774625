"""The YAML disk cache: a hit gives the same data, any change misses, and nothing wrong with the
cache ever breaks a load or shows the user an error."""

from __future__ import annotations

import errno
import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from drafter import cache
from drafter.blocks import TEMPLATE_NAMES, load_library
from drafter.errors import DrafterError
from drafter.yamlio import Pos, load_yaml_file, read_yaml_file

REPO = Path(__file__).resolve().parent.parent
TEXT = "# 配置\nvariables:\n  县名: 略阳\n  年度: 2023\nbody: |\n  第一行\n"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    where = tmp_path / "cache"
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(where))
    monkeypatch.delenv("DRAFTER_NO_CACHE", raising=False)
    return where


@pytest.fixture
def config(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(TEXT, encoding="utf-8")
    return path


def entries(where: Path) -> list[Path]:
    return sorted((where / "yaml").glob("*.pickle")) if (where / "yaml").is_dir() else []


def test_a_hit_returns_equal_data_with_positions(cache_dir, config):
    first = load_yaml_file(config)
    assert len(entries(cache_dir)) == 1
    loaded = read_yaml_file(config, "c.yaml")
    assert loaded.from_cache
    assert loaded.data == first == {"variables": {"县名": "略阳", "年度": 2023}, "body": "第一行\n"}
    assert loaded.data.value_pos["body"] == first.value_pos["body"] == Pos(6, 1)
    assert loaded.data["variables"].key_pos["年度"] == Pos(4, 3)


def test_an_edit_misses_even_with_the_same_size_and_mtime(cache_dir, config):
    load_yaml_file(config)
    stat = config.stat()
    config.write_text(TEXT.replace("略阳", "宁强"), encoding="utf-8")  # same number of bytes
    os.utime(config, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert config.stat().st_size == stat.st_size and config.stat().st_mtime_ns == stat.st_mtime_ns
    loaded = read_yaml_file(config, "c.yaml")
    assert not loaded.from_cache and loaded.data["variables"]["县名"] == "宁强"


def test_a_touched_file_or_a_new_drafter_misses(cache_dir, config, monkeypatch):
    load_yaml_file(config)
    os.utime(config, ns=(1, 1))
    assert not read_yaml_file(config, "c.yaml").from_cache
    load_yaml_file(config)
    monkeypatch.setattr(cache, "stamp", lambda: "another version")
    assert not read_yaml_file(config, "c.yaml").from_cache


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda p: p.write_bytes(b"\x00garbage\xff" * 10), id="corrupt"),
        pytest.param(lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]), id="truncated"),
        pytest.param(lambda p: p.write_bytes(b""), id="empty"),
        pytest.param(lambda p: p.write_bytes(pickle.dumps(("drafter-yaml-cache", "key", "value"))), id="wrong key"),
        pytest.param(lambda p: (p.unlink(), p.mkdir()), id="a directory"),
    ],
)
def test_a_damaged_entry_is_a_miss_and_is_rebuilt(cache_dir, config, damage):
    expected = load_yaml_file(config)
    [entry] = entries(cache_dir)
    damage(entry)
    loaded = read_yaml_file(config, "c.yaml")
    assert not loaded.from_cache and loaded.data == expected
    loaded.remember()
    if entry.is_file():
        assert read_yaml_file(config, "c.yaml").from_cache


def test_a_planted_pickle_cannot_run_code(cache_dir, config, tmp_path):
    load_yaml_file(config)
    [entry] = entries(cache_dir)
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    entry.write_bytes(pickle.dumps(Evil()))
    assert read_yaml_file(config, "c.yaml").data["variables"]["县名"] == "略阳"
    assert not marker.exists()


def test_a_cache_dir_that_is_a_file_is_ignored(tmp_path, monkeypatch, config):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(blocker))
    assert load_yaml_file(config)["variables"]["县名"] == "略阳"
    assert load_yaml_file(config)["variables"]["县名"] == "略阳"


@pytest.mark.parametrize("error", [errno.EROFS, errno.EACCES, errno.ENOSPC])
def test_a_read_only_or_full_cache_dir_is_ignored(cache_dir, config, monkeypatch, error):
    """The last step, renaming the written entry into place, fails as on a read-only or full disk
    (injected rather than made with chmod, which root ignores): the load works, nothing is left."""

    def refuse(src, dst):
        raise OSError(error, os.strerror(error))

    monkeypatch.setattr(cache.os, "replace", refuse)
    assert load_yaml_file(config)["variables"]["县名"] == "略阳"
    assert load_yaml_file(config)["variables"]["县名"] == "略阳"
    assert list((cache_dir / "yaml").iterdir()) == []  # not even the temporary file


def test_a_cache_dir_under_a_file_is_ignored(tmp_path, monkeypatch, config):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(blocker / "cache"))
    assert load_yaml_file(config)["variables"]["县名"] == "略阳"
    assert read_yaml_file(config, "c.yaml").data["variables"]["县名"] == "略阳"
    assert blocker.read_text(encoding="utf-8") == "x"


BAD_FILES = {
    "a syntax error": "a: [1, 2\n",
    "an alias bomb": "a0: &a0 [x,x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 9)),
    "nesting 400 deep": "a: " + "[" * 400 + "]" * 400 + "\n",
    "a 5,000-digit number": "年度: " + "9" * 5000 + "\n",
    "a NUL byte": "a: \x00\n",
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_file_that_fails_is_never_stored(cache_dir, tmp_path, name):
    path = tmp_path / "bad.yaml"
    path.write_text(BAD_FILES[name], encoding="utf-8")
    for _ in range(2):  # refused again the second time, not taken from anywhere
        with pytest.raises(DrafterError):
            load_yaml_file(path)
    assert entries(cache_dir) == []
    assert cache.lookup(path, path.read_bytes(), path.stat()) is None


def test_a_file_edited_into_a_bad_one_fails_and_back_loads_again(cache_dir, config):
    load_yaml_file(config)
    config.write_text(TEXT + "x: " + "[" * 100 + "\n", encoding="utf-8")
    with pytest.raises(DrafterError):
        load_yaml_file(config)
    config.write_text(TEXT, encoding="utf-8")
    loaded = read_yaml_file(config, "c.yaml")
    assert loaded.data["variables"]["县名"] == "略阳"


def test_no_entry_is_written_or_read_past_the_size_limit(cache_dir, config, monkeypatch):
    load_yaml_file(config)
    [entry] = entries(cache_dir)
    monkeypatch.setattr(cache, "MAX_CACHE_ENTRY", entry.stat().st_size - 1)
    assert not read_yaml_file(config, "c.yaml").from_cache  # too big to read
    entry.unlink()
    load_yaml_file(config)
    assert entries(cache_dir) == []  # too big to write


def test_a_failing_write_is_ignored(cache_dir, config, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cache.tempfile, "mkstemp", refuse)
    assert load_yaml_file(config)["variables"]["县名"] == "略阳"
    assert entries(cache_dir) == []


def test_drafter_no_cache_turns_it_off(cache_dir, config, monkeypatch):
    monkeypatch.setenv("DRAFTER_NO_CACHE", "1")
    assert load_yaml_file(config)["variables"]["县名"] == "略阳"
    assert not read_yaml_file(config, "c.yaml").from_cache
    assert not cache_dir.exists()


def test_where_the_cache_lives(monkeypatch, tmp_path):
    monkeypatch.delenv("DRAFTER_NO_CACHE", raising=False)
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path / "explicit"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "explicit"
    monkeypatch.delenv("DRAFTER_CACHE_DIR")
    assert cache.cache_dir() == tmp_path / "xdg" / "drafter"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "drafter"
    monkeypatch.setenv("DRAFTER_NO_CACHE", "1")
    assert cache.cache_dir() is None


WRITER = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from drafter import cache
    path, me = Path(sys.argv[1]), sys.argv[2]
    content = path.read_bytes()
    stat = os.stat(path)
    for i in range(300):
        cache.store(path, content, stat, {"writer": me, "i": i, "pad": "x" * 20000})
        got = cache.lookup(path, content, stat)
        assert got is None or (got["pad"] == "x" * 20000 and got["writer"] in ("a", "b")), got
    """
)


def test_two_processes_writing_at_once_do_not_corrupt(cache_dir, config):
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(config), me], cwd=REPO, stderr=subprocess.PIPE, text=True)
        for me in ("a", "b")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    stat = config.stat()
    final = cache.lookup(config, config.read_bytes(), stat)
    assert final is not None and final["i"] == 299
    assert [p.name for p in (cache_dir / "yaml").iterdir()] == [entries(cache_dir)[0].name]  # no temp files left


def test_block_template_names_are_cached_and_templates_not_parsed_again(cache_dir, make_workspace, monkeypatch):
    root = make_workspace(
        {
            "blocks/_params.yaml": "params:\n  县名: {type: str, description: 县名}\n",
            "blocks/a.yaml": """
                blocks:
                  - id: 甲
                    kind: item
                    title: "{{ 县名 }}标题。"
                    body: |
                      {{ 县名 }}正文{{ 次数 }}次。
                    params:
                      次数: {type: int, description: 次数}
            """,
        }
    )
    first = load_library(root).blocks["甲"]
    assert first.variables == {"县名", "次数"}
    loaded = read_yaml_file(root / "blocks/a.yaml", "blocks/a.yaml")
    assert loaded.from_cache and set(loaded.extras[TEMPLATE_NAMES].values()) == {
        frozenset({"县名"}), frozenset({"县名", "次数"})
    }

    import drafter.blocks
    import drafter.templating
    from drafter.filling import PlainTemplate, render_inline, render_paragraphs

    def must_not_parse(source):
        raise AssertionError("parsed at load although the names were cached")

    monkeypatch.setattr(drafter.blocks, "plain_template", must_not_parse)
    monkeypatch.setattr(drafter.templating, "parse_template", must_not_parse)
    block = load_library(root).blocks["甲"]
    assert block.variables == {"县名", "次数"} and block.body_ast is None
    # made from its source when a build first uses it (plain templates: no Jinja needed)
    assert isinstance(block.body_template, PlainTemplate)
    assert [str(p) for p in render_paragraphs(block.body_template, {"县名": "略阳", "次数": 3})] == ["略阳正文3次。"]
    assert str(render_inline(block.title_template, {"县名": "略阳"})) == "略阳标题。"


def test_a_template_with_a_syntax_error_is_reported_every_time(cache_dir, make_workspace):
    root = make_workspace({"blocks/a.yaml": "blocks:\n  - id: 甲\n    kind: item\n    body: |\n      坏{{ 县名 }\n"})
    for _ in range(2):
        with pytest.raises(Exception) as info:
            load_library(root)
        assert "模板语法错误" in str(info.value)


def test_a_warm_build_never_imports_ruamel(cache_dir):
    script = textwrap.dedent(
        """
        import sys
        import drafter
        drafter.render("configs/gov-party-group-party-building-2022.yaml", fmt="txt", draft=True)
        print("ruamel.yaml" in sys.modules)
        """
    )
    runs = [subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True) for _ in range(2)]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr + runs[1].stderr
    assert [r.stdout.strip() for r in runs] == ["True", "False"]


# -- a block file's checked blocks (drafter.blocks.load_library) -----------------------------------------
def _same_library(a, b):
    import dataclasses

    def plain(block):
        return dataclasses.replace(block, title_ast=None, body_ast=None)

    assert list(a.blocks) == list(b.blocks)
    assert [plain(x) for x in a.blocks.values()] == [plain(x) for x in b.blocks.values()]
    assert a.common == b.common


def test_a_warm_library_is_the_cold_one_without_parsing_or_validating(cache_dir, monkeypatch):
    cold = load_library(REPO)
    # every block file, and _params.yaml
    assert len(list((cache_dir / "blocks").glob("*.pickle"))) == len(list((REPO / "blocks").glob("*.yaml")))
    import drafter.blocks

    def must_not(*args, **kwargs):
        raise AssertionError("a block file was read in full although its checked blocks were cached")

    monkeypatch.setattr(drafter.blocks, "read_yaml_file", must_not)
    monkeypatch.setattr(drafter.blocks, "add_block_file", must_not)
    monkeypatch.setattr(drafter.blocks, "validate", must_not)
    _same_library(load_library(REPO), cold)
    monkeypatch.undo()
    monkeypatch.setenv("DRAFTER_NO_CACHE", "1")
    _same_library(load_library(REPO), cold)


TWO_FILES = {
    "blocks/_params.yaml": "params:\n  县名: {type: str, description: 县名}\n",
    "blocks/a.yaml": "blocks:\n  - id: 甲\n    kind: item\n    body: |\n      {{ 县名 }}的正文。\n",
}


def test_an_id_another_file_takes_is_reported_as_without_the_cache(cache_dir, make_workspace):
    root = make_workspace(TWO_FILES)
    load_library(root)  # a.yaml cached
    (root / "blocks/0.yaml").write_text("blocks:\n  - id: 甲\n    kind: item\n    body: |\n      别的。\n",
                                        encoding="utf-8")
    messages = []
    for env in ("", "1"):
        os.environ["DRAFTER_NO_CACHE"] = env
        with pytest.raises(DrafterError) as info:
            load_library(root)
        messages.append(str(info.value))
    os.environ.pop("DRAFTER_NO_CACHE")
    assert messages[0] == messages[1] and "块编号「甲」重复（blocks/0.yaml 第2行已有）" in messages[0]


def test_a_library_wide_parameter_taken_away_misses_the_checked_blocks(cache_dir, make_workspace):
    root = make_workspace(TWO_FILES)
    assert load_library(root).blocks["甲"].variables == {"县名"}
    (root / "blocks/_params.yaml").write_text("params:\n  省名: {type: str, description: 省名}\n", encoding="utf-8")
    with pytest.raises(DrafterError, match="未定义的变量「县名」"):
        load_library(root)


def test_a_damaged_or_planted_blocks_entry_is_a_miss(cache_dir, make_workspace):
    root = make_workspace(TWO_FILES)
    cold = load_library(root)
    for name in ("a.yaml", "_params.yaml"):
        entry = cache._entry_path(root / "blocks" / name, "blocks")
        good = entry.read_bytes()
        for bad in (b"", good[: len(good) // 2], pickle.dumps(("drafter-yaml-cache", "key", (1, 2)))):
            entry.write_bytes(bad)
            _same_library(load_library(root), cold)


def test_the_garbage_collector_is_on_again_after_a_load_that_worked_or_failed(cache_dir, make_workspace):
    import gc

    assert gc.isenabled()
    load_library(REPO)
    assert gc.isenabled()
    root = make_workspace({"blocks/a.yaml": "blocks:\n  - id: 甲\n    kind: nonsense\n    body: x\n"})
    with pytest.raises(DrafterError):
        load_library(root)
    assert gc.isenabled()
    gc.disable()
    try:
        load_library(REPO)
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()


# -- a config file's checked form (drafter.config.load_config) --------------------------------------------
def _same_config(a, b):
    """The same objects: types, values, the fields the file gave, and positions, all the way down."""
    from drafter.config import Located

    assert type(a) is type(b)
    if isinstance(a, Located):
        assert a.model_fields_set == b.model_fields_set and a.pos == b.pos and a._raw == b._raw
        for name in type(a).model_fields:
            _same_config(getattr(a, name), getattr(b, name))
    elif isinstance(a, list):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            _same_config(x, y)
    else:
        assert a == b


@pytest.mark.parametrize("name", sorted(p.name for p in (REPO / "configs").glob("*.yaml")))
def test_a_config_unchanged_since_it_was_checked_is_not_validated_again(cache_dir, monkeypatch, name):
    from drafter import config as config_module

    path = REPO / "configs" / name
    cold = config_module.load_config(path)

    def must_not(*args, **kwargs):
        raise AssertionError("validated again although the checked config was cached")

    monkeypatch.setattr(config_module, "validate", must_not)
    warm = config_module.load_config(path)
    assert warm.spec == cold.spec
    _same_config(warm.spec, cold.spec)
    assert warm.raw == cold.raw and warm.file == cold.file


def test_an_edited_config_is_validated_and_a_bad_one_never_cached(cache_dir, tmp_path, monkeypatch):
    from drafter import config as config_module
    from drafter.errors import ConfigError

    path = tmp_path / "c.yaml"
    path.write_text("kind: 工作要点\nvariables: {年度: 2023}\n", encoding="utf-8")
    assert config_module.load_config(path).spec.variables == {"年度": 2023}
    checks = []
    real = config_module.validate
    monkeypatch.setattr(config_module, "validate", lambda *a, **k: checks.append(1) or real(*a, **k))
    path.write_text("kind: 工作要点\nvariables: {年度: 2024}\n", encoding="utf-8")
    assert config_module.load_config(path).spec.variables == {"年度": 2024} and checks == [1]
    path.write_text("kind: 工作要点\nvariabels: {年度: 2024}\n", encoding="utf-8")
    for attempt in (2, 3):  # refused every time, with its line: never taken from the cache
        with pytest.raises(ConfigError, match="variabels") as info:
            config_module.load_config(path)
        assert info.value.line == 2 and len(checks) == attempt


def test_a_damaged_checked_config_is_a_miss(cache_dir, monkeypatch):
    from drafter import config as config_module

    path = REPO / "configs" / "gov-integrity-2023.yaml"
    cold = config_module.load_config(path)
    loaded = read_yaml_file(path, str(path))
    for damaged in [None, "x", ("ConfigSpec", {}, ()), ("SectionSpec", {}, ()), (1, 2), ("ConfigSpec", [], ())]:
        loaded.extras["checked_config"] = damaged
        loaded.from_cache = False
        loaded.remember()
        assert config_module._from_checked(damaged, config_module.ConfigSpec) is None
        _same_config(config_module.load_config(path).spec, cold.spec)


def test_a_warm_library_load_never_imports_pydantic(cache_dir):
    """Browsing a warm library (drafter blocks list) takes the checked blocks from the cache:
    the block files' pydantic classes (drafter.block_schema) are not even imported."""
    script = textwrap.dedent(
        """
        import sys
        from drafter.blocks import load_library
        from drafter.browse import find_blocks
        assert find_blocks(load_library("."), "意识形态")
        print("pydantic" in sys.modules, "drafter.block_schema" in sys.modules)
        """
    )
    runs = [subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True) for _ in range(2)]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr + runs[1].stderr
    assert [r.stdout.strip() for r in runs] == ["True True", "False False"]
