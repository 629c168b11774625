"""A disk cache of parsed YAML files, so that loading stays fast with a pure-Python parser.

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
_STAMPED_MODULES = ("yamlio.py", "cache.py", "templating.py", "blocks.py", "limits.py")


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


def lookup(path: Path, content: bytes, stat: os.stat_result) -> Any | None:
    """The value stored for *path* with exactly this *content*, or None (a miss, whatever the reason)."""
    entry = _entry_path(path)
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
    _, key, value = stored
    return value if key == _key(path, content, stat) else None


def store(path: Path, content: bytes, stat: os.stat_result, value: Any) -> None:
    """Keep *value* for *path* with this *content*; silently gives up if the cache cannot be written."""
    entry = _entry_path(path)
    if entry is None:
        return
    tmp = None
    try:
        data = pickle.dumps((_MAGIC, _key(path, content, stat), value), protocol=pickle.HIGHEST_PROTOCOL)
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


def _entry_path(path: Path) -> Path | None:
    """One entry per source file: a changed file replaces its old entry instead of piling up."""
    root = cache_dir()
    if root is None:
        return None
    name = hashlib.sha256(os.path.abspath(path).encode("utf-8", "surrogatepass")).hexdigest()[:40]
    return root / _SUBDIR / f"{name}.pickle"


def _key(path: Path, content: bytes, stat: os.stat_result) -> tuple:
    return (stamp(), os.path.abspath(path), stat.st_size, stat.st_mtime_ns, hashlib.sha256(content).hexdigest())


@functools.cache
def stamp() -> str:
    """Cache format, the versions of drafter, ruamel.yaml and jinja2, and a hash of the modules
    whose output is cached. Found without importing ruamel.yaml."""
    from importlib import metadata

    from . import __version__

    versions = [f"format {FORMAT}", f"drafter {__version__}"]
    for dist in ("ruamel.yaml", "jinja2"):
        try:
            versions.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{dist} ?")
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for module in _STAMPED_MODULES:
        try:
            digest.update((here / module).read_bytes())
        except OSError:
            digest.update(module.encode())
    versions.append(f"code {digest.hexdigest()[:16]}")
    return "; ".join(versions)


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


__all__ = ["cache_dir", "lookup", "store", "stamp", "FORMAT"]
