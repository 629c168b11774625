"""Errors meant for users: located (file, line, column, key), in Chinese, rendered only by the CLI.

Errors carry data; nothing here prints. A run that finds several problems raises one
:class:`DrafterErrors` holding all of them, so the user fixes everything in one go.
"""

from __future__ import annotations

import difflib
from typing import Iterable


class DrafterError(Exception):
    """Base of every error drafter reports to a user. ``exit_code`` 2 means bad input."""

    exit_code = 2
    kind = "错误"

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        key: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.hint = hint

    def __reduce__(self):
        # keep errors picklable: batch builds report them across processes
        return (_rebuild, (type(self), self.message, self.file, self.line, self.column, self.key, self.hint))

    @property
    def where(self) -> str:
        parts = []
        if self.file:
            parts.append(str(self.file))
        if self.line is not None:
            parts.append(f"第{self.line}行" + (f"第{self.column}列" if self.column is not None else ""))
        where = " ".join(parts)
        if self.key:
            where = f"{where} {self.key}" if where else self.key
        return where

    def __str__(self) -> str:
        text = f"{self.where}：{self.message}" if self.where else self.message
        if self.hint:
            text += f"，{self.hint}" if not self.hint.startswith("（") else self.hint
        return text


def _rebuild(cls, message, file, line, column, key, hint):
    return cls(message, file=file, line=line, column=column, key=key, hint=hint)


class ConfigError(DrafterError):
    """A document config (configs/*.yaml) is wrong."""


class BlockError(DrafterError):
    """A block file (blocks/*.yaml) is wrong."""


class RenderError(DrafterError):
    """Filling a block failed (missing value, template error)."""


class ReadError(DrafterError):
    """An input document could not be read."""


class OutputError(DrafterError):
    """An output could not be written."""


class DrafterErrors(DrafterError):
    """Several problems found in one pass; ``errors`` holds each one."""

    def __init__(self, errors: Iterable[DrafterError], summary: str | None = None) -> None:
        self.errors = list(errors)
        self.summary = summary
        super().__init__(summary or f"发现{len(self.errors)}个问题")

    def __reduce__(self):
        return (type(self), (self.errors, self.summary))

    def __str__(self) -> str:
        lines = [self.summary] if self.summary else []
        lines.extend(str(e) for e in self.errors)
        return "\n".join(lines)


def raise_all(errors: list[DrafterError], summary: str | None = None) -> None:
    """Raise the one error, or all of them together; do nothing for an empty list."""
    if len(errors) == 1 and summary is None:
        raise errors[0]
    if errors:
        raise DrafterErrors(errors, summary)


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """A Chinese hint naming the closest candidates (the best and any nearly as close), or None."""
    candidates = list(dict.fromkeys(candidates))
    close = _closest(word, candidates)
    if not close:
        # ids like 政治建设/旗帜鲜明讲政治: also match on the part after the last /
        tails: dict[str, str] = {}
        for c in candidates:
            tails.setdefault(c.rsplit("/", 1)[-1], c)
        close = [tails[t] for t in _closest(word.rsplit("/", 1)[-1], list(tails))]
    if not close:
        return None
    return "您是不是想用" + "、".join(f"「{c}」" for c in close) + "？"


def _closest(word: str, candidates: list[str], cutoff: float = 0.5) -> list[str]:
    """The candidates most like *word* (ratio ≥ *cutoff*, the best and any within 0.1 of it, at most 3).

    The cheap upper bounds are tried before the exact ratio, as difflib.get_close_matches does:
    a config with thousands of unknown ids must not spend seconds on hints.
    """
    matcher = difflib.SequenceMatcher(None)
    matcher.set_seq2(word)
    scored = []
    for c in candidates:
        if c == word:
            continue
        matcher.set_seq1(c)
        if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff:
            ratio = matcher.ratio()
            if ratio >= cutoff:
                scored.append((ratio, c))
    scored.sort(key=lambda sc: -sc[0])
    if not scored:
        return []
    best = scored[0][0]
    return [c for score, c in scored[:3] if score >= max(cutoff, best - 0.1)]





def os_message(error: OSError) -> str:
    """An OSError's cause in Chinese, e.g. "没有权限" or "磁盘空间已满"."""
    import errno

    name = errno.errorcode.get(error.errno or 0, "")
    from .zh import OS_ERRORS

    return OS_ERRORS.get(name, f"系统错误 {name or error.errno}".strip())
