"""Fuzzing the YAML layer: whatever the text, :func:`drafter.yamlio.load_yaml` gives data or a
located Chinese :class:`DrafterError`, quickly, and the cache keeps only what loaded.

Three families of input, each also once through the cache path (``load_yaml_file`` on a
file, which decodes the bytes too):

- random bytes (decoded as UTF-8 where they are, else as Latin-1, so every control
  character turns up);
- the real files of blocks/ and configs/, mutated: characters and lines deleted, inserted,
  duplicated and swapped, indentation changed, a Tab put in front;
- YAML-ish text made of YAML's own punctuation, spaces, Tabs, newlines, digits, a few
  letters and Chinese.

An error must name the file and a line, say something in Chinese, use no English word of
four or more letters except what it quotes from the input, and never be one of the two
messages of last resort (``UNEXPECTED``, ``UNKNOWN_SYNTAX``), which would mean ruamel failed
in a way no rule in yamlio foresaw. Every example must finish within the deadline.

``DRAFTER_YAML_FUZZ_EXAMPLES=5000`` runs a longer hunt (the default, 250, keeps the file near 12 s).
"""

from __future__ import annotations

import gc
import os
import re
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafter import cache
from drafter.errors import DrafterError
from drafter.yamlio import UNEXPECTED, UNKNOWN_SYNTAX, load_yaml, read_yaml_file, same_data

