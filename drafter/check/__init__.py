"""`drafter check`: proofread a document the way a 公文 reviewer would, and say exactly where to fix it.

Takes a config (built as a draft, so that every paragraph knows its block, its values and
their lines), or any .txt/.docx. Rules live in :mod:`drafter.check.rules`, one module per
family; each registers itself with :func:`drafter.check.engine.rule`. The workspace may
switch rules off in ``check.yaml`` (``off: [rule id or group, …]``) or a config in its
``check:`` section; a run may choose rules with ``--rules``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DrafterError
from ..findings import Finding, Severity
from .document import CheckDoc, from_config, from_file
from .engine import GROUPS, RULES, Rule, findings, selected

CONFIG_SUFFIXES = (".yaml", ".yml")
WORKSPACE_FILE = "check.yaml"


@dataclass
class CheckResult:
    doc: CheckDoc
    findings: list[Finding] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)

    def failed(self, strict: bool = False) -> bool:
        """Whether the check found something that matters (hints count only with *strict*)."""
        return any(strict or f.severity is not Severity.HINT for f in self.findings)


def _load_rules() -> None:
    from . import rules  # noqa: F401 - importing registers them


def load_document(path: Path | str, library=None) -> CheckDoc:
    path = Path(path)
    if path.suffix.lower() in CONFIG_SUFFIXES:
        return from_config(path, library=library)
    return from_file(path)


def check_path(path: Path | str, *, year: int | None = None, off: tuple[str, ...] = (), only: tuple[str, ...] = (),
               library=None) -> CheckResult:
    """Check a config, .txt or .docx. *year* overrides the document's own year."""
    _load_rules()
    unknown = [name for name in (*off, *only) if name not in RULES and name not in GROUPS]
    if unknown:
        raise DrafterError(f"没有名为「{unknown[0]}」的检查规则", key="--rules",
                           hint="可用 drafter check --list-rules 查看规则及其分组")
    doc = load_document(path, library=library)
    if year is not None:
        doc.year = year
    off = (*off, *_workspace_off(doc))
    rules = selected(off, only)
    return CheckResult(doc, findings(doc, rules), rules)


def _workspace_off(doc: CheckDoc) -> tuple[str, ...]:
    """Rules switched off by the config's ``check:`` section and the workspace's check.yaml."""
    off: list[str] = []
    spec = getattr(getattr(doc, "config", None), "spec", None)
    check = getattr(spec, "check", None)
    if check is not None:
        off += list(check.off)
    root = getattr(doc.library, "root", None)
    if root is not None and (Path(root) / WORKSPACE_FILE).is_file():
        from .settings import load_settings

        off += list(load_settings(Path(root) / WORKSPACE_FILE).off)
    return tuple(off)


def all_rules() -> list[Rule]:
    _load_rules()
    return list(RULES.values())


__all__ = ["CheckResult", "check_path", "all_rules", "load_document"]
