"""How long do `drafter diff` and its redline take on two 250-paragraph documents?

    python bench/diff.py [--runs N] [--config CONFIG] [--paragraphs N] [--seed N]

OLD is the config's build (draft) with its sections repeated until it has at least
``--paragraphs`` paragraphs (250 by default); NEW is OLD perturbed the way a year's revision
does it, with a fixed seed: about one paragraph in eight edited in a few places (a number,
a phrase), one in fifty deleted, one in fifty inserted, and three items moved to another
section. Both are plain documents (no config identity), so the alignment does all the work
of pairing by text.

Timed in this process, imports and the build of the two models excluded, each figure the
median (and min) of N runs:

- align: pairing the paragraphs and the character diffs (:func:`drafter.diff.align`);
- summary: the terminal text and the JSON;
- redline: the .docx with tracked changes (:func:`drafter.diff.redline`), which writes NEW
  and OLD with drafter's docx writer and revises the XML;
- total: align + redline, against the target of 0.5 s. For comparison, the best open redline
  engine takes 0.35–0.87 s on a 234-paragraph document.

No assertions: a measurement, not a test.
"""

from __future__ import annotations

import argparse
import copy
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CONFIG = REPO / "configs" / "county-party-building-report-2023.yaml"
TARGET = 0.5  # seconds, align + redline


def big_document(config: Path, paragraphs: int):
    """The config's build with its sections repeated until it has *paragraphs* paragraphs."""
    from drafter.assembler import assemble
    from drafter.builder import load
    from drafter.model import walk

    cfg, library = load(config)
    doc = assemble(cfg, library, draft=True)
    sections = copy.deepcopy(doc.sections)
    while sum(1 for _ in walk(doc)) < paragraphs:
        doc.sections += copy.deepcopy(sections)
    return doc


def perturb(doc, seed: int):
    """A revised copy of *doc*: edits, deletions, insertions and moves of items (see the docstring)."""
    from drafter.model import Item, Text

    rng = random.Random(seed)
    new = copy.deepcopy(doc)
    items = [(s, i) for s in new.sections for i in s.items]
    words = ["深入学习宣传贯彻党的二十大精神", "持续深化", "高质量发展", "全面从严治党", "不断提升", "以上", "二十届二中全会"]

    def edit(text: str) -> str:
        for _ in range(rng.randint(1, 3)):
            if not text:
                break
            at = rng.randrange(len(text))
            cut = rng.randint(0, 6)
            text = text[:at] + rng.choice(words + [str(rng.randint(2, 99))]) + text[at + cut:]
        return text

    for section, item in items:
        roll = rng.random()
        if roll < 0.125:
            item.body = Text.of(edit(str(item.body)))
        elif roll < 0.145 and len(section.items) > 1:
            section.items.remove(item)
        elif roll < 0.165:
            donor = rng.choice(items)[1]
            text = str(donor.body)
            clauses = text.split("，")
            rng.shuffle(clauses)
            section.items.insert(section.items.index(item), Item(body=Text.of("，".join(clauses)),
                                                                 title=Text.of("新增工作要求。")))
    for _ in range(3):
        source = rng.choice([s for s in new.sections if len(s.items) > 1])
        item = source.items.pop(rng.randrange(len(source.items)))
        target = rng.choice(new.sections)
        target.items.insert(rng.randint(0, len(target.items)), item)
    return new


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="timed runs per figure (default 10)")
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="config whose build is repeated")
    parser.add_argument("--paragraphs", type=int, default=250, help="paragraphs in each document (default 250)")
    parser.add_argument("--seed", type=int, default=2023, help="seed of the perturbation (default 2023)")
    args = parser.parse_args(argv)
    runs = max(1, args.runs)
    with tempfile.TemporaryDirectory(prefix="drafter-bench-diff-") as cache:
        os.environ["DRAFTER_CACHE_DIR"] = cache  # never the user's cache
        from drafter.diff import align, redline, summary_json, summary_lines
        from drafter.diff.align import Side

        old_doc = big_document(args.config.resolve(), args.paragraphs)
        new_doc = perturb(old_doc, args.seed)
        old, new = Side(old_doc, source="OLD"), Side(new_doc, source="NEW")
        alignment = align(old, new)
        redline(alignment)  # warm-up: lazy imports, python-docx's template
        times: dict[str, list[float]] = {"align": [], "summary": [], "redline": [], "total": []}
        for _ in range(runs):
            start = time.perf_counter()
            alignment = align(old, new)
            aligned = time.perf_counter()
            summary_lines(alignment)
            summary_json(alignment)
            summarised = time.perf_counter()
            data = redline(alignment)
            done = time.perf_counter()
            times["align"].append(aligned - start)
            times["summary"].append(summarised - aligned)
            times["redline"].append(done - summarised)
            times["total"].append((aligned - start) + (done - summarised))
        counts = alignment.counts()
        print(f"OLD {len(old.paragraphs)} paragraphs, NEW {len(new.paragraphs)} paragraphs; "
              + "，".join(f"{k} {v}" for k, v in counts.items()) + f"; redline {len(data) // 1024} KB")
        print(f"python {sys.version.split()[0]}, {runs} runs, milliseconds")
        print(f"{'':24}{'median':>8}{'min':>8}")
        for name, values in times.items():
            print(f"{name:24}{ms(statistics.median(values))} {ms(min(values))}")
        total = statistics.median(times["total"])
        verdict = "within" if total < TARGET else "OVER"
        print(f"align + redline median {total:.3f} s: {verdict} the {TARGET} s target")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
