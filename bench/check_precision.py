"""How often does `drafter check` speak up on text that is right, and how long does it take?

    python bench/check_precision.py [--runs N] [--show N]

Every registered rule (all families, as ``drafter check`` runs them) over:

- **library text** — text the team has reviewed:
  (a) each example config in configs/ built as a draft, exactly as ``drafter check CONFIG`` sees it;
  (b) each block of blocks/ alone: its title sentence and body rendered with the examples (else the
      defaults) its parameters declare, one paragraph per block paragraph. Rules that judge a whole
      document (groups ``document`` and ``numbering``) are not run on single blocks;
- **seeds** — the five original documents in shared/seeds, slips and all.

For each, findings per 10,000 characters by rule. On library text a finding is a false alarm —
a defect to fix, not a number to live with — except where the text is a faithful copy of a
known slip (the 2022 configs rebuild the seeds and keep what slips.tsv does not list) and the
``placeholder`` findings of draft blanks (the example configs leave figures to be filled). The
findings on library text are listed below the table so that each can be judged.

Last, the whole-process time of ``drafter check SEED`` (median of N runs; the target is under
0.3 s) and, in this process, the time the lexicon rule takes on each seed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
if not SEEDS.is_dir():
    SEEDS = Path("/work/shared/seeds")
sys.path.insert(0, str(REPO))

from drafter.check import all_rules, check_path  # noqa: E402
from drafter.check.document import CheckDoc, Para  # noqa: E402
from drafter.check.engine import findings as run_findings  # noqa: E402
from drafter.model import Document  # noqa: E402

WHOLE_DOCUMENT_GROUPS = {"document", "numbering"}


def per_10k(count: int, chars: int) -> str:
    return f"{count * 10000 / chars:.2f}" if chars else "-"


def table(title: str, counts: Counter, chars: int, rules) -> None:
    print(f"\n## {title}: {chars:,} characters, {sum(counts.values())} findings")
    print(f"{'rule':<28} {'findings':>8} {'per 10k':>8}")
    for r in rules:
        n = counts.get(r.id, 0)
        print(f"{r.id:<28} {n:>8} {per_10k(n, chars):>8}")
    print(f"{'(all)':<28} {sum(counts.values()):>8} {per_10k(sum(counts.values()), chars):>8}")


def config_docs():
    """(name, findings, characters) of each example config built as a draft."""
    for config in sorted((REPO / "configs").glob("*.yaml")):
        result = check_path(config)
        yield config.name, result.findings, sum(len(p.text) for p in result.doc.paragraphs)


def block_docs(rules):
    """(block file, findings, characters) of each block file's blocks, each rendered alone."""
    from drafter.blocks import load_library
    from drafter.templating import render_inline, render_paragraphs

    library = load_library(REPO)
    paragraphs_by_file: dict[str, list[str]] = {}
    for block in library.blocks.values():
        context = {}
        for name in block.variables:
            param = block.param(name, library.common)
            value = None if param is None else (param.example if param.example is not None else param.default)
            context[name] = value if value is not None else "甲"
        title = str(render_inline(block.title_template, context)) if block.title_template else ""
        body = [str(t) for t in render_paragraphs(block.body_template, context)] if block.body_template else []
        texts = ([title + (body[0] if body else "")] + body[1:]) if title else body
        paragraphs_by_file.setdefault(block.file, []).extend(t for t in texts if t.strip())
    chosen = [r for r in rules if r.group not in WHOLE_DOCUMENT_GROUPS]
    for file, texts in sorted(paragraphs_by_file.items()):
        paras = [Para(i, text) for i, text in enumerate(texts)]
        doc = CheckDoc("txt", file, paras, Document())
        yield file, run_findings(doc, chosen), sum(len(t) for t in texts)


def seed_docs():
    for seed in sorted(SEEDS.glob("*.txt")):
        result = check_path(seed)
        yield seed.name, result.findings, sum(len(p.text) for p in result.doc.paragraphs)


def measure(label: str, docs, rules, show: int) -> None:
    counts: Counter = Counter()
    chars = 0
    listed = []
    for name, found, n in docs:
        chars += n
        counts.update(f.rule for f in found)
        listed += [(name, f) for f in found]
    table(label, counts, chars, rules)
    # the draft blanks of the example configs are findings by design: list the others first
    listed.sort(key=lambda nf: nf[1].rule == "placeholder.unfilled")
    if show and listed:
        print(f"\nfindings ({min(show, len(listed))} of {len(listed)}, draft blanks last):")
        for name, f in listed[:show]:
            print(f"  {name} {f.where.split(' ', 1)[-1] if f.line else ''} [{f.rule}] {f.context or f.text or ''}  {f.message}")


def process_time(seed: Path, runs: int, *args: str) -> float:
    """Median wall time of ``drafter check SEED``, as a user runs it: Python's bytecode cache on
    (PYTHONDONTWRITEBYTECODE removed from the environment), drafter's caches warm."""
    drafter = Path(sys.executable).with_name("drafter")
    cmd = [str(drafter)] if drafter.exists() else [sys.executable, "-m", "drafter.entry"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for _ in range(2):  # warm the bytecode, YAML and lexicon caches
        subprocess.run([*cmd, "check", *args, str(seed)], capture_output=True, env=env)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([*cmd, "check", *args, str(seed)], capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of drafter check (median)")
    parser.add_argument("--show", type=int, default=40, help="list at most this many findings on library text")
    args = parser.parse_args()

    rules = all_rules()
    print(f"# drafter check: findings per 10,000 characters ({len(rules)} rules)")
    measure("library: example configs built as drafts", config_docs(), rules, args.show)
    measure("library: each block alone (document and numbering rules not run)", block_docs(rules), rules,
            args.show)
    measure("seeds (real documents, with their slips)", seed_docs(), rules, 0)

    print("\n## time")
    from drafter.check.document import from_file
    from drafter.check.engine import RULES, run_rules
    from drafter.check.rules import lexicon

    lexicon._BUILTIN = None
    start = time.perf_counter()
    lexicon.builtin_entries()
    load = time.perf_counter() - start
    print(f"lexicon: {len(lexicon.builtin_entries())} entries loaded in {load * 1000:.1f} ms (from drafter's cache)")
    lexicon_rules = [r for r in RULES.values() if r.group == "lexicon"]
    for seed in sorted(SEEDS.glob("*.txt")):
        doc = from_file(seed)
        start = time.perf_counter()
        run_rules(doc, lexicon_rules)
        inproc = time.perf_counter() - start
        whole = process_time(seed, args.runs)
        without = process_time(seed, args.runs, "--off", "lexicon")
        print(f"{seed.name:<42} drafter check {whole * 1000:5.0f} ms, with --off lexicon {without * 1000:5.0f} ms"
              f" (medians of {args.runs}); lexicon rules in-process {inproc * 1000:4.1f} ms")
    print("target: the whole process under 300 ms")


if __name__ == "__main__":
    main()
