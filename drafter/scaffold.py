"""`drafter init`: a fresh workspace for a new office, from the library shipped in the package.

The library travels inside the wheel (``drafter.library``), so someone who installed
drafter with pip, without cloning the repository, still gets every block, the
schemas and a ready-to-build example.
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from .errors import DrafterError

# What a workspace gets, and which example configs come with it.
FOLDERS = ("blocks", "configs", "schemas", "templates", "output")
# the next-year examples, and the same 要点 issued as a whole official document (红头, notice, 版记)
EXAMPLE_CONFIG_SUFFIXES = ("-2023.yaml", "-2023-notice.yaml")
FIRST_EXAMPLE = "gov-party-group-party-building-2023.yaml"  # the one README builds


def library_folder(name: str) -> Traversable:
    """A folder of the shipped library: from the installed wheel, or from the source
    checkout (an editable install puts the checkout, not the wheel layout, on sys.path)."""
    try:
        return resources.files(f"drafter.library.{name}")
    except ModuleNotFoundError:
        checkout = Path(__file__).resolve().parent.parent / name
        if checkout.is_dir():
            return checkout
        raise DrafterError(f"安装不完整：找不到随 drafter 附带的 {name}/", hint="请重新安装 drafter") from None


def _copy_tree(source: Traversable, target: Path, select=lambda name: True) -> list[Path]:
    written = []
    target.mkdir(parents=True, exist_ok=True)
    for entry in sorted(source.iterdir(), key=lambda e: e.name):
        if entry.name.startswith(("__", ".")):
            continue
        if entry.is_dir():
            written += _copy_tree(entry, target / entry.name)
        elif select(entry.name):
            path = target / entry.name
            path.write_bytes(entry.read_bytes())
            written.append(path)
    return written


def create_workspace(dest: Path) -> list[Path]:
    """Create blocks/, configs/ (the next-year examples), schemas/, templates/, output/ in *dest*.

    Refuses, before writing anything, when *dest* already holds any of these folders:
    an office's own blocks and configs are never overwritten.
    """
    dest = Path(dest)
    clashes = [name for name in FOLDERS if (dest / name).exists()]
    if clashes:
        raise DrafterError(
            "目标文件夹中已有 " + "、".join(f"{name}/" for name in clashes) + "，未做任何改动",
            file=str(dest),
            hint="请换一个空文件夹，或先把原有内容移走",
        )
    if dest.exists() and not dest.is_dir():
        raise DrafterError("目标不是文件夹", file=str(dest))
    written: list[Path] = []
    written += _copy_tree(library_folder("blocks"), dest / "blocks")
    written += _copy_tree(library_folder("configs"), dest / "configs", lambda name: name.endswith(EXAMPLE_CONFIG_SUFFIXES))
    written += _copy_tree(library_folder("schemas"), dest / "schemas")
    # the Word templates and their README, not the script that makes the default one
    written += _copy_tree(library_folder("templates"), dest / "templates", lambda name: name.endswith((".docx", ".md")))
    (dest / "output").mkdir(parents=True, exist_ok=True)
    return written
