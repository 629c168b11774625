"""``drafter build CONFIG`` in its plain forms, run without loading the command-line framework.

Building one config is what a user runs after every edit, and typer (with its click) takes
about 40 ms to import and to set up its commands — a fifth of the whole process, more than
the build's own work. :func:`drafter.entry.main` asks :func:`run` first. It takes exactly the
forms below and nothing else::

    drafter build CONFIG [--draft] [--force] [-o PATH | --output PATH] [-f FMT | --format FMT]

(``--output=PATH`` and ``--format=FMT`` too). For anything else — ``--help``, ``--watch``,
``-j``, several configs or a folder, an option given twice, a value that starts with ``-``,
``-oPATH`` — it answers None and the full command line (:mod:`drafter.cli`) runs, so every
other form, and every usage message, stays typer's. The option spellings are declared here
once and :mod:`drafter.cli` declares the typer options with them; the build itself
(:func:`build_one`) and the reporting of a failure (:func:`failure`) are the same functions
the typer command calls.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Callable

# the spellings of the build command's options, here once (drafter.cli declares them with these)
DRAFT = "--draft"
FORCE = "--force"
OUTPUT = ("-o", "--output")
FORMAT = ("-f", "--format")

_FLAGS = {DRAFT: "draft", FORCE: "force"}
_VALUED = {**dict.fromkeys(OUTPUT, "output"), **dict.fromkeys(FORMAT, "fmt")}


def parse(args: list[str]) -> dict | None:
    """The build's arguments when *args* are one of the plain forms, else None."""
    if not args or args[0] != "build":
        return None
    given: dict = {}
    configs: list[str] = []
    rest = iter(args[1:])
    for token in rest:
        if token in _FLAGS:
            key, value = _FLAGS[token], True
        elif token in _VALUED:
            key, value = _VALUED[token], next(rest, None)
        elif token.startswith("--") and token.partition("=")[0] in _VALUED:
            name, _, value = token.partition("=")
            key = _VALUED[name]
        elif token.startswith("-"):
            return None  # --help, --watch, -j, --, -oPATH …: the full command line
        else:
            configs.append(token)
            continue
        if key in given or (value is not True and (not value or value.startswith("-"))):
            return None
        given[key] = value
    if len(configs) != 1 or not configs[0] or os.path.isdir(configs[0]):
        return None  # no config, or a batch (several, or a folder)
    output = given.get("output")
    return {"config": Path(configs[0]), "output": Path(output) if output else None, "fmt": given.get("fmt"),
            "draft": given.get("draft", False), "force": given.get("force", False)}


def build_one(config: Path, *, fmt: str | None, output: Path | None, draft: bool, force: bool) -> str:
    """Build one config; the line that says what was written."""
    from .builder import build
    from .report import build_summary

    result = build(config, fmt=fmt, output=output, draft=draft, force=force)
    return build_summary(result.path, result.blanks, result.kept)


def failure(error: BaseException, say: Callable[[str], None]) -> int | None:
    """Say what went wrong (*say*: a line for stderr) and give the exit code, for the errors a
    command ends with: a DrafterError (exit 2, in Chinese), a disk or permission problem (2),
    Ctrl-C (130), a reader that went away (0, quietly). None: not one of these (a bug)."""
    from .errors import DrafterError, os_message

    if isinstance(error, DrafterError):
        say(str(error))
        return error.exit_code
    if isinstance(error, BrokenPipeError):  # drafter … | head: stop quietly
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - nothing more is written
        return 0
    if isinstance(error, OSError):
        where = f"{error.filename}：" if error.filename else ""
        say(f"{where}文件操作失败（{os_message(error)}）")
        return 2
    if isinstance(error, KeyboardInterrupt):
        from .entry import say_interrupted

        say_interrupted()
        return 130
    return None


def run(args: list[str]) -> int | None:
    """Run *args* when they are a plain build (the exit code), else None: nothing was done."""
    options = parse(args)
    if options is None:
        return None
    try:
        line = build_one(**options)
        sys.stdout.write(line + "\n")
        sys.stdout.flush()
    except (Exception, KeyboardInterrupt) as e:  # noqa: BLE001 - as the typer command reports them
        code = failure(e, _say_in_red)
        if code is None:
            raise
        return code
    return 0


def _say_in_red(message: str) -> None:
    """On stderr in red, as the full command line says it (typer's styling: none when not a terminal)."""
    from typer import colors, secho

    secho(message, fg=colors.RED, err=True)
