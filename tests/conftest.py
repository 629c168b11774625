"""Shared fixtures: the repository, the shared seeds (with their known slips applied) and
small inline workspaces written into tmp_path."""

from __future__ import annotations

import os
import re
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DRAFTER_SHARED", REPO.parent / "shared"))
SEEDS = SHARED / "seeds"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/ from the current output (then review git diff tests/golden)")


def _require_shared() -> None:
    if not SEEDS.is_dir():
        pytest.fail(f"找不到种子文档目录 {SEEDS}：请把 shared/ 放在仓库旁边，或设置 DRAFTER_SHARED")


FOUND_SLIPS = Path(__file__).parent / "seed_slips_found.tsv"


def read_slips(path: Path | None = None) -> list[tuple[str, str, str]]:
    """(seed file, text as in the seed, corrected text) from shared/seeds/slips.tsv (or *path*)."""
    _require_shared()
    rows = []
    for line in (path or SEEDS / "slips.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        seed, wrong, right = line.split("\t")
        rows.append((seed, wrong, right.replace("\\n", "\n")))
    return rows


def seed_lines(name: str, *, corrected: bool = True) -> list[str]:
    """The seed's non-empty lines, stripped; with the slips corrected and every run of
    two or more * read as the draft blank ** (the bar the issues set)."""
    _require_shared()
    text = (SEEDS / name).read_text(encoding="utf-8")
    if corrected:
        for seed, wrong, right in read_slips() + read_slips(FOUND_SLIPS):
            if seed == name:
                assert wrong in text, f"slip {wrong!r} not found in {name}"
                text = text.replace(wrong, right)
        text = re.sub(r"\*{2,}", "**", text)
    return [line.strip() for line in text.splitlines() if line.strip()]


# The website junk inside the seeds (slips.tsv): import drops it.
SEED_JUNK = ("笔杆儿网www.bgzjy.cn", "笔杆儿网，www.biganzijiayuan.com")


def as_imported(lines: list[str]) -> list[str]:
    """Lines as an import must rebuild them: the words as written (slips NOT corrected),
    normalised in exactly two ways — the seeds' website junk removed, and every
    placeholder (a run of two or more *, or a run of X: the seeds use X only as a
    placeholder) read as the draft blank **."""
    out = []
    for line in lines:
        for junk in SEED_JUNK:
            line = line.replace(junk, "")
        line = re.sub(r"\*{2,}|X+", "**", line).strip()
        if line:
            out.append(line)
    return out


def seed_as_imported(name: str) -> list[str]:
    return as_imported(seed_lines(name, corrected=False))


def output_lines(data: bytes) -> list[str]:
    return [line.strip() for line in data.decode("utf-8").splitlines() if line.strip()]


@pytest.fixture(autouse=True, scope="session")
def _private_yaml_cache(tmp_path_factory):
    """Every test run gets its own empty YAML cache (drafter.cache), never the user's ~/.cache.

    Child processes (the CLI tests) inherit the variable."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DRAFTER_CACHE_DIR", str(tmp_path_factory.mktemp("drafter-cache")))
        mp.delenv("DRAFTER_NO_CACHE", raising=False)
        yield


@pytest.fixture
def make_workspace(tmp_path):
    """Write a workspace from {relative path: text} (texts are dedented) and return its root."""

    def make(files: dict[str, str]) -> Path:
        root = tmp_path / "ws"
        (root / "blocks").mkdir(parents=True, exist_ok=True)
        (root / "configs").mkdir(exist_ok=True)
        for rel, text in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return root

    return make
