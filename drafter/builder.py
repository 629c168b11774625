"""Build one document: load the library and config, assemble, write (the `drafter build` job)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .assembler import assemble
from .blocks import Library, load_library
from .config import Config, load_config
from .findings import Finding, Severity
from .fsutil import write_atomic
from .model import Document, walk
from .workspace import check_output, default_output, display_path, output_format, root_for
from .writers import WriterOptions, get_writer


@dataclass
class BuildResult:
    document: Document
    data: bytes
    path: Path | None = None  # None when nothing was written
    findings: list[Finding] = field(default_factory=list)
    kept: Path | None = None  # where a hand-edited old output was saved before it was replaced

    @property
    def blanks(self) -> int:
        return len(self.document.blanks())


def blank_findings(doc: Document) -> list[Finding]:
    """A finding for each draft blank: which value is missing, in which paragraph, and the config
    entry it belongs to (a draft builds anyway; these say what is left to fill in)."""
    out = []
    for node in walk(doc):
        for blank in (node.title + node.text).blanks:
            origin = node.origin
            out.append(Finding("draft.blank", Severity.WARNING, f"「{blank.name}」尚未填写，草稿中显示为 **",
                               file=origin.file if origin else None, line=origin.line if origin else None,
                               path=node.path, text=blank.name, hint="在 variables 或 targets 中给出它的值"))
    return out


def load(config_path: Path | str, *, library: Library | None = None) -> tuple[Config, Library]:
    config_path = Path(config_path)
    root = library.root if library else root_for(config_path)
    if library is None:
        library = load_library(root)
    config = load_config(config_path, display_path(config_path, root))
    return config, library


def writer_options(config: Config) -> WriterOptions:
    style = config.spec.style
    return WriterOptions(fonts=style.fonts, bold_item_titles=style.bold_item_titles, bold_level2=style.bold_level2,
                         date=config_date(config))


def config_date(config: Config) -> dt.date | None:
    """The config's own date: its 成文日期, else 1 January of its 年度 (stamps the output)."""
    spec = config.spec
    if spec.signature is not None and isinstance(spec.signature.date, dt.date):
        return spec.signature.date
    year = spec.variables.get("年度")
    if isinstance(year, int) and not isinstance(year, bool) and 1 <= year <= 9999:
        return dt.date(year, 1, 1)
    return None


def render(config_path: Path | str, *, fmt: str = "docx", draft: bool = False, library: Library | None = None) -> BuildResult:
    """Build in memory: the document model and the output bytes, nothing written."""
    writer = get_writer(fmt)
    config, library = load(config_path, library=library)
    document = assemble(config, library, draft=draft)
    return BuildResult(document=document, data=writer(document, writer_options(config)),
                       findings=blank_findings(document))


def build(
    config_path: Path | str,
    *,
    fmt: str | None = None,
    output: Path | str | None = None,
    draft: bool = False,
    library: Library | None = None,
    force: bool = False,
) -> BuildResult:
    """Build and write atomically to *output* (default ``output/<config name>.<ext>``).

    *fmt* defaults to the output's extension (docx without an output); an output over the
    config, inside blocks/, configs/ or templates/, or whose extension disagrees with *fmt*
    is refused before anything is built. An output changed since drafter wrote it (a hand
    edit) is not overwritten unless *force*, and then first kept in ``output/.history/``.
    """
    from .outputs import guard, one_writer, remember

    config_path = Path(config_path)
    fmt = output_format(fmt, output)
    root = library.root if library else root_for(config_path)
    path = Path(output) if output else default_output(root, config_path, fmt)
    check_output(path, root, [config_path])
    result = render(config_path, fmt=fmt, draft=draft, library=library)
    shown = display_path(config_path, root)
    with one_writer(root, path):
        result.kept = guard(root, path, force=force, config=shown).kept
        write_atomic(path, result.data)
        remember(root, path, result.data, shown)
    result.path = path
    return result
