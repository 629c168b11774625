"""A disk cache of what drafter derives from files, so that loading stays fast with a pure-Python parser.

drafter parses YAML with ruamel.yaml's round-trip parser (it can write files back with
their comments), which is about 18 times slower than PyYAML's C loader: all of blocks/
and configs/ take half a second. But the files rarely change between two builds, so
the parsed result — plain data with positions, plus facts callers derive from it (the
names each block template reads) — is kept on disk, one entry per source file.

An entry is trusted only if everything matches: the file's absolute path, size,
mtime_ns and SHA-256 of its bytes (which the caller has read anyway — hashing them is
cheap), and a stamp naming the cache format and the versions of drafter, ruamel.yaml and
jinja2 plus a hash of the modules whose output is cached (so an edited checkout never
trusts an old entry). The content hash alone decides: editing a file in the same
second and to the same size still misses.

A cache can only make drafter faster, never wrong and never noisy: a stale, corrupt,
truncated, unreadable or unwritable cache is ignored (and rebuilt when possible), and
no error about it ever reaches the user. Entries are written to a temporary file and
renamed into place, so two builds at once cannot leave a half-written entry; and they
are unpickled with a whitelist of the few classes the data may contain, so a planted
file cannot run code. Only files that loaded are stored (a file that failed is parsed, and
refused, again every time), and no entry is written or read beyond ``MAX_CACHE_ENTRY`` bytes
(the YAML limits keep real entries far below it).

Besides parsed YAML (``yaml/``), two more kinds of entry use the same rules: a block file's
checked blocks (``blocks/``, :mod:`drafter.blocks`: a warm load neither unpickles the file's
positions nor validates it again), keyed by the file like the YAML, plus the library-wide
parameter names they were checked against; and the parts of an empty docx package made with
python-docx (``docx/``, :mod:`drafter.writers.docx_package`), keyed by the writer options and
a hash of the code and the python-docx that made them (:func:`lookup_keyed`).

Where: ``$DRAFTER_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/drafter``, else
``~/.cache/drafter``. ``DRAFTER_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from .limits import MAX_CACHE_ENTRY

FORMAT = 1
_MAGIC = "drafter-yaml-cache"
_SUBDIR = "yaml"
# modules whose code shapes what is cached: a change to any of them invalidates every entry
_STAMPED_MODULES = ("yamlio.py", "cache.py", "templating.py", "filling.py", "blocks.py", "limits.py")


def cache_dir() -> Path | None:
    """The cache directory, or None when caching is turned off (or there is no home to put it in)."""
    if os.environ.get("DRAFTER_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("DRAFTER_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "drafter"
    try:
        return Path.home() / ".cache" / "drafter"
    except RuntimeError:  # no home directory
        return None


def lookup(path: Path, content: bytes, stat: os.stat_result, *, kind: str = _SUBDIR, extra: Any = None) -> Any | None:
    """The value stored for *path* with exactly this *content* (and *extra*, which is part of the
    key), or None (a miss, whatever the reason)."""
    return _load(_entry_path(path, kind), _key(path, content, stat, extra))


def store(path: Path, content: bytes, stat: os.stat_result, value: Any, *, kind: str = _SUBDIR,
          extra: Any = None) -> None:
    """Keep *value* for *path* with this *content*; silently gives up if the cache cannot be written."""
    _save(_entry_path(path, kind), _key(path, content, stat, extra), value)


def lookup_keyed(kind: str, key: tuple) -> Any | None:
    """The value stored under *key* (plain data; the cache's stamp is added to it), or None."""
    return _load(_keyed_path(kind, key), (stamp(), key))


def store_keyed(kind: str, key: tuple, value: Any) -> None:
    _save(_keyed_path(kind, key), (stamp(), key), value)


def _load(entry: Path | None, key: tuple) -> Any | None:
    if entry is None:
        return None
    try:
        with open(entry, "rb") as fh:
            if os.fstat(fh.fileno()).st_size > MAX_CACHE_ENTRY:
                return None
            stored = _SafeUnpickler(fh).load()
    except Exception:  # missing, unreadable, corrupt, truncated, planted: all just a miss
        return None
    if not (isinstance(stored, tuple) and len(stored) == 3 and stored[0] == _MAGIC):
        return None
    _, stored_key, value = stored
    return value if stored_key == key else None


def _save(entry: Path | None, key: tuple, value: Any) -> None:
    if entry is None:
        return
    tmp = None
    try:
        data = pickle.dumps((_MAGIC, key, value), protocol=pickle.HIGHEST_PROTOCOL)
        if len(data) > MAX_CACHE_ENTRY:
            return
        entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=f".{entry.name}.", suffix=".tmp", dir=entry.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, entry)
    except Exception:  # read-only disk, a file where the directory should be, unpicklable value …
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _entry_path(path: Path, kind: str = _SUBDIR) -> Path | None:
    """One entry per source file (and kind): a changed file replaces its old entry instead of piling up."""
    root = cache_dir()
    if root is None:
        return None
    name = hashlib.sha256(os.path.abspath(path).encode("utf-8", "surrogatepass")).hexdigest()[:40]
    return root / kind / f"{name}.pickle"


