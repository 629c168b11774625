"""The workspace's documents as a front end lists them, and their outputs made in memory.

For ``drafter serve``: what each config is (title, year, kind), when it was last built and
what the proofreader says of it; a document's .docx, .pdf or task ledger as bytes for a
download (the same writers as ``drafter build`` and ``drafter tasks``, nothing written
to the workspace).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .blocks import Library
from .errors import DrafterError


@dataclass
class DocumentInfo:
    path: Path
    name: str  # relative to the workspace: configs/x.yaml
    key: str  # relative to configs/: x.yaml (what a page's address names)
    digest: str
    title: str = ""
    year: int | None = None
    kind: str = ""
    error: str | None = None  # the config does not load or build
    built: dt.datetime | None = None  # when output/<name>.docx was written
    findings: int | None = None  # what check found (None: not checked)
    errors: int = 0  # of which 必错
    check_summary: str = ""


def config_files(root: Path) -> list[Path]:
    folder = root / "configs"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*.yaml") if p.is_file() and not p.name.startswith((".", "_")))


def describe(path: Path, root: Path, library: Library | None, *, check: bool = True) -> DocumentInfo:
    """Title, year and kind of one config, its last build and (with *check*) the proofreader's count."""
    from .editing import file_digest
    from .workspace import default_output, display_path

    name = display_path(path, root)
    info = DocumentInfo(path, name, path.relative_to(root / "configs").as_posix(), file_digest(path))
    output = default_output(root, path, "docx")
    if output.is_file():
        info.built = dt.datetime.fromtimestamp(output.stat().st_mtime)
    if library is None:
        info.error = "块库有错误，无法生成"
        return info
    try:
        from .assembler import assemble
        from .builder import load

        config, _ = load(path, library=library)
        info.kind = config.spec.kind
        document = assemble(config, library, draft=True)
        info.title = str(document.title) or path.stem
        info.year = document.year
    except DrafterError as e:
        info.error = str(e).split("\n")[0]
        info.title = info.title or path.stem
        return info
    if check:
        from .check import check_path
        from .check.report import summary
        from .findings import Severity

        try:
            result = check_path(path, library=library)
        except DrafterError as e:
            info.error = str(e).split("\n")[0]
            return info
        info.findings = len(result.findings)
        info.errors = sum(1 for f in result.findings if f.severity is Severity.ERROR)
        info.check_summary = summary(result)
    return info


def render_bytes(path: Path, fmt: str, library: Library, *, draft: bool = False) -> bytes:
    """The document as *fmt* (docx, pdf, txt …) in memory, as ``drafter build`` would write it."""
    from .builder import render

    return render(path, fmt=fmt, draft=draft, library=library).data


def ledger_bytes(path: Path, library: Library, *, by_section: bool = False, draft: bool = False) -> bytes:
    """The task ledger (.xlsx) in memory, refused as ``drafter tasks`` refuses it (no task anywhere)."""
    from .assembler import assemble
    from .builder import config_date, load
    from .ledger import has_assignments, write_ledger
    from .tasks import task_rows

    config, _ = load(path, library=library)
    document = assemble(config, library, draft=draft)
    if not has_assignments(task_rows(document)):
        raise DrafterError(
            "配置中没有任何条目写明牵头单位、责任单位或完成时限，无法生成任务台账", file=config.file, key="sections",
            hint="请在条目下加 task: {lead: 牵头单位, units: 责任单位, due: 完成时限}，"
                 "或在块中给出参数 牵头单位、责任单位、完成时限")
    return write_ledger(document, by_section, config_date(config))
