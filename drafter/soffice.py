"""LibreOffice (soffice) as a converter: find it, run one conversion, clean up.

Shared by the PDF writer (docx → pdf) and the readers of old Word files (.doc/.wps/.rtf →
docx). Each caller words its own Chinese messages (生成 PDF …, 导入 … 文件), so this module
raises the small exceptions below and leaves the wording to them; only the messages that are
the same for every caller (the install hint, a bad ``DRAFTER_PDF_TIMEOUT``) live here.

- Which soffice: ``$DRAFTER_SOFFICE``, else ``soffice``/``libreoffice`` on PATH, else the
  usual install place on macOS and Windows.
- A private LibreOffice profile per conversion, in a temporary folder removed afterwards:
  LibreOffice runs one instance per profile, so a conversion sharing the user's profile while
  they have LibreOffice open (or sharing one with a parallel conversion in a batch) would hand
  its work to that instance and silently produce nothing.
- A time limit (``$DRAFTER_PDF_TIMEOUT`` seconds, 120 by default — the name is historical: it
  covers every LibreOffice conversion) after which the whole LibreOffice process group is
  killed; Ctrl-C kills it too.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from .errors import DrafterError

DEFAULT_TIMEOUT = 120.0  # seconds; a 20-page document takes one or two
TIMEOUT_VARIABLE = "DRAFTER_PDF_TIMEOUT"

INSTALL_HINT = ("Debian/Ubuntu 上运行 sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk"
                "（后者是中文字体）；其他系统请从 https://zh-cn.libreoffice.org 下载安装；"
                "已安装在别处时，用环境变量 DRAFTER_SOFFICE 指明 soffice 的位置")

TIMEOUT_HINT = f"机器很忙或文件很大时，可用环境变量 {TIMEOUT_VARIABLE} 放宽时限（秒）"

# Where installers put soffice off PATH (Linux packages put it on PATH).
_INSTALL_PLACES = {
    "darwin": ("/Applications/LibreOffice.app/Contents/MacOS/soffice",),
    "win32": (r"C:\Program Files\LibreOffice\program\soffice.exe",
              r"C:\Program Files (x86)\LibreOffice\program\soffice.exe"),
}


class SofficeProblem(Exception):
    """LibreOffice could not do a conversion; the caller turns this into its own DrafterError."""


class NotFound(SofficeProblem):
    """No soffice; ``explicit`` is the value of $DRAFTER_SOFFICE when it named a missing program."""

    def __init__(self, explicit: str | None = None) -> None:
        super().__init__(explicit or "soffice")
        self.explicit = explicit


class CannotStart(SofficeProblem):
    """The program was found but could not be started (``reason`` from the OS)."""

    def __init__(self, program: str, reason: str) -> None:
        super().__init__(f"{program}: {reason}")
        self.program = program
        self.reason = reason


class Failed(SofficeProblem):
    """LibreOffice ran but made no file: its exit code and what it said (last 300 characters)."""

    def __init__(self, code: int, said: str) -> None:
        super().__init__(f"exit {code}: {said}")
        self.code = code
        self.said = said


class TimedOut(SofficeProblem):
    """LibreOffice did not finish within ``seconds`` and was killed."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"timed out after {seconds:g} s")
        self.seconds = seconds


def find() -> str:
    """The LibreOffice program to run; :class:`NotFound` when there is none."""
    explicit = os.environ.get("DRAFTER_SOFFICE", "").strip()
    if explicit:
        found = shutil.which(explicit)
        if found is None:
            raise NotFound(explicit)
        return found
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for place in _INSTALL_PLACES.get(sys.platform, ()):
        if os.access(place, os.X_OK):
            return place
    raise NotFound()


def timeout_seconds() -> float:
    """The time limit of one conversion, from ``$DRAFTER_PDF_TIMEOUT`` (a Chinese error when malformed)."""
    value = os.environ.get(TIMEOUT_VARIABLE, "").strip()
    if not value:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1
    if not 0 < seconds < 86400:
        raise DrafterError(f"环境变量 {TIMEOUT_VARIABLE} 的值「{value}」不是有效的秒数", key=TIMEOUT_VARIABLE,
                           hint="请写一个正数，如 300")
    return seconds


def convert(data: bytes, suffix: str, target: str, *, program: str | None = None,
            fontconfig: str | None = None, prefix: str = "drafter-soffice-") -> bytes:
    """*data* (a file ending in *suffix*, e.g. ".docx") converted by LibreOffice to *target*
    (``--convert-to`` syntax: "pdf:writer_pdf_Export", "docx:MS Word 2007 XML"), in a private
    profile inside a temporary folder that is removed afterwards, whatever happens.

    *fontconfig*: the text of a fontconfig file given to LibreOffice, unless ``FONTCONFIG_FILE``
    is already set. Raises :class:`SofficeProblem` subclasses (and DrafterError for a bad time limit).
    """
    program = program or find()
    limit = timeout_seconds()
    extension = target.split(":", 1)[0]
    with tempfile.TemporaryDirectory(prefix=prefix, ignore_cleanup_errors=True) as work:
        work = Path(work)
        source, outdir = work / f"document{suffix}", work / "out"
        source.write_bytes(data)
        env = dict(os.environ)
        if fontconfig is not None and "FONTCONFIG_FILE" not in env:
            fonts = work / "fonts.conf"
            fonts.write_text(fontconfig, encoding="utf-8")
            env["FONTCONFIG_FILE"] = str(fonts)
        cmd = [program, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--invisible",
               "--norestore", "--nolockcheck", "--nodefault", "--nologo",
               "--convert-to", target, "--outdir", str(outdir), str(source)]
        code, output = _run(cmd, env, limit)
        result = outdir / f"document.{extension}"
        if code != 0 or not result.is_file() or result.stat().st_size == 0:
            said = " ".join(line.strip() for line in output.splitlines()
                            if line.strip() and "javaldx" not in line)[-300:]
            raise Failed(code, said)
        return result.read_bytes()


def _run(cmd: list[str], env: dict[str, str], limit: float) -> tuple[int, str]:
    """Run LibreOffice in a process group of its own (soffice starts soffice.bin, which must go
    too); kill the group on timeout or Ctrl-C."""
    try:
        proc = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, start_new_session=True)
    except OSError as e:
        raise CannotStart(cmd[0], str(e.strerror or e)) from None
    try:
        out, _ = proc.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        _kill(proc)
        raise TimedOut(limit) from None
    except BaseException:  # Ctrl-C: LibreOffice is in its own session and did not get it
        _kill(proc)
        raise
    return proc.returncode, out.decode("utf-8", "replace")


def _kill(proc: subprocess.Popen) -> None:
    try:
        if hasattr(os, "killpg"):
            os.killpg(proc.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows
            proc.kill()
    except OSError:
        pass
    proc.communicate()