def _keyed_path(kind: str, key: tuple) -> Path | None:
    root = cache_dir()
    if root is None:
        return None
    return root / kind / f"{hashlib.sha256(repr(key).encode('utf-8', 'surrogatepass')).hexdigest()[:40]}.pickle"


def _key(path: Path, content: bytes, stat: os.stat_result, extra: Any = None) -> tuple:
    key = (stamp(), os.path.abspath(path), stat.st_size, stat.st_mtime_ns, hashlib.sha256(content).hexdigest())
    return key if extra is None else (*key, extra)


@functools.cache
def stamp() -> str:
    """Cache format, drafter's version, a hash of the modules whose output is cached and of the
    ruamel.yaml and jinja2 that made it (see :func:`code_stamp`)."""
    from . import __version__

    here = Path(__file__).parent
    return f"format {FORMAT}; drafter {__version__}; " + code_stamp(
        [here / module for module in _STAMPED_MODULES], ("ruamel.yaml", "jinja2"))


def code_stamp(files: list[Path], packages: tuple[str, ...] = (), package_files: tuple[str, ...] = ()) -> str:
    """A hash of *files* and of each of *packages*' ``__init__.py`` (where both ruamel.yaml and
    jinja2 spell out their version) plus its *package_files*: any change of code or version
    changes it. Packages are found, not imported (importlib.metadata alone costs 30 ms of CPU
    at start-up, a sixth of a warm build's own work)."""
    from importlib.util import find_spec

    digest = hashlib.sha256()
    for path in files:
        try:
            digest.update(Path(path).read_bytes())
        except OSError:
            digest.update(str(path).encode("utf-8", "surrogatepass"))
    for package in packages:
        try:
            spec = find_spec(package)
        except (ImportError, ValueError):
            spec = None
        origin = getattr(spec, "origin", None)
        if not origin:
            digest.update(f"{package} ?".encode())
            continue
        for name in ("__init__.py", *package_files):
            try:
                digest.update((Path(origin).parent / name).read_bytes())
            except OSError:
                digest.update(f"{package}/{name} ?".encode())
    return f"code {digest.hexdigest()[:16]}"


class _SafeUnpickler(pickle.Unpickler):
    """Builds only what parsed YAML is made of; anything else makes the entry a miss."""

    _ALLOWED = {
        ("drafter.yamlio", "YDict"),
        ("drafter.yamlio", "YList"),
        ("drafter.yamlio", "Pos"),
        ("datetime", "date"),
        ("datetime", "datetime"),
        ("datetime", "time"),
        ("datetime", "timedelta"),
        ("datetime", "timezone"),
        ("builtins", "set"),
        ("builtins", "frozenset"),
    }

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in self._ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")
        return super().find_class(module, name)


__all__ = ["cache_dir", "code_stamp", "lookup", "lookup_keyed", "store", "store_keyed", "stamp", "FORMAT"]
