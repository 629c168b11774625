"""The `drafter` console script: a light front door, so that Ctrl-C is handled from the start.

The command line's own module imports typer, pydantic and the rest, which takes a
noticeable part of a second; a Ctrl-C pressed meanwhile would otherwise print a Python
traceback. Here it is caught around everything, and nothing has been written yet.
"""

from __future__ import annotations

import sys

INTERRUPTED = "已中断，未写入任何文件。"


def _interrupt_again(unraisable) -> None:
    """A Ctrl-C that lands in a callback Python runs during an import (a module lock's cleanup)
    is "ignored" with a traceback on stderr; raise it again where it can be handled instead."""
    if isinstance(unraisable.exc_value, KeyboardInterrupt):
        import signal

        signal.raise_signal(signal.SIGINT)
        return
    sys.__unraisablehook__(unraisable)


_interrupted = False


def say_interrupted() -> None:
    """Say so once, plainly (not through click/rich: the interrupt may have cut an import of theirs short)."""
    global _interrupted
    if not _interrupted:
        _interrupted = True
        sys.stderr.write(INTERRUPTED + "\n")
        sys.stderr.flush()


def main() -> None:
    sys.unraisablehook = _interrupt_again
    try:
        from .quick import run as run_plain_build

        code = run_plain_build(sys.argv[1:])  # drafter build CONFIG, without typer (drafter.quick)
        if code is not None:
            sys.exit(code)
        from .cli import main as run

        run()
    except KeyboardInterrupt:
        say_interrupted()
        sys.exit(130)
    finally:
        _no_collection_at_exit()


def _no_collection_at_exit() -> None:
    """Spare the interpreter's last garbage collection on the way out.

    Python ends by collecting every object it tracks — a whole build's modules (pydantic's and
    typer's above all), about a tenth of a ``drafter build``, to free memory the operating system
    takes back anyway. Freezing moves them out of the collector's sight; modules are still torn
    down, ``atexit`` handlers and ``weakref.finalize`` still run, and drafter closes every file
    it writes itself (atomic writes), so nothing waits on that collection."""
    import gc

    gc.freeze()