REPO = Path(__file__).resolve().parent.parent
LIBRARY = {
    p.relative_to(REPO).as_posix(): p.read_text(encoding="utf-8-sig")
    for p in sorted([*REPO.glob("blocks/**/*.yaml"), *REPO.glob("configs/*.yaml")])
}
EXAMPLES = int(os.environ.get("DRAFTER_YAML_FUZZ_EXAMPLES", "250"))
_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large]
FUZZ = settings(max_examples=EXAMPLES, deadline=500, suppress_health_check=_SLOW_OK)
CHEAP = settings(FUZZ, max_examples=EXAMPLES * 3)  # short inputs: a few milliseconds each
CACHED = settings(FUZZ, max_examples=max(EXAMPLES // 3, 10))  # the same families, through a file
NAME = "f.yaml"
ALLOWED_WORDS = {"YAML", "drafter", "true", "false"}  # in drafter's own Chinese messages


def check_error(e: DrafterError, text: str) -> None:
    message = str(e)
    assert UNEXPECTED not in message and UNKNOWN_SYNTAX not in message, message
    assert e.file == NAME and e.line is not None, message
    assert re.search(r"[\u4e00-\u9fff]", e.message), message
    unquoted = re.sub(r"「[^」]*」|“[^”]*”", "", message.removeprefix(NAME))
    english = [w for w in re.findall(r"[A-Za-z]{4,}", unquoted) if w not in ALLOWED_WORDS and w not in text]
    assert not english, message


@contextmanager
def no_gc_pause():
    """The deadline is for the parser: a collection of the whole test session's garbage landing in
    one example must not fail it."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def load(text: str) -> object:
    """The data, or None after checking the error; nothing else may escape."""
    try:
        with no_gc_pause():
            return load_yaml(text, NAME)
    except DrafterError as e:
        check_error(e, text)
        return None


def decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


# -- the three families ---------------------------------------------------------------------------
random_bytes = st.binary(max_size=3000)

PUNCTUATION = list(":-?[]{},&*!|>'\"%@`#<=~.+_\\") + ["\n", "\n", " ", " ", " ", "  ", "\t", "\r\n"]
ALPHABET = PUNCTUATION + list("0123456789") + list("abexyzE") + list("中文条目县名略阳：，。") + ["\ufeff", "\x00", "\x85"]
TOKENS = ["- ", ": ", "? ", "---", "...", "<<: ", "&a ", "*a", "&b ", "*b", "!!str ", "!!int ", "!!float ",
          "!!map ", "!!seq ", "!!python/object:os.system ", "!x ", "|", "|-", ">+", "|2", "[", "]", "{", "}", ", ",
          "'", '"', "\\", "#", "%YAML 1.2", "%TAG ! tag:x,2000:", "2023-02-29", "2023-02-10", "1e400", "0x1F",
          "9" * 40, "~", "null", "true", "yes", "键", "值", "text", "items", "blocks"]
def pieces(min_size: int = 0, max_size: int = 400) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(ALPHABET), min_size=min_size, max_size=max_size).map("".join)


yamlish_chars = pieces()
yamlish_lines = st.lists(
    st.tuples(st.integers(0, 12), st.lists(st.sampled_from(TOKENS + ALPHABET), max_size=8)),
    max_size=30,
).map(lambda lines: "".join(" " * indent + "".join(parts) + "\n" for indent, parts in lines))
yamlish = st.one_of(yamlish_chars, yamlish_lines)


@st.composite
def mutated(draw) -> str:
    """A library file with a few random edits."""
    text = draw(st.sampled_from(sorted(LIBRARY.values())))
    for _ in range(draw(st.integers(1, 5))):
        lines = text.split("\n")
        op = draw(st.sampled_from(["delete", "insert", "duplicate", "delete line", "duplicate line",
                                   "swap lines", "indent", "dedent", "tab"]))
        at = draw(st.integers(0, max(len(text) - 1, 0)))
        line = draw(st.integers(0, max(len(lines) - 1, 0)))
        if op == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 20)):]
        elif op == "insert":
            text = text[:at] + draw(pieces(1, 5)) + text[at:]
        elif op == "duplicate":
            text = text[:at] + text[at:at + draw(st.integers(1, 40))] + text[at:]
        elif op == "delete line":
            del lines[line]
        elif op == "duplicate line":
            lines.insert(line, lines[line])
        elif op == "swap lines":
            other = draw(st.integers(0, len(lines) - 1))
            lines[line], lines[other] = lines[other], lines[line]
        elif op == "indent":
            lines[line] = " " * draw(st.integers(1, 4)) + lines[line]
        elif op == "dedent":
            lines[line] = lines[line][draw(st.integers(1, 4)):] if lines[line].startswith(" ") else lines[line]
        else:
            lines[line] = "\t" + lines[line].lstrip(" ")
        if op.endswith(("line", "lines")) or op in ("indent", "dedent", "tab"):
            text = "\n".join(lines)
    return text


# -- load_yaml ------------------------------------------------------------------------------------
@CHEAP
@given(random_bytes)
def test_random_bytes(raw):
    load(decode(raw))


@FUZZ
@given(mutated())
def test_mutated_library_files(text):
    load(text)


@CHEAP
@given(yamlish)
def test_yamlish_text(text):
    load(text)


# -- the cache path: the same families through a file ----------------------------------------------
@pytest.fixture(scope="module")
def where(tmp_path_factory):
    root = tmp_path_factory.mktemp("yaml-fuzz")
    saved = {k: os.environ.get(k) for k in ("DRAFTER_CACHE_DIR", "DRAFTER_NO_CACHE")}
    os.environ["DRAFTER_CACHE_DIR"] = str(root / "cache")
    os.environ.pop("DRAFTER_NO_CACHE", None)
    yield root
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


def through_the_cache(root: Path, raw: bytes) -> None:
    """Loaded from a file: the same outcome as load_yaml; kept in the cache only when it loaded."""
    path = root / NAME
    path.write_bytes(raw)
    try:
        with no_gc_pause():
            loaded = read_yaml_file(path, NAME)
    except DrafterError as e:
        if not e.message.startswith("文件不是 UTF-8 编码"):
            check_error(e, decode(raw))
        assert cache.lookup(path, raw, os.stat(path)) is None
        return
    assert same(loaded.data, load_yaml(raw.decode("utf-8-sig"), NAME))
    loaded.remember()
    again = read_yaml_file(path, NAME)
    assert again.from_cache and same(again.data, loaded.data)


def same(a: object, b: object) -> bool:
    return same_data(a, b) or repr(a) == repr(b)  # .nan is not equal to itself


@CACHED
@given(raw=random_bytes)
def test_random_bytes_through_the_cache(where, raw):
    through_the_cache(where, raw)


@CACHED
@given(text=mutated())
def test_mutated_library_files_through_the_cache(where, text):
    through_the_cache(where, text.encode("utf-8"))


@CACHED
@given(text=yamlish)
def test_yamlish_text_through_the_cache(where, text):
    through_the_cache(where, text.encode("utf-8", "surrogatepass"))
